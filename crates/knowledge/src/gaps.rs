//! Knowledge gaps: questions customers ask that the knowledge base answers badly or not
//! at all, grouped into patterns a seller can act on ("shipping milan: 14 queries").
//!
//! Queries are reduced to their keywords (folded, function words dropped). Two queries
//! belong together when they share at least two keywords, or all the keywords of the
//! shorter one (so "shipping?" joins "shipping cost milan"); typos count as the same
//! word. Groups are the connected sets of that relation. A group's pattern is made of
//! the keywords more than half its queries use, most used first.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::QueryLogEntry;
use crate::text::{keywords, words_match};

/// A query whose best score is below this is a low-confidence answer. Set against the
/// retrieval evaluation: relevant first hits score above it.
pub const LOW_CONFIDENCE_BELOW: f32 = 0.45;
/// Sample queries kept per pattern.
pub const SAMPLES_PER_PATTERN: usize = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapPattern {
    /// The shared keywords, space-separated: what the seller should write about.
    pub pattern: String,
    pub keywords: Vec<String>,
    pub count: usize,
    /// Of `count`, how many found nothing at all.
    pub no_result: usize,
    /// Of `count`, how many found something below the confidence threshold.
    pub low_confidence: usize,
    /// Distinct queries as asked, newest first.
    pub samples: Vec<String>,
    pub last_asked: DateTime<Utc>,
}

/// Groups weak queries (no hits, or best score below `threshold`) into patterns, most
/// asked first (then most recent). Strong queries in `entries` are ignored, so callers
/// may pass the whole log.
pub fn gap_patterns(entries: &[QueryLogEntry], threshold: f32) -> Vec<GapPattern> {
    let weak: Vec<(&QueryLogEntry, Vec<String>)> = entries
        .iter()
        .filter(|e| e.hit_count == 0 || e.best_score.is_none_or(|s| s < threshold))
        .map(|e| (e, dedup(keywords(&e.query))))
        .filter(|(_, k)| !k.is_empty())
        .collect();

    let mut groups = UnionFind::new(weak.len());
    for i in 0..weak.len() {
        for j in i + 1..weak.len() {
            if related(&weak[i].1, &weak[j].1) {
                groups.join(i, j);
            }
        }
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..weak.len() {
        members.entry(groups.root(i)).or_default().push(i);
    }

    let mut patterns: Vec<GapPattern> = members
        .into_values()
        .map(|indexes| {
            let queries: Vec<&(&QueryLogEntry, Vec<String>)> =
                indexes.iter().map(|&i| &weak[i]).collect();
            pattern_of(&queries)
        })
        .collect();
    patterns.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.last_asked.cmp(&a.last_asked))
            .then(a.pattern.cmp(&b.pattern))
    });
    patterns
}

fn dedup(mut words: Vec<String>) -> Vec<String> {
    let mut seen = Vec::with_capacity(words.len());
    words.retain(|w| {
        let new = !seen.contains(w);
        if new {
            seen.push(w.clone());
        }
        new
    });
    words
}

fn shared(a: &[String], b: &[String]) -> usize {
    a.iter()
        .filter(|x| b.iter().any(|y| words_match(x, y)))
        .count()
}

fn related(a: &[String], b: &[String]) -> bool {
    let needed = 2.min(a.len()).min(b.len());
    shared(a, b) >= needed
}

fn pattern_of(queries: &[&(&QueryLogEntry, Vec<String>)]) -> GapPattern {
    // Count each keyword once per query, merging typo variants into the first spelling
    // seen (or the most used one: counts decide the order, spelling the label).
    let mut counts: Vec<(String, usize, usize)> = Vec::new(); // (word, queries, first seen)
    for (entry_index, (_, words)) in queries.iter().enumerate() {
        for word in words {
            match counts.iter_mut().find(|(w, _, _)| words_match(w, word)) {
                Some((_, count, _)) => *count += 1,
                None => counts.push((word.clone(), 1, entry_index)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut keywords: Vec<String> = counts
        .iter()
        .filter(|(_, count, _)| count * 2 > queries.len())
        .map(|(w, _, _)| w.clone())
        .collect();
    if keywords.is_empty() {
        keywords = counts.iter().take(1).map(|(w, _, _)| w.clone()).collect();
    }

    let mut by_recency: Vec<&QueryLogEntry> = queries.iter().map(|(e, _)| *e).collect();
    by_recency.sort_by_key(|e| std::cmp::Reverse(e.asked_at));
    let mut samples: Vec<String> = Vec::new();
    for entry in &by_recency {
        if samples.len() == SAMPLES_PER_PATTERN {
            break;
        }
        if !samples.iter().any(|s| s.eq_ignore_ascii_case(&entry.query)) {
            samples.push(entry.query.clone());
        }
    }
    let no_result = by_recency.iter().filter(|e| e.hit_count == 0).count();
    GapPattern {
        pattern: keywords.join(" "),
        keywords,
        count: queries.len(),
        no_result,
        low_confidence: queries.len() - no_result,
        samples,
        last_asked: by_recency.first().map_or_else(Utc::now, |e| e.asked_at),
    }
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(size: usize) -> Self {
        Self {
            parent: (0..size).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use kernel::WorkspaceId;

    use super::*;

    fn log(entries: &[(&str, Option<f32>, u32)]) -> Vec<QueryLogEntry> {
        let workspace_id = WorkspaceId::new();
        let start = Utc::now();
        entries
            .iter()
            .enumerate()
            .map(|(i, (query, score, hits))| {
                QueryLogEntry::new(
                    workspace_id,
                    query,
                    *score,
                    *hits,
                    start + Duration::minutes(i as i64),
                )
            })
            .collect()
    }

    #[test]
    fn weak_queries_group_by_shared_keywords() {
        let entries = log(&[
            ("Do you ship to Milan?", None, 0),
            ("shipping cost to milan", Some(0.2), 2),
            ("how much is shipping to Milano", Some(0.3), 1),
            ("Do you ship to Milan?", None, 0),
            ("is the glow serum vegan", Some(0.3), 3),
            ("glow serum vegan?", None, 0),
            ("what are your opening hours", Some(0.9), 3),
            ("refund", Some(0.1), 1),
        ]);
        let patterns = gap_patterns(&entries, LOW_CONFIDENCE_BELOW);
        let summary: Vec<(&str, usize, usize, usize)> = patterns
            .iter()
            .map(|p| (p.pattern.as_str(), p.count, p.no_result, p.low_confidence))
            .collect();
        assert_eq!(
            summary,
            [
                ("ship milan", 4, 2, 2),
                ("glow serum vegan", 2, 1, 1),
                ("refund", 1, 0, 1)
            ]
        );
        assert_eq!(
            patterns[0].samples,
            [
                "Do you ship to Milan?",
                "how much is shipping to Milano",
                "shipping cost to milan"
            ]
        );
        assert_eq!(patterns[0].last_asked, entries[3].asked_at);
    }

    #[test]
    fn queries_sharing_one_keyword_of_several_stay_apart() {
        let entries = log(&[
            ("shipping to milan", None, 0),
            ("return policy milan store", None, 0),
        ]);
        let patterns = gap_patterns(&entries, LOW_CONFIDENCE_BELOW);
        assert_eq!(patterns.len(), 2);
    }

    #[test]
    fn a_one_word_query_joins_the_longer_queries_using_it() {
        let entries = log(&[
            ("vegan?", Some(0.1), 1),
            ("are your lipsticks vegan", None, 0),
            ("vegan lipstick", None, 0),
            ("spedizione in Italia", None, 0),
            ("costo spedizioni italia", Some(0.2), 1),
        ]);
        let patterns = gap_patterns(&entries, LOW_CONFIDENCE_BELOW);
        let summary: Vec<(&str, usize)> = patterns
            .iter()
            .map(|p| (p.pattern.as_str(), p.count))
            .collect();
        assert_eq!(summary, [("vegan lipsticks", 3), ("spedizione italia", 2)]);
    }

    #[test]
    fn strong_queries_and_empty_logs_make_no_gaps() {
        assert!(gap_patterns(&[], LOW_CONFIDENCE_BELOW).is_empty());
        let entries = log(&[("opening hours", Some(0.8), 2), ("?!", None, 0)]);
        assert!(gap_patterns(&entries, LOW_CONFIDENCE_BELOW).is_empty());
    }

    #[test]
    fn samples_are_capped_and_distinct() {
        let queries: Vec<String> = (0..9)
            .map(|i| format!("gift wrapping option {i}"))
            .collect();
        let mut rows: Vec<(&str, Option<f32>, u32)> =
            queries.iter().map(|q| (q.as_str(), None, 0)).collect();
        rows.push(("GIFT WRAPPING OPTION 8", None, 0));
        let patterns = gap_patterns(&log(&rows), LOW_CONFIDENCE_BELOW);
        assert_eq!(patterns.len(), 1);
        assert_eq!(patterns[0].count, 10);
        assert_eq!(patterns[0].samples.len(), SAMPLES_PER_PATTERN);
        assert_eq!(patterns[0].samples[0], "GIFT WRAPPING OPTION 8");
        assert_eq!(patterns[0].samples[1], "gift wrapping option 7");
        assert_eq!(patterns[0].pattern, "gift wrapping option");
    }
}
