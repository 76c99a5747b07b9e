import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { typingKey } from '../api/queryKeys';
import type { RealtimeEnvelope } from './envelope';
import { recordTyping, TYPING_SHOWN_MS, type Typing } from './typing';

const now = Date.parse('2026-11-22T10:00:00Z');
const typing = (userId: string, at = '2026-11-22T10:00:00Z'): RealtimeEnvelope => ({
  id: 1,
  type: 'typing',
  data: { conversation_id: 'c1', user_id: userId },
  at,
});

afterEach(() => vi.useRealTimers());

describe('typing from the feed', () => {
  it("shows a teammate's typing for a few seconds, never the operator's own", () => {
    vi.useFakeTimers();
    const client = new QueryClient();
    recordTyping(client, typing('me'), 'me', now);
    expect(client.getQueryData(typingKey('c1'))).toBeUndefined();
    recordTyping(client, typing('u-ana'), 'me', now);
    expect(client.getQueryData<Typing>(typingKey('c1'))?.userId).toBe('u-ana');
    vi.advanceTimersByTime(TYPING_SHOWN_MS + 1);
    expect(client.getQueryData(typingKey('c1'))).toBeNull();
  });

  it('ignores a replayed announcement that is already old', () => {
    const client = new QueryClient();
    recordTyping(client, typing('u-ana', '2026-11-22T09:59:00Z'), 'me', now);
    expect(client.getQueryData(typingKey('c1'))).toBeUndefined();
  });
});
