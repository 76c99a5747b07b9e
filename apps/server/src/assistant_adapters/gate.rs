//! Right before the assistant's message goes to the platform: may it still talk?

use std::sync::Arc;

use async_trait::async_trait;
use channels::ports::{ReplyGate, ResponderError};
use channels::{ChannelId, ContactId};
use conversation::ports::{AssistantSettingsRepository, ConversationRepository};
use kernel::WorkspaceId;

pub struct ConversationReplyGate {
    conversations: Arc<dyn ConversationRepository>,
    settings: Arc<dyn AssistantSettingsRepository>,
}

impl ConversationReplyGate {
    pub fn new(
        conversations: Arc<dyn ConversationRepository>,
        settings: Arc<dyn AssistantSettingsRepository>,
    ) -> Self {
        Self {
            conversations,
            settings,
        }
    }
}

#[async_trait]
impl ReplyGate for ConversationReplyGate {
    async fn assistant_may_send(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
    ) -> Result<bool, ResponderError> {
        let workspace_on = self
            .settings
            .get(workspace_id)
            .await
            .map_err(|e| ResponderError(e.to_string()))?
            .is_none_or(|s| s.enabled);
        if !workspace_on {
            return Ok(false);
        }
        let conversation = self
            .conversations
            .find_current(workspace_id, channel_id, contact_id)
            .await
            .map_err(|e| ResponderError(e.to_string()))?;
        Ok(conversation
            .is_none_or(|c| c.assistant_enabled && handoff::may_assistant_send(&c.state)))
    }
}
