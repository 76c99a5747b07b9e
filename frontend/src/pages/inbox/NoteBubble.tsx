import { Group, Text } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ConversationNote } from '../../api/types';
import classes from './inbox.module.css';

interface Props {
  note: ConversationNote;
  /** Display names of the members the note mentions, in its order. */
  mentioned: string[];
}

/** An internal note in the thread: centred and dashed, so no one mistakes it for a sent message. */
export function NoteBubble({ note, mentioned }: Props) {
  const { t } = useTranslation();
  const author = note.author.name ?? t('inbox.notes.formerMember');
  const label = t('inbox.notes.by', { name: author });
  return (
    <div className={classes.note} data-testid="note" role="article" aria-label={label}>
      <Group gap={4} wrap="nowrap" mb={2}>
        <IconNote size={14} aria-hidden />
        <Text size="xs" fw={600} c="dimmed">
          {label}
        </Text>
      </Group>
      <Text size="sm">{note.body}</Text>
      <Group gap={6} justify="space-between" mt={2} wrap="nowrap">
        <Text size="xs" c="dimmed">
          {mentioned.length > 0 ? t('inbox.notes.mentions', { names: mentioned.join(', ') }) : t('inbox.notes.neverSent')}
        </Text>
        <Text size="xs" c="dimmed" title={new Date(note.created_at).toLocaleString()}>
          {new Date(note.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </Text>
      </Group>
    </div>
  );
}
