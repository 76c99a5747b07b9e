// The entry point of `widget.js`: finds its own <script> tag, reads the widget's public
// key and theme from it, and mounts the widget in a closed shadow root at the end of
// the page's body, so neither the page's CSS and scripts nor the widget's reach the
// other by accident.
//
//   <script src="https://chatdesk.example/widget.js" data-key="wk_..." async></script>

import { Chat, type ChatHandle } from './chat';
import { readScriptConfig } from './config';
import { browserStorage } from './store';

interface ChatDeskGlobal extends ChatHandle {
  /** The widget with this public key, when a page embeds more than one. */
  get(publicKey: string): ChatHandle | undefined;
}

declare global {
  interface Window {
    ChatDesk?: ChatDeskGlobal;
  }
}

const widgets = new Map<string, Chat>();

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // Some loaders run the script without currentScript: take the first tag not yet booted.
  const tags = document.querySelectorAll<HTMLScriptElement>('script[data-key],script[data-chatdesk-widget]');
  for (const tag of Array.from(tags)) {
    const key = tag.getAttribute('data-key') ?? tag.getAttribute('data-chatdesk-widget') ?? '';
    if (/widget\.js(?:[?#]|$)/.test(tag.src) && !widgets.has(key.trim())) return tag;
  }
  return null;
}

function first(): Chat | undefined {
  return widgets.values().next().value;
}

function exposeGlobal(): void {
  if (window.ChatDesk) return;
  window.ChatDesk = {
    get: (publicKey) => widgets.get(publicKey),
    open: () => first()?.open(),
    close: () => first()?.close(),
    send: (text) => first()?.send(text) ?? false,
    messages: () => first()?.messages() ?? [],
    get isOpen() {
      return first()?.isOpen ?? false;
    },
  };
}

function boot(): void {
  const script = ownScript();
  if (!script) return;
  const config = readScriptConfig(script, location.href);
  if (!config) {
    console.warn('ChatDesk widget: add data-key="<the widget public key>" to the script tag');
    return;
  }
  const mount = () => {
    // Guards against the tag pasted twice: each copy runs with its own module state.
    if (document.querySelector(`[data-chatdesk-widget-host="${config.publicKey}"]`)) return;
    // A tag of its own, so the page's `div { ... }` rules do not match it, and inline
    // !important resets for the rules that still would (`* { transform: ... }` would
    // otherwise trap the widget's fixed positioning inside the host).
    const host = document.createElement('chatdesk-widget');
    host.setAttribute('data-chatdesk-widget-host', config.publicKey);
    host.style.cssText = 'all:initial !important;display:block !important';
    document.body.appendChild(host);
    const shadow = host.attachShadow({ mode: 'closed' });
    const chat = new Chat(shadow, config, {
      storage: browserStorage(),
      pageHref: location.href,
      language: navigator.language,
    });
    widgets.set(config.publicKey, chat);
    exposeGlobal();
    window.addEventListener('online', () => chat.wake());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') chat.wake();
    });
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}

boot();
