use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{NewJob, Page, PageRequest, WorkspaceId};

use crate::models::*;

// ---------------------------------------------------------------------------------
// Channels

#[derive(Debug, thiserror::Error)]
pub enum ChannelRepositoryError {
    #[error("channel not found")]
    NotFound,
    /// Another channel that is not disconnected already holds this platform account:
    /// routing must find exactly one workspace for it.
    #[error("this {0} account is already connected")]
    AccountTaken(Platform),
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ChannelRepository: Send + Sync {
    async fn create(&self, channel: &Channel) -> Result<(), ChannelRepositoryError>;
    /// Overwrites every field. `NotFound` when the row is gone.
    async fn update(&self, channel: &Channel) -> Result<(), ChannelRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
    ) -> Result<Option<Channel>, ChannelRepositoryError>;
    /// Every channel of the workspace, oldest first.
    async fn list(&self, workspace_id: WorkspaceId)
    -> Result<Vec<Channel>, ChannelRepositoryError>;
    /// Routing a webhook: the channel for this account on this platform, whatever its
    /// workspace (the webhook does not know it yet). A disconnected channel is
    /// returned only if no other channel holds the account.
    async fn find_by_account(
        &self,
        platform: Platform,
        account_id: &PlatformAccountId,
    ) -> Result<Option<Channel>, ChannelRepositoryError>;
    async fn set_status(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
        status: ChannelStatus,
        at: DateTime<Utc>,
    ) -> Result<(), ChannelRepositoryError>;
    /// Moves `last_message_at` to `at` unless it is already later.
    async fn touch_last_message(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
        at: DateTime<Utc>,
    ) -> Result<(), ChannelRepositoryError>;
}

// ---------------------------------------------------------------------------------
// Contacts

#[derive(Debug, thiserror::Error)]
pub enum ContactRepositoryError {
    #[error("contact not found")]
    NotFound,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ContactRepository: Send + Sync {
    /// Creates the contact for (workspace, platform, platform user id) or refreshes its
    /// profile; see `ContactUpsert` for what an upsert may change. Concurrent upserts of
    /// one person make one contact (unique on those three). Returns the stored contact.
    async fn upsert(
        &self,
        contact: &ContactUpsert,
        at: DateTime<Utc>,
    ) -> Result<Contact, ContactRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ContactId,
    ) -> Result<Option<Contact>, ContactRepositoryError>;
    async fn find_by_platform_user(
        &self,
        workspace_id: WorkspaceId,
        platform: Platform,
        user_id: &PlatformUserId,
    ) -> Result<Option<Contact>, ContactRepositoryError>;
    /// Most recently updated first; ties break by id so pages never overlap.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &ContactFilter,
        page: PageRequest,
    ) -> Result<Page<Contact>, ContactRepositoryError>;
    /// Applies an agent's edit (blocked, name, consent, notes). `NotFound` if no such contact.
    async fn patch(
        &self,
        workspace_id: WorkspaceId,
        id: ContactId,
        patch: &ContactPatch,
        at: DateTime<Utc>,
    ) -> Result<Contact, ContactRepositoryError>;
}

// ---------------------------------------------------------------------------------
// Inbound events

#[derive(Debug, thiserror::Error)]
pub enum InboundEventRepositoryError {
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

/// An event to store with the job that will process it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingInbound {
    pub record: InboundRecord,
    pub job: NewJob,
}

/// What storing one event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Stored, and its job enqueued.
    New,
    /// The channel already had an event with this dedup key: nothing stored, no job.
    Duplicate,
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait InboundEventRepository: Send + Sync {
    /// In ONE transaction: stores each record unless its channel already has its
    /// `dedup_key` (unique on `channel_id, dedup_key`), and enqueues the job of each
    /// record stored. Returns one `Recorded` per item, in order. All or nothing: when
    /// this returns `Ok`, every new event and its job are durable, so the webhook may
    /// answer 200; when it fails, nothing was stored and the platform will redeliver.
    async fn record_batch(
        &self,
        batch: &[PendingInbound],
    ) -> Result<Vec<Recorded>, InboundEventRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: InboundEventId,
    ) -> Result<Option<InboundRecord>, InboundEventRepositoryError>;
}

// ---------------------------------------------------------------------------------
// Messages

#[derive(Debug, thiserror::Error)]
pub enum MessageRepositoryError {
    #[error("message not found")]
    NotFound,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

/// What inserting a message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insertion {
    Inserted,
    /// The unique rule matched an existing row (same platform message id on the
    /// channel, or same idempotency key in the workspace); nothing was written.
    AlreadyExists(MessageId),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait MessageRepository: Send + Sync {
    /// A customer's message or an echo. Unique on (channel, platform message id), so an
    /// echo of our own send, already stored with that id, is `AlreadyExists`.
    async fn record_received(
        &self,
        message: &MessageRecord,
    ) -> Result<Insertion, MessageRepositoryError>;
    /// Our message (pending) and its send job, in one transaction. Unique on
    /// (workspace, idempotency key): the same reply composed twice inserts nothing,
    /// enqueues nothing, and names the message that exists.
    async fn enqueue_outbound(
        &self,
        message: &MessageRecord,
        send_job: &NewJob,
    ) -> Result<Insertion, MessageRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: MessageId,
    ) -> Result<Option<MessageRecord>, MessageRepositoryError>;
    async fn find_by_platform_id(
        &self,
        channel_id: ChannelId,
        platform_message_id: &PlatformMessageId,
    ) -> Result<Option<MessageRecord>, MessageRepositoryError>;
    /// The platform accepted our message: stores its id and `occurred_at`, and moves
    /// the status to `Sent` unless a faster status webhook already moved it further.
    async fn mark_sent<'a>(
        &self,
        workspace_id: WorkspaceId,
        id: MessageId,
        platform_message_id: Option<&'a PlatformMessageId>,
        at: DateTime<Utc>,
    ) -> Result<(), MessageRepositoryError>;
    /// Forward-only (`DeliveryStatus::advance`), as one conditional update so two
    /// racing webhooks cannot move it back. Stores `failure` only when moving to
    /// `Failed`. Returns whether the status moved.
    async fn advance_status<'a>(
        &self,
        workspace_id: WorkspaceId,
        id: MessageId,
        status: DeliveryStatus,
        failure: Option<&'a MessageFailure>,
        at: DateTime<Utc>,
    ) -> Result<bool, MessageRepositoryError>;
    /// The same, for a status webhook naming the platform's message id. `Ok(false)`
    /// when no message of the channel has that id (a message sent outside ChatDesk).
    async fn advance_status_by_platform_id<'a>(
        &self,
        channel_id: ChannelId,
        platform_message_id: &PlatformMessageId,
        status: DeliveryStatus,
        failure: Option<&'a MessageFailure>,
        at: DateTime<Utc>,
    ) -> Result<bool, MessageRepositoryError>;
    /// A Messenger watermark: moves every outbound message to the contact that went out
    /// at or before `watermark` forward to `status`. Returns how many moved.
    async fn advance_status_up_to(
        &self,
        channel_id: ChannelId,
        contact_id: ContactId,
        watermark: DateTime<Utc>,
        status: DeliveryStatus,
        at: DateTime<Utc>,
    ) -> Result<u64, MessageRepositoryError>;
    /// Newest first.
    async fn list_for_contact(
        &self,
        workspace_id: WorkspaceId,
        contact_id: ContactId,
        page: PageRequest,
    ) -> Result<Page<MessageRecord>, MessageRepositoryError>;
    /// When the person last wrote on this channel: the input of the window rule.
    async fn last_inbound_at(
        &self,
        channel_id: ChannelId,
        contact_id: ContactId,
    ) -> Result<Option<DateTime<Utc>>, MessageRepositoryError>;
}
