use chatdesk_tests::app::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn an_api_key_is_shown_once_works_as_bearer_and_stops_when_revoked() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/api-keys",
            &json!({"name": "Shopify sync", "role": "viewer"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("cd_live_"));
    assert!(secret.len() > 40);
    assert!(secret.starts_with(created["prefix"].as_str().unwrap()));
    let id = created["id"].as_str().unwrap().to_owned();

    let me: Value = app
        .get_as(&secret, "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "viewer");
    assert_eq!(me["workspace"]["id"], owner.workspace_id.as_str());
    // A viewer key cannot change things.
    let response = app
        .patch_as(
            &secret,
            "/api/v1/workspace",
            &json!({"brand_tone": "casual"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let listed: Value = app
        .get_as(&owner.access_token, "/api/v1/api-keys")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 1);
    assert!(
        listed["items"][0].get("secret").is_none(),
        "never shown again"
    );
    assert!(listed["items"][0]["last_used_at"].is_string());
    assert!(!listed.to_string().contains(&secret));

    let response = app
        .delete_as(&owner.access_token, &format!("/api/v1/api-keys/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.get_as(&secret, "/api/v1/auth/me").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = app
        .delete_as(&owner.access_token, &format!("/api/v1/api-keys/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn keys_cannot_outrank_their_creator_or_cross_workspaces() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let other = app.register("luca@shop.it", "Luca Shop").await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/api-keys",
            &json!({"name": "x", "role": "owner"}),
        )
        .await;
    assert_eq!(error_code(response).await, "role_not_grantable");
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/api-keys",
            &json!({"name": "  "}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let created: Value = app
        .post_as(
            &owner.access_token,
            "/api/v1/api-keys",
            &json!({"name": "CRM"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["role"], "agent", "agent is the default role");
    let id = created["id"].as_str().unwrap();
    let response = app
        .delete_as(&other.access_token, &format!("/api/v1/api-keys/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let listed: Value = app
        .get_as(&other.access_token, "/api/v1/api-keys")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["total"], 0);
    // Still alive for its own workspace.
    let secret = created["secret"].as_str().unwrap();
    assert_eq!(
        app.get_as(secret, "/api/v1/workspace").await.status(),
        StatusCode::OK
    );
}
