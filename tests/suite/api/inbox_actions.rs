//! The team's actions on a conversation through the API: takeover conflicts and an
//! admin's force, resolve (with tags), reopen, assign.

use chatdesk_tests::app::{Owner, TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::get_json;

async fn conversation(app: &TestApp, owner: &Owner, session: &str) -> String {
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/playground/messages",
            &json!({"text": "hello", "session": session}),
        )
        .await;
    let body: Value = response.json().await.expect("json");
    body["conversation_id"]
        .as_str()
        .expect("a conversation")
        .to_owned()
}

/// The user id of the member who signed in with `email`.
async fn user_id(app: &TestApp, owner: &Owner, email: &str) -> String {
    let members = get_json(app, &owner.access_token, "/api/v1/members").await;
    members["items"]
        .as_array()
        .and_then(|items| items.iter().find(|m| m["email"] == email))
        .and_then(|m| m["user_id"].as_str())
        .expect("the member")
        .to_owned()
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app.post_as(token, path, &body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test]
async fn a_second_takeover_is_a_conflict_unless_an_admin_forces_it() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let agent = app.join_as(&owner, "agent@example.com", "agent").await;
    let agent_id = user_id(&app, &owner, "agent@example.com").await;
    let id = conversation(&app, &owner, "a").await;
    let takeover = format!("/api/v1/conversations/{id}/takeover");

    let (status, body) = post(&app, &agent, &takeover, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["assigned_member_id"], agent_id.as_str());

    let taken = app
        .post_as(&owner.access_token, &takeover, &json!({}))
        .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(taken).await, "conversation_taken");
    // An agent may not force.
    let other_agent = app.join_as(&owner, "agent2@example.com", "agent").await;
    let refused = app
        .post_as(&other_agent, &takeover, &json!({"force": true}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let (status, body) = post(&app, &owner.access_token, &takeover, json!({"force": true})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["assigned_member_id"], owner.user_id.as_str());
    assert_eq!(body["lifecycle"], "agent_handling");
    let detail = get_json(
        &app,
        &owner.access_token,
        &format!("/api/v1/conversations/{id}"),
    )
    .await;
    let joined: Vec<&Value> = detail["timeline"]
        .as_array()
        .map(|t| t.iter().filter(|e| e["kind"] == "agent_joined").collect())
        .unwrap_or_default();
    assert_eq!(joined.len(), 2, "{detail}");
    assert_eq!(joined[1]["member_id"], owner.user_id.as_str());
}

#[tokio::test]
async fn resolve_reopen_and_assign_move_the_conversation_and_refuse_wrong_states() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    app.join_as(&owner, "agent@example.com", "agent").await;
    let agent_id = user_id(&app, &owner, "agent@example.com").await;
    let id = conversation(&app, &owner, "r").await;
    let base = format!("/api/v1/conversations/{id}");
    let token = owner.access_token.as_str();

    let (status, body) = post(
        &app,
        token,
        &format!("{base}/resolve"),
        json!({"tags": ["Refund"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["lifecycle"], "resolved");
    let detail = get_json(&app, token, &base).await;
    assert_eq!(detail["tags"], json!(["refund"]));
    let again = app
        .post_as(token, &format!("{base}/resolve"), &json!({}))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "invalid_conversation_transition");
    // Assigning a closed conversation is refused: reopen it first.
    let closed = app
        .post_as(
            token,
            &format!("{base}/assign"),
            &json!({"member_id": agent_id}),
        )
        .await;
    assert_eq!(closed.status(), StatusCode::CONFLICT);

    let (status, body) = post(&app, token, &format!("{base}/reopen"), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["lifecycle"], "agent_handling");
    assert_eq!(body["owner"], "human");
    assert_eq!(body["assigned_member_id"], owner.user_id.as_str());
    let open = app
        .post_as(token, &format!("{base}/reopen"), &json!({}))
        .await;
    assert_eq!(open.status(), StatusCode::CONFLICT);

    let (status, body) = post(
        &app,
        token,
        &format!("{base}/assign"),
        json!({"member_id": agent_id}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["assigned_member_id"], agent_id.as_str());
    let assigned = get_json(
        &app,
        token,
        &format!("/api/v1/conversations?assigned={agent_id}"),
    )
    .await;
    assert_eq!(assigned["total"], 1);

    let stranger = app
        .post_as(
            token,
            &format!("{base}/assign"),
            &json!({"member_id": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!(stranger.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = stranger.json().await.expect("json");
    assert_eq!(
        body["error"]["details"]["fields"][0]["code"],
        "unknown_member"
    );

    let kinds: Vec<String> = get_json(&app, token, &base).await["timeline"]
        .as_array()
        .map(|t| {
            t.iter()
                .filter_map(|e| e["kind"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        kinds,
        vec![
            "created",
            "resolved",
            "reopened",
            "agent_joined",
            "agent_joined"
        ],
        "the timeline tells the story"
    );
}

#[tokio::test]
async fn another_workspace_cannot_act_on_the_conversation() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let other = app.register("other@example.com", "Other Shop").await;
    let id = conversation(&app, &owner, "x").await;
    for action in ["resolve", "reopen", "takeover"] {
        let response = app
            .post_as(
                &other.access_token,
                &format!("/api/v1/conversations/{id}/{action}"),
                &json!({}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{action}");
    }
    // Assigning to a member of another workspace is refused as unknown.
    let response = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{id}/assign"),
            &json!({"member_id": other.user_id}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
