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

/// Issue 7: "the assistant stays silent after takeover even when a customer message
/// arrives mid-reply". The assistant's turn for the first message is queued (the
/// burst window holds it), a member takes over, the customer writes again while that
/// turn is still in flight: nothing the assistant composed goes out, and the second
/// message gets no assistant reply either.
#[tokio::test]
async fn the_assistant_stays_silent_after_takeover_even_when_the_customer_writes_mid_reply() {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with(|s| with_meta(s, &uri)).await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    // Long enough that the takeover surely lands while the first turn waits.
    let settings = app
        .patch_as(
            &owner.access_token,
            "/api/v1/assistant/settings",
            &json!({"burst_window_ms": 6000}),
        )
        .await;
    assert_eq!(settings.status(), StatusCode::OK);
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{PSID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"first_name": "Linh"})))
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": PSID, "message_id": "m_reply"})),
        )
        .expect(0)
        .mount(&graph)
        .await;

    let body = messenger_text_webhook(PAGE, PSID, "m_in_1", "Hi! Do you have the Glow Serum?");
    let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    // The turn that would answer it is queued, not yet run.
    let queued = app
        .eventually_count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'assistant.turn' AND status = 'queued'",
            1,
            WAIT,
        )
        .await;
    assert_eq!(queued, 1);
    let list = app
        .get_as(&owner.access_token, "/api/v1/conversations")
        .await;
    let list: serde_json::Value = list.json().await.expect("json");
    let id = list["items"][0]["id"]
        .as_str()
        .expect("a conversation")
        .to_owned();
    let taken = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{id}/takeover"),
            &json!({}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'assistant.turn' AND status = 'succeeded'"
        )
        .await,
        0,
        "the first turn is still in flight"
    );

    let body = messenger_text_webhook(PAGE, PSID, "m_in_2", "Hello?? how much is it?");
    let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    app.eventually_count(
        "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'",
        2,
        WAIT,
    )
    .await;
    // Every turn ran (the first one's burst window has passed) ...
    let pending = app
        .eventually_count(
            "SELECT COUNT(*) FROM jobs WHERE kind IN ('assistant.turn', 'channels.send_message') \
             AND status IN ('queued', 'running')",
            0,
            WAIT,
        )
        .await;
    assert_eq!(pending, 0);
    assert!(
        app.count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'assistant.turn' AND status = 'succeeded'"
        )
        .await
            >= 1
    );
    // ... and nothing the assistant composed went out: any reply it queued was
    // recorded as silenced, never sent.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' \
             AND (status IS NULL OR status <> 'failed' OR failure_code <> 'assistant_silenced')"
        )
        .await,
        0
    );
    let detail = app
        .get_as(&owner.access_token, &format!("/api/v1/conversations/{id}"))
        .await;
    let detail: serde_json::Value = detail.json().await.expect("json");
    assert_eq!(detail["state"]["owner"], "human", "{detail}");
    assert_eq!(detail["status"], "agent_handling", "{detail}");
    graph.verify().await;
}
