// Exponential backoff with "equal jitter": attempt n waits between half and all of
// min(max, base * factor^n). Never less than half, so a flapping network is not
// hammered; spread over the other half, so every widget on a site that lost the server
// at the same moment does not come back at the same moment.

export interface Backoff {
  baseMs: number;
  maxMs: number;
  factor: number;
}

/** The socket: 1 s, 2 s, 4 s ... up to 30 s between attempts. */
export const RECONNECT: Backoff = { baseMs: 1_000, maxMs: 30_000, factor: 2 };

/** A send that failed for a reason worth retrying: 0.5 s, 1 s, 2 s ... up to 10 s. */
export const RESEND: Backoff = { baseMs: 500, maxMs: 10_000, factor: 2 };

/** The delay before retry number `attempt` (0 for the first retry). `random` is in [0, 1). */
export function backoffDelay(
  attempt: number,
  policy: Backoff = RECONNECT,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * policy.factor ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
