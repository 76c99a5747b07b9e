import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Chat } from '../src/chat';
import type { ScriptConfig } from '../src/config';
import type { SocketFactory } from '../src/live';
import { storageKey } from '../src/store';

const KEY = 'wk_0190f5a27b1c7d3e9f00aa11bb22cc33';
const BASE = `https://chat.example/api/v1/widget/${KEY}`;
const CONFIG: ScriptConfig = { publicKey: KEY, apiOrigin: 'https://chat.example', overrides: {}, lang: 'en' };

class FakeSocket {
  static made: FakeSocket[] = [];
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  bufferedAmount = 0;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(): void {}
  close(): void {}
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

type Route = (init: RequestInit | undefined, url: string) => Response;

function server(routes: Record<string, Route>) {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : null });
    const path = url.slice(BASE.length).split('?')[0];
    const route = routes[`${method} ${path}`];
    if (!route) return json(404, { error: { code: 'route_not_found' } });
    return route(init, url);
  });
  return { fetchMock, calls };
}

function mount(
  fetchMock: (url: string, init?: RequestInit) => Promise<Response>,
  socket: SocketFactory | null = FakeSocket as unknown as SocketFactory,
) {
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const chat = new Chat(shadow, CONFIG, {
    storage: localStorage,
    pageHref: 'https://glow.example/',
    fetch: fetchMock,
    socket,
    language: 'en-GB',
  });
  return { chat, shadow };
}

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
  FakeSocket.made = [];
});

describe('Chat', () => {
  it('stays silent until opened, then starts, listens, sends and shows the reply', async () => {
    const { fetchMock, calls } = server({
      'POST /conversations': (init) => {
        const body = JSON.parse(String(init?.body));
        return json(200, { visitor_id: body.visitor_id, name: 'Glow chat', messages: [] });
      },
      'POST /messages': () => json(202, { message_id: 'web.v.m', duplicate: false }),
      'GET /messages': () => json(200, { items: [], page: 1, per_page: 50, total: 0, total_pages: 0 }),
    });
    const { chat, shadow } = mount(fetchMock);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(localStorage.getItem(storageKey(KEY))).toBeNull();
    expect(FakeSocket.made).toHaveLength(0);

    chat.open();
    await vi.waitFor(() => expect(FakeSocket.made).toHaveLength(1));
    const visitorId = chat.store.visitorId ?? '';
    expect(visitorId).toMatch(/^v_[0-9a-f]{32}$/);
    expect(calls[0]).toEqual({ method: 'POST', url: `${BASE}/conversations`, body: { visitor_id: visitorId } });
    expect(FakeSocket.made[0].url).toBe(`wss://chat.example/api/v1/widget/${KEY}/ws?visitor_id=${visitorId}`);
    expect(shadow.querySelector('#cd-title')?.textContent).toBe('Glow chat');

    expect(chat.send('Do you ship to Milan?')).toBe(true);
    await vi.waitFor(() => expect(chat.messages()[0]?.delivery).toBe('sent'));
    const sent = calls.find((c) => c.method === 'POST' && c.url === `${BASE}/messages`);
    expect(sent?.body).toMatchObject({ visitor_id: visitorId, text: 'Do you ship to Milan?' });

    const socket = FakeSocket.made[0];
    socket.onopen?.({});
    socket.onmessage?.({ data: '{"type":"typing","on":true}' });
    expect(shadow.querySelector<HTMLElement>('.cd-typing')?.hidden).toBe(false);
    socket.onmessage?.({
      data: JSON.stringify({
        type: 'message',
        message_id: 'web.out.1',
        text: 'Yes, in 2 days.',
        content: { type: 'text', text: 'Yes, in 2 days.' },
        sent_at: '2026-01-01T10:00:00Z',
      }),
    });
    expect(shadow.querySelector<HTMLElement>('.cd-typing')?.hidden).toBe(true);
    expect(chat.messages().map((m) => [m.from, m.text])).toEqual([
      ['visitor', 'Do you ship to Milan?'],
      ['business', 'Yes, in 2 days.'],
    ]);
    expect(shadow.querySelector('.cd-business .cd-bubble')?.textContent).toBe('Reply: Yes, in 2 days.');
    // Read while open: no badge.
    expect(chat.store.unread).toBe(0);
    chat.live.stop();
  });

  it('reconnects a returning visitor at once and counts replies that came while away', async () => {
    localStorage.setItem(
      storageKey(KEY),
      JSON.stringify({
        v: 1,
        visitorId: 'v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c',
        server: { name: 'Glow chat' },
        unread: 0,
        messages: [{ key: 'uuid-1', serverId: 'uuid-1', from: 'visitor', text: 'hi', at: 1, delivery: 'sent' }],
      }),
    );
    const { fetchMock, calls } = server({
      'POST /conversations': () =>
        json(200, {
          visitor_id: 'v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c',
          name: 'Glow chat',
          messages: [
            { id: 'uuid-2', from: 'business', text: 'Hello! How can we help?', content: null, status: 'sent', created_at: '2026-01-01T10:01:00Z' },
            { id: 'uuid-1', from: 'visitor', text: 'hi', content: null, status: null, created_at: '2026-01-01T10:00:00Z' },
          ],
        }),
    });
    const { chat, shadow } = mount(fetchMock);
    // Drawn from storage before the network answers.
    expect(shadow.querySelector('#cd-title')?.textContent).toBe('Glow chat');
    expect(shadow.querySelectorAll('.cd-msg.cd-visitor')).toHaveLength(1);
    await vi.waitFor(() => expect(chat.store.unread).toBe(1));
    expect(calls[0].body).toEqual({ visitor_id: 'v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c' });
    expect(shadow.querySelector('.cd-launcher')?.getAttribute('aria-label')).toBe('Open chat, 1 unread');
    chat.open();
    expect(chat.store.unread).toBe(0);
    chat.live.stop();
  });

  it('says so and takes no input when the widget is unknown or the page not allowed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { fetchMock } = server({
      'POST /conversations': () => json(403, { error: { code: 'origin_not_allowed' } }),
    });
    const { chat, shadow } = mount(fetchMock);
    chat.open();
    await vi.waitFor(() => expect(shadow.querySelector<HTMLTextAreaElement>('textarea')?.disabled).toBe(true));
    expect(warn).toHaveBeenCalledWith('ChatDesk widget: origin_not_allowed');
    expect(chat.send('hello?')).toBe(false);
    expect(FakeSocket.made).toHaveLength(0);
  });

  it('says it is reconnecting only while no reply can arrive', async () => {
    vi.useFakeTimers();
    let historyUp = false;
    const { fetchMock } = server({
      'POST /conversations': () => json(200, { visitor_id: 'v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c', name: 'Glow chat', messages: [] }),
      'GET /messages': () =>
        historyUp
          ? json(200, { items: [], page: 1, per_page: 50, total: 0, total_pages: 0 })
          : json(503, { error: { code: 'not_ready' } }),
    });
    // No WebSocket in this browser: polling is the only way replies come.
    const { chat, shadow } = mount(fetchMock, null);
    const notice = () => shadow.querySelector<HTMLElement>('.cd-notice');
    chat.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(chat.live.linkState).toBe('polling');
    expect(notice()?.textContent).toBe('Reconnecting…');

    historyUp = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(notice()?.textContent).toBe('');
    expect(notice()?.hidden).toBe(true);
    chat.live.stop();
    vi.useRealTimers();
  });
});
