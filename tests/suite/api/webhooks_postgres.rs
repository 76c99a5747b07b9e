//! The webhook path on PostgreSQL: signed deliveries stored once (also when five
//! arrive together), processed by the worker, answered once.

use std::sync::Arc;
use std::time::Duration;

use chatdesk_server::services::Overrides;
use chatdesk_tests::app::{
    FixedReply, messenger_text_webhook, meta_fixture, spawn_app_with_overrides, with_meta,
};
use chatdesk_tests::db::TestDatabase;
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "106540352242922";
/// Not a sender of the batched fixture, so only this person's message is in its window.
const PSID: &str = "7111111111111111";

#[tokio::test]
async fn the_webhook_path_works_on_postgres() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let url = database.url.clone();
    let app = spawn_app_with_overrides(
        |s| {
            with_meta(s, &uri);
            s.database.url = url.into();
        },
        Overrides {
            responder: Some(Arc::new(FixedReply("Ciao!"))),
        },
    )
    .await;
    // Counted on the same database the server uses.
    let count = |sql: &'static str| {
        let url = database.url.clone();
        async move {
            use sea_orm::{ConnectionTrait, Statement};
            let db = store::connect(&url).await.unwrap();
            let row = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap()
                .unwrap();
            let n: i64 = row.try_get_by_index(0).unwrap();
            db.close().await.ok();
            n
        }
    };
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, "EAAGpage")
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .and(query_param("access_token", "EAAGpage"))
        .and(body_json(json!({
            "recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": {"text": "Ciao!"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"})))
        .expect(1)
        .mount(&graph)
        .await;

    let body = messenger_text_webhook(PAGE, PSID, "m_pg_1", "Buongiorno ☀️ مرحبا");
    let deliveries = (0..5).map(|_| app.post_webhook("/api/v1/webhooks/meta", &body));
    let mut recorded = 0;
    for response in futures_util::future::join_all(deliveries).await {
        assert_eq!(response.status(), StatusCode::OK);
        let ack: Value = response.json().await.unwrap();
        recorded += ack["recorded"].as_u64().unwrap();
    }
    assert_eq!(recorded, 1);
    // A batch, twice: stored once.
    for _ in 0..2 {
        let response = app
            .post_webhook("/api/v1/webhooks/meta", &meta_fixture("meta/batched.json"))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let bad = app
        .post_webhook_with("/api/v1/webhooks/meta", &body, Some("sha256=00"))
        .await;
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);

    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while count("SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'")
        .await
        < 1
    {
        assert!(std::time::Instant::now() < deadline, "no reply sent");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(count("SELECT COUNT(*) FROM inbound_events").await, 3);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        count("SELECT COUNT(*) FROM messages WHERE direction = 'outbound'").await,
        3,
        "one reply per distinct customer message"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM messages WHERE failure_code = 'outside_window'").await,
        2,
        "the batch's year-old messages are past the 24-hour window"
    );
    graph.verify().await;
}
