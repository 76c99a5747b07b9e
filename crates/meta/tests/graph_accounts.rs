//! Connecting accounts against a local Graph server: the exact requests for reading an
//! account's name, subscribing the app, the OAuth code exchange, listing Pages and
//! refreshing an Instagram token, and how refusals are classified.

// Test helpers outside #[test] functions panic on purpose: a broken fixture should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use channels::ports::PlatformAccounts;
use channels::*;
use meta::{MetaAccounts, MetaApp, MetaGraphConfig, PAGE_SUBSCRIBED_FIELDS, RateLimits};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "106540352242922";

fn accounts(server: &MockServer) -> MetaAccounts {
    MetaAccounts::new(
        MetaGraphConfig {
            base_url: server.uri(),
            api_version: "v25.0".into(),
            timeout: Duration::from_millis(500),
            rate_limits: RateLimits::default(),
        },
        MetaApp {
            app_id: "1517776481860111".into(),
            app_secret: "app-secret".into(),
        },
    )
    .unwrap()
}

fn token(raw: &str) -> AccessToken {
    AccessToken::parse(raw).unwrap()
}

fn id(raw: &str) -> PlatformAccountId {
    PlatformAccountId::parse(raw).unwrap()
}

#[tokio::test]
async fn reading_the_name_proves_the_token_for_each_platform() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{PAGE}")))
        .and(query_param("fields", "name"))
        .and(query_param("access_token", "EAAGpage"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"name": "Glow Beauty", "id": PAGE})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/555"))
        .and(query_param("fields", "verified_name,display_phone_number"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"display_phone_number": "+39 333 1234567"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/999"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}
        })))
        .mount(&server)
        .await;
    let accounts = accounts(&server);
    assert_eq!(
        accounts
            .account_name(Platform::Messenger, &id(PAGE), &token("EAAGpage"))
            .await
            .unwrap(),
        "Glow Beauty"
    );
    assert_eq!(
        accounts
            .account_name(Platform::WhatsApp, &id("555"), &token("EAAGwa"))
            .await
            .unwrap(),
        "+39 333 1234567"
    );
    let refused = accounts
        .account_name(Platform::Messenger, &id("999"), &token("EAAGbad"))
        .await
        .unwrap_err();
    assert!(refused.requires_reconnect(), "{refused}");
    assert!(
        accounts
            .account_name(Platform::Web, &id("wk_1"), &token("x"))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn subscribing_asks_for_the_messaging_fields_or_the_waba() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v25.0/{PAGE}/subscribed_apps")))
        .and(query_param("subscribed_fields", PAGE_SUBSCRIBED_FIELDS))
        .and(query_param("access_token", "EAAGpage"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/102290129340398/subscribed_apps"))
        .and(header("authorization", "Bearer EAAGwa"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/777/subscribed_apps"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": false})))
        .mount(&server)
        .await;
    let accounts = accounts(&server);
    accounts
        .subscribe(Platform::Messenger, &id(PAGE), &token("EAAGpage"))
        .await
        .unwrap();
    accounts
        .subscribe(Platform::WhatsApp, &id("102290129340398"), &token("EAAGwa"))
        .await
        .unwrap();
    let unconfirmed = accounts
        .subscribe(Platform::Messenger, &id("777"), &token("EAAGpage"))
        .await
        .unwrap_err();
    assert!(!unconfirmed.is_retryable());
}

#[tokio::test]
async fn a_code_becomes_a_long_lived_token_that_lists_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("client_id", "1517776481860111"))
        .and(query_param("client_secret", "app-secret"))
        .and(query_param("redirect_uri", "https://app.example/cb"))
        .and(query_param("code", "AQD"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "EAAGshort", "token_type": "bearer", "expires_in": 5183
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("grant_type", "fb_exchange_token"))
        .and(query_param("fb_exchange_token", "EAAGshort"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "EAAGlong", "token_type": "bearer", "expires_in": 5_183_944
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me/accounts"))
        .and(query_param("access_token", "EAAGlong"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [
            {"id": PAGE, "name": "Glow Beauty", "access_token": "EAAGpage",
             "instagram_business_account": {"id": "17841405822304914"}},
            {"id": "222", "name": "No permission"},
            {"id": "333", "name": "Outlet", "access_token": "EAAGoutlet"}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let accounts = accounts(&server);
    let issued = accounts
        .exchange_code("AQD", "https://app.example/cb")
        .await
        .unwrap();
    assert_eq!(issued.token.expose(), "EAAGlong");
    assert_eq!(issued.expires_in_seconds, Some(5_183_944));
    let pages = accounts.pages(&issued.token).await.unwrap();
    assert_eq!(
        pages.len(),
        2,
        "a Page listed without a token cannot be connected"
    );
    assert_eq!(pages[0].access_token.expose(), "EAAGpage");
    assert_eq!(
        pages[0]
            .instagram_account_id
            .as_ref()
            .map(PlatformAccountId::as_str),
        Some("17841405822304914")
    );
    assert_eq!(pages[1].instagram_account_id, None);
}

#[tokio::test]
async fn an_instagram_token_is_refreshed_and_errors_are_classified() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("grant_type", "ig_refresh_token"))
        .and(query_param("access_token", "IGold"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "IGnew", "token_type": "bearer", "expires_in": 5_184_000
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("access_token", "IGdown"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("access_token", "IGodd"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    let accounts = accounts(&server);
    let issued = accounts
        .refresh_instagram_token(&token("IGold"))
        .await
        .unwrap();
    assert_eq!(issued.token.expose(), "IGnew");
    assert_eq!(issued.expires_in_seconds, Some(5_184_000));
    assert!(
        accounts
            .refresh_instagram_token(&token("IGdown"))
            .await
            .unwrap_err()
            .is_retryable()
    );
    assert!(
        !accounts
            .refresh_instagram_token(&token("IGodd"))
            .await
            .unwrap_err()
            .is_retryable()
    );
}
