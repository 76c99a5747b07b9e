import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { describeError } from '../../components/feedback';

/** The server's cap on an agent reply (conversations_dto.rs AGENT_REPLY_MAX). */
const REPLY_MAX = 2000;

interface Props {
  /** The conversation's platform, to name it in the window explanation. */
  platform: string;
  /** Whether the dashboard already knows the window is closed (see replyWindow). */
  window: 'open' | 'closed' | 'unknown';
  /** Sends the reply; rejects with the server's error. */
  onSend: (text: string) => Promise<unknown>;
  /** Called as the agent types (teammates see it). */
  onTyping?: () => void;
}

/** Which of the server's refusals (details.window) applies, for the explanation. */
function windowRule(error: ApiError): string {
  const rule = (error.details as { window?: unknown } | null)?.window;
  return typeof rule === 'string' ? rule : 'closed';
}

/** The reply box. A refusal by the platform's messaging window is explained, not just shown. */
export function Composer({ platform, window, onSend, onTyping }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const platformName = t(`channels.platforms.${platform}`, { defaultValue: platform });

  const send = async () => {
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend(body);
      setText('');
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  const refused = error instanceof ApiError && error.code === 'outside_messaging_window';
  return (
    <Stack gap="xs">
      {(refused || window === 'closed') && (
        <Alert color="yellow" title={t('inbox.window.title')} data-testid="window-explanation">
          <Text size="sm">{t(`inbox.window.${refused ? windowRule(error) : 'closed'}`, { platform: platformName })}</Text>
          <Text size="sm" mt={4}>
            {t('inbox.window.options')}
          </Text>
        </Alert>
      )}
      {error != null && !refused && (
        <Alert color="red" withCloseButton onClose={() => setError(null)}>
          {describeError(error)}
        </Alert>
      )}
      <Textarea
        label={t('inbox.reply')}
        placeholder={t('inbox.replyPlaceholder')}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={REPLY_MAX}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onTyping?.();
        }}
        onKeyDown={onKeyDown}
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {t('inbox.sendHint')}
        </Text>
        <Button leftSection={<IconSend size={16} />} onClick={() => void send()} loading={sending} disabled={!text.trim()}>
          {t('inbox.send')}
        </Button>
      </Group>
    </Stack>
  );
}
