//! `GET /api/v1/realtime` on SQLite: refused without a token before the upgrade, a
//! workspace's events reach its members (viewers too) and nobody else, and `since`
//! replays what a client missed.

use std::str::FromStr;
use std::time::Duration;

use chatdesk_tests::app::{Owner, TestApp, error_code, spawn_app};
use futures_util::StreamExt;
use kernel::{DomainEvent, EventBus, WorkspaceId};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens the feed with the token in the query, as a browser does.
pub async fn connect(app: &TestApp, token: &str, since: Option<i64>) -> Socket {
    let mut url = format!(
        "{}/api/v1/realtime?token={token}",
        app.address.replace("http://", "ws://")
    );
    if let Some(since) = since {
        url.push_str(&format!("&since={since}"));
    }
    let (socket, response) = tokio_tungstenite::connect_async(url)
        .await
        .expect("upgrade");
    assert_eq!(response.status(), 101);
    socket
}

/// The next envelope on the socket; a guard, not a timing assertion, keeps a broken
/// feed from hanging the suite.
pub async fn next_envelope(socket: &mut Socket) -> Value {
    tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).expect("json"),
                Some(Ok(_)) => {}
                other => panic!("socket ended: {other:?}"),
            }
        }
    })
    .await
    .expect("an envelope within 20 s")
}

/// The next envelope of one type, skipping others (a turn also updates the conversation).
pub async fn next_of_type(socket: &mut Socket, kind: &str) -> Value {
    loop {
        let envelope = next_envelope(socket).await;
        if envelope["type"] == kind {
            return envelope;
        }
    }
}

fn workspace(owner: &Owner) -> WorkspaceId {
    WorkspaceId::from_str(&owner.workspace_id).expect("workspace id")
}

async fn conversation_updated(app: &TestApp, owner: &Owner) -> uuid::Uuid {
    let conversation_id = uuid::Uuid::now_v7();
    app.events
        .publish(DomainEvent::ConversationUpdated {
            workspace_id: workspace(owner),
            conversation_id,
        })
        .await
        .expect("published");
    conversation_id
}

/// A playground customer asks for a person: the assistant hands off.
pub async fn ask_for_a_person(app: &TestApp, owner: &Owner, session: &str) -> Value {
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/playground/messages",
            &json!({"text": "I want to talk to a person", "session": session}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

#[tokio::test]
async fn the_feed_needs_a_valid_token_before_the_upgrade() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/realtime"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "unauthenticated");

    let url = format!(
        "{}/api/v1/realtime?token=not-a-token",
        app.address.replace("http://", "ws://")
    );
    match tokio_tungstenite::connect_async(url).await.unwrap_err() {
        tokio_tungstenite::tungstenite::Error::Http(response) => {
            assert_eq!(response.status(), 401);
        }
        other => panic!("expected a 401, got {other}"),
    }

    // A valid token, but a plain GET: not a WebSocket handshake.
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app.get_as(&owner.access_token, "/api/v1/realtime").await;
    assert_eq!(error_code(response).await, "websocket_required");
}

#[tokio::test]
async fn members_see_their_workspace_events_and_no_one_else_does() {
    let app = spawn_app().await;
    let glow = app.register("ana@glow.it", "Glow Beauty").await;
    let other = app.register("bo@other.it", "Other Shop").await;
    let viewer = app.join_as(&glow, "vi@glow.it", "viewer").await;
    let mut owner_socket = connect(&app, &glow.access_token, None).await;
    let mut viewer_socket = connect(&app, &viewer, None).await;
    let mut other_socket = connect(&app, &other.access_token, None).await;

    let answer = ask_for_a_person(&app, &glow, "rt1").await;
    assert!(answer["handoff"]["reason"].is_string(), "{answer}");
    for socket in [&mut owner_socket, &mut viewer_socket] {
        let escalated = next_of_type(socket, "conversation.escalated").await;
        assert_eq!(escalated["workspace_id"], glow.workspace_id);
        assert!(escalated["id"].as_i64().unwrap() > 0);
        assert!(escalated["data"]["conversation_id"].is_string());
        assert!(escalated["data"]["reason"].is_string());
        assert!(escalated["at"].is_string());
    }

    // Events reach a client in publishing order: had Glow's leaked, the other
    // workspace's client would see them before its own.
    let theirs = conversation_updated(&app, &other).await;
    let first = next_envelope(&mut other_socket).await;
    assert_eq!(first["workspace_id"], other.workspace_id);
    assert_eq!(first["type"], "conversation.updated");
    assert_eq!(first["data"]["conversation_id"], theirs.to_string());
}

#[tokio::test]
async fn a_client_resuming_with_since_gets_what_it_missed_in_order() {
    let app = spawn_app().await;
    let glow = app.register("ana@glow.it", "Glow Beauty").await;
    let mut live = connect(&app, &glow.access_token, None).await;
    let mut published = Vec::new();
    for _ in 0..3 {
        published.push(conversation_updated(&app, &glow).await);
    }
    let mut ids = Vec::new();
    for conversation_id in &published {
        let envelope = next_envelope(&mut live).await;
        assert_eq!(
            envelope["data"]["conversation_id"],
            conversation_id.to_string()
        );
        ids.push(envelope["id"].as_i64().unwrap());
    }
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");

    // Saw the first only: the other two come back, then live events follow.
    let mut resumed = connect(&app, &glow.access_token, Some(ids[0])).await;
    for (id, conversation_id) in ids.iter().zip(&published).skip(1) {
        let envelope = next_envelope(&mut resumed).await;
        assert_eq!(envelope["id"], *id);
        assert_eq!(
            envelope["data"]["conversation_id"],
            conversation_id.to_string()
        );
    }
    let later = conversation_updated(&app, &glow).await;
    let envelope = next_envelope(&mut resumed).await;
    assert_eq!(envelope["data"]["conversation_id"], later.to_string());
    assert!(envelope["id"].as_i64().unwrap() > ids[2]);

    // Another workspace's `since` replays nothing of Glow's.
    let other = app.register("bo@other.it", "Other Shop").await;
    let mut theirs = connect(&app, &other.access_token, Some(0)).await;
    let own = conversation_updated(&app, &other).await;
    let envelope = next_envelope(&mut theirs).await;
    assert_eq!(envelope["data"]["conversation_id"], own.to_string());
}

#[tokio::test]
async fn stored_messages_are_pushed_as_message_created() {
    let app = spawn_app().await;
    let glow = app.register("ana@glow.it", "Glow Beauty").await;
    let mut socket = connect(&app, &glow.access_token, None).await;
    let answer = ask_for_a_person(&app, &glow, "messages").await;
    let created = next_of_type(&mut socket, "message.created").await;
    assert_eq!(created["workspace_id"], glow.workspace_id);
    assert_eq!(created["data"]["direction"], "inbound");
    assert_eq!(created["data"]["message_id"], answer["message_id"]);
    assert_eq!(created["data"]["contact_id"], answer["contact_id"]);
    assert!(created["data"]["channel_id"].is_string());
}

#[tokio::test]
async fn an_agent_typing_is_announced_to_the_workspace() {
    use futures_util::SinkExt;

    let app = spawn_app().await;
    let glow = app.register("ana@glow.it", "Glow Beauty").await;
    let mut typist = connect(&app, &glow.access_token, None).await;
    let mut watcher = connect(&app, &glow.access_token, None).await;
    let conversation_id = uuid::Uuid::now_v7();
    let frame = json!({"type": "typing", "conversation_id": conversation_id}).to_string();
    typist.send(Message::text(frame)).await.unwrap();
    let typing = next_envelope(&mut watcher).await;
    assert_eq!(typing["type"], "typing");
    assert_eq!(typing["workspace_id"], glow.workspace_id);
    assert_eq!(
        typing["data"]["conversation_id"],
        conversation_id.to_string()
    );
    assert_eq!(typing["data"]["user_id"], glow.user_id);
}
