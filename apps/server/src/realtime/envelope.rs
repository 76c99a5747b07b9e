//! What a dashboard receives: one JSON text frame per event,
//! `{"id": 42, "type": "conversation.updated", "workspace_id": "...", "data": {...}, "at": "..."}`.
//! `data` carries ids and small facts only, like the domain events it comes from: the
//! dashboard re-reads what it shows, through the API that checks what it may see.
//! Most events are for every member of the workspace; one for a single member (a
//! `notification.created`) names them in `member_id` and reaches only their sockets.

use chrono::{DateTime, Utc};
use kernel::{DomainEvent, WorkspaceId};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envelope {
    /// The row id in `realtime_events`; `?since=` resumes after it.
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub workspace_id: WorkspaceId,
    pub data: Value,
    pub at: DateTime<Utc>,
    /// The one member (user id) the event is for; `None`: every member.
    #[serde(skip)]
    pub member_id: Option<Uuid>,
}

impl Envelope {
    /// Whether a dashboard of `member_id` in `workspace_id` receives it.
    pub fn is_for(&self, workspace_id: WorkspaceId, member_id: Uuid) -> bool {
        self.workspace_id == workspace_id && self.member_id.is_none_or(|m| m == member_id)
    }
}

/// An event on its way to the log, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub workspace_id: WorkspaceId,
    pub kind: &'static str,
    pub data: Value,
    /// The one member (user id) the event is for; `None`: every member.
    pub member_id: Option<Uuid>,
}

impl Draft {
    /// The envelope a domain event becomes, or `None` for events dashboards do not
    /// follow live (catalog changes, for one, are re-read when a page opens).
    pub fn from_event(event: &DomainEvent) -> Option<Self> {
        if let DomainEvent::NotificationCreated {
            member_id,
            notification_id,
            kind,
            priority,
            ..
        } = event
        {
            return Some(Self {
                workspace_id: event.workspace_id(),
                kind: "notification.created",
                data: json!({
                    "notification_id": notification_id,
                    "kind": kind,
                    "priority": priority,
                }),
                member_id: Some(*member_id),
            });
        }
        let (kind, data) = match event {
            DomainEvent::ConversationUpdated {
                conversation_id, ..
            } => (
                "conversation.updated",
                json!({ "conversation_id": conversation_id }),
            ),
            DomainEvent::HandoffRequested {
                conversation_id,
                reason,
                ..
            } => (
                "conversation.escalated",
                json!({ "conversation_id": conversation_id, "reason": reason }),
            ),
            DomainEvent::OrderCaptured {
                order_id,
                conversation_id,
                ..
            } => (
                "order.captured",
                json!({ "order_id": order_id, "conversation_id": conversation_id }),
            ),
            DomainEvent::MessageCreated {
                message_id,
                channel_id,
                contact_id,
                direction,
                ..
            } => (
                "message.created",
                json!({
                    "message_id": message_id,
                    "channel_id": channel_id,
                    "contact_id": contact_id,
                    "direction": direction,
                }),
            ),
            DomainEvent::MessageStatusChanged {
                message_id, status, ..
            } => (
                "message.status",
                json!({ "message_id": message_id, "status": status }),
            ),
            _ => return None,
        };
        Some(Self {
            workspace_id: event.workspace_id(),
            kind,
            data,
            member_id: None,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use uuid::Uuid;

    use super::*;

    #[test]
    fn a_handoff_becomes_an_escalation_with_its_reason() {
        let workspace_id = WorkspaceId::new();
        let conversation_id = Uuid::now_v7();
        let draft = Draft::from_event(&DomainEvent::HandoffRequested {
            workspace_id,
            conversation_id,
            reason: "customer_asked".into(),
        })
        .unwrap();
        assert_eq!(draft.kind, "conversation.escalated");
        assert_eq!(draft.workspace_id, workspace_id);
        assert_eq!(draft.data["conversation_id"], conversation_id.to_string());
        assert_eq!(draft.data["reason"], "customer_asked");
    }

    #[test]
    fn a_stored_message_becomes_message_created() {
        let message_id = Uuid::now_v7();
        let draft = Draft::from_event(&DomainEvent::MessageCreated {
            workspace_id: WorkspaceId::new(),
            message_id,
            channel_id: Uuid::now_v7(),
            contact_id: Uuid::now_v7(),
            direction: "inbound".into(),
        })
        .unwrap();
        assert_eq!(draft.kind, "message.created");
        assert_eq!(draft.data["message_id"], message_id.to_string());
        assert_eq!(draft.data["direction"], "inbound");
        let status = Draft::from_event(&DomainEvent::MessageStatusChanged {
            workspace_id: WorkspaceId::new(),
            message_id,
            status: "sent".into(),
        })
        .unwrap();
        assert_eq!(status.kind, "message.status");
        assert_eq!(status.data["status"], "sent");
    }

    #[test]
    fn a_notification_is_for_its_member_only() {
        let workspace_id = WorkspaceId::new();
        let (member, teammate) = (Uuid::now_v7(), Uuid::now_v7());
        let draft = Draft::from_event(&DomainEvent::NotificationCreated {
            workspace_id,
            member_id: member,
            notification_id: Uuid::now_v7(),
            kind: "customer_waiting".into(),
            priority: "medium".into(),
        })
        .unwrap();
        assert_eq!(draft.kind, "notification.created");
        assert_eq!(draft.member_id, Some(member));
        assert_eq!(draft.data["priority"], "medium");
        let envelope = Envelope {
            id: 1,
            kind: draft.kind.into(),
            workspace_id,
            data: draft.data,
            at: Utc::now(),
            member_id: draft.member_id,
        };
        assert!(envelope.is_for(workspace_id, member));
        assert!(!envelope.is_for(workspace_id, teammate));
        assert!(!envelope.is_for(WorkspaceId::new(), member));
        let everyone = Envelope {
            member_id: None,
            ..envelope
        };
        assert!(everyone.is_for(workspace_id, teammate));
    }

    #[test]
    fn catalog_changes_are_not_pushed_live() {
        let event = DomainEvent::OffersChanged {
            workspace_id: WorkspaceId::new(),
        };
        assert_eq!(Draft::from_event(&event), None);
    }

    #[test]
    fn an_envelope_serializes_with_a_type_field() {
        let envelope = Envelope {
            id: 7,
            kind: "order.captured".into(),
            workspace_id: WorkspaceId::new(),
            data: json!({"order_id": "o"}),
            at: Utc::now(),
            member_id: None,
        };
        let value = serde_json::to_value(&envelope).unwrap();
        assert_eq!(value["id"], 7);
        assert_eq!(value["type"], "order.captured");
        assert!(value["at"].is_string());
    }
}
