//! WhatsApp Cloud API sends against a local Graph server: the exact requests (path,
//! Bearer token, body) for each message kind, and how each failure is classified.

// Test helpers outside #[test] functions panic on purpose: a broken fixture should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use channels::ports::{ChannelGateway, Recipient, SendReceipt};
use channels::*;
use meta::{MetaGraph, MetaGraphConfig, RateLimits};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PHONE_NUMBER_ID: &str = "106540352242922";
const WA_ID: &str = "16505551234";
const TOKEN: &str = "EAAJB-system-user-token";

fn graph(server: &MockServer) -> MetaGraph {
    MetaGraph::new(MetaGraphConfig {
        base_url: server.uri(),
        api_version: "v25.0".into(),
        timeout: Duration::from_millis(500),
        rate_limits: RateLimits::default(),
    })
    .unwrap()
}

fn number() -> Recipient {
    Recipient {
        platform: Platform::WhatsApp,
        account_id: PlatformAccountId::parse(PHONE_NUMBER_ID).unwrap(),
        user_id: PlatformUserId::parse(WA_ID).unwrap(),
        access_token: AccessToken::parse(TOKEN).unwrap(),
    }
}

fn outbound(content: OutboundContent) -> OutboundMessage {
    OutboundMessage::new(
        Platform::WhatsApp,
        IdempotencyKey::parse("reply:wa-1").unwrap(),
        content,
    )
    .unwrap()
}

fn accepted() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "messaging_product": "whatsapp",
        "contacts": [{ "input": WA_ID, "wa_id": WA_ID }],
        "messages": [{ "id": "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" }]
    }))
}

/// The message envelope every send shares, around `kind` and its payload.
fn envelope(kind: &str, payload: Value) -> Value {
    let mut body = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": WA_ID,
        "type": kind,
    });
    body[kind] = payload;
    body
}

async fn expect_post(server: &MockServer, body: Value, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PHONE_NUMBER_ID}/messages")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(body))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

async fn send(server: &MockServer, content: OutboundContent) -> Result<SendReceipt, SendFailure> {
    graph(server)
        .send(&number(), &outbound(content), SendMode::Response)
        .await
}

#[tokio::test]
async fn text_with_the_bearer_token() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        envelope(
            "text",
            json!({ "preview_url": false, "body": "Sì, spediamo in tutta Italia 🇮🇹" }),
        ),
        accepted(),
    )
    .await;
    let receipt = send(
        &server,
        OutboundContent::text("Sì, spediamo in tutta Italia 🇮🇹"),
    )
    .await
    .unwrap();
    assert_eq!(
        receipt.platform_message_id.unwrap().as_str(),
        "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"
    );
}

#[tokio::test]
async fn reply_buttons() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        envelope(
            "interactive",
            json!({
                "type": "button",
                "body": { "text": "Shall I reserve it for you?" },
                "action": { "buttons": [
                    { "type": "reply", "reply": { "id": "RESERVE", "title": "Yes please" } },
                    { "type": "reply", "reply": { "id": "LATER", "title": "Not now" } }
                ]}
            }),
        ),
        accepted(),
    )
    .await;
    let content = OutboundContent::Buttons {
        text: "Shall I reserve it for you?".into(),
        buttons: vec![
            Button {
                title: "Yes please".into(),
                action: ButtonAction::Postback {
                    payload: "RESERVE".into(),
                },
            },
            Button {
                title: "Not now".into(),
                action: ButtonAction::Postback {
                    payload: "LATER".into(),
                },
            },
        ],
    };
    send(&server, content).await.unwrap();
}

#[tokio::test]
async fn a_list() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        envelope(
            "interactive",
            json!({
                "type": "list",
                "header": { "type": "text", "text": "Glow Beauty" },
                "body": { "text": "Which serum would you like?" },
                "footer": { "text": "Prices include VAT" },
                "action": {
                    "button": "See serums",
                    "sections": [{
                        "title": "Serums",
                        "rows": [
                            { "id": "product:42", "title": "Rose serum", "description": "30 ml · €24.90" },
                            { "id": "product:43", "title": "Vitamin C" }
                        ]
                    }]
                }
            }),
        ),
        accepted(),
    )
    .await;
    let content = OutboundContent::List {
        header: Some("Glow Beauty".into()),
        body: "Which serum would you like?".into(),
        footer: Some("Prices include VAT".into()),
        button_label: "See serums".into(),
        sections: vec![ListSection {
            title: Some("Serums".into()),
            rows: vec![
                ListRow {
                    id: "product:42".into(),
                    title: "Rose serum".into(),
                    description: Some("30 ml · €24.90".into()),
                },
                ListRow {
                    id: "product:43".into(),
                    title: "Vitamin C".into(),
                    description: None,
                },
            ],
        }],
    };
    send(&server, content).await.unwrap();
}

#[tokio::test]
async fn an_image_with_a_caption() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        envelope(
            "image",
            json!({ "link": "https://cdn.shop.example/rose.jpg", "caption": "Rose serum 🌹" }),
        ),
        accepted(),
    )
    .await;
    let content = OutboundContent::Image {
        url: "https://cdn.shop.example/rose.jpg".into(),
        caption: Some("Rose serum 🌹".into()),
    };
    send(&server, content).await.unwrap();
}

#[tokio::test]
async fn a_template_outside_the_window() {
    let server = MockServer::start().await;
    expect_post(
        &server,
        envelope(
            "template",
            json!({
                "name": "order_update",
                "language": { "code": "en_US" },
                "components": [{
                    "type": "body",
                    "parameters": [
                        { "type": "text", "text": "Sheena" },
                        { "type": "text", "text": "#1234" }
                    ]
                }]
            }),
        ),
        accepted(),
    )
    .await;
    let content = OutboundContent::Template {
        name: "order_update".into(),
        language: "en_US".into(),
        body_parameters: vec!["Sheena".into(), "#1234".into()],
    };
    send(&server, content).await.unwrap();
}

#[tokio::test]
async fn read_receipts_and_the_typing_indicator() {
    let server = MockServer::start().await;
    let read =
        json!({ "messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN" });
    let mut typing = read.clone();
    typing["typing_indicator"] = json!({ "type": "text" });
    let success = ResponseTemplate::new(200).set_body_json(json!({ "success": true }));
    expect_post(&server, read, success.clone()).await;
    expect_post(&server, typing, success).await;
    let graph = graph(&server);
    let incoming = PlatformMessageId::parse("wamid.IN").unwrap();
    graph.mark_seen(&number(), &incoming).await.unwrap();
    graph.typing(&number(), &incoming, true).await.unwrap();
    // WhatsApp hides the indicator itself: no request.
    graph.typing(&number(), &incoming, false).await.unwrap();
}

#[tokio::test]
async fn whatsapp_has_no_profile_api_so_nothing_is_called() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let profile = graph(&server).fetch_profile(&number()).await.unwrap();
    assert_eq!(profile, ContactProfile::default());
}

// ------------------------------------------------------------------------ failures

fn cloud_error(status: u16, code: i64, message: &str, details: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "error_data": { "messaging_product": "whatsapp", "details": details },
            "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"
        }
    }))
}

async fn failure_for(response: ResponseTemplate) -> SendFailure {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    send(&server, OutboundContent::text("hi"))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn error_131047_is_outside_the_window() {
    let failure = failure_for(cloud_error(
        400,
        131047,
        "(#131047) Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    ))
    .await;
    assert!(
        matches!(failure, SendFailure::OutsideWindow { .. }),
        "{failure}"
    );
    assert!(
        failure.reason().message.contains("more than 24 hours"),
        "{failure}"
    );
}

#[tokio::test]
async fn error_131026_is_a_person_who_cannot_be_reached() {
    let failure = failure_for(cloud_error(
        400,
        131026,
        "(#131026) Message undeliverable",
        "Message Undeliverable.",
    ))
    .await;
    assert!(
        matches!(failure, SendFailure::UserBlocked { .. }),
        "{failure}"
    );
}

#[tokio::test]
async fn throughput_and_pair_rate_limits_are_transient() {
    for code in [130429, 131056, 80007] {
        let failure = failure_for(cloud_error(400, code, "Rate limit hit", "")).await;
        assert!(failure.is_retryable(), "{code}: {failure}");
    }
}

#[tokio::test]
async fn an_expired_token_asks_for_a_reconnect() {
    let failure = failure_for(cloud_error(
        401,
        190,
        "Error validating access token: Session has expired",
        "",
    ))
    .await;
    assert!(failure.requires_reconnect(), "{failure}");
    assert!(!failure.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_500_then_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(accepted())
        .expect(1)
        .mount(&server)
        .await;
    let graph = graph(&server);
    let message = outbound(OutboundContent::text("hi"));
    let first = graph
        .send(&number(), &message, SendMode::Response)
        .await
        .unwrap_err();
    assert!(first.is_retryable(), "{first}");
    assert!(
        graph
            .send(&number(), &message, SendMode::Response)
            .await
            .is_ok()
    );
}
