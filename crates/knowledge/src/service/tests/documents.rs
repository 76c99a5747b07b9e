use std::sync::atomic::Ordering;

use super::*;
use crate::service::{DocumentError, UploadedFile};
use crate::{Document, DocumentStatus, EmbedError, NewDocumentError};

const GUIDE: &str = "# Shipping\n\
We ship to every city in Italy within two days. Orders above fifty euros ship free.\n\
Milan and Rome get next day delivery when ordered before noon.\n\
## Returns\n\
Unopened products can be returned within thirty days for a full refund. \
Write to us with the order number and we send a prepaid label.\n\
# Care\n\
Keep serums away from sunlight and close the bottle after use so the vitamin C stays fresh.";

fn text_file(name: &str, text: &str) -> UploadedFile {
    UploadedFile {
        file_name: name.to_owned(),
        mime_type: "text/markdown".to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

async fn upload(h: &Harness, file: UploadedFile) -> Document {
    h.service.upload_document(h.workspace, file).await.unwrap()
}

async fn process(h: &Harness, document: &Document, final_attempt: bool) -> Result<(), IndexError> {
    h.service
        .process_document(
            h.workspace,
            document.id(),
            final_attempt,
            &RecordedProgress::default(),
        )
        .await
}

use crate::service::IndexError;

#[tokio::test]
async fn an_upload_is_queued_then_extracted_chunked_embedded_and_searchable() {
    let h = Harness::new();
    let document = upload(&h, text_file("guide.md", GUIDE)).await;
    assert_eq!(
        (document.status(), document.progress()),
        (DocumentStatus::Queued, 0)
    );
    assert_eq!(
        h.tasks.take(),
        [KnowledgeTask::ProcessDocument {
            workspace_id: h.workspace,
            document_id: document.id()
        }]
    );
    assert!(h.files.files.lock().unwrap().contains_key(&document.id()));

    let progress = RecordedProgress::default();
    h.service
        .process_document(h.workspace, document.id(), false, &progress)
        .await
        .unwrap();
    let stored = h.repository.document(document.id()).unwrap();
    assert_eq!(stored.status(), DocumentStatus::Completed);
    assert_eq!(stored.progress(), 100);
    let chunks = h
        .repository
        .chunks
        .lock()
        .unwrap()
        .get(&document.id())
        .cloned()
        .unwrap();
    assert!(chunks.len() >= 3, "{chunks:?}");
    assert_eq!(stored.chunk_count() as usize, chunks.len());
    let points = h.index.points_of(&h.spec(), document.id().as_uuid());
    assert_eq!(points.len(), chunks.len(), "every chunk indexed");

    let percents: Vec<u8> = progress
        .reports
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.0)
        .collect();
    assert!(percents.windows(2).all(|w| w[0] <= w[1]), "{percents:?}");
    assert_eq!(percents.last(), Some(&100));
    assert!(
        !h.files.files.lock().unwrap().contains_key(&document.id()),
        "the original is dropped once its chunks are stored"
    );

    let hits = h.search(h.workspace, "returned refund label").await;
    assert_eq!(hits[0].source.source_id, document.id().as_uuid());
    assert_eq!(hits[0].metadata["file_name"], "guide.md");
    assert_eq!(hits[0].metadata["section"], "Shipping > Returns");
}

#[tokio::test]
async fn unacceptable_uploads_are_refused_before_anything_is_stored() {
    let h = Harness::new();
    let cases = [
        (
            UploadedFile {
                file_name: "photo.png".into(),
                mime_type: "image/png".into(),
                bytes: vec![1, 2, 3],
            },
            "unsupported_type",
        ),
        (text_file("empty.md", ""), "empty_file"),
        (
            UploadedFile {
                file_name: "big.txt".into(),
                mime_type: "text/plain".into(),
                bytes: vec![b'a'; 10 * 1024 * 1024 + 1],
            },
            "file_too_large",
        ),
        (text_file("  ", "text"), "invalid_file_name"),
    ];
    for (file, code) in cases {
        match h.service.upload_document(h.workspace, file).await {
            Err(DocumentError::Rejected(e)) => assert_eq!(e.code(), code),
            other => panic!("{code}: {other:?}"),
        }
    }
    assert!(h.repository.documents.lock().unwrap().is_empty());
    assert!(h.files.files.lock().unwrap().is_empty());
    assert!(h.tasks.take().is_empty());
    assert!(matches!(NewDocumentError::EmptyFile.code(), "empty_file"));
}

#[tokio::test]
async fn an_upload_whose_processing_cannot_be_scheduled_leaves_nothing_behind() {
    let h = Harness::new();
    h.tasks.failing.store(true, Ordering::SeqCst);
    let result = h
        .service
        .upload_document(h.workspace, text_file("guide.md", GUIDE))
        .await;
    assert!(matches!(result, Err(DocumentError::Unexpected(_))));
    assert!(h.repository.documents.lock().unwrap().is_empty());
    assert!(h.files.files.lock().unwrap().is_empty());
}

#[tokio::test]
async fn unreadable_files_fail_with_a_precise_reason_and_index_nothing() {
    let h = Harness::new();
    let cases = [
        (
            "binary.pdf",
            "application/pdf",
            b"\x00\x01\x02garbage".to_vec(),
            "corrupt_file",
        ),
        (
            "empty.pdf",
            "application/pdf",
            b"%PDF \x0c  \x0c".to_vec(),
            "no_text",
        ),
        (
            "bomb.docx",
            crate::DocumentFormat::Docx.mime_type(),
            b"PK..BOMB..".to_vec(),
            "zip_bomb",
        ),
        (
            "photo.txt",
            "text/plain",
            vec![0xff, 0xfe, 0x00, 0x89],
            "binary_content",
        ),
    ];
    for (name, mime, bytes, code) in cases {
        let document = upload(
            &h,
            UploadedFile {
                file_name: name.into(),
                mime_type: mime.into(),
                bytes,
            },
        )
        .await;
        process(&h, &document, false).await.unwrap();
        let stored = h.repository.document(document.id()).unwrap();
        assert_eq!(stored.status(), DocumentStatus::Failed, "{name}");
        assert_eq!(stored.failure().unwrap().code(), code, "{name}");
        assert!(!stored.failure().unwrap().message().is_empty());
        assert!(
            h.index
                .points_of(&h.spec(), document.id().as_uuid())
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_transient_embedding_failure_is_retried_and_recorded_on_the_last_attempt() {
    let h = Harness::new();
    let document = upload(&h, text_file("guide.md", GUIDE)).await;
    *h.embedder.fail_with.lock().unwrap() = Some(EmbedError::Transient("429".into()));
    let error = process(&h, &document, false).await.unwrap_err();
    assert!(matches!(error, IndexError::Transient(_)));
    let stored = h.repository.document(document.id()).unwrap();
    assert_eq!(
        stored.status(),
        DocumentStatus::Embedding,
        "still processing"
    );

    process(&h, &document, true).await.unwrap();
    let stored = h.repository.document(document.id()).unwrap();
    assert_eq!(stored.status(), DocumentStatus::Failed);
    assert_eq!(stored.failure().unwrap().code(), "indexing_failed");
    assert!(stored.failure().unwrap().message().contains("429"));

    *h.embedder.fail_with.lock().unwrap() = Some(EmbedError::Rejected("input too long".into()));
    let other = upload(&h, text_file("other.md", GUIDE)).await;
    process(&h, &other, false).await.unwrap();
    let stored = h.repository.document(other.id()).unwrap();
    assert_eq!(stored.failure().unwrap().code(), "embedding_failed");
    assert!(
        h.index
            .points_of(&h.spec(), other.id().as_uuid())
            .is_empty()
    );
}

#[tokio::test]
async fn a_failed_index_write_removes_what_it_wrote() {
    let h = Harness::new();
    let document = upload(&h, text_file("guide.md", GUIDE)).await;
    // The collection exists and takes the first write of three points; then the index
    // times out.
    h.service.prepare_index().await.unwrap();
    h.tasks.take();
    *h.index.upsert_budget.lock().unwrap() = Some(1);
    assert!(matches!(
        process(&h, &document, false).await,
        Err(IndexError::Transient(_))
    ));
    *h.index.upsert_budget.lock().unwrap() = None;
    assert!(
        h.index
            .points_of(&h.spec(), document.id().as_uuid())
            .is_empty()
    );
    process(&h, &document, false).await.unwrap();
    assert_eq!(
        h.repository.document(document.id()).unwrap().status(),
        DocumentStatus::Completed,
        "the retry completes it"
    );
}

#[tokio::test]
async fn a_reupload_replaces_the_old_document_only_once_it_is_indexed() {
    let h = Harness::new();
    let old = upload(&h, text_file("policy.md", "Refunds within thirty days.")).await;
    process(&h, &old, false).await.unwrap();

    let new = upload(&h, text_file("Policy.md", "Refunds within sixty days now.")).await;
    assert_eq!(
        h.found("refunds days").await,
        [old.id().as_uuid()],
        "old kept while queued"
    );

    // A failed re-upload keeps the old one.
    *h.embedder.fail_with.lock().unwrap() = Some(EmbedError::Rejected("nope".into()));
    process(&h, &new, false).await.unwrap();
    *h.embedder.fail_with.lock().unwrap() = None;
    assert_eq!(h.found("refunds days").await, [old.id().as_uuid()]);

    let newer = upload(&h, text_file("policy.md", "Refunds within sixty days now.")).await;
    process(&h, &newer, false).await.unwrap();
    assert_eq!(h.found("refunds days").await, [newer.id().as_uuid()]);
    assert!(h.repository.document(old.id()).is_none(), "replaced");
    assert!(
        h.repository.document(new.id()).is_none(),
        "the failed attempt too"
    );
    assert!(h.index.points_of(&h.spec(), old.id().as_uuid()).is_empty());
}

#[tokio::test]
async fn deleting_a_document_removes_its_chunks_at_once() {
    let h = Harness::new();
    let document = upload(&h, text_file("guide.md", GUIDE)).await;
    process(&h, &document, false).await.unwrap();
    assert!(!h.found("refund label").await.is_empty());

    h.index.unavailable.store(true, Ordering::SeqCst);
    assert!(
        h.service
            .delete_document(h.workspace, document.id())
            .await
            .is_err()
    );
    h.index.unavailable.store(false, Ordering::SeqCst);
    assert!(
        h.repository.document(document.id()).is_some(),
        "nothing changed"
    );

    h.service
        .delete_document(h.workspace, document.id())
        .await
        .unwrap();
    assert!(h.found("refund label").await.is_empty());
    assert!(
        h.index
            .points_of(&h.spec(), document.id().as_uuid())
            .is_empty()
    );
    assert_eq!(
        h.service.get_document(h.workspace, document.id()).await,
        Err(DocumentError::NotFound)
    );
}

#[tokio::test]
async fn a_document_deleted_while_processing_leaves_no_chunks() {
    let h = Harness::new();
    let document = upload(&h, text_file("guide.md", GUIDE)).await;
    h.repository
        .documents
        .lock()
        .unwrap()
        .retain(|d| d.id() != document.id());
    process(&h, &document, false).await.unwrap();
    assert!(
        h.index
            .points_of(&h.spec(), document.id().as_uuid())
            .is_empty()
    );
    assert!(!h.files.files.lock().unwrap().contains_key(&document.id()));
}

#[tokio::test]
async fn another_workspace_cannot_read_or_delete_a_document() {
    let h = Harness::new();
    let document = upload(&h, text_file("guide.md", GUIDE)).await;
    process(&h, &document, false).await.unwrap();
    let stranger = WorkspaceId::new();
    assert_eq!(
        h.service.get_document(stranger, document.id()).await,
        Err(DocumentError::NotFound)
    );
    assert_eq!(
        h.service.delete_document(stranger, document.id()).await,
        Err(DocumentError::NotFound)
    );
    assert!(h.search(stranger, "refund label").await.is_empty());
}
