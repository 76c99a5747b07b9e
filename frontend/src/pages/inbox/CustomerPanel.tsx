import { Anchor, Badge, Card, Group, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ConversationDetail } from '../../api/types';
import { canEdit, useWorkspace } from '../../auth/AuthProvider';
import { notifyError } from '../../components/feedback';
import { STATUS_COLOR as ORDER_STATUS_COLOR } from '../orders/transitions';
import { useContact, useCustomerOrders, type useConversationActions } from './queries';

interface Props {
  conversation: ConversationDetail;
  actions: ReturnType<typeof useConversationActions>;
}

/** Who the customer is: their profile on the platform, their orders, the conversation's tags. */
export function CustomerPanel({ conversation, actions }: Props) {
  const { t } = useTranslation();
  const { role } = useWorkspace();
  const contact = useContact(conversation.customer.contact_id);
  const customerOrders = useCustomerOrders(conversation.customer.contact_id);
  const orders = customerOrders.data?.items ?? conversation.orders;
  const [tags, setTags] = useState(conversation.tags);
  // Another member (or the realtime feed) may change the tags while this is open.
  const serverTags = conversation.tags.join(',');
  useEffect(() => setTags(serverTags ? serverTags.split(',') : []), [serverTags]);
  const c = contact.data;
  const row = (label: string, value: string | null | undefined) =>
    value ? (
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text size="xs" truncate>
          {value}
        </Text>
      </Group>
    ) : null;

  return (
    <Stack gap="sm" component="aside" aria-label={t('inbox.customer')}>
      <Card withBorder padding="sm">
        <Title order={3} size="h5" mb="xs">
          {t('inbox.customer')}
        </Title>
        <Text fw={600}>{conversation.customer.name || c?.display_name || t('inbox.unknownCustomer')}</Text>
        <Stack gap={2} mt="xs">
          {row(t('inbox.channel'), t(`channels.platforms.${conversation.customer.platform}`, { defaultValue: conversation.customer.platform }))}
          {row(t('inbox.platformId'), c?.platform_user_id)}
          {row(t('inbox.locale'), c?.locale)}
          {row(t('inbox.consent'), c ? t(`inbox.consents.${c.consent}`, { defaultValue: c.consent }) : null)}
          {row(t('inbox.firstSeen'), c ? new Date(c.created_at).toLocaleDateString() : null)}
          {c?.blocked && (
            <Badge color="red" size="sm">
              {t('inbox.blocked')}
            </Badge>
          )}
          {c?.notes && (
            <Text size="xs" mt={4}>
              {c.notes}
            </Text>
          )}
        </Stack>
      </Card>
      <Card withBorder padding="sm">
        <Title order={3} size="h5" mb="xs">
          {t('inbox.orders')}
        </Title>
        {orders.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('inbox.noOrders')}
          </Text>
        ) : (
          <Stack gap={6} data-testid="customer-orders">
            {orders.map((o) => (
              <Group key={o.id} justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/orders/${o.id}`} size="sm">
                  #{o.number}
                </Anchor>
                <Badge size="xs" variant="light" color={ORDER_STATUS_COLOR[o.status] ?? 'gray'}>
                  {t(`orders.statuses.${o.status}`, { defaultValue: o.status })}
                </Badge>
                <Text size="xs">
                  {o.total.amount} {o.total.currency}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
      <Card withBorder padding="sm">
        <TagsInput
          label={t('inbox.tags')}
          description={t('inbox.tagsHint')}
          value={tags}
          onChange={(next) => {
            setTags(next);
            actions.setTags.mutate(next, { onError: notifyError });
          }}
          maxTags={20}
          disabled={!canEdit(role)}
          clearable
        />
      </Card>
    </Stack>
  );
}
