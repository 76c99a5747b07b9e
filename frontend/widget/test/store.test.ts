import { beforeEach, describe, expect, it } from 'vitest';
import { MessageStore, storageKey, type ChatMessage } from '../src/store';
import type { WireMessage } from '../src/wire';

const KEY = 'wk_0190f5a27b1c7d3e9f00aa11bb22cc33';

function wire(id: string, from: 'visitor' | 'business', text: string, minute: number): WireMessage {
  return {
    id,
    from,
    text,
    content: null,
    status: from === 'business' ? 'sent' : null,
    created_at: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  };
}

function local(key: string, text: string, delivery: ChatMessage['delivery'], at = Date.UTC(2026, 0, 1, 11)): ChatMessage {
  return { key, from: 'visitor', text, at, delivery, unconfirmed: true };
}

beforeEach(() => localStorage.clear());

describe('MessageStore persistence', () => {
  it('keeps the visitor, messages, server details and unread count per public key', () => {
    const store = new MessageStore(localStorage, KEY);
    store.load();
    store.setVisitor('v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c');
    store.setServer({ name: 'Glow chat' });
    store.add(local('m_1', 'Do you ship to Milan?', 'pending'));
    store.addUnread(2);

    const again = new MessageStore(localStorage, KEY);
    again.load();
    expect(again.visitorId).toBe('v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c');
    expect(again.server).toEqual({ name: 'Glow chat' });
    expect(again.messages).toEqual([local('m_1', 'Do you ship to Milan?', 'pending')]);
    expect(again.unread).toBe(2);
    expect(again.hasConversation).toBe(true);
    expect(again.pending().map((m) => m.key)).toEqual(['m_1']);

    const otherWidget = new MessageStore(localStorage, 'wk_other');
    otherWidget.load();
    expect(otherWidget.visitorId).toBeNull();
    expect(otherWidget.messages).toEqual([]);
    expect(JSON.parse(localStorage.getItem(storageKey(KEY)) ?? '{}').v).toBe(1);
  });

  it('ignores what it cannot read, and survives storage that refuses writes', () => {
    localStorage.setItem(storageKey(KEY), '{not json');
    const store = new MessageStore(localStorage, KEY);
    store.load();
    expect(store.messages).toEqual([]);

    localStorage.setItem(
      storageKey(KEY),
      JSON.stringify({ v: 1, visitorId: 7, messages: [{ key: 'ok', from: 'visitor', text: 'hi', at: 1 }, { key: 3 }], unread: -4 }),
    );
    store.load();
    expect(store.visitorId).toBeNull();
    expect(store.messages.map((m) => m.key)).toEqual(['ok']);
    expect(store.unread).toBe(0);

    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    } as unknown as Storage;
    const inMemory = new MessageStore(full, KEY);
    inMemory.load();
    expect(inMemory.add(local('m_1', 'hi', 'pending'))).toBe(true);
    expect(inMemory.messages).toHaveLength(1);

    const none = new MessageStore(null, KEY);
    none.load();
    none.setVisitor('v_0123456789abcdef');
    expect(none.visitorId).toBe('v_0123456789abcdef');
  });

  it('keeps the latest messages within its limit, but never drops a send still to make', () => {
    const store = new MessageStore(localStorage, KEY, 3);
    store.add(local('m_1', 'one', 'pending'));
    store.add(local('m_2', 'two', 'sent'));
    store.add(local('m_3', 'three', 'sent'));
    store.add(local('m_4', 'four', 'sent'));
    expect(store.messages.map((m) => m.key)).toEqual(['m_1', 'm_3', 'm_4']);
  });

  it('updates a message added again under the same key and tells listeners', () => {
    const store = new MessageStore(localStorage, KEY);
    let calls = 0;
    const unsubscribe = store.subscribe(() => (calls += 1));
    expect(store.add(local('m_1', 'hi', 'pending'))).toBe(true);
    expect(store.add({ ...local('m_1', 'hi', 'sent') })).toBe(false);
    store.update('m_1', { delivery: 'failed' });
    expect(store.messages).toHaveLength(1);
    expect(store.get('m_1')?.delivery).toBe('failed');
    expect(calls).toBe(3);
    unsubscribe();
    store.markRead();
    expect(calls).toBe(3);
  });
});

describe('MessageStore.mergeHistory', () => {
  it('confirms local sends and pushed replies under their own keys', () => {
    const store = new MessageStore(localStorage, KEY);
    store.add(local('m_1', 'Do you ship to Milan?', 'sent'));
    store.add({ key: 'web.out.1', from: 'business', text: 'Yes, in 2 days.', at: Date.UTC(2026, 0, 1, 11, 1), unconfirmed: true });

    const newReplies = store.mergeHistory(
      [wire('uuid-2', 'business', 'Yes, in 2 days.', 2), wire('uuid-1', 'visitor', 'Do you ship to Milan?', 1)],
      true,
    );
    expect(newReplies).toBe(0);
    expect(store.messages).toEqual([
      { key: 'm_1', serverId: 'uuid-1', from: 'visitor', text: 'Do you ship to Milan?', content: null, at: Date.UTC(2026, 0, 1, 10, 1), delivery: 'sent' },
      { key: 'web.out.1', serverId: 'uuid-2', from: 'business', text: 'Yes, in 2 days.', content: null, at: Date.UTC(2026, 0, 1, 10, 2) },
    ]);
  });

  it('counts replies it had not seen and keeps sends the server has not shown yet', () => {
    const store = new MessageStore(localStorage, KEY);
    store.mergeHistory([wire('uuid-1', 'visitor', 'hi', 1)], true);
    store.add(local('m_2', 'hi', 'pending'));
    store.add(local('m_3', 'are you there?', 'failed'));

    const newReplies = store.mergeHistory(
      [wire('uuid-3', 'business', 'Hello!', 3), wire('uuid-2', 'business', 'One moment', 2), wire('uuid-1', 'visitor', 'hi', 1)],
      true,
    );
    expect(newReplies).toBe(2);
    // The pending "hi" is not the old "hi" the store already knew: it stays pending.
    expect(store.messages.map((m) => [m.key, m.delivery ?? null, m.unconfirmed ?? false])).toEqual([
      ['uuid-1', 'sent', false],
      ['uuid-2', null, false],
      ['uuid-3', null, false],
      ['m_2', 'pending', true],
      ['m_3', 'failed', true],
    ]);
  });

  it('confirms a pending send the server already has (its answer was lost)', () => {
    const store = new MessageStore(localStorage, KEY);
    store.add(local('m_1', 'hi', 'pending'));
    store.mergeHistory([wire('uuid-1', 'visitor', 'hi', 1)], true);
    expect(store.messages.map((m) => [m.key, m.serverId, m.delivery])).toEqual([['m_1', 'uuid-1', 'sent']]);
    expect(store.pending()).toEqual([]);
  });

  it('keeps older messages beyond a partial page, and drops them when the page is complete', () => {
    const store = new MessageStore(localStorage, KEY);
    store.mergeHistory([wire('uuid-2', 'business', 'two', 2), wire('uuid-1', 'visitor', 'one', 1)], true);
    store.mergeHistory([wire('uuid-3', 'visitor', 'three', 3), wire('uuid-2', 'business', 'two', 2)], false);
    expect(store.messages.map((m) => m.key)).toEqual(['uuid-1', 'uuid-2', 'uuid-3']);
    store.mergeHistory([wire('uuid-3', 'visitor', 'three', 3)], true);
    expect(store.messages.map((m) => m.key)).toEqual(['uuid-3']);
  });

  it('reads rich business content and keeps its text', () => {
    const store = new MessageStore(localStorage, KEY);
    store.mergeHistory(
      [
        {
          ...wire('uuid-1', 'business', 'Pick a size', 1),
          content: { type: 'text', text: 'Pick a size', quick_replies: [{ title: '50 ml', payload: 'size:50' }] },
        },
      ],
      true,
    );
    expect(store.messages[0].content).toEqual({
      type: 'text',
      text: 'Pick a size',
      quick_replies: [{ title: '50 ml', payload: 'size:50' }],
    });
    expect(store.messages[0].delivery).toBeUndefined();
  });
});
