//! `/api/v1/notifications` and `/api/v1/notification-preferences`: an order captured
//! reaches the owner's feed and their email (read back from the `.eml` outbox), quiet
//! hours keep the email back but not the feed entry, preferences validate, marking
//! read, and tenancy. Events are published on the app's own bus, as the assistant does.

use std::str::FromStr;
use std::time::Duration;

use chatdesk_tests::app::{Owner, TestApp, error_code, spawn_app};
use chatdesk_tests::orders::{Item, OrderDesk, customer_on};
use kernel::{DomainEvent, EventBus, WorkspaceId};
use orders::{Order, SalesChannel};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{create_product, id};

/// Waits for something the background listener or sender does; a real failure ends
/// the wait after a generous bound instead of hanging the suite.
async fn eventually<T, F, Fut>(mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..400 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the condition never held");
}

async fn feed(app: &TestApp, token: &str) -> Value {
    let response = app.get_as(token, "/api/v1/notifications").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn put_preferences(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url("/api/v1/notification-preferences"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// A shop with two products and an order of both, announced as captured.
pub(super) async fn shop_with_order(app: &TestApp, email: &str) -> (Owner, Order) {
    let owner = app.register(email, "Glow Beauty").await;
    let serum = id(&create_product(
        app,
        &owner.access_token,
        json!({"name": "Rose Serum", "price": "12.50"}),
    )
    .await);
    let balm = id(&create_product(
        app,
        &owner.access_token,
        json!({"name": "Lip Balm", "price": "4.00"}),
    )
    .await);
    let desk = OrderDesk::open(app).await;
    let order = desk
        .place(
            &owner.workspace_id,
            customer_on(SalesChannel::Instagram),
            &[Item::new(&serum, 2), Item::new(&balm, 1)],
            "Calle Mayor 1, Madrid",
        )
        .await;
    (owner, order)
}

pub(super) async fn announce(app: &TestApp, owner: &Owner, order: &Order) {
    app.events
        .publish(DomainEvent::OrderCaptured {
            workspace_id: WorkspaceId::from_str(&owner.workspace_id).unwrap(),
            order_id: order.id().as_uuid(),
            conversation_id: order.source().conversation_id.as_uuid(),
        })
        .await
        .unwrap();
}

fn order_emails(app: &TestApp, to: &str) -> Vec<String> {
    app.emails()
        .into_iter()
        .filter(|e| e.contains(&format!("To: {to}")) && e.contains("New order captured"))
        .collect()
}

#[tokio::test]
async fn an_order_captured_reaches_the_feed_and_the_owners_email() {
    order_captured_reaches_feed_and_email(&spawn_app().await).await;
}

/// Also run on PostgreSQL (`notifications_postgres`).
pub(super) async fn order_captured_reaches_feed_and_email(app: &TestApp) {
    let (owner, order) = shop_with_order(app, "ana@glow.test").await;
    announce(app, &owner, &order).await;

    let email = eventually(|| {
        let emails = order_emails(app, "ana@glow.test");
        async move { emails.into_iter().next() }
    })
    .await;
    let number = order.number().to_string();
    assert!(
        email.contains(&format!("Subject: New order captured: #{number}")),
        "{email}"
    );
    for expected in [
        "Rose Serum x 2",
        "Lip Balm x 1",
        "Total: ",
        "29.00",
        "Calle Mayor 1, Madrid",
        "CUSTOMER INFO",
        &format!("/orders/{}", order.id()),
        &format!("/conversations/{}", order.source().conversation_id),
        "Content-Type: text/html",
        "<table>",
    ] {
        assert!(email.contains(expected), "{expected} missing from {email}");
    }

    let body = feed(app, &owner.access_token).await;
    assert_eq!(body["total"], 1, "{body}");
    assert_eq!(body["unread"], 1, "{body}");
    let item = &body["items"][0];
    assert_eq!(item["kind"], "order_captured");
    assert_eq!(item["priority"], "high");
    assert_eq!(item["link"], format!("/orders/{}", order.id()));
    assert_eq!(item["subject_id"], order.id().to_string());
    assert!(item["read_at"].is_null());

    // Marked read, it stays in the feed and the count drops.
    let path = format!(
        "/api/v1/notifications/{}/read",
        item["id"].as_str().unwrap()
    );
    let response = app.post_as(&owner.access_token, &path, &json!({})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let body = feed(app, &owner.access_token).await;
    assert_eq!(body["total"], 1);
    assert_eq!(body["unread"], 0);
    assert!(body["items"][0]["read_at"].is_string());
}

#[tokio::test]
async fn read_all_marks_every_notification_read() {
    let app = spawn_app().await;
    let (owner, order) = shop_with_order(&app, "ana@glow.test").await;
    announce(&app, &owner, &order).await;
    announce(&app, &owner, &order).await;
    eventually(|| {
        let app = &app;
        let token = owner.access_token.clone();
        async move { (feed(app, &token).await["unread"] == 2).then_some(()) }
    })
    .await;

    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/notifications/read-all",
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["marked"], 2);
    assert_eq!(feed(&app, &owner.access_token).await["unread"], 0);
}

#[tokio::test]
async fn during_quiet_hours_the_order_is_in_the_feed_and_its_email_waits() {
    let app = spawn_app().await;
    let (owner, order) = shop_with_order(&app, "ana@glow.test").await;
    // Quiet from an hour ago until three hours from now, whatever time the test runs.
    let now = chrono::Utc::now();
    let start = (now - chrono::Duration::hours(1))
        .format("%H:%M")
        .to_string();
    let end = (now + chrono::Duration::hours(3))
        .format("%H:%M")
        .to_string();
    let response = put_preferences(
        &app,
        &owner.access_token,
        &json!({"quiet_hours": {"start": start, "end": end, "timezone": "UTC"}}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);

    announce(&app, &owner, &order).await;
    let body = eventually(|| {
        let app = &app;
        let token = owner.access_token.clone();
        async move {
            let body = feed(app, &token).await;
            (body["total"] == 1).then_some(body)
        }
    })
    .await;
    assert_eq!(body["items"][0]["kind"], "order_captured");
    // The feed entry and its email delivery are written together; the email is due
    // only when quiet hours end, so the sender leaves it alone.
    assert!(order_emails(&app, "ana@glow.test").is_empty());
}

#[tokio::test]
async fn preferences_have_defaults_and_are_replaced_whole() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.test", "Glow Beauty").await;

    let response = app
        .get_as(&owner.access_token, "/api/v1/notification-preferences")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let choices = body["choices"].as_array().unwrap();
    // Seven kinds, three mediums each.
    assert_eq!(choices.len(), 21);
    let enabled = |body: &Value, kind: &str, medium: &str| {
        body["choices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind && c["medium"] == medium)
            .map(|c| c["enabled"].as_bool().unwrap())
            .unwrap()
    };
    assert!(enabled(&body, "order_captured", "email"));
    assert!(!enabled(&body, "order_captured", "whatsapp"));
    assert!(body["quiet_hours"].is_null());

    let response = put_preferences(
        &app,
        &owner.access_token,
        &json!({
            "choices": [
                {"kind": "new_message", "medium": "email", "enabled": false},
                {"kind": "order_captured", "medium": "whatsapp", "enabled": true}
            ],
            "whatsapp_number": "+34 600 111 222",
            "quiet_hours": {"start": "22:00", "end": "08:00", "timezone": "Europe/Madrid"}
        }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = app
        .get_as(&owner.access_token, "/api/v1/notification-preferences")
        .await
        .json()
        .await
        .unwrap();
    assert!(!enabled(&body, "new_message", "email"));
    assert!(enabled(&body, "order_captured", "whatsapp"));
    assert_eq!(body["whatsapp_number"], "+34600111222");
    assert_eq!(
        body["quiet_hours"],
        json!({"start": "22:00", "end": "08:00", "timezone": "Europe/Madrid"})
    );
}

#[tokio::test]
async fn invalid_preferences_name_every_bad_field() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.test", "Glow Beauty").await;
    let response = put_preferences(
        &app,
        &owner.access_token,
        &json!({
            "choices": [{"kind": "party", "medium": "pigeon", "enabled": true}],
            "whatsapp_number": "600",
            "quiet_hours": {"start": "22:00", "end": "08:00", "timezone": "Mars/Olympus"}
        }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "choices[0].kind",
            "choices[0].medium",
            "whatsapp_number",
            "quiet_hours.timezone"
        ]
    );

    // Nothing was saved.
    let body: Value = app
        .get_as(&owner.access_token, "/api/v1/notification-preferences")
        .await
        .json()
        .await
        .unwrap();
    assert!(body["quiet_hours"].is_null());
}

#[tokio::test]
async fn members_only_see_and_mark_their_own_notifications() {
    let app = spawn_app().await;
    let (owner, order) = shop_with_order(&app, "ana@glow.test").await;
    let stranger = app.register("eve@other.test", "Other Shop").await;
    announce(&app, &owner, &order).await;
    let body = eventually(|| {
        let app = &app;
        let token = owner.access_token.clone();
        async move {
            let body = feed(app, &token).await;
            (body["total"] == 1).then_some(body)
        }
    })
    .await;
    let path = format!(
        "/api/v1/notifications/{}/read",
        body["items"][0]["id"].as_str().unwrap()
    );

    assert_eq!(feed(&app, &stranger.access_token).await["total"], 0);
    let response = app.post_as(&stranger.access_token, &path, &json!({})).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "not_found");
    assert_eq!(feed(&app, &owner.access_token).await["unread"], 1);

    let response = app.get_as("not-a-token", "/api/v1/notifications").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_handoff_reaches_every_member_who_answers_customers() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.test", "Glow Beauty").await;
    let agent = app.join_as(&owner, "bea@glow.test", "agent").await;
    let viewer = app.join_as(&owner, "val@glow.test", "viewer").await;
    let conversation_id = uuid::Uuid::now_v7();
    app.events
        .publish(DomainEvent::HandoffRequested {
            workspace_id: WorkspaceId::from_str(&owner.workspace_id).unwrap(),
            conversation_id,
            reason: "customer_request".to_owned(),
        })
        .await
        .unwrap();

    for token in [&owner.access_token, &agent] {
        let body = eventually(|| {
            let app = &app;
            let token = token.clone();
            async move {
                let body = feed(app, &token).await;
                (body["total"] == 1).then_some(body)
            }
        })
        .await;
        let item = &body["items"][0];
        assert_eq!(item["kind"], "handoff_requested");
        assert_eq!(item["priority"], "high");
        assert_eq!(item["link"], format!("/conversations/{conversation_id}"));
        assert!(
            item["body"]
                .as_str()
                .unwrap()
                .contains("the customer asked for a person"),
            "{item}"
        );
    }
    let email = eventually(|| {
        let found = app
            .emails()
            .into_iter()
            .find(|e| e.contains("To: bea@glow.test") && e.contains("needs a person"));
        async move { found }
    })
    .await;
    assert!(
        email.contains(&format!("/conversations/{conversation_id}")),
        "{email}"
    );
    // A viewer cannot answer customers, so is not told.
    assert_eq!(feed(&app, &viewer).await["total"], 0);
}
