//! Internal notes through the API: written by agents, admins and owners (not viewers),
//! listed in the conversation oldest first with their author and a `note_added`
//! timeline entry, validated (empty, too long, unknown mention), isolated per
//! workspace, never sent to the customer, and a mention reaching the mentioned
//! member's feed and email (read back from the `.eml` outbox) but not the author's.

use std::time::Duration;

use chatdesk_tests::app::{Owner, TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::get_json;

/// Waits for what the background sender does, within a generous bound.
async fn eventually<T, F, Fut>(mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..400 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the condition never held");
}

async fn conversation(app: &TestApp, owner: &Owner, session: &str) -> String {
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/playground/messages",
            &json!({"text": "hello, do you ship to Madrid?", "session": session}),
        )
        .await;
    let body: Value = response.json().await.expect("json");
    body["conversation_id"]
        .as_str()
        .expect("a conversation")
        .to_owned()
}

async fn user_id(app: &TestApp, owner: &Owner, email: &str) -> String {
    let members = get_json(app, &owner.access_token, "/api/v1/members").await;
    members["items"]
        .as_array()
        .and_then(|items| items.iter().find(|m| m["email"] == email))
        .and_then(|m| m["user_id"].as_str())
        .expect("the member")
        .to_owned()
}

async fn write(app: &TestApp, token: &str, id: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .post_as(token, &format!("/api/v1/conversations/{id}/notes"), &body)
        .await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The outbox's emails with folded headers and quoted-printable soft breaks undone, so
/// a long subject or line reads as one.
fn emails(app: &TestApp) -> Vec<String> {
    app.emails()
        .into_iter()
        .map(|e| {
            e.replace("=\r\n", "")
                .replace("=\n", "")
                .replace("\r\n ", " ")
                .replace("\n ", " ")
        })
        .collect()
}

fn mentions_in(feed: &Value) -> Vec<Value> {
    feed["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|n| n["kind"] == "mention")
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_note_shows_in_the_conversation_and_is_never_sent() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let agent = app.join_as(&owner, "agent@example.com", "agent").await;
    let agent_id = user_id(&app, &owner, "agent@example.com").await;
    let id = conversation(&app, &owner, "notes").await;
    let detail_path = format!("/api/v1/conversations/{id}");
    let before = get_json(&app, &owner.access_token, &detail_path).await;
    assert_eq!(before["notes"], json!([]));

    let (status, first) = write(
        &app,
        &owner.access_token,
        &id,
        json!({"body": "  she wants the serum by Friday  "}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["body"], "she wants the serum by Friday");
    assert_eq!(first["author"]["member_id"], owner.user_id.as_str());
    assert_eq!(first["author"]["name"], "shop@example.com");
    assert_eq!(first["mentions"], json!([]));
    let (status, second) = write(&app, &agent, &id, json!({"body": "on it", "mentions": []})).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");

    let after = get_json(&app, &owner.access_token, &detail_path).await;
    let notes = after["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["id"], first["id"], "oldest first");
    assert_eq!(notes[1]["body"], "on it");
    assert_eq!(notes[1]["author"]["member_id"], agent_id.as_str());
    // A member who gave a name is shown by it (join_as accepts as "Teammate").
    assert_eq!(notes[1]["author"]["name"], "Teammate");
    let added: Vec<&Value> = after["timeline"]
        .as_array()
        .map(|t| t.iter().filter(|e| e["kind"] == "note_added").collect())
        .unwrap_or_default();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0]["member_id"], owner.user_id.as_str());
    assert_eq!(added[1]["member_id"], agent_id.as_str());

    // Nothing went to the customer: the thread is exactly as it was.
    // (Compared by id and text: the reply's delivery status may move on meanwhile.)
    let thread = |detail: &Value| -> Vec<(Value, Value)> {
        detail["messages"]["items"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| (m["id"].clone(), m["text"].clone()))
            .collect()
    };
    assert_eq!(after["messages"]["total"], before["messages"]["total"]);
    assert_eq!(thread(&after), thread(&before));
    let texts = after["messages"]["items"].to_string();
    assert!(
        !texts.contains("Friday") && !texts.contains("on it"),
        "{texts}"
    );
}

#[tokio::test]
async fn invalid_notes_are_refused_and_viewers_cannot_write() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let viewer = app.join_as(&owner, "viewer@example.com", "viewer").await;
    let id = conversation(&app, &owner, "invalid").await;
    let token = &owner.access_token;

    for (body, field, code) in [
        (json!({"body": " \n "}), "body", "empty"),
        (json!({"body": "x".repeat(5001)}), "body", "too_long"),
        (
            json!({"body": "@nobody", "mentions": [uuid::Uuid::now_v7()]}),
            "mentions[0]",
            "unknown_member",
        ),
    ] {
        let (status, answer) = write(&app, token, &id, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"]["code"], "validation_failed");
        assert_eq!(answer["error"]["details"]["fields"][0]["field"], field);
        assert_eq!(answer["error"]["details"]["fields"][0]["code"], code);
    }
    let (status, _) = write(&app, token, &id, json!({"body": "x".repeat(5000)})).await;
    assert_eq!(status, StatusCode::CREATED, "5,000 characters is the limit");

    let refused = app
        .post_as(
            &viewer,
            &format!("/api/v1/conversations/{id}/notes"),
            &json!({"body": "I only look"}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Another workspace's conversation is not there at all.
    let stranger = app.register("other@example.com", "Other Shop").await;
    let theirs = app
        .post_as(
            &stranger.access_token,
            &format!("/api/v1/conversations/{id}/notes"),
            &json!({"body": "peeking"}),
        )
        .await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(theirs).await, "conversation_not_found");
    let detail = get_json(&app, token, &format!("/api/v1/conversations/{id}")).await;
    assert_eq!(detail["notes"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_mention_reaches_the_members_feed_and_email_but_not_the_author() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let agent = app.join_as(&owner, "agent@example.com", "agent").await;
    let agent_id = user_id(&app, &owner, "agent@example.com").await;
    let id = conversation(&app, &owner, "mention").await;

    // The author mentions themselves too, and the agent twice: one notification each
    // for the agent, none for the author.
    let (status, note) = write(
        &app,
        &owner.access_token,
        &id,
        json!({
            "body": "@agent can you check the refund?",
            "mentions": [agent_id, owner.user_id, agent_id],
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    assert_eq!(note["mentions"], json!([agent_id, owner.user_id]));

    let feed = get_json(&app, &agent, "/api/v1/notifications").await;
    let mentions = mentions_in(&feed);
    assert_eq!(mentions.len(), 1, "{feed}");
    assert_eq!(mentions[0]["priority"], "high");
    assert_eq!(mentions[0]["link"], format!("/conversations/{id}").as_str());
    let title = mentions[0]["title"].as_str().unwrap_or_default();
    assert!(
        title.starts_with("shop@example.com mentioned you in a conversation with"),
        "{title}"
    );
    assert!(
        mentions[0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("can you check the refund?")),
        "{feed}"
    );

    let email = eventually(|| async {
        emails(&app).into_iter().find(|e| {
            e.contains("To: agent@example.com") && e.contains("mentioned you in a conversation")
        })
    })
    .await;
    assert!(email.contains(&format!("/conversations/{id}")), "{email}");

    let own = get_json(&app, &owner.access_token, "/api/v1/notifications").await;
    assert!(mentions_in(&own).is_empty(), "{own}");
    assert!(
        !emails(&app)
            .iter()
            .any(|e| e.contains("To: shop@example.com") && e.contains("mentioned you")),
        "the author got no email"
    );
}
