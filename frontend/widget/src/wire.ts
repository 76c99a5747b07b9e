// The JSON the widget API speaks (`apps/server/src/routes/widget*.rs`).

import type { ServerTheme } from './config';

/** A business message's rich content (`OutboundContent` on the server). */
export type Content =
  | { type: 'text'; text: string; quick_replies?: QuickReply[] }
  | { type: 'buttons'; text: string; buttons: Button[] }
  | {
      type: 'list';
      header?: string | null;
      body: string;
      footer?: string | null;
      button_label: string;
      sections: Array<{ title?: string | null; rows: ListRow[] }>;
    }
  | { type: 'image'; url: string; caption?: string | null }
  | { type: 'template'; name: string };

export interface QuickReply {
  title: string;
  payload: string;
}

export interface Button {
  title: string;
  action: { type: 'postback'; payload: string } | { type: 'url'; url: string };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string | null;
}

/** `WidgetMessageResponse`. */
export interface WireMessage {
  id: string;
  from: 'visitor' | 'business';
  text: string | null;
  content: Content | null;
  status: string | null;
  created_at: string;
}

/** `StartResponse`; `theme` is read when the server sends one. */
export interface StartResponse {
  visitor_id: string;
  name: string;
  messages: WireMessage[];
  theme?: ServerTheme | null;
}

export interface SendRequest {
  visitor_id: string;
  client_message_id: string;
  text: string;
}

export interface SendResponse {
  message_id: string;
  duplicate: boolean;
}

export interface Paginated<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
  total_pages: number;
}

/** What the socket pushes (`WidgetPush`). */
export type Push =
  | { type: 'message'; message_id: string; text: string; content: Content | null; sent_at: string }
  | { type: 'typing'; on: boolean };

export function parsePush(raw: unknown): Push | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const push = value as Record<string, unknown>;
  if (push.type === 'typing' && typeof push.on === 'boolean') return { type: 'typing', on: push.on };
  if (
    push.type === 'message' &&
    typeof push.message_id === 'string' &&
    typeof push.text === 'string' &&
    typeof push.sent_at === 'string'
  ) {
    const content =
      push.content && typeof push.content === 'object' ? (push.content as Content) : null;
    return {
      type: 'message',
      message_id: push.message_id,
      text: push.text,
      content,
      sent_at: push.sent_at,
    };
  }
  return null;
}
