import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_THEME, type Theme } from '../src/config';
import type { ChatMessage } from '../src/store';
import { stringsFor } from '../src/strings';
import { ChatView, type ViewHandlers } from '../src/view';

function mount(theme: Partial<Theme> = {}) {
  document.body.innerHTML = '';
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const handlers: ViewHandlers = {
    onOpen: vi.fn(),
    onClose: vi.fn(),
    onSend: vi.fn(() => true),
    onRetry: vi.fn(),
    onTyping: vi.fn(),
  };
  const view = new ChatView(shadow, { ...DEFAULT_THEME, ...theme }, stringsFor('en'), handlers);
  const $ = <T extends Element = HTMLElement>(selector: string) => shadow.querySelector(selector) as T;
  return { view, shadow, handlers, $ };
}

function key(target: EventTarget, name: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, composed: true, ...init });
  target.dispatchEvent(event);
  return event;
}

const visitor = (k: string, text: string, delivery: ChatMessage['delivery']): ChatMessage => ({
  key: k,
  from: 'visitor',
  text,
  at: 1,
  delivery,
  unconfirmed: delivery !== 'sent',
});

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('ChatView', () => {
  it('opens from a labelled launcher, focuses the input, and closes on Esc back to the launcher', () => {
    const { view, shadow, handlers, $ } = mount();
    const launcher = $<HTMLButtonElement>('.cd-launcher');
    const panel = $('.cd-panel');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);
    expect(panel.getAttribute('role')).toBe('dialog');
    expect(panel.getAttribute('aria-modal')).toBe('true');
    expect($('.cd-log').getAttribute('aria-live')).toBe('polite');

    launcher.click();
    expect(view.isOpen).toBe(true);
    expect(panel.hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(shadow.activeElement).toBe($('textarea'));
    expect(handlers.onOpen).toHaveBeenCalledTimes(1);

    const event = key($('textarea'), 'Escape');
    expect(event.defaultPrevented).toBe(true);
    expect(view.isOpen).toBe(false);
    expect(panel.hidden).toBe(true);
    expect(shadow.activeElement).toBe(launcher);
    expect(handlers.onClose).toHaveBeenCalledTimes(1);
  });

  it('keeps Tab and Shift+Tab inside the open panel', () => {
    const { view, shadow, $ } = mount();
    view.open();
    const close = $<HTMLButtonElement>('.cd-close');
    const send = $<HTMLButtonElement>('.cd-send');
    send.focus();
    expect(key(send, 'Tab').defaultPrevented).toBe(true);
    expect(shadow.activeElement).toBe(close);
    expect(key(close, 'Tab', { shiftKey: true }).defaultPrevented).toBe(true);
    expect(shadow.activeElement).toBe(send);
    // In the middle, the browser moves focus as usual.
    const input = $<HTMLTextAreaElement>('textarea');
    input.focus();
    expect(key(input, 'Tab').defaultPrevented).toBe(false);
  });

  it('shows text as text, never as markup', () => {
    const { view, $ } = mount();
    view.render([{ key: 'b1', from: 'business', text: '<img src=x onerror=alert(1)> & <b>bold</b>', at: 1 }], 0);
    const bubble = $('.cd-business .cd-bubble');
    expect(bubble.textContent).toBe('Reply: <img src=x onerror=alert(1)> & <b>bold</b>');
    expect(bubble.querySelector('img, b')).toBeNull();
  });

  it('shows where each send is, lets a failed one be retried, and redraws only what changed', () => {
    const { view, handlers, $ } = mount();
    view.render([visitor('m_1', 'hello', 'sent'), visitor('m_2', 'still there?', 'pending')], 0);
    const nodes = () => Array.from($('.cd-log').querySelectorAll('.cd-visitor'));
    const [first, second] = nodes();
    expect(first.querySelector('.cd-meta')?.textContent).toBe('');
    expect(second.querySelector('.cd-meta')?.textContent).toBe('Sending…');
    expect(second.classList.contains('cd-pending')).toBe(true);

    view.render([visitor('m_1', 'hello', 'sent'), visitor('m_2', 'still there?', 'sent')], 0);
    expect(nodes()[1]).toBe(second);
    expect(second.querySelector('.cd-meta')?.textContent).toBe('Sent');

    view.render([visitor('m_1', 'hello', 'sent'), visitor('m_2', 'still there?', 'failed')], 0);
    const retry = second.querySelector<HTMLButtonElement>('.cd-meta button');
    expect(retry?.textContent).toBe('Not sent. Tap to retry.');
    retry?.click();
    expect(handlers.onRetry).toHaveBeenCalledWith('m_2');

    view.render([visitor('m_2', 'still there?', 'failed')], 0);
    expect(nodes()).toEqual([second]);
  });

  it('offers the last reply’s quick replies and sends the one picked', () => {
    const { view, handlers, $ } = mount();
    view.render(
      [
        {
          key: 'b1',
          from: 'business',
          text: 'Which size?',
          at: 1,
          content: {
            type: 'buttons',
            text: 'Which size?',
            buttons: [
              { title: '50 ml', action: { type: 'postback', payload: 'size:50' } },
              { title: 'Size guide', action: { type: 'url', url: 'https://glow.example/sizes' } },
              { title: 'Bad', action: { type: 'url', url: 'javascript:alert(1)' } },
            ],
          },
        },
      ],
      0,
    );
    const choices = $('.cd-choices');
    expect(Array.from(choices.children).map((c) => c.textContent)).toEqual(['50 ml', 'Size guide']);
    const link = choices.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://glow.example/sizes');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    choices.querySelector('button')?.click();
    expect(handlers.onSend).toHaveBeenCalledWith('50 ml');
    expect($('.cd-choices')).toBeNull();
  });

  it('sends on Enter, keeps Shift+Enter for a new line, and clears the input when accepted', () => {
    const { view, handlers, $ } = mount();
    view.open();
    const input = $<HTMLTextAreaElement>('textarea');
    input.value = 'line one';
    expect(key(input, 'Enter', { shiftKey: true }).defaultPrevented).toBe(false);
    expect(handlers.onSend).not.toHaveBeenCalled();
    key(input, 'Enter');
    expect(handlers.onSend).toHaveBeenCalledWith('line one');
    expect(input.value).toBe('');
  });

  it('counts unread replies on the launcher while closed', () => {
    const { view, $ } = mount();
    view.render([], 2);
    const launcher = $('.cd-launcher');
    expect(launcher.getAttribute('aria-label')).toBe('Open chat, 2 unread');
    expect($('.cd-badge').hidden).toBe(false);
    expect($('.cd-badge').textContent).toBe('2');
    view.open();
    expect($('.cd-badge').hidden).toBe(true);
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
  });

  it('draws the theme: side, colours, button text, avatar, greeting and title', () => {
    const { $ } = mount({
      position: 'left',
      color: '#0ea5e9',
      textOnColor: '#111827',
      buttonText: 'Chat with us',
      avatar: 'https://cdn.example/ana.png',
      greeting: 'Hi! Ask us anything.',
      title: 'Glow Beauty',
    });
    const frame = $('.cd');
    expect(frame.classList.contains('cd-left')).toBe(true);
    expect(frame.style.getPropertyValue('--cd-color')).toBe('#0ea5e9');
    expect(frame.style.getPropertyValue('--cd-on')).toBe('#111827');
    expect($('.cd-launcher').textContent).toContain('Chat with us');
    expect($<HTMLImageElement>('.cd-avatar').src).toBe('https://cdn.example/ana.png');
    expect($('.cd-log .cd-bubble').textContent).toBe('Hi! Ask us anything.');
    expect($('#cd-title').textContent).toBe('Glow Beauty');
  });

  it('shows the typing indicator and an unavailable widget', () => {
    const { view, $ } = mount();
    view.setTyping(true);
    expect($('.cd-typing').hidden).toBe(false);
    view.setTyping(false);
    expect($('.cd-typing').hidden).toBe(true);
    view.setUnavailable(true);
    expect($<HTMLTextAreaElement>('textarea').disabled).toBe(true);
    expect($('.cd-notice').textContent).toBe('Chat is unavailable right now.');
  });
});
