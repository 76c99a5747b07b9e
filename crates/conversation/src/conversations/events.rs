//! The timeline of a conversation: what happened to it, when, and why.

use chrono::{DateTime, Utc};
use handoff::HandoffReason;
use kernel::WorkspaceId;
use serde::Serialize;
use uuid::Uuid;

use super::ConversationId;

kernel::typed_id!(
    /// One entry of a conversation's timeline.
    ConversationEventId
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConversationEventKind {
    Created,
    Escalated { reason: HandoffReason },
    AgentJoined { member_id: Uuid },
    ReturnedToAssistant { member_id: Option<Uuid> },
    AssistantSwitched { enabled: bool },
    Resolved,
    Reopened,
    NoteAdded { member_id: Uuid },
}

impl ConversationEventKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ConversationEventKind::Created => "created",
            ConversationEventKind::Escalated { .. } => "escalated",
            ConversationEventKind::AgentJoined { .. } => "agent_joined",
            ConversationEventKind::ReturnedToAssistant { .. } => "returned_to_assistant",
            ConversationEventKind::AssistantSwitched { .. } => "assistant_switched",
            ConversationEventKind::Resolved => "resolved",
            ConversationEventKind::Reopened => "reopened",
            ConversationEventKind::NoteAdded { .. } => "note_added",
        }
    }

    /// The handoff reason of an escalation.
    pub fn reason(&self) -> Option<HandoffReason> {
        match self {
            ConversationEventKind::Escalated { reason } => Some(*reason),
            _ => None,
        }
    }

    /// The member who acted, when one did.
    pub fn member_id(&self) -> Option<Uuid> {
        match self {
            ConversationEventKind::AgentJoined { member_id }
            | ConversationEventKind::NoteAdded { member_id } => Some(*member_id),
            ConversationEventKind::ReturnedToAssistant { member_id } => *member_id,
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationEvent {
    pub id: ConversationEventId,
    pub workspace_id: WorkspaceId,
    pub conversation_id: ConversationId,
    pub kind: ConversationEventKind,
    pub at: DateTime<Utc>,
}

impl ConversationEvent {
    pub fn new(
        workspace_id: WorkspaceId,
        conversation_id: ConversationId,
        kind: ConversationEventKind,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: ConversationEventId::new(),
            workspace_id,
            conversation_id,
            kind,
            at,
        }
    }
}
