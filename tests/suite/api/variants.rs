//! `/products/{id}/variants`: list, add, read, change, remove; unique names, prices that
//! stay above zero, and variants that only exist under their own product.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{get_json, glow_serum, id, invalid_fields, quick_product};

/// Variant CRUD with prices from the catalog.
pub async fn variant_crud(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let serum = glow_serum(app, &owner).await;
    let variants = format!("/api/v1/products/{}/variants", id(&serum));

    let page = get_json(app, token, &variants).await;
    assert_eq!(page["total"], 2);
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["30ml", "50ml"], "in the seller's order");

    let response = app
        .post_as(
            token,
            &variants,
            &json!({"type": "colour", "name": "Rosé", "price_modifier": "-5,50", "stock": 7}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let rose: Value = response.json().await.unwrap();
    assert_eq!(rose["type"], "color");
    assert_eq!(rose["name"], "Rosé");
    assert_eq!(rose["price_modifier"]["amount"], "-5.50");
    assert_eq!(rose["price"]["base"]["amount"], "39.50");
    assert_eq!(rose["price"]["effective"]["amount"], "39.50");
    assert_eq!(rose["stock"], 7);
    assert_eq!(rose["available"], true);
    assert_eq!(rose["offered"], true);
    let rose_path = format!("{variants}/{}", id(&rose));
    assert_eq!(get_json(app, token, &rose_path).await, rose);

    let response = app
        .post_as(token, &variants, &json!({"name": "Sample"}))
        .await;
    let sample: Value = response.json().await.unwrap();
    assert_eq!(sample["type"], "custom", "the default type");
    assert_eq!(sample["price_modifier"]["amount"], "0.00");

    let response = app
        .patch_as(
            token,
            &rose_path,
            &json!({"name": "Rose Gold", "price_modifier": "2", "available": false}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let patched: Value = response.json().await.unwrap();
    assert_eq!(patched["name"], "Rose Gold");
    assert_eq!(patched["price"]["effective"]["amount"], "47.00");
    assert_eq!(patched["available"], false);
    assert_eq!(patched["offered"], false);
    assert_eq!(patched["stock"], 7, "fields not sent stay");
    let patched: Value = app
        .patch_as(token, &rose_path, &json!({"stock": null}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(patched["stock"], Value::Null);

    let response = app.delete_as(token, &rose_path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.get_as(token, &rose_path).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "variant_not_found");
    let response = app.delete_as(token, &rose_path).await;
    assert_eq!(error_code(response).await, "variant_not_found");
    let product = get_json(app, token, &format!("/api/v1/products/{}", id(&serum))).await;
    let names: Vec<&str> = product["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["30ml", "50ml", "Sample"]);
}

#[tokio::test]
async fn variants_are_listed_added_read_changed_and_removed() {
    variant_crud(&spawn_app().await).await;
}

/// Duplicate names and prices that would drop to zero or below are refused.
pub async fn variant_rules(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let serum = glow_serum(app, &owner).await;
    let variants = format!("/api/v1/products/{}/variants", id(&serum));
    let fifty = format!("{variants}/{}", id(&serum["variants"][1]));

    let response = app
        .post_as(token, &variants, &json!({"name": " 50ML "}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "duplicate_variant");
    assert!(body["error"]["message"].as_str().unwrap().contains("50ML"));
    let response = app.patch_as(token, &fifty, &json!({"name": "30 ml"})).await;
    assert_eq!(response.status(), StatusCode::OK, "'30 ml' is not '30ml'");
    let response = app.patch_as(token, &fifty, &json!({"name": "30ML"})).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "duplicate_variant");

    // 45.00 - 45.00 = 0: refused; -44.99 leaves one cent.
    let response = app
        .post_as(
            token,
            &variants,
            &json!({"name": "Free", "price_modifier": "-45"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "variant_price_not_positive");
    assert_eq!(body["error"]["details"]["variant"], "Free");
    let response = app
        .post_as(
            token,
            &variants,
            &json!({"name": "Tester", "price_modifier": "-44.99"}),
        )
        .await;
    let tester: Value = response.json().await.unwrap();
    assert_eq!(tester["price"]["effective"]["amount"], "0.01");
    let response = app
        .patch_as(token, &fifty, &json!({"price_modifier": "-100"}))
        .await;
    assert_eq!(error_code(response).await, "variant_price_not_positive");
    let unchanged = get_json(app, token, &fifty).await;
    assert_eq!(unchanged["price_modifier"]["amount"], "10.00");

    let fields = invalid_fields(
        app.post_as(
            token,
            &variants,
            &json!({"type": "flavour", "price_modifier": "ten", "stock": -2}),
        )
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [
            ("type".to_owned(), "unknown_variant_type".to_owned()),
            ("name".to_owned(), "missing".to_owned()),
            ("price_modifier".to_owned(), "not_a_number".to_owned()),
            ("stock".to_owned(), "negative_stock".to_owned()),
        ]
    );
    let fields = invalid_fields(
        app.patch_as(
            token,
            &fifty,
            &json!({"name": "", "price_modifier": "0.001"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [
            ("name".to_owned(), "missing".to_owned()),
            ("price_modifier".to_owned(), "too_precise".to_owned()),
        ]
    );

    let many = (0..97).map(|i| json!({"name": format!("Shade {i}")}));
    for body in many {
        let response = app.post_as(token, &variants, &body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let response = app
        .post_as(token, &variants, &json!({"name": "One too many"}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "too_many_variants");
    let page = get_json(app, token, &format!("{variants}?per_page=100")).await;
    assert_eq!(page["total"], 100);
}

#[tokio::test]
async fn duplicate_names_and_prices_at_or_below_zero_are_refused() {
    variant_rules(&spawn_app().await).await;
}

#[tokio::test]
async fn a_variant_is_only_reachable_under_its_own_product() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let serum = glow_serum(&app, &owner).await;
    let toner = quick_product(&app, token, "Toner", "20").await;
    let thirty = id(&serum["variants"][0]);
    let wrong = format!("/api/v1/products/{}/variants/{thirty}", id(&toner));
    for response in [
        app.get_as(token, &wrong).await,
        app.patch_as(token, &wrong, &json!({"name": "Moved"})).await,
        app.delete_as(token, &wrong).await,
    ] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_code(response).await, "variant_not_found");
    }
    let right = get_json(
        &app,
        token,
        &format!("/api/v1/products/{}/variants/{thirty}", id(&serum)),
    )
    .await;
    assert_eq!(right["name"], "30ml", "untouched");

    let response = app
        .get_as(
            token,
            &format!("/api/v1/products/{}/variants/not-a-uuid", id(&serum)),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    app.delete_as(token, &format!("/api/v1/products/{}", id(&serum)))
        .await;
    let response = app
        .get_as(token, &format!("/api/v1/products/{}/variants", id(&serum)))
        .await;
    assert_eq!(
        error_code(response).await,
        "product_not_found",
        "a deleted product's variants are gone too"
    );
}
