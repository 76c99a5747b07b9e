//! `KnowledgeRepository`, documents and their chunks: processing state written as the
//! domain moves it, lists newest first, chunks replaced whole or not at all.

use chrono::TimeDelta;
use kernel::{PageRequest, WorkspaceId};
use knowledge::{
    Chunk, Document, DocumentFailure, DocumentFormat, DocumentId, DocumentStatus,
    KnowledgeRepository, KnowledgeRepositoryError, NewDocument,
};

use super::catalog_fixtures::Stores;
use super::fixtures::at;

fn document(workspace_id: WorkspaceId, name: &str, seconds_from_now: i64) -> Document {
    Document::new(
        workspace_id,
        NewDocument::new(name, DocumentFormat::Pdf.mime_type(), 2_048_576).unwrap(),
        at(seconds_from_now),
    )
}

fn chunk(document: &Document, position: u32, text: &str) -> Chunk {
    Chunk {
        workspace_id: document.workspace_id(),
        document_id: document.id(),
        position,
        text: text.to_owned(),
        page: Some(position / 2 + 1),
        section: (position > 0).then(|| "Shipping > Italy".to_owned()),
    }
}

fn texts(chunks: &[Chunk]) -> Vec<&str> {
    chunks.iter().map(|c| c.text.as_str()).collect()
}

pub async fn document_round_trips_in_every_state(stores: &Stores, repo: &dyn KnowledgeRepository) {
    let ws = stores.workspace("ana").await;
    let queued = Document::new(
        ws,
        NewDocument::new("Notes.md", "text/x-markdown", 12).unwrap(),
        at(0),
    );
    let mut failed = document(ws, "Scan.pdf", 1);
    failed.advance(DocumentStatus::Extracting, at(2)).unwrap();
    failed.report_progress(12, at(3)).unwrap();
    failed
        .fail(
            DocumentFailure::new("encrypted", "the file is password-protected"),
            at(4),
        )
        .unwrap();
    let mut completed = Document::new(
        ws,
        NewDocument::new(
            "Guía de envíos.docx",
            DocumentFormat::Docx.mime_type(),
            25 * 1024 * 1024,
        )
        .unwrap(),
        at(5),
    );
    completed.complete(47, at(6)).unwrap();
    for d in [&queued, &failed, &completed] {
        repo.create_document(d).await.unwrap();
        assert_eq!(
            repo.get_document(ws, d.id()).await.unwrap().as_ref(),
            Some(d)
        );
    }
    assert_eq!(
        repo.get_document(ws, DocumentId::new()).await.unwrap(),
        None
    );
}

pub async fn update_writes_the_processing_state(stores: &Stores, repo: &dyn KnowledgeRepository) {
    let ws = stores.workspace("ana").await;
    let mut doc = document(ws, "guide.pdf", 0);
    repo.create_document(&doc).await.unwrap();

    doc.advance(DocumentStatus::Embedding, at(1)).unwrap();
    doc.report_progress(73, at(2)).unwrap();
    repo.update_document(&doc).await.unwrap();
    assert_eq!(
        repo.get_document(ws, doc.id()).await.unwrap(),
        Some(doc.clone())
    );

    doc.fail(
        DocumentFailure::new("embedding_failed", "the model is down"),
        at(3),
    )
    .unwrap();
    repo.update_document(&doc).await.unwrap();
    assert_eq!(
        repo.get_document(ws, doc.id()).await.unwrap(),
        Some(doc.clone())
    );

    // A retry clears the failure.
    doc.restart(at(4)).unwrap();
    doc.complete(12, at(5)).unwrap();
    repo.update_document(&doc).await.unwrap();
    let stored = repo.get_document(ws, doc.id()).await.unwrap().unwrap();
    assert_eq!(stored, doc);
    assert_eq!(stored.failure(), None);

    // Deleted while processing: the worker is told, and stops.
    repo.delete_document(ws, doc.id()).await.unwrap();
    assert_eq!(
        repo.update_document(&doc).await,
        Err(KnowledgeRepositoryError::DocumentNotFound)
    );
}

pub async fn documents_are_listed_newest_first_in_pages(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let base = at(0);
    let mut created = Vec::new();
    for i in 0..5 {
        // Two pairs share a creation time exactly: the id breaks the tie.
        let d = Document::new(
            ws,
            NewDocument::new(&format!("doc-{i}.pdf"), "text/plain", 10).unwrap(),
            base + TimeDelta::seconds(i / 2),
        );
        repo.create_document(&d).await.unwrap();
        created.push(d);
    }
    created.sort_by_key(|d| std::cmp::Reverse((d.created_at(), d.id())));
    let mut listed = Vec::new();
    for (page, expected_len) in [(1, 2), (2, 2), (3, 1), (4, 0)] {
        let result = repo
            .list_documents(ws, PageRequest::new(page, 2).unwrap())
            .await
            .unwrap();
        assert_eq!(result.total, 5);
        assert_eq!(result.items.len(), expected_len, "page {page}");
        listed.extend(result.items);
    }
    assert_eq!(listed, created);
}

pub async fn replace_chunks_swaps_the_whole_set(stores: &Stores, repo: &dyn KnowledgeRepository) {
    let ws = stores.workspace("ana").await;
    let doc = document(ws, "guide.pdf", 0);
    let other = document(ws, "other.pdf", 1);
    repo.create_document(&doc).await.unwrap();
    repo.create_document(&other).await.unwrap();
    repo.replace_chunks(ws, other.id(), &[chunk(&other, 0, "other text")])
        .await
        .unwrap();

    // Given out of order, listed in position order, every field kept.
    let first = vec![
        chunk(&doc, 2, "c"),
        chunk(&doc, 0, "a"),
        chunk(&doc, 1, "b"),
    ];
    repo.replace_chunks(ws, doc.id(), &first).await.unwrap();
    let listed = repo.list_chunks(ws, doc.id()).await.unwrap();
    assert_eq!(
        listed,
        vec![first[1].clone(), first[2].clone(), first[0].clone()]
    );

    let second = vec![chunk(&doc, 0, "new a"), chunk(&doc, 1, "new b")];
    repo.replace_chunks(ws, doc.id(), &second).await.unwrap();
    assert_eq!(repo.list_chunks(ws, doc.id()).await.unwrap(), second);

    // A run that fails half-way (two chunks at one position) leaves the last set.
    let broken = vec![
        chunk(&doc, 0, "x"),
        chunk(&doc, 1, "y"),
        chunk(&doc, 1, "z"),
    ];
    assert!(matches!(
        repo.replace_chunks(ws, doc.id(), &broken).await,
        Err(KnowledgeRepositoryError::Unexpected(_))
    ));
    assert_eq!(repo.list_chunks(ws, doc.id()).await.unwrap(), second);
    // Chunks of another document are refused before anything is written.
    assert!(matches!(
        repo.replace_chunks(ws, doc.id(), &[chunk(&other, 5, "stray")])
            .await,
        Err(KnowledgeRepositoryError::Unexpected(_))
    ));
    assert_eq!(repo.list_chunks(ws, doc.id()).await.unwrap(), second);

    repo.replace_chunks(ws, doc.id(), &[]).await.unwrap();
    assert_eq!(repo.list_chunks(ws, doc.id()).await.unwrap(), Vec::new());
    assert_eq!(
        texts(&repo.list_chunks(ws, other.id()).await.unwrap()),
        ["other text"]
    );
}

/// More chunks than one INSERT may carry on SQLite.
pub async fn replace_chunks_writes_a_long_document(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let doc = document(ws, "manual.pdf", 0);
    repo.create_document(&doc).await.unwrap();
    let chunks: Vec<Chunk> = (0..6_000)
        .map(|i| chunk(&doc, i, &format!("chunk number {i}")))
        .collect();
    let started = std::time::Instant::now();
    repo.replace_chunks(ws, doc.id(), &chunks).await.unwrap();
    repo.replace_chunks(ws, doc.id(), &chunks).await.unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(repo.list_chunks(ws, doc.id()).await.unwrap(), chunks);
}

pub async fn delete_removes_the_document_and_its_chunks(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let doc = document(ws, "guide.pdf", 0);
    let kept = document(ws, "kept.pdf", 1);
    repo.create_document(&doc).await.unwrap();
    repo.create_document(&kept).await.unwrap();
    repo.replace_chunks(ws, doc.id(), &[chunk(&doc, 0, "a"), chunk(&doc, 1, "b")])
        .await
        .unwrap();
    repo.replace_chunks(ws, kept.id(), &[chunk(&kept, 0, "kept")])
        .await
        .unwrap();

    repo.delete_document(ws, doc.id()).await.unwrap();
    assert_eq!(repo.get_document(ws, doc.id()).await.unwrap(), None);
    assert_eq!(repo.list_chunks(ws, doc.id()).await.unwrap(), Vec::new());
    assert_eq!(
        repo.delete_document(ws, doc.id()).await,
        Err(KnowledgeRepositoryError::DocumentNotFound)
    );
    // A worker finishing after the delete stores nothing.
    assert_eq!(
        repo.replace_chunks(ws, doc.id(), &[chunk(&doc, 0, "late")])
            .await,
        Err(KnowledgeRepositoryError::DocumentNotFound)
    );
    assert_eq!(repo.list_chunks(ws, doc.id()).await.unwrap(), Vec::new());
    assert_eq!(
        texts(&repo.list_chunks(ws, kept.id()).await.unwrap()),
        ["kept"]
    );
    let page = repo
        .list_documents(ws, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![kept]);
}

pub async fn documents_of_one_workspace_are_invisible_from_another(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let intruder = stores.workspace("eve").await;
    let doc = document(ws, "guide.pdf", 0);
    repo.create_document(&doc).await.unwrap();
    repo.replace_chunks(ws, doc.id(), &[chunk(&doc, 0, "secret")])
        .await
        .unwrap();

    assert_eq!(repo.get_document(intruder, doc.id()).await.unwrap(), None);
    let page = repo
        .list_documents(intruder, PageRequest::default())
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (0, 0));
    assert_eq!(
        repo.list_chunks(intruder, doc.id()).await.unwrap(),
        Vec::new()
    );
    assert_eq!(
        repo.delete_document(intruder, doc.id()).await,
        Err(KnowledgeRepositoryError::DocumentNotFound)
    );
    // The intruder's own chunk objects, aimed at the victim's document.
    let forged = Chunk {
        workspace_id: intruder,
        ..chunk(&doc, 0, "forged")
    };
    assert_eq!(
        repo.replace_chunks(intruder, doc.id(), &[forged]).await,
        Err(KnowledgeRepositoryError::DocumentNotFound)
    );
    // The victim's own document under the intruder's workspace id.
    let mut stolen = doc.clone();
    stolen.complete(1, at(1)).unwrap();
    let stolen = knowledge::Document::from_record(knowledge::DocumentRecord {
        workspace_id: intruder,
        id: stolen.id(),
        file_name: stolen.file_name().clone(),
        format: stolen.format(),
        size_bytes: stolen.size_bytes(),
        status: stolen.status(),
        progress: stolen.progress(),
        failure: None,
        chunk_count: stolen.chunk_count(),
        created_at: stolen.created_at(),
        updated_at: stolen.updated_at(),
    });
    assert_eq!(
        repo.update_document(&stolen).await,
        Err(KnowledgeRepositoryError::DocumentNotFound)
    );
    assert_eq!(
        repo.get_document(ws, doc.id()).await.unwrap(),
        Some(doc.clone())
    );
    assert_eq!(
        texts(&repo.list_chunks(ws, doc.id()).await.unwrap()),
        ["secret"]
    );
}
