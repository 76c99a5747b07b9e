//! The inbox: every conversation of a workspace as the team sees it (customer, last
//! message, unread count, tags, whether an order was captured), narrowed and sorted,
//! one conversation in full (timeline, messages), and what the team does to it
//! besides owning it (tags, read marks).
//!
//! Unread is per conversation, not per member: a customer message counts until any
//! member reads the conversation (`POST /conversations/{id}/read`). A shared inbox
//! answers "has anyone on the team seen this?".

mod actions;
mod filter;
mod lifecycle;
pub mod ports;
mod tags;
mod view;

use std::sync::Arc;

use channels::MessageRecord;
use kernel::{Clock, DomainEvent, EventBus, Page, PageRequest, WorkspaceId};
use uuid::Uuid;

pub use actions::ActionError;
pub use filter::{ChannelScope, InboxFilter, InboxSort, SEARCH_MAX, SearchText};
pub use lifecycle::{LifecyclePolicy, SWEEP_BATCH, SweepReport};
pub use tags::{TAG_MAX, TAGS_MAX, Tag, TagError, tag_set};
pub use view::{CustomerSummary, InboxRow, LastMessage, PREVIEW_MAX, preview};

use crate::conversations::{ConversationEvent, ConversationId};
use crate::ports::{ConversationRepository, ConversationRepositoryError};
use ports::{InboxRepository, InboxRepositoryError};

#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("conversation not found")]
    NotFound,
    #[error("unexpected failure: {0}")]
    Unexpected(String),
}

impl From<InboxRepositoryError> for InboxError {
    fn from(e: InboxRepositoryError) -> Self {
        match e {
            InboxRepositoryError::NotFound => InboxError::NotFound,
            InboxRepositoryError::Unexpected(m) => InboxError::Unexpected(m),
        }
    }
}

impl From<ConversationRepositoryError> for InboxError {
    fn from(e: ConversationRepositoryError) -> Self {
        match e {
            ConversationRepositoryError::NotFound => InboxError::NotFound,
            other => InboxError::Unexpected(other.to_string()),
        }
    }
}

/// What the inbox reads and writes through.
#[derive(Clone)]
pub struct InboxPorts {
    pub inbox: Arc<dyn InboxRepository>,
    pub conversations: Arc<dyn ConversationRepository>,
    pub events: Arc<dyn EventBus>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct InboxService {
    ports: InboxPorts,
}

impl InboxService {
    pub fn new(ports: InboxPorts) -> Self {
        Self { ports }
    }

    pub async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &InboxFilter,
        page: PageRequest,
    ) -> Result<Page<InboxRow>, InboxError> {
        Ok(self.ports.inbox.list(workspace_id, filter, page).await?)
    }

    pub async fn row(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<InboxRow, InboxError> {
        self.ports
            .inbox
            .row(workspace_id, id)
            .await?
            .ok_or(InboxError::NotFound)
    }

    /// The timeline, oldest first.
    pub async fn timeline(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Vec<ConversationEvent>, InboxError> {
        Ok(self.ports.conversations.events(workspace_id, id).await?)
    }

    /// When the customer last wrote on the conversation's channel.
    pub async fn last_customer_message_at(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, InboxError> {
        Ok(self
            .ports
            .inbox
            .last_customer_message_at(workspace_id, id)
            .await?)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ports.clock.now()
    }

    /// The conversation's messages, newest first.
    pub async fn messages(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        page: PageRequest,
    ) -> Result<Page<MessageRecord>, InboxError> {
        Ok(self.ports.inbox.messages(workspace_id, id, page).await?)
    }

    /// Replaces the conversation's tags; returns the row as it is now.
    pub async fn set_tags(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        tags: &[Tag],
    ) -> Result<InboxRow, InboxError> {
        self.ports.inbox.set_tags(workspace_id, id, tags).await?;
        self.updated(workspace_id, id).await;
        self.row(workspace_id, id).await
    }

    /// The member read the conversation: its unread count drops to zero.
    pub async fn mark_read(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Uuid,
    ) -> Result<InboxRow, InboxError> {
        let now = self.ports.clock.now();
        self.ports
            .inbox
            .mark_read(workspace_id, id, member_id, now)
            .await?;
        self.updated(workspace_id, id).await;
        self.row(workspace_id, id).await
    }

    /// Tells live dashboards the row changed. Best effort: the change is committed.
    async fn updated(&self, workspace_id: WorkspaceId, id: ConversationId) {
        let event = DomainEvent::ConversationUpdated {
            workspace_id,
            conversation_id: id.as_uuid(),
        };
        if let Err(e) = self.ports.events.publish(event).await {
            tracing::warn!(error = %e, "publishing an inbox event failed");
        }
    }
}
