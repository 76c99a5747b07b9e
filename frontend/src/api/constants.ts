// The server's closed vocabularies that the dashboard offers as choices (the schema types
// them as plain strings). Each list names where the server defines it.

/** handoff::HandoffReason switches (GET /assistant/settings `handoff_triggers`). */
export const HANDOFF_TRIGGERS = [
  'order_confirmed',
  'medical_question',
  'custom_request',
  'complaint',
  'low_confidence',
  'customer_request',
  'repeated_failure',
  'outside_hours',
] as const;

/** identity::BrandTone. */
export const TONES = ['friendly', 'luxe', 'influencer', 'professional', 'casual'] as const;

/** orders::OrderStatus. */
export const ORDER_STATUSES = ['captured', 'in_progress', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** orders::SalesChannel. */
export const SALES_CHANNELS = ['messenger', 'instagram', 'whatsapp', 'web', 'playground'] as const;

/**
 * The playground's `decision` is a free-form object in the schema; these are the fields
 * the assistant's policy writes there (handoff::Decision).
 */
export interface DecisionView {
  action?: string;
  reason?: string;
  because?: string;
  team_available?: boolean;
}

/** handoff::Lifecycle (GET /conversations `status`). */
export const CONVERSATION_STATUSES = ['active', 'waiting', 'escalated', 'agent_handling', 'resolved', 'abandoned', 'archived'] as const;

/** notifications::NotificationKind (GET/PUT /notification-preferences). */
export const NOTIFICATION_KINDS = [
  'order_captured',
  'handoff_requested',
  'customer_waiting',
  'channel_reconnect',
  'new_message',
  'weekly_digest',
] as const;

/** notifications::Medium. */
export const NOTIFICATION_MEDIA = ['in_app', 'email', 'whatsapp'] as const;
