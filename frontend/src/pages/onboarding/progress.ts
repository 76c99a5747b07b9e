// Where the onboarding wizard stands, from the workspace's `onboarding` field alone, so
// closing the tab and coming back (or signing in elsewhere) resumes at the same step.
import type { Onboarding, StepStatus } from '../../api/types';

export const STEPS = ['business_details', 'channel', 'products', 'tone'] as const;
export type StepKey = (typeof STEPS)[number];

export interface OnboardingProgress {
  /** Steps done or skipped. */
  settled: number;
  total: number;
  /** 0..100 for the progress bar; the checklist counts as the last fifth. */
  percent: number;
  /** The wizard step to open: the first pending one, else the checklist (index 4). */
  current: number;
  statuses: Record<StepKey, StepStatus>;
  completed: boolean;
}

export function computeProgress(onboarding: Onboarding): OnboardingProgress {
  const statuses = {
    business_details: onboarding.business_details,
    channel: onboarding.channel,
    products: onboarding.products,
    tone: onboarding.tone,
  };
  const settled = STEPS.filter((s) => statuses[s] !== 'pending').length;
  const firstPending = STEPS.findIndex((s) => statuses[s] === 'pending');
  const total = STEPS.length + 1;
  const finished = settled + (onboarding.completed ? 1 : 0);
  return {
    settled,
    total,
    percent: Math.round((finished / total) * 100),
    current: firstPending === -1 ? STEPS.length : firstPending,
    statuses,
    completed: onboarding.completed,
  };
}

/** The onboarding field to send after settling one step (the API takes it whole). */
export function settle(onboarding: Onboarding, step: StepKey, status: Exclude<StepStatus, 'pending'>): Onboarding {
  return { ...onboarding, [step]: status };
}

/** Ready to capture orders: products exist and the tone is chosen; a channel is optional (the playground works without one). */
export function readyToCaptureOrders(onboarding: Onboarding): boolean {
  return (
    onboarding.business_details !== 'pending' &&
    onboarding.products === 'done' &&
    onboarding.tone === 'done' &&
    onboarding.channel !== 'pending'
  );
}
