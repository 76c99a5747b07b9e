use chatdesk_tests::app::{error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn owner_reads_and_updates_the_profile() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let profile: Value = app
        .get_as(&owner.access_token, "/api/v1/workspace")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["business_name"], "Glow Beauty");
    assert_eq!(profile["currency"], "EUR");
    assert_eq!(profile["brand_tone"], "friendly");

    let response = app
        .patch_as(
            &owner.access_token,
            "/api/v1/workspace",
            &json!({
                "business_name": "Glow Beauty Milano",
                "business_type": "beauty",
                "timezone": "Europe/Rome",
                "currency": "usd",
                "brand_tone": "luxe",
                "languages": ["it", "EN", "es"],
                "operating_hours": [
                    {"day": "mon", "opens": "09:00", "closes": "13:00"},
                    {"day": "mon", "opens": "14:00", "closes": "18:30"},
                    {"day": "sat", "opens": "10:00", "closes": "14:00"}
                ],
                "onboarding": {"business_details": "done", "channel": "skipped", "products": "pending", "tone": "done", "completed": false}
            }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let updated: Value = response.json().await.unwrap();
    assert_eq!(updated["business_name"], "Glow Beauty Milano");
    assert_eq!(updated["timezone"], "Europe/Rome");
    assert_eq!(updated["currency"], "USD");
    assert_eq!(updated["languages"], json!(["it", "en", "es"]));
    assert_eq!(updated["operating_hours"].as_array().unwrap().len(), 3);
    assert_eq!(updated["onboarding"]["channel"], "skipped");

    // Persisted, and a partial patch keeps the rest.
    let response = app
        .patch_as(
            &owner.access_token,
            "/api/v1/workspace",
            &json!({"business_type": null}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let reread: Value = app
        .get_as(&owner.access_token, "/api/v1/workspace")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reread["business_type"], Value::Null);
    assert_eq!(reread["brand_tone"], "luxe");
    assert_eq!(reread["operating_hours"][1]["closes"], "18:30");
}

#[tokio::test]
async fn invalid_profile_values_are_named_and_change_nothing() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .patch_as(
            &owner.access_token,
            "/api/v1/workspace",
            &json!({
                "business_name": "Ok Name",
                "timezone": "Mars/Olympus",
                "currency": "EURO",
                "brand_tone": "angry",
                "operating_hours": [{"day": "mon", "opens": "18:00", "closes": "09:00"}]
            }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<_> = body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        ["timezone", "currency", "brand_tone", "operating_hours"]
    );
    let profile: Value = app
        .get_as(&owner.access_token, "/api/v1/workspace")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["business_name"], "Glow Beauty");

    let response = app
        .patch_as(
            &owner.access_token,
            "/api/v1/workspace",
            &json!({"colour": "red"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "validation_failed");
}
