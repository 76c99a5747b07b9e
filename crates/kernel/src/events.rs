//! The `EventBus` port: how a domain announces that something changed, so dashboards
//! (over WebSocket) and other domains can react without the writer knowing who listens.
//!
//! Events are facts about committed changes and carry only ids: a listener that needs
//! the new state reads it, so an event can never show data the reader may not see.

use async_trait::async_trait;
use serde::Serialize;
use uuid::Uuid;

use crate::WorkspaceId;

/// Something that happened in one workspace. Serialized as
/// `{"type": "product_changed", "workspace_id": "...", "product_id": "..."}`.
///
/// Ids of entities owned by other crates travel as plain UUIDs, because the kernel
/// cannot name their typed ids (those crates depend on the kernel, not the reverse).
/// Non-exhaustive so that adding an event never breaks a listener elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DomainEvent {
    /// A product was created, edited, restored, or its variants, stock or availability moved.
    ProductChanged {
        workspace_id: WorkspaceId,
        product_id: Uuid,
    },
    /// A product was removed from sale (soft delete) or erased (hard delete).
    ProductDeleted {
        workspace_id: WorkspaceId,
        product_id: Uuid,
    },
    /// An offer was created, changed or removed: effective prices may have moved.
    OffersChanged { workspace_id: WorkspaceId },
    /// A conversation's owner, status, assistant switch or order capture changed.
    ConversationUpdated {
        workspace_id: WorkspaceId,
        conversation_id: Uuid,
    },
    /// The conversation was handed to the team (`reason`: a `handoff::HandoffReason` name).
    HandoffRequested {
        workspace_id: WorkspaceId,
        conversation_id: Uuid,
        reason: String,
    },
    /// A customer confirmed an order in a conversation.
    OrderCaptured {
        workspace_id: WorkspaceId,
        order_id: Uuid,
        conversation_id: Uuid,
    },
    /// An order's status moved (in progress, completed, cancelled) or it got a note.
    OrderUpdated {
        workspace_id: WorkspaceId,
        order_id: Uuid,
    },
    /// A message was stored: a customer's (`direction` "inbound") or ours, queued to
    /// send ("outbound").
    MessageCreated {
        workspace_id: WorkspaceId,
        message_id: Uuid,
        channel_id: Uuid,
        contact_id: Uuid,
        direction: String,
    },
    /// One of our messages moved on (`status`: a `channels::DeliveryStatus` name).
    MessageStatusChanged {
        workspace_id: WorkspaceId,
        message_id: Uuid,
        status: String,
    },
    /// A conversation waits on the team (`reason`: `no_agent_reply`, a person handles
    /// it and the customer has had no answer for 10 minutes). Raised by the lifecycle
    /// sweeper once per unanswered customer message.
    ConversationNeedsAttention {
        workspace_id: WorkspaceId,
        conversation_id: Uuid,
        reason: String,
    },
    /// A notification reached one member's feed (`member_id`: the member's user id;
    /// `kind` and `priority`: `notifications` names). Only that member is told live.
    NotificationCreated {
        workspace_id: WorkspaceId,
        member_id: Uuid,
        notification_id: Uuid,
        kind: String,
        priority: String,
    },
}

impl DomainEvent {
    /// The tenant the event belongs to; subscribers only ever see their own workspace's.
    pub fn workspace_id(&self) -> WorkspaceId {
        match self {
            DomainEvent::ProductChanged { workspace_id, .. }
            | DomainEvent::ProductDeleted { workspace_id, .. }
            | DomainEvent::OffersChanged { workspace_id }
            | DomainEvent::ConversationUpdated { workspace_id, .. }
            | DomainEvent::HandoffRequested { workspace_id, .. }
            | DomainEvent::OrderCaptured { workspace_id, .. }
            | DomainEvent::OrderUpdated { workspace_id, .. }
            | DomainEvent::MessageCreated { workspace_id, .. }
            | DomainEvent::MessageStatusChanged { workspace_id, .. }
            | DomainEvent::ConversationNeedsAttention { workspace_id, .. }
            | DomainEvent::NotificationCreated { workspace_id, .. } => *workspace_id,
        }
    }

    /// The same name the `type` field carries when serialized.
    pub fn name(&self) -> &'static str {
        match self {
            DomainEvent::ProductChanged { .. } => "product_changed",
            DomainEvent::ProductDeleted { .. } => "product_deleted",
            DomainEvent::OffersChanged { .. } => "offers_changed",
            DomainEvent::ConversationUpdated { .. } => "conversation_updated",
            DomainEvent::HandoffRequested { .. } => "handoff_requested",
            DomainEvent::OrderCaptured { .. } => "order_captured",
            DomainEvent::OrderUpdated { .. } => "order_updated",
            DomainEvent::MessageCreated { .. } => "message_created",
            DomainEvent::MessageStatusChanged { .. } => "message_status_changed",
            DomainEvent::ConversationNeedsAttention { .. } => "conversation_needs_attention",
            DomainEvent::NotificationCreated { .. } => "notification_created",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EventBusError {
    #[error("unexpected event bus failure: {0}")]
    Unexpected(String),
}

/// Publishes events after the change they describe is committed. Adapters log their own
/// delivery failures; callers treat publishing as best-effort, because the change already
/// happened and failing the request would only invite a duplicate retry.
#[async_trait]
pub trait EventBus: Send + Sync {
    async fn publish(&self, event: DomainEvent) -> Result<(), EventBusError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_name_their_workspace_and_type() {
        let workspace_id = WorkspaceId::new();
        let product_id = Uuid::now_v7();
        let changed = DomainEvent::ProductChanged {
            workspace_id,
            product_id,
        };
        let deleted = DomainEvent::ProductDeleted {
            workspace_id,
            product_id,
        };
        assert_eq!(changed.workspace_id(), workspace_id);
        assert_eq!(deleted.workspace_id(), workspace_id);
        assert_eq!(changed.name(), "product_changed");
        assert_eq!(deleted.name(), "product_deleted");
        assert_ne!(changed, deleted);
    }
}
