//! What conversations and the assistant need from the outside. Adapters: `crates/store`
//! for storage; the server wires the rest over the other domains' services.

use std::sync::Arc;

use async_trait::async_trait;
use channels::{ChannelId, ContactId, MessageId};
use chrono::{DateTime, Utc};
use kernel::{Currency, WorkspaceId};
use serde::Serialize;
use uuid::Uuid;

use crate::conversations::{AssistantSettings, Conversation, ConversationEvent, ConversationId};
use crate::entities::CatalogSnapshot;
use crate::language::Language;
use crate::tones::{Opening, Tone};

#[derive(Debug, thiserror::Error)]
pub enum ConversationRepositoryError {
    #[error("conversation not found")]
    NotFound,
    /// The channel and contact already have an open conversation (a concurrent first
    /// message created it): read it again.
    #[error("this customer already has an open conversation on this channel")]
    Duplicate,
    /// Someone saved the conversation since it was read; nothing was written.
    #[error("the conversation changed meanwhile")]
    VersionConflict,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ConversationRepository: Send + Sync {
    /// Inserts a new conversation with its first timeline events. At most one
    /// conversation per (channel, contact) is not archived: `Duplicate` otherwise.
    async fn create(
        &self,
        conversation: &Conversation,
        events: &[ConversationEvent],
    ) -> Result<(), ConversationRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<Conversation>, ConversationRepositoryError>;
    /// The conversation of this customer on this channel that is not archived.
    async fn find_current(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
    ) -> Result<Option<Conversation>, ConversationRepositoryError>;
    /// Writes every field and appends `events`, in one transaction, only if the stored
    /// version is still `conversation.version`; the stored version becomes one more.
    /// Returns the new version.
    async fn save(
        &self,
        conversation: &Conversation,
        events: &[ConversationEvent],
    ) -> Result<i64, ConversationRepositoryError>;
    /// The timeline, oldest first.
    async fn events(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Vec<ConversationEvent>, ConversationRepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsRepositoryError {
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait AssistantSettingsRepository: Send + Sync {
    /// The stored settings; `None` before the workspace changed any (defaults apply).
    async fn get(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Option<AssistantSettings>, SettingsRepositoryError>;
    async fn put(
        &self,
        workspace_id: WorkspaceId,
        settings: &AssistantSettings,
    ) -> Result<(), SettingsRepositoryError>;
}

/// A failure of one of the lookups below; the turn degrades rather than stops where it
/// can (no knowledge is "nothing found"), and fails the job where it cannot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LookupError(pub String);

/// The workspace as the assistant needs it, at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopProfile {
    pub business_name: String,
    pub tone: Tone,
    /// The workspace's default reply language.
    pub language: Language,
    pub currency: Currency,
    /// Whether the operating hours say the team is in at the instant asked about.
    pub open_now: bool,
    /// When the team is next in, if closed and the hours say.
    pub back_at: Option<Opening>,
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ShopProfiles: Send + Sync {
    async fn profile(
        &self,
        workspace_id: WorkspaceId,
        at: DateTime<Utc>,
    ) -> Result<ShopProfile, LookupError>;
}

/// The workspace's catalog, indexed for the language half. Adapters keep one snapshot
/// per workspace until the catalog changes: building one for 10,000 products per turn
/// would be the slowest part of the turn.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait CatalogSnapshots: Send + Sync {
    async fn snapshot(
        &self,
        workspace_id: WorkspaceId,
        currency: Currency,
    ) -> Result<Arc<CatalogSnapshot>, LookupError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Product,
    Faq,
    Document,
}

/// A piece of knowledge an answer rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnowledgeHit {
    pub kind: SourceKind,
    pub id: Uuid,
    /// The FAQ's question, the product's or document's name.
    pub title: String,
    /// What may be said: the FAQ's answer, or the passage of the document.
    pub text: String,
    /// 0..1, as the knowledge search ranks it.
    pub score: f32,
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait KnowledgeLookup: Send + Sync {
    /// The best passages for the customer's question, best first.
    async fn lookup(
        &self,
        workspace_id: WorkspaceId,
        question: &str,
        limit: usize,
    ) -> Result<Vec<KnowledgeHit>, LookupError>;
}

/// Who the customers are, as far as answering them goes.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait CustomerDirectory: Send + Sync {
    /// Whether the workspace blocked this contact: stored, never answered.
    async fn is_blocked(
        &self,
        workspace_id: WorkspaceId,
        contact_id: ContactId,
    ) -> Result<bool, LookupError>;
}

/// One message the customer sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerLine {
    pub message_id: MessageId,
    pub text: String,
    pub at: DateTime<Utc>,
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait MessageLog: Send + Sync {
    /// The customer's text messages on this channel after `after` (all of them when
    /// `None`, at most the latest 20), oldest first.
    async fn customer_messages_after(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        after: Option<MessageId>,
    ) -> Result<Vec<CustomerLine>, LookupError>;
}

/// A reply handed to the channel for sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuedReply {
    pub message_id: MessageId,
    /// False when this key was queued before (a re-run): nothing new will be sent.
    pub new: bool,
}

/// Sends the assistant's replies through the conversation's channel. The channel
/// checks again, right before the platform call, that the assistant may still talk.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ReplyOutbox: Send + Sync {
    /// Queues `text` under `key`; the same key twice queues once.
    async fn queue(
        &self,
        conversation: &Conversation,
        key: &str,
        text: &str,
    ) -> Result<QueuedReply, LookupError>;
    /// Shows the typing indicator while a delayed reply waits. Best effort.
    async fn typing(&self, conversation: &Conversation, replying_to: MessageId);
}
