import { beforeEach, describe, expect, it, vi } from 'vitest';
import { WidgetApi } from '../src/api';
import { RESEND, backoffDelay } from '../src/backoff';
import { MAX_TEXT_CHARS, Outbox } from '../src/outbox';
import { MessageStore } from '../src/store';

const KEY = 'wk_0190f5a27b1c7d3e9f00aa11bb22cc33';
const VISITOR = 'v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c';
const ENDPOINT = `https://chat.example/api/v1/widget/${KEY}/messages`;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const accepted = (id = 'web.v.m') => json(202, { message_id: id, duplicate: false });

function setup(responses: Array<Response | Error>) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  });
  const store = new MessageStore(localStorage, KEY);
  store.setVisitor(VISITOR);
  const sleeps: number[] = [];
  let ids = 0;
  const outbox = new Outbox(new WidgetApi('https://chat.example', KEY, fetchMock), store, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    newId: () => `m_${(ids += 1)}`,
    now: () => 1_767_261_600_000,
  });
  const bodies = () => fetchMock.mock.calls.map(([, init]) => JSON.parse(String(init?.body)));
  return { fetchMock, store, outbox, sleeps, bodies };
}

beforeEach(() => localStorage.clear());

describe('Outbox', () => {
  it('stores the message as pending, posts it with its client id, then marks it sent', async () => {
    const { fetchMock, store, outbox } = setup([accepted()]);
    const written = outbox.write('  Do you ship to Milan? 🇮🇹 \n');
    expect(written?.message).toEqual({
      key: 'm_1',
      from: 'visitor',
      text: 'Do you ship to Milan? 🇮🇹',
      at: 1_767_261_600_000,
      delivery: 'pending',
      unconfirmed: true,
    });
    expect(store.get('m_1')?.delivery).toBe('pending');
    await written?.delivered;

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(ENDPOINT);
    expect(init?.method).toBe('POST');
    expect(init?.credentials).toBe('omit');
    expect(init?.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(JSON.parse(String(init?.body))).toEqual({
      visitor_id: VISITOR,
      client_message_id: 'm_1',
      text: 'Do you ship to Milan? 🇮🇹',
    });
    expect(store.get('m_1')?.delivery).toBe('sent');
  });

  it('retries a failed send with the same client message id', async () => {
    const { store, outbox, sleeps, bodies } = setup([
      json(503, { error: { code: 'internal_error' } }),
      new TypeError('Failed to fetch'),
      accepted(),
    ]);
    await outbox.write('hello')?.delivered;
    expect(bodies()).toEqual([
      { visitor_id: VISITOR, client_message_id: 'm_1', text: 'hello' },
      { visitor_id: VISITOR, client_message_id: 'm_1', text: 'hello' },
      { visitor_id: VISITOR, client_message_id: 'm_1', text: 'hello' },
    ]);
    expect(sleeps).toEqual([backoffDelay(0, RESEND, () => 0.5), backoffDelay(1, RESEND, () => 0.5)]);
    expect(store.get('m_1')?.delivery).toBe('sent');
  });

  it('waits as long as a 429 says', async () => {
    const { outbox, sleeps, store } = setup([
      json(429, { error: { code: 'rate_limited' } }, { 'retry-after': '7' }),
      accepted(),
    ]);
    await outbox.write('one more')?.delivered;
    expect(sleeps).toEqual([7000]);
    expect(store.get('m_1')?.delivery).toBe('sent');
  });

  it('marks a refused send failed at once, and the visitor can retry it', async () => {
    const { fetchMock, outbox, store, bodies } = setup([
      json(422, { error: { code: 'validation_failed' } }),
      accepted(),
    ]);
    await outbox.write('hi')?.delivered;
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(store.get('m_1')?.delivery).toBe('failed');

    await outbox.retry('m_1');
    expect(bodies()[1]).toEqual({ visitor_id: VISITOR, client_message_id: 'm_1', text: 'hi' });
    expect(store.get('m_1')?.delivery).toBe('sent');
  });

  it('gives up after its attempts when the network stays down', async () => {
    const errors = Array.from({ length: 6 }, () => new TypeError('offline'));
    const { fetchMock, outbox, store, sleeps } = setup(errors);
    await outbox.write('anyone?')?.delivered;
    expect(fetchMock).toHaveBeenCalledTimes(6);
    expect(sleeps).toHaveLength(5);
    expect(store.get('m_1')?.delivery).toBe('failed');
  });

  it('sends one message at a time, in the order written', async () => {
    let release: (r: Response) => void = () => undefined;
    const first = new Promise<Response>((resolve) => (release = resolve));
    const fetchMock = vi.fn((_url: string, _init?: RequestInit) =>
      fetchMock.mock.calls.length === 1 ? first : Promise.resolve(accepted()),
    );
    const store = new MessageStore(localStorage, KEY);
    store.setVisitor(VISITOR);
    let ids = 0;
    const outbox = new Outbox(new WidgetApi('https://chat.example', KEY, fetchMock), store, {
      newId: () => `m_${(ids += 1)}`,
    });
    const a = outbox.write('first');
    const b = outbox.write('second');
    await Promise.resolve();
    await Promise.resolve();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    release(accepted());
    await Promise.all([a?.delivered, b?.delivered]);
    expect(fetchMock.mock.calls.map(([, init]) => JSON.parse(String(init?.body)).text)).toEqual(['first', 'second']);
    expect(store.messages.map((m) => m.delivery)).toEqual(['sent', 'sent']);
  });

  it('stores nothing for blank or too long text', async () => {
    const { fetchMock, outbox, store } = setup([accepted()]);
    expect(outbox.write('   \n ')).toBeNull();
    expect(outbox.write('ü'.repeat(MAX_TEXT_CHARS + 1))).toBeNull();
    const longest = outbox.write('ü'.repeat(MAX_TEXT_CHARS));
    expect(longest).not.toBeNull();
    await longest?.delivered;
    expect(store.messages).toHaveLength(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('sends what a previous page view left pending, with the ids it had', async () => {
    const { store, outbox, bodies } = setup([accepted(), accepted()]);
    store.add({ key: 'm_old1', from: 'visitor', text: 'left behind', at: 1, delivery: 'pending', unconfirmed: true });
    store.add({ key: 'm_old2', from: 'visitor', text: 'me too', at: 2, delivery: 'pending', unconfirmed: true });
    store.add({ key: 'm_done', from: 'visitor', text: 'already sent', at: 0, delivery: 'sent' });
    await outbox.flush();
    expect(bodies().map((b) => b.client_message_id)).toEqual(['m_old1', 'm_old2']);
    expect(store.pending()).toEqual([]);
  });
});
