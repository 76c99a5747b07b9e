//! `/products`: create with variants, read with prices, filters, sort, pagination, patch,
//! soft and hard delete, restore, bulk, price quotes, permissions, tenancy and events.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use kernel::DomainEvent;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{
    create_product, drain, get_json, glow_serum, id, invalid_fields, next_event, quick_product,
};

/// Create with variants in one request, then read it back with prices everywhere.
pub async fn create_with_variants_and_read_back(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let created = create_product(
        app,
        token,
        json!({
            "name": "Glow Serum", "price": "45", "currency": "eur", "sku": "gs-1",
            "description": "Vitamin C serum.\nApply at night.",
            "images": ["https://cdn.glow.example/serum.jpg"],
            "stock": 12, "tags": ["Vegan", "bestseller"],
            "variants": [
                {"type": "size", "name": "30ml"},
                {"type": "size", "name": "50ml", "price_modifier": "10.5", "stock": 3}
            ]
        }),
    )
    .await;
    assert_eq!(created["name"], "Glow Serum");
    assert_eq!(created["sku"], "GS-1", "SKUs are stored upper-case");
    assert_eq!(
        created["list_price"],
        json!({"amount": "45.00", "currency": "EUR"})
    );
    assert_eq!(created["price"]["base"]["amount"], "45.00");
    assert_eq!(created["price"]["effective"]["amount"], "45.00");
    assert_eq!(created["price"]["offer"], Value::Null);
    assert_eq!(created["stock"], 12);
    assert_eq!(created["tags"], json!(["vegan", "bestseller"]));
    assert_eq!(created["available"], true);
    assert_eq!(created["offered"], true);
    let variants = created["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 2);
    assert_eq!(variants[0]["name"], "30ml");
    assert_eq!(variants[0]["type"], "size");
    assert_eq!(variants[0]["price_modifier"]["amount"], "0.00");
    assert_eq!(variants[0]["stock"], Value::Null, "not counted");
    assert_eq!(variants[1]["price_modifier"]["amount"], "10.50");
    assert_eq!(variants[1]["price"]["effective"]["amount"], "55.50");
    assert_eq!(variants[1]["stock"], 3);

    let product_id = id(&created);
    let fetched = get_json(app, token, &format!("/api/v1/products/{product_id}")).await;
    assert_eq!(fetched, created);
    let page = get_json(app, token, "/api/v1/products").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0], created);
}

#[tokio::test]
async fn a_product_is_created_with_its_variants_and_read_back_with_prices() {
    create_with_variants_and_read_back(&spawn_app().await).await;
}

/// Every kind of bad input gets a precise 4xx and leaves the catalog empty.
pub async fn bad_input_is_refused_precisely(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let post = |body: Value| async move { app.post_as(token, "/api/v1/products", &body).await };

    let fields = invalid_fields(post(json!({"description": "no name, no price"})).await).await;
    assert_eq!(
        fields,
        [
            ("name".to_owned(), "missing".to_owned()),
            ("price".to_owned(), "missing".to_owned())
        ],
        "one 422 names every invalid field"
    );
    for (price, code) in [
        ("abc", "not_a_number"),
        ("45 EUR", "not_a_number"),
        ("0", "not_positive"),
        ("0.00", "not_positive"),
        ("-5", "not_positive"),
        ("19.999", "too_precise"),
        ("", "missing"),
    ] {
        let fields =
            invalid_fields(post(json!({"name": "Glow Serum", "price": price})).await).await;
        assert_eq!(fields, [("price".to_owned(), code.to_owned())], "{price}");
    }
    let response = post(json!({"name": "Glow Serum", "price": 45.5})).await;
    let fields = invalid_fields(response).await;
    assert_eq!(
        fields[0].0, "price",
        "a JSON number is not a decimal string"
    );

    let fields =
        invalid_fields(post(json!({"name": "Glow Serum", "price": "45", "currency": "XYZ"})).await)
            .await;
    assert_eq!(
        fields,
        [("currency".to_owned(), "unknown_currency".to_owned())]
    );
    let response = post(json!({"name": "Glow Serum", "price": "45", "currency": "USD"})).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "currency_mismatch");
    assert_eq!(body["error"]["details"]["expected"], "EUR");
    assert_eq!(body["error"]["details"]["found"], "USD");

    let response = post(json!({
        "name": "Glow Serum", "price": "45",
        "variants": [{"name": "Rose Gold"}, {"name": "rose  GOLD"}]
    }))
    .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "duplicate_variant");
    assert_eq!(body["error"]["details"]["variant"], "rose  GOLD");

    let response = post(json!({
        "name": "Mini Lipstick", "price": "10",
        "variants": [{"name": "Sample", "price_modifier": "-10"}]
    }))
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "variant_price_not_positive");
    assert_eq!(body["error"]["details"]["variant"], "Sample");

    let fields = invalid_fields(
        post(json!({
            "name": "Gl", "price": "10", "sku": "GS 1", "stock": -1,
            "images": ["https://ok.example/a.jpg", "javascript:alert(1)"],
            "tags": ["ok", "a,b"],
            "variants": [{"name": "A"}, {"type": "flavour", "name": "", "price_modifier": "ten"}]
        }))
        .await,
    )
    .await;
    let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        named,
        [
            "name",
            "sku",
            "images[1]",
            "stock",
            "tags",
            "variants[1].type",
            "variants[1].name",
            "variants[1].price_modifier"
        ]
    );
    assert!(fields.contains(&("stock".to_owned(), "negative_stock".to_owned())));
    assert!(fields.contains(&(
        "variants[1].type".to_owned(),
        "unknown_variant_type".to_owned()
    )));

    let response = post(json!({"name": "Glow Serum", "price": "45", "prize": "1"})).await;
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "typos are not ignored"
    );

    let page = get_json(app, token, "/api/v1/products").await;
    assert_eq!(page["total"], 0, "nothing was written");
}

#[tokio::test]
async fn bad_input_is_refused_precisely_and_writes_nothing() {
    bad_input_is_refused_precisely(&spawn_app().await).await;
}

#[tokio::test]
async fn vietnamese_and_italian_names_round_trip_and_are_searchable() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    for (name, price) in [
        ("Sữa rửa mặt trà xanh", "35"),
        ("Crema all'acqua di rose", "24,90"),
    ] {
        let response = app
            .post_as(
                token,
                "/api/v1/products",
                &json!({"name": name, "price": price}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let product: Value = response.json().await.unwrap();
        assert_eq!(product["name"], name);
        let fetched = get_json(&app, token, &format!("/api/v1/products/{}", id(&product))).await;
        assert_eq!(fetched["name"], name);
    }
    let found = get_json(&app, token, "/api/v1/products?q=TR%C3%80%20XANH").await;
    assert_eq!(found["total"], 1, "search ignores case in any script");
    assert_eq!(found["items"][0]["name"], "Sữa rửa mặt trà xanh");
    let found = get_json(&app, token, "/api/v1/products?q=all%27acqua").await;
    assert_eq!(found["items"][0]["list_price"]["amount"], "24.90");
    let fields = invalid_fields(
        app.post_as(
            token,
            "/api/v1/products",
            &json!({"name": "Sữ", "price": "1"}),
        )
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [("name".to_owned(), "too_short".to_owned())],
        "3 characters as a person counts them, not bytes"
    );
}

/// Filters, sort orders and pagination of the list.
pub async fn list_filters_sorts_and_pages(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let skincare: Value = app
        .post_as(token, "/api/v1/categories", &json!({"name": "Skincare"}))
        .await
        .json()
        .await
        .unwrap();
    let serums: Value = app
        .post_as(
            token,
            "/api/v1/categories",
            &json!({"name": "Serums", "parent_id": id(&skincare)}),
        )
        .await
        .json()
        .await
        .unwrap();
    let supplier: Value = app
        .post_as(token, "/api/v1/suppliers", &json!({"name": "Bianchi"}))
        .await
        .json()
        .await
        .unwrap();
    create_product(app, token, json!({"name": "Cleanser", "price": "12.50", "category_id": id(&skincare), "tags": ["vegan"]})).await;
    create_product(app, token, json!({"name": "Acid Toner", "price": "30", "category_id": id(&serums), "supplier_id": id(&supplier)})).await;
    create_product(
        app,
        token,
        json!({"name": "Balm", "price": "8", "available": false, "sku": "BALM-1"}),
    )
    .await;
    create_product(app, token, json!({"name": "Day Cream", "price": "55"})).await;

    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let list = |query: &str| {
        let path = format!("/api/v1/products{query}");
        async move { get_json(app, token, &path).await }
    };
    assert_eq!(
        names(&list("").await),
        ["Day Cream", "Balm", "Acid Toner", "Cleanser"],
        "newest first by default"
    );
    assert_eq!(
        names(&list("?sort=created_at").await),
        ["Cleanser", "Acid Toner", "Balm", "Day Cream"]
    );
    assert_eq!(
        names(&list("?sort=name").await),
        ["Acid Toner", "Balm", "Cleanser", "Day Cream"]
    );
    assert_eq!(
        names(&list("?sort=-name").await),
        ["Day Cream", "Cleanser", "Balm", "Acid Toner"]
    );
    assert_eq!(
        names(&list("?sort=price").await),
        ["Balm", "Cleanser", "Acid Toner", "Day Cream"]
    );
    assert_eq!(
        names(&list("?sort=-price").await),
        ["Day Cream", "Acid Toner", "Cleanser", "Balm"]
    );

    assert_eq!(names(&list("?q=CREAM").await), ["Day Cream"]);
    assert_eq!(names(&list("?q=balm-1").await), ["Balm"], "q matches SKUs");
    assert_eq!(
        names(&list("?q=VEGAN").await),
        ["Cleanser"],
        "q matches tags"
    );
    assert_eq!(names(&list("?tag=vegan").await), ["Cleanser"]);
    assert_eq!(
        names(&list(&format!("?category={}&sort=name", id(&skincare))).await),
        ["Acid Toner", "Cleanser"],
        "a category includes its subcategories"
    );
    assert_eq!(
        names(&list(&format!("?category={}", id(&serums))).await),
        ["Acid Toner"]
    );
    assert_eq!(
        names(&list(&format!("?supplier_id={}", id(&supplier))).await),
        ["Acid Toner"]
    );
    assert_eq!(names(&list("?available=false").await), ["Balm"]);
    assert_eq!(list("?available=true").await["total"], 3);
    assert_eq!(
        names(&list("?min_price=12.5&max_price=30&sort=price").await),
        ["Cleanser", "Acid Toner"]
    );
    assert_eq!(
        names(&list("?min_price=30,00&sort=price").await),
        ["Acid Toner", "Day Cream"]
    );
    assert_eq!(names(&list("?max_price=8").await), ["Balm"]);

    let page = list("?sort=name&per_page=3&page=2").await;
    assert_eq!(names(&page), ["Day Cream"]);
    assert_eq!(page["total"], 4);
    assert_eq!(page["page"], 2);
    assert_eq!(page["per_page"], 3);
    assert_eq!(page["total_pages"], 2);
    assert_eq!(list("?page=3&per_page=3").await["items"], json!([]));

    for (query, field) in [
        ("?sort=stock", "sort"),
        ("?sort=-", "sort"),
        ("?min_price=abc", "min_price"),
        ("?min_price=50&max_price=10", "min_price"),
        ("?max_price=-1", "max_price"),
        ("?per_page=101", "per_page"),
        ("?page=0", "page"),
    ] {
        let response = app.get_as(token, &format!("/api/v1/products{query}")).await;
        let fields = invalid_fields(response).await;
        assert_eq!(fields[0].0, field, "{query}");
    }
    let response = app.get_as(token, "/api/v1/products?available=maybe").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .get_as(token, "/api/v1/products?category=not-a-uuid")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages() {
    list_filters_sorts_and_pages(&spawn_app().await).await;
}

/// Patch changes only what is sent; a refused patch changes nothing.
pub async fn patch_changes_only_what_is_sent(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let serum = glow_serum(app, &owner).await;
    let path = format!("/api/v1/products/{}", id(&serum));
    let category: Value = app
        .post_as(token, "/api/v1/categories", &json!({"name": "Serums"}))
        .await
        .json()
        .await
        .unwrap();

    let response = app
        .patch_as(
            token,
            &path,
            &json!({"price": "39.90", "stock": 4, "category_id": id(&category), "name": "Glow Serum C"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let patched: Value = response.json().await.unwrap();
    assert_eq!(patched["name"], "Glow Serum C");
    assert_eq!(patched["list_price"]["amount"], "39.90");
    assert_eq!(
        patched["variants"][1]["price"]["effective"]["amount"],
        "49.90"
    );
    assert_eq!(patched["stock"], 4);
    assert_eq!(patched["category_id"], id(&category).as_str());
    assert_eq!(patched["sku"], "GS-1", "fields not sent stay");
    assert_eq!(patched["variants"].as_array().unwrap().len(), 2);

    let cleared: Value = app
        .patch_as(
            token,
            &path,
            &json!({"stock": null, "category_id": null, "sku": null}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["stock"], Value::Null);
    assert_eq!(cleared["category_id"], Value::Null);
    assert_eq!(cleared["sku"], Value::Null);

    app.patch_as(token, &path, &json!({"sku": "GS-1"})).await;
    let unchanged = get_json(app, token, &path).await;
    let response = app.patch_as(token, &path, &json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let same: Value = response.json().await.unwrap();
    assert_eq!(
        same["updated_at"], unchanged["updated_at"],
        "an empty patch changes nothing"
    );

    // 39.90 with a -40 variant would be free: refused, and the name change with it.
    let travel = app
        .post_as(
            token,
            &format!("{path}/variants"),
            &json!({"name": "Travel", "price_modifier": "-35"}),
        )
        .await;
    assert_eq!(travel.status(), StatusCode::CREATED);
    let response = app
        .patch_as(token, &path, &json!({"price": "35", "name": "Renamed"}))
        .await;
    assert_eq!(error_code(response).await, "variant_price_not_positive");
    let after = get_json(app, token, &path).await;
    assert_eq!(after["name"], "Glow Serum C");
    assert_eq!(after["list_price"]["amount"], "39.90");

    let fields = invalid_fields(
        app.patch_as(
            token,
            &path,
            &json!({"price": "free", "name": " ", "images": ["ftp://x"]}),
        )
        .await,
    )
    .await;
    let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(named, ["name", "price", "images[0]"]);
    let response = app.patch_as(token, &path, &json!({"variants": []})).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let other = quick_product(app, token, "Day Cream", "55").await;
    let response = app
        .patch_as(
            token,
            &format!("/api/v1/products/{}", id(&other)),
            &json!({"sku": "gs-1"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "duplicate_sku");
    let response = app
        .patch_as(token, &path, &json!({"category_id": uuid::Uuid::now_v7()}))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "category_not_found");
    let response = app
        .patch_as(token, &path, &json!({"supplier_id": uuid::Uuid::now_v7()}))
        .await;
    assert_eq!(error_code(response).await, "supplier_not_found");
}

#[tokio::test]
async fn patch_changes_only_what_is_sent_and_a_refused_patch_changes_nothing() {
    patch_changes_only_what_is_sent(&spawn_app().await).await;
}

/// Soft delete hides; restore brings back; hard delete erases.
pub async fn delete_soft_restore_and_hard(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let serum = glow_serum(app, &owner).await;
    let path = format!("/api/v1/products/{}", id(&serum));

    let response = app.delete_as(token, &path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.get_as(token, &path).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "product_not_found");
    assert_eq!(get_json(app, token, "/api/v1/products").await["total"], 0);
    let response = app.get_as(token, &format!("{path}/price")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app.delete_as(token, &path).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "already deleted");
    let response = app.patch_as(token, &path, &json!({"name": "Back"})).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The SKU of a hidden product is free for a new one; the hidden one then cannot
    // come back with it until the new one is gone.
    let replacement = create_product(
        app,
        token,
        json!({"name": "Replacement", "price": "10", "sku": "GS-1"}),
    )
    .await;
    let response = app
        .post_as(token, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "duplicate_sku");
    app.delete_as(token, &format!("/api/v1/products/{}", id(&replacement)))
        .await;
    let restored = app
        .post_as(token, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    let restored: Value = restored.json().await.unwrap();
    assert_eq!(restored["name"], "Glow Serum");
    assert_eq!(restored["variants"].as_array().unwrap().len(), 2);
    assert_eq!(get_json(app, token, "/api/v1/products").await["total"], 1);

    let response = app.delete_as(token, &format!("{path}?hard=true")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .post_as(token, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "erased for good");
}

#[tokio::test]
async fn soft_delete_hides_restore_brings_back_and_hard_delete_erases() {
    delete_soft_restore_and_hard(&spawn_app().await).await;
}

/// Bulk availability and delete with a result per id: own, unknown and foreign ids.
pub async fn bulk_reports_per_id(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let other = app.register("luca@shop.it", "Luca Shop").await;
    let token = &owner.access_token;
    let a = id(&quick_product(app, token, "Cleanser", "12").await);
    let b = id(&quick_product(app, token, "Toner", "20").await);
    let foreign = id(&quick_product(app, &other.access_token, "Luca Cream", "30").await);
    let unknown = uuid::Uuid::now_v7().to_string();

    let response = app
        .post_as(
            token,
            "/api/v1/products/bulk",
            &json!({"action": "set_availability", "available": false, "ids": [a, unknown, b, foreign, a]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["succeeded"], 2);
    assert_eq!(body["failed"], 2);
    let results = body["results"].as_array().unwrap();
    let summary: Vec<(String, bool, Value)> = results
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["ok"].as_bool().unwrap(),
                r["error"]["code"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (a.clone(), true, Value::Null),
            (unknown.clone(), false, json!("product_not_found")),
            (b.clone(), true, Value::Null),
            (foreign.clone(), false, json!("product_not_found")),
        ],
        "one result per distinct id, in order; another workspace's id is not found"
    );
    let page = get_json(app, token, "/api/v1/products?available=false").await;
    assert_eq!(page["total"], 2);
    let theirs = get_json(
        app,
        &other.access_token,
        &format!("/api/v1/products/{foreign}"),
    )
    .await;
    assert_eq!(
        theirs["available"], true,
        "the other workspace is untouched"
    );

    let body: Value = app
        .post_as(
            token,
            "/api/v1/products/bulk",
            &json!({"action": "delete", "ids": [b, foreign]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["succeeded"], 1);
    assert_eq!(body["results"][1]["error"]["code"], "product_not_found");
    assert_eq!(get_json(app, token, "/api/v1/products").await["total"], 1);
    get_json(
        app,
        &other.access_token,
        &format!("/api/v1/products/{foreign}"),
    )
    .await;

    let response = app
        .post_as(
            token,
            "/api/v1/products/bulk",
            &json!({"action": "delete", "ids": []}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "bulk_size");
    let many: Vec<String> = (0..101).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let response = app
        .post_as(
            token,
            "/api/v1/products/bulk",
            &json!({"action": "delete", "ids": many}),
        )
        .await;
    assert_eq!(error_code(response).await, "bulk_size");
    let response = app
        .post_as(
            token,
            "/api/v1/products/bulk",
            &json!({"action": "archive", "ids": [a]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn bulk_operations_report_a_result_per_id() {
    bulk_reports_per_id(&spawn_app().await).await;
}

#[tokio::test]
async fn the_price_endpoint_quotes_products_and_variants_that_are_for_sale() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let serum = glow_serum(&app, &owner).await;
    let path = format!("/api/v1/products/{}", id(&serum));
    let fifty = id(&serum["variants"][1]);

    let quote = get_json(&app, token, &format!("{path}/price")).await;
    assert_eq!(quote["product_id"], id(&serum).as_str());
    assert_eq!(quote["variant_id"], Value::Null);
    assert_eq!(quote["base"], json!({"amount": "45.00", "currency": "EUR"}));
    assert_eq!(
        quote["effective"],
        json!({"amount": "45.00", "currency": "EUR"})
    );
    assert_eq!(quote["offer"], Value::Null);
    let quote = get_json(&app, token, &format!("{path}/price?variant_id={fifty}")).await;
    assert_eq!(quote["variant_id"], fifty.as_str());
    assert_eq!(quote["effective"]["amount"], "55.00");

    let response = app
        .get_as(
            token,
            &format!("{path}/price?variant_id={}", uuid::Uuid::now_v7()),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "variant_not_found");

    app.patch_as(
        token,
        &format!("{path}/variants/{fifty}"),
        &json!({"stock": 0}),
    )
    .await;
    let response = app
        .get_as(token, &format!("{path}/price?variant_id={fifty}"))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "not_offered");
    let product = get_json(&app, token, &path).await;
    assert_eq!(product["variants"][1]["offered"], false);
    assert_eq!(product["offered"], true, "30ml is still for sale");

    app.patch_as(token, &path, &json!({"available": false}))
        .await;
    let response = app.get_as(token, &format!("{path}/price")).await;
    assert_eq!(error_code(response).await, "not_offered");
    let product = get_json(&app, token, &path).await;
    assert_eq!(product["offered"], false);
    assert_eq!(
        product["price"]["effective"]["amount"], "45.00",
        "still shown to the seller"
    );
}

/// Viewers read; agents, admins and owners edit; export is for owners and admins.
pub async fn roles_decide_who_edits(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let viewer = app.join_as(&owner, "vera@glow.it", "viewer").await;
    let agent = app.join_as(&owner, "aldo@glow.it", "agent").await;
    let serum = glow_serum(app, &owner).await;
    let path = format!("/api/v1/products/{}", id(&serum));
    let variant_path = format!("{path}/variants/{}", id(&serum["variants"][0]));

    for read in [
        "/api/v1/products".to_owned(),
        path.clone(),
        format!("{path}/price"),
        format!("{path}/variants"),
        variant_path.clone(),
        "/api/v1/categories".to_owned(),
        "/api/v1/suppliers".to_owned(),
        "/api/v1/offers".to_owned(),
    ] {
        let response = app.get_as(&viewer, &read).await;
        assert_eq!(response.status(), StatusCode::OK, "viewer reads {read}");
    }
    let forbidden = [
        app.post_as(
            &viewer,
            "/api/v1/products",
            &json!({"name": "Nope", "price": "1"}),
        )
        .await,
        app.patch_as(&viewer, &path, &json!({"name": "Nope"})).await,
        app.delete_as(&viewer, &path).await,
        app.post_as(&viewer, &format!("{path}/restore"), &json!({}))
            .await,
        app.post_as(
            &viewer,
            &format!("{path}/variants"),
            &json!({"name": "Nope"}),
        )
        .await,
        app.patch_as(&viewer, &variant_path, &json!({"name": "Nope"}))
            .await,
        app.delete_as(&viewer, &variant_path).await,
        app.post_as(
            &viewer,
            "/api/v1/products/bulk",
            &json!({"action": "delete", "ids": [id(&serum)]}),
        )
        .await,
        app.post_as(&viewer, "/api/v1/categories", &json!({"name": "Nope"}))
            .await,
        app.post_as(&viewer, "/api/v1/suppliers", &json!({"name": "Nope"}))
            .await,
        app.post_as(&viewer, "/api/v1/offers", &json!({})).await,
        app.post_body_as(
            &viewer,
            "/api/v1/products/import",
            "text/csv",
            "name,price\n",
        )
        .await,
        app.get_as(&viewer, "/api/v1/products/export").await,
        app.get_as(&agent, "/api/v1/products/export").await,
    ];
    for response in forbidden {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_code(response).await, "forbidden");
    }
    assert_eq!(
        get_json(app, &owner.access_token, &path).await["name"],
        "Glow Serum"
    );

    create_product(app, &agent, json!({"name": "Agent Balm", "price": "9"})).await;
    let response = app
        .patch_as(&agent, &path, &json!({"name": "Glow Serum Plus"}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .post_as(
            &agent,
            &format!("{path}/variants"),
            &json!({"name": "100ml", "price_modifier": "20"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let response = app.delete_as(&agent, &path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    let admin = app.join_as(&owner, "adele@glow.it", "admin").await;
    let response = app.get_as(&admin, "/api/v1/products/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = app.get_as("not-a-token", "/api/v1/products").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn viewers_read_agents_edit_and_only_owners_and_admins_export() {
    roles_decide_who_edits(&spawn_app().await).await;
}

/// Another workspace's ids are 404 on every route, never 403.
pub async fn other_workspaces_are_not_found(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let intruder = app.register("luca@shop.it", "Luca Shop").await;
    let serum = glow_serum(app, &owner).await;
    let path = format!("/api/v1/products/{}", id(&serum));
    let variant_path = format!("{path}/variants/{}", id(&serum["variants"][0]));
    let token = &intruder.access_token;
    let responses = [
        app.get_as(token, &path).await,
        app.patch_as(token, &path, &json!({"name": "Mine"})).await,
        app.delete_as(token, &path).await,
        app.delete_as(token, &format!("{path}?hard=true")).await,
        app.post_as(token, &format!("{path}/restore"), &json!({}))
            .await,
        app.get_as(token, &format!("{path}/price")).await,
        app.get_as(token, &format!("{path}/variants")).await,
        app.post_as(token, &format!("{path}/variants"), &json!({"name": "Mine"}))
            .await,
        app.get_as(token, &variant_path).await,
        app.patch_as(token, &variant_path, &json!({"name": "Mine"}))
            .await,
        app.delete_as(token, &variant_path).await,
    ];
    for response in responses {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_code(response).await, "product_not_found");
    }
    assert_eq!(get_json(app, token, "/api/v1/products").await["total"], 0);
    let theirs = get_json(app, &owner.access_token, &path).await;
    assert_eq!(theirs["name"], "Glow Serum");
    assert_eq!(theirs["variants"].as_array().unwrap().len(), 2);

    let category: Value = app
        .post_as(
            &owner.access_token,
            "/api/v1/categories",
            &json!({"name": "Serums"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let response = app
        .post_as(
            token,
            "/api/v1/products",
            &json!({"name": "Luca Serum", "price": "10", "category_id": id(&category)}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "category_not_found");
    assert_eq!(body["error"]["details"]["field"], "category_id");
}

#[tokio::test]
async fn another_workspaces_products_are_not_found() {
    other_workspaces_are_not_found(&spawn_app().await).await;
}

#[tokio::test]
async fn every_product_change_emits_one_event_after_it_is_written() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let workspace_id: kernel::WorkspaceId = owner.workspace_id.parse().unwrap();
    let mut events = app.events.subscribe();
    let changed = |id: &str| DomainEvent::ProductChanged {
        workspace_id,
        product_id: id.parse().unwrap(),
    };
    let deleted = |id: &str| DomainEvent::ProductDeleted {
        workspace_id,
        product_id: id.parse().unwrap(),
    };

    let serum = glow_serum(&app, &owner).await;
    let serum_id = id(&serum);
    let path = format!("/api/v1/products/{serum_id}");
    assert_eq!(next_event(&mut events).await, changed(&serum_id));

    app.patch_as(token, &path, &json!({"price": "40"})).await;
    assert_eq!(next_event(&mut events).await, changed(&serum_id));
    app.patch_as(token, &path, &json!({"price": "40"})).await;
    app.get_as(token, &path).await;
    assert_eq!(
        drain(&mut events),
        [],
        "no change, no event; reads never emit"
    );
    let response = app.patch_as(token, &path, &json!({"price": "0"})).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(drain(&mut events), [], "a refused change emits nothing");

    let variant: Value = app
        .post_as(
            token,
            &format!("{path}/variants"),
            &json!({"name": "100ml"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next_event(&mut events).await, changed(&serum_id));
    app.patch_as(
        token,
        &format!("{path}/variants/{}", id(&variant)),
        &json!({"stock": 2}),
    )
    .await;
    assert_eq!(next_event(&mut events).await, changed(&serum_id));
    app.delete_as(token, &format!("{path}/variants/{}", id(&variant)))
        .await;
    assert_eq!(next_event(&mut events).await, changed(&serum_id));

    let toner = id(&quick_product(&app, token, "Toner", "20").await);
    assert_eq!(next_event(&mut events).await, changed(&toner));
    app.post_as(
        token,
        "/api/v1/products/bulk",
        &json!({"action": "set_availability", "available": false, "ids": [serum_id, toner]}),
    )
    .await;
    assert_eq!(drain(&mut events), [changed(&serum_id), changed(&toner)]);

    app.delete_as(token, &path).await;
    assert_eq!(next_event(&mut events).await, deleted(&serum_id));
    app.post_as(token, &format!("{path}/restore"), &json!({}))
        .await;
    assert_eq!(next_event(&mut events).await, changed(&serum_id));
    app.post_as(
        token,
        "/api/v1/products/bulk",
        &json!({"action": "delete", "hard": true, "ids": [toner]}),
    )
    .await;
    assert_eq!(next_event(&mut events).await, deleted(&toner));
    assert_eq!(drain(&mut events), []);
}
