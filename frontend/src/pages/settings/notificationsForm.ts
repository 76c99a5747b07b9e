// The notification settings as the form edits them, and the body PUT takes. The form's
// field paths match the server's (`choices.0.enabled`, `quiet_hours.timezone`), so a 422's
// field errors land next to their fields.
import { NOTIFICATION_KINDS, NOTIFICATION_MEDIA } from '../../api/constants';
import type { NotificationPreferences, PreferenceChoice, UpdateNotificationPreferences } from '../../api/types';

export interface NotificationValues {
  /** Every kind × medium, in a fixed order (kinds, then media). */
  choices: PreferenceChoice[];
  whatsapp_number: string;
  quiet: boolean;
  quiet_hours: { start: string; end: string; timezone: string };
}

/** The browser's own zone, the natural default for quiet hours. */
export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function fromPreferences(prefs: NotificationPreferences): NotificationValues {
  const enabled = new Map(prefs.choices.map((c) => [`${c.kind}:${c.medium}`, c.enabled]));
  const choices: PreferenceChoice[] = NOTIFICATION_KINDS.flatMap((kind) =>
    NOTIFICATION_MEDIA.map((medium) => ({ kind, medium, enabled: enabled.get(`${kind}:${medium}`) ?? false })),
  );
  // A kind or medium this dashboard does not know yet is kept as it is.
  const known = new Set(choices.map((c) => `${c.kind}:${c.medium}`));
  for (const c of prefs.choices) if (!known.has(`${c.kind}:${c.medium}`)) choices.push({ ...c });
  return {
    choices,
    whatsapp_number: prefs.whatsapp_number ?? '',
    quiet: Boolean(prefs.quiet_hours),
    quiet_hours: prefs.quiet_hours ?? { start: '22:00', end: '07:00', timezone: browserTimezone() },
  };
}

export function toRequest(values: NotificationValues): UpdateNotificationPreferences {
  return {
    choices: values.choices,
    whatsapp_number: values.whatsapp_number.trim() || null,
    quiet_hours: values.quiet ? values.quiet_hours : null,
  };
}

/** Every IANA zone the browser knows (a short list where Intl cannot tell). */
export function timezones(current: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC', 'Europe/London', 'Europe/Madrid', 'Europe/Rome', 'America/New_York', 'Asia/Ho_Chi_Minh'];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}
