import { Alert, Badge, Button, Card, Grid, Group, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import type { PlaygroundTurn } from '../../api/types';
import { describeError, notifyError } from '../../components/feedback';
import { DebugPanel } from './DebugPanel';

interface Bubble {
  id: string;
  from: 'customer' | 'assistant' | 'system';
  text: string;
}

const newSession = () => `pg-${Math.random().toString(36).slice(2, 10)}`;

export default function PlaygroundPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [session, setSession] = useState(newSession);
  const [bubbles, setBubbles] = useState<Bubble[]>([]);
  const [text, setText] = useState('');
  const [turn, setTurn] = useState<PlaygroundTurn | null>(null);
  const viewport = useRef<HTMLDivElement>(null);

  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [bubbles]);

  const send = useMutation({
    mutationFn: (message: string) => unwrap(client.POST('/api/v1/playground/messages', { body: { text: message, session } })),
    onSuccess: (response) => {
      setTurn(response);
      const reply = response.reply;
      setBubbles((b) => [
        ...b,
        reply
          ? { id: `${response.message_id}-reply`, from: 'assistant', text: reply.text }
          : { id: `${response.message_id}-silent`, from: 'system', text: t('playground.silent') },
      ]);
      if (response.order) void queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
    onError: (e) => setBubbles((b) => [...b, { id: `err-${Date.now()}`, from: 'system', text: describeError(e) }]),
  });

  const reset = useMutation({
    // A session that never sent a message has nothing to forget (404): start over anyway.
    mutationFn: () =>
      unwrap(client.DELETE('/api/v1/playground/sessions/{session}', { params: { path: { session } } })).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    onSettled: () => {
      setSession(newSession());
      setBubbles([]);
      setTurn(null);
    },
    onError: notifyError,
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const message = text.trim();
    if (!message || send.isPending) return;
    setBubbles((b) => [...b, { id: `c-${Date.now()}`, from: 'customer', text: message }]);
    setText('');
    send.mutate(message);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('playground.title')}
        </Title>
        <Group gap="xs">
          <Badge variant="outline">{t('playground.session', { session })}</Badge>
          <Button variant="default" onClick={() => reset.mutate()} loading={reset.isPending}>
            {t('playground.newSession')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('playground.help')}
      </Text>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder h={520} p={0} style={{ display: 'flex', flexDirection: 'column' }}>
            <ScrollArea style={{ flex: 1 }} viewportRef={viewport} p="sm">
              <Stack gap="xs" aria-live="polite" aria-label={t('playground.conversation')}>
                {bubbles.length === 0 && (
                  <Text c="dimmed" size="sm" ta="center" mt="xl">
                    {t('playground.empty')}
                  </Text>
                )}
                {bubbles.map((b) => (
                  <Card
                    key={b.id}
                    p="xs"
                    radius="lg"
                    maw="80%"
                    ml={b.from === 'customer' ? 'auto' : undefined}
                    bg={b.from === 'customer' ? 'violet' : b.from === 'system' ? 'var(--mantine-color-yellow-light)' : 'var(--mantine-color-default-hover)'}
                    c={b.from === 'customer' ? 'white' : undefined}
                    data-from={b.from}
                  >
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {b.text}
                    </Text>
                  </Card>
                ))}
                {send.isPending && (
                  <Text size="xs" c="dimmed">
                    {t('playground.typing')}
                  </Text>
                )}
              </Stack>
            </ScrollArea>
            <form onSubmit={submit} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
              <Group p="sm" gap="xs" wrap="nowrap">
                <TextInput
                  aria-label={t('playground.message')}
                  placeholder={t('playground.placeholder')}
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                  style={{ flex: 1 }}
                  maxLength={2000}
                />
                <Button type="submit" loading={send.isPending}>
                  {t('playground.send')}
                </Button>
              </Group>
            </form>
          </Card>
          {send.isError && (
            <Alert color="red" mt="xs">
              {describeError(send.error)}
            </Alert>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Title order={2} size="h4" mb="xs">
            {t('playground.debug')}
          </Title>
          <DebugPanel turn={turn} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
