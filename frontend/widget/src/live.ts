// The live link to the server: the visitor's WebSocket for replies and typing, reopened
// with exponential backoff when it drops, and polling of the history while it cannot
// open (a proxy that refuses upgrades, a corporate network), so replies still arrive.
//
// Whatever the socket missed while it was down is in the history, so every (re)open
// starts with a history sync.

import { RECONNECT, backoffDelay } from './backoff';
import { parsePush, type Push } from './wire';

export type LinkState = 'connecting' | 'open' | 'polling' | 'stopped';

/** The part of the WebSocket constructor the link uses (tests pass a fake). */
export type SocketFactory = new (url: string) => WebSocket;

export interface LiveOptions {
  url: () => string;
  onPush: (push: Push) => void;
  /** Fetches the history: on every (re)open, and on every poll. */
  sync: () => Promise<void>;
  onState?: (state: LinkState) => void;
  /** Null when the browser has no WebSocket: polling only. */
  socket?: SocketFactory | null;
  random?: () => number;
  now?: () => number;
  /** How long to wait between polls (shorter while the panel is open). */
  pollEveryMs?: () => number;
}

/** Proxies drop idle connections after 30 to 60 s; the server pings every 25 s too. */
export const HEARTBEAT_MS = 25_000;
/** After this many failed opens in a row, poll the history until the socket is back. */
export const POLL_AFTER_FAILURES = 2;
/** A socket that stayed open this long was healthy: the next drop starts backoff afresh. */
export const STABLE_MS = 10_000;
export const POLL_MS = 5_000;

const HEARTBEAT = JSON.stringify({ type: 'ping' });

export class LiveConnection {
  private current: WebSocket | null = null;
  private openedAt: number | null = null;
  private failures = 0;
  private stopped = true;
  private state: LinkState = 'stopped';
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polling = 0;
  private pollRuns = 0;
  private readonly factory: SocketFactory | null;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly pollEveryMs: () => number;

  constructor(private readonly options: LiveOptions) {
    this.factory =
      options.socket !== undefined
        ? options.socket
        : typeof WebSocket === 'function'
          ? WebSocket
          : null;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.pollEveryMs = options.pollEveryMs ?? (() => POLL_MS);
  }

  get linkState(): LinkState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.factory) this.connect();
    else this.startPolling();
  }

  stop(): void {
    this.stopped = true;
    this.clearReconnect();
    this.stopPolling();
    this.drop();
    this.setState('stopped');
  }

  /** The network is back or the page is visible again: do not wait out the backoff. */
  kick(): void {
    if (this.stopped || !this.factory || this.current) return;
    this.clearReconnect();
    this.connect();
  }

  /** Tells the server the visitor is typing (it may ignore it); only over an open socket. */
  sendTyping(on: boolean): void {
    if (this.current && this.openedAt !== null) {
      try {
        this.current.send(JSON.stringify({ type: 'typing', on }));
      } catch {
        // Closing already; the close handler reconnects.
      }
    }
  }

  private connect(): void {
    if (!this.factory) return;
    this.setState(this.polling !== 0 ? 'polling' : 'connecting');
    let socket: WebSocket;
    try {
      socket = new this.factory(this.options.url());
    } catch {
      this.failed();
      return;
    }
    this.current = socket;
    this.openedAt = null;
    socket.onopen = () => {
      if (this.current !== socket) return;
      this.openedAt = this.now();
      this.stopPolling();
      this.setState('open');
      this.startHeartbeat(socket);
      this.options.sync().catch(() => undefined);
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.current !== socket) return;
      const push = parsePush(event.data);
      if (push) this.options.onPush(push);
    };
    // An error is always followed by a close; the close decides what happens next.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.current !== socket) return;
      this.lost();
    };
  }

  /** The current socket is gone (closed, or found dead by the heartbeat). */
  private lost(): void {
    const openedAt = this.openedAt;
    this.drop();
    if (this.stopped) return;
    if (openedAt !== null && this.now() - openedAt >= STABLE_MS) this.failures = 0;
    this.failed();
  }

  private failed(): void {
    const attempt = this.failures;
    this.failures += 1;
    if (this.failures >= POLL_AFTER_FAILURES) this.startPolling();
    else this.setState('connecting');
    this.clearReconnect();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, backoffDelay(attempt, RECONNECT, this.random));
  }

  private drop(): void {
    this.stopHeartbeat();
    const socket = this.current;
    this.current = null;
    this.openedAt = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }

  private startHeartbeat(socket: WebSocket): void {
    this.stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      // A beat still unsent after a whole interval means the connection is dead even
      // though the browser has not noticed (a laptop that slept, a dropped NAT entry).
      if (socket.bufferedAmount > 0) {
        this.lost();
        return;
      }
      try {
        socket.send(HEARTBEAT);
      } catch {
        this.lost();
      }
    }, HEARTBEAT_MS);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private startPolling(): void {
    if (this.stopped) return;
    if (this.polling !== 0) {
      if (!this.current) this.setState('polling');
      return;
    }
    // A generation per polling run, so a sync still in flight from a stopped run cannot
    // start a second loop beside a new one.
    const generation = (this.pollRuns += 1);
    this.polling = generation;
    this.setState('polling');
    const tick = () => {
      this.pollTimer = setTimeout(() => {
        this.options
          .sync()
          .catch(() => undefined)
          .then(() => {
            if (this.polling === generation) tick();
          });
      }, this.pollEveryMs());
    };
    // Poll once straight away: the visitor may be waiting for a reply right now.
    this.options.sync().catch(() => undefined);
    tick();
  }

  private stopPolling(): void {
    this.polling = 0;
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState?.(state);
  }
}
