use std::sync::atomic::Ordering;

use super::*;
use crate::ExactMatch;
use crate::service::{product_meaning, product_text};

#[test]
fn product_text_puts_what_customers_ask_first_and_the_description_last() {
    let mut facts = product(
        WorkspaceId::new(),
        "Glow Serum",
        "GS-1",
        "Siero alla vitamina C per una pelle luminosa.",
    );
    facts.list_price = Some("50.00 EUR".into());
    let text = product_text(&facts);
    assert_eq!(
        text,
        "Glow Serum\n\
         Category: Skincare > Serums\n\
         Variants: 30ml (45.00 EUR); 50ml (55.00 EUR, not available)\n\
         Price: 45.00 EUR (was 50.00 EUR)\n\
         Available now\n\
         SKU: GS-1\n\
         Tags: vegan\n\
         Siero alla vitamina C per una pelle luminosa."
    );
}

#[test]
fn a_product_is_embedded_by_what_it_is_not_by_its_prices() {
    let facts = product(WorkspaceId::new(), "Glow Serum", "GS-1", "Vitamin C serum.");
    let meaning = product_meaning(&facts);
    assert_eq!(
        meaning,
        "Glow Serum\nSkincare > Serums\nvegan\n30ml, 50ml\nVitamin C serum."
    );
    assert!(!meaning.contains("EUR") && !meaning.contains("GS-1"));
}

#[tokio::test]
async fn a_changed_product_is_indexed_from_the_catalog_and_removed_when_gone() {
    let h = Harness::new();
    let serum = product(h.workspace, "Glow Serum", "GS-1", "Vitamin C serum");
    h.catalog.products.lock().unwrap().push(serum.clone());
    h.service
        .index_product(h.workspace, serum.product_id)
        .await
        .unwrap();
    let hits = h.search(h.workspace, "glow serum 30ml").await;
    assert_eq!(hits[0].source.source_id, serum.product_id);
    assert_eq!(hits[0].exact, Some(ExactMatch::Name));
    assert_eq!(hits[0].metadata["price"], "45.00 EUR");

    // Switched off: still indexed (with its state), never offered.
    h.catalog.products.lock().unwrap()[0].offered = false;
    h.service
        .index_product(h.workspace, serum.product_id)
        .await
        .unwrap();
    assert!(h.found("glow serum").await.is_empty());
    assert_eq!(h.index.points_of(&h.spec(), serum.product_id).len(), 1);

    // Gone from the catalog by the time the task runs: removed.
    h.catalog.products.lock().unwrap().clear();
    h.service
        .index_product(h.workspace, serum.product_id)
        .await
        .unwrap();
    assert!(h.index.points_of(&h.spec(), serum.product_id).is_empty());
}

#[tokio::test]
async fn a_deleted_product_leaves_search_at_once_or_a_task_retries() {
    let h = Harness::new();
    let serum = product(h.workspace, "Glow Serum", "GS-1", "Vitamin C serum");
    h.catalog.products.lock().unwrap().push(serum.clone());
    h.service
        .index_product(h.workspace, serum.product_id)
        .await
        .unwrap();
    h.service
        .remove_product(h.workspace, serum.product_id)
        .await
        .unwrap();
    assert!(h.found("glow serum").await.is_empty());
    assert!(h.tasks.take().is_empty());

    h.service
        .index_product(h.workspace, serum.product_id)
        .await
        .unwrap();
    h.index.unavailable.store(true, Ordering::SeqCst);
    assert!(
        h.service
            .remove_product(h.workspace, serum.product_id)
            .await
            .is_err()
    );
    h.index.unavailable.store(false, Ordering::SeqCst);
    assert_eq!(
        h.tasks.take(),
        [KnowledgeTask::RemoveSource {
            workspace_id: h.workspace,
            source_type: SourceType::Product,
            source_id: serum.product_id
        }]
    );
}

#[tokio::test]
async fn a_sku_finds_its_product_even_when_vectors_do_not() {
    let h = Harness::new();
    let serum = product(h.workspace, "Glow Serum", "GS-30", "Vitamin C serum");
    // In the catalog but never indexed: only the lexical lookup can find it.
    h.catalog.products.lock().unwrap().push(serum.clone());
    let hits = h.search(h.workspace, "do you have gs-30?").await;
    assert_eq!(hits[0].source.source_id, serum.product_id);
    assert_eq!(hits[0].exact, Some(ExactMatch::Sku));
    assert!(hits[0].score >= 0.95);
    let stranger = WorkspaceId::new();
    assert!(h.search(stranger, "gs-30").await.is_empty());
}
