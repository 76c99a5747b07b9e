// What the visitor sees, drawn with plain DOM inside the widget's shadow root: a
// launcher button and a chat panel (a dialog that keeps focus while open, closes on
// Esc, and announces new messages through an aria-live log).
//
// Messages are drawn by key and only what changed is touched, so assistive technology
// announces each new message once, and a message confirmed by the server is not redrawn.
// Text always goes in through textContent: nothing a visitor or business writes is HTML.

import type { Theme } from './config';
import type { Strings } from './strings';
import type { ChatMessage } from './store';
import { STYLES } from './styles';
import type { Content } from './wire';

export interface ViewHandlers {
  onOpen(): void;
  onClose(): void;
  /** The visitor sent text (or picked a choice); false when it was not accepted. */
  onSend(text: string): boolean;
  onRetry(key: string): void;
  onTyping(): void;
}

type Attrs = Record<string, string | undefined>;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) el.setAttribute(name, value);
  }
  for (const child of children) if (child != null) el.append(child);
  return el;
}

/** A fixed, trusted SVG icon (never built from input). */
function icon(svgPath: string): HTMLSpanElement {
  const span = h('span', { 'aria-hidden': 'true' });
  span.innerHTML = `<svg viewBox="0 0 24 24" fill="currentColor">${svgPath}</svg>`;
  return span;
}

const CHAT_ICON =
  '<path d="M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.6 3.5 6.1L4.6 21l4.3-2.4c1 .3 2 .4 3.1.4 5.5 0 10-3.6 10-8s-4.5-8-10-8z"/>';
const SEND_ICON = '<path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/>';

const FOCUSABLE = 'button:not([disabled]),textarea:not([disabled]),a[href],[tabindex]:not([tabindex="-1"])';

export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The words of a message, whatever its kind. */
export function textOf(message: ChatMessage): string {
  const content = message.content;
  if (!content) return message.text;
  switch (content.type) {
    case 'text':
    case 'buttons':
      return content.text;
    case 'list':
      return [content.header, content.body, content.footer].filter(Boolean).join('\n');
    case 'image':
      return content.caption ?? '';
    default:
      return message.text;
  }
}

interface Choice {
  title: string;
  url?: string;
}

/** What the visitor may tap under a business message: quick replies, buttons, list rows. */
export function choicesOf(content: Content | null | undefined): Choice[] {
  if (!content) return [];
  switch (content.type) {
    case 'text':
      return (content.quick_replies ?? []).map((q) => ({ title: q.title }));
    case 'buttons':
      return content.buttons.flatMap((b): Choice[] => {
        if (b.action.type !== 'url') return [{ title: b.title }];
        const url = safeHttpUrl(b.action.url);
        return url ? [{ title: b.title, url }] : [];
      });
    case 'list':
      return content.sections.flatMap((s) => s.rows.map((r) => ({ title: r.title })));
    default:
      return [];
  }
}

export class ChatView {
  private readonly frame: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly launcherText: HTMLSpanElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly avatar: HTMLImageElement;
  private readonly notice: HTMLParagraphElement;
  private readonly log: HTMLDivElement;
  private readonly greeting: HTMLDivElement;
  private readonly typing: HTMLDivElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly nodes = new Map<string, HTMLElement>();
  private opened = false;
  private unread = 0;

  constructor(
    private readonly shadow: ShadowRoot,
    theme: Theme,
    private readonly strings: Strings,
    private readonly handlers: ViewHandlers,
  ) {
    const s = strings;
    this.launcherText = h('span');
    this.badge = h('span', { class: 'cd-badge', 'aria-hidden': 'true' });
    this.badge.hidden = true;
    this.launcher = h(
      'button',
      { type: 'button', class: 'cd-launcher', 'aria-expanded': 'false', 'aria-controls': 'cd-panel', 'aria-haspopup': 'dialog' },
      icon(CHAT_ICON),
      this.launcherText,
      this.badge,
    );
    this.title = h('h2', { class: 'cd-title', id: 'cd-title' });
    this.avatar = h('img', { class: 'cd-avatar', alt: '' });
    this.notice = h('p', { class: 'cd-notice', role: 'status' });
    const close = h('button', { type: 'button', class: 'cd-close', 'aria-label': s.close }, '×');
    this.greeting = h('div', { class: 'cd-msg cd-business' });
    this.log = h('div', { class: 'cd-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-labelledby': 'cd-title', tabindex: '0' }, this.greeting);
    this.typing = h('div', { class: 'cd-typing', role: 'status' }, h('i'), h('i'), h('i'), h('span', { class: 'cd-sr' }, s.typing));
    this.typing.hidden = true;
    this.input = h('textarea', { class: 'cd-input', id: 'cd-input', rows: '1', maxlength: '4096', placeholder: s.placeholder, autocomplete: 'off' });
    this.sendButton = h('button', { type: 'submit', class: 'cd-send', 'aria-label': s.send }, icon(SEND_ICON));
    const form = h('form', { class: 'cd-form' }, h('label', { class: 'cd-sr', for: 'cd-input' }, s.messageLabel), this.input, this.sendButton);
    const typingRow = h('div', { style: 'padding:0 16px 8px;background:#f9fafb' }, this.typing);
    this.panel = h(
      'section',
      { class: 'cd-panel', id: 'cd-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'cd-title' },
      h('header', { class: 'cd-header' }, this.avatar, h('div', { class: 'cd-heading' }, this.title, this.notice), close),
      this.log,
      typingRow,
      form,
    );
    this.panel.hidden = true;
    this.frame = h('div', { class: 'cd' }, this.launcher, this.panel);
    const style = h('style');
    style.textContent = STYLES;
    shadow.append(style, this.frame);

    this.launcher.addEventListener('click', () => (this.opened ? this.close() : this.open()));
    close.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => this.onKeydown(event));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.fitInput();
      if (this.input.value.trim()) this.handlers.onTyping();
    });
    this.setTheme(theme);
    this.updateLauncher();
  }

  get isOpen(): boolean {
    return this.opened;
  }

  setTheme(theme: Theme): void {
    this.frame.className = `cd cd-${theme.position}${this.opened ? ' cd-open' : ''}`;
    this.frame.style.setProperty('--cd-color', theme.color);
    this.frame.style.setProperty('--cd-on', theme.textOnColor);
    this.launcherText.textContent = theme.buttonText;
    this.launcherText.hidden = !theme.buttonText;
    this.title.textContent = theme.title;
    this.avatar.hidden = !theme.avatar;
    if (theme.avatar) this.avatar.src = theme.avatar;
    else this.avatar.removeAttribute('src');
    this.greeting.textContent = '';
    this.greeting.hidden = !theme.greeting;
    if (theme.greeting) this.greeting.append(h('div', { class: 'cd-bubble' }, theme.greeting));
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.panel.hidden = false;
    this.frame.classList.add('cd-open');
    this.updateLauncher();
    this.handlers.onOpen();
    this.scrollToEnd();
    this.input.focus();
  }

  close(): void {
    if (!this.opened) return;
    this.opened = false;
    this.panel.hidden = true;
    this.frame.classList.remove('cd-open');
    this.updateLauncher();
    this.handlers.onClose();
    this.launcher.focus();
  }

  /** Draws the conversation; only new or changed messages touch the DOM. */
  render(messages: ChatMessage[], unread: number): void {
    const nearEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    const lastVisitor = [...messages].reverse().find((m) => m.from === 'visitor')?.key;
    const seen = new Set<string>();
    let previous: Node = this.greeting;
    let added = false;
    let visitorAdded = false;
    messages.forEach((message, index) => {
      const last = index === messages.length - 1;
      let node = this.nodes.get(message.key);
      if (!node) {
        node = this.createMessage(message, last);
        this.nodes.set(message.key, node);
        added = true;
        visitorAdded ||= message.from === 'visitor';
      }
      this.updateMessage(node, message, last, message.key === lastVisitor);
      if (previous.nextSibling !== node) this.log.insertBefore(node, previous.nextSibling);
      previous = node;
      seen.add(message.key);
    });
    for (const [key, node] of this.nodes) {
      if (!seen.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
    this.unread = unread;
    this.updateLauncher();
    if (added && (nearEnd || visitorAdded)) this.scrollToEnd();
  }

  setTyping(on: boolean): void {
    this.typing.hidden = !on;
    if (on) this.scrollToEnd();
  }

  /** A line under the title ("Reconnecting…"), or nothing. */
  setNotice(text: string | null): void {
    this.notice.textContent = text ?? '';
    this.notice.hidden = !text;
  }

  /** The widget cannot be used (unknown key, page not allowed): say so and stop input. */
  setUnavailable(unavailable: boolean): void {
    this.input.disabled = unavailable;
    this.sendButton.disabled = unavailable;
    this.setNotice(unavailable ? this.strings.unavailable : null);
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.input.disabled) return;
    if (this.handlers.onSend(text)) {
      this.input.value = '';
      this.fitInput();
    }
  }

  private fitInput(): void {
    this.input.style.height = 'auto';
    if (this.input.scrollHeight > 0) this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
  }

  private updateLauncher(): void {
    const s = this.strings;
    const label = this.opened
      ? s.close
      : this.unread > 0
        ? s.openUnread.replace('{n}', String(this.unread))
        : s.open;
    this.launcher.setAttribute('aria-label', label);
    this.launcher.setAttribute('aria-expanded', String(this.opened));
    this.badge.textContent = this.unread > 99 ? '99+' : String(this.unread);
    this.badge.hidden = this.opened || this.unread === 0;
  }

  private createMessage(message: ChatMessage, last: boolean): HTMLElement {
    const s = this.strings;
    const node = h('div', { class: `cd-msg cd-${message.from}` });
    const text = textOf(message);
    if (text) {
      node.append(
        h('div', { class: 'cd-bubble' }, h('span', { class: 'cd-sr' }, `${message.from === 'visitor' ? s.you : s.business}: `), text),
      );
    }
    if (message.content?.type === 'image') {
      const src = safeHttpUrl(message.content.url);
      if (src) node.append(h('img', { class: 'cd-img', src, alt: message.content.caption ?? '', loading: 'lazy' }));
    }
    if (message.from === 'visitor') node.append(h('div', { class: 'cd-meta' }));
    const choices = message.from === 'business' && last ? choicesOf(message.content) : [];
    if (choices.length > 0) {
      const row = h('div', { class: 'cd-choices' });
      for (const choice of choices) {
        if (choice.url) {
          row.append(h('a', { class: 'cd-choice', href: choice.url, target: '_blank', rel: 'noopener noreferrer' }, choice.title));
        } else {
          const button = h('button', { type: 'button', class: 'cd-choice' }, choice.title);
          button.addEventListener('click', () => {
            if (this.handlers.onSend(choice.title)) row.remove();
          });
          row.append(button);
        }
      }
      node.append(row);
    }
    return node;
  }

  private updateMessage(node: HTMLElement, message: ChatMessage, last: boolean, lastVisitor: boolean): void {
    const signature = `${message.delivery ?? ''}|${last}|${lastVisitor}`;
    if (node.dataset.sig === signature) return;
    node.dataset.sig = signature;
    if (!last) node.querySelector('.cd-choices')?.remove();
    if (message.from !== 'visitor') return;
    node.classList.toggle('cd-pending', message.delivery === 'pending');
    node.classList.toggle('cd-failed', message.delivery === 'failed');
    const meta = node.querySelector('.cd-meta');
    if (!meta) return;
    meta.textContent = '';
    if (message.delivery === 'pending') meta.textContent = this.strings.sending;
    else if (message.delivery === 'failed') {
      const retry = h('button', { type: 'button' }, this.strings.failed);
      retry.addEventListener('click', () => this.handlers.onRetry(message.key));
      meta.append(retry);
    } else if (lastVisitor) meta.textContent = this.strings.sent;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private focusables(): HTMLElement[] {
    return Array.from(this.panel.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => !el.closest('[hidden]'),
    );
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusables = this.focusables();
    if (focusables.length === 0) return;
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    const active = this.shadow.activeElement;
    if (event.shiftKey && (active === first || !this.panel.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !this.panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }
}
