use chatdesk_tests::app::{Owner, PASSWORD, TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Invites `email` as `role` and accepts as a new account; returns the member's access token.
async fn join(app: &TestApp, owner: &Owner, email: &str, role: &str) -> String {
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/invitations",
            &json!({"email": email, "role": role}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let token = app.token_from_email(email, "/invitations/");
    let response = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"password": PASSWORD, "name": "Teammate"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

async fn member_id(app: &TestApp, token: &str, email: &str) -> String {
    let page: Value = app
        .get_as(token, "/api/v1/members")
        .await
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn invitation_email_joins_a_new_member_with_the_role() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let response = app
        .post_as(
            &owner.access_token,
            "/api/v1/invitations",
            &json!({"email": "marco@glow.it", "role": "agent"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let invitation: Value = response.json().await.unwrap();
    assert_eq!(invitation["role"], "agent");
    let email = app.emails().into_iter().last().unwrap();
    assert!(email.contains("To: marco@glow.it"));
    assert!(email.contains("Glow Beauty"));

    let pending: Value = app
        .get_as(&owner.access_token, "/api/v1/invitations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending["total"], 1);

    let token = app.token_from_email("marco@glow.it", "/invitations/");
    let response = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"password": "weak"}),
        )
        .await;
    assert_eq!(error_code(response).await, "weak_password");
    let response = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"password": PASSWORD, "name": "Marco"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let tokens: Value = response.json().await.unwrap();
    let me: Value = app
        .get_as(tokens["access_token"].as_str().unwrap(), "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "agent");
    assert_eq!(me["workspace"]["id"], owner.workspace_id.as_str());
    assert_eq!(me["user"]["email_verified"], true);

    let response = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "invitation_accepted");

    let members: Value = app
        .get_as(&owner.access_token, "/api/v1/members")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["total"], 2);
    let pending: Value = app
        .get_as(&owner.access_token, "/api/v1/invitations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending["total"], 0);
}

#[tokio::test]
async fn an_existing_account_joins_a_second_workspace_with_its_password() {
    let app = spawn_app().await;
    let ana = app.register("ana@glow.it", "Glow Beauty").await;
    let luca = app.register("luca@shop.it", "Luca Shop").await;
    app.post_as(
        &ana.access_token,
        "/api/v1/invitations",
        &json!({"email": "luca@shop.it", "role": "admin"}),
    )
    .await;
    let token = app.token_from_email("luca@shop.it", "/invitations/");
    let response = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"password": "Wrong1Password"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = app
        .post(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let me: Value = app
        .get_as(&luca.access_token, "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["memberships"].as_array().unwrap().len(), 2);
    // Signing in to a chosen workspace.
    let response = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "luca@shop.it", "password": PASSWORD, "workspace_id": ana.workspace_id}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    let me: Value = app
        .get_as(body["access_token"].as_str().unwrap(), "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["workspace"]["business_name"], "Glow Beauty");
    assert_eq!(me["role"], "admin");
}

#[tokio::test]
async fn roles_limit_what_members_may_do() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let agent = join(&app, &owner, "agent@glow.it", "agent").await;
    let viewer = join(&app, &owner, "viewer@glow.it", "viewer").await;

    for token in [&agent, &viewer] {
        let response = app
            .post_as(
                token,
                "/api/v1/invitations",
                &json!({"email": "x@glow.it", "role": "viewer"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_code(response).await, "forbidden");
        let response = app
            .patch_as(token, "/api/v1/workspace", &json!({"brand_tone": "casual"}))
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            app.get_as(token, "/api/v1/api-keys").await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get_as(token, "/api/v1/audit-log").await.status(),
            StatusCode::FORBIDDEN
        );
        // Everyone may read the workspace and the team.
        assert_eq!(
            app.get_as(token, "/api/v1/workspace").await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.get_as(token, "/api/v1/members").await.status(),
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn admins_manage_members_but_not_the_owner_nor_above_their_role() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let admin = join(&app, &owner, "admin@glow.it", "admin").await;
    join(&app, &owner, "agent@glow.it", "agent").await;
    let owner_member = member_id(&app, &owner.access_token, "ana@glow.it").await;
    let admin_member = member_id(&app, &owner.access_token, "admin@glow.it").await;
    let agent_member = member_id(&app, &owner.access_token, "agent@glow.it").await;

    let response = app
        .patch_as(
            &admin,
            &format!("/api/v1/members/{agent_member}"),
            &json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["role"], "viewer");

    let response = app
        .patch_as(
            &admin,
            &format!("/api/v1/members/{agent_member}"),
            &json!({"role": "owner"}),
        )
        .await;
    assert_eq!(error_code(response).await, "role_not_grantable");
    let response = app
        .patch_as(
            &admin,
            &format!("/api/v1/members/{owner_member}"),
            &json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "owner_is_permanent");
    let response = app
        .delete_as(&admin, &format!("/api/v1/members/{owner_member}"))
        .await;
    assert_eq!(error_code(response).await, "owner_is_permanent");
    let response = app
        .patch_as(
            &admin,
            &format!("/api/v1/members/{admin_member}"),
            &json!({"role": "agent"}),
        )
        .await;
    assert_eq!(error_code(response).await, "own_role");
    let response = app
        .patch_as(
            &admin,
            &format!("/api/v1/members/{agent_member}"),
            &json!({"role": "boss"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .post_as(
            &admin,
            "/api/v1/invitations",
            &json!({"email": "agent@glow.it", "role": "agent"}),
        )
        .await;
    assert_eq!(error_code(response).await, "already_member");
}

#[tokio::test]
async fn a_removed_member_loses_access_at_once() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let agent = join(&app, &owner, "agent@glow.it", "agent").await;
    assert_eq!(
        app.get_as(&agent, "/api/v1/auth/me").await.status(),
        StatusCode::OK
    );
    let agent_member = member_id(&app, &owner.access_token, "agent@glow.it").await;
    let response = app
        .delete_as(
            &owner.access_token,
            &format!("/api/v1/members/{agent_member}"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = app.get_as(&agent, "/api/v1/auth/me").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let members: Value = app
        .get_as(&owner.access_token, "/api/v1/members")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["total"], 1);
}

#[tokio::test]
async fn another_workspace_is_invisible_404_not_403() {
    let app = spawn_app().await;
    let glow = app.register("ana@glow.it", "Glow Beauty").await;
    let other = app.register("luca@shop.it", "Luca Shop").await;
    let glow_owner_member = member_id(&app, &glow.access_token, "ana@glow.it").await;
    join(&app, &glow, "agent@glow.it", "agent").await;
    let glow_agent_member = member_id(&app, &glow.access_token, "agent@glow.it").await;

    for path in [
        format!("/api/v1/members/{glow_owner_member}"),
        format!("/api/v1/members/{glow_agent_member}"),
    ] {
        let response = app
            .patch_as(&other.access_token, &path, &json!({"role": "viewer"}))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let response = app.delete_as(&other.access_token, &path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let members: Value = app
        .get_as(&other.access_token, "/api/v1/members")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members["total"], 1);
    assert_eq!(members["items"][0]["email"], "luca@shop.it");
    // Ids that are not even ids are simply not found.
    let response = app
        .delete_as(&other.access_token, "/api/v1/members/not-a-uuid")
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn member_lists_are_paginated() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    for i in 0..3 {
        join(&app, &owner, &format!("agent{i}@glow.it"), "agent").await;
    }
    let page: Value = app
        .get_as(&owner.access_token, "/api/v1/members?per_page=3&page=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 4);
    assert_eq!(page["total_pages"], 2);
    assert_eq!(page["page"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let response = app
        .get_as(&owner.access_token, "/api/v1/members?page=0")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .get_as(&owner.access_token, "/api/v1/members?per_page=abc")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
