//! `/knowledge/documents`: upload, background processing with visible progress,
//! search, delete, re-upload; and every kind of bad file.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

use super::knowledge_fixtures::{DOCX_MIME, docx, pdf, processed, zip_bomb_docx};

const DOCUMENTS: &str = "/api/v1/knowledge/documents";

async fn upload(app: &TestApp, token: &str, name: &str, mime: &str, bytes: &[u8]) -> Value {
    let response = app.upload_document_as(token, name, mime, bytes).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::ACCEPTED, "{name}: {body}");
    assert_eq!(body["status"], "queued");
    assert_eq!(body["progress"], 0);
    body
}

fn hits_of(result: &Value, id: &str) -> Vec<Value> {
    result["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["source_id"] == id)
        .cloned()
        .collect()
}

const POLICY_MD: &str = "# Shipping\n\
We ship to every city in Italy within two days; orders above fifty euros ship free.\n\n\
## Returns\n\
Unopened products can be returned within thirty days for a full refund.\n";

pub async fn documents_are_processed_searched_and_deleted(app: &TestApp) {
    let owner = app.register("documents@example.com", "Glow Beauty").await;
    let token = &owner.access_token;

    let markdown = upload(
        app,
        token,
        "policy.md",
        "text/markdown",
        POLICY_MD.as_bytes(),
    )
    .await;
    let md_id = markdown["id"].as_str().unwrap().to_owned();
    let guide = pdf(&[
        "Cleanse your face every evening with lukewarm water.",
        "Apply the Glow Serum on damp skin before your moisturiser.",
    ]);
    let pdf_doc = upload(app, token, "routine.pdf", "application/pdf", &guide).await;
    let pdf_id = pdf_doc["id"].as_str().unwrap().to_owned();
    let word = docx(
        "Ingredienti",
        &["La crema idratante contiene acido ialuronico e aloe vera."],
    );
    let docx_doc = upload(app, token, "ingredienti.docx", DOCX_MIME, &word).await;
    let docx_id = docx_doc["id"].as_str().unwrap().to_owned();
    let html = "<html><head><title>Care</title></head><body><h1>Storage</h1>\
        <p>Keep every bottle away from direct sunlight.</p></body></html>";
    let html_doc = upload(app, token, "care.html", "text/html", html.as_bytes()).await;
    let html_id = html_doc["id"].as_str().unwrap().to_owned();

    for (id, mime) in [
        (&md_id, "text/markdown"),
        (&pdf_id, "application/pdf"),
        (&docx_id, DOCX_MIME),
        (&html_id, "text/html"),
    ] {
        let done = processed(app, token, id).await;
        assert_eq!(done["status"], "completed", "{done}");
        assert_eq!(done["progress"], 100);
        assert_eq!(done["mime_type"], mime);
        assert!(done["chunk_count"].as_u64().unwrap() >= 1);
        assert_eq!(done["error"], Value::Null);
    }

    let found = app
        .knowledge_test(token, "can I return a product for a refund?", 5)
        .await;
    let hit = &hits_of(&found, &md_id)[0];
    assert_eq!(hit["source_type"], "document");
    assert_eq!(hit["metadata"]["file_name"], "policy.md");
    assert_eq!(
        hit["metadata"]["section"]
            .as_str()
            .map(|s| s.starts_with("Shipping")),
        Some(true)
    );
    let found = app.knowledge_test(token, "serum on damp skin", 5).await;
    let hit = &hits_of(&found, &pdf_id)[0];
    // Both short pages fit one chunk, which names the page it starts on.
    assert_eq!(hit["metadata"]["page"], "1", "{hit}");
    assert!(hit["text"].as_str().unwrap().contains("damp skin"), "{hit}");
    let found = app.knowledge_test(token, "acido ialuronico", 5).await;
    assert!(!hits_of(&found, &docx_id).is_empty(), "{found}");
    let found = app.knowledge_test(token, "sunlight bottle", 5).await;
    assert!(!hits_of(&found, &html_id).is_empty(), "{found}");

    let list: Value = app.get_as(token, DOCUMENTS).await.json().await.unwrap();
    assert_eq!(list["total"], 4);
    assert_eq!(list["items"][0]["id"], html_id.as_str(), "newest first");

    let response = app.delete_as(token, &format!("{DOCUMENTS}/{md_id}")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let found = app
        .knowledge_test(token, "can I return a product for a refund?", 10)
        .await;
    assert!(hits_of(&found, &md_id).is_empty(), "chunks gone at once");
    let response = app.get_as(token, &format!("{DOCUMENTS}/{md_id}")).await;
    assert_eq!(error_code(response).await, "document_not_found");

    let stranger = app
        .register("stranger-docs@example.com", "Other Shop")
        .await;
    let response = app
        .get_as(&stranger.access_token, &format!("{DOCUMENTS}/{pdf_id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let found = app
        .knowledge_test(&stranger.access_token, "serum on damp skin", 10)
        .await;
    assert!(
        hits_of(&found, &pdf_id).is_empty(),
        "never another workspace's"
    );
}

#[tokio::test]
async fn documents_of_every_format_are_processed_searched_and_deleted() {
    documents_are_processed_searched_and_deleted(&spawn_app().await).await;
}

#[tokio::test]
async fn a_reupload_replaces_the_document_once_indexed() {
    let app = spawn_app().await;
    let owner = app.register("reupload@example.com", "Glow Beauty").await;
    let token = &owner.access_token;
    let old = upload(
        &app,
        token,
        "prices.txt",
        "text/plain",
        b"Delivery costs five euros.",
    )
    .await;
    let old_id = old["id"].as_str().unwrap();
    processed(&app, token, old_id).await;
    let new = upload(
        &app,
        token,
        "prices.txt",
        "text/plain",
        b"Delivery costs seven euros now.",
    )
    .await;
    let new_id = new["id"].as_str().unwrap();
    let done = processed(&app, token, new_id).await;
    assert_eq!(done["status"], "completed");
    let found = app.knowledge_test(token, "delivery costs euros", 5).await;
    assert!(hits_of(&found, old_id).is_empty(), "{found}");
    assert_eq!(hits_of(&found, new_id).len(), 1);
    let list: Value = app.get_as(token, DOCUMENTS).await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

pub async fn bad_files_are_refused_or_fail_precisely(app: &TestApp) {
    let owner = app.register("bad-docs@example.com", "Glow Beauty").await;
    let token = &owner.access_token;

    // Refused before anything is stored.
    let response = app
        .upload_document_as(token, "empty.pdf", "application/pdf", b"")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(response).await, "empty_file");
    let response = app
        .upload_document_as(token, "photo.png", "image/png", b"\x89PNG")
        .await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(response).await, "unsupported_document_type");
    let response = app
        .upload_document_as(token, "old.doc", "application/msword", b"\xd0\xcf\x11\xe0")
        .await;
    assert_eq!(error_code(response).await, "unsupported_document_type");
    let sixty_mb = vec![b'%'; 60 * 1024 * 1024];
    let response = app
        .upload_document_as(token, "huge.pdf", "application/pdf", &sixty_mb)
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "file_too_large");
    assert_eq!(body["error"]["details"]["max_bytes"], 50 * 1024 * 1024);
    let eleven_mb = vec![b'a'; 11 * 1024 * 1024];
    let response = app
        .upload_document_as(token, "long.txt", "text/plain", &eleven_mb)
        .await;
    assert_eq!(error_code(response).await, "file_too_large");
    let response = app
        .post_file_as(token, DOCUMENTS, "attachment", b"hello")
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app
        .post_body_as(token, DOCUMENTS, "text/plain", "just text".to_owned())
        .await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let list: Value = app
        .get_as(token, "/api/v1/knowledge/documents")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0, "nothing stored for refused uploads");

    // Accepted (they look acceptable), then failed with the reason.
    let cases: [(&str, &str, Vec<u8>, &str); 4] = [
        (
            "binary.pdf",
            "application/pdf",
            vec![0x00, 0x9f, 0x42, 0x13, 0x37, 0xff],
            "corrupt_file",
        ),
        ("blank.pdf", "application/pdf", pdf(&[""]), "no_text"),
        ("bomb.docx", DOCX_MIME, zip_bomb_docx(), "zip_bomb"),
        (
            "image.txt",
            "text/plain",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, 0xff, 0xfe, 0],
            "binary_content",
        ),
    ];
    for (name, mime, bytes, code) in cases {
        let document = upload(app, token, name, mime, &bytes).await;
        let done = processed(app, token, document["id"].as_str().unwrap()).await;
        assert_eq!(done["status"], "failed", "{name}: {done}");
        assert_eq!(done["error"]["code"], code, "{name}: {done}");
        assert!(!done["error"]["message"].as_str().unwrap().is_empty());
        assert_eq!(done["chunk_count"], 0);
    }
    let found = app
        .knowledge_test(token, "binary blank bomb image", 50)
        .await;
    assert_eq!(
        found["results"],
        serde_json::json!([]),
        "nothing half-indexed"
    );
}

#[tokio::test]
async fn bad_files_are_refused_or_fail_with_a_precise_reason() {
    bad_files_are_refused_or_fail_precisely(&spawn_app().await).await;
}
