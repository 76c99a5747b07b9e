//! `/knowledge/faqs`: CRUD, searchable at once, CSV import with dry run and duplicates.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::invalid_fields;

const FAQS: &str = "/api/v1/knowledge/faqs";
const IMPORT: &str = "/api/v1/knowledge/faqs/import";

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let response = app.post_as(token, FAQS, &body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

fn source_ids(result: &Value) -> Vec<String> {
    result["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source_id"].as_str().unwrap().to_owned())
        .collect()
}

pub async fn faq_crud_and_search(app: &TestApp) {
    let owner = app.register("faqs@example.com", "Glow Beauty").await;
    let token = &owner.access_token;
    let faq = create(
        app,
        token,
        json!({
            "question": "Do you ship to Milan?",
            "answer": "Yes, within two working days.",
            "category": "shipping", "tags": ["Italy", "delivery"], "priority": "high"
        }),
    )
    .await;
    let id = faq["id"].as_str().unwrap().to_owned();
    assert_eq!(faq["tags"], json!(["italy", "delivery"]));
    assert_eq!(faq["priority"], "high");
    assert_eq!(faq["active"], true);

    // Searchable the moment the create returned.
    let found = app.knowledge_test(token, "shipping to milan?", 3).await;
    assert_eq!(found["results"][0]["source_type"], "faq");
    assert_eq!(found["results"][0]["source_id"], id.as_str());
    assert_eq!(found["results"][0]["rank"], 1);
    assert_eq!(found["results"][0]["metadata"]["category"], "shipping");
    let score = found["results"][0]["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    assert_eq!(found["confidence"].as_f64().unwrap(), score);

    let response = app
        .patch_as(
            token,
            &format!("{FAQS}/{id}"),
            &json!({"question": "Do you ship to Rome?", "category": null}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let changed: Value = response.json().await.unwrap();
    assert_eq!(changed["category"], Value::Null);
    assert_eq!(changed["answer"], "Yes, within two working days.");
    let found = app.knowledge_test(token, "ship to rome", 3).await;
    assert_eq!(found["results"][0]["source_id"], id.as_str());
    assert!(
        found["results"][0]["text"]
            .as_str()
            .unwrap()
            .contains("Rome")
    );

    let listed = app
        .get_as(token, &format!("{FAQS}?category=SHIPPING"))
        .await;
    assert_eq!(listed.status(), StatusCode::OK);
    let got: Value = app
        .get_as(token, &format!("{FAQS}/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["question"], "Do you ship to Rome?");
    let page: Value = app.get_as(token, FAQS).await.json().await.unwrap();
    assert_eq!(page["total"], 1);

    // Switched off: kept, never offered.
    app.patch_as(token, &format!("{FAQS}/{id}"), &json!({"active": false}))
        .await;
    let found = app.knowledge_test(token, "ship to rome", 3).await;
    assert!(!source_ids(&found).contains(&id));
    app.patch_as(token, &format!("{FAQS}/{id}"), &json!({"active": true}))
        .await;

    let response = app.delete_as(token, &format!("{FAQS}/{id}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let found = app.knowledge_test(token, "ship to rome", 3).await;
    assert!(!source_ids(&found).contains(&id), "gone at once");
    let response = app.get_as(token, &format!("{FAQS}/{id}")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "faq_not_found");
}

#[tokio::test]
async fn faqs_are_created_changed_searched_and_deleted() {
    faq_crud_and_search(&spawn_app().await).await;
}

pub async fn bad_faq_input(app: &TestApp) {
    let owner = app.register("bad-faqs@example.com", "Glow Beauty").await;
    let token = &owner.access_token;
    let response = app
        .post_as(
            token,
            FAQS,
            &json!({"question": "Hi", "category": "c".repeat(51), "tags": ["x".repeat(31)], "priority": "urgent"}),
        )
        .await;
    let mut fields = invalid_fields(response).await;
    fields.sort();
    assert_eq!(
        fields.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ["answer", "category", "priority", "question", "tags"]
    );
    let first = create(
        app,
        token,
        json!({"question": "What is your refund policy?", "answer": "30 days."}),
    )
    .await;
    let response = app
        .post_as(
            token,
            FAQS,
            &json!({"question": "what's your REFUND policy", "answer": "60 days."}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "duplicate_faq");
    assert_eq!(body["error"]["details"]["faq_id"], first["id"]);

    let response = app
        .post_as(
            token,
            FAQS,
            &json!({"question": "Valid?", "answer": "Yes", "extra": 1}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = format!("{FAQS}/{}", uuid::Uuid::now_v7());
    assert_eq!(
        app.patch_as(token, &missing, &json!({"answer": "x"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete_as(token, &missing).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_as(token, &format!("{FAQS}/not-a-uuid"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_faq_input_is_refused_precisely() {
    bad_faq_input(&spawn_app().await).await;
}

#[tokio::test]
async fn viewers_read_faqs_but_cannot_change_them_and_strangers_see_nothing() {
    let app = spawn_app().await;
    let owner = app.register("roles-faqs@example.com", "Glow Beauty").await;
    let faq = create(
        &app,
        &owner.access_token,
        json!({"question": "Do you ship to Milan?", "answer": "Yes."}),
    )
    .await;
    let id = faq["id"].as_str().unwrap();
    let viewer = app.join_as(&owner, "viewer@example.com", "viewer").await;
    assert_eq!(
        app.get_as(&viewer, &format!("{FAQS}/{id}")).await.status(),
        StatusCode::OK
    );
    let response = app
        .post_as(
            &viewer,
            FAQS,
            &json!({"question": "Another one?", "answer": "No."}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.delete_as(&viewer, &format!("{FAQS}/{id}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    let stranger = app
        .register("stranger-faqs@example.com", "Other Shop")
        .await;
    let response = app
        .get_as(&stranger.access_token, &format!("{FAQS}/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.delete_as(&stranger.access_token, &format!("{FAQS}/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let page: Value = app
        .get_as(&stranger.access_token, FAQS)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 0);
    let found = app
        .knowledge_test(&stranger.access_token, "ship to milan", 5)
        .await;
    assert_eq!(
        found["results"],
        json!([]),
        "another workspace's FAQ never appears"
    );
    assert_eq!(found["confidence"], 0.0);
}

async fn import(app: &TestApp, token: &str, query: &str, csv: &str) -> (StatusCode, Value) {
    let response = app
        .post_body_as(
            token,
            &format!("{IMPORT}{query}"),
            "text/csv",
            csv.to_owned(),
        )
        .await;
    let status = response.status();
    (status, response.json().await.unwrap())
}

pub async fn faq_import(app: &TestApp) {
    let owner = app.register("import-faqs@example.com", "Glow Beauty").await;
    let token = &owner.access_token;
    let existing = create(
        app,
        token,
        json!({"question": "What is your refund policy?", "answer": "30 days."}),
    )
    .await;
    let csv = "question,answer,category,tags\n\
        Do you ship to Milan?,\"Yes, in two days.\",shipping,\"italy,milan\"\n\
        What's your refund policy?,60 days now.,,\n\
        do you SHIP to milan,Also yes.,,\n\
        ¿Hacéis envíos a Madrid?,\"Sí, en tres días.\",envíos,\n";

    let (status, plan) = import(app, token, "?dry_run=true", csv).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["valid"], true);
    assert_eq!(
        plan["summary"],
        json!({"created": 2, "updated": 0, "skipped": 2, "errors": 0})
    );
    assert_eq!(plan["duplicates"][0]["row"], 3);
    assert_eq!(plan["duplicates"][0]["duplicate_of"]["kind"], "existing");
    assert_eq!(
        plan["duplicates"][0]["duplicate_of"]["faq_id"],
        existing["id"]
    );
    assert_eq!(
        plan["duplicates"][1]["duplicate_of"],
        json!({"kind": "row", "row": 2, "faq_id": null})
    );
    let page: Value = app.get_as(token, FAQS).await.json().await.unwrap();
    assert_eq!(page["total"], 1, "a dry run writes nothing");

    let (status, done) = import(app, token, "", csv).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["summary"]["created"], 2);
    let page: Value = app.get_as(token, FAQS).await.json().await.unwrap();
    assert_eq!(page["total"], 3);
    let found = app.knowledge_test(token, "envios a madrid", 3).await;
    assert_eq!(
        found["results"][0]["metadata"]["name"], "¿Hacéis envíos a Madrid?",
        "imported FAQs are searchable when the import returns"
    );

    let (_, again) = import(app, token, "", csv).await;
    assert_eq!(
        again["summary"]["created"], 0,
        "importing twice never doubles"
    );
    assert_eq!(again["summary"]["skipped"], 4);
    let (_, overwritten) = import(app, token, "?overwrite=true", csv).await;
    assert_eq!(overwritten["summary"]["updated"], 1);
    assert_eq!(overwritten["faqs"][0]["id"], existing["id"]);
    let refund: Value = app
        .get_as(
            token,
            &format!("{FAQS}/{}", existing["id"].as_str().unwrap()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refund["answer"], "60 days now.");

    // Row errors: nothing written, every problem named.
    let bad = "question,answer\nHi,\nIs this fine?,Yes\n";
    let (status, body) = import(app, token, "", bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_import");
    let errors = body["error"]["details"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["row"], 2);
    let page: Value = app.get_as(token, FAQS).await.json().await.unwrap();
    assert_eq!(page["total"], 3, "all or nothing");
    let (status, plan) = import(app, token, "?dry_run=true", bad).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(plan["valid"], false);
    assert_eq!(plan["summary"]["errors"], 2);

    let (status, body) = import(app, token, "", "question,answr\nA?,B\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["details"]["errors"][0]["code"],
        "unknown_column"
    );
    let response = app
        .post_body_as(
            token,
            IMPORT,
            "text/csv",
            b"question,answer\n\xff\xfe,x\n".to_vec(),
        )
        .await;
    assert_eq!(error_code(response).await, "invalid_csv");
    let response = app
        .post_body_as(token, IMPORT, "application/json", "{}".to_owned())
        .await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = app
        .post_file_as(
            token,
            IMPORT,
            "file",
            "question,answer\nCan I pay by card?,Yes.\n".as_bytes(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "multipart works too");
}

#[tokio::test]
async fn faq_csv_imports_report_duplicates_and_are_all_or_nothing() {
    faq_import(&spawn_app().await).await;
}
