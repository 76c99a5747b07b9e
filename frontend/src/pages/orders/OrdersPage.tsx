import { Alert, Anchor, Badge, Group, Pagination, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { client } from '../../api/client';
import { ORDER_STATUSES, SALES_CHANNELS } from '../../api/constants';
import { unwrap } from '../../api/errors';
import type { OrderQuery } from '../../api/types';
import { describeError } from '../../components/feedback';
import { STATUS_COLOR } from './transitions';

export default function OrdersPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const query: OrderQuery = {
    status: status ?? undefined,
    channel: channel ?? undefined,
    from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    to: to ? new Date(`${to}T23:59:59`).toISOString() : undefined,
    page,
    per_page: 20,
  };
  const orders = useQuery({
    queryKey: ['orders', query],
    queryFn: () => unwrap(client.GET('/api/v1/orders', { params: { query } })),
    placeholderData: keepPreviousData,
    // New orders arrive from conversations at any time.
    refetchInterval: 10_000,
  });
  const reset = () => setPage(1);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('orders.title')}
      </Title>
      <Group wrap="wrap" gap="sm">
        <Select
          aria-label={t('orders.status')}
          placeholder={t('orders.status')}
          clearable
          w={170}
          data={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) }))}
          value={status}
          onChange={(v) => { setStatus(v); reset(); }}
        />
        <Select
          aria-label={t('orders.channel')}
          placeholder={t('orders.channel')}
          clearable
          w={170}
          data={SALES_CHANNELS.map((c) => ({ value: c, label: t(`channels.platforms.${c}`) }))}
          value={channel}
          onChange={(v) => { setChannel(v); reset(); }}
        />
        <TextInput type="date" aria-label={t('orders.from')} value={from} onChange={(e) => { setFrom(e.currentTarget.value); reset(); }} w={160} />
        <TextInput type="date" aria-label={t('orders.to')} value={to} onChange={(e) => { setTo(e.currentTarget.value); reset(); }} w={160} />
      </Group>
      {orders.isError && <Alert color="red">{describeError(orders.error)}</Alert>}
      <ScrollArea>
        <Table striped highlightOnHover miw={600}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('orders.number')}</Table.Th>
              <Table.Th>{t('orders.status')}</Table.Th>
              <Table.Th>{t('orders.shipTo')}</Table.Th>
              <Table.Th>{t('orders.channel')}</Table.Th>
              <Table.Th>{t('orders.items')}</Table.Th>
              <Table.Th>{t('orders.total')}</Table.Th>
              <Table.Th>{t('orders.captured')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(orders.data?.items ?? []).map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/orders/${o.id}`}>
                    #{o.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[o.status] ?? 'gray'} variant="light">
                    {t(`orders.statuses.${o.status}`, { defaultValue: o.status })}
                  </Badge>
                </Table.Td>
                <Table.Td>{o.shipping_location || '—'}</Table.Td>
                <Table.Td>{o.channel ? t(`channels.platforms.${o.channel}`, { defaultValue: o.channel }) : '—'}</Table.Td>
                <Table.Td>{o.lines.reduce((n, l) => n + l.quantity, 0)}</Table.Td>
                <Table.Td>
                  {o.total.amount} {o.total.currency}
                </Table.Td>
                <Table.Td>{new Date(o.captured_at).toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
            {orders.data && orders.data.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed" ta="center" py="lg">
                    {t('orders.empty')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Pagination total={orders.data?.total_pages ?? 0} value={page} onChange={setPage} />
    </Stack>
  );
}
