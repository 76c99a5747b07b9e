//! Messenger and Instagram sends against a local Graph server: the exact requests
//! (path, token, body) for each message kind, and how each failure is classified.

// Test helpers outside #[test] functions panic on purpose: a broken fixture should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use channels::ports::{ChannelGateway, Recipient};
use channels::*;
use meta::{MetaGraph, MetaGraphConfig, RateLimits};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "106540352242922";
const PSID: &str = "6952618704783512";
const TOKEN: &str = "EAAGpagetoken";

fn graph(server: &MockServer) -> MetaGraph {
    MetaGraph::new(MetaGraphConfig {
        base_url: server.uri(),
        api_version: "v25.0".into(),
        timeout: Duration::from_millis(500),
        rate_limits: RateLimits::default(),
    })
    .unwrap()
}

fn to(platform: Platform, account: &str) -> Recipient {
    Recipient {
        platform,
        account_id: PlatformAccountId::parse(account).unwrap(),
        user_id: PlatformUserId::parse(PSID).unwrap(),
        access_token: AccessToken::parse(TOKEN).unwrap(),
    }
}

fn page() -> Recipient {
    to(Platform::Messenger, PAGE)
}

fn outbound(platform: Platform, content: OutboundContent) -> OutboundMessage {
    OutboundMessage::new(platform, IdempotencyKey::parse("reply:1").unwrap(), content).unwrap()
}

fn accepted() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "recipient_id": PSID,
        "message_id": "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM"
    }))
}

fn graph_error(status: u16, code: i64, subcode: Option<i64>, message: &str) -> ResponseTemplate {
    let mut error = json!({
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "BLBz/WZt8dN"
    });
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    ResponseTemplate::new(status).set_body_json(json!({ "error": error }))
}

/// Expects exactly one POST to the Page's messages edge with the token and `body`.
async fn expect_send(server: &MockServer, body: Value) {
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .and(query_param("access_token", TOKEN))
        .and(body_json(body))
        .respond_with(accepted())
        .expect(1)
        .mount(server)
        .await;
}

async fn send(
    server: &MockServer,
    content: OutboundContent,
    mode: SendMode,
) -> Result<SendReceiptView, SendFailure> {
    graph(server)
        .send(&page(), &outbound(Platform::Messenger, content), mode)
        .await
        .map(|r| SendReceiptView(r.platform_message_id.map(|id| id.as_str().to_owned())))
}

#[derive(Debug, PartialEq)]
struct SendReceiptView(Option<String>);

#[tokio::test]
async fn text_goes_as_a_response_with_the_page_token() {
    let server = MockServer::start().await;
    expect_send(
        &server,
        json!({
            "recipient": { "id": PSID },
            "messaging_type": "RESPONSE",
            "message": { "text": "Xin chào! Chúng tôi có kem hoa hồng 🌹" }
        }),
    )
    .await;
    let receipt = send(
        &server,
        OutboundContent::text("Xin chào! Chúng tôi có kem hoa hồng 🌹"),
        SendMode::Response,
    )
    .await
    .unwrap();
    assert_eq!(
        receipt,
        SendReceiptView(Some("m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM".into()))
    );
}

#[tokio::test]
async fn quick_replies() {
    let server = MockServer::start().await;
    expect_send(
        &server,
        json!({
            "recipient": { "id": PSID },
            "messaging_type": "RESPONSE",
            "message": {
                "text": "Pick a shade:",
                "quick_replies": [
                    { "content_type": "text", "title": "Red", "payload": "SHADE_RED" },
                    { "content_type": "text", "title": "Nude", "payload": "SHADE_NUDE" }
                ]
            }
        }),
    )
    .await;
    let content = OutboundContent::Text {
        text: "Pick a shade:".into(),
        quick_replies: vec![
            QuickReply {
                title: "Red".into(),
                payload: "SHADE_RED".into(),
            },
            QuickReply {
                title: "Nude".into(),
                payload: "SHADE_NUDE".into(),
            },
        ],
    };
    send(&server, content, SendMode::Response).await.unwrap();
}

#[tokio::test]
async fn buttons_go_as_a_button_template() {
    let server = MockServer::start().await;
    expect_send(
        &server,
        json!({
            "recipient": { "id": PSID },
            "messaging_type": "RESPONSE",
            "message": {
                "attachment": {
                    "type": "template",
                    "payload": {
                        "template_type": "button",
                        "text": "What do you want to do next?",
                        "buttons": [
                            { "type": "postback", "title": "Buy now", "payload": "BUY:42" },
                            { "type": "web_url", "url": "https://shop.example/p/42", "title": "See photos" }
                        ]
                    }
                }
            }
        }),
    )
    .await;
    let content = OutboundContent::Buttons {
        text: "What do you want to do next?".into(),
        buttons: vec![
            Button {
                title: "Buy now".into(),
                action: ButtonAction::Postback {
                    payload: "BUY:42".into(),
                },
            },
            Button {
                title: "See photos".into(),
                action: ButtonAction::Url {
                    url: "https://shop.example/p/42".into(),
                },
            },
        ],
    };
    send(&server, content, SendMode::Response).await.unwrap();
}

#[tokio::test]
async fn a_list_goes_as_quick_replies() {
    let server = MockServer::start().await;
    expect_send(
        &server,
        json!({
            "recipient": { "id": PSID },
            "messaging_type": "RESPONSE",
            "message": {
                "text": "Our serums:",
                "quick_replies": [
                    { "content_type": "text", "title": "Rose serum", "payload": "product:42" },
                    { "content_type": "text", "title": "Vitamin C", "payload": "product:43" }
                ]
            }
        }),
    )
    .await;
    let content = OutboundContent::List {
        header: None,
        body: "Our serums:".into(),
        footer: None,
        button_label: "See all".into(),
        sections: vec![ListSection {
            title: None,
            rows: vec![
                ListRow {
                    id: "product:42".into(),
                    title: "Rose serum".into(),
                    description: None,
                },
                ListRow {
                    id: "product:43".into(),
                    title: "Vitamin C".into(),
                    description: None,
                },
            ],
        }],
    };
    send(&server, content, SendMode::Response).await.unwrap();
}

#[tokio::test]
async fn an_image_goes_as_an_image_attachment() {
    let server = MockServer::start().await;
    expect_send(
        &server,
        json!({
            "recipient": { "id": PSID },
            "messaging_type": "RESPONSE",
            "message": {
                "attachment": {
                    "type": "image",
                    "payload": { "url": "https://cdn.shop.example/rose.jpg", "is_reusable": true }
                }
            }
        }),
    )
    .await;
    let content = OutboundContent::Image {
        url: "https://cdn.shop.example/rose.jpg".into(),
        caption: None,
    };
    send(&server, content, SendMode::Response).await.unwrap();
}

#[tokio::test]
async fn a_human_after_24_hours_sends_with_the_human_agent_tag() {
    let server = MockServer::start().await;
    expect_send(
        &server,
        json!({
            "recipient": { "id": PSID },
            "messaging_type": "MESSAGE_TAG",
            "tag": "HUMAN_AGENT",
            "message": { "text": "Sorry for the wait, your order ships today." }
        }),
    )
    .await;
    send(
        &server,
        OutboundContent::text("Sorry for the wait, your order ships today."),
        SendMode::HumanAgent,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn instagram_posts_to_the_page_behind_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/me/messages"))
        .and(query_param("access_token", TOKEN))
        .and(body_json(json!({
            "recipient": { "id": PSID },
            "messaging_type": "RESPONSE",
            "message": { "text": "مرحبا 🌹" }
        })))
        .respond_with(accepted())
        .expect(1)
        .mount(&server)
        .await;
    graph(&server)
        .send(
            &to(Platform::Instagram, "17841405822304914"),
            &outbound(Platform::Instagram, OutboundContent::text("مرحبا 🌹")),
            SendMode::Response,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn mark_seen_and_typing_are_sender_actions() {
    let server = MockServer::start().await;
    for action in ["mark_seen", "typing_on", "typing_off"] {
        Mock::given(method("POST"))
            .and(path(format!("/v25.0/{PAGE}/messages")))
            .and(query_param("access_token", TOKEN))
            .and(body_json(
                json!({ "recipient": { "id": PSID }, "sender_action": action }),
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "recipient_id": PSID })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let graph = graph(&server);
    let last = PlatformMessageId::parse("m_1").unwrap();
    graph.mark_seen(&page(), &last).await.unwrap();
    graph.typing(&page(), &last, true).await.unwrap();
    graph.typing(&page(), &last, false).await.unwrap();
}

#[tokio::test]
async fn profiles_come_from_the_user_profile_api() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{PSID}")))
        .and(query_param("fields", "first_name,last_name,profile_pic"))
        .and(query_param("access_token", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "first_name": "Peter",
            "last_name": "Chang",
            "profile_pic": "https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=1",
            "id": PSID
        })))
        .expect(1)
        .mount(&server)
        .await;
    let profile = graph(&server).fetch_profile(&page()).await.unwrap();
    assert_eq!(profile.display_name.unwrap().as_str(), "Peter Chang");
    assert_eq!(
        profile.avatar_url.unwrap().as_str(),
        "https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=1"
    );
    assert_eq!(profile.locale, None);
}

// ------------------------------------------------------------------------ failures

#[tokio::test]
async fn a_500_is_transient_and_the_next_attempt_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .respond_with(graph_error(
            500,
            2,
            None,
            "An unexpected error has occurred. Please retry your request later.",
        ))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .respond_with(accepted())
        .expect(1)
        .mount(&server)
        .await;
    let graph = graph(&server);
    let message = outbound(Platform::Messenger, OutboundContent::text("hello"));
    let first = graph
        .send(&page(), &message, SendMode::Response)
        .await
        .unwrap_err();
    assert!(first.is_retryable(), "{first}");
    assert_eq!(first.reason().code, Some(2));
    let second = graph
        .send(&page(), &message, SendMode::Response)
        .await
        .unwrap();
    assert_eq!(
        second.platform_message_id.unwrap().as_str(),
        "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM"
    );
}

async fn failure_for(response: ResponseTemplate) -> SendFailure {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    graph(&server)
        .send(
            &page(),
            &outbound(Platform::Messenger, OutboundContent::text("hi")),
            SendMode::Response,
        )
        .await
        .unwrap_err()
}

#[tokio::test]
async fn error_190_is_an_invalid_token_and_is_not_retried() {
    let failure = failure_for(graph_error(
        400,
        190,
        Some(463),
        "Error validating access token: Session has expired",
    ))
    .await;
    assert!(
        matches!(failure, SendFailure::InvalidToken { .. }),
        "{failure}"
    );
    assert!(failure.requires_reconnect());
    assert!(!failure.is_retryable());
    assert_eq!(failure.reason().subcode, Some(463));
    assert!(!failure.to_string().contains(TOKEN));
}

#[tokio::test]
async fn error_10_is_outside_the_window() {
    let failure = failure_for(graph_error(
        400,
        10,
        Some(2018278),
        "(#10) This message is sent outside of allowed window.",
    ))
    .await;
    assert!(
        matches!(failure, SendFailure::OutsideWindow { .. }),
        "{failure}"
    );
}

#[tokio::test]
async fn error_551_is_a_person_who_cannot_be_reached() {
    let failure = failure_for(graph_error(
        400,
        551,
        Some(1545041),
        "This person isn't available right now.",
    ))
    .await;
    assert!(
        matches!(failure, SendFailure::UserBlocked { .. }),
        "{failure}"
    );
    assert_eq!(
        failure.reason().message,
        "This person isn't available right now."
    );
}

#[tokio::test]
async fn rate_limit_errors_are_transient() {
    let failure = failure_for(graph_error(
        400,
        613,
        None,
        "Calls to this api have exceeded the rate limit.",
    ))
    .await;
    assert!(failure.is_retryable(), "{failure}");
    let failure = failure_for(ResponseTemplate::new(429)).await;
    assert!(failure.is_retryable(), "{failure}");
}

#[tokio::test]
async fn other_refusals_are_permanent() {
    let failure = failure_for(graph_error(
        400,
        100,
        None,
        "(#100) Param recipient[id] must be a valid ID string",
    ))
    .await;
    assert!(
        matches!(failure, SendFailure::Permanent { .. }),
        "{failure}"
    );
    let failure =
        failure_for(ResponseTemplate::new(404).set_body_string("<html>not found</html>")).await;
    assert!(
        matches!(failure, SendFailure::Permanent { .. }),
        "{failure}"
    );
}

#[tokio::test]
async fn a_timeout_is_transient() {
    let failure = failure_for(accepted().set_delay(Duration::from_secs(3))).await;
    assert!(failure.is_retryable(), "{failure}");
    assert!(failure.to_string().contains("timed out"), "{failure}");
}

#[tokio::test]
async fn an_unreachable_server_is_transient_and_the_token_stays_out_of_the_error() {
    // A port that was just free: nothing listens there (wiremock pools its servers,
    // so dropping one would leave it answering).
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let graph = MetaGraph::new(MetaGraphConfig {
        base_url: format!("http://{address}"),
        timeout: Duration::from_millis(500),
        ..MetaGraphConfig::default()
    })
    .unwrap();
    let failure = graph
        .send(
            &page(),
            &outbound(Platform::Messenger, OutboundContent::text("hi")),
            SendMode::Response,
        )
        .await
        .unwrap_err();
    assert!(failure.is_retryable(), "{failure}");
    assert!(!failure.to_string().contains(TOKEN), "{failure}");
}

#[tokio::test]
async fn an_accepted_send_with_an_unreadable_answer_is_not_a_failure() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("OK"))
        .expect(1)
        .mount(&server)
        .await;
    let receipt = send(&server, OutboundContent::text("hi"), SendMode::Response)
        .await
        .unwrap();
    assert_eq!(
        receipt,
        SendReceiptView(None),
        "retrying would send it twice"
    );
}

#[test]
fn configuration_is_checked() {
    let bad_url = MetaGraph::new(MetaGraphConfig {
        base_url: "graph.facebook.com".into(),
        ..MetaGraphConfig::default()
    });
    assert!(matches!(bad_url, Err(meta::MetaConfigError::BaseUrl(_))));
    let bad_version = MetaGraph::new(MetaGraphConfig {
        api_version: "25".into(),
        ..MetaGraphConfig::default()
    });
    assert!(matches!(
        bad_version,
        Err(meta::MetaConfigError::ApiVersion(_))
    ));
    assert!(MetaGraph::new(MetaGraphConfig::default()).is_ok());
}
