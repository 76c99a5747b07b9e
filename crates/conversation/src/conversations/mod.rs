//! A conversation: one customer on one channel, with who owns it, where the order
//! capture stands, and what the assistant remembers between turns.

mod change;
mod dialogue;
mod events;
mod settings;
mod team;

use channels::{ChannelId, ContactId, MessageId, Platform};
use chrono::{DateTime, Utc};
use handoff::{ConversationState, HandoffReason, OwnershipError};
use kernel::WorkspaceId;
use orders::{CaptureSnapshot, OrderCapture};
use uuid::Uuid;

pub use change::{ChangeError, SAVE_ATTEMPTS, change_conversation};
pub use dialogue::{Dialogue, RECENT_MESSAGES};
pub use events::{ConversationEvent, ConversationEventKind};
pub use orders::ConversationId;
pub use settings::{
    AssistantSettings, AssistantSettingsError, BURST_WINDOW_MAX_MS, BURST_WINDOW_MIN_MS,
    ResponseDelay, TEXT_SETTING_MAX,
};

/// The conversation aggregate. `version` guards saves: a save that finds another
/// version wrote nothing (two workers, or an agent and the assistant, at once).
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub id: ConversationId,
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub contact_id: ContactId,
    pub platform: Platform,
    pub state: ConversationState,
    /// The member who took it over (a person owns it), if one did.
    pub assigned_member_id: Option<Uuid>,
    /// Switched off for this conversation only.
    pub assistant_enabled: bool,
    pub capture: CaptureSnapshot,
    pub dialogue: Dialogue,
    /// The customer's latest message the assistant has answered (or decided not to):
    /// a burst is every customer message after it.
    pub answered_through: Option<MessageId>,
    pub answered_at: Option<DateTime<Utc>>,
    pub last_customer_message_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Conversation {
    /// A conversation that starts with the customer's first message.
    pub fn start(
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        platform: Platform,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id: ConversationId::new(),
            workspace_id,
            channel_id,
            contact_id,
            platform,
            state: ConversationState::opened(at),
            assigned_member_id: None,
            assistant_enabled: true,
            capture: OrderCapture::new().snapshot(),
            dialogue: Dialogue::default(),
            answered_through: None,
            answered_at: None,
            last_customer_message_at: None,
            version: 0,
            created_at: at,
            updated_at: at,
        }
    }

    /// The customer wrote: a closed conversation opens again (the assistant answers
    /// again unless a person still owns it). Returns the timeline events it caused.
    pub fn customer_wrote(&mut self, at: DateTime<Utc>) -> Vec<ConversationEvent> {
        let was_closed = self.state.lifecycle().is_closed();
        // A closed conversation reopens; an escalated one stays with the team.
        let _ = self.state.customer_wrote(at);
        self.last_customer_message_at = Some(at);
        self.updated_at = at;
        if was_closed && !self.state.lifecycle().is_closed() {
            self.assigned_member_id = None;
            vec![self.event(ConversationEventKind::Reopened, at)]
        } else {
            Vec::new()
        }
    }

    pub fn hand_off(
        &mut self,
        reason: HandoffReason,
        at: DateTime<Utc>,
    ) -> Result<ConversationEvent, OwnershipError> {
        self.state.hand_off(reason, at)?;
        self.updated_at = at;
        Ok(self.event(ConversationEventKind::Escalated { reason }, at))
    }

    /// A member takes the conversation: they own it, the assistant stops.
    pub fn take_over(
        &mut self,
        member_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<ConversationEvent, OwnershipError> {
        self.state.take_over(at)?;
        self.assigned_member_id = Some(member_id);
        self.updated_at = at;
        Ok(self.event(ConversationEventKind::AgentJoined { member_id }, at))
    }

    pub fn return_to_assistant(
        &mut self,
        member_id: Option<Uuid>,
        at: DateTime<Utc>,
    ) -> Result<ConversationEvent, OwnershipError> {
        self.state.return_to_assistant(at)?;
        self.assigned_member_id = None;
        // Whatever was pending was the person's to answer: start listening afresh.
        self.dialogue.pending = None;
        self.dialogue.unhelpful_streak = 0;
        self.updated_at = at;
        Ok(self.event(ConversationEventKind::ReturnedToAssistant { member_id }, at))
    }

    pub fn event(&self, kind: ConversationEventKind, at: DateTime<Utc>) -> ConversationEvent {
        ConversationEvent::new(self.workspace_id, self.id, kind, at)
    }
}

#[cfg(test)]
mod tests;
