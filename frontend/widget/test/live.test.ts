import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_MS, LiveConnection, POLL_MS, type LinkState, type SocketFactory } from '../src/live';
import type { Push } from '../src/wire';

class FakeSocket {
  static made: FakeSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  bufferedAmount = 0;
  sent: string[] = [];
  closed = false;

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.closed = true;
  }

  // What the network does to it:
  accept(): void {
    this.onopen?.({});
  }

  refuse(): void {
    this.onerror?.({});
    this.onclose?.({});
  }

  deliver(data: unknown): void {
    this.onmessage?.({ data });
  }
}

const latest = () => FakeSocket.made[FakeSocket.made.length - 1];

function link(overrides: { socket?: SocketFactory | null } = {}) {
  const pushes: Push[] = [];
  const states: LinkState[] = [];
  const sync = vi.fn(() => Promise.resolve());
  const live = new LiveConnection({
    url: () => 'wss://chat.example/api/v1/widget/wk_1/ws?visitor_id=v_0123456789abcdef',
    onPush: (push) => pushes.push(push),
    onState: (state) => states.push(state),
    sync,
    // The top of every backoff window, so each delay is exactly its ceiling.
    random: () => 0.999999,
    socket: 'socket' in overrides ? overrides.socket : (FakeSocket as unknown as SocketFactory),
  });
  return { live, pushes, states, sync };
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveConnection', () => {
  it('reconnects on the backoff schedule and polls the history while the socket cannot open', async () => {
    const { live, states, sync } = link();
    live.start();
    expect(FakeSocket.made).toHaveLength(1);
    expect(latest().url).toContain('/ws?visitor_id=');

    latest().refuse();
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.made).toHaveLength(2);
    expect(sync).not.toHaveBeenCalled();

    // The second failure in a row: fall back to polling (once now, then every 5 s).
    latest().refuse();
    expect(live.linkState).toBe('polling');
    expect(sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.made).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.made).toHaveLength(3);

    // t = 3 s: the third failure; the next attempt waits 4 s, and the poll started at
    // t = 1 s comes round at t = 6 s meanwhile.
    latest().refuse();
    await vi.advanceTimersByTimeAsync(3999);
    expect(FakeSocket.made).toHaveLength(3);
    expect(sync).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.made).toHaveLength(4);

    // Open at last: polling stops, and one sync catches up on what was missed.
    const callsBefore = sync.mock.calls.length;
    latest().accept();
    expect(live.linkState).toBe('open');
    expect(sync).toHaveBeenCalledTimes(callsBefore + 1);
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(sync).toHaveBeenCalledTimes(callsBefore + 1);
    expect(states).toEqual(['connecting', 'polling', 'open']);
    live.stop();
  });

  it('does not reset the backoff for a socket that opens and drops at once', async () => {
    const { live } = link();
    live.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      latest().accept();
      latest().refuse();
      const before = FakeSocket.made.length;
      let waited = 0;
      while (FakeSocket.made.length === before) {
        await vi.advanceTimersByTimeAsync(500);
        waited += 500;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    live.stop();
  });

  it('sends heartbeats and treats an unsent one as a dead connection', async () => {
    const { live } = link();
    live.start();
    const socket = latest();
    socket.accept();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(socket.sent).toEqual(['{"type":"ping"}']);

    // The beat never left the browser: the link is dead although no close came.
    socket.bufferedAmount = 16;
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(socket.closed).toBe(true);
    expect(live.linkState).toBe('connecting');
    // It had been healthy for 50 s, so the backoff starts again from its first step.
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.made).toHaveLength(2);
    live.stop();
  });

  it('hands over valid pushes and ignores anything else', () => {
    const { live, pushes } = link();
    live.start();
    latest().accept();
    latest().deliver('{"type":"typing","on":true}');
    latest().deliver('not json');
    latest().deliver('{"type":"typing","on":"yes"}');
    latest().deliver(
      JSON.stringify({
        type: 'message',
        message_id: 'web.out.1',
        text: 'Hi!',
        content: { type: 'text', text: 'Hi!' },
        sent_at: '2026-01-01T10:00:00Z',
      }),
    );
    expect(pushes).toEqual([
      { type: 'typing', on: true },
      {
        type: 'message',
        message_id: 'web.out.1',
        text: 'Hi!',
        content: { type: 'text', text: 'Hi!' },
        sent_at: '2026-01-01T10:00:00Z',
      },
    ]);
    live.stop();
  });

  it('polls only when the browser has no WebSocket', async () => {
    const { live, sync } = link({ socket: null });
    live.start();
    expect(live.linkState).toBe('polling');
    expect(sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(sync).toHaveBeenCalledTimes(3);
    live.stop();
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(sync).toHaveBeenCalledTimes(3);
  });

  it('reconnects at once when kicked, and never after stop', async () => {
    const { live } = link();
    live.start();
    latest().refuse();
    expect(FakeSocket.made).toHaveLength(1);
    live.kick();
    expect(FakeSocket.made).toHaveLength(2);
    // Kicking an attempt in flight does nothing.
    live.kick();
    expect(FakeSocket.made).toHaveLength(2);

    latest().refuse();
    live.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made).toHaveLength(2);
    expect(live.linkState).toBe('stopped');
  });

  it('reports the visitor typing only over an open socket', () => {
    const { live } = link();
    live.start();
    live.sendTyping(true);
    expect(latest().sent).toEqual([]);
    latest().accept();
    live.sendTyping(true);
    expect(latest().sent).toEqual(['{"type":"typing","on":true}']);
    live.stop();
  });
});
