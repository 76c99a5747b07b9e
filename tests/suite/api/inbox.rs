//! The inbox API: the conversation list with its filters and search, one conversation
//! in full, tags, read marks, and tenant isolation. Conversations come from the
//! playground, a real channel whose messages are stored like any other's.

use chatdesk_tests::app::{Owner, TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{get_json, glow_serum};

/// The test customer `name` of `session` says `text`; returns the conversation id.
async fn customer_says(
    app: &TestApp,
    owner: &Owner,
    session: &str,
    name: &str,
    text: &str,
) -> String {
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/playground/messages",
            &json!({"text": text, "session": session, "customer_name": name}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "{text}: {body}");
    body["conversation_id"]
        .as_str()
        .expect("a conversation")
        .to_owned()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn list(app: &TestApp, owner: &Owner, query: &str) -> Value {
    get_json(
        app,
        &owner.access_token,
        &format!("/api/v1/conversations{query}"),
    )
    .await
}

#[tokio::test]
async fn the_inbox_lists_rows_with_customer_last_message_unread_and_filters() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    let linh = customer_says(
        &app,
        &owner,
        "linh",
        "Linh Tran",
        "How much is the Glow Serum?",
    )
    .await;
    let marco = customer_says(&app, &owner, "marco", "Marco Rossi", "hello, are you open?").await;

    let all = list(&app, &owner, "").await;
    assert_eq!(all["total"], 2, "{all}");
    // Most recent activity first.
    assert_eq!(ids(&all), vec![marco.clone(), linh.clone()], "{all}");
    let row = &all["items"][1];
    assert_eq!(row["customer"]["name"], "Linh Tran", "{row}");
    assert_eq!(row["customer"]["platform"], "playground");
    assert_eq!(row["status"], row["state"]["lifecycle"]);
    assert_eq!(row["has_order"], false);
    assert_eq!(row["tags"], json!([]));
    assert!(
        row["unread_count"].as_u64().unwrap_or_default() >= 1,
        "{row}"
    );
    assert!(row["last_message"]["preview"].is_string(), "{row}");

    // Reading one clears its unread count for the team.
    let read = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{linh}/read"),
            &json!({}),
        )
        .await;
    assert_eq!(read.status(), StatusCode::OK);
    let read: Value = read.json().await.expect("json");
    assert_eq!(read["unread_count"], 0, "{read}");
    assert_eq!(
        ids(&list(&app, &owner, "?unread=true").await),
        vec![marco.clone()]
    );
    assert_eq!(
        ids(&list(&app, &owner, "?unread=false").await),
        vec![linh.clone()]
    );

    // Search: the customer's name, then words of a message, case-insensitively.
    assert_eq!(
        ids(&list(&app, &owner, "?q=rossi").await),
        vec![marco.clone()]
    );
    assert_eq!(
        ids(&list(&app, &owner, "?q=GLOW%20serum").await),
        vec![linh.clone()]
    );
    assert_eq!(list(&app, &owner, "?q=nothing-like-this").await["total"], 0);

    // Owner and status after a takeover.
    let taken = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{marco}/takeover"),
            &json!({}),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::OK);
    assert_eq!(
        ids(&list(&app, &owner, "?owner=human").await),
        vec![marco.clone()]
    );
    assert_eq!(
        ids(&list(&app, &owner, "?owner=assistant").await),
        vec![linh.clone()]
    );
    assert_eq!(
        ids(&list(&app, &owner, "?status=agent_handling").await),
        vec![marco.clone()]
    );
    assert_eq!(
        ids(&list(&app, &owner, &format!("?assigned={}", owner.user_id)).await),
        vec![marco.clone()]
    );
    assert_eq!(list(&app, &owner, "?channel=playground").await["total"], 2);
    assert_eq!(list(&app, &owner, "?channel=whatsapp").await["total"], 0);
    // Oldest conversation first when sorted by creation... newest first, always.
    assert_eq!(
        ids(&list(&app, &owner, "?sort=created").await),
        vec![marco.clone(), linh.clone()]
    );
    assert_eq!(
        list(&app, &owner, "?from=2000-01-01&to=2000-01-02").await["total"],
        0
    );
    assert_eq!(list(&app, &owner, "?from=2000-01-01").await["total"], 2);
    let paged = list(&app, &owner, "?per_page=1&page=2").await;
    assert_eq!(ids(&paged), vec![linh.clone()]);
    assert_eq!(paged["total_pages"], 2);
}

#[tokio::test]
async fn tags_replace_the_set_filter_the_list_and_refuse_invalid_values() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let a = customer_says(&app, &owner, "a", "Ana", "hi").await;
    let b = customer_says(&app, &owner, "b", "Bea", "hello").await;
    let path = format!("/api/v1/conversations/{a}");
    let tagged = app
        .patch_as(
            &owner.access_token,
            &path,
            &json!({"tags": ["VIP", "refund", "vip"]}),
        )
        .await;
    assert_eq!(tagged.status(), StatusCode::OK);
    let detail = get_json(&app, &owner.access_token, &path).await;
    assert_eq!(detail["tags"], json!(["refund", "vip"]), "{detail}");
    assert_eq!(ids(&list(&app, &owner, "?tag=vip").await), vec![a.clone()]);
    assert_eq!(list(&app, &owner, "?tag=wholesale").await["total"], 0);

    // Replacing the set drops what is not in it.
    let replaced = app
        .patch_as(&owner.access_token, &path, &json!({"tags": ["wholesale"]}))
        .await;
    assert_eq!(replaced.status(), StatusCode::OK);
    assert_eq!(list(&app, &owner, "?tag=vip").await["total"], 0);
    assert_eq!(
        ids(&list(&app, &owner, "?tag=wholesale").await),
        vec![a.clone()]
    );

    let invalid = app
        .patch_as(&owner.access_token, &path, &json!({"tags": ["two words"]}))
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = invalid.json().await.expect("json");
    assert_eq!(
        body["error"]["details"]["fields"][0]["code"], "invalid_tag",
        "{body}"
    );
    let too_many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
    let refused = app
        .patch_as(&owner.access_token, &path, &json!({"tags": too_many}))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing changed on a refusal.
    assert_eq!(ids(&list(&app, &owner, "?tag=wholesale").await), vec![a]);
    let untagged = get_json(
        &app,
        &owner.access_token,
        &format!("/api/v1/conversations/{b}"),
    )
    .await;
    assert_eq!(untagged["tags"], json!([]));
}

#[tokio::test]
async fn one_conversation_shows_its_timeline_orders_and_messages_newest_first() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    let id = customer_says(
        &app,
        &owner,
        "o",
        "Olga",
        "I want 2 Glow Serum 50ml to Milan",
    )
    .await;
    customer_says(&app, &owner, "o", "Olga", "yes").await;

    let path = format!("/api/v1/conversations/{id}");
    let detail = get_json(&app, &owner.access_token, &path).await;
    assert_eq!(detail["id"], id.as_str());
    assert_eq!(detail["customer"]["name"], "Olga");
    assert_eq!(detail["has_order"], true, "{detail}");
    assert_eq!(
        detail["orders"].as_array().map(Vec::len),
        Some(1),
        "{detail}"
    );
    assert_eq!(detail["orders"][0]["shipping_location"], "Milan");
    let kinds: Vec<&str> = detail["timeline"]
        .as_array()
        .map(|t| t.iter().filter_map(|e| e["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(kinds.first(), Some(&"created"), "{detail}");
    assert!(kinds.contains(&"escalated"), "{detail}");
    let escalated = detail["timeline"]
        .as_array()
        .and_then(|t| t.iter().find(|e| e["kind"] == "escalated"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(escalated["reason"], "order_confirmed");

    let messages = detail["messages"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(messages.len() >= 3, "{detail}");
    // Newest first: the last thing said is the assistant's answer to "yes".
    assert_eq!(
        messages.last().map(|m| m["text"].clone()),
        Some(json!("I want 2 Glow Serum 50ml to Milan"))
    );
    assert_eq!(
        messages.last().map(|m| m["sender"].clone()),
        Some(json!("customer"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m["sender"] == "assistant" && m["direction"] == "outbound"),
        "{detail}"
    );
    assert_eq!(has_order_ids(&app, &owner).await, vec![id.clone()]);

    let first_page = get_json(&app, &owner.access_token, &format!("{path}?per_page=1")).await;
    assert_eq!(
        first_page["messages"]["items"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(first_page["messages"]["items"][0]["id"], messages[0]["id"]);
    assert_eq!(first_page["messages"]["total"], messages.len());
}

async fn has_order_ids(app: &TestApp, owner: &Owner) -> Vec<String> {
    ids(&list(app, owner, "?has_order=true").await)
}

#[tokio::test]
async fn another_workspace_sees_nothing_and_bad_filters_are_named() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let other = app.register("other@example.com", "Other Shop").await;
    let id = customer_says(&app, &owner, "a", "Ana", "hi").await;

    assert_eq!(list(&app, &other, "").await["total"], 0);
    let path = format!("/api/v1/conversations/{id}");
    let hidden = app.get_as(&other.access_token, &path).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(hidden).await, "conversation_not_found");
    let read = app
        .post_as(&other.access_token, &format!("{path}/read"), &json!({}))
        .await;
    assert_eq!(read.status(), StatusCode::NOT_FOUND);
    let tag = app
        .patch_as(&other.access_token, &path, &json!({"tags": ["x"]}))
        .await;
    assert_eq!(tag.status(), StatusCode::NOT_FOUND);
    assert_eq!(list(&app, &owner, "?tag=x").await["total"], 0);

    let bad = app
        .get_as(
            &owner.access_token,
            "/api/v1/conversations?status=bogus&owner=robot&sort=oldest&from=yesterday&channel=fax",
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad.json().await.expect("json");
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        vec!["status", "channel", "owner", "from", "sort"],
        "{body}"
    );
    let reversed = app
        .get_as(
            &owner.access_token,
            "/api/v1/conversations?from=2026-03-02&to=2026-03-01",
        )
        .await;
    assert_eq!(reversed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unauthenticated = app
        .client
        .get(app.url("/api/v1/conversations"))
        .send()
        .await
        .expect("request");
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
}
