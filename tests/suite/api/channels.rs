//! `/channels`: connecting accounts against a local Graph server (the token proven and
//! the app subscribed before anything is stored), tokens never shown, permissions,
//! disconnecting, the OAuth flow, and Instagram token refresh scheduling.

use chatdesk_tests::app::{
    GRAPH_VERSION, META_APP_ID, Owner, TestApp, error_code, spawn_app_with, with_meta,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::webhooks::{connect_whatsapp, meta_app};

const PAGE: &str = "106540352242922";

fn graph_error(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {"message": message, "type": "OAuthException", "code": code}
    }))
}

async fn list(app: &TestApp, owner: &Owner) -> Value {
    let response = app.get_as(&owner.access_token, "/api/v1/channels").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_connected_page_is_listed_without_its_token_and_subscribed() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    Mock::given(method("POST"))
        .and(path(format!("/{GRAPH_VERSION}/{PAGE}/subscribed_apps")))
        .and(query_param(
            "subscribed_fields",
            "messages,messaging_postbacks,message_reads,message_deliveries",
        ))
        .and(query_param("access_token", "EAAGsecretpagetoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&graph)
        .await;
    let channel = app
        .connect_messenger(&graph, &owner, PAGE, "EAAGsecretpagetoken")
        .await;
    assert_eq!(channel["platform"], "messenger");
    assert_eq!(channel["account_id"], PAGE);
    assert_eq!(channel["name"], "Glow Beauty");
    assert_eq!(channel["status"], "active");

    let listed = list(&app, &owner).await;
    assert_eq!(listed["total"], 1);
    let id = channel["id"].as_str().unwrap();
    let one = app
        .get_as(&owner.access_token, &format!("/api/v1/channels/{id}"))
        .await
        .text()
        .await
        .unwrap();
    for shown in [listed.to_string(), channel.to_string(), one] {
        assert!(!shown.contains("EAAGsecretpagetoken"), "{shown}");
        assert!(!shown.contains("access_token"), "{shown}");
    }
    // At rest too: the row holds ciphertext only.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM channels WHERE credentials LIKE '%EAAGsecret%'")
            .await,
        0
    );
    graph.verify().await;

    // Another workspace cannot take the same Page while it is connected here.
    let other = app.register("bob@other.it", "Other Shop").await;
    let taken = app
        .post_as(
            &other.access_token,
            "/api/v1/channels/messenger",
            &json!({"page_id": PAGE, "access_token": "EAAGsecretpagetoken"}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(taken).await, "channel_account_taken");
    // Nor see this one.
    let hidden = app
        .get_as(&other.access_token, &format!("/api/v1/channels/{id}"))
        .await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(hidden).await, "channel_not_found");
}

#[tokio::test]
async fn a_token_the_platform_refuses_stores_nothing() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    Mock::given(method("GET"))
        .and(path(format!("/{GRAPH_VERSION}/{PAGE}")))
        .respond_with(graph_error(400, 190, "Invalid OAuth access token."))
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/{GRAPH_VERSION}/{PAGE}/subscribed_apps")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(0)
        .mount(&graph)
        .await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/messenger",
            &json!({"page_id": PAGE, "access_token": "EAAGbad"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_channel_token");
    assert!(
        body["error"]["details"]["reason"]
            .as_str()
            .unwrap()
            .contains("Invalid OAuth")
    );
    assert_eq!(list(&app, &owner).await["total"], 0);

    // The platform down is a 502, not a 500.
    let down = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&down)
        .await;
    let uri = down.uri();
    let app = spawn_app_with(|s| with_meta(s, &uri)).await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/messenger",
            &json!({"page_id": PAGE, "access_token": "EAAGok"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(error_code(response).await, "platform_unavailable");
}

#[tokio::test]
async fn bad_requests_name_every_field_and_only_owners_and_admins_manage_channels() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/whatsapp",
            &json!({"phone_number_id": "12 34", "access_token": ""}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["phone_number_id", "waba_id", "access_token"]);

    let agent = app.join_as(&owner, "marco@glow.it", "agent").await;
    for (path, body) in [
        (
            "/api/v1/channels/messenger",
            json!({"page_id": PAGE, "access_token": "EAAG"}),
        ),
        ("/api/v1/channels/web", json!({"name": "Site"})),
    ] {
        let response = app.post_as(&agent, path, &body).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let response = app.get_as(&agent, "/api/v1/channels").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let admin = app.join_as(&owner, "sara@glow.it", "admin").await;
    let channel = connect_whatsapp(&app, &graph, &owner).await;
    assert_eq!(channel["name"], "Glow Beauty WA");
    let id = channel["id"].as_str().unwrap();
    let response = app
        .delete_as(&admin, &format!("/api/v1/channels/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let shown: Value = app
        .get_as(&admin, &format!("/api/v1/channels/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["status"], "disconnected");
    // Idempotent.
    let again = app
        .delete_as(&admin, &format!("/api/v1/channels/{id}"))
        .await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    let missing = app
        .delete_as(
            &admin,
            &format!("/api/v1/channels/{}", uuid::Uuid::now_v7()),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_widget_has_a_public_key_an_embed_snippet_and_checked_origins() {
    let (app, _graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/web",
            &json!({"name": "Website chat", "allowed_origins": ["https://Glow.example/", "http://localhost:3000"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let widget: Value = response.json().await.unwrap();
    assert_eq!(widget["platform"], "web");
    let key = widget["widget"]["public_key"].as_str().unwrap();
    assert!(key.starts_with("wk_"));
    assert_eq!(widget["account_id"], key);
    assert_eq!(
        widget["widget"]["allowed_origins"],
        json!(["https://glow.example", "http://localhost:3000"])
    );
    let snippet = widget["widget"]["embed_snippet"].as_str().unwrap();
    assert!(
        snippet.contains(key) && snippet.contains("<script"),
        "{snippet}"
    );
    let listed = list(&app, &owner).await;
    assert_eq!(listed["items"][0]["widget"]["public_key"], key);

    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/web",
            &json!({"name": "", "allowed_origins": ["glow.example", "https://ok.example"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "allowed_origins[0]"]);
}

#[tokio::test]
async fn an_instagram_token_that_expires_gets_its_refresh_scheduled() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let ig = "17841405822304914";
    Mock::given(method("GET"))
        .and(path(format!("/{GRAPH_VERSION}/{ig}")))
        .and(query_param("fields", "name,username"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "glow.beauty"})))
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/{GRAPH_VERSION}/{ig}/subscribed_apps")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&graph)
        .await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/instagram",
            &json!({"instagram_account_id": ig, "access_token": "IGQVJ", "token_expires_in_seconds": 5_184_000}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let channel: Value = response.json().await.unwrap();
    assert_eq!(channel["name"], "glow.beauty");
    assert!(channel["token_expires_at"].is_string());
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'channels.refresh_token' AND status = 'queued'"
        )
        .await,
        1,
        "refreshed in its last week"
    );
    graph.verify().await;
}

#[tokio::test]
async fn a_token_inside_its_last_week_is_refreshed_by_the_job() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let ig = "17841405822304914";
    Mock::given(method("GET"))
        .and(path(format!("/{GRAPH_VERSION}/{ig}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "glow.beauty"})))
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/{GRAPH_VERSION}/{ig}/subscribed_apps")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&graph)
        .await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("grant_type", "ig_refresh_token"))
        .and(query_param("access_token", "IGQVJold"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "IGQVJnew", "token_type": "bearer", "expires_in": 5_184_000
        })))
        .expect(1)
        .mount(&graph)
        .await;
    // Three days left: due at once.
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/instagram",
            &json!({"instagram_account_id": ig, "access_token": "IGQVJold", "token_expires_in_seconds": 259_200}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let channel: Value = response.json().await.unwrap();
    let refreshed = app
        .eventually_count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'channels.refresh_token' AND status = 'succeeded'",
            1,
            std::time::Duration::from_secs(10),
        )
        .await;
    assert_eq!(refreshed, 1);
    let id = channel["id"].as_str().unwrap();
    let shown: Value = app
        .get_as(&owner.access_token, &format!("/api/v1/channels/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let before: chrono::DateTime<chrono::Utc> = channel["token_expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let after: chrono::DateTime<chrono::Utc> =
        shown["token_expires_at"].as_str().unwrap().parse().unwrap();
    assert!(
        after > before + chrono::Duration::days(50),
        "{before} -> {after}"
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'channels.refresh_token' AND status = 'queued'"
        )
        .await,
        1,
        "the next refresh is scheduled"
    );
    graph.verify().await;
}

async fn oauth_state(app: &TestApp, owner: &Owner) -> Value {
    let response = app
        .get_as(&owner.access_token, "/api/v1/channels/meta/oauth-url")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn oauth_lists_pages_then_connects_the_chosen_one() {
    let (app, graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let started = oauth_state(&app, &owner).await;
    let url = started["url"].as_str().unwrap();
    assert!(url.contains(&format!("client_id={META_APP_ID}")), "{url}");
    assert!(url.contains("/dialog/oauth?"), "{url}");
    let state = started["state"].as_str().unwrap();

    Mock::given(method("GET"))
        .and(path(format!("/{GRAPH_VERSION}/oauth/access_token")))
        .and(query_param("code", "AQDcode"))
        .and(query_param("client_id", META_APP_ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "EAAGshort", "token_type": "bearer", "expires_in": 5000
        })))
        .expect(1)
        .mount(&graph)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/{GRAPH_VERSION}/oauth/access_token")))
        .and(query_param("grant_type", "fb_exchange_token"))
        .and(query_param("fb_exchange_token", "EAAGshort"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "EAAGlonguser", "token_type": "bearer", "expires_in": 5_184_000
        })))
        .expect(1)
        .mount(&graph)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/{GRAPH_VERSION}/me/accounts")))
        .and(query_param("access_token", "EAAGlonguser"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [
            {"id": PAGE, "name": "Glow Beauty", "access_token": "EAAGpageA"},
            {"id": "222222222222222", "name": "Glow Outlet", "access_token": "EAAGpageB"}
        ]})))
        .expect(2)
        .mount(&graph)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/{GRAPH_VERSION}/222222222222222")))
        .and(query_param("access_token", "EAAGpageB"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "Glow Outlet"})))
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!(
            "/{GRAPH_VERSION}/222222222222222/subscribed_apps"
        )))
        .and(query_param("access_token", "EAAGpageB"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&graph)
        .await;

    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/meta/oauth-callback",
            &json!({"state": state, "code": "AQDcode"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let choice: Value = response.json().await.unwrap();
    assert_eq!(choice["pages"].as_array().unwrap().len(), 2);
    assert!(
        !choice.to_string().contains("EAAG"),
        "no token leaves: {choice}"
    );
    let selection = choice["selection"].as_str().unwrap();

    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/meta/oauth-callback",
            &json!({"state": state, "selection": selection, "page_id": "222222222222222"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let channel: Value = response.json().await.unwrap();
    assert_eq!(channel["account_id"], "222222222222222");
    assert_eq!(channel["name"], "Glow Outlet");
    graph.verify().await;
}

#[tokio::test]
async fn an_oauth_state_from_another_workspace_or_forged_is_refused() {
    let (app, _graph) = meta_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let other = app.register("bob@other.it", "Other").await;
    let theirs = oauth_state(&app, &other).await;
    let mine = oauth_state(&app, &owner).await;
    let forged = mine["state"]
        .as_str()
        .unwrap()
        .replace(&owner.workspace_id, &other.workspace_id);
    for state in [
        theirs["state"].as_str().unwrap(),
        forged.as_str(),
        "nonsense",
    ] {
        let response = app
            .post_as(
                &owner.access_token,
                "/api/v1/channels/meta/oauth-callback",
                &json!({"state": state, "code": "AQDcode"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{state}");
        assert_eq!(error_code(response).await, "invalid_oauth_state");
    }
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/channels/meta/oauth-callback",
            &json!({"state": mine["state"], "selection": "not-a-selection", "page_id": PAGE}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "oauth_selection_expired");

    // No app configured: 503 with a code, not a broken URL.
    let unconfigured = spawn_app_with(|_| {}).await;
    let owner = unconfigured.register("ana@glow.it", "Glow").await;
    let response = unconfigured
        .get_as(&owner.access_token, "/api/v1/channels/meta/oauth-url")
        .await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_code(response).await, "meta_not_configured");
}
