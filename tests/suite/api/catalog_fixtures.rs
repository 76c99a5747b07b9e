//! Helpers the catalog API tests share: quick products, reading prices, events.

use std::time::Duration;

use chatdesk_tests::app::{Owner, TestApp};
use kernel::DomainEvent;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::broadcast::Receiver;

/// Creates a product as `token` and returns its JSON, failing the test on anything but 201.
pub async fn create_product(app: &TestApp, token: &str, body: Value) -> Value {
    let response = app.post_as(token, "/api/v1/products", &body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// A product with just a name and a price.
pub async fn quick_product(app: &TestApp, token: &str, name: &str, price: &str) -> Value {
    create_product(app, token, json!({"name": name, "price": price})).await
}

/// The Glow Serum of the examples: 45.00 EUR, sizes 30ml (+0) and 50ml (+10).
pub async fn glow_serum(app: &TestApp, owner: &Owner) -> Value {
    create_product(
        app,
        &owner.access_token,
        json!({
            "name": "Glow Serum", "price": "45.00", "sku": "GS-1",
            "variants": [
                {"type": "size", "name": "30ml", "price_modifier": "0"},
                {"type": "size", "name": "50ml", "price_modifier": "10.00"}
            ]
        }),
    )
    .await
}

pub async fn get_json(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app.get_as(token, path).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
    body
}

pub fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

/// The `details.fields[].field` names of a 422.
pub async fn invalid_fields(response: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed", "{body}");
    body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The next event on the bus. The server publishes before it answers, so after a
/// response the event is already there; the timeout only guards against a hang.
pub async fn next_event(events: &mut Receiver<DomainEvent>) -> DomainEvent {
    tokio::time::timeout(Duration::from_secs(5), events.recv())
        .await
        .expect("an event within 5 s")
        .expect("an event, not a lag")
}

/// Every event already published, without waiting.
pub fn drain(events: &mut Receiver<DomainEvent>) -> Vec<DomainEvent> {
    let mut seen = Vec::new();
    while let Ok(event) = events.try_recv() {
        seen.push(event);
    }
    seen
}
