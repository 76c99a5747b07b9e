// The inbox's server state: the list (paged, "load more"), one thread (its messages paged
// backwards, "load older"), and the actions on a conversation. Every action refreshes the
// list and the thread; the realtime feed does the same for what others change.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { CONVERSATIONS_KEY, conversationKey, MEMBERS_KEY, ORDERS_KEY } from '../../api/queryKeys';
import type { ConversationDetail, ConversationMessage, InboxQuery } from '../../api/types';

export const LIST_PAGE_SIZE = 25;
export const MESSAGE_PAGE_SIZE = 30;

/** The list's filters: the query without its paging. */
export type InboxFilters = Omit<InboxQuery, 'page' | 'per_page'>;

export function useConversationList(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: [...CONVERSATIONS_KEY, filters],
    queryFn: ({ pageParam }) =>
      unwrap(client.GET('/api/v1/conversations', { params: { query: { ...filters, page: pageParam, per_page: LIST_PAGE_SIZE } } })),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page < last.total_pages ? last.page + 1 : undefined),
    placeholderData: keepPreviousData,
  });
}

/** One conversation; each page carries the whole detail and one page of messages. */
export function useConversation(id: string) {
  return useInfiniteQuery({
    queryKey: conversationKey(id),
    queryFn: ({ pageParam }) =>
      unwrap(
        client.GET('/api/v1/conversations/{id}', {
          params: { path: { id }, query: { page: pageParam, per_page: MESSAGE_PAGE_SIZE } },
        }),
      ),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.messages.page < last.messages.total_pages ? last.messages.page + 1 : undefined),
  });
}

/**
 * The loaded messages oldest first. Pages are read at different moments, so a message
 * that arrived in between shifts the pages and may appear twice: the first copy wins.
 */
export function mergeMessages(pages: ConversationDetail[]): ConversationMessage[] {
  const seen = new Map<string, ConversationMessage>();
  for (const page of pages) for (const m of page.messages.items) if (!seen.has(m.id)) seen.set(m.id, m);
  return [...seen.values()].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

export function useMembers() {
  return useQuery({
    queryKey: MEMBERS_KEY,
    queryFn: () => unwrap(client.GET('/api/v1/members', { params: { query: { per_page: 100 } } })),
    staleTime: 5 * 60_000,
  });
}

/** The customer's orders from every conversation (the detail lists this one's only). */
export function useCustomerOrders(customerId: string) {
  const query = { customer_id: customerId, per_page: 10 };
  return useQuery({
    queryKey: [...ORDERS_KEY, query],
    queryFn: () => unwrap(client.GET('/api/v1/orders', { params: { query } })),
  });
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: ['contact', id],
    queryFn: () => unwrap(client.GET('/api/v1/contacts/{id}', { params: { path: { id: id! } } })),
    enabled: Boolean(id),
  });
}

/** A fresh idempotency key (crypto.randomUUID needs a secure context, plain http lacks it). */
function replyKey(): string {
  return `reply-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** The actions on one conversation; each refreshes the list and the thread. */
export function useConversationActions(id: string) {
  const queryClient = useQueryClient();
  const path = { params: { path: { id } } };
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
    void queryClient.invalidateQueries({ queryKey: conversationKey(id) });
  };
  const options = { onSuccess: refresh };
  return {
    takeOver: useMutation({
      mutationFn: (force: boolean) => unwrap(client.POST('/api/v1/conversations/{id}/takeover', { ...path, body: { force } })),
      ...options,
    }),
    returnToAssistant: useMutation({
      mutationFn: () => unwrap(client.POST('/api/v1/conversations/{id}/return-to-assistant', path)),
      ...options,
    }),
    resolve: useMutation({
      mutationFn: (tags: string[] | null) => unwrap(client.POST('/api/v1/conversations/{id}/resolve', { ...path, body: { tags } })),
      ...options,
    }),
    reopen: useMutation({
      mutationFn: () => unwrap(client.POST('/api/v1/conversations/{id}/reopen', path)),
      ...options,
    }),
    assign: useMutation({
      mutationFn: (memberId: string) =>
        unwrap(client.POST('/api/v1/conversations/{id}/assign', { ...path, body: { member_id: memberId } })),
      ...options,
    }),
    setTags: useMutation({
      mutationFn: (tags: string[]) => unwrap(client.PATCH('/api/v1/conversations/{id}', { ...path, body: { tags } })),
      ...options,
    }),
    reply: useMutation({
      mutationFn: (text: string) =>
        unwrap(
          client.POST('/api/v1/conversations/{id}/messages', {
            ...path,
            // One key per attempt the agent makes: a retried request is sent once.
            body: { text, idempotency_key: replyKey() },
          }),
        ),
      ...options,
    }),
    addNote: useMutation({
      mutationFn: ({ body, mentions }: { body: string; mentions: string[] }) =>
        unwrap(client.POST('/api/v1/conversations/{id}/notes', { ...path, body: { body, mentions } })),
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: conversationKey(id) }),
    }),
    markRead: useMutation({
      mutationFn: () => unwrap(client.POST('/api/v1/conversations/{id}/read', path)),
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY }),
    }),
  };
}
