// The send path. A message is stored as pending before anything goes over the network,
// then sent with its own client message id; a retry (after a timeout, a 5xx, a 429, a
// reload) repeats the same id, so the server stores it once. Sends go one at a time,
// in order, so the business reads them as they were written.

import { RESEND, backoffDelay } from './backoff';
import { WidgetApiError, type WidgetApi } from './api';
import { newClientMessageId } from './ids';
import type { ChatMessage, MessageStore } from './store';

/** What the server accepts (`WidgetText`): up to 4096 characters once trimmed. */
export const MAX_TEXT_CHARS = 4096;

export interface OutboxOptions {
  /** Waits between attempts; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  newId?: () => string;
  now?: () => number;
  /** Attempts per message before it is marked failed (the visitor can retry it). */
  maxAttempts?: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Outbox {
  private queue: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly newId: () => string;
  private readonly now: () => number;
  private readonly maxAttempts: number;

  constructor(
    private readonly api: Pick<WidgetApi, 'send'>,
    private readonly store: MessageStore,
    options: OutboxOptions = {},
  ) {
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.newId = options.newId ?? newClientMessageId;
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? 6;
  }

  /**
   * Stores what the visitor wrote as pending and queues its send. Null (nothing stored)
   * for blank text, or text the server would refuse as too long.
   */
  write(raw: string): { message: ChatMessage; delivered: Promise<void> } | null {
    const text = raw.trim();
    if (!text || Array.from(text).length > MAX_TEXT_CHARS) return null;
    const message: ChatMessage = {
      key: this.newId(),
      from: 'visitor',
      text,
      at: this.now(),
      delivery: 'pending',
      unconfirmed: true,
    };
    this.store.add(message);
    return { message, delivered: this.enqueue(message.key) };
  }

  /** Sends again a message that failed (the visitor tapped it), with the same id. */
  retry(key: string): Promise<void> {
    const message = this.store.get(key);
    if (!message || message.delivery !== 'failed') return Promise.resolve();
    this.store.update(key, { delivery: 'pending' });
    return this.enqueue(key);
  }

  /** Queues every pending message (those a previous page view did not finish). */
  flush(): Promise<void> {
    return Promise.all(this.store.pending().map((m) => this.enqueue(m.key))).then(() => undefined);
  }

  private enqueue(key: string): Promise<void> {
    if (this.queued.has(key)) return this.queue;
    this.queued.add(key);
    this.queue = this.queue
      .then(() => this.deliver(key))
      // A broken store must not wedge every later send behind a rejected promise.
      .catch(() => undefined)
      .finally(() => this.queued.delete(key));
    return this.queue;
  }

  private async deliver(key: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const message = this.store.get(key);
      const visitorId = this.store.visitorId;
      if (!message || message.delivery !== 'pending' || !visitorId) return;
      try {
        await this.api.send({ visitor_id: visitorId, client_message_id: key, text: message.text });
        this.store.update(key, { delivery: 'sent' });
        return;
      } catch (error) {
        // A history sync may have shown the message on the server meanwhile.
        if (this.store.get(key)?.delivery !== 'pending') return;
        const retryable = error instanceof WidgetApiError && error.retryable;
        if (!retryable || attempt + 1 >= this.maxAttempts) {
          this.store.update(key, { delivery: 'failed' });
          return;
        }
        const wait =
          (error as WidgetApiError).retryAfterMs ?? backoffDelay(attempt, RESEND, this.random);
        await this.sleep(wait);
      }
    }
  }
}
