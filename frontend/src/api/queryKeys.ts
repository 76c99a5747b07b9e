// Query keys more than one module names: the pages that read the data and the realtime
// feed that says when it changed (src/realtime/invalidation.ts).

/** Every inbox list, whatever its filters (`['conversations', query]`). */
export const CONVERSATIONS_KEY = ['conversations'] as const;
/** Every open thread (`['conversation', id]`). */
export const CONVERSATION_KEY = ['conversation'] as const;
export const conversationKey = (id: string) => ['conversation', id] as const;
/** The orders list, whatever its filters (`['orders', query]`), as OrdersPage names it. */
export const ORDERS_KEY = ['orders'] as const;
/** One order (`['order', id]`), as OrderDetailPage names it. */
export const orderKey = (id: string) => ['order', id] as const;
export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const NOTIFICATION_PREFERENCES_KEY = ['notification-preferences'] as const;
export const MEMBERS_KEY = ['members'] as const;
/** Who is typing in a conversation, set by the realtime feed (never fetched). */
export const typingKey = (conversationId: string) => ['typing', conversationId] as const;
