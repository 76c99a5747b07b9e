// How the inbox names and colours the server's vocabulary, and what it can tell about
// the platform's messaging window before the agent types.
import type { Member } from '../../api/types';

export const STATUS_COLOR: Record<string, string> = {
  active: 'blue',
  waiting: 'gray',
  escalated: 'orange',
  agent_handling: 'teal',
  resolved: 'green',
  abandoned: 'gray',
  archived: 'dark',
};

export const CLOSED_STATUSES = ['resolved', 'abandoned', 'archived'];

/** The member's name, else their email, else null when not a member (any more). */
export function memberName(members: Member[] | undefined, id: string | null | undefined): string | null {
  if (!id) return null;
  const m = members?.find((x) => x.user_id === id || x.id === id);
  return m ? m.name || m.email : null;
}

const HOUR = 3_600_000;

/**
 * Whether a person may still send a free reply, as far as the dashboard can tell from the
 * customer's last message (channels::messaging_window decides on send): WhatsApp allows 24
 * hours, Messenger and Instagram 7 days with the human-agent tag; the web widget and the
 * playground have no window. `unknown` when the customer never wrote.
 */
export function replyWindow(platform: string, lastCustomerAt: string | null, now = Date.now()): 'open' | 'closed' | 'unknown' {
  const limit = platform === 'whatsapp' ? 24 * HOUR : platform === 'messenger' || platform === 'instagram' ? 7 * 24 * HOUR : null;
  if (limit === null) return 'open';
  if (!lastCustomerAt) return 'unknown';
  return now - Date.parse(lastCustomerAt) < limit ? 'open' : 'closed';
}

/** A short relative time for the list ("5 min", "3 h", a date after a week). */
export function shortTime(iso: string, language: string, now = Date.now()): string {
  const at = Date.parse(iso);
  const minutes = Math.round((now - at) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'narrow' });
  if (minutes < 1) return rtf.format(0, 'minute');
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  if (minutes < 24 * 60) return rtf.format(-Math.round(minutes / 60), 'hour');
  if (minutes < 7 * 24 * 60) return rtf.format(-Math.round(minutes / (24 * 60)), 'day');
  return new Date(at).toLocaleDateString(language);
}
