//! `/categories`: a tree one level deep, unique names per level, moves, deletes that
//! uncategorise products, tenancy and permissions.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{create_product, get_json, id, invalid_fields};

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let response = app.post_as(token, "/api/v1/categories", &body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// Create, nest one level, list as a tree, rename and move.
pub async fn category_tree(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let skincare = create(app, token, json!({"name": "Skincare"})).await;
    assert_eq!(skincare["parent_id"], Value::Null);
    assert_eq!(skincare["path"], "Skincare");
    let serums = create(
        app,
        token,
        json!({"name": "Serums", "parent_id": id(&skincare)}),
    )
    .await;
    assert_eq!(serums["parent_id"], id(&skincare).as_str());
    assert_eq!(serums["path"], "Skincare > Serums");
    let makeup = create(app, token, json!({"name": "Makeup"})).await;
    create(
        app,
        token,
        json!({"name": "Creams", "parent_id": id(&skincare)}),
    )
    .await;
    // The same name under another parent is another category.
    create(
        app,
        token,
        json!({"name": "Serums", "parent_id": id(&makeup)}),
    )
    .await;

    let page = get_json(app, token, "/api/v1/categories").await;
    let paths: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "Makeup",
            "Makeup > Serums",
            "Skincare",
            "Skincare > Creams",
            "Skincare > Serums"
        ],
        "parents before their children, each level A to Z"
    );
    assert_eq!(page["total"], 5);
    let second = get_json(app, token, "/api/v1/categories?per_page=2&page=2").await;
    assert_eq!(second["items"][0]["path"], "Skincare");
    assert_eq!(second["total_pages"], 3);
    let fetched = get_json(app, token, &format!("/api/v1/categories/{}", id(&serums))).await;
    assert_eq!(fetched, serums);

    let response = app
        .post_as(
            token,
            "/api/v1/categories",
            &json!({"name": "Vitamin C", "parent_id": id(&serums)}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "category_too_deep");
    let response = app
        .post_as(
            token,
            "/api/v1/categories",
            &json!({"name": " SERUMS ", "parent_id": id(&skincare)}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "duplicate_category");
    let response = app
        .post_as(token, "/api/v1/categories", &json!({"name": "skincare"}))
        .await;
    assert_eq!(error_code(response).await, "duplicate_category");
    let response = app
        .post_as(
            token,
            "/api/v1/categories",
            &json!({"name": "Lips", "parent_id": uuid::Uuid::now_v7()}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "parent_category_not_found");
    let fields = invalid_fields(
        app.post_as(
            token,
            "/api/v1/categories",
            &json!({"name": "Face > Serums"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [("name".to_owned(), "invalid_character".to_owned())]
    );
    let fields = invalid_fields(app.post_as(token, "/api/v1/categories", &json!({})).await).await;
    assert_eq!(fields, [("name".to_owned(), "missing".to_owned())]);

    let path = format!("/api/v1/categories/{}", id(&serums));
    let renamed: Value = app
        .patch_as(token, &path, &json!({"name": "Face Serums"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["path"], "Skincare > Face Serums");
    let moved: Value = app
        .patch_as(token, &path, &json!({"parent_id": null}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["parent_id"], Value::Null);
    assert_eq!(moved["path"], "Face Serums");
    let moved: Value = app
        .patch_as(token, &path, &json!({"parent_id": id(&makeup)}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["path"], "Makeup > Face Serums");

    let skincare_path = format!("/api/v1/categories/{}", id(&skincare));
    let response = app
        .patch_as(token, &skincare_path, &json!({"parent_id": id(&makeup)}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "category_has_subcategories");
    let response = app
        .patch_as(token, &skincare_path, &json!({"parent_id": id(&skincare)}))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "category_own_parent");
    let response = app
        .patch_as(token, &skincare_path, &json!({"name": "Makeup"}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "duplicate_category");
    assert_eq!(
        get_json(app, token, &skincare_path).await["name"],
        "Skincare"
    );
}

#[tokio::test]
async fn categories_nest_one_level_and_are_listed_as_a_tree() {
    category_tree(&spawn_app().await).await;
}

/// Deleting uncategorises products and is refused while children or offers depend on it.
pub async fn category_delete(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let skincare = create(app, token, json!({"name": "Skincare"})).await;
    let serums = create(
        app,
        token,
        json!({"name": "Serums", "parent_id": id(&skincare)}),
    )
    .await;
    let product = create_product(
        app,
        token,
        json!({"name": "Glow Serum", "price": "45", "category_id": id(&serums)}),
    )
    .await;
    let skincare_path = format!("/api/v1/categories/{}", id(&skincare));
    let serums_path = format!("/api/v1/categories/{}", id(&serums));

    let response = app.delete_as(token, &skincare_path).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "category_has_subcategories");

    let offer: Value = app
        .post_as(
            token,
            "/api/v1/offers",
            &json!({
                "name": "Serum week", "discount": {"type": "percentage", "percent": "10"},
                "target": {"type": "category", "category_id": id(&serums)},
                "starts_at": "2020-01-01T00:00:00Z", "ends_at": "2099-01-01T00:00:00Z"
            }),
        )
        .await
        .json()
        .await
        .unwrap();
    let response = app.delete_as(token, &serums_path).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "category_targeted_by_offers");
    app.delete_as(token, &format!("/api/v1/offers/{}", id(&offer)))
        .await;

    let mut events = app.events.subscribe();
    let response = app.delete_as(token, &serums_path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let product = get_json(app, token, &format!("/api/v1/products/{}", id(&product))).await;
    assert_eq!(
        product["category_id"],
        Value::Null,
        "uncategorised, still for sale"
    );
    assert_eq!(product["offered"], true);
    let event = events.try_recv().unwrap();
    assert_eq!(
        event.name(),
        "product_changed",
        "its products are announced as changed"
    );

    let response = app.get_as(token, &serums_path).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "category_not_found");
    let response = app.delete_as(token, &serums_path).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app.delete_as(token, &skincare_path).await;
    assert_eq!(
        response.status(),
        StatusCode::NO_CONTENT,
        "no subcategory left"
    );
    assert_eq!(get_json(app, token, "/api/v1/categories").await["total"], 0);
}

#[tokio::test]
async fn deleting_a_category_uncategorises_its_products_unless_something_depends_on_it() {
    category_delete(&spawn_app().await).await;
}

#[tokio::test]
async fn another_workspaces_categories_are_not_found_and_viewers_cannot_edit() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let intruder = app.register("luca@shop.it", "Luca Shop").await;
    let viewer = app.join_as(&owner, "vera@glow.it", "viewer").await;
    let skincare = create(&app, &owner.access_token, json!({"name": "Skincare"})).await;
    let path = format!("/api/v1/categories/{}", id(&skincare));
    let token = &intruder.access_token;
    for response in [
        app.get_as(token, &path).await,
        app.patch_as(token, &path, &json!({"name": "Mine"})).await,
        app.delete_as(token, &path).await,
    ] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_code(response).await, "category_not_found");
    }
    let response = app
        .post_as(
            token,
            "/api/v1/categories",
            &json!({"name": "Serums", "parent_id": id(&skincare)}),
        )
        .await;
    assert_eq!(error_code(response).await, "parent_category_not_found");
    assert_eq!(
        get_json(&app, token, "/api/v1/categories").await["total"],
        0
    );
    create(&app, token, json!({"name": "Skincare"})).await;

    assert_eq!(get_json(&app, &viewer, &path).await["name"], "Skincare");
    for response in [
        app.post_as(&viewer, "/api/v1/categories", &json!({"name": "Lips"}))
            .await,
        app.patch_as(&viewer, &path, &json!({"name": "Mine"})).await,
        app.delete_as(&viewer, &path).await,
    ] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let agent = app.join_as(&owner, "aldo@glow.it", "agent").await;
    create(&app, &agent, json!({"name": "Lips"})).await;
}
