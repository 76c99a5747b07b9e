//! The team's actions on a conversation: resolve, reopen, assign, forced takeover.
//! Each reads, changes and saves the aggregate, again if someone else saved between.

use handoff::OwnershipError;
use kernel::{DomainEvent, WorkspaceId};
use uuid::Uuid;

use super::{InboxError, InboxService, Tag};
use crate::conversations::{
    ChangeError, Conversation, ConversationEvent, ConversationId, change_conversation,
};
use crate::ports::ConversationRepositoryError;

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("conversation not found")]
    NotFound,
    /// Its state does not allow this (already closed, already someone's, ...).
    #[error(transparent)]
    Ownership(#[from] OwnershipError),
    #[error("unexpected failure: {0}")]
    Unexpected(String),
}

impl From<InboxError> for ActionError {
    fn from(e: InboxError) -> Self {
        match e {
            InboxError::NotFound => ActionError::NotFound,
            InboxError::Unexpected(m) => ActionError::Unexpected(m),
        }
    }
}

impl From<ConversationRepositoryError> for ActionError {
    fn from(e: ConversationRepositoryError) -> Self {
        InboxError::from(e).into()
    }
}

impl InboxService {
    pub(super) async fn change(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        apply: impl FnMut(&mut Conversation) -> Result<Vec<ConversationEvent>, ActionError>,
    ) -> Result<Conversation, ActionError> {
        let conversation =
            change_conversation(self.ports.conversations.as_ref(), workspace_id, id, apply)
                .await
                .map_err(|e| match e {
                    ChangeError::NotFound => ActionError::NotFound,
                    ChangeError::Refused(refused) => refused,
                    ChangeError::Storage(storage) => storage.into(),
                    ChangeError::KeptChanging => {
                        ActionError::Unexpected("the conversation kept changing".into())
                    }
                })?;
        let event = DomainEvent::ConversationUpdated {
            workspace_id,
            conversation_id: id.as_uuid(),
        };
        if let Err(e) = self.ports.events.publish(event).await {
            tracing::warn!(error = %e, "publishing an inbox event failed");
        }
        Ok(conversation)
    }

    /// Closes the conversation, replacing its tags when `tags` is given.
    pub async fn resolve(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        tags: Option<&[Tag]>,
    ) -> Result<Conversation, ActionError> {
        let now = self.ports.clock.now();
        let conversation = self
            .change(workspace_id, id, |c| Ok(vec![c.resolve(now)?]))
            .await?;
        if let Some(tags) = tags {
            self.ports
                .inbox
                .set_tags(workspace_id, id, tags)
                .await
                .map_err(InboxError::from)?;
        }
        Ok(conversation)
    }

    /// Reopens a resolved or abandoned conversation; `member_id` handles it.
    pub async fn reopen(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Uuid,
    ) -> Result<Conversation, ActionError> {
        let now = self.ports.clock.now();
        self.change(workspace_id, id, |c| Ok(c.reopen(member_id, now)?))
            .await
    }

    /// Gives an open conversation to `member_id` (a member of the workspace: the
    /// caller checks).
    pub async fn assign(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Uuid,
    ) -> Result<Conversation, ActionError> {
        let now = self.ports.clock.now();
        self.change(workspace_id, id, |c| {
            Ok(c.assign(member_id, now)?.into_iter().collect())
        })
        .await
    }

    /// Takes the conversation over even from the person handling it (admins only:
    /// the caller checks).
    pub async fn take_over_forced(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Uuid,
    ) -> Result<Conversation, ActionError> {
        let now = self.ports.clock.now();
        self.change(workspace_id, id, |c| {
            Ok(vec![c.take_over_forced(member_id, now)?])
        })
        .await
    }
}
