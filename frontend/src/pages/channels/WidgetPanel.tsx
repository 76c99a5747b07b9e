import { Avatar, Box, Button, Code, ColorInput, CopyButton, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Channel } from '../../api/types';
import { notifyError, notifySuccess } from '../../components/feedback';
import { readableTextOn, themeFromServer, themeToRequest, type WidgetTheme } from './widgetTheme';

/** A drawing of the widget as visitors will see it, updated as the theme changes. */
function WidgetPreview({ theme, name }: { theme: WidgetTheme; name: string }) {
  const { t } = useTranslation();
  const text = readableTextOn(theme.color);
  const side = theme.position === 'left' ? { left: 16 } : { right: 16 };
  return (
    <Box pos="relative" h={360} bg="var(--mantine-color-default-hover)" style={{ borderRadius: 8, overflow: 'hidden' }} aria-label={t('channels.preview')} role="img">
      <Paper shadow="md" pos="absolute" bottom={72} w={250} style={{ ...side, overflow: 'hidden' }}>
        <Group bg={theme.color} c={text} p="xs" gap="xs">
          {theme.avatar && <Avatar src={theme.avatar} size="sm" alt="" />}
          <Text fw={600} size="sm" c={text}>
            {theme.title || name}
          </Text>
        </Group>
        <Stack p="xs" gap={6}>
          <Paper bg="var(--mantine-color-default)" p={6} radius="md" withBorder maw="80%">
            <Text size="xs">{theme.greeting || t('channels.previewGreeting')}</Text>
          </Paper>
          <Paper bg={theme.color} c={text} p={6} radius="md" maw="80%" ml="auto">
            <Text size="xs" c={text}>
              {t('channels.previewQuestion')}
            </Text>
          </Paper>
        </Stack>
      </Paper>
      <Group pos="absolute" bottom={16} bg={theme.color} c={text} px="sm" h={44} gap={6} style={{ ...side, borderRadius: 22 }}>
        <IconMessageCircle size={20} />
        {theme.buttonText && (
          <Text size="sm" c={text} fw={500}>
            {theme.buttonText}
          </Text>
        )}
      </Group>
    </Box>
  );
}

export function WidgetPanel({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [theme, setTheme] = useState<WidgetTheme>(() => themeFromServer(channel.widget?.theme));
  const save = useMutation({
    mutationFn: (next: WidgetTheme) =>
      unwrap(
        client.PATCH('/api/v1/channels/{id}/widget', {
          params: { path: { id: channel.id } },
          body: { theme: themeToRequest(next) },
        }),
      ),
    onSuccess: (saved) => {
      setTheme(themeFromServer(saved.widget?.theme));
      notifySuccess(t('channels.themeSaved'));
      void queryClient.invalidateQueries({ queryKey: ['channels'] });
    },
    onError: notifyError,
  });
  if (!channel.widget) return null;
  // The theme travels with the widget's start response, so the snippet stays the same.
  const snippet = channel.widget.embed_snippet;
  const set = <K extends keyof WidgetTheme>(key: K, value: WidgetTheme[K]) => setTheme((th) => ({ ...th, [key]: value }));
  return (
    <Stack>
      <Title order={3} size="h4">
        {t('channels.embedTitle')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('channels.embedHelp')}
      </Text>
      <Code block>{snippet}</Code>
      <Group>
        <CopyButton value={snippet}>
          {({ copied, copy }) => (
            <Button color={copied ? 'teal' : 'violet'} onClick={copy}>
              {copied ? t('channels.copied') : t('channels.copySnippet')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack>
          <Text fw={500}>{t('channels.theme')}</Text>
          <SegmentedControl
            aria-label={t('channels.position')}
            data={[
              { value: 'left', label: t('channels.left') },
              { value: 'right', label: t('channels.right') },
            ]}
            value={theme.position}
            onChange={(v) => set('position', v === 'left' ? 'left' : 'right')}
          />
          <ColorInput label={t('channels.color')} format="hex" value={theme.color} onChange={(v) => set('color', v)} />
          <TextInput label={t('channels.buttonText')} maxLength={40} value={theme.buttonText} onChange={(e) => set('buttonText', e.currentTarget.value)} />
          <TextInput label={t('channels.headerTitle')} maxLength={80} value={theme.title} onChange={(e) => set('title', e.currentTarget.value)} />
          <TextInput label={t('channels.avatar')} placeholder="https://" value={theme.avatar} onChange={(e) => set('avatar', e.currentTarget.value)} />
          <TextInput label={t('channels.greeting')} maxLength={500} value={theme.greeting} onChange={(e) => set('greeting', e.currentTarget.value)} />
          <Text size="xs" c="dimmed">
            {t('channels.themeHelp')}
          </Text>
          <Group>
            <Button onClick={() => save.mutate(theme)} loading={save.isPending}>
              {t('channels.saveTheme')}
            </Button>
          </Group>
        </Stack>
        <WidgetPreview theme={theme} name={channel.name} />
      </SimpleGrid>
    </Stack>
  );
}
