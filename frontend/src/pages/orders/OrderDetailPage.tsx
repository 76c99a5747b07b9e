import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { OrderStatus } from '../../api/constants';
import type { Order } from '../../api/types';
import { canEdit, useWorkspace } from '../../auth/AuthProvider';
import { PageLoader } from '../../components/PageLoader';
import { describeError, notifyError } from '../../components/feedback';
import { nextStatuses, STATUS_COLOR } from './transitions';

const ACTION_COLOR: Record<string, string> = { in_progress: 'blue', completed: 'teal', cancelled: 'red' };

export default function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { role } = useWorkspace();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const path = { params: { path: { id } } };
  const order = useQuery({ queryKey: ['order', id], queryFn: () => unwrap(client.GET('/api/v1/orders/{id}', path)) });
  const customerId = order.data?.customer_id;
  const customer = useQuery({
    queryKey: ['contact', customerId],
    queryFn: () => unwrap(client.GET('/api/v1/contacts/{id}', { params: { path: { id: customerId ?? '' } } })),
    enabled: !!customerId,
    retry: false,
  });
  const changeStatus = useMutation({
    mutationFn: (status: OrderStatus) => unwrap(client.PATCH('/api/v1/orders/{id}/status', { ...path, body: { status } })),
    onSuccess: (next) => {
      queryClient.setQueryData(['order', id], next);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
    // A 409 means someone else moved the order meanwhile: show theirs.
    onError: (e) => {
      notifyError(e);
      void order.refetch();
    },
  });
  const addNote = useMutation({
    mutationFn: (text: string) => unwrap(client.POST('/api/v1/orders/{id}/notes', { ...path, body: { text } })),
    onSuccess: (added) => {
      setNote('');
      queryClient.setQueryData<Order>(['order', id], (current) => (current ? { ...current, notes: [...current.notes, added] } : current));
    },
    onError: notifyError,
  });

  if (order.isError) return <Alert color="red">{describeError(order.error)}</Alert>;
  if (!order.data) return <PageLoader />;
  const o = order.data;
  return (
    <Stack>
      <Anchor component={Link} to="/orders" size="sm">
        ← {t('orders.back')}
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Group>
          <Title order={1} size="h2">
            {t('orders.order', { number: o.number })}
          </Title>
          <Badge color={STATUS_COLOR[o.status] ?? 'gray'} size="lg" variant="light">
            {t(`orders.statuses.${o.status}`, { defaultValue: o.status })}
          </Badge>
        </Group>
        {canEdit(role) && (
          <Group gap="xs">
            {nextStatuses(o.status).map((s) => (
              <Button key={s} color={ACTION_COLOR[s]} variant="light" loading={changeStatus.isPending && changeStatus.variables === s} onClick={() => changeStatus.mutate(s)}>
                {t(`orders.actions.${s}`)}
              </Button>
            ))}
          </Group>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder style={{ gridColumn: 'span 2' }}>
          <Title order={2} size="h4" mb="sm">
            {t('orders.lines')}
          </Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orders.product')}</Table.Th>
                <Table.Th>{t('orders.variant')}</Table.Th>
                <Table.Th>{t('orders.quantity')}</Table.Th>
                <Table.Th>{t('orders.unitPrice')}</Table.Th>
                <Table.Th>{t('orders.lineTotal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {o.lines.map((l, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{l.product_name}</Table.Td>
                  <Table.Td>{l.variant_name ?? '—'}</Table.Td>
                  <Table.Td>{l.quantity}</Table.Td>
                  <Table.Td>
                    {l.unit_price.amount}
                    {l.offer && (
                      <Text size="xs" c="dimmed">
                        {l.offer.name}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{l.line_total.amount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th colSpan={4}>{t('orders.total')}</Table.Th>
                <Table.Th>
                  {o.total.amount} {o.total.currency}
                </Table.Th>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('orders.customer')}
          </Title>
          <Text fw={500}>{customer.data?.display_name ?? customer.data?.platform_user_id ?? t('orders.unknownCustomer')}</Text>
          {customer.data && (
            <Text size="sm" c="dimmed">
              {t(`channels.platforms.${customer.data.platform}`, { defaultValue: customer.data.platform })}
            </Text>
          )}
          <Text size="sm" mt="sm">
            {t('orders.shipTo')}: {o.shipping_location || '—'}
          </Text>
          {o.channel && (
            <Text size="sm">
              {t('orders.channel')}: {t(`channels.platforms.${o.channel}`, { defaultValue: o.channel })}
            </Text>
          )}
          {o.conversation_id && (
            <Anchor component={Link} to={`/inbox?conversation=${o.conversation_id}`} size="sm">
              {t('orders.openConversation')}
            </Anchor>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('orders.notes')}
        </Title>
        <Stack gap="xs">
          {o.notes.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('orders.noNotes')}
            </Text>
          )}
          {o.notes.map((n) => (
            <Card key={n.id} p="xs" bg="var(--mantine-color-default-hover)">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {n.text}
              </Text>
              <Text size="xs" c="dimmed">
                {new Date(n.created_at).toLocaleString()}
              </Text>
            </Card>
          ))}
          {canEdit(role) && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (note.trim()) addNote.mutate(note.trim());
              }}
            >
              <Stack gap="xs">
                <Textarea label={t('orders.addNote')} autosize minRows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
                <Group justify="flex-end">
                  <Button type="submit" loading={addNote.isPending} disabled={!note.trim()}>
                    {t('orders.saveNote')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
