//! `/knowledge/test` and `/knowledge/gaps`, and the index following the catalog:
//! a product edited through the catalog API is found within a second, a deleted one
//! is gone when the delete returns.

use std::time::{Duration, Instant};

use chatdesk_tests::app::{Owner, TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{create_product, id, invalid_fields};

const TEST: &str = "/api/v1/knowledge/test";

/// Within a second of a catalog change, the first hit for `query` satisfies `check`.
/// Polls with a deadline: indexing runs in the job runner, whose poll interval is
/// 100 ms, so the answer is there well before the deadline unless indexing is broken.
async fn within_a_second(
    app: &TestApp,
    token: &str,
    query: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let found = app.knowledge_test(token, query, 5).await;
        if check(&found) {
            return found;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "'{query}' not as expected within a second: {found}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn first_id(found: &Value) -> Option<&str> {
    found["results"][0]["source_id"].as_str()
}

async fn serum(app: &TestApp, owner: &Owner) -> Value {
    create_product(
        app,
        &owner.access_token,
        json!({
            "name": "Glow Serum", "price": "45.00", "sku": "GS-30",
            "description": "Siero alla vitamina C per una pelle luminosa.",
            "variants": [
                {"type": "size", "name": "30ml", "price_modifier": "0"},
                {"type": "size", "name": "50ml", "price_modifier": "10.00"}
            ]
        }),
    )
    .await
}

pub async fn products_follow_the_catalog(app: &TestApp) {
    let owner = app.register("index@example.com", "Glow Beauty").await;
    let token = &owner.access_token;
    let product = serum(app, &owner).await;
    let product_id = id(&product);
    create_product(
        app,
        token,
        json!({"name": "Velvet Lipstick", "price": "19.90", "description": "Rossetto opaco a lunga tenuta."}),
    )
    .await;

    let found = within_a_second(app, token, "glow serum 50ml", |f| {
        first_id(f) == Some(&product_id)
    })
    .await;
    let hit = &found["results"][0];
    assert_eq!(hit["source_type"], "product");
    assert_eq!(hit["exact"], "name");
    assert!(
        hit["text"].as_str().unwrap().contains("50ml (55.00 EUR)"),
        "{hit}"
    );
    assert_eq!(hit["metadata"]["price"], "45.00 EUR");
    let by_sku = app.knowledge_test(token, "do you have GS-30?", 3).await;
    assert_eq!(first_id(&by_sku), Some(product_id.as_str()));
    assert_eq!(by_sku["results"][0]["exact"], "sku");

    // An edit through the catalog API is searchable within a second.
    let response = app
        .patch_as(
            token,
            &format!("/api/v1/products/{product_id}"),
            &json!({"name": "Radiance Serum", "price": "39.90"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let found = within_a_second(app, token, "radiance serum", |f| {
        first_id(f) == Some(&product_id) && f["results"][0]["metadata"]["price"] == "39.90 EUR"
    })
    .await;
    assert!(
        found["results"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Radiance Serum")
    );

    // Switched off: out of results within a second; back on: back in.
    app.patch_as(
        token,
        &format!("/api/v1/products/{product_id}"),
        &json!({"available": false}),
    )
    .await;
    within_a_second(app, token, "radiance serum", |f| {
        f["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["source_id"] != product_id.as_str())
    })
    .await;
    app.patch_as(
        token,
        &format!("/api/v1/products/{product_id}"),
        &json!({"available": true}),
    )
    .await;
    within_a_second(app, token, "radiance serum", |f| {
        first_id(f) == Some(&product_id)
    })
    .await;

    // Deleted: gone when the delete returns, not a moment later.
    let response = app
        .delete_as(token, &format!("/api/v1/products/{product_id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let found = app.knowledge_test(token, "radiance serum GS-30", 10).await;
    assert!(
        found["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["source_id"] != product_id.as_str()),
        "{found}"
    );
    // And it stays gone once the indexing queue has drained.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let found = app.knowledge_test(token, "radiance serum GS-30", 10).await;
    assert!(
        found["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["source_id"] != product_id.as_str())
    );

    let stranger = app
        .register("index-stranger@example.com", "Other Shop")
        .await;
    let found = app
        .knowledge_test(&stranger.access_token, "velvet lipstick", 10)
        .await;
    assert_eq!(
        found["results"],
        json!([]),
        "another workspace's products never appear"
    );
}

#[tokio::test]
async fn the_index_follows_catalog_edits_within_a_second_and_deletes_at_once() {
    products_follow_the_catalog(&spawn_app().await).await;
}

#[tokio::test]
async fn bad_test_queries_are_refused_precisely() {
    let app = spawn_app().await;
    let owner = app.register("queries@example.com", "Glow Beauty").await;
    let token = &owner.access_token;
    for (body, field) in [
        (json!({"query": "   ", "top_k": 5}), "query"),
        (json!({"top_k": 5}), "query"),
        (json!({"query": "x".repeat(501)}), "query"),
        (json!({"query": "serum", "top_k": 0}), "top_k"),
        (json!({"query": "serum", "top_k": 10_000}), "top_k"),
        (json!({"query": "serum", "top_k": -1}), "top_k"),
    ] {
        let response = app.post_as(token, TEST, &body).await;
        let fields = invalid_fields(response).await;
        assert_eq!(fields[0].0, field, "{body}");
    }
    let response = app
        .post_as(token, TEST, &json!({"query": "serum", "top_k": "five"}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .post_as(token, TEST, &json!({"query": "serum", "top_k": 50}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .post_body_as(token, TEST, "application/json", "{\"query\":")
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = app.post(TEST, &json!({"query": "serum"})).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

pub async fn gaps_group_weak_queries(app: &TestApp) {
    let owner = app.register("gaps@example.com", "Glow Beauty").await;
    let token = &owner.access_token;
    app.post_as(
        token,
        "/api/v1/knowledge/faqs",
        &json!({"question": "What is your refund policy?", "answer": "30 days, unopened."}),
    )
    .await;
    for query in [
        "what is your refund policy",
        "do you offer gift wrapping",
        "gift wrapping for christmas?",
        "gift wraping available",
        "vegan certificate",
    ] {
        app.knowledge_test(token, query, 5).await;
    }
    let response = app.get_as(token, "/api/v1/knowledge/gaps?period=30d").await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    let gaps = report["gaps"].as_array().unwrap();
    assert!(
        gaps[0]["pattern"]
            .as_str()
            .unwrap()
            .starts_with("gift wrap"),
        "{report}"
    );
    assert_eq!(gaps[0]["count"], 3);
    assert_eq!(gaps[0]["samples"].as_array().unwrap().len(), 3);
    assert!(
        gaps.iter().all(|g| g["pattern"] != "refund policy"),
        "a well answered query is no gap: {report}"
    );
    assert!(
        report["period"]["start"].as_str().unwrap() < report["period"]["end"].as_str().unwrap()
    );

    let other = app.register("gaps-other@example.com", "Other Shop").await;
    let theirs: Value = app
        .get_as(&other.access_token, "/api/v1/knowledge/gaps")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["gaps"], json!([]), "gaps are per workspace");

    for bad in ["30", "0d", "400d", "soon"] {
        let response = app
            .get_as(token, &format!("/api/v1/knowledge/gaps?period={bad}"))
            .await;
        let fields = invalid_fields(response).await;
        assert_eq!(fields[0].0, "period", "{bad}");
    }
}

#[tokio::test]
async fn gaps_group_weak_queries_per_workspace() {
    gaps_group_weak_queries(&spawn_app().await).await;
}
