//! `/suppliers`: create, list A to Z, read, change, delete (products keep selling),
//! unique names, contact validation, tenancy and permissions.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{create_product, get_json, id, invalid_fields};

/// The supplier lifecycle.
pub async fn supplier_crud(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let response = app
        .post_as(
            token,
            "/api/v1/suppliers",
            &json!({
                "name": "Cosmetici Bianchi S.r.l.",
                "contact": {"person": "Giulia", "email": "ordini@bianchi.it", "phone": "+39 333 123-4567"}
            }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let bianchi: Value = response.json().await.unwrap();
    assert_eq!(bianchi["name"], "Cosmetici Bianchi S.r.l.");
    assert_eq!(
        bianchi["contact"],
        json!({"person": "Giulia", "email": "ordini@bianchi.it", "phone": "+393331234567"})
    );
    let saigon: Value = app
        .post_as(
            token,
            "/api/v1/suppliers",
            &json!({"name": "Mỹ phẩm Sài Gòn"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        saigon["contact"],
        json!({"person": null, "email": null, "phone": null})
    );
    app.post_as(token, "/api/v1/suppliers", &json!({"name": "Atelier Rose"}))
        .await;

    let page = get_json(app, token, "/api/v1/suppliers").await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Atelier Rose",
            "Cosmetici Bianchi S.r.l.",
            "Mỹ phẩm Sài Gòn"
        ]
    );
    let second = get_json(app, token, "/api/v1/suppliers?per_page=2&page=2").await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["total"], 3);

    let path = format!("/api/v1/suppliers/{}", id(&bianchi));
    assert_eq!(get_json(app, token, &path).await, bianchi);
    let response = app
        .patch_as(
            token,
            &path,
            &json!({"contact": {"phone": "(028) 3823.4567"}}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let patched: Value = response.json().await.unwrap();
    assert_eq!(
        patched["contact"],
        json!({"person": null, "email": null, "phone": "02838234567"}),
        "contact is replaced as a whole"
    );
    assert_eq!(patched["name"], "Cosmetici Bianchi S.r.l.");
    let patched: Value = app
        .patch_as(token, &path, &json!({"name": "Bianchi"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(patched["name"], "Bianchi");
    assert_eq!(patched["contact"]["phone"], "02838234567");

    let response = app
        .post_as(token, "/api/v1/suppliers", &json!({"name": "ATELIER rose"}))
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "duplicate_supplier");
    let response = app
        .patch_as(token, &path, &json!({"name": "atelier rose"}))
        .await;
    assert_eq!(error_code(response).await, "duplicate_supplier");

    let fields = invalid_fields(
        app.post_as(
            token,
            "/api/v1/suppliers",
            &json!({"name": "B", "contact": {"email": "not-an-email", "phone": "12", "person": ""}}),
        )
        .await,
    )
    .await;
    let named: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        named,
        ["name", "contact.person", "contact.email", "contact.phone"]
    );
    let fields = invalid_fields(app.post_as(token, "/api/v1/suppliers", &json!({})).await).await;
    assert_eq!(fields, [("name".to_owned(), "missing".to_owned())]);

    let product = create_product(
        app,
        token,
        json!({"name": "Glow Serum", "price": "45", "supplier_id": id(&bianchi)}),
    )
    .await;
    assert_eq!(product["supplier_id"], id(&bianchi).as_str());
    let response = app.delete_as(token, &path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let product = get_json(app, token, &format!("/api/v1/products/{}", id(&product))).await;
    assert_eq!(
        product["supplier_id"],
        Value::Null,
        "keeps selling without one"
    );
    assert_eq!(product["offered"], true);
    let response = app.get_as(token, &path).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "supplier_not_found");
    let response = app.delete_as(token, &path).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = app
        .post_as(
            token,
            "/api/v1/products",
            &json!({"name": "Other", "price": "5", "supplier_id": id(&bianchi)}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "supplier_not_found");
}

#[tokio::test]
async fn suppliers_are_created_listed_changed_and_deleted() {
    supplier_crud(&spawn_app().await).await;
}

#[tokio::test]
async fn another_workspaces_suppliers_are_not_found_and_viewers_cannot_edit() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let intruder = app.register("luca@shop.it", "Luca Shop").await;
    let viewer = app.join_as(&owner, "vera@glow.it", "viewer").await;
    let agent = app.join_as(&owner, "aldo@glow.it", "agent").await;
    let bianchi: Value = app
        .post_as(
            &owner.access_token,
            "/api/v1/suppliers",
            &json!({"name": "Bianchi"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/suppliers/{}", id(&bianchi));
    for response in [
        app.get_as(&intruder.access_token, &path).await,
        app.patch_as(&intruder.access_token, &path, &json!({"name": "Mine"}))
            .await,
        app.delete_as(&intruder.access_token, &path).await,
    ] {
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_code(response).await, "supplier_not_found");
    }
    let response = app
        .post_as(
            &intruder.access_token,
            "/api/v1/products",
            &json!({"name": "Luca Serum", "price": "5", "supplier_id": id(&bianchi)}),
        )
        .await;
    assert_eq!(error_code(response).await, "supplier_not_found");
    // Names are unique per workspace, not across them.
    let response = app
        .post_as(
            &intruder.access_token,
            "/api/v1/suppliers",
            &json!({"name": "Bianchi"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);

    assert_eq!(get_json(&app, &viewer, &path).await["name"], "Bianchi");
    for response in [
        app.post_as(&viewer, "/api/v1/suppliers", &json!({"name": "Rossi"}))
            .await,
        app.patch_as(&viewer, &path, &json!({"name": "Mine"})).await,
        app.delete_as(&viewer, &path).await,
    ] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let response = app
        .patch_as(&agent, &path, &json!({"name": "Bianchi & Figli"}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}
