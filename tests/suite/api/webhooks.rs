//! `/webhooks/meta` and `/webhooks/whatsapp` through the real server: URL verification,
//! every platform fixture signed and stored once, and everything a hostile or broken
//! sender can do answered with a 4xx and nothing stored.

use std::time::Duration;

use chatdesk_tests::app::{
    META_VERIFY_TOKEN, Owner, TestApp, error_code, meta_fixture, spawn_app_with, with_meta,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "106540352242922";
const WABA: &str = "102290129340398";
const INSTAGRAM: &str = "17841405822304914";

pub async fn meta_app() -> (TestApp, MockServer) {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with(|s| with_meta(s, &uri)).await;
    (app, graph)
}

/// Connects the Page, the Instagram account and the WhatsApp number the fixtures name.
pub async fn connect_fixture_accounts(app: &TestApp, graph: &MockServer, owner: &Owner) {
    app.connect_messenger(graph, owner, PAGE, "EAAGpage").await;
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{INSTAGRAM}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "glow.beauty"})))
        .mount(graph)
        .await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/instagram",
            &json!({"instagram_account_id": INSTAGRAM, "page_id": PAGE, "access_token": "EAAGig"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    connect_whatsapp(app, graph, owner).await;
}

pub async fn connect_whatsapp(app: &TestApp, graph: &MockServer, owner: &Owner) -> Value {
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{PAGE}")))
        .and(wiremock::matchers::query_param("access_token", "EAAGwa"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"verified_name": "Glow Beauty WA"})),
        )
        .mount(graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{WABA}/subscribed_apps")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(graph)
        .await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/whatsapp",
            &json!({"phone_number_id": PAGE, "waba_id": WABA, "access_token": "EAAGwa"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn stored_events(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM inbound_events").await
}

#[tokio::test]
async fn verification_echoes_the_challenge_only_for_the_right_token() {
    let (app, _graph) = meta_app().await;
    for endpoint in ["/api/v1/webhooks/meta", "/api/v1/webhooks/whatsapp"] {
        let ok = app
            .client
            .get(app.url(endpoint))
            .query(&[
                ("hub.mode", "subscribe"),
                ("hub.verify_token", META_VERIFY_TOKEN),
                ("hub.challenge", "1158201444"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
        assert!(
            ok.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        assert_eq!(ok.text().await.unwrap(), "1158201444");

        for query in [
            vec![
                ("hub.mode", "subscribe"),
                ("hub.verify_token", "wrong"),
                ("hub.challenge", "1"),
            ],
            vec![
                ("hub.mode", "unsubscribe"),
                ("hub.verify_token", META_VERIFY_TOKEN),
                ("hub.challenge", "1"),
            ],
            vec![("hub.challenge", "1")],
        ] {
            let refused = app
                .client
                .get(app.url(endpoint))
                .query(&query)
                .send()
                .await
                .unwrap();
            assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{query:?}");
        }
    }
    // Without a configured verify token nothing verifies, not even an empty one.
    let unconfigured = spawn_app_with(|_| {}).await;
    let refused = unconfigured
        .client
        .get(unconfigured.url("/api/v1/webhooks/meta"))
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.verify_token", ""),
            ("hub.challenge", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_fixture_is_acknowledged_and_stored_once() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    connect_fixture_accounts(&app, &graph, &owner).await;

    // (fixture, events the platform sent that we store)
    let fixtures = [
        ("meta/text_message.json", 1),
        ("meta/quick_reply.json", 1),
        ("meta/postback.json", 1),
        ("meta/attachment.json", 1),
        ("meta/echo.json", 1),
        ("meta/read.json", 1),
        ("meta/delivery.json", 1),
        ("meta/reaction.json", 1),
        ("meta/instagram_text.json", 1),
        // Three messages on our Page (one optin skipped), one on a Page nobody connected.
        ("meta/batched.json", 2),
        ("whatsapp/text.json", 1),
        ("whatsapp/image.json", 1),
        ("whatsapp/interactive_button_reply.json", 1),
        ("whatsapp/interactive_list_reply.json", 1),
        ("whatsapp/order.json", 1),
        ("whatsapp/reaction.json", 1),
        ("whatsapp/statuses.json", 3),
        ("whatsapp/status_failed.json", 1),
    ];
    let mut expected = 0;
    for (name, events) in fixtures {
        let endpoint = if name.starts_with("whatsapp/") {
            "/api/v1/webhooks/whatsapp"
        } else {
            "/api/v1/webhooks/meta"
        };
        let body = meta_fixture(name);
        let response = app.post_webhook(endpoint, &body).await;
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        let ack: Value = response.json().await.unwrap();
        assert_eq!(ack["recorded"], events, "{name}: {ack}");
        expected += events;
        assert_eq!(stored_events(&app).await, expected, "{name}");

        // Meta redelivers what it is not sure we got: the same body again is a no-op.
        let again: Value = app
            .post_webhook(endpoint, &body)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(again["recorded"], 0, "{name}");
        assert_eq!(again["duplicates"], events, "{name}");
        assert_eq!(stored_events(&app).await, expected, "{name}");
    }
    let batched: Value = app
        .post_webhook("/api/v1/webhooks/meta", &meta_fixture("meta/batched.json"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        batched["unrouted"], 1,
        "the unknown Page is acknowledged: {batched}"
    );
    assert_eq!(
        batched["skipped"], 2,
        "the optin and the feed change: {batched}"
    );

    // Every stored event is processed by the worker: one contact per person.
    let processed = app
        .eventually_count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'channels.process_inbound' AND status = 'succeeded'",
            expected,
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(processed, expected);
    let dead = app
        .count("SELECT COUNT(*) FROM jobs WHERE status = 'dead'")
        .await;
    assert_eq!(dead, 0);
}

#[tokio::test]
async fn a_wrong_or_missing_signature_is_401_and_stores_nothing() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, "EAAGpage")
        .await;
    let body = meta_fixture("meta/text_message.json");
    let other_secret = meta::HmacSha256Verifier::new("someone else's secret")
        .unwrap()
        .sign(&body);
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    let good_for_original = chatdesk_tests::app::meta_signature(&body);
    for (body, signature) in [
        (body.clone(), None),
        (body.clone(), Some(other_secret.as_str())),
        (body.clone(), Some("sha256=zz")),
        (body.clone(), Some("sha1=0123")),
        (tampered, Some(good_for_original.as_str())),
    ] {
        let response = app
            .post_webhook_with("/api/v1/webhooks/meta", &body, signature)
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{signature:?}");
        assert_eq!(error_code(response).await, "invalid_signature");
    }
    assert_eq!(stored_events(&app).await, 0);

    // No app secret configured: refused as not configured, never stored unsigned.
    let unconfigured = spawn_app_with(|_| {}).await;
    let response = unconfigured
        .post_webhook("/api/v1/webhooks/meta", &body)
        .await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_code(response).await, "meta_not_configured");
}

#[tokio::test]
async fn garbage_unknown_objects_and_huge_nesting_are_4xx_with_the_request_id() {
    let (app, _graph) = meta_app().await;
    let cases: Vec<(Vec<u8>, StatusCode, &str)> = vec![
        (
            b"not json at all".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_webhook",
        ),
        (b"".to_vec(), StatusCode::BAD_REQUEST, "malformed_webhook"),
        (
            b"[1,2,3]".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_webhook",
        ),
        (
            br#"{"entry": []}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_webhook",
        ),
        (
            br#"{"object": "user", "entry": []}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "unknown_webhook_object",
        ),
        (
            [b"\xff\xfe".as_slice(), b"{}"].concat(),
            StatusCode::BAD_REQUEST,
            "malformed_webhook",
        ),
        // A megabyte of nesting: refused by the parser's depth limit, no stack overflow.
        (
            format!(
                "{{\"object\":\"page\",\"entry\":{}{}}}",
                "[".repeat(500_000),
                "]".repeat(500_000)
            )
            .into_bytes(),
            StatusCode::BAD_REQUEST,
            "malformed_webhook",
        ),
    ];
    for (body, status, code) in cases {
        let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
        assert_eq!(response.status(), status, "{code}");
        let header_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], code);
        assert_eq!(error["error"]["request_id"], header_id.as_str());
    }
    assert_eq!(stored_events(&app).await, 0);
    // The server is still fine.
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_body_past_the_limit_is_413() {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with(|s| {
        with_meta(s, &uri);
        s.meta.webhook_body_limit_bytes = 64 * 1024;
    })
    .await;
    let text = "x".repeat(100 * 1024);
    let body =
        chatdesk_tests::app::messenger_text_webhook(PAGE, "6952618704783512", "m_big", &text);
    let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(response).await, "payload_too_large");
    assert_eq!(stored_events(&app).await, 0);
}

#[tokio::test]
async fn unknown_and_disconnected_accounts_are_acknowledged_and_not_stored() {
    let (app, graph) = meta_app().await;
    // Nobody connected the Page yet.
    let response = app
        .post_webhook(
            "/api/v1/webhooks/meta",
            &meta_fixture("meta/text_message.json"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let ack: Value = response.json().await.unwrap();
    assert_eq!(ack["unrouted"], 1);
    assert_eq!(stored_events(&app).await, 0);

    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let channel = app
        .connect_messenger(&graph, &owner, PAGE, "EAAGpage")
        .await;
    let id = channel["id"].as_str().unwrap();
    let response = app
        .delete_as(&owner.access_token, &format!("/api/v1/channels/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let ack: Value = app
        .post_webhook(
            "/api/v1/webhooks/meta",
            &meta_fixture("meta/quick_reply.json"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ack["unrouted"], 1, "{ack}");
    assert_eq!(stored_events(&app).await, 0);
}

#[tokio::test]
async fn emoji_and_right_to_left_text_arrive_intact() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, "EAAGpage")
        .await;
    let text = "שלום! مرحبا 👋🏽 Xin chào — 𝓖𝓵𝓸𝔀 ✨\nline two";
    let body = chatdesk_tests::app::messenger_text_webhook(PAGE, "6952618704783512", "m_rtl", text);
    let response = app.post_webhook("/api/v1/webhooks/meta", &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    app.eventually_count("SELECT COUNT(*) FROM messages", 1, Duration::from_secs(10))
        .await;

    // Read back through the store's own adapters: the exact words, byte for byte.
    let db = store::connect(&app.database_url()).await.unwrap();
    let repositories = store::ChannelRepositories::sea_orm(db);
    let contacts: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts")
        .await
        .json()
        .await
        .unwrap();
    let contact_id: uuid::Uuid = contacts["items"][0]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let workspace: uuid::Uuid = owner.workspace_id.parse().unwrap();
    let page = repositories
        .messages
        .list_for_contact(
            kernel::WorkspaceId::from_uuid(workspace),
            channels::ContactId::from_uuid(contact_id),
            kernel::PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    match &page.items[0].body {
        channels::MessageBody::Received(message) => {
            assert_eq!(message.text.as_deref(), Some(text));
        }
        other => panic!("expected a received message, got {other:?}"),
    }
}
