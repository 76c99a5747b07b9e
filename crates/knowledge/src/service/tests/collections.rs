use super::*;
use crate::service::UploadedFile;

#[tokio::test]
async fn the_first_start_creates_the_collection_and_schedules_a_reindex_once() {
    let h = Harness::new();
    let plan = h.service.prepare_index().await.unwrap();
    assert!(plan.reindex);
    assert_eq!(h.tasks.take(), [KnowledgeTask::Reindex]);
    let again = h.service.prepare_index().await.unwrap();
    assert!(!again.reindex);
    assert!(h.tasks.take().is_empty(), "same embedder: nothing to redo");
}

#[tokio::test]
async fn a_new_embedder_reindexes_everything_into_its_own_collection() {
    let h = Harness::new();
    h.workspaces.ids.lock().unwrap().push(h.workspace);
    let serum = product(h.workspace, "Glow Serum", "GS-1", "Vitamin C");
    h.catalog.products.lock().unwrap().push(serum.clone());
    h.service
        .index_product(h.workspace, serum.product_id)
        .await
        .unwrap();
    let faq = h
        .service
        .create_faq(h.workspace, new_faq("Do you ship to Milan?", "Yes."))
        .await
        .unwrap();
    let document = h
        .service
        .upload_document(
            h.workspace,
            UploadedFile {
                file_name: "care.txt".into(),
                mime_type: "text/plain".into(),
                bytes: b"Keep serums away from sunlight.".to_vec(),
            },
        )
        .await
        .unwrap();
    h.run_tasks().await;
    let old_spec = h.spec();
    let indexed = h.index.count(&old_spec);
    assert_eq!(indexed, 3);

    let next = h.restarted_with("test-words-v2");
    next.workspaces.ids.lock().unwrap().push(h.workspace);
    assert!(
        next.found("ship milan").await.is_empty(),
        "vectors are never mixed"
    );
    let plan = next.service.prepare_index().await.unwrap();
    assert!(plan.reindex);
    assert_eq!(plan.obsolete, std::slice::from_ref(&old_spec));
    next.run_tasks().await;

    assert_eq!(next.index.count(&next.spec()), indexed);
    assert_eq!(next.found("ship milan").await[0], faq.id.as_uuid());
    assert_eq!(next.found("glow serum").await[0], serum.product_id);
    assert_eq!(
        next.found("serums sunlight").await[0],
        document.id().as_uuid()
    );
    assert_eq!(
        h.index.count(&old_spec),
        indexed,
        "the old collection is kept for switching back"
    );
}
