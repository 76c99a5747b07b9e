//! What the inbox needs from storage. Adapter: `crates/store` (`SeaOrmInboxRepository`).

use async_trait::async_trait;
use channels::MessageRecord;
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};
use uuid::Uuid;

use super::{InboxFilter, InboxRow, Tag};
use crate::conversations::ConversationId;

#[derive(Debug, thiserror::Error)]
pub enum InboxRepositoryError {
    #[error("conversation not found")]
    NotFound,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[async_trait]
pub trait InboxRepository: Send + Sync {
    /// The workspace's conversations that match, sorted as the filter says (ties by
    /// id, newest first).
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &InboxFilter,
        page: PageRequest,
    ) -> Result<Page<InboxRow>, InboxRepositoryError>;
    /// One conversation as the inbox shows it; `None` when the workspace has no such
    /// conversation.
    async fn row(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<InboxRow>, InboxRepositoryError>;
    /// Replaces the conversation's tags with `tags`.
    async fn set_tags(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        tags: &[Tag],
    ) -> Result<(), InboxRepositoryError>;
    /// Records that `member_id` read the conversation at `at` (the later read wins).
    async fn mark_read(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        member_id: Uuid,
        at: DateTime<Utc>,
    ) -> Result<(), InboxRepositoryError>;
    /// Conversations (of every workspace) in `lifecycle` since before `before`, at
    /// most `limit`, longest idle first.
    async fn idle_since(
        &self,
        lifecycle: handoff::Lifecycle,
        before: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError>;
    /// Waiting conversations (of every workspace) idle past their workspace's
    /// inactivity timeout (`default_timeout` for a workspace that never set one), at
    /// most `limit`, longest idle first; each with its cutoff (`now` minus the timeout).
    async fn abandonable(
        &self,
        now: DateTime<Utc>,
        default_timeout: chrono::Duration,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId, DateTime<Utc>)>, InboxRepositoryError>;
    /// Open conversations (of every workspace: active, escalated or handled by a
    /// person) whose customer last wrote in `[from, to)` and got no answer since (no
    /// outbound message, the assistant's or a member's), at most `limit`.
    async fn unreplied(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError>;
    /// Person-handled conversations (of every workspace) whose customer last wrote in
    /// `[from, to)` and got no agent message since, at most `limit`.
    async fn unanswered(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError>;
    /// When the customer last wrote on the conversation's channel, as the platform
    /// stamped it: the input of the messaging window rule.
    async fn last_customer_message_at(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<DateTime<Utc>>, InboxRepositoryError>;
    /// The conversation's messages (its channel's messages with its customer), newest
    /// first.
    async fn messages(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
        page: PageRequest,
    ) -> Result<Page<MessageRecord>, InboxRepositoryError>;
}
