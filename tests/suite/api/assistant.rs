//! The assistant through the API: the playground, settings, takeover, and a real
//! webhook answered after the burst window by the job runner.

use chatdesk_tests::app::{Owner, TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{get_json, glow_serum};

async fn say(app: &TestApp, owner: &Owner, session: &str, text: &str) -> Value {
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/playground/messages",
            &json!({"text": text, "session": session}),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "{text}: {body}");
    body
}

fn reply(body: &Value) -> String {
    body["reply"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_playground_answers_prices_and_captures_an_order_with_a_handoff() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    glow_serum(&app, &owner).await;

    let price = say(&app, &owner, "a", "How much is the Glow Serum?").await;
    assert_eq!(price["intent"]["name"], "price_check", "{price}");
    assert!(reply(&price).contains("45"), "{price}");
    assert_eq!(price["reply"]["sources"][0]["kind"], "product");
    assert_eq!(price["state"]["order_stage"], "browsing");

    let all_at_once = say(&app, &owner, "a", "I want 2 Glow Serum 50ml to Milan").await;
    assert_eq!(
        all_at_once["state"]["order_stage"], "confirming_order",
        "{all_at_once}"
    );
    assert_eq!(all_at_once["state"]["cart"]["lines"][0]["quantity"], 2);
    assert_eq!(all_at_once["state"]["cart"]["lines"][0]["variant"], "50ml");
    assert_eq!(all_at_once["state"]["cart"]["shipping_location"], "Milan");
    assert!(
        reply(&all_at_once).contains("110"),
        "the summary totals 2 x 55: {all_at_once}"
    );

    let yes = say(&app, &owner, "a", "yes").await;
    assert_eq!(yes["handoff"]["reason"], "order_confirmed", "{yes}");
    assert_eq!(yes["state"]["owner"], "human");
    assert_eq!(yes["state"]["lifecycle"], "escalated");
    assert_eq!(yes["order"]["total"]["amount"], "110.00", "{yes}");
    assert_eq!(yes["order"]["channel"], "playground");

    let orders = get_json(&app, &owner.access_token, "/api/v1/orders").await;
    assert_eq!(
        orders["items"].as_array().map(Vec::len),
        Some(1),
        "{orders}"
    );
    assert_eq!(orders["items"][0]["shipping_location"], "Milan");

    // A person owns it now: the assistant stays silent.
    let after = say(&app, &owner, "a", "thanks!").await;
    assert!(after["reply"].is_null(), "{after}");
    assert_eq!(after["decision"]["action"], "stay_silent");
}

#[tokio::test]
async fn a_taken_over_conversation_is_silent_and_a_second_takeover_is_a_conflict() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    glow_serum(&app, &owner).await;
    let first = say(&app, &owner, "b", "I'd like to buy the Glow Serum").await;
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();
    assert_eq!(
        first["state"]["order_stage"], "collecting_variant",
        "{first}"
    );

    let path = format!("/api/v1/conversations/{conversation}/takeover");
    let taken = app.post_as(&owner.access_token, &path, &json!({})).await;
    assert_eq!(taken.status(), StatusCode::OK);
    let again = app.post_as(&owner.access_token, &path, &json!({})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "conversation_taken");

    let silent = say(&app, &owner, "b", "50ml please").await;
    assert!(silent["reply"].is_null(), "{silent}");

    let back = app
        .post_as(
            &owner.access_token,
            &format!("/api/v1/conversations/{conversation}/return-to-assistant"),
            &json!({}),
        )
        .await;
    assert_eq!(back.status(), StatusCode::OK);
    let answered = say(&app, &owner, "b", "how much is the glow serum?").await;
    assert!(!reply(&answered).is_empty(), "{answered}");
}

#[tokio::test]
async fn settings_switch_triggers_and_refuse_switching_off_order_confirmed() {
    let app = spawn_app().await;
    let owner = app.register("shop@example.com", "Glow Beauty").await;
    let settings = get_json(&app, &owner.access_token, "/api/v1/assistant/settings").await;
    assert_eq!(settings["handoff_triggers"]["complaint"], true);
    assert_eq!(settings["burst_window_ms"], 2000);

    let refused = app
        .patch_as(
            &owner.access_token,
            "/api/v1/assistant/settings",
            &json!({"handoff_triggers": {"order_confirmed": false}}),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let changed = app
        .patch_as(
            &owner.access_token,
            "/api/v1/assistant/settings",
            &json!({"handoff_triggers": {"medical_question": false}, "welcome_message": "Welcome to Glow!", "response_delay": "natural"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let body: Value = changed.json().await.unwrap();
    assert_eq!(body["handoff_triggers"]["medical_question"], false);
    assert_eq!(body["response_delay"], "natural");

    let first = say(&app, &owner, "c", "hello").await;
    assert!(reply(&first).starts_with("Welcome to Glow!"), "{first}");
    let second = say(&app, &owner, "c", "hello again").await;
    assert!(!reply(&second).starts_with("Welcome to Glow!"), "{second}");

    let preview = get_json(
        &app,
        &owner.access_token,
        "/api/v1/assistant/tones/preview?language=es",
    )
    .await;
    assert_eq!(preview["tones"].as_array().map(Vec::len), Some(5));
}
