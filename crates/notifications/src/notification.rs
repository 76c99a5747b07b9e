//! A notification in a member's feed, and the deliveries that carry it elsewhere.

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use uuid::Uuid;

use crate::kind::{Medium, NotificationKind, Priority};
use crate::templates::Message;

kernel::typed_id!(
    /// One entry of a member's feed.
    NotificationId
);
kernel::typed_id!(
    /// One attempt-until-sent of a notification through one medium.
    DeliveryId
);
kernel::typed_id!(
    /// The `identity` member the notification is for (the kernel cannot name identity's id).
    MemberId
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    pub workspace_id: WorkspaceId,
    pub member_id: MemberId,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    /// Where in the dashboard the notification leads (a path such as `/orders/{id}`).
    pub link: Option<String>,
    /// What it is about (an order, a conversation, a channel), for the dashboard.
    pub subject_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// When it shows in the feed: now, or the end of quiet hours for what may wait.
    pub visible_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl Notification {
    pub fn priority(&self) -> Priority {
        self.kind.priority()
    }
}

/// A notification on its way out through email or WhatsApp. Written in the same step
/// as the notification, sent by a job once `send_at` has come; `sent_at` makes a second
/// run of that job a no-op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: DeliveryId,
    pub workspace_id: WorkspaceId,
    pub notification_id: NotificationId,
    pub member_id: MemberId,
    pub medium: Medium,
    /// The email address or WhatsApp number, fixed when the notification was raised.
    pub address: String,
    pub message: Message,
    pub send_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: u32,
    pub last_error: Option<String>,
}
