#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::Duration;
use kernel::{Email, ManualClock, Page};
use uuid::Uuid;

use super::*;
use crate::ports::Feed;

#[derive(Default)]
struct Memory {
    preferences: HashMap<(WorkspaceId, MemberId), Preferences>,
    notifications: Vec<Notification>,
    deliveries: Vec<(Delivery, bool)>,
    batches: Vec<Batch>,
}

#[derive(Default)]
struct MemoryRepository(Mutex<Memory>);

#[async_trait]
impl NotificationRepository for MemoryRepository {
    async fn preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
    ) -> Result<Preferences, NotificationStoreError> {
        let memory = self.0.lock().unwrap();
        Ok(memory
            .preferences
            .get(&(workspace_id, member_id))
            .cloned()
            .unwrap_or_default())
    }
    async fn save_preferences(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        preferences: &Preferences,
        _at: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError> {
        self.0
            .lock()
            .unwrap()
            .preferences
            .insert((workspace_id, member_id), preferences.clone());
        Ok(())
    }
    async fn record(
        &self,
        notification: &Notification,
        deliveries: &[Delivery],
    ) -> Result<(), NotificationStoreError> {
        let mut memory = self.0.lock().unwrap();
        memory.notifications.push(notification.clone());
        memory
            .deliveries
            .extend(deliveries.iter().map(|d| (d.clone(), false)));
        Ok(())
    }
    async fn feed(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<Feed, NotificationStoreError> {
        let memory = self.0.lock().unwrap();
        let visible: Vec<Notification> = memory
            .notifications
            .iter()
            .filter(|n| {
                n.workspace_id == workspace_id && n.member_id == member_id && n.visible_at <= now
            })
            .cloned()
            .collect();
        let unread = visible.iter().filter(|n| n.read_at.is_none()).count() as u64;
        let total = visible.len() as u64;
        Ok(Feed {
            page: Page::new(visible, total, page),
            unread,
        })
    }
    async fn mark_read(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        id: NotificationId,
        at: DateTime<Utc>,
    ) -> Result<bool, NotificationStoreError> {
        let mut memory = self.0.lock().unwrap();
        let found = memory
            .notifications
            .iter_mut()
            .find(|n| n.id == id && n.workspace_id == workspace_id && n.member_id == member_id);
        Ok(found.map(|n| n.read_at = Some(at)).is_some())
    }
    async fn mark_all_read(
        &self,
        _workspace_id: WorkspaceId,
        _member_id: MemberId,
        _at: DateTime<Utc>,
    ) -> Result<u64, NotificationStoreError> {
        Ok(0)
    }
    async fn due_deliveries(
        &self,
        now: DateTime<Utc>,
        _limit: u32,
    ) -> Result<Vec<Delivery>, NotificationStoreError> {
        let memory = self.0.lock().unwrap();
        Ok(memory
            .deliveries
            .iter()
            .filter(|(d, abandoned)| !abandoned && d.sent_at.is_none() && d.send_at <= now)
            .map(|(d, _)| d.clone())
            .collect())
    }
    async fn delivery_sent(
        &self,
        id: DeliveryId,
        at: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError> {
        let mut memory = self.0.lock().unwrap();
        for (delivery, _) in memory.deliveries.iter_mut().filter(|(d, _)| d.id == id) {
            delivery.sent_at = Some(at);
        }
        Ok(())
    }
    async fn delivery_failed(
        &self,
        id: DeliveryId,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<(), NotificationStoreError> {
        let mut memory = self.0.lock().unwrap();
        for (delivery, abandoned) in memory.deliveries.iter_mut().filter(|(d, _)| d.id == id) {
            delivery.attempts += 1;
            delivery.last_error = Some(error.to_owned());
            match retry_at {
                Some(at) => delivery.send_at = at,
                None => *abandoned = true,
            }
        }
        Ok(())
    }
    async fn add_to_batch(
        &self,
        workspace_id: WorkspaceId,
        member_id: MemberId,
        preview: MessagePreview,
        now: DateTime<Utc>,
    ) -> Result<(), NotificationStoreError> {
        let mut memory = self.0.lock().unwrap();
        match memory
            .batches
            .iter_mut()
            .find(|b| b.workspace_id == workspace_id && b.member_id == member_id && b.accepts(now))
        {
            Some(batch) => batch.add(preview),
            None => memory
                .batches
                .push(Batch::open(workspace_id, member_id, preview, now)),
        }
        Ok(())
    }
    async fn due_batches(&self, now: DateTime<Utc>) -> Result<Vec<Batch>, NotificationStoreError> {
        let memory = self.0.lock().unwrap();
        Ok(memory
            .batches
            .iter()
            .filter(|b| b.is_due(now))
            .cloned()
            .collect())
    }
    async fn flush_batch(
        &self,
        batch: &Batch,
        notification: &Notification,
        deliveries: &[Delivery],
    ) -> Result<bool, NotificationStoreError> {
        let mut memory = self.0.lock().unwrap();
        let before = memory.batches.len();
        memory.batches.retain(|b| {
            (b.workspace_id, b.member_id, b.due_at)
                != (batch.workspace_id, batch.member_id, batch.due_at)
        });
        if memory.batches.len() == before {
            return Ok(false);
        }
        memory.notifications.push(notification.clone());
        memory
            .deliveries
            .extend(deliveries.iter().map(|d| (d.clone(), false)));
        Ok(true)
    }
}

struct Team(Vec<Recipient>);

#[async_trait]
impl Recipients for Team {
    async fn recipients(
        &self,
        _workspace_id: WorkspaceId,
    ) -> Result<Vec<Recipient>, RecipientsError> {
        Ok(self.0.clone())
    }
}

/// Records what it sent; fails the first `failures` sends transiently.
#[derive(Default)]
struct Outbox {
    sent: Mutex<Vec<Delivery>>,
    failures: Mutex<u32>,
    permanent: bool,
}

#[async_trait]
impl Notifier for Outbox {
    fn medium(&self) -> Medium {
        Medium::Email
    }
    async fn send(&self, delivery: &Delivery) -> Result<(), NotifierError> {
        let mut failures = self.failures.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            return Err(if self.permanent {
                NotifierError::Permanent("mailbox unavailable".into())
            } else {
                NotifierError::Transient("timeout".into())
            });
        }
        self.sent.lock().unwrap().push(delivery.clone());
        Ok(())
    }
}

struct World {
    service: NotificationService,
    repository: Arc<MemoryRepository>,
    outbox: Arc<Outbox>,
    clock: Arc<ManualClock>,
    workspace: WorkspaceId,
    member: MemberId,
}

fn world(start: &str, outbox: Outbox) -> World {
    let repository = Arc::new(MemoryRepository::default());
    let outbox = Arc::new(outbox);
    let clock = Arc::new(ManualClock::new(start.parse().unwrap()));
    let member = MemberId::new();
    let service = NotificationService::new(
        NotificationPorts {
            repository: repository.clone(),
            recipients: Arc::new(Team(vec![Recipient {
                member_id: member,
                email: Some(Email::parse("owner@glow.test").unwrap()),
            }])),
            notifiers: vec![outbox.clone()],
            clock: clock.clone(),
        },
        Links::new("https://desk.example.com"),
    );
    World {
        service,
        repository,
        outbox,
        clock,
        workspace: WorkspaceId::new(),
        member,
    }
}

fn preview(i: u32) -> MessagePreview {
    MessagePreview {
        conversation_id: Uuid::now_v7(),
        customer_name: format!("Customer {i}"),
        text: format!("message {i}"),
    }
}

fn reconnect() -> Message {
    templates::channel_reconnect(
        &templates::ChannelReconnect {
            channel_id: Uuid::now_v7(),
            channel_name: "Glow IG".into(),
            platform: "Instagram".into(),
        },
        &Links::new("https://desk.example.com"),
    )
}

#[tokio::test]
async fn fifty_new_messages_in_five_minutes_make_exactly_one_email() {
    let w = world("2026-11-22T12:00:00Z", Outbox::default());
    for i in 0..50 {
        w.service
            .new_message(w.workspace, preview(i))
            .await
            .unwrap();
        w.clock.advance(Duration::seconds(5));
        // Nothing is due while the batch is open.
        assert_eq!(w.service.flush_batches().await.unwrap(), 0);
        w.service.deliver_due(100).await.unwrap();
    }
    assert!(w.outbox.sent.lock().unwrap().is_empty());

    w.clock.advance(Duration::minutes(1));
    assert_eq!(w.service.flush_batches().await.unwrap(), 1);
    let report = w.service.deliver_due(100).await.unwrap();
    assert_eq!(report.sent, 1);
    // A second run sends nothing more.
    assert_eq!(w.service.flush_batches().await.unwrap(), 0);
    assert_eq!(w.service.deliver_due(100).await.unwrap().sent, 0);

    let sent = w.outbox.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].address, "owner@glow.test");
    assert_eq!(sent[0].message.subject, "50 new messages waiting");
    let feed = w
        .service
        .feed(w.workspace, w.member, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(feed.page.total, 1);
    assert_eq!(feed.unread, 1);
}

#[tokio::test]
async fn a_message_after_the_window_opens_the_next_batch() {
    let w = world("2026-11-22T12:00:00Z", Outbox::default());
    w.service
        .new_message(w.workspace, preview(0))
        .await
        .unwrap();
    w.clock.advance(Duration::minutes(5));
    w.service
        .new_message(w.workspace, preview(1))
        .await
        .unwrap();
    assert_eq!(w.service.flush_batches().await.unwrap(), 1);
    w.clock.advance(Duration::minutes(5));
    assert_eq!(w.service.flush_batches().await.unwrap(), 1);
    w.service.deliver_due(100).await.unwrap();
    let subjects: Vec<String> = w
        .outbox
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|d| d.message.subject.clone())
        .collect();
    assert_eq!(subjects, ["1 new message waiting", "1 new message waiting"]);
}

#[tokio::test]
async fn during_quiet_hours_a_high_priority_notification_is_in_the_feed_and_its_email_waits() {
    // 23:00 in Madrid; quiet from 22:00 to 08:00.
    let w = world("2026-11-22T22:00:00Z", Outbox::default());
    w.service
        .update_preferences(
            w.workspace,
            w.member,
            PreferencesInput {
                quiet_hours: Some(("22:00".into(), "08:00".into(), "Europe/Madrid".into())),
                ..PreferencesInput::default()
            },
        )
        .await
        .unwrap();
    let raised = w.service.raise(w.workspace, reconnect()).await.unwrap();
    assert_eq!(raised.len(), 1);

    let feed = w
        .service
        .feed(w.workspace, w.member, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(feed.page.items.len(), 1);
    assert_eq!(feed.page.items[0].kind, NotificationKind::ChannelReconnect);
    assert_eq!(w.service.deliver_due(100).await.unwrap().sent, 0);

    // 07:59 local: still waiting.
    w.clock.advance(Duration::hours(8) + Duration::minutes(59));
    assert_eq!(w.service.deliver_due(100).await.unwrap().sent, 0);
    // 08:00 local: sent.
    w.clock.advance(Duration::minutes(1));
    assert_eq!(w.service.deliver_due(100).await.unwrap().sent, 1);
    assert_eq!(
        w.outbox.sent.lock().unwrap()[0].message.subject,
        "Reconnect your Instagram channel"
    );
}

#[tokio::test]
async fn during_quiet_hours_a_medium_priority_notification_waits_even_in_the_feed() {
    let w = world("2026-11-22T22:00:00Z", Outbox::default());
    w.service
        .update_preferences(
            w.workspace,
            w.member,
            PreferencesInput {
                quiet_hours: Some(("22:00".into(), "08:00".into(), "Europe/Madrid".into())),
                ..PreferencesInput::default()
            },
        )
        .await
        .unwrap();
    let waiting = templates::customer_waiting(
        &templates::CustomerWaiting {
            conversation_id: Uuid::now_v7(),
            customer: templates::Customer {
                name: "Ana".into(),
                platform: "WhatsApp".into(),
                contact_id: None,
            },
            waiting_minutes: 75,
            last_message: "hello?".into(),
        },
        w.service.links(),
    );
    w.service.raise(w.workspace, waiting).await.unwrap();
    let feed = |w: &World| {
        let service = w.service.clone();
        let (workspace, member) = (w.workspace, w.member);
        async move {
            service
                .feed(workspace, member, PageRequest::default())
                .await
                .unwrap()
        }
    };
    assert_eq!(feed(&w).await.page.total, 0);
    w.clock.advance(Duration::hours(9));
    assert_eq!(feed(&w).await.page.total, 1);
    assert_eq!(w.service.deliver_due(100).await.unwrap().sent, 1);
}

#[tokio::test]
async fn transient_failures_are_retried_with_backoff() {
    let w = world(
        "2026-11-22T12:00:00Z",
        Outbox {
            failures: Mutex::new(2),
            ..Outbox::default()
        },
    );
    w.service.raise(w.workspace, reconnect()).await.unwrap();
    assert_eq!(w.service.deliver_due(100).await.unwrap().retrying, 1);
    // Not due again until the backoff passed.
    assert_eq!(
        w.service.deliver_due(100).await.unwrap(),
        DeliveryReport::default()
    );
    w.clock.advance(Duration::seconds(3));
    assert_eq!(w.service.deliver_due(100).await.unwrap().retrying, 1);
    w.clock.advance(Duration::seconds(5));
    assert_eq!(w.service.deliver_due(100).await.unwrap().sent, 1);
    assert_eq!(w.outbox.sent.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_permanent_failure_abandons_the_delivery() {
    let w = world(
        "2026-11-22T12:00:00Z",
        Outbox {
            failures: Mutex::new(1),
            permanent: true,
            ..Outbox::default()
        },
    );
    w.service.raise(w.workspace, reconnect()).await.unwrap();
    assert_eq!(w.service.deliver_due(100).await.unwrap().abandoned, 1);
    w.clock.advance(Duration::hours(1));
    assert_eq!(
        w.service.deliver_due(100).await.unwrap(),
        DeliveryReport::default()
    );
    assert!(w.outbox.sent.lock().unwrap().is_empty());
    // The feed still has it.
    let feed = w
        .service
        .feed(w.workspace, w.member, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(feed.page.total, 1);
}

#[tokio::test]
async fn only_the_recipient_can_mark_a_notification_read() {
    let w = world("2026-11-22T12:00:00Z", Outbox::default());
    let raised = w.service.raise(w.workspace, reconnect()).await.unwrap();
    let other = w
        .service
        .mark_read(WorkspaceId::new(), w.member, raised[0])
        .await;
    assert!(matches!(other, Err(MarkReadError::NotFound)));
    let stranger = w
        .service
        .mark_read(w.workspace, MemberId::new(), raised[0])
        .await;
    assert!(matches!(stranger, Err(MarkReadError::NotFound)));
    w.service
        .mark_read(w.workspace, w.member, raised[0])
        .await
        .unwrap();
    let feed = w
        .service
        .feed(w.workspace, w.member, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(feed.unread, 0);
    let _ = &w.repository;
}
