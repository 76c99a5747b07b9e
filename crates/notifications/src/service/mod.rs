//! The notifications use cases: raise a notification for the team, gather new messages
//! into batches, send what is due, and the feed and preferences a member manages.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use kernel::{Clock, DomainEvent, EventBus, PageRequest, WorkspaceId};

use crate::batching::Batch;
use crate::kind::{Medium, NotificationKind};
use crate::notification::{Delivery, DeliveryId, MemberId, Notification, NotificationId};
use crate::plan::plan_delivery;
use crate::ports::{
    Feed, NotificationRepository, NotificationStoreError, Notifier, NotifierError, Recipient,
    Recipients, RecipientsError,
};
use crate::preferences::{Preferences, PreferencesError, PreferencesInput};
use crate::templates::{self, Links, Message, MessagePreview};

mod digests;
#[cfg(test)]
mod tests;

/// Attempts per delivery before it is abandoned (kept, with its last error).
pub const MAX_ATTEMPTS: u32 = 8;

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("unexpected notifications failure: {0}")]
    Unexpected(String),
}

impl From<NotificationStoreError> for NotifyError {
    fn from(error: NotificationStoreError) -> Self {
        NotifyError::Unexpected(error.to_string())
    }
}

impl From<RecipientsError> for NotifyError {
    fn from(error: RecipientsError) -> Self {
        NotifyError::Unexpected(error.to_string())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UpdatePreferencesError {
    #[error(transparent)]
    Invalid(#[from] PreferencesError),
    #[error("unexpected notifications failure: {0}")]
    Unexpected(String),
}

#[derive(Debug, thiserror::Error)]
pub enum MarkReadError {
    #[error("no such notification")]
    NotFound,
    #[error("unexpected notifications failure: {0}")]
    Unexpected(String),
}

/// What one run of [`NotificationService::deliver_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u32,
    pub retrying: u32,
    pub abandoned: u32,
}

pub struct NotificationPorts {
    pub repository: Arc<dyn NotificationRepository>,
    pub recipients: Arc<dyn Recipients>,
    /// One per medium the server can send through; a medium without a notifier is
    /// never planned.
    pub notifiers: Vec<Arc<dyn Notifier>>,
    pub clock: Arc<dyn Clock>,
}

#[derive(Clone)]
pub struct NotificationService {
    ports: Arc<NotificationPorts>,
    links: Links,
    /// Where a notification reaching a feed is announced (`NotificationCreated`), so
    /// the member's open dashboards show it at once; none, nobody is told live.
    events: Option<Arc<dyn EventBus>>,
}

impl NotificationService {
    pub fn new(ports: NotificationPorts, links: Links) -> Self {
        Self {
            ports: Arc::new(ports),
            links,
            events: None,
        }
    }

    /// Announces every notification that reaches a feed on `events`.
    pub fn with_events(mut self, events: Arc<dyn EventBus>) -> Self {
        self.events = Some(events);
        self
    }

    /// Tells the member's dashboards about a notification now in their feed. One held
    /// back by quiet hours (visible later) or kept read (email only) is not announced:
    /// the dashboard finds it when it next reads the feed.
    async fn announce(&self, notification: &Notification, now: DateTime<Utc>) {
        let Some(events) = &self.events else {
            return;
        };
        if notification.visible_at > now || notification.read_at.is_some() {
            return;
        }
        let event = DomainEvent::NotificationCreated {
            workspace_id: notification.workspace_id,
            member_id: notification.member_id.as_uuid(),
            notification_id: notification.id.as_uuid(),
            kind: notification.kind.as_str().to_owned(),
            priority: notification.kind.priority().as_str().to_owned(),
        };
        // Best effort: the notification is stored and the feed shows it either way.
        if let Err(error) = events.publish(event).await {
            tracing::warn!(%error, "cannot announce a notification");
        }
    }

    pub fn links(&self) -> &Links {
        &self.links
    }

    /// Tells every recipient of the workspace, each as their preferences say.
    #[tracing::instrument(skip_all, fields(kind = message.kind.as_str()))]
    pub async fn raise(
        &self,
        workspace_id: WorkspaceId,
        message: Message,
    ) -> Result<Vec<NotificationId>, NotifyError> {
        let now = self.ports.clock.now();
        let mut raised = Vec::new();
        for recipient in self.ports.recipients.recipients(workspace_id).await? {
            let preferences = self
                .ports
                .repository
                .preferences(workspace_id, recipient.member_id)
                .await?;
            if let Some((notification, deliveries)) =
                self.compose(workspace_id, &recipient, &preferences, &message, now)
            {
                self.ports
                    .repository
                    .record(&notification, &deliveries)
                    .await?;
                self.announce(&notification, now).await;
                raised.push(notification.id);
            }
        }
        Ok(raised)
    }

    /// Tells one member (a mention), as their preferences say. A member who is not a
    /// recipient of the workspace's notifications (a viewer) still gets the feed entry,
    /// without email: notifications know no address for them.
    #[tracing::instrument(skip_all, fields(kind = message.kind.as_str()))]
    pub async fn raise_to(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        message: Message,
    ) -> Result<Option<NotificationId>, NotifyError> {
        let now = self.ports.clock.now();
        let recipient = self
            .ports
            .recipients
            .recipients(workspace_id)
            .await?
            .into_iter()
            .find(|r| r.member_id == member_id)
            .unwrap_or(Recipient {
                member_id,
                email: None,
            });
        let preferences = self
            .ports
            .repository
            .preferences(workspace_id, member_id)
            .await?;
        let Some((notification, deliveries)) =
            self.compose(workspace_id, &recipient, &preferences, &message, now)
        else {
            return Ok(None);
        };
        self.ports
            .repository
            .record(&notification, &deliveries)
            .await?;
        self.announce(&notification, now).await;
        Ok(Some(notification.id))
    }

    /// A customer wrote: joins (or opens) each interested member's five-minute batch.
    pub async fn new_message(
        &self,
        workspace_id: WorkspaceId,
        preview: MessagePreview,
    ) -> Result<(), NotifyError> {
        let now = self.ports.clock.now();
        for recipient in self.ports.recipients.recipients(workspace_id).await? {
            let preferences = self
                .ports
                .repository
                .preferences(workspace_id, recipient.member_id)
                .await?;
            let plan = plan_delivery(NotificationKind::NewMessage, &preferences, now);
            if plan.is_empty() {
                continue;
            }
            self.ports
                .repository
                .add_to_batch(workspace_id, recipient.member_id, preview.clone(), now)
                .await?;
        }
        Ok(())
    }

    /// Turns every due batch into its one summary notification; answers how many.
    pub async fn flush_batches(&self) -> Result<u32, NotifyError> {
        let now = self.ports.clock.now();
        let mut flushed = 0;
        for batch in self.ports.repository.due_batches(now).await? {
            let recipient = self.recipient_of(&batch).await?;
            let preferences = self
                .ports
                .repository
                .preferences(batch.workspace_id, batch.member_id)
                .await?;
            let message = templates::new_messages(&batch.summary(), &self.links);
            let Some((notification, deliveries)) =
                self.compose(batch.workspace_id, &recipient, &preferences, &message, now)
            else {
                // Turned off since the batch opened: drop it with nothing to say.
                let empty = self.empty_notification(&batch, &message, now);
                self.ports
                    .repository
                    .flush_batch(&batch, &empty, &[])
                    .await?;
                continue;
            };
            if self
                .ports
                .repository
                .flush_batch(&batch, &notification, &deliveries)
                .await?
            {
                self.announce(&notification, now).await;
                flushed += 1;
            }
        }
        Ok(flushed)
    }

    /// Sends every due delivery once; failures are retried with backoff, up to
    /// [`MAX_ATTEMPTS`].
    pub async fn deliver_due(&self, limit: u32) -> Result<DeliveryReport, NotifyError> {
        let now = self.ports.clock.now();
        let mut report = DeliveryReport::default();
        for delivery in self.ports.repository.due_deliveries(now, limit).await? {
            let Some(notifier) = self
                .ports
                .notifiers
                .iter()
                .find(|notifier| notifier.medium() == delivery.medium)
            else {
                self.give_up(delivery.id, "no notifier for this medium")
                    .await?;
                report.abandoned += 1;
                continue;
            };
            match notifier.send(&delivery).await {
                Ok(()) => {
                    self.ports
                        .repository
                        .delivery_sent(delivery.id, self.ports.clock.now())
                        .await?;
                    report.sent += 1;
                }
                Err(NotifierError::Transient(error)) if delivery.attempts + 1 < MAX_ATTEMPTS => {
                    let retry_at = now + kernel::jobs::retry_delay(delivery.attempts + 1, 0.5);
                    tracing::warn!(%error, delivery = %delivery.id, "notification delivery will be retried");
                    self.ports
                        .repository
                        .delivery_failed(delivery.id, &error, Some(retry_at))
                        .await?;
                    report.retrying += 1;
                }
                Err(error) => {
                    tracing::error!(%error, delivery = %delivery.id, "notification delivery abandoned");
                    self.give_up(delivery.id, &error.to_string()).await?;
                    report.abandoned += 1;
                }
            }
        }
        Ok(report)
    }

    pub async fn feed(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        page: PageRequest,
    ) -> Result<Feed, NotifyError> {
        Ok(self
            .ports
            .repository
            .feed(workspace_id, member_id, self.ports.clock.now(), page)
            .await?)
    }

    pub async fn mark_read(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        id: NotificationId,
    ) -> Result<(), MarkReadError> {
        let found = self
            .ports
            .repository
            .mark_read(workspace_id, member_id, id, self.ports.clock.now())
            .await
            .map_err(|e| MarkReadError::Unexpected(e.to_string()))?;
        if found {
            Ok(())
        } else {
            Err(MarkReadError::NotFound)
        }
    }

    pub async fn mark_all_read(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
    ) -> Result<u64, NotifyError> {
        Ok(self
            .ports
            .repository
            .mark_all_read(workspace_id, member_id, self.ports.clock.now())
            .await?)
    }

    pub async fn preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
    ) -> Result<Preferences, NotifyError> {
        Ok(self
            .ports
            .repository
            .preferences(workspace_id, member_id)
            .await?)
    }

    pub async fn update_preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        input: PreferencesInput,
    ) -> Result<Preferences, UpdatePreferencesError> {
        let preferences = Preferences::from_input(input)?;
        self.ports
            .repository
            .save_preferences(
                workspace_id,
                member_id,
                &preferences,
                self.ports.clock.now(),
            )
            .await
            .map_err(|e| UpdatePreferencesError::Unexpected(e.to_string()))?;
        Ok(preferences)
    }

    /// The feed entry and deliveries for one recipient, or `None` when they get nothing.
    fn compose(
        &self,
        workspace_id: WorkspaceId,
        recipient: &Recipient,
        preferences: &Preferences,
        message: &Message,
        now: DateTime<Utc>,
    ) -> Option<(Notification, Vec<Delivery>)> {
        let plan = plan_delivery(message.kind, preferences, now);
        let id = NotificationId::new();
        let deliveries: Vec<Delivery> = plan
            .external
            .iter()
            .filter(|(medium, _)| self.can_send(*medium))
            .filter_map(|(medium, send_at)| {
                let address = match medium {
                    Medium::Email => recipient.email.as_ref().map(|e| e.as_str().to_owned()),
                    Medium::WhatsApp => preferences.whatsapp_number().map(str::to_owned),
                    Medium::InApp => None,
                }?;
                Some(Delivery {
                    id: DeliveryId::new(),
                    workspace_id,
                    notification_id: id,
                    member_id: recipient.member_id,
                    medium: *medium,
                    address,
                    message: message.clone(),
                    send_at: *send_at,
                    sent_at: None,
                    attempts: 0,
                    last_error: None,
                })
            })
            .collect();
        if plan.feed_at.is_none() && deliveries.is_empty() {
            return None;
        }
        // A notification turned off in the feed but sent by email is kept read, so the
        // email has its row and the feed stays as the member asked.
        Some((
            Notification {
                id,
                workspace_id,
                member_id: recipient.member_id,
                kind: message.kind,
                title: message.subject.clone(),
                body: message.text.clone(),
                link: message.link.clone(),
                subject_id: message.subject_id,
                created_at: now,
                visible_at: plan.feed_at.unwrap_or(now),
                read_at: plan.feed_at.is_none().then_some(now),
            },
            deliveries,
        ))
    }

    fn empty_notification(
        &self,
        batch: &Batch,
        message: &Message,
        now: DateTime<Utc>,
    ) -> Notification {
        Notification {
            id: NotificationId::new(),
            workspace_id: batch.workspace_id,
            member_id: batch.member_id,
            kind: message.kind,
            title: message.subject.clone(),
            body: message.text.clone(),
            link: message.link.clone(),
            subject_id: None,
            created_at: now,
            visible_at: now,
            read_at: Some(now),
        }
    }

    fn can_send(&self, medium: Medium) -> bool {
        self.ports
            .notifiers
            .iter()
            .any(|notifier| notifier.medium() == medium)
    }

    async fn recipient_of(&self, batch: &Batch) -> Result<Recipient, NotifyError> {
        let recipients = self.ports.recipients.recipients(batch.workspace_id).await?;
        Ok(recipients
            .into_iter()
            .find(|r| r.member_id == batch.member_id)
            .unwrap_or(Recipient {
                member_id: batch.member_id,
                email: None,
            }))
    }

    async fn give_up(&self, id: DeliveryId, error: &str) -> Result<(), NotifyError> {
        Ok(self
            .ports
            .repository
            .delivery_failed(id, error, None)
            .await?)
    }
}
