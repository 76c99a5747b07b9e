//! An order captured reaches a member on WhatsApp: with WhatsApp chosen for
//! `order_captured` and a number saved, the sender posts a Cloud API text to that
//! number from the workspace's connected WhatsApp channel (its phone number id and its
//! token), against a local Graph server.

use std::time::Duration;

use chatdesk_tests::app::{spawn_app_with, with_meta};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::notifications::{announce, shop_with_order};
use super::webhooks::connect_whatsapp;

/// The phone number id `connect_whatsapp` connects, and its token.
const PHONE_NUMBER_ID: &str = "106540352242922";
const TOKEN: &str = "EAAGwa";

#[tokio::test]
async fn an_order_captured_reaches_the_members_whatsapp_number() {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with(|s| with_meta(s, &uri)).await;
    let (owner, order) = shop_with_order(&app, "ana@glow.test").await;
    connect_whatsapp(&app, &graph, &owner).await;
    let response = app
        .client
        .put(app.url("/api/v1/notification-preferences"))
        .bearer_auth(&owner.access_token)
        .json(&json!({
            "choices": [{"kind": "order_captured", "medium": "whatsapp", "enabled": true}],
            "whatsapp_number": "+34 600 111 222"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PHONE_NUMBER_ID}/messages")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_partial_json(json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "+34600111222",
            "type": "text"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "contacts": [{"input": "+34600111222", "wa_id": "34600111222"}],
            "messages": [{"id": "wamid.NOTIFY1"}]
        })))
        .expect(1)
        .mount(&graph)
        .await;

    announce(&app, &owner, &order).await;

    let sent = app
        .eventually_count(
            "SELECT COUNT(*) FROM notification_deliveries \
             WHERE medium = 'whatsapp' AND sent_at IS NOT NULL",
            1,
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(sent, 1);
    let requests = graph.received_requests().await.unwrap();
    let sends: Vec<Value> = requests
        .iter()
        .filter(|r| r.url.path().ends_with("/messages"))
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(sends.len(), 1, "{sends:?}");
    let text = sends[0]["text"]["body"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("New order #{}!", order.number())),
        "{text}"
    );
    assert!(text.contains(&format!("/orders/{}", order.id())), "{text}");
    assert_eq!(sends[0]["text"]["preview_url"], false);
    graph.verify().await;
}
