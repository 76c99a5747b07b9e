// Typed fixtures for the inbox's tests: every field the generated schema asks for.
import type { ConversationDetail, ConversationMessage, InboxRow } from '../../api/types';

export const row: InboxRow = {
  id: 'c1',
  status: 'escalated',
  state: {
    id: 'c1',
    channel_id: 'ch1',
    contact_id: 'k1',
    platform: 'whatsapp',
    lifecycle: 'escalated',
    owner: 'human',
    assigned_member_id: null,
    assistant_enabled: true,
    last_handoff_reason: 'order_confirmed',
    last_handoff_at: '2026-11-22T10:00:00Z',
    order_stage: 'order_captured',
    updated_at: '2026-11-22T10:00:00Z',
  },
  customer: { contact_id: 'k1', name: 'Linh Tran', platform: 'whatsapp' },
  last_message: { preview: 'Can I pay on delivery?', direction: 'inbound', at: '2026-11-22T10:00:00Z' },
  unread_count: 3,
  tags: ['vip'],
  has_order: true,
  created_at: '2026-11-22T09:00:00Z',
};

export const message = (over: Partial<ConversationMessage>): ConversationMessage => ({
  id: 'm1',
  direction: 'inbound',
  sender: 'customer',
  sender_member_id: null,
  text: 'Hello',
  status: null,
  failure_code: null,
  at: '2026-11-22T10:00:00Z',
  ...over,
});

export const detail = (messages: ConversationMessage[], page = 1, totalPages = 1): ConversationDetail => ({
  ...row,
  timeline: [],
  notes: [],
  orders: [],
  messages: { items: messages, page, per_page: 30, total: messages.length, total_pages: totalPages },
});
