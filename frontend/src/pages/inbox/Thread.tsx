import { ActionIcon, Alert, Badge, Box, Button, Group, Loader, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { typingKey } from '../../api/queryKeys';
import type { ConversationMessage, ConversationNote, TimelineEntry } from '../../api/types';
import { canEdit, useWorkspace } from '../../auth/AuthProvider';
import { describeError } from '../../components/feedback';
import { announceTyping, type Typing } from '../../realtime/typing';
import { Composer } from './Composer';
import { ConversationActions } from './ConversationActions';
import { CustomerPanel } from './CustomerPanel';
import { CLOSED_STATUSES, memberName, replyWindow, STATUS_COLOR } from './labels';
import { MessageBubble } from './MessageBubble';
import { NoteBubble } from './NoteBubble';
import { NoteForm } from './NoteForm';
import { mergeMessages, useConversation, useConversationActions, useMembers } from './queries';
import { TimelineLine } from './TimelineLine';

/** `created` says nothing the first message does not; a note shows itself. */
const HIDDEN_EVENTS = ['created', 'note_added'];

type Item =
  | { kind: 'message'; at: string; message: ConversationMessage }
  | { kind: 'event'; at: string; entry: TimelineEntry }
  | { kind: 'note'; at: string; note: ConversationNote };

const itemKey = (item: Item) => (item.kind === 'message' ? item.message.id : item.kind === 'note' ? item.note.id : item.entry.id);

/**
 * Messages, internal notes and timeline events in one column, oldest first. Notes and
 * events older than the oldest loaded message wait until "load older" reaches them, so
 * the history reads in order.
 */
export function interleave(messages: ConversationMessage[], timeline: TimelineEntry[], notes: ConversationNote[], complete: boolean): Item[] {
  const oldest = messages[0]?.at;
  const loaded = (at: string) => complete || !oldest || at >= oldest;
  const items: Item[] = [
    ...messages.map((message) => ({ kind: 'message' as const, at: message.at, message })),
    ...timeline
      .filter((entry) => !HIDDEN_EVENTS.includes(entry.kind) && loaded(entry.at))
      .map((entry) => ({ kind: 'event' as const, at: entry.at, entry })),
    ...notes.filter((note) => loaded(note.created_at)).map((note) => ({ kind: 'note' as const, at: note.created_at, note })),
  ];
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

interface Props {
  id: string;
}

/** One conversation: header and actions, the thread, the reply box, and the customer panel. */
export function Thread({ id }: Props) {
  const { t } = useTranslation();
  const { role, user } = useWorkspace();
  const conversation = useConversation(id);
  const members = useMembers();
  const actions = useConversationActions(id);
  const pages = conversation.data?.pages;
  const detail = pages?.[0];
  const messages = useMemo(() => (pages ? mergeMessages(pages) : []), [pages]);
  const items = useMemo(
    () => (detail ? interleave(messages, detail.timeline, detail.notes, !conversation.hasNextPage) : []),
    [detail, messages, conversation.hasNextPage],
  );
  // Set by the realtime feed when a teammate types here; never fetched.
  const typing = useQuery<Typing | null>({ queryKey: typingKey(id), queryFn: () => null, enabled: false, staleTime: Infinity });
  const viewport = useRef<HTMLDivElement>(null);
  const newest = messages[messages.length - 1]?.id;

  // Opening it (or a new customer message while it is open) marks it read for the team.
  const unread = detail?.unread_count ?? 0;
  const { mutate: markRead } = actions.markRead;
  useEffect(() => {
    if (unread > 0) markRead();
  }, [id, unread, newest, markRead]);

  // Follow the newest message or event; loading older ones keeps the reader where they are.
  const last = items[items.length - 1];
  const lastKey = last ? itemKey(last) : null;
  useEffect(() => {
    const el = viewport.current;
    if (el && lastKey) el.scrollTo?.({ top: el.scrollHeight });
  }, [lastKey]);

  if (conversation.isError) return <Alert color="red">{describeError(conversation.error)}</Alert>;
  if (!detail) return <Loader mx="auto" mt="xl" aria-label={t('common.loading')} />;

  const state = detail.state;
  const customerName = detail.customer.name || t('inbox.unknownCustomer');
  const lastCustomer = [...messages].reverse().find((m) => m.direction === 'inbound')?.at ?? detail.last_message?.at ?? null;
  const window = replyWindow(detail.customer.platform, lastCustomer);
  const closed = CLOSED_STATUSES.includes(detail.status);
  // A person replies once the conversation is theirs (or waits for one, escalated).
  const canReply = state.owner === 'human' && !closed && (!state.assigned_member_id || state.assigned_member_id === user?.id);
  const editor = canEdit(role);

  return (
    <Group align="flex-start" gap="md" wrap="wrap">
      <Stack gap="sm" style={{ flex: '1 1 420px', minWidth: 0 }}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <ActionIcon component={Link} to="/inbox" variant="subtle" hiddenFrom="md" aria-label={t('inbox.back')}>
              <IconArrowLeft size={18} />
            </ActionIcon>
            <Title order={2} size="h3" lineClamp={1}>
              {customerName}
            </Title>
            <Badge variant="light" color={STATUS_COLOR[detail.status] ?? 'gray'}>
              {t(`inbox.statuses.${detail.status}`, { defaultValue: detail.status })}
            </Badge>
            {!closed && (
              <Badge variant="outline" color={state.owner === 'human' ? 'teal' : 'blue'}>
                {t(`inbox.owners.${state.owner}`, { defaultValue: state.owner })}
              </Badge>
            )}
          </Group>
          {state.assigned_member_id && !closed && (
            <Text size="xs" c="dimmed">
              {t('inbox.handledBy', { name: memberName(members.data?.items, state.assigned_member_id) ?? t('inbox.someone') })}
            </Text>
          )}
        </Group>
        {editor && <ConversationActions conversation={detail} members={members.data?.items} actions={actions} />}
        <Paper withBorder radius="md">
          <ScrollArea h="calc(100dvh - 470px)" mih={260} viewportRef={viewport} type="auto">
            <Stack gap="xs" p="sm" role="log" aria-label={t('inbox.thread')}>
              {conversation.hasNextPage && (
                <Button
                  variant="subtle"
                  size="xs"
                  mx="auto"
                  onClick={() => void conversation.fetchNextPage()}
                  loading={conversation.isFetchingNextPage}
                >
                  {t('inbox.loadOlder')}
                </Button>
              )}
              {items.length === 0 && (
                <Text c="dimmed" ta="center" size="sm">
                  {t('inbox.noMessages')}
                </Text>
              )}
              {items.map((item) => (
                <Fragment key={itemKey(item)}>
                  {item.kind === 'note' ? (
                    <NoteBubble
                      note={item.note}
                      mentioned={item.note.mentions.map((m) => memberName(members.data?.items, m) ?? t('inbox.someone'))}
                    />
                  ) : item.kind === 'message' ? (
                    <MessageBubble
                      message={item.message}
                      customerName={customerName}
                      agentName={memberName(members.data?.items, item.message.sender_member_id)}
                    />
                  ) : (
                    <TimelineLine entry={item.entry} memberName={memberName(members.data?.items, item.entry.member_id)} />
                  )}
                </Fragment>
              ))}
            </Stack>
          </ScrollArea>
        </Paper>
        {typing.data && (
          <Text size="xs" c="dimmed" aria-live="polite" data-testid="typing">
            {t('inbox.typing', { name: memberName(members.data?.items, typing.data.userId) ?? t('inbox.someone') })}
          </Text>
        )}
        {editor &&
          (canReply ? (
            <Composer
              platform={detail.customer.platform}
              window={window}
              onSend={(text) => actions.reply.mutateAsync(text)}
              onTyping={() => announceTyping(id)}
            />
          ) : (
            <Alert color="gray" data-testid="reply-locked">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm">
                  {closed
                    ? t('inbox.reopenToReply')
                    : state.owner === 'human' && state.assigned_member_id
                      ? t('inbox.otherHandles', { name: memberName(members.data?.items, state.assigned_member_id) ?? t('inbox.someone') })
                      : t('inbox.takeOverToReply')}
                </Text>
              </Group>
            </Alert>
          ))}
        {editor && (
          <NoteForm
            members={members.data?.items ?? []}
            selfId={user?.id}
            onAdd={(body, mentions) => actions.addNote.mutateAsync({ body, mentions })}
          />
        )}
      </Stack>
      <Box w={{ base: '100%', lg: 300 }} style={{ flexShrink: 0 }}>
        <CustomerPanel conversation={detail} actions={actions} />
      </Box>
    </Group>
  );
}
