import { describe, expect, it } from 'vitest';
import { RECONNECT, RESEND, backoffDelay } from '../src/backoff';

describe('backoffDelay', () => {
  it('doubles from one second and stops at thirty for the socket', () => {
    const ceilings = Array.from({ length: 8 }, (_, attempt) => backoffDelay(attempt, RECONNECT, () => 0.999999));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('never waits less than half the ceiling', () => {
    const floors = Array.from({ length: 7 }, (_, attempt) => backoffDelay(attempt, RECONNECT, () => 0));
    expect(floors).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
  });

  it('spreads retries over the upper half', () => {
    expect(backoffDelay(3, RECONNECT, () => 0.5)).toBe(6000);
    expect(backoffDelay(0, RESEND, () => 0.5)).toBe(375);
    expect(backoffDelay(10, RESEND, () => 0.5)).toBe(7500);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, RECONNECT, () => 0)).toBe(500);
  });
});
