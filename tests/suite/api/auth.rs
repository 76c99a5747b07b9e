use chatdesk_tests::app::{PASSWORD, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn register_creates_an_owner_signed_in_to_a_new_workspace() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "Ana@Glow.it", "password": PASSWORD, "business_name": "Glow Beauty", "name": "Ana"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response
        .headers()
        .get("set-cookie")
        .expect("refresh cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("chatdesk_refresh="));
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Strict"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["user"]["email"], "ana@glow.it");
    assert_eq!(body["user"]["name"], "Ana");
    assert_eq!(body["user"]["email_verified"], false);
    assert_eq!(body["workspace"]["business_name"], "Glow Beauty");
    assert_eq!(body["role"], "owner");
    assert_eq!(body["tokens"]["token_type"], "Bearer");
    let expires_in = body["tokens"]["expires_in"].as_i64().unwrap();
    assert!(
        (890..=900).contains(&expires_in),
        "access token lives 15 minutes, got {expires_in}"
    );

    let me: Value = app
        .get_as(
            body["tokens"]["access_token"].as_str().unwrap(),
            "/api/v1/auth/me",
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["email"], "ana@glow.it");
    assert_eq!(me["role"], "owner");
    assert_eq!(me["workspace"]["id"], body["workspace"]["id"]);
    assert_eq!(me["memberships"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn duplicate_email_is_a_conflict() {
    let app = spawn_app().await;
    app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "ANA@glow.it ", "password": PASSWORD, "business_name": "Other Shop"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "email_taken");
}

#[tokio::test]
async fn weak_passwords_are_refused_naming_the_rule() {
    let app = spawn_app().await;
    for (password, rule) in [
        ("Sh0rt", "min_length"),
        ("alllowercase1", "uppercase"),
        ("ALLUPPERCASE1", "lowercase"),
        ("NoDigitsAtAll", "digit"),
    ] {
        let response = app
            .post(
                "/api/v1/auth/register",
                &json!({"email": "ana@glow.it", "password": password, "business_name": "Glow Beauty"}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "weak_password");
        assert_eq!(body["error"]["details"]["rule"], rule);
        assert_eq!(body["error"]["details"]["field"], "password");
    }
}

#[tokio::test]
async fn invalid_registration_fields_are_all_named() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "not-an-email", "password": PASSWORD, "business_name": "ab"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<_> = body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["email", "business_name"]);
}

#[tokio::test]
async fn login_with_right_and_wrong_passwords() {
    let app = spawn_app().await;
    app.register("ana@glow.it", "Glow Beauty").await;

    let response = app.login("ana@glow.it", "Wrong1Password").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "invalid_credentials");

    let response = app.login("nobody@glow.it", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "invalid_credentials");

    let response = app.login("  ANA@glow.it", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let me = app
        .get_as(body["access_token"].as_str().unwrap(), "/api/v1/auth/me")
        .await;
    assert_eq!(me.status(), StatusCode::OK);
}

#[tokio::test]
async fn me_requires_a_valid_bearer_token() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "unauthenticated");

    let response = app.get_as("garbage.token.here", "/api/v1/auth/me").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "unauthenticated");
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_session() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;

    let response = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": owner.refresh_token}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let rotated: Value = response.json().await.unwrap();
    let second_refresh = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, owner.refresh_token);
    let second_access = rotated["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get_as(&second_access, "/api/v1/auth/me").await.status(),
        StatusCode::OK
    );

    // The first token again: a thief or a replay. The whole session goes.
    let response = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": owner.refresh_token}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "refresh_token_reused");

    let response = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": second_refresh}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "invalid_refresh_token");
    let response = app.get_as(&second_access, "/api/v1/auth/me").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "session_revoked");
}

#[tokio::test]
async fn expired_refresh_and_access_tokens_are_refused() {
    let app = chatdesk_tests::app::spawn_app_with(|s| {
        s.auth.refresh_token_ttl_days = -1;
        s.auth.access_token_ttl_seconds = -60;
    })
    .await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app.get_as(&owner.access_token, "/api/v1/auth/me").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "access_token_expired");
    let response = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": owner.refresh_token}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "refresh_token_expired");
}

#[tokio::test]
async fn refresh_and_logout_work_from_the_cookie_alone() {
    let app = spawn_app().await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = browser
        .post(app.url("/api/v1/auth/register"))
        .json(
            &json!({"email": "ana@glow.it", "password": PASSWORD, "business_name": "Glow Beauty"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);

    let response = browser
        .post(app.url("/api/v1/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let access = body["access_token"].as_str().unwrap().to_owned();

    let response = browser
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = browser
        .post(app.url("/api/v1/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get_as(&access, "/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn logout_ends_the_session_everywhere_it_is_used() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post(
            "/api/v1/auth/logout",
            &json!({"refresh_token": owner.refresh_token}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .post(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": owner.refresh_token}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = app.get_as(&owner.access_token, "/api/v1/auth/me").await;
    assert_eq!(error_code(response).await, "session_revoked");
    // Another login is a new session and works.
    assert_eq!(
        app.login("ana@glow.it", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_with_only_an_access_token() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post_as(&owner.access_token, "/api/v1/auth/logout", &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.get_as(&owner.access_token, "/api/v1/auth/me").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = app.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn login_is_rate_limited_per_address_and_email() {
    let app = spawn_app().await;
    app.register("ana@glow.it", "Glow Beauty").await;
    for _ in 0..5 {
        let response = app.login("ana@glow.it", "Wrong1Password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = app.login("ana@glow.it", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 800 && retry_after <= 900, "{retry_after}");
    assert_eq!(error_code(response).await, "rate_limited");
    // Another email from the same address is counted apart.
    let response = app.login("someone@glow.it", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn registration_is_rate_limited_per_address() {
    let app = spawn_app().await;
    for i in 0..10 {
        let response = app
            .post(
                "/api/v1/auth/register",
                &json!({"email": format!("owner{i}@glow.it"), "password": "weak", "business_name": "Glow"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "late@glow.it", "password": PASSWORD, "business_name": "Glow Beauty"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
}
