// The conversation as this browser knows it: the visitor id, the latest messages, what
// the server told us about the widget, and the unread count, kept in localStorage under
// the widget's public key so a reload (or the next visit) shows it at once.
//
// The server's history is the truth. Messages known only here (a send not yet seen in
// the history, a reply pushed over the socket) are "unconfirmed" until a history fetch
// shows them; they keep their key when it does, so the view never redraws them.

import type { ServerWidget } from './config';
import type { Content, WireMessage } from './wire';

export type Delivery = 'pending' | 'sent' | 'failed';

export interface ChatMessage {
  /** Stable while the message lives here: the client message id, a pushed id, or the server id. */
  key: string;
  /** The server's id, once the history has shown the message. */
  serverId?: string;
  from: 'visitor' | 'business';
  text: string;
  content?: Content | null;
  /** Milliseconds since the epoch. */
  at: number;
  /** The visitor's messages: where their send is. */
  delivery?: Delivery;
  /** Known only here so far: sent or pushed, not yet seen in a history fetch. */
  unconfirmed?: boolean;
}

interface Saved {
  v: 1;
  visitorId: string | null;
  messages: ChatMessage[];
  server: ServerWidget | null;
  unread: number;
}

/** Messages kept per visitor; the history fetch asks for as many. */
export const HISTORY_LIMIT = 50;

export function storageKey(publicKey: string): string {
  return `chatdesk:widget:${publicKey}`;
}

export function fromWire(message: WireMessage): ChatMessage {
  const at = Date.parse(message.created_at);
  return {
    key: message.id,
    serverId: message.id,
    from: message.from === 'visitor' ? 'visitor' : 'business',
    text: message.text ?? '',
    content: message.content ?? null,
    at: Number.isFinite(at) ? at : 0,
    ...(message.from === 'visitor' ? { delivery: 'sent' as const } : {}),
  };
}

function isMessage(value: unknown): value is ChatMessage {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.key === 'string' &&
    (m.from === 'visitor' || m.from === 'business') &&
    typeof m.text === 'string' &&
    typeof m.at === 'number'
  );
}

export class MessageStore {
  visitorId: string | null = null;
  messages: ChatMessage[] = [];
  server: ServerWidget | null = null;
  unread = 0;
  private readonly key: string;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: Storage | null,
    publicKey: string,
    private readonly limit = HISTORY_LIMIT,
  ) {
    this.key = storageKey(publicKey);
  }

  /** Reads what an earlier page view kept; anything unreadable is ignored, never thrown. */
  load(): void {
    let saved: Partial<Saved> | null = null;
    try {
      const raw = this.storage?.getItem(this.key);
      saved = raw ? (JSON.parse(raw) as Partial<Saved>) : null;
    } catch {
      saved = null;
    }
    if (!saved || saved.v !== 1) return;
    this.visitorId = typeof saved.visitorId === 'string' ? saved.visitorId : null;
    this.messages = Array.isArray(saved.messages) ? saved.messages.filter(isMessage) : [];
    this.server = saved.server && typeof saved.server === 'object' ? saved.server : null;
    this.unread = typeof saved.unread === 'number' && saved.unread > 0 ? saved.unread : 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** True once the visitor has written (or been written to): worth reconnecting at load. */
  get hasConversation(): boolean {
    return this.visitorId !== null && this.messages.length > 0;
  }

  setVisitor(visitorId: string): void {
    if (this.visitorId === visitorId) return;
    this.visitorId = visitorId;
    this.changed();
  }

  setServer(server: ServerWidget): void {
    this.server = server;
    this.changed();
  }

  get(key: string): ChatMessage | undefined {
    return this.messages.find((m) => m.key === key);
  }

  /** Adds a message, or updates the one with its key. True when it was new. */
  add(message: ChatMessage): boolean {
    const index = this.messages.findIndex((m) => m.key === message.key);
    if (index >= 0) {
      this.messages[index] = { ...this.messages[index], ...message };
      this.changed();
      return false;
    }
    this.messages.push(message);
    this.trim();
    this.changed();
    return true;
  }

  update(key: string, patch: Partial<ChatMessage>): void {
    const index = this.messages.findIndex((m) => m.key === key);
    if (index < 0) return;
    this.messages[index] = { ...this.messages[index], ...patch, key };
    this.changed();
  }

  /** The visitor's messages still to send, oldest first. */
  pending(): ChatMessage[] {
    return this.messages.filter((m) => m.from === 'visitor' && m.delivery === 'pending');
  }

  addUnread(count: number): void {
    if (count <= 0) return;
    this.unread += count;
    this.changed();
  }

  markRead(): void {
    if (this.unread === 0) return;
    this.unread = 0;
    this.changed();
  }

  /**
   * Takes the server's latest messages (newest first, as the API answers) as the truth.
   * `complete` says the page holds the whole conversation; when it does not, older
   * messages kept here stay. Returns how many business messages were new here.
   */
  mergeHistory(latestFirst: WireMessage[], complete: boolean): number {
    const fromServer = latestFirst.slice().reverse().map(fromWire);
    const byServerId = new Map<string, ChatMessage>();
    for (const m of this.messages) if (m.serverId) byServerId.set(m.serverId, m);
    // Sent or pushed messages are claimed before pending ones: a pending send may or may
    // not have reached the server, a sent one certainly did.
    const unconfirmed = this.messages.filter((m) => m.unconfirmed);
    const claimable = [
      ...unconfirmed.filter((m) => m.delivery !== 'pending' && m.delivery !== 'failed'),
      ...unconfirmed.filter((m) => m.delivery === 'pending'),
    ];
    const claimed = new Set<string>();
    let newBusiness = 0;
    const merged = fromServer.map((message) => {
      const known = message.serverId ? byServerId.get(message.serverId) : undefined;
      if (known) return { ...message, key: known.key };
      const match = claimable.find(
        (m) => !claimed.has(m.key) && m.from === message.from && m.text === message.text,
      );
      if (match) {
        claimed.add(match.key);
        return { ...message, key: match.key };
      }
      if (message.from === 'business') newBusiness += 1;
      return message;
    });
    const inPage = new Set(merged.map((m) => m.serverId));
    const oldest = merged.length > 0 ? merged[0].at : Infinity;
    const older = complete
      ? []
      : this.messages.filter(
          (m) => m.serverId && !m.unconfirmed && !inPage.has(m.serverId) && m.at < oldest,
        );
    const stillLocal = unconfirmed.filter((m) => !claimed.has(m.key));
    this.messages = [...older, ...merged, ...stillLocal];
    this.trim();
    this.changed();
    return newBusiness;
  }

  /** Drops the oldest messages past the limit, never a send still to be made. */
  private trim(): void {
    let excess = this.messages.length - this.limit;
    if (excess <= 0) return;
    this.messages = this.messages.filter((m) => {
      if (excess > 0 && m.delivery !== 'pending') {
        excess -= 1;
        return false;
      }
      return true;
    });
  }

  private changed(): void {
    this.save();
    for (const listener of this.listeners) listener();
  }

  private save(): void {
    const saved: Saved = {
      v: 1,
      visitorId: this.visitorId,
      messages: this.messages,
      server: this.server,
      unread: this.unread,
    };
    try {
      this.storage?.setItem(this.key, JSON.stringify(saved));
    } catch {
      // Storage full or switched off (private browsing, blocked cookies): the chat still
      // works for this page view, it just starts afresh on the next one.
    }
  }
}

/** `localStorage`, or null where touching it throws (sandboxed frames, blocked storage). */
export function browserStorage(): Storage | null {
  try {
    const storage = window.localStorage;
    const probe = '__chatdesk_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}
