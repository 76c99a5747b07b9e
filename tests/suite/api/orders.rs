//! `/api/v1/orders`: the list with its filters and pages, one order, status changes
//! through the lifecycle, notes, who may do what, and tenancy. Orders are placed with
//! `OrderDesk` (the real use case on the app's database), since only the assistant
//! creates them.

use chatdesk_tests::app::{Owner, TestApp, error_code, spawn_app};
use chatdesk_tests::orders::{Item, OrderDesk, customer_on};
use chrono::{DateTime, TimeDelta, Utc};
use orders::{Order, SalesChannel};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{create_product, get_json, glow_serum, id, invalid_fields};

fn at(raw: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&Utc)
}

fn path(order: &Order) -> String {
    format!("/api/v1/orders/{}", order.id())
}

/// A shop with the Glow Serum (45.00, 30ml +0, 50ml +10) and a Lip Balm (8.00).
struct Shop {
    owner: Owner,
    serum: String,
    balm: String,
    desk: OrderDesk,
}

async fn shop(app: &TestApp, email: &str) -> Shop {
    let owner = app.register(email, "Glow Beauty").await;
    let serum = id(&glow_serum(app, &owner).await);
    let balm = id(&create_product(
        app,
        &owner.access_token,
        json!({"name": "Lip Balm", "price": "8.00"}),
    )
    .await);
    let desk = OrderDesk::open(app).await;
    Shop {
        owner,
        serum,
        balm,
        desk,
    }
}

impl Shop {
    /// One Lip Balm, for a customer of their own on Instagram.
    async fn balm_order(&self) -> Order {
        self.desk
            .place(
                &self.owner.workspace_id,
                customer_on(SalesChannel::Instagram),
                &[Item::new(&self.balm, 1)],
                "Milan",
            )
            .await
    }
}

async fn patch_status(
    app: &TestApp,
    token: &str,
    order: &Order,
    status: &str,
) -> reqwest::Response {
    app.patch_as(
        token,
        &format!("{}/status", path(order)),
        &json!({ "status": status }),
    )
    .await
}

/// The numbers of a list answer, in its order.
fn numbers(list: &Value) -> Vec<u64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|order| order["number"].as_u64().unwrap())
        .collect()
}

pub async fn list_filters_and_pages(app: &TestApp) {
    let shop = shop(app, "ana@glow.it").await;
    let token = &shop.owner.access_token;
    let ws = &shop.owner.workspace_id;
    let ana = customer_on(SalesChannel::Instagram);
    let bea = customer_on(SalesChannel::WhatsApp);
    let carl = customer_on(SalesChannel::Web);
    let placements = [
        (
            "2026-03-01T10:00:00Z",
            ana,
            Item::variant(&shop.serum, "50ml", 2),
        ),
        ("2026-03-05T10:00:00Z", bea, Item::new(&shop.balm, 1)),
        (
            "2026-03-10T10:00:00Z",
            ana,
            Item::variant(&shop.serum, "30ml", 1),
        ),
        ("2026-04-02T08:30:00Z", carl, Item::new(&shop.balm, 3)),
    ];
    let mut placed = Vec::new();
    for (captured_at, customer, item) in placements {
        shop.desk.capture_at(at(captured_at));
        placed.push(shop.desk.place(ws, customer, &[item], "Milan").await);
    }
    let response = patch_status(app, token, &placed[1], "completed").await;
    assert_eq!(response.status(), StatusCode::OK);

    let list = |query: String| async move {
        get_json(app, token, &format!("/api/v1/orders{query}")).await
    };
    let all = list(String::new()).await;
    assert_eq!(numbers(&all), [1004, 1003, 1002, 1001]);
    assert_eq!(all["total"], 4);
    assert_eq!(all["total_pages"], 1);
    assert_eq!(all["items"][3]["lines"][0]["variant_name"], "50ml");

    for (query, expected) in [
        ("?status=completed", vec![1002]),
        ("?status=captured", vec![1004, 1003, 1001]),
        ("?status=IN_PROGRESS", vec![]),
        // Dates are whole days: `to` includes the day it names.
        ("?from=2026-03-01&to=2026-03-05", vec![1002, 1001]),
        ("?from=2026-03-02", vec![1004, 1003, 1002]),
        ("?to=2026-03-31", vec![1003, 1002, 1001]),
        // Date-times are exact: `from` included, `to` excluded.
        ("?from=2026-03-05T10:00:00Z", vec![1004, 1003, 1002]),
        ("?to=2026-03-05T10:00:00Z", vec![1001]),
        (
            "?from=2026-03-05T11:00:00%2B01:00&to=2026-03-10T10:00:01Z",
            vec![1003, 1002],
        ),
        ("?channel=instagram", vec![1003, 1001]),
        ("?channel=whatsapp", vec![1002]),
        ("?channel=messenger", vec![]),
        (
            "?status=captured&channel=instagram&from=2026-03-02",
            vec![1003],
        ),
    ] {
        let found = list(query.to_owned()).await;
        assert_eq!(numbers(&found), expected, "{query}");
        assert_eq!(found["total"], expected.len(), "{query}");
    }
    let by_customer = list(format!("?customer_id={}", ana.customer_id)).await;
    assert_eq!(numbers(&by_customer), [1003, 1001]);
    let by_conversation = list(format!("?conversation_id={}", bea.conversation_id)).await;
    assert_eq!(numbers(&by_conversation), [1002]);

    // Pages add up, newest first, without overlap.
    let first = list("?per_page=3".to_owned()).await;
    assert_eq!(numbers(&first), [1004, 1003, 1002]);
    assert_eq!(first["total"], 4);
    assert_eq!(first["total_pages"], 2);
    let second = list("?per_page=3&page=2".to_owned()).await;
    assert_eq!(numbers(&second), [1001]);
    assert_eq!(second["page"], 2);
    let beyond = list("?per_page=3&page=3".to_owned()).await;
    assert!(numbers(&beyond).is_empty());
    assert_eq!(beyond["total"], 4);
}

pub async fn bad_filters_are_refused_with_codes(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let get = |query: &str| {
        let url = format!("/api/v1/orders{query}");
        async move { app.get_as(token, &url).await }
    };
    for (query, field, code) in [
        ("?status=shipped", "status", "unknown_order_status"),
        ("?channel=telegram", "channel", "unknown_channel"),
        ("?customer_id=42", "customer_id", "invalid_id"),
        ("?conversation_id=nope", "conversation_id", "invalid_id"),
        ("?from=yesterday", "from", "invalid_date"),
        ("?to=2026-02-30", "to", "invalid_date"),
        (
            "?from=2026-03-02&to=2026-03-01",
            "to",
            "date_range_reversed",
        ),
        (
            "?from=2026-03-01T10:00:00Z&to=2026-03-01T10:00:00Z",
            "to",
            "date_range_reversed",
        ),
        ("?per_page=500", "per_page", "out_of_range"),
        ("?page=0", "page", "out_of_range"),
    ] {
        let fields = invalid_fields(get(query).await).await;
        assert_eq!(fields, [(field.to_owned(), code.to_owned())], "{query}");
    }
    // Every bad filter is named at once.
    let fields = invalid_fields(get("?status=shipped&channel=fax&from=x").await).await;
    let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(named, ["status", "channel", "from"]);
}

pub async fn one_order_reads_with_lines_totals_and_source(app: &TestApp) {
    let shop = shop(app, "ana@glow.it").await;
    let token = &shop.owner.access_token;
    let now = Utc::now();
    let offer = json!({
        "name": "Balm Week", "discount": {"type": "percentage", "percent": "10"},
        "target": {"type": "products", "product_ids": [shop.balm]},
        "starts_at": (now - TimeDelta::hours(1)).to_rfc3339(),
        "ends_at": (now + TimeDelta::days(1)).to_rfc3339(),
    });
    let created = app.post_as(token, "/api/v1/offers", &offer).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let offer: Value = created.json().await.unwrap();

    let customer = customer_on(SalesChannel::WhatsApp);
    let order = shop
        .desk
        .place(
            &shop.owner.workspace_id,
            customer,
            &[
                Item::variant(&shop.serum, "50ml", 2),
                Item::new(&shop.balm, 3),
            ],
            "Calle Mayor 5, Madrid",
        )
        .await;

    let body = get_json(app, token, &path(&order)).await;
    assert_eq!(body["id"], order.id().to_string());
    assert_eq!(body["number"], 1001);
    assert_eq!(body["status"], "captured");
    assert_eq!(body["channel"], "whatsapp");
    assert_eq!(body["channel_id"], customer.channel_id.unwrap().to_string());
    assert_eq!(body["customer_id"], customer.customer_id.to_string());
    assert_eq!(
        body["conversation_id"],
        customer.conversation_id.to_string()
    );
    assert_eq!(body["shipping_location"], "Calle Mayor 5, Madrid");
    assert_eq!(body["currency"], "EUR");
    // 2 x 55.00 + 3 x 7.20
    assert_eq!(
        body["total"],
        json!({"amount": "131.60", "currency": "EUR"})
    );
    let serum = &body["lines"][0];
    assert_eq!(serum["product_id"], shop.serum);
    assert_eq!(serum["product_name"], "Glow Serum");
    assert_eq!(serum["variant_name"], "50ml");
    assert!(serum["variant_id"].is_string());
    assert_eq!(
        serum["base_unit_price"],
        json!({"amount": "55.00", "currency": "EUR"})
    );
    assert_eq!(
        serum["unit_price"],
        json!({"amount": "55.00", "currency": "EUR"})
    );
    assert_eq!(serum["offer"], Value::Null);
    assert_eq!(serum["quantity"], 2);
    assert_eq!(
        serum["line_total"],
        json!({"amount": "110.00", "currency": "EUR"})
    );
    let balm = &body["lines"][1];
    assert_eq!(balm["variant_name"], Value::Null);
    assert_eq!(balm["base_unit_price"]["amount"], "8.00");
    assert_eq!(balm["unit_price"]["amount"], "7.20");
    assert_eq!(
        balm["offer"],
        json!({"offer_id": id(&offer), "name": "Balm Week"})
    );
    assert_eq!(balm["line_total"]["amount"], "21.60");
    assert_eq!(body["notes"], json!([]));
    assert_eq!(
        at(body["captured_at"].as_str().unwrap()),
        order.captured_at()
    );
    for stamp in ["in_progress_at", "completed_at", "cancelled_at"] {
        assert_eq!(body[stamp], Value::Null, "{stamp}");
    }

    // The list shows the same order.
    let listed = get_json(app, token, "/api/v1/orders").await;
    assert_eq!(listed["items"][0], body);

    let missing = app
        .get_as(token, &format!("/api/v1/orders/{}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(missing).await, "order_not_found");
    let malformed = app.get_as(token, "/api/v1/orders/not-an-id").await;
    assert_eq!(malformed.status(), StatusCode::NOT_FOUND);
}

/// Brings a fresh order to `status` through the API (captured needs nothing).
async fn order_in(app: &TestApp, shop: &Shop, status: &str) -> Order {
    let order = shop.balm_order().await;
    if status != "captured" {
        let response = patch_status(app, &shop.owner.access_token, &order, status).await;
        assert_eq!(response.status(), StatusCode::OK, "to {status}");
    }
    order
}

pub async fn statuses_follow_the_lifecycle(app: &TestApp) {
    let shop = shop(app, "ana@glow.it").await;
    let token = &shop.owner.access_token;
    let statuses = ["captured", "in_progress", "completed", "cancelled"];
    let allowed = [
        ("captured", "in_progress"),
        ("captured", "completed"),
        ("captured", "cancelled"),
        ("in_progress", "completed"),
        ("in_progress", "cancelled"),
    ];
    for from in statuses {
        for to in statuses {
            let order = order_in(app, &shop, from).await;
            let before = get_json(app, token, &path(&order)).await;
            let response = patch_status(app, token, &order, to).await;
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            if allowed.contains(&(from, to)) {
                assert_eq!(status, StatusCode::OK, "{from} -> {to}: {body}");
                assert_eq!(body["status"], to);
                let stamp = format!("{to}_at");
                assert!(body[&stamp].is_string(), "{from} -> {to}: {body}");
                assert_eq!(body["updated_at"], body[&stamp]);
                if from == "in_progress" {
                    // The earlier step keeps its time.
                    assert_eq!(body["in_progress_at"], before["in_progress_at"]);
                }
            } else if from == to {
                // Asking for the current status changes nothing.
                assert_eq!(status, StatusCode::OK, "{from} -> {to}: {body}");
                assert_eq!(body, before, "{from} -> {to}");
            } else {
                assert_eq!(status, StatusCode::CONFLICT, "{from} -> {to}: {body}");
                assert_eq!(body["error"]["code"], "invalid_status_transition");
                assert_eq!(
                    body["error"]["details"],
                    json!({"field": "status", "from": from, "to": to})
                );
                assert_eq!(get_json(app, token, &path(&order)).await, before);
            }
        }
    }

    // Bodies that name no status.
    let order = shop.balm_order().await;
    let status_path = format!("{}/status", path(&order));
    for (body, code) in [
        (json!({"status": "shipped"}), "unknown_order_status"),
        (json!({}), "missing"),
    ] {
        let fields = invalid_fields(app.patch_as(token, &status_path, &body).await).await;
        assert_eq!(fields, [("status".to_owned(), code.to_owned())], "{body}");
    }
    let wrong_type = app
        .patch_as(token, &status_path, &json!({"status": 3}))
        .await;
    assert_eq!(wrong_type.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown_field = app
        .patch_as(
            token,
            &status_path,
            &json!({"status": "completed", "by": "me"}),
        )
        .await;
    assert_eq!(unknown_field.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = app
        .patch_as(
            token,
            &format!("/api/v1/orders/{}/status", uuid::Uuid::now_v7()),
            &json!({"status": "completed"}),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(missing).await, "order_not_found");
}

/// Two operators click "complete" and "cancel" at the same moment: one wins; the other
/// is told the order moved (whichever way the race went, never a second write).
pub async fn concurrent_status_changes_have_one_winner(app: &TestApp) {
    let shop = shop(app, "ana@glow.it").await;
    let token = &shop.owner.access_token;
    let order = order_in(app, &shop, "in_progress").await;
    let (complete, cancel) = tokio::join!(
        patch_status(app, token, &order, "completed"),
        patch_status(app, token, &order, "cancelled"),
    );
    let mut outcomes = Vec::new();
    for (to, response) in [("completed", complete), ("cancelled", cancel)] {
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        outcomes.push((to, status, body));
    }
    let winners: Vec<&str> = outcomes
        .iter()
        .filter(|(_, status, _)| *status == StatusCode::OK)
        .map(|(to, _, _)| *to)
        .collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    let (_, status, body) = outcomes
        .iter()
        .find(|(_, status, _)| *status != StatusCode::OK)
        .unwrap();
    assert_eq!(*status, StatusCode::CONFLICT);
    let code = body["error"]["code"].as_str().unwrap();
    assert!(
        ["order_status_conflict", "invalid_status_transition"].contains(&code),
        "{body}"
    );
    let stored = get_json(app, token, &path(&order)).await;
    assert_eq!(stored["status"], winners[0]);
}

pub async fn notes_are_added_by_members(app: &TestApp) {
    let shop = shop(app, "ana@glow.it").await;
    let token = &shop.owner.access_token;
    let order = shop.balm_order().await;
    let notes_path = format!("{}/notes", path(&order));

    let response = app
        .post_as(
            token,
            &notes_path,
            &json!({"text": "  Paid by bank transfer  "}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let first: Value = response.json().await.unwrap();
    assert_eq!(first["text"], "Paid by bank transfer");
    assert_eq!(first["author_id"], shop.owner.user_id);
    assert!(first["id"].is_string());
    let longest = "é".repeat(2000);
    let response = app
        .post_as(token, &notes_path, &json!({"text": longest}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let second: Value = response.json().await.unwrap();
    let response = app
        .post_as(
            token,
            &notes_path,
            &json!({"text": "Tracking:\nRR123456789IT"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let third: Value = response.json().await.unwrap();

    let body = get_json(app, token, &path(&order)).await;
    assert_eq!(body["notes"], json!([first, second, third]));
    assert_eq!(body["updated_at"], third["created_at"]);
    // A note changes nothing else.
    assert_eq!(body["status"], "captured");

    for (text, code) in [
        (json!(""), "note_empty"),
        (json!("   \n "), "note_empty"),
        (json!("é".repeat(2001)), "note_too_long"),
        (json!("bell\u{7}"), "control_character"),
    ] {
        let fields = invalid_fields(
            app.post_as(token, &notes_path, &json!({"text": text}))
                .await,
        )
        .await;
        assert_eq!(fields, [("text".to_owned(), code.to_owned())], "{text}");
    }
    let fields = invalid_fields(app.post_as(token, &notes_path, &json!({})).await).await;
    assert_eq!(fields, [("text".to_owned(), "missing".to_owned())]);
    let after = get_json(app, token, &path(&order)).await;
    assert_eq!(
        after["notes"].as_array().unwrap().len(),
        3,
        "refused notes are not kept"
    );

    let missing = app
        .post_as(
            token,
            &format!("/api/v1/orders/{}/notes", uuid::Uuid::now_v7()),
            &json!({"text": "hello"}),
        )
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(missing).await, "order_not_found");
}

pub async fn roles_and_keys_decide_who_reads_and_who_acts(app: &TestApp) {
    let shop = shop(app, "ana@glow.it").await;
    let order = shop.balm_order().await;
    let order_path = path(&order);
    let status_path = format!("{order_path}/status");
    let notes_path = format!("{order_path}/notes");

    // Without credentials nothing answers but 401.
    for response in [
        app.client
            .get(app.url("/api/v1/orders"))
            .send()
            .await
            .unwrap(),
        app.client.get(app.url(&order_path)).send().await.unwrap(),
        app.client
            .patch(app.url(&status_path))
            .json(&json!({"status": "completed"}))
            .send()
            .await
            .unwrap(),
        app.client
            .post(app.url(&notes_path))
            .json(&json!({"text": "hi"}))
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(response).await, "unauthenticated");
    }

    // A viewer reads, and may not act.
    let viewer = app.join_as(&shop.owner, "vera@glow.it", "viewer").await;
    assert_eq!(get_json(app, &viewer, "/api/v1/orders").await["total"], 1);
    assert_eq!(
        get_json(app, &viewer, &order_path).await["status"],
        "captured"
    );
    let refused = app
        .patch_as(&viewer, &status_path, &json!({"status": "completed"}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(refused).await, "forbidden");
    let refused = app
        .post_as(&viewer, &notes_path, &json!({"text": "hi"}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        get_json(app, &viewer, &order_path).await["notes"],
        json!([])
    );

    // An agent acts.
    let agent = app.join_as(&shop.owner, "aldo@glow.it", "agent").await;
    let moved = app
        .patch_as(&agent, &status_path, &json!({"status": "in_progress"}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);

    // An API key acts for its creator, within its role.
    let created = app
        .post_as(
            &shop.owner.access_token,
            "/api/v1/api-keys",
            &json!({"name": "Fulfilment", "role": "agent"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let key: Value = created.json().await.unwrap();
    let key = key["secret"].as_str().unwrap();
    assert_eq!(get_json(app, key, "/api/v1/orders").await["total"], 1);
    let noted = app
        .post_as(key, &notes_path, &json!({"text": "Shipped with DHL"}))
        .await;
    assert_eq!(noted.status(), StatusCode::CREATED);
    let note: Value = noted.json().await.unwrap();
    assert_eq!(note["author_id"], shop.owner.user_id);
    let completed = app
        .patch_as(key, &status_path, &json!({"status": "completed"}))
        .await;
    assert_eq!(completed.status(), StatusCode::OK);

    let created = app
        .post_as(
            &shop.owner.access_token,
            "/api/v1/api-keys",
            &json!({"name": "Reporting", "role": "viewer"}),
        )
        .await;
    let key: Value = created.json().await.unwrap();
    let key = key["secret"].as_str().unwrap();
    assert_eq!(get_json(app, key, &order_path).await["status"], "completed");
    let refused = app.post_as(key, &notes_path, &json!({"text": "hi"})).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

pub async fn other_workspaces_orders_are_not_found(app: &TestApp) {
    let shop = shop(app, "ana@glow.it").await;
    let order = shop.balm_order().await;
    let other = app.register("bea@elsewhere.it", "Elsewhere").await;
    let token = &other.access_token;

    let listed = get_json(app, token, "/api/v1/orders").await;
    assert_eq!(listed["total"], 0);
    let filtered = get_json(
        app,
        token,
        &format!("/api/v1/orders?customer_id={}", order.customer_id()),
    )
    .await;
    assert_eq!(filtered["total"], 0);
    let read = app.get_as(token, &path(&order)).await;
    assert_eq!(read.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(read).await, "order_not_found");
    let moved = patch_status(app, token, &order, "cancelled").await;
    assert_eq!(moved.status(), StatusCode::NOT_FOUND);
    let noted = app
        .post_as(
            token,
            &format!("{}/notes", path(&order)),
            &json!({"text": "mine now"}),
        )
        .await;
    assert_eq!(noted.status(), StatusCode::NOT_FOUND);

    let untouched = get_json(app, &shop.owner.access_token, &path(&order)).await;
    assert_eq!(untouched["status"], "captured");
    assert_eq!(untouched["notes"], json!([]));
    // Numbers are per workspace: the other shop's first order is #1001 too, and each
    // shop lists only its own.
    let candle = id(&create_product(app, token, json!({"name": "Candle", "price": "12"})).await);
    let theirs = shop
        .desk
        .place(
            &other.workspace_id,
            customer_on(SalesChannel::Web),
            &[Item::new(&candle, 1)],
            "Rome",
        )
        .await;
    assert_eq!(theirs.number().value(), 1001);
    assert_eq!(order.number().value(), 1001);
    let listed = get_json(app, token, "/api/v1/orders").await;
    assert_eq!(listed["items"][0]["id"], theirs.id().to_string());
    assert_eq!(listed["total"], 1);
}

macro_rules! on_sqlite {
    ($($name:ident => $flow:ident),+ $(,)?) => {$(
        #[tokio::test]
        async fn $name() {
            $flow(&spawn_app().await).await;
        }
    )+};
}

on_sqlite! {
    the_order_list_filters_and_pages => list_filters_and_pages,
    bad_order_filters_are_422_with_codes => bad_filters_are_refused_with_codes,
    an_order_reads_with_lines_totals_and_source => one_order_reads_with_lines_totals_and_source,
    order_statuses_follow_the_lifecycle => statuses_follow_the_lifecycle,
    concurrent_order_status_changes_have_one_winner => concurrent_status_changes_have_one_winner,
    order_notes_are_added_by_members => notes_are_added_by_members,
    order_roles_and_api_keys => roles_and_keys_decide_who_reads_and_who_acts,
    other_workspaces_orders_are_404 => other_workspaces_orders_are_not_found,
}
