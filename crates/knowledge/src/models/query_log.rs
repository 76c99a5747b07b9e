//! What customers asked the knowledge base, and how well it answered: the raw material
//! for finding gaps (questions the seller has not answered yet).

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::Serialize;

kernel::typed_id!(
    /// One logged knowledge-base query.
    QueryLogId
);

/// Longer queries are cut to this many characters before they are stored: the
/// beginning is enough to group them, and a pasted essay should not fill the log.
pub const LOGGED_QUERY_MAX: usize = 500;

/// A query the assistant made, with the best normalised score among its hits (`None`
/// when nothing was found) and how many hits came back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryLogEntry {
    pub id: QueryLogId,
    pub workspace_id: WorkspaceId,
    pub query: String,
    pub best_score: Option<f32>,
    pub hit_count: u32,
    pub asked_at: DateTime<Utc>,
}

impl QueryLogEntry {
    /// Trims and caps the query; a best score outside 0..=1 (or not a number) is
    /// clamped, because scores reaching the log are already normalised.
    pub fn new(
        workspace_id: WorkspaceId,
        query: &str,
        best_score: Option<f32>,
        hit_count: u32,
        asked_at: DateTime<Utc>,
    ) -> Self {
        let query: String = query.trim().chars().take(LOGGED_QUERY_MAX).collect();
        let best_score = best_score.map(|s| if s.is_nan() { 0.0 } else { s.clamp(0.0, 1.0) });
        Self {
            id: QueryLogId::new(),
            workspace_id,
            query,
            best_score,
            hit_count,
            asked_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_trimmed_capped_and_scores_clamped() {
        let entry = QueryLogEntry::new(WorkspaceId::new(), "  ship? ", Some(1.7), 3, Utc::now());
        assert_eq!(entry.query, "ship?");
        assert_eq!(entry.best_score, Some(1.0));
        let long = QueryLogEntry::new(
            WorkspaceId::new(),
            &"é".repeat(900),
            Some(f32::NAN),
            0,
            Utc::now(),
        );
        assert_eq!(long.query.chars().count(), LOGGED_QUERY_MAX);
        assert_eq!(long.best_score, Some(0.0));
    }
}
