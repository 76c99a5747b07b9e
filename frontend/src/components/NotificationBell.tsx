import { ActionIcon, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { client } from '../api/client';
import { unwrap } from '../api/errors';
import { NOTIFICATIONS_KEY } from '../api/queryKeys';
import type { NotificationItem } from '../api/types';
import { notifyError } from './feedback';

/** The header's bell: the member's in-app feed, refreshed by `notification.created`. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const feed = useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: () => unwrap(client.GET('/api/v1/notifications', { params: { query: { per_page: 15 } } })),
    // The realtime feed refreshes it; this only catches a socket that is down.
    refetchInterval: 120_000,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(client.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/notifications/read-all')),
    onSuccess: refresh,
    onError: notifyError,
  });
  const unread = feed.data?.unread ?? 0;
  const open = (n: NotificationItem) => {
    if (!n.read_at) markRead.mutate(n.id);
    setOpened(false);
    if (n.link) navigate(n.link);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={320} withinPortal shadow="md">
      <Popover.Target>
        <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} color="red" offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={t('notifications.bell', { count: unread })} onClick={() => setOpened((o) => !o)}>
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py="xs">
          <Text fw={600} size="sm">
            {t('notifications.title')}
          </Text>
          <Button size="compact-xs" variant="subtle" disabled={unread === 0} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={360}>
          <Stack gap={0}>
            {(feed.data?.items ?? []).map((n) => (
              <UnstyledButton key={n.id} onClick={() => open(n)} px="sm" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
                <Text size="sm" fw={n.read_at ? 400 : 700}>
                  {n.title}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {n.body}
                </Text>
                <Text size="xs" c="dimmed">
                  {new Date(n.created_at).toLocaleString()}
                </Text>
              </UnstyledButton>
            ))}
            {feed.data && feed.data.items.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="md">
                {t('notifications.empty')}
              </Text>
            )}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

