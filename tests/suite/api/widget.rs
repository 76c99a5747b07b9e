//! The public widget API: start, send (idempotent per client message id, rate limited
//! per visitor), history, the allowed-origin check, and the socket that carries replies.

use std::sync::Arc;
use std::time::Duration;

use chatdesk_server::services::Overrides;
use chatdesk_tests::app::{FixedReply, Owner, TestApp, error_code, spawn_app_with_overrides};
use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const ORIGIN: &str = "https://glow.example";
const VISITOR: &str = "v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c";
const REPLY: &str = "Hi! How can we help? 💬";

async fn app_with_widget() -> (TestApp, Owner, String) {
    let app = spawn_app_with_overrides(
        |_| {},
        Overrides {
            responder: Some(Arc::new(FixedReply(REPLY))),
        },
    )
    .await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/web",
            &json!({"name": "Glow chat", "allowed_origins": [ORIGIN]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let widget: Value = response.json().await.unwrap();
    let key = widget["widget"]["public_key"].as_str().unwrap().to_owned();
    (app, owner, key)
}

async fn widget_post(
    app: &TestApp,
    origin: Option<&str>,
    path: &str,
    body: &Value,
) -> reqwest::Response {
    let mut request = app.client.post(app.url(path)).json(body);
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.send().await.unwrap()
}

async fn history(app: &TestApp, key: &str) -> Value {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/widget/{key}/messages")))
        .query(&[("visitor_id", VISITOR)])
        .header("origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_visitor_starts_writes_and_reads_the_reply_in_the_history() {
    let (app, owner, key) = app_with_widget().await;
    let started = widget_post(
        &app,
        Some(ORIGIN),
        &format!("/api/v1/widget/{key}/conversations"),
        &json!({}),
    )
    .await;
    assert_eq!(started.status(), StatusCode::OK);
    let started: Value = started.json().await.unwrap();
    assert_eq!(started["name"], "Glow chat");
    assert!(started["visitor_id"].as_str().unwrap().len() >= 16);
    assert_eq!(started["messages"], json!([]));

    let text = "مرحبا! שלום 👋 Do you ship to Milan?";
    let sent = widget_post(
        &app,
        Some(ORIGIN),
        &format!("/api/v1/widget/{key}/messages"),
        &json!({"visitor_id": VISITOR, "client_message_id": "m-1", "text": text}),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent["duplicate"], false);
    // The widget retries after a timeout: stored once.
    let again: Value = widget_post(
        &app,
        Some(ORIGIN),
        &format!("/api/v1/widget/{key}/messages"),
        &json!({"visitor_id": VISITOR, "client_message_id": "m-1", "text": text}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["message_id"], sent["message_id"]);

    app.eventually_count(
        "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'",
        1,
        Duration::from_secs(15),
    )
    .await;
    let page = history(&app, &key).await;
    assert_eq!(page["total"], 2, "{page}");
    assert_eq!(page["items"][0]["from"], "business");
    assert_eq!(page["items"][0]["text"], REPLY);
    assert_eq!(page["items"][0]["status"], "sent");
    assert_eq!(page["items"][1]["from"], "visitor");
    assert_eq!(page["items"][1]["text"], text);

    // The visitor is a contact of the workspace like any other.
    let contacts: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts?platform=web")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(contacts["items"][0]["platform_user_id"], VISITOR);
}

#[tokio::test]
async fn other_origins_unknown_keys_and_bad_input_are_refused() {
    let (app, owner, key) = app_with_widget().await;
    let body = json!({"visitor_id": VISITOR, "text": "hi"});
    let path = format!("/api/v1/widget/{key}/messages");
    for origin in [Some("https://evil.example"), None, Some("null")] {
        let response = widget_post(&app, origin, &path, &body).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?}");
        assert_eq!(error_code(response).await, "origin_not_allowed");
    }
    let response = widget_post(
        &app,
        Some(ORIGIN),
        "/api/v1/widget/wk_doesnotexist/messages",
        &body,
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "widget_not_found");

    let response = widget_post(
        &app,
        Some(ORIGIN),
        &path,
        &json!({"visitor_id": "short", "client_message_id": "a b", "text": "  "}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    let fields: Vec<&str> = error["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["visitor_id", "client_message_id", "text"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM inbound_events").await, 0);

    // The socket endpoint without a WebSocket handshake.
    let response = app
        .client
        .get(app.url(&format!("/api/v1/widget/{key}/ws")))
        .query(&[("visitor_id", VISITOR)])
        .header("origin", ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "websocket_required");

    // A disconnected widget answers nobody.
    let channels: Value = app
        .get_as(&owner.access_token, "/api/v1/channels")
        .await
        .json()
        .await
        .unwrap();
    let id = channels["items"][0]["id"].as_str().unwrap();
    app.delete_as(&owner.access_token, &format!("/api/v1/channels/{id}"))
        .await;
    let response = widget_post(&app, Some(ORIGIN), &path, &body).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_visitor_may_send_ten_messages_a_minute() {
    let (app, _owner, key) = app_with_widget().await;
    let path = format!("/api/v1/widget/{key}/messages");
    for i in 0..10 {
        let response = widget_post(
            &app,
            Some(ORIGIN),
            &path,
            &json!({"visitor_id": VISITOR, "text": format!("message {i}")}),
        )
        .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED, "message {i}");
    }
    let response = widget_post(
        &app,
        Some(ORIGIN),
        &path,
        &json!({"visitor_id": VISITOR, "text": "one too many"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(error_code(response).await, "rate_limited");
    // Another visitor is not held back.
    let other = widget_post(
        &app,
        Some(ORIGIN),
        &path,
        &json!({"visitor_id": "v_another_visitor_0001", "text": "hello"}),
    )
    .await;
    assert_eq!(other.status(), StatusCode::ACCEPTED);
    assert_eq!(app.count("SELECT COUNT(*) FROM inbound_events").await, 11);
}

#[tokio::test]
async fn the_socket_carries_the_reply_to_the_visitor() {
    let (app, _owner, key) = app_with_widget().await;
    let ws_url = format!(
        "{}/api/v1/widget/{key}/ws?visitor_id={VISITOR}",
        app.address.replace("http://", "ws://")
    );

    // From a page that may not embed the widget: refused before the upgrade.
    let mut refused = ws_url.as_str().into_client_request().unwrap();
    refused
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    let error = tokio_tungstenite::connect_async(refused).await.unwrap_err();
    match error {
        tokio_tungstenite::tungstenite::Error::Http(response) => {
            assert_eq!(response.status(), 403);
        }
        other => panic!("expected a 403, got {other}"),
    }

    let mut request = ws_url.as_str().into_client_request().unwrap();
    request
        .headers_mut()
        .insert("origin", ORIGIN.parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();

    let sent = widget_post(
        &app,
        Some(ORIGIN),
        &format!("/api/v1/widget/{key}/messages"),
        &json!({"visitor_id": VISITOR, "text": "is anyone there?"}),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);

    let push = tokio::time::timeout(Duration::from_secs(15), async {
        loop {
            match socket.next().await {
                Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text))) => {
                    let push: Value = serde_json::from_str(&text).unwrap();
                    if push["type"] == "message" {
                        return push;
                    }
                }
                Some(Ok(_)) => {}
                other => panic!("socket ended: {other:?}"),
            }
        }
    })
    .await
    .expect("a reply within 15 s");
    assert_eq!(push["text"], REPLY);
    assert_eq!(push["content"]["type"], "text");
    assert!(push["message_id"].as_str().unwrap().starts_with("web.out."));
}

#[tokio::test]
async fn customers_sites_pass_cors_on_the_widget_api_only() {
    let (app, _owner, key) = app_with_widget().await;
    let preflight = |path: String| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url(&path))
            .header("origin", "https://shop.example")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let response = preflight(format!("/api/v1/widget/{key}/messages"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    // The rest of the API stays same-origin.
    let response = preflight("/api/v1/auth/login".to_owned()).await.unwrap();
    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-origin"),
        "{:?}",
        response.headers()
    );
}

#[tokio::test]
async fn the_theme_is_saved_on_the_widget_and_sent_to_the_script() {
    let (app, owner, key) = app_with_widget().await;
    let channels: Value = app
        .get_as(&owner.access_token, "/api/v1/channels")
        .await
        .json()
        .await
        .unwrap();
    let id = channels["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        channels["items"][0]["widget"]["theme"]["position"], "right",
        "a new widget has the default look: {channels}"
    );

    let theme = json!({
        "position": "left",
        "color": "#0E7490",
        "button_text": " Chat with us ",
        "avatar_url": "https://cdn.glow.example/ana.png",
        "title": "Glow Beauty",
        "greeting": "Ciao!\nHow can we help?",
    });
    let response = app
        .patch_as(
            &owner.access_token,
            &format!("/api/v1/channels/{id}/widget"),
            &json!({"theme": theme}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: Value = response.json().await.unwrap();
    let expected = json!({
        "position": "left",
        "color": "#0e7490",
        "button_text": "Chat with us",
        "avatar_url": "https://cdn.glow.example/ana.png",
        "title": "Glow Beauty",
        "greeting": "Ciao!\nHow can we help?",
    });
    assert_eq!(saved["widget"]["theme"], expected);
    // The origins were not part of the change and stay.
    assert_eq!(saved["widget"]["allowed_origins"], json!([ORIGIN]));

    // The script gets it with its start response; the title names the header.
    let started: Value = widget_post(
        &app,
        Some(ORIGIN),
        &format!("/api/v1/widget/{key}/conversations"),
        &json!({}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(started["theme"], expected);
    assert_eq!(started["name"], "Glow Beauty");

    // Bad values are refused by field, and nothing changes.
    let response = app
        .patch_as(
            &owner.access_token,
            &format!("/api/v1/channels/{id}/widget"),
            &json!({"theme": {"color": "teal", "position": "top", "avatar_url": "javascript:alert(1)"}}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["theme.position", "theme.color", "theme.avatar_url"]
    );
    for color in ["#abc", "#0e749", "0e7490", "#0e7490ff"] {
        let response = app
            .patch_as(
                &owner.access_token,
                &format!("/api/v1/channels/{id}/widget"),
                &json!({"theme": {"color": color}}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{color}"
        );
    }
    let channel: Value = app
        .get_as(&owner.access_token, &format!("/api/v1/channels/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(channel["widget"]["theme"], expected);

    // Another workspace cannot restyle it.
    let other = app.register("eve@other.example", "Other").await;
    let response = app
        .patch_as(
            &other.access_token,
            &format!("/api/v1/channels/{id}/widget"),
            &json!({"theme": {"color": "#000000"}}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// The theme lives in the widget's sealed settings; a button text with spaces once made
/// every reply fail as "channel unavailable" (the settings were read as a token).
#[tokio::test]
async fn a_themed_widget_still_delivers_replies() {
    let (app, owner, key) = app_with_widget().await;
    let channels: Value = app
        .get_as(&owner.access_token, "/api/v1/channels")
        .await
        .json()
        .await
        .unwrap();
    let id = channels["items"][0]["id"].as_str().unwrap().to_owned();
    let themed = app
        .patch_as(
            &owner.access_token,
            &format!("/api/v1/channels/{id}/widget"),
            &json!({"theme": {"button_text": "Chat with us", "title": "Glow Beauty help desk"}}),
        )
        .await;
    assert_eq!(themed.status(), StatusCode::OK);

    let sent = widget_post(
        &app,
        Some(ORIGIN),
        &format!("/api/v1/widget/{key}/messages"),
        &json!({"visitor_id": VISITOR, "client_message_id": "m-1", "text": "Hello"}),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    app.eventually_count(
        "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND status = 'sent'",
        1,
        Duration::from_secs(15),
    )
    .await;
    let page = history(&app, &key).await;
    assert_eq!(page["items"][0]["text"], REPLY, "{page}");
    assert_eq!(page["items"][0]["status"], "sent");
    let after: Value = app
        .get_as(&owner.access_token, &format!("/api/v1/channels/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["status"], "active", "{after}");
}
