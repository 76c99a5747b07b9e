use std::sync::atomic::Ordering;

use chrono::Duration;

use super::*;
use crate::service::{GapPeriod, SearchError};

#[tokio::test]
async fn another_workspaces_knowledge_never_appears() {
    let h = Harness::new();
    let other = WorkspaceId::new();
    let theirs = h
        .service
        .create_faq(other, new_faq("Do you ship to Milan?", "Yes."))
        .await
        .unwrap();
    let serum = product(other, "Glow Serum", "GS-1", "Vitamin C");
    h.catalog.products.lock().unwrap().push(serum.clone());
    h.service
        .index_product(other, serum.product_id)
        .await
        .unwrap();

    assert!(h.found("ship milan").await.is_empty());
    assert!(h.found("glow serum GS-1").await.is_empty());
    assert_eq!(
        h.search(other, "ship milan").await[0].source.source_id,
        theirs.id.as_uuid()
    );
}

#[tokio::test]
async fn hits_are_ranked_scored_in_0_1_and_cut_at_top_k() {
    let h = Harness::new();
    for i in 0..8 {
        h.service
            .create_faq(
                h.workspace,
                new_faq(&format!("Shipping question number {i}?"), "Answer."),
            )
            .await
            .unwrap();
    }
    let result = h
        .service
        .search(
            h.workspace,
            &KnowledgeQuery::parse("shipping question").unwrap(),
            TopK::new(3).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(result.hits.len(), 3);
    assert!(result.hits.iter().all(|h| (0.0..=1.0).contains(&h.score)));
    assert!(result.hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert_eq!(result.confidence, result.hits[0].score);
    assert!(result.logged);
}

#[tokio::test]
async fn an_unreachable_index_is_unavailable_and_an_empty_one_finds_nothing() {
    let h = Harness::new();
    assert!(
        h.found("anything at all").await.is_empty(),
        "no collection yet"
    );
    h.index.unavailable.store(true, Ordering::SeqCst);
    let error = h
        .service
        .search(
            h.workspace,
            &KnowledgeQuery::parse("shipping").unwrap(),
            TopK::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, SearchError::Unavailable(_)), "{error:?}");
}

#[tokio::test]
async fn every_search_is_logged_and_weak_ones_become_gap_patterns() {
    let h = Harness::new();
    h.service
        .create_faq(
            h.workspace,
            new_faq("What is your refund policy?", "30 days, unopened."),
        )
        .await
        .unwrap();
    for query in [
        "refund policy",
        "gift wrapping available?",
        "do you offer gift wrapping",
        "gift wraping for christmas",
        "vegan certificate",
    ] {
        h.search(h.workspace, query).await;
    }
    // Old queries fall outside the period.
    h.clock.advance(Duration::days(2));
    h.search(h.workspace, "loyalty points card").await;
    assert_eq!(h.repository.queries.lock().unwrap().len(), 6);
    let strong = h.repository.queries.lock().unwrap()[0].clone();
    assert!(
        strong.best_score.unwrap() >= crate::LOW_CONFIDENCE_BELOW,
        "{strong:?}"
    );

    let month = h
        .service
        .gaps(h.workspace, GapPeriod::parse("30d").unwrap())
        .await
        .unwrap();
    // Typos merge into one keyword, labelled with the newest spelling.
    assert!(
        month.patterns[0].pattern.starts_with("gift wrap"),
        "{:?}",
        month.patterns
    );
    assert_eq!(month.patterns[0].keywords.len(), 2);
    assert_eq!(month.patterns[0].count, 3);
    assert_eq!(month.weak_queries, 5);
    assert!(month.no_result_queries <= month.weak_queries);

    let today = h
        .service
        .gaps(h.workspace, GapPeriod::parse("24h").unwrap())
        .await
        .unwrap();
    assert_eq!(today.weak_queries, 1);
    assert_eq!(today.patterns[0].samples, ["loyalty points card"]);
    assert_eq!(today.until - today.since, Duration::hours(24));

    let stranger = h
        .service
        .gaps(WorkspaceId::new(), GapPeriod::default())
        .await
        .unwrap();
    assert!(stranger.patterns.is_empty());
}
