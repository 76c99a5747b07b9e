//! An agent's reply through the inbox on a real Messenger channel (Graph API mocked):
//! within the window it goes out, between 24 hours and 7 days it goes out with the
//! HUMAN_AGENT tag, after 7 days it is refused with `outside_messaging_window`.

use std::time::Duration;

use chatdesk_tests::app::{TestApp, error_code, spawn_app_with, with_meta};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "106540352242922";
const TOKEN: &str = "EAAGpagetoken";
const WAIT: Duration = Duration::from_secs(20);

/// A Messenger text webhook from `psid`, stamped `age` ago.
fn webhook(psid: &str, mid: &str, text: &str, age: chrono::Duration) -> Vec<u8> {
    let at = (chrono::Utc::now() - age).timestamp_millis();
    serde_json::to_vec(&json!({
        "object": "page",
        "entry": [{
            "id": PAGE,
            "time": at,
            "messaging": [{
                "sender": { "id": psid },
                "recipient": { "id": PAGE },
                "timestamp": at,
                "message": { "mid": mid, "text": text }
            }]
        }]
    }))
    .expect("json")
}

/// The conversation of the customer whose message says `text`.
async fn conversation_saying(app: &TestApp, token: &str, text: &str) -> String {
    let found = app
        .get_as(token, &format!("/api/v1/conversations?q={text}"))
        .await;
    let body: Value = found.json().await.expect("json");
    body["items"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no conversation says {text}: {body}"))
        .to_owned()
}

#[tokio::test]
async fn an_agent_replies_inside_the_window_and_is_refused_after_it() {
    let graph = MockServer::start().await;
    let uri = graph.uri();
    let app = spawn_app_with(|s| with_meta(s, &uri)).await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    app.connect_messenger(&graph, &owner, PAGE, TOKEN).await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/v25\.0/[0-9]+$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"first_name": "Linh"})))
        .mount(&graph)
        .await;
    // Each send gets its own platform message id (they are unique per channel).
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .and(body_string_contains("Sorry for the wait"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": "1002", "message_id": "m_out_2"})),
        )
        .with_priority(1)
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/messages")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": "1", "message_id": "m_out"})),
        )
        .mount(&graph)
        .await;
    for (psid, mid, text, age) in [
        (
            "1001",
            "m_fresh",
            "freshquestion",
            chrono::Duration::minutes(5),
        ),
        ("1002", "m_days", "olderquestion", chrono::Duration::days(2)),
        (
            "1003",
            "m_weeks",
            "ancientquestion",
            chrono::Duration::days(8),
        ),
    ] {
        let response = app
            .post_webhook("/api/v1/webhooks/meta", &webhook(psid, mid, text, age))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let conversations = app
        .eventually_count("SELECT COUNT(*) FROM conversations", 3, WAIT)
        .await;
    assert_eq!(conversations, 3);
    let token = owner.access_token.as_str();

    let fresh = conversation_saying(&app, token, "freshquestion").await;
    let sent = app
        .post_as(
            token,
            &format!("/api/v1/conversations/{fresh}/messages"),
            &json!({"text": "Hi, Ana here!", "idempotency_key": "reply-1"}),
        )
        .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let sent: Value = sent.json().await.expect("json");
    assert_eq!(sent["new"], true);
    // Replying took the conversation for the agent.
    assert_eq!(sent["state"]["lifecycle"], "agent_handling", "{sent}");
    assert_eq!(sent["state"]["assigned_member_id"], owner.user_id.as_str());
    // The same key again sends nothing new.
    let again = app
        .post_as(
            token,
            &format!("/api/v1/conversations/{fresh}/messages"),
            &json!({"text": "Hi, Ana here!", "idempotency_key": "reply-1"}),
        )
        .await;
    let again: Value = again.json().await.expect("json");
    assert_eq!(again["new"], false, "{again}");
    assert_eq!(again["message_id"], sent["message_id"]);
    assert_eq!(
        app.eventually_count(
            "SELECT COUNT(*) FROM messages WHERE sender_kind = 'agent' AND status = 'sent'",
            1,
            WAIT,
        )
        .await,
        1
    );
    let detail: Value = app
        .get_as(token, &format!("/api/v1/conversations/{fresh}"))
        .await
        .json()
        .await
        .expect("json");
    let newest = &detail["messages"]["items"][0];
    assert_eq!(newest["sender"], "agent", "{detail}");
    assert_eq!(newest["sender_member_id"], owner.user_id.as_str());
    assert_eq!(newest["text"], "Hi, Ana here!");

    // Two days on: a person may still answer, with the HUMAN_AGENT tag.
    let days = conversation_saying(&app, token, "olderquestion").await;
    let tagged = app
        .post_as(
            token,
            &format!("/api/v1/conversations/{days}/messages"),
            &json!({"text": "Sorry for the wait!"}),
        )
        .await;
    assert_eq!(tagged.status(), StatusCode::ACCEPTED);
    assert_eq!(
        app.eventually_count(
            "SELECT COUNT(*) FROM messages WHERE sender_kind = 'agent' AND status = 'sent'",
            2,
            WAIT,
        )
        .await,
        2
    );
    let requests = graph.received_requests().await.unwrap_or_default();
    let tagged_send = requests
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).to_string())
        .find(|body| body.contains("Sorry for the wait!"))
        .unwrap_or_default();
    assert!(tagged_send.contains("HUMAN_AGENT"), "{tagged_send}");

    // Eight days on: nothing may be sent, and nothing is queued or taken.
    let weeks = conversation_saying(&app, token, "ancientquestion").await;
    let before = app.count("SELECT COUNT(*) FROM messages").await;
    let refused = app
        .post_as(
            token,
            &format!("/api/v1/conversations/{weeks}/messages"),
            &json!({"text": "Hello?"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(refused).await, "outside_messaging_window");
    assert_eq!(app.count("SELECT COUNT(*) FROM messages").await, before);
    let state: Value = app
        .get_as(token, &format!("/api/v1/conversations/{weeks}"))
        .await
        .json()
        .await
        .expect("json");
    assert_ne!(state["state"]["assigned_member_id"], owner.user_id.as_str());

    // Another member's conversation is not answered over their head.
    let agent = app.join_as(&owner, "bo@glow.it", "agent").await;
    let taken = app
        .post_as(
            &agent,
            &format!("/api/v1/conversations/{fresh}/messages"),
            &json!({"text": "me too"}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(taken).await, "conversation_taken");
    let empty = app
        .post_as(
            token,
            &format!("/api/v1/conversations/{fresh}/messages"),
            &json!({"text": "   "}),
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
