import { Alert, Button, Group, MultiSelect, Stack, Textarea } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../api/types';
import { describeError } from '../../components/feedback';

/** The server's cap on a note (note.rs `NOTE_MAX`). */
const NOTE_MAX = 5000;

interface Props {
  /** The workspace's members, to mention; the current user is left out. */
  members: Member[];
  selfId: string | undefined;
  /** Saves the note; rejects with the server's error. */
  onAdd: (body: string, mentions: string[]) => Promise<unknown>;
}

/** Writes an internal note: seen by the team, never sent; mentioned members are notified. */
export function NoteForm({ members, selfId, onAdd }: Props) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [mentions, setMentions] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = members.filter((m) => m.user_id !== selfId).map((m) => ({ value: m.user_id, label: m.name || m.email }));

  const add = async () => {
    const text = body.trim();
    if (!text || saving) return;
    setSaving(true);
    setError(null);
    try {
      await onAdd(text, mentions);
      setBody('');
      setMentions([]);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="note-form">
      {error != null && (
        <Alert color="red" withCloseButton onClose={() => setError(null)}>
          {describeError(error)}
        </Alert>
      )}
      <Textarea
        label={t('inbox.notes.label')}
        description={t('inbox.notes.hint')}
        autosize
        minRows={1}
        maxRows={6}
        maxLength={NOTE_MAX}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <Group justify="space-between" align="flex-end" wrap="wrap">
        {options.length > 0 && (
          <MultiSelect
            label={t('inbox.notes.mention')}
            data={options}
            value={mentions}
            onChange={setMentions}
            searchable
            clearable
            style={{ flex: '1 1 200px' }}
          />
        )}
        <Button variant="light" color="yellow" leftSection={<IconNote size={16} />} onClick={() => void add()} loading={saving} disabled={!body.trim()}>
          {t('inbox.notes.add')}
        </Button>
      </Group>
    </Stack>
  );
}
