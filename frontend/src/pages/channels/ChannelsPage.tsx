import { Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconBrandInstagram, IconBrandMessenger, IconBrandWhatsapp, IconWorld } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Channel } from '../../api/types';
import { canManage, useWorkspace } from '../../auth/AuthProvider';
import { notifyError, notifySuccess } from '../../components/feedback';
import { ConnectForm, type Platform } from './ConnectForms';
import { WidgetPanel } from './WidgetPanel';

const ICONS = { messenger: IconBrandMessenger, instagram: IconBrandInstagram, whatsapp: IconBrandWhatsapp, web: IconWorld };
const STATUS_COLOR: Record<string, string> = { active: 'teal', reconnect_required: 'orange', disconnected: 'gray' };
const PLATFORMS: Platform[] = ['messenger', 'instagram', 'whatsapp', 'web'];

export function useChannels() {
  return useQuery({
    queryKey: ['channels'],
    queryFn: () => unwrap(client.GET('/api/v1/channels', { params: { query: { per_page: 100 } } })),
  });
}

export default function ChannelsPage() {
  const { t } = useTranslation();
  const { role } = useWorkspace();
  const manage = canManage(role);
  const queryClient = useQueryClient();
  const channels = useChannels();
  const [connecting, setConnecting] = useState<{ platform: Platform; channel?: Channel } | null>(null);
  const [showing, setShowing] = useState<Channel | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['channels'] });
  const disconnect = useMutation({
    mutationFn: (id: string) => unwrap(client.DELETE('/api/v1/channels/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(t('channels.disconnected'));
      refresh();
    },
    onError: notifyError,
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('channels.title')}
      </Title>
      {manage && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          {PLATFORMS.map((p) => {
            const Icon = ICONS[p];
            return (
              <Card key={p} withBorder>
                <Group mb="xs">
                  <Icon size={24} aria-hidden />
                  <Text fw={600}>{t(`channels.platforms.${p}`)}</Text>
                </Group>
                <Text size="sm" c="dimmed" mb="sm">
                  {t(`channels.describe.${p}`)}
                </Text>
                <Button variant="light" onClick={() => setConnecting({ platform: p })}>
                  {p === 'web' ? t('channels.createWidget') : t('channels.connect')}
                </Button>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      <Title order={2} size="h3">
        {t('channels.connected')}
      </Title>
      {channels.data?.items.length === 0 && <Text c="dimmed">{t('channels.none')}</Text>}
      <Stack>
        {(channels.data?.items ?? []).map((c) => {
          const Icon = ICONS[c.platform as Platform] ?? IconWorld;
          return (
            <Card key={c.id} withBorder>
              <Group justify="space-between" wrap="wrap">
                <Group>
                  <Icon size={24} aria-hidden />
                  <div>
                    <Text fw={600}>{c.name}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`channels.platforms.${c.platform}`, { defaultValue: c.platform })} · {c.account_id}
                    </Text>
                  </div>
                  <Badge color={STATUS_COLOR[c.status] ?? 'gray'} variant="light">
                    {t(`channels.statuses.${c.status}`, { defaultValue: c.status })}
                  </Badge>
                </Group>
                {manage && (
                  <Group gap="xs">
                    {c.widget && (
                      <Button variant="default" size="xs" onClick={() => setShowing(c)}>
                        {t('channels.embed')}
                      </Button>
                    )}
                    {c.platform !== 'web' && c.status !== 'active' && (
                      <Button size="xs" onClick={() => setConnecting({ platform: c.platform as Platform, channel: c })}>
                        {t('channels.reconnect')}
                      </Button>
                    )}
                    {c.status !== 'disconnected' && (
                      <Button
                        size="xs"
                        color="red"
                        variant="light"
                        onClick={() =>
                          modals.openConfirmModal({
                            title: t('channels.disconnectTitle'),
                            children: <Text size="sm">{t('channels.disconnectConfirm', { name: c.name })}</Text>,
                            labels: { confirm: t('channels.disconnect'), cancel: t('common.cancel') },
                            confirmProps: { color: 'red' },
                            onConfirm: () => disconnect.mutate(c.id),
                          })
                        }
                      >
                        {t('channels.disconnect')}
                      </Button>
                    )}
                  </Group>
                )}
              </Group>
            </Card>
          );
        })}
      </Stack>
      <Modal opened={connecting !== null} onClose={() => setConnecting(null)} title={connecting ? t(`channels.platforms.${connecting.platform}`) : ''}>
        {connecting && (
          <ConnectForm
            platform={connecting.platform}
            initial={connecting.channel}
            onDone={(channel) => {
              setConnecting(null);
              refresh();
              notifySuccess(t('channels.connectedOk', { name: channel.name }));
              if (channel.widget) setShowing(channel);
            }}
          />
        )}
      </Modal>
      <Modal opened={showing !== null} onClose={() => setShowing(null)} title={showing?.name} size="xl">
        {showing && <WidgetPanel channel={showing} />}
      </Modal>
    </Stack>
  );
}
