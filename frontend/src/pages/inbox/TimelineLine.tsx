import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../api/types';

interface Props {
  entry: TimelineEntry;
  memberName: string | null;
}

/** What happened to the conversation, as a small centred line between the messages. */
export function TimelineLine({ entry, memberName }: Props) {
  const { t } = useTranslation();
  const reason = entry.reason ? t(`inbox.reasons.${entry.reason}`, { defaultValue: entry.reason }) : null;
  const event =
    entry.kind === 'escalated'
      ? reason
        ? t('inbox.timeline.escalatedBecause', { reason })
        : t('inbox.timeline.escalated')
      : t(`inbox.timeline.${entry.kind}`, { defaultValue: entry.kind });
  // The member is named when the server recorded one who is still on the team.
  const text = memberName ? t('inbox.timeline.by', { event, name: memberName }) : event;
  return (
    <Text size="xs" c="dimmed" ta="center" data-testid="timeline-entry" role="note">
      — {text} · {new Date(entry.at).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })} —
    </Text>
  );
}
