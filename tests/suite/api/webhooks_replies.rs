//! From webhook to reply with a responder registered, against a local Graph server:
//! the exact Send API request, one reply for five concurrent deliveries, retries on
//! a 500, no retry on an invalid token (and the channel asks to be reconnected),
//! blocked contacts never answered, statuses only moving forward, and an event stored
//! while no worker ran processed by the next process that starts.

use std::sync::Arc;
use std::time::Duration;

use chatdesk_server::services::Overrides;
use chatdesk_tests::app::{
    FixedReply, TestApp, messenger_text_webhook, meta_fixture, spawn_app_with,
    spawn_app_with_overrides, with_meta,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::webhooks::connect_whatsapp;

const PAGE: &str = "106540352242922";
const PSID: &str = "6952618704783512";
const TOKEN: &str = "EAAGpagetoken";
const REPLY: &str = "Thanks! A person will answer soon 🙏";

async fn replying_app() -> (TestApp, MockServer) {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with_overrides(
        |s| with_meta(s, &uri),
        Overrides {
            responder: Some(Arc::new(FixedReply(REPLY))),
        },
    )
    .await;
    (app, graph)
}

fn send_api_body(psid: &str, text: &str) -> Value {
    json!({
        "recipient": { "id": psid },
        "messaging_type": "RESPONSE",
        "message": { "text": text }
    })
}

fn accepted(mid: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"recipient_id": PSID, "message_id": mid}))
}

fn graph_error(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1"}
    }))
}

/// The Send API call for our reply to PSID: path, token and body exactly.
fn send_mock() -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .and(query_param("access_token", TOKEN))
        .and(body_json(send_api_body(PSID, REPLY)))
}

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn a_message_gets_exactly_one_reply_with_the_documented_request() {
    let (app, graph) = replying_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let channel = app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    // The first message of a new person: their profile is read once, for the inbox.
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{PSID}")))
        .and(query_param("access_token", TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"first_name": "Linh", "last_name": "Trần"})),
        )
        .expect(1)
        .mount(&graph)
        .await;
    send_mock()
        .respond_with(accepted("m_reply_1"))
        .expect(1)
        .mount(&graph)
        .await;

    let body = messenger_text_webhook(PAGE, PSID, "m_in_1", "Do you have rose cream? 🌹");
    let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let sent = app
        .eventually_count(
            "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status = 'sent' AND platform_message_id = 'm_reply_1'",
            1,
            WAIT,
        )
        .await;
    assert_eq!(sent, 1);
    graph.verify().await;

    let contacts: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(contacts["items"][0]["display_name"], "Linh Trần");

    // Our own send comes back as an echo: recorded once, never answered.
    let echo = json!({
        "object": "page",
        "entry": [{"id": PAGE, "time": 1, "messaging": [{
            "sender": {"id": PAGE}, "recipient": {"id": PSID},
            "timestamp": chrono::Utc::now().timestamp_millis(),
            "message": {"is_echo": true, "app_id": 1517776481860111_i64, "mid": "m_reply_1", "text": REPLY}
        }]}]
    });
    let response = app
        .post_webhook("/api/v1/webhooks/meta", &serde_json::to_vec(&echo).unwrap())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.eventually_count(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'channels.process_inbound' AND status = 'succeeded'",
        2,
        WAIT,
    )
    .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE direction = 'outbound'")
            .await,
        1
    );
    let stats: Value = app
        .get_as(
            &owner.access_token,
            &format!("/api/v1/channels/{}/stats", channel["id"].as_str().unwrap()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["messages_in"], 1, "{stats}");
    assert_eq!(stats["messages_out"], 1, "{stats}");
    assert_eq!(stats["failed"], 0, "{stats}");
    assert!(stats["last_message_at"].is_string(), "{stats}");
}

#[tokio::test]
async fn five_concurrent_deliveries_store_one_message_and_send_one_reply() {
    let (app, graph) = replying_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    send_mock()
        .respond_with(accepted("m_reply_1"))
        .expect(1)
        .mount(&graph)
        .await;

    let body = messenger_text_webhook(PAGE, PSID, "m_in_1", "hello");
    let deliveries = (0..5).map(|_| app.post_webhook("/api/v1/webhooks/meta", &body));
    let responses = futures_util::future::join_all(deliveries).await;
    let mut recorded = 0;
    for response in responses {
        assert_eq!(response.status(), StatusCode::OK);
        let ack: Value = response.json().await.unwrap();
        recorded += ack["recorded"].as_u64().unwrap();
    }
    assert_eq!(recorded, 1, "exactly one delivery stored the event");
    let sent = app
        .eventually_count(
            "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'",
            1,
            WAIT,
        )
        .await;
    assert_eq!(sent, 1);
    // Give a duplicate reply every chance to show up before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM inbound_events").await, 1);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE direction = 'outbound'")
            .await,
        1
    );
    graph.verify().await;
}

#[tokio::test]
async fn a_500_is_retried_until_the_send_succeeds() {
    let (app, graph) = replying_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    send_mock()
        .respond_with(graph_error(500, 2, "Service temporarily unavailable"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&graph)
        .await;
    send_mock()
        .respond_with(accepted("m_reply_2"))
        .expect(1)
        .mount(&graph)
        .await;

    let body = messenger_text_webhook(PAGE, PSID, "m_in_1", "hello");
    app.post_webhook("/api/v1/webhooks/meta", &body).await;
    let sent = app
        .eventually_count(
            "SELECT COUNT(*) FROM messages WHERE status = 'sent' AND platform_message_id = 'm_reply_2'",
            1,
            WAIT,
        )
        .await;
    assert_eq!(sent, 1, "sent on the second attempt");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'channels.send_message' AND status = 'succeeded' AND attempts = 2")
            .await,
        1
    );
    graph.verify().await;
}

#[tokio::test]
async fn an_invalid_token_is_not_retried_and_the_channel_asks_for_a_reconnect() {
    let (app, graph) = replying_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let channel = app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    send_mock()
        .respond_with(graph_error(
            400,
            190,
            "Error validating access token: Session has expired",
        ))
        .expect(1)
        .mount(&graph)
        .await;

    let body = messenger_text_webhook(PAGE, PSID, "m_in_1", "hello");
    app.post_webhook("/api/v1/webhooks/meta", &body).await;
    let failed = app
        .eventually_count(
            "SELECT COUNT(*) FROM messages WHERE status = 'failed' AND failure_code = 'invalid_token' AND failure_platform_code = 190",
            1,
            WAIT,
        )
        .await;
    assert_eq!(failed, 1);
    let id = channel["id"].as_str().unwrap();
    let shown: Value = app
        .get_as(&owner.access_token, &format!("/api/v1/channels/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["status"], "reconnect_required");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM jobs WHERE kind = 'channels.send_message' AND status = 'dead' AND attempts = 1")
            .await,
        1,
        "given up after one attempt"
    );
    // The owner hears about it.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !app
        .emails()
        .iter()
        .any(|e| e.contains("To: ana@glow.it") && e.contains("Reconnect"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no email to the owner"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Messages still arrive while it waits for a reconnect; nothing more is sent.
    let body = messenger_text_webhook(PAGE, PSID, "m_in_2", "anyone?");
    let ack: Value = app
        .post_webhook("/api/v1/webhooks/meta", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ack["recorded"], 1);
    app.eventually_count(
        "SELECT COUNT(*) FROM messages WHERE failure_code = 'channel_unavailable'",
        1,
        WAIT,
    )
    .await;
    graph.verify().await;

    // Reconnecting with a new token makes it active again, same channel.
    let again = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/messenger",
            &json!({"page_id": PAGE, "access_token": TOKEN}),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], channel["id"]);
    assert_eq!(again["status"], "active");
}

#[tokio::test]
async fn a_blocked_contact_is_stored_and_never_answered() {
    let (app, graph) = replying_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    send_mock()
        .respond_with(accepted("m_reply_1"))
        .expect(1)
        .mount(&graph)
        .await;
    app.post_webhook(
        "/api/v1/webhooks/meta",
        &messenger_text_webhook(PAGE, PSID, "m_in_1", "first"),
    )
    .await;
    app.eventually_count(
        "SELECT COUNT(*) FROM messages WHERE status = 'sent'",
        1,
        WAIT,
    )
    .await;
    let contacts: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts")
        .await
        .json()
        .await
        .unwrap();
    let contact = contacts["items"][0]["id"].as_str().unwrap();
    let blocked = app
        .patch_as(
            &owner.access_token,
            &format!("/api/v1/contacts/{contact}"),
            &json!({"blocked": true}),
        )
        .await;
    assert_eq!(blocked.status(), StatusCode::OK);

    app.post_webhook(
        "/api/v1/webhooks/meta",
        &messenger_text_webhook(PAGE, PSID, "m_in_2", "spam spam"),
    )
    .await;
    let inbound = app
        .eventually_count(
            "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'",
            2,
            WAIT,
        )
        .await;
    assert_eq!(inbound, 2, "the blocked contact's message is kept");
    app.eventually_count(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'channels.process_inbound' AND status = 'succeeded'",
        2,
        WAIT,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM messages WHERE direction = 'outbound'")
            .await,
        1,
        "and never answered"
    );
    graph.verify().await;
}

#[tokio::test]
async fn whatsapp_statuses_out_of_order_only_move_forward() {
    let (app, graph) = replying_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    connect_whatsapp(&app, &graph, &owner).await;
    let wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3NzNDRUUxNDlBMDNBNTFBRjMA";
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .and(wiremock::matchers::header("authorization", "Bearer EAAGwa"))
        .and(body_json(json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "16505551234",
            "type": "text",
            "text": {"preview_url": false, "body": REPLY}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "contacts": [{"input": "16505551234", "wa_id": "16505551234"}],
            "messages": [{"id": wamid}]
        })))
        .expect(1)
        .mount(&graph)
        .await;
    let now = chrono::Utc::now().timestamp().to_string();
    let inbound = json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": PAGE},
            "contacts": [{"profile": {"name": "Giulia"}, "wa_id": "16505551234"}],
            "messages": [{"from": "16505551234", "id": "wamid.IN1", "timestamp": now,
                          "type": "text", "text": {"body": "Ciao! Avete la crema? 🇮🇹"}}]
        }}]}]
    });
    app.post_webhook(
        "/api/v1/webhooks/whatsapp",
        &serde_json::to_vec(&inbound).unwrap(),
    )
    .await;
    app.eventually_count(
        &format!("SELECT COUNT(*) FROM messages WHERE platform_message_id = '{wamid}' AND status = 'sent'"),
        1,
        WAIT,
    )
    .await;

    // read, then sent, then delivered: ends at read.
    let response = app
        .post_webhook(
            "/api/v1/webhooks/whatsapp",
            &meta_fixture("whatsapp/statuses.json"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let read = app
        .eventually_count(
            &format!("SELECT COUNT(*) FROM messages WHERE platform_message_id = '{wamid}' AND status = 'read'"),
            1,
            WAIT,
        )
        .await;
    assert_eq!(read, 1);
    app.eventually_count(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'channels.process_inbound' AND status = 'succeeded'",
        4,
        WAIT,
    )
    .await;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM messages WHERE platform_message_id = '{wamid}' AND status = 'read'"
        ))
        .await,
        1,
        "late sent/delivered receipts did not move it back"
    );
    let contacts: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts?platform=whatsapp")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(contacts["items"][0]["display_name"], "Giulia");
    graph.verify().await;
}

#[tokio::test]
async fn an_event_stored_with_no_worker_running_is_processed_by_the_next_process() {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let data_key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let first = spawn_app_with(|s| {
        with_meta(s, &uri);
        s.worker.enabled = false;
        s.security.data_key = data_key.to_owned().into();
    })
    .await;
    let owner = first.register("ana@glow.it", "Glow Beauty").await;
    first.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    let body = messenger_text_webhook(PAGE, PSID, "m_in_1", "are you there?");
    let response = first.post_webhook("/api/v1/webhooks/meta", &body).await;
    assert_eq!(response.status(), StatusCode::OK, "acknowledged at once");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(first.count("SELECT COUNT(*) FROM inbound_events").await, 1);
    assert_eq!(
        first.count("SELECT COUNT(*) FROM messages").await,
        0,
        "nothing processed without a worker"
    );

    // Another process on the same database, with its worker on.
    let database = first.database_url();
    let second = spawn_app_with(|s| {
        with_meta(s, &uri);
        s.database.url = database.into();
        s.security.data_key = data_key.to_owned().into();
    })
    .await;
    // (Counted through the first app: it knows where the shared database is.)
    let _second = second;
    let processed = first
        .eventually_count(
            "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'",
            1,
            WAIT,
        )
        .await;
    assert_eq!(processed, 1);
    assert_eq!(
        first
            .count("SELECT COUNT(*) FROM jobs WHERE kind = 'channels.process_inbound' AND status = 'succeeded'")
            .await,
        1
    );
}
