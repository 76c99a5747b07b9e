//! `/contacts`: created by the first message, listed with filters and pages, edited by
//! agents (name, notes, blocked), invisible to other workspaces.

use std::time::Duration;

use chatdesk_tests::app::{error_code, meta_fixture};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::webhooks::{connect_fixture_accounts, meta_app};

#[tokio::test]
async fn contacts_come_from_messages_and_agents_edit_them() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    connect_fixture_accounts(&app, &graph, &owner).await;
    for (endpoint, fixture) in [
        ("/api/v1/webhooks/meta", "meta/text_message.json"),
        ("/api/v1/webhooks/meta", "meta/instagram_text.json"),
        ("/api/v1/webhooks/whatsapp", "whatsapp/text.json"),
    ] {
        let response = app.post_webhook(endpoint, &meta_fixture(fixture)).await;
        assert_eq!(response.status(), StatusCode::OK, "{fixture}");
    }
    let created = app
        .eventually_count("SELECT COUNT(*) FROM contacts", 3, Duration::from_secs(10))
        .await;
    assert_eq!(created, 3);

    let all: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts?per_page=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 3);
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_eq!(all["total_pages"], 2);

    let whatsapp: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts?platform=whatsapp")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(whatsapp["total"], 1);
    let contact = &whatsapp["items"][0];
    assert_eq!(contact["platform"], "whatsapp");
    assert!(
        contact["display_name"].is_string(),
        "WhatsApp sends the name: {contact}"
    );
    let id = contact["id"].as_str().unwrap().to_owned();

    // An agent renames, annotates and blocks.
    let agent = app.join_as(&owner, "marco@glow.it", "agent").await;
    let response = app
        .patch_as(
            &agent,
            &format!("/api/v1/contacts/{id}"),
            &json!({"display_name": "Giulia Rossi 🌸", "notes": "Prefers evening delivery.\nVIP", "blocked": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let edited: Value = response.json().await.unwrap();
    assert_eq!(edited["display_name"], "Giulia Rossi 🌸");
    assert_eq!(edited["notes"], "Prefers evening delivery.\nVIP");
    assert_eq!(edited["blocked"], true);

    let blocked: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts?blocked=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(blocked["total"], 1);
    let found: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts?q=giulia")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["total"], 1);

    // null clears, absent leaves.
    let cleared: Value = app
        .patch_as(
            &agent,
            &format!("/api/v1/contacts/{id}"),
            &json!({"notes": null}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["notes"], Value::Null);
    assert_eq!(cleared["display_name"], "Giulia Rossi 🌸");
    assert_eq!(cleared["blocked"], true);

    // A new message from the same person keeps the workspace's own fields (blocked,
    // notes); the name follows what the platform sends with each message.
    let response = app
        .post_webhook(
            "/api/v1/webhooks/whatsapp",
            &meta_fixture("whatsapp/interactive_button_reply.json"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    app.eventually_count(
        "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'",
        4,
        Duration::from_secs(10),
    )
    .await;
    let again: Value = app
        .get_as(&owner.access_token, &format!("/api/v1/contacts/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["blocked"], true);
    assert_eq!(again["notes"], Value::Null);
    assert_eq!(app.count("SELECT COUNT(*) FROM contacts").await, 3);
}

#[tokio::test]
async fn bad_edits_viewers_and_other_workspaces_are_refused() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    connect_fixture_accounts(&app, &graph, &owner).await;
    app.post_webhook(
        "/api/v1/webhooks/meta",
        &meta_fixture("meta/text_message.json"),
    )
    .await;
    app.eventually_count("SELECT COUNT(*) FROM contacts", 1, Duration::from_secs(10))
        .await;
    let list: Value = app
        .get_as(&owner.access_token, "/api/v1/contacts")
        .await
        .json()
        .await
        .unwrap();
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();

    let response = app
        .patch_as(
            &owner.access_token,
            &format!("/api/v1/contacts/{id}"),
            &json!({"display_name": "line\nbreak", "notes": "x".repeat(4001)}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["error"]["details"]["fields"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let response = app
        .patch_as(
            &owner.access_token,
            &format!("/api/v1/contacts/{id}"),
            &json!({"blocked": "yes"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .get_as(&owner.access_token, "/api/v1/contacts?platform=telegram")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let viewer = app.join_as(&owner, "vera@glow.it", "viewer").await;
    let seen = app.get_as(&viewer, &format!("/api/v1/contacts/{id}")).await;
    assert_eq!(seen.status(), StatusCode::OK, "viewers read contacts");
    let response = app
        .patch_as(
            &viewer,
            &format!("/api/v1/contacts/{id}"),
            &json!({"blocked": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let other = app.register("bob@other.it", "Other Shop").await;
    let response = app
        .get_as(&other.access_token, &format!("/api/v1/contacts/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "contact_not_found");
    let response = app
        .patch_as(
            &other.access_token,
            &format!("/api/v1/contacts/{id}"),
            &json!({"blocked": true}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let theirs: Value = app
        .get_as(&other.access_token, "/api/v1/contacts")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["total"], 0);
}
