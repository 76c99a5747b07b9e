use std::sync::atomic::Ordering;

use kernel::PageRequest;

use super::*;
use crate::service::{FaqError, FaqImportError, FaqPatch};
use crate::{DuplicateOf, EmbedError, FaqFilter};

fn records(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[tokio::test]
async fn a_faq_is_searchable_as_soon_as_it_is_created_and_follows_edits() {
    let h = Harness::new();
    let faq = h
        .service
        .create_faq(
            h.workspace,
            new_faq("Do you ship to Milan?", "Yes, in two days."),
        )
        .await
        .unwrap();
    assert!(h.tasks.take().is_empty(), "indexed inline, no task needed");
    let hits = h.search(h.workspace, "shipping to milan").await;
    assert_eq!(hits[0].source.source_id, faq.id.as_uuid());
    assert_eq!(hits[0].metadata["name"], "Do you ship to Milan?");

    let patch = FaqPatch {
        question: Some(FaqQuestion::parse("Do you ship to Rome?").unwrap()),
        ..FaqPatch::default()
    };
    h.service
        .update_faq(h.workspace, faq.id, patch)
        .await
        .unwrap();
    assert_eq!(h.found("ship rome").await[0], faq.id.as_uuid());
    assert!(
        h.search(h.workspace, "ship rome").await[0]
            .text
            .contains("Rome")
    );

    let deactivate = FaqPatch {
        active: Some(false),
        ..FaqPatch::default()
    };
    h.service
        .update_faq(h.workspace, faq.id, deactivate)
        .await
        .unwrap();
    assert!(
        h.found("ship rome").await.is_empty(),
        "inactive FAQs are never offered"
    );
}

#[tokio::test]
async fn deleting_a_faq_removes_it_from_search_at_once_or_changes_nothing() {
    let h = Harness::new();
    let faq = h
        .service
        .create_faq(
            h.workspace,
            new_faq("What is your refund policy?", "30 days."),
        )
        .await
        .unwrap();

    h.index.unavailable.store(true, Ordering::SeqCst);
    let error = h.service.delete_faq(h.workspace, faq.id).await.unwrap_err();
    assert!(matches!(error, FaqError::Unavailable(_)), "{error:?}");
    h.index.unavailable.store(false, Ordering::SeqCst);
    assert!(
        h.service.get_faq(h.workspace, faq.id).await.is_ok(),
        "nothing changed"
    );

    h.service.delete_faq(h.workspace, faq.id).await.unwrap();
    assert!(h.found("refund policy").await.is_empty());
    assert_eq!(
        h.service.delete_faq(h.workspace, faq.id).await,
        Err(FaqError::NotFound)
    );
}

#[tokio::test]
async fn the_same_question_twice_is_a_duplicate() {
    let h = Harness::new();
    let first = h
        .service
        .create_faq(
            h.workspace,
            new_faq("What is your refund policy?", "30 days."),
        )
        .await
        .unwrap();
    let again = h
        .service
        .create_faq(
            h.workspace,
            new_faq("what's your REFUND policy", "60 days."),
        )
        .await;
    assert_eq!(again.unwrap_err(), FaqError::Duplicate(first.id));
}

#[tokio::test]
async fn a_faq_saved_while_the_embedder_is_down_is_indexed_by_a_retried_task() {
    let h = Harness::new();
    *h.embedder.fail_with.lock().unwrap() = Some(EmbedError::Transient("503".into()));
    let faq = h
        .service
        .create_faq(h.workspace, new_faq("Do you ship to Milan?", "Yes."))
        .await
        .unwrap();
    let tasks = h.tasks.take();
    assert_eq!(
        tasks,
        [KnowledgeTask::IndexFaqs {
            workspace_id: h.workspace,
            faq_ids: vec![faq.id]
        }]
    );
    *h.embedder.fail_with.lock().unwrap() = None;
    for task in tasks {
        h.tasks.schedule_again(task);
    }
    h.run_tasks().await;
    assert_eq!(h.found("ship milan").await, [faq.id.as_uuid()]);
}

#[tokio::test]
async fn a_dry_run_reports_new_rows_duplicates_and_errors_and_writes_nothing() {
    let h = Harness::new();
    let existing = h
        .service
        .create_faq(
            h.workspace,
            new_faq("What is your refund policy?", "30 days."),
        )
        .await
        .unwrap();
    let file = records(&[
        &["question", "answer", "category", "tags"],
        &["Do you ship to Milan?", "Yes.", "shipping", "italy,milan"],
        &["What's your refund policy?", "60 days now.", "", ""],
        &["do you SHIP to milan", "Also yes.", "", ""],
        &["Hi", "", "", ""],
    ]);
    let plan = h
        .service
        .preview_faq_import(h.workspace, &file, false)
        .await
        .unwrap();
    assert_eq!(
        plan.created
            .iter()
            .map(|(row, f)| (*row, f.question.as_str()))
            .collect::<Vec<_>>(),
        [(2, "Do you ship to Milan?")]
    );
    assert_eq!(
        plan.skipped
            .iter()
            .map(|d| (d.row, d.of))
            .collect::<Vec<_>>(),
        [
            (3, DuplicateOf::Existing(existing.id)),
            (4, DuplicateOf::Row(2))
        ]
    );
    assert_eq!(
        plan.errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect::<Vec<_>>(),
        [(5, "question"), (5, "answer")]
    );
    let page = h
        .service
        .list_faqs(h.workspace, &FaqFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 1, "a dry run writes nothing");

    let refused = h.service.apply_faq_import(h.workspace, &file, false).await;
    assert!(matches!(refused, Err(FaqImportError::Invalid(errors)) if errors.len() == 2));
    let page = h
        .service
        .list_faqs(h.workspace, &FaqFilter::default(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 1, "all or nothing");
    assert_eq!(h.found("ship milan").await, [existing.id.as_uuid()]);
}

#[tokio::test]
async fn an_import_creates_new_faqs_skips_duplicates_and_overwrites_only_when_asked() {
    let h = Harness::new();
    let existing = h
        .service
        .create_faq(
            h.workspace,
            new_faq("What is your refund policy?", "30 days."),
        )
        .await
        .unwrap();
    let file = records(&[
        &["question", "answer"],
        &["Do you ship to Milan?", "Yes, in two days."],
        &["What's your refund policy?", "60 days now."],
    ]);
    let done = h
        .service
        .apply_faq_import(h.workspace, &file, false)
        .await
        .unwrap();
    assert_eq!((done.created.len(), done.skipped.len()), (1, 1));
    let milan = done.created[0].1.id;
    assert_eq!(h.found("ship milan").await[0], milan.as_uuid());
    assert_eq!(
        h.service
            .get_faq(h.workspace, existing.id)
            .await
            .unwrap()
            .answer
            .as_str(),
        "30 days."
    );

    let again = h
        .service
        .apply_faq_import(h.workspace, &file, true)
        .await
        .unwrap();
    assert!(again.created.is_empty(), "importing twice never doubles");
    assert_eq!(
        again
            .updated
            .iter()
            .map(|(row, f)| (*row, f.id))
            .collect::<Vec<_>>(),
        [(3, existing.id)]
    );
    let hits = h.search(h.workspace, "refund policy").await;
    assert!(hits[0].text.contains("60 days now."), "{hits:?}");
}
