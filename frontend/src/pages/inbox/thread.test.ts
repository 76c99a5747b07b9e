import { describe, expect, it } from 'vitest';
import type { ConversationNote, TimelineEntry } from '../../api/types';
import { detail, message } from './fixtures';
import { replyWindow } from './labels';
import { mergeMessages } from './queries';
import { interleave } from './Thread';

describe('thread assembly', () => {
  it('merges pages oldest first and drops a message two pages both hold', () => {
    const newest = detail([message({ id: 'm3', at: '2026-11-22T10:03:00Z' }), message({ id: 'm2', at: '2026-11-22T10:02:00Z' })]);
    const older = detail([message({ id: 'm2', at: '2026-11-22T10:02:00Z' }), message({ id: 'm1', at: '2026-11-22T10:01:00Z' })], 2, 2);
    expect(mergeMessages([newest, older]).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('puts events between messages and holds back those older than what is loaded', () => {
    const event = (id: string, kind: string, at: string): TimelineEntry => ({ id, kind, reason: null, member_id: null, at });
    const messages = [message({ id: 'm1', at: '2026-11-22T10:01:00Z' }), message({ id: 'm2', at: '2026-11-22T10:05:00Z' })];
    const timeline = [
      event('e0', 'escalated', '2026-11-22T09:00:00Z'),
      event('e1', 'agent_joined', '2026-11-22T10:02:00Z'),
      event('e2', 'created', '2026-11-22T10:01:30Z'),
    ];
    const ids = (complete: boolean) =>
      interleave(messages, timeline, [], complete).map((i) => (i.kind === 'message' ? i.message.id : i.kind === 'note' ? i.note.id : i.entry.id));
    expect(ids(false)).toEqual(['m1', 'e1', 'm2']);
    expect(ids(true)).toEqual(['e0', 'm1', 'e1', 'm2']);
  });

  it('places internal notes by when they were written', () => {
    const note = (id: string, at: string): ConversationNote => ({
      id,
      body: 'call her back',
      author: { member_id: 'u1', name: 'Ana' },
      mentions: [],
      created_at: at,
    });
    const messages = [message({ id: 'm1', at: '2026-11-22T10:01:00Z' }), message({ id: 'm2', at: '2026-11-22T10:05:00Z' })];
    const notes = [note('n0', '2026-11-22T09:00:00Z'), note('n1', '2026-11-22T10:03:00Z')];
    const kinds = (complete: boolean) => interleave(messages, [], notes, complete).map((i) => `${i.kind}:${i.kind === 'note' ? i.note.id : i.kind === 'message' ? i.message.id : i.entry.id}`);
    expect(kinds(false)).toEqual(['message:m1', 'note:n1', 'message:m2']);
    expect(kinds(true)).toEqual(['note:n0', 'message:m1', 'note:n1', 'message:m2']);
  });
});

describe('reply window', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it('follows each platform rule', () => {
    expect(replyWindow('whatsapp', '2026-11-22T00:00:00Z', now)).toBe('open');
    expect(replyWindow('whatsapp', '2026-11-21T11:00:00Z', now)).toBe('closed');
    expect(replyWindow('messenger', '2026-11-18T12:00:00Z', now)).toBe('open');
    expect(replyWindow('instagram', '2026-11-10T12:00:00Z', now)).toBe('closed');
    expect(replyWindow('web', '2026-01-01T00:00:00Z', now)).toBe('open');
    expect(replyWindow('whatsapp', null, now)).toBe('unknown');
  });
});
