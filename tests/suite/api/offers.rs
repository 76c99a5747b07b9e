//! `/offers`: percentage and fixed discounts on products or categories, in a time
//! window, changing the effective price that `/price`, get and list report.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use chrono::{Duration, SecondsFormat, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{create_product, get_json, glow_serum, id, invalid_fields};

fn at(offset: Duration) -> String {
    (Utc::now() + offset).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A window that contains now.
fn running() -> (String, String) {
    (at(Duration::hours(-1)), at(Duration::hours(1)))
}

async fn create_offer(app: &TestApp, token: &str, body: Value) -> Value {
    let response = app.post_as(token, "/api/v1/offers", &body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn effective(app: &TestApp, token: &str, product_path: &str, variant: Option<&str>) -> Value {
    let query = variant
        .map(|v| format!("?variant_id={v}"))
        .unwrap_or_default();
    get_json(app, token, &format!("{product_path}/price{query}")).await
}

/// Offers move the effective price in `/price`, get and list, best offer winning.
pub async fn offers_change_effective_prices(app: &TestApp) {
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
    let serum = glow_serum(app, &owner).await;
    let serum_path = format!("/api/v1/products/{}", id(&serum));
    app.patch_as(token, &serum_path, &json!({"category_id": id(&serums)}))
        .await;
    let fifty = id(&serum["variants"][1]);
    let toner = create_product(app, token, json!({"name": "Toner", "price": "20"})).await;
    let toner_path = format!("/api/v1/products/{}", id(&toner));

    let (starts_at, ends_at) = running();
    let twenty = create_offer(
        app,
        token,
        json!({
            "name": "Black Friday", "discount": {"type": "percentage", "percent": "20"},
            "target": {"type": "products", "product_ids": [id(&serum)]},
            "starts_at": starts_at, "ends_at": ends_at
        }),
    )
    .await;
    assert_eq!(
        twenty["discount"],
        json!({"type": "percentage", "percent": "20"})
    );
    assert_eq!(twenty["target"]["product_ids"], json!([id(&serum)]));

    let quote = effective(app, token, &serum_path, None).await;
    assert_eq!(quote["base"]["amount"], "45.00");
    assert_eq!(quote["effective"]["amount"], "36.00");
    let applied = &quote["offer"];
    assert_eq!(applied["offer_id"], id(&twenty).as_str());
    assert_eq!(applied["name"], "Black Friday");
    assert_eq!(
        applied["saving"],
        json!({"amount": "9.00", "currency": "EUR"})
    );
    assert_eq!(applied["discount"]["percent"], "20");
    assert!(applied["ends_at"].is_string());
    let quote = effective(app, token, &serum_path, Some(&fifty)).await;
    assert_eq!(quote["base"]["amount"], "55.00");
    assert_eq!(
        quote["effective"]["amount"], "44.00",
        "the modifier applies before the offer"
    );

    let product = get_json(app, token, &serum_path).await;
    assert_eq!(product["list_price"]["amount"], "45.00");
    assert_eq!(product["price"]["effective"]["amount"], "36.00");
    assert_eq!(
        product["variants"][1]["price"]["effective"]["amount"],
        "44.00"
    );
    let page = get_json(app, token, "/api/v1/products?sort=name").await;
    assert_eq!(page["items"][0]["price"]["effective"]["amount"], "36.00");
    assert_eq!(
        page["items"][1]["price"]["offer"],
        Value::Null,
        "the toner is not targeted"
    );
    let filtered = get_json(app, token, "/api/v1/products?max_price=40").await;
    assert_eq!(
        filtered["total"], 1,
        "price filters use the list price, not the offer"
    );
    assert_eq!(filtered["items"][0]["name"], "Toner");

    // A fixed 5 off the parent category reaches the subcategory, but 20% still wins.
    let five = create_offer(
        app,
        token,
        json!({
            "name": "Skincare days", "discount": {"type": "fixed", "amount": "5"},
            "target": {"type": "category", "category_id": id(&skincare)},
            "starts_at": starts_at, "ends_at": ends_at
        }),
    )
    .await;
    assert_eq!(
        five["discount"],
        json!({"type": "fixed", "amount": "5.00", "currency": "EUR"})
    );
    assert_eq!(
        effective(app, token, &serum_path, None).await["effective"]["amount"],
        "36.00"
    );

    // Once Black Friday is over, the fixed discount applies: offers never stack.
    let response = app
        .patch_as(
            token,
            &format!("/api/v1/offers/{}", id(&twenty)),
            &json!({"starts_at": at(Duration::hours(-3)), "ends_at": at(Duration::hours(-2))}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let quote = effective(app, token, &serum_path, None).await;
    assert_eq!(quote["effective"]["amount"], "40.00");
    assert_eq!(quote["offer"]["offer_id"], id(&five).as_str());
    assert_eq!(quote["offer"]["saving"]["amount"], "5.00");

    // Not yet started: not applied.
    create_offer(
        app,
        token,
        json!({
            "name": "Next week", "discount": {"type": "percentage", "percent": "50"},
            "target": {"type": "products", "product_ids": [id(&serum), id(&toner)]},
            "starts_at": at(Duration::days(7)), "ends_at": at(Duration::days(8))
        }),
    )
    .await;
    assert_eq!(
        effective(app, token, &serum_path, None).await["effective"]["amount"],
        "40.00"
    );
    assert_eq!(
        effective(app, token, &toner_path, None).await["effective"]["amount"],
        "20.00"
    );

    // A fixed discount above the price does not apply: prices never reach zero.
    create_offer(
        app,
        token,
        json!({
            "name": "Typo", "discount": {"type": "fixed", "amount": "25.00", "currency": "EUR"},
            "target": {"type": "products", "product_ids": [id(&toner)]},
            "starts_at": starts_at, "ends_at": ends_at
        }),
    )
    .await;
    let quote = effective(app, token, &toner_path, None).await;
    assert_eq!(quote["effective"]["amount"], "20.00");
    assert_eq!(quote["offer"], Value::Null);

    // A third off 19.99 rounds half away from zero, to the cent.
    app.patch_as(token, &toner_path, &json!({"price": "19.99"}))
        .await;
    create_offer(
        app,
        token,
        json!({
            "name": "A third off", "discount": {"type": "percentage", "percent": "33.33"},
            "target": {"type": "products", "product_ids": [id(&toner)]},
            "starts_at": starts_at, "ends_at": ends_at
        }),
    )
    .await;
    assert_eq!(
        effective(app, token, &toner_path, None).await["effective"]["amount"],
        "13.33"
    );

    let response = app
        .delete_as(token, &format!("/api/v1/offers/{}", id(&five)))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let quote = effective(app, token, &serum_path, None).await;
    assert_eq!(quote["effective"]["amount"], "45.00");
    assert_eq!(quote["offer"], Value::Null);
}

#[tokio::test]
async fn offers_change_the_effective_price_everywhere_it_is_shown() {
    offers_change_effective_prices(&spawn_app().await).await;
}

#[tokio::test]
async fn bad_offers_are_refused_precisely() {
    let app = &spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let intruder = app.register("luca@shop.it", "Luca Shop").await;
    let token = &owner.access_token;
    let serum = glow_serum(app, &owner).await;
    let theirs = create_product(
        app,
        &intruder.access_token,
        json!({"name": "Luca Cream", "price": "9"}),
    )
    .await;
    let (starts_at, ends_at) = running();
    let offer = |discount: Value, target: Value| json!({"name": "Sale", "discount": discount, "target": target, "starts_at": starts_at, "ends_at": ends_at});
    let on_serum = json!({"type": "products", "product_ids": [id(&serum)]});
    let post = |body: Value| async move { app.post_as(token, "/api/v1/offers", &body).await };

    let fields = invalid_fields(post(json!({})).await).await;
    let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        named,
        ["name", "discount", "target", "starts_at", "ends_at"]
    );
    for (percent, code) in [
        ("0", "percentage_out_of_range"),
        ("100", "percentage_out_of_range"),
        ("-5", "percentage_out_of_range"),
        ("12.345", "too_precise"),
        ("abc", "not_a_number"),
    ] {
        let fields = invalid_fields(
            post(offer(
                json!({"type": "percentage", "percent": percent}),
                on_serum.clone(),
            ))
            .await,
        )
        .await;
        assert_eq!(
            fields,
            [("discount.percent".to_owned(), code.to_owned())],
            "{percent}"
        );
    }
    let fields = invalid_fields(
        post(offer(
            json!({"type": "fixed", "amount": "0"}),
            on_serum.clone(),
        ))
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [("discount.amount".to_owned(), "not_positive".to_owned())]
    );
    let fields = invalid_fields(
        post(offer(
            json!({"type": "fixed", "amount": "5", "currency": "EURO"}),
            on_serum.clone(),
        ))
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [(
            "discount.currency".to_owned(),
            "unknown_currency".to_owned()
        )]
    );
    let response = post(offer(
        json!({"type": "fixed", "amount": "5", "currency": "USD"}),
        on_serum.clone(),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "currency_mismatch");
    let response = post(offer(json!({"type": "bogo"}), on_serum.clone())).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let ten = json!({"type": "percentage", "percent": "10"});
    let fields = invalid_fields(
        post(json!({
            "name": "Backwards", "discount": ten, "target": on_serum,
            "starts_at": ends_at, "ends_at": starts_at
        }))
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [("ends_at".to_owned(), "offer_ends_before_start".to_owned())]
    );
    let fields = invalid_fields(
        post(offer(
            ten.clone(),
            json!({"type": "products", "product_ids": []}),
        ))
        .await,
    )
    .await;
    assert_eq!(
        fields,
        [("target.product_ids".to_owned(), "no_products".to_owned())]
    );

    let unknown = uuid::Uuid::now_v7().to_string();
    let response = post(offer(
        ten.clone(),
        json!({"type": "products", "product_ids": [id(&serum), unknown, id(&theirs)]}),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "products_not_found");
    assert_eq!(
        body["error"]["details"]["product_ids"],
        json!([unknown, id(&theirs)])
    );
    let response = post(offer(
        ten.clone(),
        json!({"type": "category", "category_id": uuid::Uuid::now_v7()}),
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "category_not_found");
    app.delete_as(token, &format!("/api/v1/products/{}", id(&serum)))
        .await;
    let response = post(offer(ten, on_serum)).await;
    assert_eq!(
        error_code(response).await,
        "products_not_found",
        "deleted products cannot be targeted"
    );

    assert_eq!(
        get_json(app, token, "/api/v1/offers").await["total"],
        0,
        "nothing was written"
    );
}

/// Read, list newest first, partial changes, tenancy and permissions.
pub async fn offer_crud(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let intruder = app.register("luca@shop.it", "Luca Shop").await;
    let viewer = app.join_as(&owner, "vera@glow.it", "viewer").await;
    let agent = app.join_as(&owner, "aldo@glow.it", "agent").await;
    let token = &owner.access_token;
    let serum = glow_serum(app, &owner).await;
    let (starts_at, ends_at) = running();
    let body = |name: &str| {
        json!({
            "name": name, "discount": {"type": "percentage", "percent": "12.5"},
            "target": {"type": "products", "product_ids": [id(&serum)]},
            "starts_at": starts_at, "ends_at": ends_at
        })
    };
    let first = create_offer(app, token, body("Spring")).await;
    let second = create_offer(app, &agent, body("Summer")).await;
    let page = get_json(app, &viewer, "/api/v1/offers").await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Summer", "Spring"], "newest first");
    let path = format!("/api/v1/offers/{}", id(&first));
    assert_eq!(get_json(app, &viewer, &path).await, first);

    let new_end = at(Duration::days(3));
    let patched: Value = app
        .patch_as(
            token,
            &path,
            &json!({"name": "Spring sale", "ends_at": new_end}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(patched["name"], "Spring sale");
    assert_eq!(
        patched["starts_at"], first["starts_at"],
        "the other end is kept"
    );
    assert_ne!(patched["ends_at"], first["ends_at"]);
    assert_eq!(patched["discount"]["percent"], "12.5");
    let fields = invalid_fields(
        app.patch_as(token, &path, &json!({"ends_at": at(Duration::days(-2))}))
            .await,
    )
    .await;
    assert_eq!(fields[0].0, "ends_at");
    let response = app
        .patch_as(
            token,
            &path,
            &json!({"discount": {"type": "fixed", "amount": "3"}}),
        )
        .await;
    let patched: Value = response.json().await.unwrap();
    assert_eq!(patched["discount"]["amount"], "3.00");

    for response in [
        app.get_as(&intruder.access_token, &path).await,
        app.patch_as(&intruder.access_token, &path, &json!({"name": "Mine"}))
            .await,
        app.delete_as(&intruder.access_token, &path).await,
    ] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_code(response).await, "offer_not_found");
    }
    assert_eq!(
        get_json(app, &intruder.access_token, "/api/v1/offers").await["total"],
        0
    );
    for response in [
        app.post_as(&viewer, "/api/v1/offers", &body("Nope")).await,
        app.patch_as(&viewer, &path, &json!({"name": "Nope"})).await,
        app.delete_as(&viewer, &path).await,
    ] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let response = app
        .delete_as(&agent, &format!("/api/v1/offers/{}", id(&second)))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app
        .get_as(token, &format!("/api/v1/offers/{}", id(&second)))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(get_json(app, token, "/api/v1/offers").await["total"], 1);
}

#[tokio::test]
async fn offers_are_read_changed_and_deleted_within_their_workspace() {
    offer_crud(&spawn_app().await).await;
}
