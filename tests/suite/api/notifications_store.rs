//! `SeaOrmNotificationRepository` on SQLite and PostgreSQL (skipped when PostgreSQL is
//! unreachable outside CI): deliveries are sent once, retried or abandoned; a batch is
//! flushed once; the feed hides what is not visible yet and is scoped to its member.

use std::str::FromStr;

use chatdesk_tests::app::{TestApp, spawn_app, spawn_app_on_postgres};
use chrono::{DateTime, Utc};
use kernel::{PageRequest, WorkspaceId};
use notifications::batching::Batch;
use notifications::ports::NotificationRepository;
use notifications::templates::{self, Links, MessagePreview};
use notifications::{Delivery, DeliveryId, Medium, MemberId, Notification, NotificationId};
use store::SeaOrmNotificationRepository;

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

fn notification(
    workspace_id: WorkspaceId,
    member_id: MemberId,
    visible_at: DateTime<Utc>,
) -> Notification {
    Notification {
        id: NotificationId::new(),
        workspace_id,
        member_id,
        kind: notifications::NotificationKind::CustomerWaiting,
        title: "Ana has been waiting 1h 15m".into(),
        body: "hello?".into(),
        link: Some("/conversations/x".into()),
        subject_id: None,
        created_at: at("2026-11-22T22:00:00Z"),
        visible_at,
        read_at: None,
    }
}

fn delivery(notification: &Notification, send_at: DateTime<Utc>) -> Delivery {
    Delivery {
        id: DeliveryId::new(),
        workspace_id: notification.workspace_id,
        notification_id: notification.id,
        member_id: notification.member_id,
        medium: Medium::Email,
        address: "ana@glow.test".into(),
        message: templates::new_messages(
            &templates::NewMessages {
                count: 1,
                previews: vec![],
            },
            &Links::new("http://localhost"),
        ),
        send_at,
        sent_at: None,
        attempts: 0,
        last_error: None,
    }
}

async fn contract(app: &TestApp) {
    let owner = app.register("ana@glow.test", "Glow").await;
    let workspace_id = WorkspaceId::from_str(&owner.workspace_id).unwrap();
    let member = MemberId::new();
    let db = store::connect(&app.database_url()).await.unwrap();
    let repository = SeaOrmNotificationRepository::new(db);

    // Held back until 07:00: not in the feed before, in it after.
    let later = notification(workspace_id, member, at("2026-11-23T07:00:00Z"));
    let outgoing = delivery(&later, at("2026-11-23T07:00:00Z"));
    repository
        .record(&later, std::slice::from_ref(&outgoing))
        .await
        .unwrap();
    let before = repository
        .feed(
            workspace_id,
            member,
            at("2026-11-23T06:59:00Z"),
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(before.page.total, 0);
    let after = repository
        .feed(
            workspace_id,
            member,
            at("2026-11-23T07:00:00Z"),
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!((after.page.total, after.unread), (1, 1));
    assert_eq!(after.page.items[0], later);
    // Another member, another workspace: nothing.
    assert!(
        !repository
            .mark_read(
                workspace_id,
                MemberId::new(),
                later.id,
                at("2026-11-23T08:00:00Z")
            )
            .await
            .unwrap()
    );
    assert!(
        !repository
            .mark_read(
                WorkspaceId::new(),
                member,
                later.id,
                at("2026-11-23T08:00:00Z")
            )
            .await
            .unwrap()
    );
    assert!(
        repository
            .mark_read(workspace_id, member, later.id, at("2026-11-23T08:00:00Z"))
            .await
            .unwrap()
    );
    assert_eq!(
        repository
            .mark_all_read(workspace_id, member, at("2026-11-23T08:00:00Z"))
            .await
            .unwrap(),
        0
    );

    // Due at 07:00; a retry moves it, a send ends it.
    assert!(
        repository
            .due_deliveries(at("2026-11-23T06:59:00Z"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = repository
        .due_deliveries(at("2026-11-23T07:00:00Z"), 10)
        .await
        .unwrap();
    assert_eq!(due, vec![outgoing.clone()]);
    repository
        .delivery_failed(outgoing.id, "timeout", Some(at("2026-11-23T07:05:00Z")))
        .await
        .unwrap();
    assert!(
        repository
            .due_deliveries(at("2026-11-23T07:04:00Z"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = repository
        .due_deliveries(at("2026-11-23T07:05:00Z"), 10)
        .await
        .unwrap();
    assert_eq!(due[0].attempts, 1);
    assert_eq!(due[0].last_error.as_deref(), Some("timeout"));
    repository
        .delivery_sent(outgoing.id, at("2026-11-23T07:05:01Z"))
        .await
        .unwrap();
    assert!(
        repository
            .due_deliveries(at("2026-11-24T00:00:00Z"), 10)
            .await
            .unwrap()
            .is_empty()
    );

    // An abandoned delivery is never due again.
    let other = notification(workspace_id, member, at("2026-11-22T22:00:00Z"));
    let abandoned = delivery(&other, at("2026-11-22T22:00:00Z"));
    repository
        .record(&other, std::slice::from_ref(&abandoned))
        .await
        .unwrap();
    repository
        .delivery_failed(abandoned.id, "refused", None)
        .await
        .unwrap();
    assert!(
        repository
            .due_deliveries(at("2026-11-24T00:00:00Z"), 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Three messages within five minutes are one batch, flushed once.
    let preview = |text: &str| MessagePreview {
        conversation_id: uuid::Uuid::now_v7(),
        customer_name: "Ana".into(),
        text: text.into(),
    };
    for (i, minute) in ["12:00", "12:02", "12:04"].iter().enumerate() {
        repository
            .add_to_batch(
                workspace_id,
                member,
                preview(&format!("m{i}")),
                at(&format!("2026-11-22T{minute}:00Z")),
            )
            .await
            .unwrap();
    }
    assert!(
        repository
            .due_batches(at("2026-11-22T12:04:59Z"))
            .await
            .unwrap()
            .is_empty()
    );
    let due: Vec<Batch> = repository
        .due_batches(at("2026-11-22T12:05:00Z"))
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].count, 3);
    assert_eq!(due[0].due_at, at("2026-11-22T12:05:00Z"));
    let summary = notification(workspace_id, member, at("2026-11-22T12:05:00Z"));
    assert!(
        repository
            .flush_batch(&due[0], &summary, &[])
            .await
            .unwrap()
    );
    let again = notification(workspace_id, member, at("2026-11-22T12:05:00Z"));
    assert!(!repository.flush_batch(&due[0], &again, &[]).await.unwrap());
    assert!(
        repository
            .due_batches(at("2026-11-23T00:00:00Z"))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_notification_store_keeps_its_contract_on_sqlite() {
    contract(&spawn_app().await).await;
}

#[tokio::test]
async fn the_notification_store_keeps_its_contract_on_postgres() {
    let Some(app) = spawn_app_on_postgres().await else {
        return;
    };
    contract(&app).await;
}
