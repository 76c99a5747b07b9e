import { Avatar, Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { InboxRow } from '../../api/types';
import classes from './inbox.module.css';
import { CLOSED_STATUSES, shortTime, STATUS_COLOR } from './labels';

interface Props {
  row: InboxRow;
  selected: boolean;
}

/** One conversation in the list: a link, so it is reached with Tab and opened with Enter. */
export function ConversationRow({ row, selected }: Props) {
  const { t, i18n } = useTranslation();
  const name = row.customer.name || t('inbox.unknownCustomer');
  const last = row.last_message;
  const unread = row.unread_count > 0;
  return (
    <UnstyledButton
      component={Link}
      to={`/inbox/${row.id}`}
      className={classes.row}
      data-selected={selected || undefined}
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation-row"
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Avatar radius="xl" size="md" color="initials" name={name} />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="sm" fw={unread ? 700 : 500} truncate>
              {name}
            </Text>
            {last && (
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={new Date(last.at).toLocaleString()}>
                {shortTime(last.at, i18n.language)}
              </Text>
            )}
          </Group>
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="xs" c={unread ? undefined : 'dimmed'} truncate>
              {last ? (last.direction === 'outbound' ? `${t('inbox.you')}: ${last.preview}` : last.preview) : t('inbox.noMessages')}
            </Text>
            {unread && (
              <Badge size="sm" circle={row.unread_count < 10} color="red" aria-label={t('inbox.unreadCount', { count: row.unread_count })}>
                {row.unread_count}
              </Badge>
            )}
          </Group>
          <Group gap={4} wrap="wrap">
            <Badge size="xs" variant="light" color={STATUS_COLOR[row.status] ?? 'gray'}>
              {t(`inbox.statuses.${row.status}`, { defaultValue: row.status })}
            </Badge>
            {!CLOSED_STATUSES.includes(row.status) && (
              <Badge size="xs" variant="outline" color={row.state.owner === 'human' ? 'teal' : 'blue'}>
                {t(`inbox.owners.${row.state.owner}`, { defaultValue: row.state.owner })}
              </Badge>
            )}
            <Badge size="xs" variant="default">
              {t(`channels.platforms.${row.customer.platform}`, { defaultValue: row.customer.platform })}
            </Badge>
            {row.has_order && (
              <Badge size="xs" variant="light" color="grape">
                {t('inbox.hasOrder')}
              </Badge>
            )}
          </Group>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}
