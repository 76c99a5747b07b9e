//! The same server on PostgreSQL: the main identity flows end to end.

use chatdesk_tests::app::{PASSWORD, error_code, spawn_app_on_postgres};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn identity_flows_work_on_postgres() {
    let Some(app) = spawn_app_on_postgres().await else {
        return;
    };
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "ANA@glow.it", "password": PASSWORD, "business_name": "Again"}),
        )
        .await;
    assert_eq!(error_code(response).await, "email_taken");

    // Refresh rotation and reuse detection.
    let rotated: Value = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": owner.refresh_token}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(rotated["access_token"].is_string());
    let response = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": owner.refresh_token}),
        )
        .await;
    assert_eq!(error_code(response).await, "refresh_token_reused");

    let login: Value = app
        .login("ana@glow.it", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();

    let response = app
        .patch_as(
            &token,
            "/api/v1/workspace",
            &json!({"timezone": "Europe/Rome", "languages": ["it", "en"], "operating_hours": [{"day": "fri", "opens": "09:00", "closes": "17:00"}]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let workspace: Value = app
        .get_as(&token, "/api/v1/workspace")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(workspace["timezone"], "Europe/Rome");
    assert_eq!(workspace["operating_hours"][0]["day"], "fri");

    // Invitation, acceptance, roles.
    app.post_as(
        &token,
        "/api/v1/invitations",
        &json!({"email": "marco@glow.it", "role": "viewer"}),
    )
    .await;
    let invite = app.token_from_email("marco@glow.it", "/invitations/");
    let joined: Value = app
        .post(
            &format!("/api/v1/invitations/{invite}/accept"),
            &json!({"password": PASSWORD}),
        )
        .await
        .json()
        .await
        .unwrap();
    let viewer = joined["access_token"].as_str().unwrap();
    let response = app
        .patch_as(
            viewer,
            "/api/v1/workspace",
            &json!({"brand_tone": "casual"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let members: Value = app
        .get_as(&token, "/api/v1/members")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["total"], 2);

    // API keys and tenant isolation.
    let key: Value = app
        .post_as(&token, "/api/v1/api-keys", &json!({"name": "CRM"}))
        .await
        .json()
        .await
        .unwrap();
    let secret = key["secret"].as_str().unwrap();
    assert_eq!(
        app.get_as(secret, "/api/v1/auth/me").await.status(),
        StatusCode::OK
    );
    let other = app.register("luca@shop.it", "Luca Shop").await;
    let response = app
        .delete_as(
            &other.access_token,
            &format!("/api/v1/api-keys/{}", key["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let log: Value = app
        .get_as(&token, "/api/v1/audit-log")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"][0]["action"], "api_key_created");
    assert!(log["total"].as_u64().unwrap() >= 6);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}
