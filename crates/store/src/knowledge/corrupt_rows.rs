//! Knowledge rows the domain's constructors refuse (edited by hand, or left by a bad
//! migration) surface as `Unexpected`, never as a panic or a half-valid value; rows
//! whose fields merely disagree are repaired as `Document::from_record` documents.

use kernel::{PageRequest, WorkspaceId};
use knowledge::KnowledgeRepositoryError::Unexpected;
use knowledge::{DocumentId, DocumentStatus, FaqFilter, FaqId, KnowledgeRepository};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use uuid::Uuid;

use super::SeaOrmKnowledgeRepository;
use crate::entities::{documents, faqs, workspaces};

/// A migrated SQLite file with one workspace in it.
async fn database(root: &tempfile::TempDir) -> (DatabaseConnection, Uuid) {
    let db = crate::connect(&format!("sqlite:{}/chatdesk.db", root.path().display()))
        .await
        .unwrap();
    crate::migrate(&db).await.unwrap();
    let workspace = Uuid::now_v7();
    let now = chrono::Utc::now();
    workspaces::Entity::insert(workspaces::ActiveModel {
        id: Set(workspace),
        business_name: Set("Glow Beauty".to_owned()),
        business_type: Set(None),
        timezone: Set("Europe/Rome".to_owned()),
        currency: Set("EUR".to_owned()),
        brand_tone: Set("friendly".to_owned()),
        languages: Set(serde_json::json!(["en"])),
        operating_hours: Set(serde_json::json!([])),
        onboarding: Set(serde_json::json!({
            "business_details": "done", "channel": "pending", "products": "pending",
            "tone": "pending", "completed": false
        })),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&db)
    .await
    .unwrap();
    (db, workspace)
}

fn faq_row(workspace: Uuid, question: &str, tags: serde_json::Value) -> faqs::ActiveModel {
    let now = chrono::Utc::now();
    faqs::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(workspace),
        question: Set(question.to_owned()),
        answer: Set("Yes, in two days.".to_owned()),
        category: Set(None),
        category_key: Set(None),
        tags: Set(tags),
        priority: Set("high".to_owned()),
        active: Set(true),
        dedupe_key: Set(format!("ship milan {}", Uuid::now_v7())),
        search_text: Set("do you ship to milan?\nyes, in two days.".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

fn document_row(workspace: Uuid, mime: &str, status: &str) -> documents::ActiveModel {
    let now = chrono::Utc::now();
    documents::ActiveModel {
        id: Set(Uuid::now_v7()),
        workspace_id: Set(workspace),
        file_name: Set("guide.pdf".to_owned()),
        mime_type: Set(mime.to_owned()),
        size_bytes: Set(1024),
        status: Set(status.to_owned()),
        progress: Set(40),
        failure_code: Set(None),
        failure_message: Set(None),
        chunk_count: Set(0),
        content_hash: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

#[tokio::test]
async fn a_faq_with_an_invalid_question_or_malformed_tags_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let (db, workspace) = database(&root).await;
    let repo = SeaOrmKnowledgeRepository::new(db.clone());
    for (question, tags, what) in [
        ("Hi", serde_json::json!([]), "FAQ question"),
        ("Do you ship?", serde_json::json!({"a": 1}), "FAQ tags"),
        ("Do you ship?", serde_json::json!([7]), "FAQ tags"),
    ] {
        let row = faq_row(workspace, question, tags);
        let id = row.id.clone().unwrap();
        faqs::Entity::insert(row)
            .exec_without_returning(&db)
            .await
            .unwrap();
        let found = repo
            .get_faq(WorkspaceId::from_uuid(workspace), FaqId::from_uuid(id))
            .await;
        assert!(
            matches!(&found, Err(Unexpected(m)) if m.contains(what)),
            "{found:?}"
        );
        faqs::Entity::delete_by_id(id).exec(&db).await.unwrap();
    }
    let listed = repo
        .list_faqs(
            WorkspaceId::from_uuid(workspace),
            &FaqFilter::default(),
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(listed.total, 0);
}

#[tokio::test]
async fn statuses_and_priorities_outside_the_domain_are_refused_by_the_schema() {
    let root = tempfile::tempdir().unwrap();
    let (db, workspace) = database(&root).await;
    let mut faq = faq_row(workspace, "Do you ship?", serde_json::json!([]));
    faq.priority = Set("urgent".to_owned());
    assert!(
        faqs::Entity::insert(faq)
            .exec_without_returning(&db)
            .await
            .is_err()
    );
    let document = document_row(workspace, "application/pdf", "archived");
    assert!(
        documents::Entity::insert(document)
            .exec_without_returning(&db)
            .await
            .is_err()
    );
    let mut document = document_row(workspace, "application/pdf", "queued");
    document.progress = Set(101);
    assert!(
        documents::Entity::insert(document)
            .exec_without_returning(&db)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_document_of_an_unknown_type_is_unexpected() {
    let root = tempfile::tempdir().unwrap();
    let (db, workspace) = database(&root).await;
    let row = document_row(workspace, "application/msword", "queued");
    let id = row.id.clone().unwrap();
    documents::Entity::insert(row)
        .exec_without_returning(&db)
        .await
        .unwrap();
    let found = SeaOrmKnowledgeRepository::new(db)
        .get_document(WorkspaceId::from_uuid(workspace), DocumentId::from_uuid(id))
        .await;
    assert!(
        matches!(&found, Err(Unexpected(m)) if m.contains("document type")),
        "{found:?}"
    );
}

#[tokio::test]
async fn a_failed_document_without_a_reason_is_repaired_on_load() {
    let root = tempfile::tempdir().unwrap();
    let (db, workspace) = database(&root).await;
    let row = document_row(workspace, "application/pdf", "failed");
    let id = row.id.clone().unwrap();
    documents::Entity::insert(row)
        .exec_without_returning(&db)
        .await
        .unwrap();
    let found = SeaOrmKnowledgeRepository::new(db)
        .get_document(WorkspaceId::from_uuid(workspace), DocumentId::from_uuid(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.status(), DocumentStatus::Failed);
    assert_eq!(found.progress(), 40);
    assert_eq!(found.failure().map(|f| f.code()), Some("failed"));
}
