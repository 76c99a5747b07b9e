use chatdesk_tests::app::{PASSWORD, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn security_events_are_recorded_newest_first() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    assert_eq!(
        app.login("ana@glow.it", "Wrong1Password").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("ana@glow.it", PASSWORD).await.status(),
        StatusCode::OK
    );
    let key: Value = app
        .post_as(
            &owner.access_token,
            "/api/v1/api-keys",
            &json!({"name": "CRM"}),
        )
        .await
        .json()
        .await
        .unwrap();
    app.delete_as(
        &owner.access_token,
        &format!("/api/v1/api-keys/{}", key["id"].as_str().unwrap()),
    )
    .await;

    let log: Value = app
        .get_as(&owner.access_token, "/api/v1/audit-log")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<_> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        [
            "api_key_revoked",
            "api_key_created",
            "login_succeeded",
            "login_failed",
            "registered"
        ]
    );
    let failed = &log["items"][3];
    assert_eq!(failed["actor_type"], "anonymous");
    assert_eq!(failed["details"]["email"], "ana@glow.it");
    assert_eq!(failed["ip"], "127.0.0.1");
}

#[tokio::test]
async fn role_changes_are_audited_and_other_workspaces_see_nothing() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let other = app.register("luca@shop.it", "Luca Shop").await;
    app.post_as(
        &owner.access_token,
        "/api/v1/invitations",
        &json!({"email": "marco@glow.it", "role": "agent"}),
    )
    .await;
    let token = app.token_from_email("marco@glow.it", "/invitations/");
    app.post(
        &format!("/api/v1/invitations/{token}/accept"),
        &json!({"password": PASSWORD}),
    )
    .await;
    let members: Value = app
        .get_as(&owner.access_token, "/api/v1/members")
        .await
        .json()
        .await
        .unwrap();
    let marco = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "marco@glow.it")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.patch_as(
        &owner.access_token,
        &format!("/api/v1/members/{marco}"),
        &json!({"role": "admin"}),
    )
    .await;
    let log: Value = app
        .get_as(&owner.access_token, "/api/v1/audit-log?per_page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"][0]["action"], "role_changed");
    assert_eq!(log["items"][0]["details"]["from"], "agent");
    assert_eq!(log["items"][0]["details"]["to"], "admin");

    let theirs: Value = app
        .get_as(&other.access_token, "/api/v1/audit-log")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        theirs["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] == "registered"),
        "{theirs}"
    );
}
