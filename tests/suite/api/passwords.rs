use chatdesk_tests::app::{PASSWORD, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn forgot_then_reset_password_signs_out_everywhere() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;

    let response = app
        .post(
            "/api/v1/auth/forgot-password",
            &json!({"email": "ana@glow.it"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let email = app.emails().into_iter().last().unwrap();
    assert!(email.contains("Subject: Reset your ChatDesk password"));
    assert!(email.contains("valid for 1 hour"));
    let token = app.token_from_email("ana@glow.it", "reset-password?token=");

    let response = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "password": "weak"}),
        )
        .await;
    assert_eq!(error_code(response).await, "weak_password");

    let response = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "password": "NewSunflower2025"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // Single use.
    let response = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": token, "password": "Another2025Pass"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "token_used");

    assert_eq!(
        app.login("ana@glow.it", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("ana@glow.it", "NewSunflower2025").await.status(),
        StatusCode::OK
    );
    let response = app.get_as(&owner.access_token, "/api/v1/auth/me").await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "old sessions end"
    );
}

#[tokio::test]
async fn forgot_password_does_not_reveal_who_has_an_account() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/forgot-password",
            &json!({"email": "nobody@glow.it"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(app.emails().is_empty());
}

#[tokio::test]
async fn unknown_reset_tokens_are_refused() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/reset-password",
            &json!({"token": "made-up", "password": "NewSunflower2025"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "invalid_token");
}

#[tokio::test]
async fn verify_email_with_the_emailed_token_once() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let email = app.emails().into_iter().next().unwrap();
    assert!(email.contains("Subject: Confirm your ChatDesk email"));
    let token = app.token_from_email("ana@glow.it", "verify-email?token=");

    // A reset token is not a verification token.
    let response = app
        .post("/api/v1/auth/verify-email", &json!({"token": "nope"}))
        .await;
    assert_eq!(error_code(response).await, "invalid_token");

    let response = app
        .post("/api/v1/auth/verify-email", &json!({"token": token}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let me: Value = app
        .get_as(&owner.access_token, "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["email_verified"], true);
    let response = app
        .post("/api/v1/auth/verify-email", &json!({"token": token}))
        .await;
    assert_eq!(error_code(response).await, "token_used");
}
