//! What the notifications service needs from the outside world.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{Email, Page, PageRequest, WorkspaceId};

use crate::batching::Batch;
use crate::kind::Medium;
use crate::notification::{Delivery, DeliveryId, MemberId, Notification, NotificationId};
use crate::preferences::Preferences;
use crate::templates::MessagePreview;

#[derive(Debug, thiserror::Error)]
pub enum NotificationStoreError {
    #[error("unexpected notification store failure: {0}")]
    Unexpected(String),
}

/// A member's feed: a page of visible notifications and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub page: Page<Notification>,
    pub unread: u64,
}

#[async_trait]
pub trait NotificationRepository: Send + Sync {
    /// The member's preferences; the defaults when they never saved any.
    async fn preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
    ) -> Result<Preferences, NotificationStoreError>;
    async fn save_preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        preferences: &Preferences,
        at: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError>;
    /// Writes the notification and its deliveries in one transaction: once this
    /// returns, a crash cannot lose a delivery.
    async fn record(
        &self,
        notification: &Notification,
        deliveries: &[Delivery],
    ) -> Result<(), NotificationStoreError>;
    /// Notifications visible at `now` (`visible_at <= now`), newest first.
    async fn feed(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<Feed, NotificationStoreError>;
    /// `false` when the member has no such notification (another member's, another
    /// workspace's, or none at all).
    async fn mark_read(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        id: NotificationId,
        at: DateTime<Utc>,
    ) -> Result<bool, NotificationStoreError>;
    /// Marks every visible unread notification read; answers how many.
    async fn mark_all_read(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        at: DateTime<Utc>,
    ) -> Result<u64, NotificationStoreError>;
    /// Unsent, not abandoned deliveries with `send_at <= now`, oldest first.
    async fn due_deliveries(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Delivery>, NotificationStoreError>;
    async fn delivery_sent(
        &self,
        id: DeliveryId,
        at: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError>;
    /// Records a failed attempt: tried again at `retry_at`, or abandoned when `None`.
    async fn delivery_failed(
        &self,
        id: DeliveryId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), NotificationStoreError>;
    /// Adds a message to the member's open "new message" batch (one accepting `now`),
    /// or opens one; atomically, so concurrent messages never open two.
    async fn add_to_batch(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        preview: MessagePreview,
        now: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError>;
    async fn due_batches(&self, now: DateTime<Utc>) -> Result<Vec<Batch>, NotificationStoreError>;
    /// Replaces the batch by its summary notification and deliveries in one
    /// transaction; `false` when another worker flushed it first.
    async fn flush_batch(
        &self,
        batch: &Batch,
        notification: &Notification,
        deliveries: &[Delivery],
    ) -> Result<bool, NotificationStoreError>;
}

/// A member who may be notified, with where to reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub member_id: MemberId,
    pub email: Option<Email>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecipientsError {
    #[error("unexpected failure listing recipients: {0}")]
    Unexpected(String),
}

/// The workspace's members who look after customers (owners, admins and agents).
#[async_trait]
pub trait Recipients: Send + Sync {
    async fn recipients(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Recipient>, RecipientsError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotifierError {
    /// Worth trying again later (a timeout, a 5xx, a rate limit).
    #[error("transient delivery failure: {0}")]
    Transient(String),
    /// Trying again cannot help (a refused address, a revoked token).
    #[error("permanent delivery failure: {0}")]
    Permanent(String),
}

/// Sends one delivery through one medium (email, WhatsApp).
#[async_trait]
pub trait Notifier: Send + Sync {
    fn medium(&self) -> Medium;
    async fn send(&self, delivery: &Delivery) -> Result<(), NotifierError>;
}
