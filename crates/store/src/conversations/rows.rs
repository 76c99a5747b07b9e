//! Conversations as rows and back. The state is three columns (lifecycle, owner, the
//! last handoff) rebuilt with `ConversationState::from_parts`, which refuses an owner
//! the lifecycle contradicts; the order capture and the dialogue are JSON text. A row
//! changed behind the application's back surfaces as `Unexpected`, never as a
//! half-valid conversation.

use ::orders::CaptureSnapshot;
use channels::{ChannelId, ContactId, MessageId, Platform};
use conversation::conversations::{Conversation, ConversationId, Dialogue};
use conversation::ports::ConversationRepositoryError;
use handoff::{ConversationState, HandoffReason, HandoffRecord, Lifecycle, Owner};
use kernel::WorkspaceId;
use sea_orm::ActiveValue::Set;

use super::errors::{corrupt, unexpected};
use crate::entities::conversations as conversation_rows;
use crate::timestamps::{stored, stored_opt};

/// Every column of `conversation`, as stored.
pub(super) fn conversation_row(
    conversation: &Conversation,
) -> Result<conversation_rows::ActiveModel, ConversationRepositoryError> {
    let state = &conversation.state;
    let handoff = state.last_handoff();
    Ok(conversation_rows::ActiveModel {
        id: Set(conversation.id.as_uuid()),
        workspace_id: Set(conversation.workspace_id.as_uuid()),
        channel_id: Set(conversation.channel_id.as_uuid()),
        contact_id: Set(conversation.contact_id.as_uuid()),
        platform: Set(conversation.platform.as_str().to_owned()),
        lifecycle: Set(state.lifecycle().as_str().to_owned()),
        owner: Set(owner_name(state.owner()).to_owned()),
        last_handoff_reason: Set(handoff.map(|h| h.reason.as_str().to_owned())),
        last_handoff_at: Set(handoff.map(|h| stored(h.at))),
        state_changed_at: Set(stored(state.changed_at())),
        assigned_member_id: Set(conversation.assigned_member_id),
        assistant_enabled: Set(conversation.assistant_enabled),
        capture: Set(serde_json::to_string(&conversation.capture)
            .map_err(|e| unexpected(format!("cannot serialize the order capture: {e}")))?),
        dialogue: Set(serde_json::to_string(&conversation.dialogue)
            .map_err(|e| unexpected(format!("cannot serialize the dialogue: {e}")))?),
        answered_through: Set(conversation.answered_through.map(|id| id.as_uuid())),
        answered_at: Set(stored_opt(conversation.answered_at)),
        last_customer_message_at: Set(stored_opt(conversation.last_customer_message_at)),
        version: Set(conversation.version),
        created_at: Set(stored(conversation.created_at)),
        updated_at: Set(stored(conversation.updated_at)),
    })
}

pub(crate) fn conversation_from_row(
    row: conversation_rows::Model,
) -> Result<Conversation, ConversationRepositoryError> {
    let lifecycle = Lifecycle::parse(&row.lifecycle)
        .ok_or_else(|| corrupt("conversation lifecycle", &row.lifecycle))?;
    let owner = parse_owner(&row.owner).ok_or_else(|| corrupt("conversation owner", &row.owner))?;
    let last_handoff = match (row.last_handoff_reason, row.last_handoff_at) {
        (Some(reason), Some(at)) => Some(HandoffRecord {
            reason: HandoffReason::parse(&reason)
                .map_err(|e| corrupt("conversation handoff reason", e))?,
            at,
        }),
        (None, None) => None,
        _ => {
            return Err(corrupt(
                "conversation handoff",
                "a reason without an instant, or an instant without a reason",
            ));
        }
    };
    let state = ConversationState::from_parts(lifecycle, owner, last_handoff, row.state_changed_at)
        .map_err(|e| corrupt("conversation state", e))?;
    let capture: CaptureSnapshot =
        serde_json::from_str(&row.capture).map_err(|e| corrupt("conversation order capture", e))?;
    let dialogue: Dialogue =
        serde_json::from_str(&row.dialogue).map_err(|e| corrupt("conversation dialogue", e))?;
    Ok(Conversation {
        id: ConversationId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        channel_id: ChannelId::from_uuid(row.channel_id),
        contact_id: ContactId::from_uuid(row.contact_id),
        platform: Platform::parse(&row.platform)
            .map_err(|e| corrupt("conversation platform", e))?,
        state,
        assigned_member_id: row.assigned_member_id,
        assistant_enabled: row.assistant_enabled,
        capture,
        dialogue,
        answered_through: row.answered_through.map(MessageId::from_uuid),
        answered_at: row.answered_at,
        last_customer_message_at: row.last_customer_message_at,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// `Owner` has no text form of its own (only its serde names, which these match).
fn owner_name(owner: Owner) -> &'static str {
    match owner {
        Owner::Assistant => "assistant",
        Owner::Human => "human",
    }
}

fn parse_owner(raw: &str) -> Option<Owner> {
    [Owner::Assistant, Owner::Human]
        .into_iter()
        .find(|owner| owner_name(*owner) == raw)
}
