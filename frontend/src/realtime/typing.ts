// Typing, both ways: the feed's `typing` envelopes say a teammate is writing in a
// conversation (so two people do not answer the same customer at once), and the reply
// box announces the operator's own typing through the same socket.
import type { QueryClient } from '@tanstack/react-query';
import { typingKey } from '../api/queryKeys';
import { dataId, type RealtimeEnvelope } from './envelope';

/** How long a typing announcement counts: the server sends at most one every 2 s. */
export const TYPING_SHOWN_MS = 6_000;

export interface Typing {
  userId: string;
  at: number;
}

let socket: WebSocket | null = null;
const announced = new Map<string, number>();

/** The feed's open socket, for announcements (set and cleared by useRealtime). */
export function setTypingSocket(next: WebSocket | null): void {
  socket = next;
}

/** Tells teammates the operator is typing in the conversation (at most every 2 s). */
export function announceTyping(conversationId: string, now = Date.now()): void {
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  if (now - (announced.get(conversationId) ?? 0) < 2_000) return;
  announced.set(conversationId, now);
  socket.send(JSON.stringify({ type: 'typing', conversation_id: conversationId }));
}

/** Records a teammate's typing from the feed, and forgets it once it is old. */
export function recordTyping(queryClient: QueryClient, envelope: RealtimeEnvelope, me: string | undefined, now = Date.now()): void {
  const conversationId = dataId(envelope, 'conversation_id');
  const userId = dataId(envelope, 'user_id');
  if (envelope.type !== 'typing' || !conversationId || !userId || userId === me) return;
  const at = Date.parse(envelope.at);
  if (Number.isFinite(at) && now - at > TYPING_SHOWN_MS) return;
  const key = typingKey(conversationId);
  const typing: Typing = { userId, at: now };
  queryClient.setQueryData(key, typing);
  setTimeout(() => {
    if (queryClient.getQueryData<Typing>(key) === typing) queryClient.setQueryData(key, null);
  }, TYPING_SHOWN_MS);
}
