//! The assistant answering a real Messenger conversation: webhook in, burst window,
//! one grounded reply through the Send API.

use std::time::Duration;

use chatdesk_tests::app::{messenger_text_webhook, spawn_app_with, with_meta};
use reqwest::StatusCode;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::catalog_fixtures::glow_serum;

const PAGE: &str = "106540352242922";
const PSID: &str = "6952618704783512";
const TOKEN: &str = "EAAGpagetoken";
const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn two_messages_in_one_burst_get_one_grounded_reply() {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with(|s| with_meta(s, &uri)).await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    // A window wide enough that both messages land in it even on a slow machine.
    let settings = app
        .patch_as(
            &owner.access_token,
            "/api/v1/assistant/settings",
            &json!({"burst_window_ms": 1500}),
        )
        .await;
    let status = settings.status();
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        settings.text().await.unwrap_or_default()
    );
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{PSID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"first_name": "Linh"})))
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": PSID, "message_id": "m_reply_1"})),
        )
        .expect(1)
        .mount(&graph)
        .await;

    for (mid, text) in [
        ("m_in_1", "Hi! Do you have the Glow Serum?"),
        ("m_in_2", "how much is it in 50ml?"),
    ] {
        let body = messenger_text_webhook(PAGE, PSID, mid, text);
        let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    app.eventually_count(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'assistant.turn' AND status = 'succeeded'",
        2,
        WAIT,
    )
    .await;
    app.eventually_count(
        "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'",
        1,
        WAIT,
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE direction = 'outbound'")
            .await,
        1,
        "one reply for the whole burst"
    );
    graph.verify().await;
    let requests = graph.received_requests().await.unwrap_or_default();
    let sent = requests
        .iter()
        .find(|r| r.method.as_str() == "POST" && r.url.path().ends_with("/messages"))
        .map(|r| String::from_utf8_lossy(&r.body).to_string())
        .unwrap_or_default();
    assert!(sent.contains("Glow Serum"), "{sent}");
}
