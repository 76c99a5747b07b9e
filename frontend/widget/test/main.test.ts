import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
  delete window.ChatDesk;
});

describe('widget.js entry point', () => {
  it('mounts once per key in a closed shadow root and exposes window.ChatDesk', async () => {
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      const body =
        init?.method === 'POST'
          ? { visitor_id: JSON.parse(String(init.body)).visitor_id, name: 'Glow chat', messages: [] }
          : { items: [], page: 1, per_page: 50, total: 0, total_pages: 0 };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    vi.stubGlobal('fetch', fetchMock);
    // No WebSocket in this test: the widget falls back to polling the history.
    vi.stubGlobal('WebSocket', undefined);
    for (let i = 0; i < 2; i += 1) {
      const tag = document.createElement('script');
      tag.src = 'https://chat.example/widget.js';
      tag.setAttribute('data-key', 'wk_demo0000000000');
      tag.setAttribute('data-position', 'left');
      document.body.append(tag);
    }

    await import('../src/main');

    const hosts = document.querySelectorAll('chatdesk-widget');
    expect(hosts).toHaveLength(1);
    const host = hosts[0] as HTMLElement;
    expect(host.getAttribute('data-chatdesk-widget-host')).toBe('wk_demo0000000000');
    // Closed: the page cannot reach inside.
    expect(host.shadowRoot).toBeNull();
    expect(host.style.getPropertyPriority('display')).toBe('important');
    // Nothing goes over the network before the visitor opens the chat.
    expect(fetchMock).not.toHaveBeenCalled();

    const chat = window.ChatDesk;
    expect(chat).toBeDefined();
    chat?.open();
    expect(chat?.isOpen).toBe(true);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(fetchMock.mock.calls[0][0]).toBe('https://chat.example/api/v1/widget/wk_demo0000000000/conversations');
    expect(chat?.get('wk_demo0000000000')).toBeDefined();
    chat?.close();
    expect(chat?.isOpen).toBe(false);
  });
});
