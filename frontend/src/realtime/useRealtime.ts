// The workspace's live feed (GET /api/v1/realtime, apps/server/src/realtime/socket.rs),
// mounted once in the app layout: each event refetches what it made stale, so the inbox,
// an open thread and the orders list follow without a reload; a captured order and a
// handoff also raise a toast and a beep. A dropped socket reconnects with `?since=` the
// last event seen, and the server replays what was missed.
import { notifications } from '@mantine/notifications';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { CONVERSATION_KEY, CONVERSATIONS_KEY, ORDERS_KEY } from '../api/queryKeys';
import { useAuth } from '../auth/AuthProvider';
import { parseEnvelope, type RealtimeEnvelope } from './envelope';
import { alertFor, staleQueries } from './invalidation';
import { beep } from './sound';
import { recordTyping, setTypingSocket } from './typing';

/** Reconnect delays grow to this, so a server that is down is not hammered. */
const MAX_BACKOFF_MS = 30_000;
/** Refetches are gathered for this long: a burst of events costs one request per query. */
const COALESCE_MS = 150;
/** A replayed event older than this updates the screen but raises no toast. */
const ALERT_MAX_AGE_MS = 60_000;

/** The socket's address for a page served at `base` (http -> ws, https -> wss). */
export function realtimeUrl(base: string, token: string, since: number | null): string {
  const url = new URL('/api/v1/realtime', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  if (since !== null) url.searchParams.set('since', String(since));
  return url.toString();
}

/** True when the JWT's `exp` is past or near, so a refresh comes before the handshake. */
export function tokenExpiring(token: string, now = Date.now()): boolean {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' && payload.exp * 1000 < now + 15_000;
  } catch {
    return false;
  }
}

export function useRealtime(): void {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const store = api.store;
  const { status } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const me = useAuth().me?.user.id;
  // The latest callbacks without reconnecting when they change.
  const handlers = useRef({ t, navigate, me });
  handlers.current = { t, navigate, me };

  useEffect(() => {
    if (status !== 'signed_in' || typeof WebSocket === 'undefined') return;
    let socket: WebSocket | null = null;
    let lastId: number | null = null;
    let attempt = 0;
    let openedBefore = false;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    const pending = new Map<string, QueryKey>();

    const invalidate = (keys: QueryKey[]) => {
      keys.forEach((key) => pending.set(JSON.stringify(key), key));
      flush ??= setTimeout(() => {
        flush = undefined;
        const keys = [...pending.values()];
        pending.clear();
        keys.forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }));
      }, COALESCE_MS);
    };

    const announce = (envelope: RealtimeEnvelope) => {
      const alert = alertFor(envelope);
      if (!alert) return;
      const at = Date.parse(envelope.at);
      if (Number.isFinite(at) && Date.now() - at > ALERT_MAX_AGE_MS) return;
      const { t: tr, navigate: go } = handlers.current;
      const target = alert.conversationId ? `/inbox/${alert.conversationId}` : null;
      notifications.show({
        color: alert.kind === 'order_captured' ? 'teal' : 'orange',
        title: tr(alert.kind === 'order_captured' ? 'realtime.orderCaptured' : 'realtime.escalated'),
        message:
          alert.kind === 'order_captured'
            ? tr('realtime.orderCapturedBody')
            : tr('realtime.escalatedBody', { reason: alert.reason ? tr(`inbox.reasons.${alert.reason}`, { defaultValue: alert.reason }) : '—' }),
        onClick: target ? () => go(target) : undefined,
        style: target ? { cursor: 'pointer' } : undefined,
      });
      beep();
    };

    const connect = async () => {
      // A socket cannot refresh on a 401 like a request does: an expiring token is renewed
      // first, through an ordinary call, which refreshes only when the server says so (a
      // server that is down must not sign the operator out).
      if (store.accessToken && tokenExpiring(store.accessToken)) {
        await api.authedFetch(new Request(`${api.baseUrl}/api/v1/auth/me`)).catch(() => null);
      }
      const token = store.accessToken;
      if (stopped || !token) return;
      const ws = new WebSocket(realtimeUrl(api.baseUrl, token, lastId));
      socket = ws;
      ws.onopen = () => {
        attempt = 0;
        setTypingSocket(ws);
        // Back after a drop with no event id to resume from: what changed meanwhile is unknown.
        if (openedBefore && lastId === null) invalidate([CONVERSATIONS_KEY, CONVERSATION_KEY, ORDERS_KEY]);
        openedBefore = true;
      };
      ws.onmessage = (event) => {
        if (typeof event.data !== 'string') return;
        const envelope = parseEnvelope(event.data);
        // A replay may overlap what this page already saw.
        if (!envelope || (lastId !== null && envelope.id <= lastId)) return;
        lastId = envelope.id;
        recordTyping(queryClient, envelope, handlers.current.me);
        invalidate(staleQueries(envelope));
        announce(envelope);
      };
      ws.onclose = () => {
        setTypingSocket(null);
        if (stopped) return;
        const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
        attempt += 1;
        retry = setTimeout(() => void connect(), delay);
      };
    };

    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(flush);
      setTypingSocket(null);
      socket?.close();
    };
  }, [status, queryClient, store]);
}
