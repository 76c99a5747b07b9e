// One embedded widget: the store, the REST client, the send queue, the live link and
// the view, wired together.
//
// Nothing talks to the server until it matters: a visitor who never opens the chat
// costs one script download and nothing is stored in their browser. A visitor who has
// chatted before is reconnected at once, so a reply that arrives while they browse
// shows up as an unread badge.

import { WidgetApi, WidgetApiError, type FetchLike } from './api';
import { RECONNECT, backoffDelay } from './backoff';
import { resolveTheme, type ScriptConfig } from './config';
import { newVisitorId } from './ids';
import { LiveConnection, POLL_MS, type LinkState, type SocketFactory } from './live';
import { Outbox } from './outbox';
import { HISTORY_LIMIT, MessageStore, type ChatMessage } from './store';
import { stringsFor, type Strings } from './strings';
import { ChatView } from './view';
import type { Push } from './wire';

/** Polls less often while the panel is closed: nobody is watching for the reply. */
const CLOSED_POLL_MS = 20_000;
/** The business's typing indicator goes away by itself if the "stopped" push is lost. */
const TYPING_TIMEOUT_MS = 20_000;
/** The visitor's typing is reported at most this often. */
const TYPING_EVERY_MS = 3_000;

export interface ChatDeps {
  storage: Storage | null;
  pageHref: string;
  fetch?: FetchLike;
  socket?: SocketFactory | null;
  language?: string | null;
}

/** What the host page may do with a widget (`window.ChatDesk`). */
export interface ChatHandle {
  open(): void;
  close(): void;
  /** Sends text as the visitor; false when it is blank or too long. */
  send(text: string): boolean;
  /** A copy of the conversation as the widget shows it. */
  messages(): Array<Pick<ChatMessage, 'from' | 'text' | 'delivery' | 'at'>>;
  readonly isOpen: boolean;
}

export class Chat implements ChatHandle {
  readonly store: MessageStore;
  readonly api: WidgetApi;
  readonly outbox: Outbox;
  readonly live: LiveConnection;
  readonly view: ChatView;
  private readonly strings: Strings;
  private started: Promise<void> | null = null;
  private unavailable = false;
  private everOpen = false;
  private link: LinkState = 'stopped';
  /** The last history fetch failed: polling is not bringing replies either. */
  private syncFailing = false;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private lastTypingSent = 0;

  constructor(
    shadow: ShadowRoot,
    private readonly config: ScriptConfig,
    private readonly deps: ChatDeps,
  ) {
    this.store = new MessageStore(deps.storage, config.publicKey);
    this.store.load();
    this.api = new WidgetApi(config.apiOrigin, config.publicKey, deps.fetch);
    this.outbox = new Outbox(this.api, this.store);
    this.strings = stringsFor(config.lang, deps.language);
    this.live = new LiveConnection({
      url: () => this.api.socketUrl(this.store.visitorId ?? ''),
      onPush: (push) => this.onPush(push),
      sync: () => this.sync(),
      onState: (state) => this.onLinkState(state),
      socket: deps.socket,
      pollEveryMs: () => (this.view.isOpen ? POLL_MS : CLOSED_POLL_MS),
    });
    this.view = new ChatView(shadow, this.theme(), this.strings, {
      onOpen: () => {
        this.store.markRead();
        void this.start();
      },
      onClose: () => undefined,
      onSend: (text) => this.send(text),
      onRetry: (key) => void this.outbox.retry(key),
      onTyping: () => this.onVisitorTyping(),
    });
    this.store.subscribe(() => this.view.render(this.store.messages, this.store.unread));
    this.view.render(this.store.messages, this.store.unread);
    if (this.store.hasConversation) void this.start();
  }

  get isOpen(): boolean {
    return this.view.isOpen;
  }

  open(): void {
    this.view.open();
  }

  close(): void {
    this.view.close();
  }

  send(text: string): boolean {
    if (this.unavailable) return false;
    void this.start();
    return this.outbox.write(text) !== null;
  }

  messages(): Array<Pick<ChatMessage, 'from' | 'text' | 'delivery' | 'at'>> {
    return this.store.messages.map(({ from, text, delivery, at }) => ({ from, text, delivery, at }));
  }

  /** The network is back or the page is visible again. */
  wake(): void {
    this.live.kick();
  }

  /** Opens the conversation with the server once: visitor id, name, history, socket. */
  start(): Promise<void> {
    if (!this.started) {
      // Made here, before any await, so a send queued in the same tick has an id.
      if (!this.store.visitorId) this.store.setVisitor(newVisitorId());
      this.started = this.connect();
    }
    return this.started;
  }

  private async connect(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const started = await this.api.start(this.store.visitorId);
        this.store.setVisitor(started.visitor_id);
        this.store.setServer({ name: started.name, theme: started.theme ?? null });
        this.view.setTheme(this.theme());
        this.noteUnread(this.store.mergeHistory(started.messages, false));
        this.view.setNotice(null);
        break;
      } catch (error) {
        if (error instanceof WidgetApiError && !error.retryable) {
          // An unknown key or a page not on the widget's allowed origins: retrying
          // cannot help, and the page owner sees why in the console.
          console.warn(`ChatDesk widget: ${error.code ?? error.status}`);
          this.unavailable = true;
          this.view.setUnavailable(true);
          return;
        }
        this.view.setNotice(this.strings.reconnecting);
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, RECONNECT)));
      }
    }
    void this.outbox.flush();
    this.live.start();
  }

  private async sync(): Promise<void> {
    const visitorId = this.store.visitorId;
    if (!visitorId || this.unavailable) return;
    try {
      const page = await this.api.history(visitorId, HISTORY_LIMIT);
      this.noteUnread(this.store.mergeHistory(page.items, page.total <= page.items.length));
      this.syncFailing = false;
    } catch (error) {
      this.syncFailing = true;
      throw error;
    } finally {
      this.updateNotice();
    }
  }

  private onPush(push: Push): void {
    if (push.type === 'typing') {
      this.setTyping(push.on);
      return;
    }
    const at = Date.parse(push.sent_at);
    const added = this.store.add({
      key: push.message_id,
      from: 'business',
      text: push.text,
      content: push.content,
      at: Number.isFinite(at) ? at : Date.now(),
      unconfirmed: true,
    });
    this.setTyping(false);
    if (added) this.noteUnread(1);
  }

  private noteUnread(count: number): void {
    if (this.view.isOpen) return;
    this.store.addUnread(count);
  }

  private setTyping(on: boolean): void {
    if (this.typingTimer !== null) clearTimeout(this.typingTimer);
    this.typingTimer = on ? setTimeout(() => this.setTyping(false), TYPING_TIMEOUT_MS) : null;
    this.view.setTyping(on);
  }

  private onVisitorTyping(): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_EVERY_MS) return;
    this.lastTypingSent = now;
    this.live.sendTyping(true);
  }

  private onLinkState(state: LinkState): void {
    if (state === 'open') this.everOpen = true;
    this.link = state;
    this.updateNotice();
  }

  /**
   * "Reconnecting…" only while replies cannot arrive: the socket is down after having
   * worked, or polling in its place is failing too. Working polling needs no word, and
   * the very first connect is not a "re"-connect.
   */
  private updateNotice(): void {
    if (this.unavailable) return;
    const down =
      (this.link === 'connecting' && this.everOpen) || (this.link === 'polling' && this.syncFailing);
    this.view.setNotice(down ? this.strings.reconnecting : null);
  }

  private theme() {
    return resolveTheme(this.config.overrides, this.store.server, this.deps.pageHref);
  }
}
