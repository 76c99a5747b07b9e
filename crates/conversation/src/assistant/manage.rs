//! What a person does to a conversation: take it over, give it back, switch the
//! assistant off for it. (The inbox's other actions build on the same aggregate.)

use handoff::OwnershipError;
use kernel::{DomainEvent, WorkspaceId};
use uuid::Uuid;

use super::{AssistantError, AssistantService};
use crate::conversations::{
    ChangeError, Conversation, ConversationEvent, ConversationEventKind, ConversationId,
    change_conversation,
};
use crate::ports::ConversationRepositoryError;

#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    #[error("conversation not found")]
    NotFound,
    /// The conversation is not in a state that allows this (already with a person,
    /// already with the assistant, closed).
    #[error(transparent)]
    Ownership(#[from] OwnershipError),
    #[error(transparent)]
    Unexpected(#[from] AssistantError),
}

impl From<ConversationRepositoryError> for ManageError {
    fn from(e: ConversationRepositoryError) -> Self {
        match e {
            ConversationRepositoryError::NotFound => ManageError::NotFound,
            other => ManageError::Unexpected(other.into()),
        }
    }
}

impl AssistantService {
    pub async fn conversation(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Conversation, ManageError> {
        self.ports
            .conversations
            .get(workspace_id, id)
            .await?
            .ok_or(ManageError::NotFound)
    }

    /// Reads, changes and saves, again if someone else saved in between.
    async fn change(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        apply: impl FnMut(&mut Conversation) -> Result<Vec<ConversationEvent>, ManageError>,
    ) -> Result<Conversation, ManageError> {
        let conversation =
            change_conversation(self.ports.conversations.as_ref(), workspace_id, id, apply)
                .await
                .map_err(|e| match e {
                    ChangeError::NotFound => ManageError::NotFound,
                    ChangeError::Refused(refused) => refused,
                    ChangeError::Storage(storage) => storage.into(),
                    ChangeError::KeptChanging => ManageError::Unexpected(
                        AssistantError::Unexpected("the conversation kept changing".into()),
                    ),
                })?;
        self.publish(vec![DomainEvent::ConversationUpdated {
            workspace_id,
            conversation_id: id.as_uuid(),
        }])
        .await;
        Ok(conversation)
    }

    /// A member takes the conversation: the assistant stops at once (a reply already
    /// queued is checked again right before it is sent, and dropped).
    pub async fn take_over(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Uuid,
    ) -> Result<Conversation, ManageError> {
        let now = self.now();
        self.change(workspace_id, id, |c| Ok(vec![c.take_over(member_id, now)?]))
            .await
    }

    pub async fn return_to_assistant(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Option<Uuid>,
    ) -> Result<Conversation, ManageError> {
        let now = self.now();
        self.change(workspace_id, id, |c| {
            Ok(vec![c.return_to_assistant(member_id, now)?])
        })
        .await
    }

    pub async fn set_assistant_enabled(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        enabled: bool,
    ) -> Result<Conversation, ManageError> {
        let now = self.now();
        self.change(workspace_id, id, |c| {
            if c.assistant_enabled == enabled {
                return Ok(Vec::new());
            }
            c.assistant_enabled = enabled;
            c.updated_at = now;
            Ok(vec![c.event(
                ConversationEventKind::AssistantSwitched { enabled },
                now,
            )])
        })
        .await
    }

    /// Archives the customer's current conversation on this channel, if any: their
    /// next message starts a new one (the playground's "new session").
    pub async fn archive_current(
        &self,
        workspace_id: WorkspaceId,
        channel_id: channels::ChannelId,
        contact_id: channels::ContactId,
    ) -> Result<(), ManageError> {
        let Some(current) = self
            .ports
            .conversations
            .find_current(workspace_id, channel_id, contact_id)
            .await?
        else {
            return Ok(());
        };
        let now = self.now();
        self.change(workspace_id, current.id, |c| {
            c.state.archive(now)?;
            c.updated_at = now;
            Ok(Vec::new())
        })
        .await?;
        Ok(())
    }
}
