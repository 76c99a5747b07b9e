//! What raises the team's notifications besides orders and handoffs, and how they
//! arrive live: a customer nobody answered for an hour ("customer waiting", once per
//! wait), a person-handled customer unanswered for 10 minutes (a second handoff
//! alert), every real customer message joining the five-minute "new message" batch,
//! the Monday digest (once per week), and `notification.created` pushed to the
//! member it is for and to nobody else.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chatdesk_server::notifications_adapters::MemberRecipients;
use chatdesk_tests::app::{
    Owner, TestApp, messenger_text_webhook, spawn_app, spawn_app_with, with_meta,
};
use chrono::{Duration, Utc};
use conversation::inbox::LifecyclePolicy;
use kernel::{DomainEvent, EventBus, WorkspaceId};
use notifications::service::{NotificationPorts, NotificationService};
use notifications::templates::Links;
use notify::EmailNotifier;
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::MockServer;

use super::catalog_fixtures::{get_json, glow_serum};
use super::lifecycle::{inbox_of, say};
use super::realtime::{Socket, connect, next_envelope};

async fn assistant_off(app: &TestApp, owner: &Owner) {
    let response = app
        .patch_as(
            &owner.access_token,
            "/api/v1/assistant/settings",
            &json!({"enabled": false}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

/// The member's feed entries of one kind.
async fn feed_of(app: &TestApp, token: &str, kind: &str) -> Vec<Value> {
    let feed = get_json(app, token, "/api/v1/notifications?per_page=100").await;
    feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

/// Reads `socket` up to the `conversation.updated` envelope about `sentinel`; returns
/// the `notification.created` envelopes seen on the way.
async fn notifications_until(socket: &mut Socket, sentinel: uuid::Uuid) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        let envelope = next_envelope(socket).await;
        if envelope["type"] == "conversation.updated"
            && envelope["data"]["conversation_id"] == sentinel.to_string()
        {
            return seen;
        }
        if envelope["type"] == "notification.created" {
            seen.push(envelope);
        }
    }
}

/// Publishes an event every dashboard of the workspace gets, after everything before.
async fn sentinel(app: &TestApp, owner: &Owner) -> uuid::Uuid {
    let conversation_id = uuid::Uuid::now_v7();
    app.events
        .publish(DomainEvent::ConversationUpdated {
            workspace_id: WorkspaceId::from_str(&owner.workspace_id).expect("workspace"),
            conversation_id,
        })
        .await
        .expect("published");
    conversation_id
}

/// The next `notification.created` of `kind` on the socket.
async fn next_notification(socket: &mut Socket, kind: &str) -> Value {
    loop {
        let envelope = next_envelope(socket).await;
        if envelope["type"] == "notification.created" && envelope["data"]["kind"] == kind {
            return envelope;
        }
    }
}

#[tokio::test]
async fn a_customer_unanswered_for_an_hour_is_announced_once_to_each_member_only() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let agent = app.join_as(&owner, "marco@glow.it", "agent").await;
    let viewer = app.join_as(&owner, "vera@glow.it", "viewer").await;
    assistant_off(&app, &owner).await;
    let start = Utc::now();
    let turn = say(&app, &owner, "w", "Hello? Is anyone there?").await;
    assert!(turn["reply"].is_null(), "the assistant is off: {turn}");
    let conversation_id = turn["conversation_id"].as_str().expect("id").to_owned();

    let mut owner_socket = connect(&app, &owner.access_token, None).await;
    let mut agent_socket = connect(&app, &agent, None).await;
    let mut viewer_socket = connect(&app, &viewer, None).await;
    let inbox = inbox_of(&app).await;
    let policy = LifecyclePolicy::default();

    // Fifty-nine minutes: not yet.
    let early = inbox
        .sweep_after(
            start + Duration::minutes(58),
            start + Duration::minutes(59),
            &policy,
        )
        .await
        .expect("sweep");
    assert_eq!(early.waiting, 0);
    // The sweep whose interval crosses the hour raises it.
    let report = inbox
        .sweep_after(
            start + Duration::minutes(59),
            start + Duration::minutes(61),
            &policy,
        )
        .await
        .expect("sweep");
    assert_eq!(report.waiting, 1);

    let to_owner = next_notification(&mut owner_socket, "customer_waiting").await;
    let to_agent = next_notification(&mut agent_socket, "customer_waiting").await;
    assert_eq!(to_owner["data"]["priority"], "medium");
    let owner_feed = feed_of(&app, &owner.access_token, "customer_waiting").await;
    let agent_feed = feed_of(&app, &agent, "customer_waiting").await;
    assert_eq!(owner_feed.len(), 1, "{owner_feed:?}");
    assert_eq!(agent_feed.len(), 1, "{agent_feed:?}");
    assert_eq!(to_owner["data"]["notification_id"], owner_feed[0]["id"]);
    assert_eq!(to_agent["data"]["notification_id"], agent_feed[0]["id"]);
    assert_ne!(owner_feed[0]["id"], agent_feed[0]["id"]);
    assert_eq!(
        owner_feed[0]["link"],
        format!("/conversations/{conversation_id}")
    );
    assert!(
        owner_feed[0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("Is anyone there?")),
        "{owner_feed:?}"
    );

    // Nobody got anyone else's: the owner nothing more, the viewer (not a
    // recipient) nothing at all, before an event published after all of them.
    let mark = sentinel(&app, &owner).await;
    assert!(
        notifications_until(&mut owner_socket, mark)
            .await
            .is_empty()
    );
    assert!(
        notifications_until(&mut agent_socket, mark)
            .await
            .is_empty()
    );
    assert!(
        notifications_until(&mut viewer_socket, mark)
            .await
            .is_empty()
    );

    // The next sweep does not alert about the same wait again.
    let next = inbox
        .sweep_after(
            start + Duration::minutes(61),
            start + Duration::minutes(62),
            &policy,
        )
        .await
        .expect("sweep");
    assert_eq!(next.waiting, 0);
    assert_eq!(
        feed_of(&app, &owner.access_token, "customer_waiting")
            .await
            .len(),
        1
    );

    // A reconnecting dashboard replays its own notification, not the agent's.
    let mut replay = connect(&app, &owner.access_token, Some(0)).await;
    let replayed: Vec<Value> = notifications_until(&mut replay, mark)
        .await
        .into_iter()
        .filter(|e| e["data"]["kind"] == "customer_waiting")
        .collect();
    assert_eq!(replayed.len(), 1, "{replayed:?}");
    assert_eq!(replayed[0]["data"]["notification_id"], owner_feed[0]["id"]);
}

#[tokio::test]
async fn a_person_handled_customer_unanswered_for_ten_minutes_alerts_the_team_again() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    let first = say(&app, &owner, "t", "Do you have the Glow Serum?").await;
    let id = first["conversation_id"].as_str().expect("id").to_owned();
    let taken = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{id}/takeover"),
            &json!({}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    let start = Utc::now();
    let silent = say(&app, &owner, "t", "Hello? I'm still here").await;
    assert!(silent["reply"].is_null(), "{silent}");
    assert!(
        feed_of(&app, &owner.access_token, "handoff_requested")
            .await
            .is_empty()
    );

    let inbox = inbox_of(&app).await;
    let policy = LifecyclePolicy::default();
    let report = inbox
        .sweep_after(
            start + Duration::minutes(9),
            start + Duration::minutes(11),
            &policy,
        )
        .await
        .expect("sweep");
    assert_eq!(report.alerted, 1);
    let mut alerts = Vec::new();
    for _ in 0..100 {
        alerts = feed_of(&app, &owner.access_token, "handoff_requested").await;
        if !alerts.is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["link"], format!("/conversations/{id}"));
    assert!(
        alerts[0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("no answer from the team")),
        "{alerts:?}"
    );
}

#[tokio::test]
async fn every_customer_message_joins_the_new_message_batch() {
    const PAGE: &str = "106540352242922";
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with(|s| with_meta(s, &uri)).await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, "EAAGpagetoken")
        .await;
    assistant_off(&app, &owner).await;

    for (mid, text) in [("m_1", "Is the serum vegan?"), ("m_2", "And cruelty free?")] {
        let body = messenger_text_webhook(PAGE, "6952618704783512", mid, text);
        let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    // One owner, two messages: two items in the owner's one open batch, each
    // linking to the conversation the assistant opened for the customer.
    let items = app
        .eventually_count(
            "SELECT COUNT(*) FROM notification_batch_items",
            2,
            StdDuration::from_secs(20),
        )
        .await;
    assert_eq!(items, 2);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM notification_batch_items i JOIN conversations c \
             ON c.id = i.conversation_id WHERE i.text LIKE '%vegan%'"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(DISTINCT due_at) FROM notification_batch_items")
            .await,
        1,
        "one batch"
    );
}

#[tokio::test]
async fn the_weekly_digest_counts_the_week_and_goes_out_once() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    say(&app, &owner, "d", "How much is the Glow Serum?").await;
    say(&app, &owner, "d", "I want 2 Glow Serum 50ml to Milan").await;
    let yes = say(&app, &owner, "d", "yes").await;
    assert_eq!(yes["order"]["total"]["amount"], "110.00", "{yes}");

    let db = store::connect(&app.database_url()).await.expect("database");
    let mailer = Arc::new(
        notify::FileOutboxMailer::new(
            app.data_dir.join("outbox"),
            "ChatDesk <no-reply@chatdesk.test>",
        )
        .expect("mailer"),
    );
    let service = NotificationService::new(
        NotificationPorts {
            repository: Arc::new(store::SeaOrmNotificationRepository::new(db.clone())),
            recipients: Arc::new(MemberRecipients::new(
                store::IdentityRepositories::sea_orm(db.clone()).members,
            )),
            notifiers: vec![Arc::new(EmailNotifier::new(mailer))],
            clock: Arc::new(kernel::SystemClock),
        },
        Links::new("http://localhost:8080"),
    );
    let source = store::SeaOrmDigestSource::new(db);
    // A week on, the digest covers this week; this workspace is the only one.
    let next_week = Utc::now() + Duration::days(7);
    assert_eq!(service.weekly_digests(&source, next_week).await.unwrap(), 1);
    assert_eq!(
        service
            .weekly_digests(&source, next_week + Duration::hours(1))
            .await
            .unwrap(),
        0,
        "once per week"
    );
    // Before this workspace existed there is nothing to send.
    assert_eq!(
        service.weekly_digests(&source, Utc::now()).await.unwrap(),
        0
    );

    let digests = feed_of(&app, &owner.access_token, "weekly_digest").await;
    assert_eq!(digests.len(), 1, "{digests:?}");
    let body = digests[0]["body"].as_str().expect("body");
    for line in [
        "- Conversations: 1",
        "- Orders captured: 1",
        "- Handed to the team: 1",
        "110",
    ] {
        assert!(body.contains(line), "{line} in {body}");
    }
    assert_eq!(digests[0]["priority"], "low");
}
