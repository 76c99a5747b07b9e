//! Lifecycle automation through the API: the sweeper (driven here with explicit
//! instants, as the `lifecycle.sweep` job drives it every minute) abandons a waiting
//! conversation after its workspace's inactivity timeout, archives resolved ones after
//! 90 days, and a customer writing on a resolved conversation reopens it with the
//! assistant answering again (no handoff loop). The recurring jobs exist once, however
//! many times the server starts.

use std::sync::Arc;

use chatdesk_tests::app::{Owner, TestApp, spawn_app};
use chrono::{DateTime, Duration, Utc};
use conversation::inbox::{InboxPorts, InboxService, LifecyclePolicy};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{get_json, glow_serum, invalid_fields};

/// The inbox use cases over the app's database, publishing on the app's event bus
/// (so the app's notifications and realtime feed react as in production).
pub async fn inbox_of(app: &TestApp) -> InboxService {
    let db = store::connect(&app.database_url()).await.expect("database");
    InboxService::new(InboxPorts {
        inbox: Arc::new(store::SeaOrmInboxRepository::new(db.clone())),
        conversations: Arc::new(store::SeaOrmConversationRepository::new(db)),
        events: app.events.clone(),
        clock: Arc::new(kernel::SystemClock),
    })
}

/// A playground customer writes; returns the turn's JSON.
pub async fn say(app: &TestApp, owner: &Owner, session: &str, text: &str) -> Value {
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/playground/messages",
            &json!({"text": text, "session": session}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "{text}: {body}");
    body
}

pub async fn conversation(app: &TestApp, owner: &Owner, id: &str) -> Value {
    get_json(
        app,
        &owner.access_token,
        &format!("/api/v1/conversations/{id}"),
    )
    .await
}

fn timeline_kinds(detail: &Value) -> Vec<String> {
    detail["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn sweep(inbox: &InboxService, at: DateTime<Utc>) {
    inbox
        .sweep(at, &LifecyclePolicy::default())
        .await
        .expect("sweep");
}

#[tokio::test]
async fn the_inactivity_timeout_is_a_setting_of_one_minute_to_a_day() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let settings = get_json(&app, &owner.access_token, "/api/v1/assistant/settings").await;
    assert_eq!(settings["inactivity_timeout_minutes"], 5);
    for refused in [0, 1_441] {
        let response = app
            .patch_as(
                &owner.access_token,
                "/api/v1/assistant/settings",
                &json!({"inactivity_timeout_minutes": refused}),
            )
            .await;
        assert_eq!(
            invalid_fields(response).await,
            vec![(
                "inactivity_timeout_minutes".to_owned(),
                "inactivity_timeout".to_owned()
            )]
        );
    }
    let response = app
        .patch_as(
            &owner.access_token,
            "/api/v1/assistant/settings",
            &json!({"inactivity_timeout_minutes": 30}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let settings = get_json(&app, &owner.access_token, "/api/v1/assistant/settings").await;
    assert_eq!(settings["inactivity_timeout_minutes"], 30);
}

#[tokio::test]
async fn a_waiting_conversation_is_abandoned_after_its_workspace_timeout() {
    let app = spawn_app().await;
    let patient = app.register("ana@glow.it", "Glow Beauty").await;
    let hasty = app.register("bea@shop.it", "Bea Shop").await;
    for owner in [&patient, &hasty] {
        glow_serum(&app, owner).await;
    }
    let response = app
        .patch_as(
            &patient.access_token,
            "/api/v1/assistant/settings",
            &json!({"inactivity_timeout_minutes": 30}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let start = Utc::now();
    let mut ids = Vec::new();
    for owner in [&patient, &hasty] {
        let turn = say(&app, owner, "s", "How much is the Glow Serum?").await;
        assert!(turn["reply"]["text"].is_string(), "{turn}");
        let id = turn["conversation_id"].as_str().expect("id").to_owned();
        assert_eq!(
            conversation(&app, owner, &id).await["status"],
            "waiting",
            "answered, the conversation waits on the customer"
        );
        ids.push(id);
    }
    let inbox = inbox_of(&app).await;

    // Six minutes: past the default five, not past the patient workspace's thirty.
    sweep(&inbox, start + Duration::minutes(6)).await;
    assert_eq!(
        conversation(&app, &hasty, &ids[1]).await["status"],
        "abandoned"
    );
    assert_eq!(
        conversation(&app, &patient, &ids[0]).await["status"],
        "waiting"
    );
    sweep(&inbox, start + Duration::minutes(31)).await;
    assert_eq!(
        conversation(&app, &patient, &ids[0]).await["status"],
        "abandoned"
    );

    // The customer comes back: the conversation is active again and answered.
    let back = say(&app, &hasty, "s", "And the 50ml?").await;
    assert_eq!(back["conversation_id"], ids[1].as_str());
    assert!(back["reply"]["text"].is_string(), "{back}");
}

#[tokio::test]
async fn a_customer_message_reopens_a_resolved_conversation_and_the_assistant_answers() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    let first = say(&app, &owner, "r", "I want to talk to a person").await;
    assert_eq!(first["state"]["owner"], "human", "{first}");
    let id = first["conversation_id"].as_str().expect("id").to_owned();
    let resolved = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{id}/resolve"),
            &json!({}),
        )
        .await;
    assert_eq!(resolved.status(), StatusCode::OK);
    assert_eq!(conversation(&app, &owner, &id).await["status"], "resolved");

    let again = say(&app, &owner, "r", "How much is the Glow Serum?").await;
    assert_eq!(again["conversation_id"], id.as_str());
    assert!(
        again["reply"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "the assistant answers again rather than handing off anew: {again}"
    );
    assert!(again["handoff"].is_null(), "{again}");
    let detail = conversation(&app, &owner, &id).await;
    assert_eq!(detail["state"]["owner"], "assistant", "{detail}");
    assert_eq!(detail["status"], "waiting");
    let kinds = timeline_kinds(&detail);
    let resolved_at = kinds
        .iter()
        .position(|k| k == "resolved")
        .expect("resolved");
    let reopened_at = kinds
        .iter()
        .position(|k| k == "reopened")
        .expect("reopened");
    assert!(resolved_at < reopened_at, "{kinds:?}");
}

#[tokio::test]
async fn a_resolved_conversation_is_archived_after_ninety_days() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let first = say(&app, &owner, "a", "I want to talk to a person").await;
    let id = first["conversation_id"].as_str().expect("id").to_owned();
    let resolved = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{id}/resolve"),
            &json!({}),
        )
        .await;
    assert_eq!(resolved.status(), StatusCode::OK);
    let inbox = inbox_of(&app).await;
    sweep(&inbox, Utc::now() + Duration::days(89)).await;
    assert_eq!(conversation(&app, &owner, &id).await["status"], "resolved");
    sweep(&inbox, Utc::now() + Duration::days(91)).await;
    assert_eq!(conversation(&app, &owner, &id).await["status"], "archived");
}

#[tokio::test]
async fn the_recurring_jobs_have_one_row_each_and_run() {
    let app = spawn_app().await;
    for kind in ["lifecycle.sweep", "notifications.digest"] {
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM jobs WHERE kind = '{kind}'"))
                .await,
            1,
            "{kind}"
        );
    }
    // The sweep ran at start-up and queued itself again, a minute on, with the
    // instant it swept up to.
    let queued = app
        .eventually_count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'lifecycle.sweep' AND status = 'queued' \
             AND attempts = 0 AND payload <> ''",
            1,
            std::time::Duration::from_secs(20),
        )
        .await;
    assert_eq!(queued, 1);

    // Seeding again (another replica starting) adds nothing.
    let db = store::connect(&app.database_url()).await.expect("database");
    let queue = store::SeaOrmJobQueue::new(db);
    for kind in ["lifecycle.sweep", "notifications.digest"] {
        kernel::JobQueue::ensure_recurring(&queue, kind, Utc::now())
            .await
            .expect("seeded");
    }
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM jobs WHERE kind IN ('lifecycle.sweep', 'notifications.digest')"
        )
        .await,
        2
    );
}
