//! `KnowledgeRepository`, the query log: what was asked and how well it was answered,
//! read back as the weak queries of a period (the input of gap reports).

use kernel::WorkspaceId;
use knowledge::{KnowledgeRepository, QueryLogEntry};

use super::catalog_fixtures::Stores;
use super::fixtures::at;

fn asked(
    workspace_id: WorkspaceId,
    query: &str,
    best_score: Option<f32>,
    hit_count: u32,
    seconds_from_now: i64,
) -> QueryLogEntry {
    QueryLogEntry::new(
        workspace_id,
        query,
        best_score,
        hit_count,
        at(seconds_from_now),
    )
}

pub async fn weak_queries_are_the_unanswered_and_the_low_scored_newest_first(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let nothing = asked(ws, "¿Envían a Milán?", None, 0, -50);
    let low = asked(ws, "shipping cost milan", Some(0.3125), 4, -40);
    let strong = asked(ws, "refund policy", Some(0.91), 3, -30);
    let at_threshold = asked(ws, "vegan?", Some(0.45), 2, -20);
    // Hits but no score, and a score but no hits: both weak.
    let unscored = asked(ws, "gift wrap", None, 2, -10);
    let hitless = asked(ws, "opening hours", Some(0.8), 0, -5);
    for entry in [&nothing, &low, &strong, &at_threshold, &unscored, &hitless] {
        repo.log_query(entry).await.unwrap();
    }
    let weak = repo.weak_queries(ws, at(-3_600), 0.45, 100).await.unwrap();
    assert_eq!(weak, vec![hitless, unscored, low, nothing]);
}

pub async fn weak_queries_keep_to_the_period_and_the_limit(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let old = asked(ws, "old question", None, 0, -7_200);
    let on_the_edge = asked(ws, "edge question", None, 0, -3_600);
    let recent: Vec<QueryLogEntry> = (0..5)
        .map(|i| asked(ws, &format!("recent question {i}"), Some(0.1), 1, -100 + i))
        .collect();
    repo.log_query(&old).await.unwrap();
    repo.log_query(&on_the_edge).await.unwrap();
    for entry in &recent {
        repo.log_query(entry).await.unwrap();
    }

    // `since` is included.
    let period = repo
        .weak_queries(ws, on_the_edge.asked_at, 0.45, 100)
        .await
        .unwrap();
    assert_eq!(period.len(), 6);
    assert_eq!(period.last(), Some(&on_the_edge));
    let newest_three = repo.weak_queries(ws, at(-7_300), 0.45, 3).await.unwrap();
    let expected: Vec<QueryLogEntry> = recent.iter().rev().take(3).cloned().collect();
    assert_eq!(newest_three, expected);
    assert_eq!(
        repo.weak_queries(ws, at(-7_300), 0.45, 0).await.unwrap(),
        Vec::new()
    );
    assert_eq!(
        repo.weak_queries(ws, at(1), 0.45, 10).await.unwrap(),
        Vec::new()
    );
}

pub async fn query_logs_of_one_workspace_are_invisible_from_another(
    stores: &Stores,
    repo: &dyn KnowledgeRepository,
) {
    let ws = stores.workspace("ana").await;
    let intruder = stores.workspace("eve").await;
    let entry = asked(ws, "do you ship to milan", None, 0, -10);
    repo.log_query(&entry).await.unwrap();
    assert_eq!(
        repo.weak_queries(intruder, at(-3_600), 1.0, 100)
            .await
            .unwrap(),
        Vec::new()
    );
    assert_eq!(
        repo.weak_queries(ws, at(-3_600), 1.0, 100).await.unwrap(),
        vec![entry]
    );
}
