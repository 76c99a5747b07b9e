//! HTTP conventions every endpoint shares: error bodies, request ids, headers, limits,
//! health, metrics and the OpenAPI document.

use chatdesk_tests::app::{error_code, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn malformed_json_is_400_with_a_request_id() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\": \"ana@glow.it\", ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let header_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "malformed_json");
    assert_eq!(body["error"]["request_id"], header_id.as_str());
}

#[tokio::test]
async fn wrong_types_are_422_naming_the_field() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"email": 42, "password": "x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["details"]["fields"][0]["field"], "email");
}

#[tokio::test]
async fn non_json_bodies_and_oversized_bodies_are_refused() {
    let app = spawn_app_with(|s| s.server.json_body_limit_bytes = 1024).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("email=ana")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(response).await, "unsupported_media_type");

    let huge = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(4096)
    );
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(response).await, "payload_too_large");
}

#[tokio::test]
async fn unknown_routes_are_json_404s_and_caller_request_ids_are_kept() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/does-not-exist"))
        .header("x-request-id", "trace-abc_123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["x-request-id"], "trace-abc_123");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "route_not_found");
    assert_eq!(body["error"]["request_id"], "trace-abc_123");

    // An id that is not plain is replaced rather than echoed into logs.
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "bad id with spaces")
        .send()
        .await
        .unwrap();
    assert_ne!(response.headers()["x-request-id"], "bad id with spaces");
}

#[tokio::test]
async fn security_headers_are_set() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["cache-control"], "no-store");
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let app = spawn_app_with(|s| {
        s.server.cors_allowed_origins = vec!["https://dashboard.glow.it".to_owned()];
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/auth/login"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://dashboard.glow.it").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://dashboard.glow.it"
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = spawn_app().await;
    let health: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    app.client
        .get(app.url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap();
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("# TYPE chatdesk_http_requests_total counter"));
    assert!(metrics.contains(
        "chatdesk_http_requests_total{method=\"GET\",route=\"/api/v1/auth/me\",status=\"401\"} 1"
    ));
}

#[tokio::test]
async fn the_openapi_document_and_swagger_ui_are_served() {
    let app = spawn_app().await;
    let spec: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = spec["paths"].as_object().unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/reset-password",
        "/api/v1/auth/verify-email",
        "/api/v1/workspace",
        "/api/v1/members",
        "/api/v1/members/{id}",
        "/api/v1/invitations",
        "/api/v1/invitations/{token}/accept",
        "/api/v1/api-keys",
        "/api/v1/api-keys/{id}",
        "/api/v1/audit-log",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(paths.contains_key(path), "{path} missing from the spec");
    }
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
    let ui = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(ui.text().await.unwrap().contains("swagger-ui"));
}

#[test]
fn committed_openapi_document_is_fresh() {
    let generated = chatdesk_server::openapi::document()
        .to_pretty_json()
        .expect("render spec");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/v1.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed.trim() == generated.trim(),
        "openapi/v1.json is stale: run `make openapi` and commit the result"
    );
}

#[test]
fn every_error_code_is_distinct_and_has_a_status() {
    use chatdesk_server::http::ErrorCode;
    assert!(ErrorCode::ALL.len() >= 20);
    assert_eq!(ErrorCode::RateLimited.status().as_u16(), 429);
    assert_eq!(ErrorCode::MalformedJson.status().as_u16(), 400);
    assert_eq!(ErrorCode::ValidationFailed.status().as_u16(), 422);
}
