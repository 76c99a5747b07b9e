import { describe, expect, it } from 'vitest';
import type { Onboarding } from '../../api/types';
import { computeProgress, readyToCaptureOrders, settle } from './progress';

const fresh: Onboarding = {
  business_details: 'pending',
  channel: 'pending',
  products: 'pending',
  tone: 'pending',
  completed: false,
};

describe('onboarding progress', () => {
  it('starts at the first step with nothing done', () => {
    const p = computeProgress(fresh);
    expect(p.current).toBe(0);
    expect(p.settled).toBe(0);
    expect(p.percent).toBe(0);
    expect(p.total).toBe(5);
  });

  it('resumes at the first pending step, counting skipped steps as settled', () => {
    const p = computeProgress({ ...fresh, business_details: 'done', channel: 'skipped' });
    expect(p.current).toBe(2);
    expect(p.settled).toBe(2);
    expect(p.percent).toBe(40);
  });

  it('a later step done does not hide an earlier pending one', () => {
    const p = computeProgress({ ...fresh, business_details: 'done', tone: 'done' });
    expect(p.current).toBe(1);
    expect(p.percent).toBe(40);
  });

  it('opens the checklist when every step is settled, and reaches 100% when completed', () => {
    const settledAll: Onboarding = { business_details: 'done', channel: 'skipped', products: 'done', tone: 'done', completed: false };
    expect(computeProgress(settledAll).current).toBe(4);
    expect(computeProgress(settledAll).percent).toBe(80);
    expect(computeProgress({ ...settledAll, completed: true }).percent).toBe(100);
  });

  it('settle changes only the named step', () => {
    const next = settle(fresh, 'products', 'skipped');
    expect(next).toEqual({ ...fresh, products: 'skipped' });
    expect(fresh.products).toBe('pending');
  });

  it('is ready to capture orders only with products and a tone', () => {
    const base: Onboarding = { business_details: 'done', channel: 'skipped', products: 'done', tone: 'done', completed: false };
    expect(readyToCaptureOrders(base)).toBe(true);
    expect(readyToCaptureOrders({ ...base, products: 'skipped' })).toBe(false);
    expect(readyToCaptureOrders({ ...base, tone: 'pending' })).toBe(false);
  });
});
