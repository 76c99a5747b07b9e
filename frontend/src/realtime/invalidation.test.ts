import { describe, expect, it } from 'vitest';
import { parseEnvelope, type RealtimeEnvelope } from './envelope';
import { alertFor, staleQueries } from './invalidation';
import { realtimeUrl, tokenExpiring } from './useRealtime';

const envelope = (type: string, data: Record<string, unknown> = {}): RealtimeEnvelope => ({
  id: 7,
  type,
  data,
  at: '2026-11-22T10:00:00Z',
});

describe('realtime invalidation', () => {
  it('refreshes the list and every thread on a message (it names its contact, not its conversation)', () => {
    expect(staleQueries(envelope('message.created', { message_id: 'm1', contact_id: 'k1' }))).toEqual([
      ['conversations'],
      ['conversation'],
    ]);
    expect(staleQueries(envelope('message.status', { message_id: 'm1', status: 'delivered' }))).toEqual([
      ['conversations'],
      ['conversation'],
    ]);
  });

  it('refreshes the list and that one thread on a conversation change or escalation', () => {
    expect(staleQueries(envelope('conversation.updated', { conversation_id: 'c1' }))).toEqual([['conversations'], ['conversation', 'c1']]);
    expect(staleQueries(envelope('conversation.escalated', { conversation_id: 'c2', reason: 'complaint' }))).toEqual([
      ['conversations'],
      ['conversation', 'c2'],
    ]);
  });

  it('refreshes the orders, the order, the list and the thread on a captured order', () => {
    expect(staleQueries(envelope('order.captured', { order_id: 'o1', conversation_id: 'c1' }))).toEqual([
      ['orders'],
      ['order', 'o1'],
      ['conversations'],
      ['conversation', 'c1'],
    ]);
  });

  it('refreshes the bell on a notification and ignores what the dashboard does not follow', () => {
    expect(staleQueries(envelope('notification.created', { notification_id: 'n1' }))).toEqual([['notifications']]);
    expect(staleQueries(envelope('typing', { conversation_id: 'c1' }))).toEqual([]);
    expect(staleQueries(envelope('product.updated'))).toEqual([]);
  });

  it('alerts on a captured order and on a handoff only', () => {
    expect(alertFor(envelope('order.captured', { order_id: 'o1', conversation_id: 'c1' }))).toEqual({
      kind: 'order_captured',
      conversationId: 'c1',
      orderId: 'o1',
    });
    expect(alertFor(envelope('conversation.escalated', { conversation_id: 'c2', reason: 'complaint' }))).toEqual({
      kind: 'escalated',
      conversationId: 'c2',
      reason: 'complaint',
    });
    expect(alertFor(envelope('conversation.updated', { conversation_id: 'c1' }))).toBeNull();
    expect(alertFor(envelope('message.created'))).toBeNull();
  });
});

describe('realtime envelope', () => {
  it('reads a frame and refuses what is not an envelope', () => {
    expect(
      parseEnvelope('{"id":42,"type":"order.captured","workspace_id":"w","data":{"order_id":"o1"},"at":"2026-11-22T10:00:00Z"}'),
    ).toEqual({ id: 42, type: 'order.captured', data: { order_id: 'o1' }, at: '2026-11-22T10:00:00Z' });
    expect(parseEnvelope('not json')).toBeNull();
    expect(parseEnvelope('{"type":"x"}')).toBeNull();
    expect(parseEnvelope('null')).toBeNull();
  });

  it('addresses the socket with the token and the last id seen', () => {
    expect(realtimeUrl('http://127.0.0.1:8080', 'abc', null)).toBe('ws://127.0.0.1:8080/api/v1/realtime?token=abc');
    expect(realtimeUrl('https://desk.example.com', 'abc', 41)).toBe('wss://desk.example.com/api/v1/realtime?token=abc&since=41');
  });

  it('tells an expiring access token from a fresh one', () => {
    const jwt = (exp: number) => `h.${btoa(JSON.stringify({ exp })).replace(/=+$/, '')}.s`;
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(tokenExpiring(jwt(now / 1000 + 600), now)).toBe(false);
    expect(tokenExpiring(jwt(now / 1000 - 1), now)).toBe(true);
    expect(tokenExpiring('opaque', now)).toBe(false);
  });
});
