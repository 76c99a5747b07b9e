// What each realtime event makes stale, and which ones deserve the operator's attention.
// Pure functions, so the mapping is tested without a socket.
import type { QueryKey } from '@tanstack/react-query';
import {
  CONVERSATION_KEY,
  CONVERSATIONS_KEY,
  conversationKey,
  NOTIFICATIONS_KEY,
  ORDERS_KEY,
  orderKey,
} from '../api/queryKeys';
import { dataId, type RealtimeEnvelope } from './envelope';

/** The queries to refetch after an event (prefix keys: TanStack matches every longer key). */
export function staleQueries(envelope: RealtimeEnvelope): QueryKey[] {
  const conversationId = dataId(envelope, 'conversation_id');
  const thread = conversationId ? conversationKey(conversationId) : CONVERSATION_KEY;
  switch (envelope.type) {
    // A message names its contact, not its conversation: every open thread may hold it.
    case 'message.created':
    case 'message.status':
      return [CONVERSATIONS_KEY, CONVERSATION_KEY];
    case 'conversation.updated':
    case 'conversation.escalated':
      return [CONVERSATIONS_KEY, thread];
    case 'order.captured': {
      const orderId = dataId(envelope, 'order_id');
      return [ORDERS_KEY, ...(orderId ? [orderKey(orderId)] : []), CONVERSATIONS_KEY, thread];
    }
    case 'notification.created':
      return [NOTIFICATIONS_KEY];
    default:
      return [];
  }
}

export type Alert =
  | { kind: 'order_captured'; conversationId: string | null; orderId: string | null }
  | { kind: 'escalated'; conversationId: string | null; reason: string | null };

/** Events worth a toast and a sound; everything else updates the screen quietly. */
export function alertFor(envelope: RealtimeEnvelope): Alert | null {
  const conversationId = dataId(envelope, 'conversation_id');
  if (envelope.type === 'order.captured') {
    return { kind: 'order_captured', conversationId, orderId: dataId(envelope, 'order_id') };
  }
  if (envelope.type === 'conversation.escalated') {
    return { kind: 'escalated', conversationId, reason: dataId(envelope, 'reason') };
  }
  return null;
}
