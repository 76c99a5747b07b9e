import { Alert, Box, Button, Chip, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONVERSATION_STATUSES, SALES_CHANNELS } from '../../api/constants';
import { useWorkspace } from '../../auth/AuthProvider';
import { describeError } from '../../components/feedback';
import { ConversationRow } from './ConversationRow';
import { useConversationList, type InboxFilters } from './queries';

interface Props {
  selectedId: string | undefined;
}

/** The inbox's left pane: filters, search, and the conversations (most recent first). */
export function ConversationList({ selectedId }: Props) {
  const { t } = useTranslation();
  const { user } = useWorkspace();
  const [status, setStatus] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [flags, setFlags] = useState<string[]>([]);
  const [tag, setTag] = useState('');
  const [search, setSearch] = useState('');
  // The list is searched on the server: wait for a pause in typing.
  const [q] = useDebouncedValue(search.trim(), 300);
  const [debouncedTag] = useDebouncedValue(tag.trim().toLowerCase(), 300);
  const filters: InboxFilters = {
    status: status ?? undefined,
    channel: channel ?? undefined,
    owner: owner ?? undefined,
    assigned: flags.includes('mine') ? user?.id : undefined,
    unread: flags.includes('unread') ? true : undefined,
    has_order: flags.includes('order') ? true : undefined,
    tag: debouncedTag || undefined,
    q: q || undefined,
  };
  const list = useConversationList(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;

  return (
    <Stack gap="xs" component="section" aria-labelledby="inbox-heading">
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2" id="inbox-heading">
          {t('nav.inbox')}
        </Title>
        {list.data && (
          <Text size="xs" c="dimmed">
            {t('common.total', { count: total })}
          </Text>
        )}
      </Group>
      <TextInput
        aria-label={t('inbox.search')}
        placeholder={t('inbox.search')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        type="search"
      />
      <Group gap="xs" grow>
        <Select
          aria-label={t('inbox.status')}
          placeholder={t('inbox.status')}
          clearable
          size="xs"
          data={CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(`inbox.statuses.${s}`) }))}
          value={status}
          onChange={setStatus}
        />
        <Select
          aria-label={t('inbox.channel')}
          placeholder={t('inbox.channel')}
          clearable
          size="xs"
          data={SALES_CHANNELS.map((c) => ({ value: c, label: t(`channels.platforms.${c}`) }))}
          value={channel}
          onChange={setChannel}
        />
        <Select
          aria-label={t('inbox.owner')}
          placeholder={t('inbox.owner')}
          clearable
          size="xs"
          data={['assistant', 'human'].map((o) => ({ value: o, label: t(`inbox.owners.${o}`) }))}
          value={owner}
          onChange={setOwner}
        />
      </Group>
      <Group gap="xs">
        <Chip.Group multiple value={flags} onChange={setFlags}>
          <Chip size="xs" value="mine">
            {t('inbox.assignedToMe')}
          </Chip>
          <Chip size="xs" value="unread">
            {t('inbox.unread')}
          </Chip>
          <Chip size="xs" value="order">
            {t('inbox.hasOrder')}
          </Chip>
        </Chip.Group>
        <TextInput
          size="xs"
          aria-label={t('inbox.tag')}
          placeholder={t('inbox.tag')}
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          w={110}
        />
      </Group>
      {list.isError && <Alert color="red">{describeError(list.error)}</Alert>}
      <Box role="list" aria-label={t('inbox.conversations')} aria-busy={list.isFetching || undefined}>
        {rows.map((row) => (
          <div role="listitem" key={row.id}>
            <ConversationRow row={row} selected={row.id === selectedId} />
          </div>
        ))}
      </Box>
      {list.isPending && <Loader size="sm" mx="auto" aria-label={t('common.loading')} />}
      {list.data && rows.length === 0 && (
        <Text c="dimmed" ta="center" py="lg" size="sm">
          {t('inbox.empty')}
        </Text>
      )}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('inbox.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
