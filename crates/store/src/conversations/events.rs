//! Timeline entries as rows and back: the kind's name plus the one detail each kind
//! carries (a handoff reason, a member, the assistant switch's new value) in its own
//! nullable column, so the timeline can be filtered in SQL.

use conversation::conversations::{ConversationEvent, ConversationEventKind, ConversationId};
use conversation::ports::ConversationRepositoryError;
use handoff::HandoffReason;
use kernel::WorkspaceId;
use sea_orm::ActiveValue::Set;

use super::errors::corrupt;
use crate::entities::conversation_events as event_rows;
use crate::timestamps::stored;

pub(crate) fn event_row(event: &ConversationEvent) -> event_rows::ActiveModel {
    let enabled = match event.kind {
        ConversationEventKind::AssistantSwitched { enabled } => Some(enabled),
        _ => None,
    };
    event_rows::ActiveModel {
        id: Set(event.id.as_uuid()),
        workspace_id: Set(event.workspace_id.as_uuid()),
        conversation_id: Set(event.conversation_id.as_uuid()),
        kind: Set(event.kind.as_str().to_owned()),
        reason: Set(event.kind.reason().map(|r| r.as_str().to_owned())),
        member_id: Set(event.kind.member_id()),
        enabled: Set(enabled),
        at: Set(stored(event.at)),
    }
}

pub(crate) fn event_from_row(
    row: event_rows::Model,
) -> Result<ConversationEvent, ConversationRepositoryError> {
    let missing = |detail: &str| {
        corrupt(
            "conversation event",
            format!("{} without {detail}", row.kind),
        )
    };
    let kind = match row.kind.as_str() {
        "created" => ConversationEventKind::Created,
        "escalated" => {
            let reason = row.reason.as_deref().ok_or_else(|| missing("a reason"))?;
            ConversationEventKind::Escalated {
                reason: HandoffReason::parse(reason)
                    .map_err(|e| corrupt("conversation event reason", e))?,
            }
        }
        "agent_joined" => ConversationEventKind::AgentJoined {
            member_id: row.member_id.ok_or_else(|| missing("a member"))?,
        },
        "returned_to_assistant" => ConversationEventKind::ReturnedToAssistant {
            member_id: row.member_id,
        },
        "assistant_switched" => ConversationEventKind::AssistantSwitched {
            enabled: row.enabled.ok_or_else(|| missing("the switch's value"))?,
        },
        "resolved" => ConversationEventKind::Resolved,
        "reopened" => ConversationEventKind::Reopened,
        "note_added" => ConversationEventKind::NoteAdded {
            member_id: row.member_id.ok_or_else(|| missing("a member"))?,
        },
        other => return Err(corrupt("conversation event kind", other)),
    };
    Ok(ConversationEvent {
        // The id's type is not exported by the domain; `From<Uuid>` needs no name.
        id: row.id.into(),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        conversation_id: ConversationId::from_uuid(row.conversation_id),
        kind,
        at: row.at,
    })
}
