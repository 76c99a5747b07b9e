//! Hybrid ranking: one 0..1 score per hit from vector similarity and lexical match, so
//! "glow serum 50ml" finds the exact product even when an embedding model thinks
//! another serum is as close.
//!
//! For each candidate:
//! - `vector` = the raw cosine similarity clamped to 0..1 (negative cosine means
//!   unrelated, not "less than unrelated"); 0 for a candidate found only lexically.
//! - `lexical` = how much of the query the candidate explains (share of the query's
//!   keywords found in its name or text) and, when it has a name, how much of the name
//!   the query names: `0.5 * query_coverage + 0.5 * name_coverage`, or query coverage
//!   alone without a name. Words are compared folded and with typo tolerance
//!   (`crate::text::words_match`); sizes such as "50ml" only match exactly.
//! - `combined = 0.6 * vector + 0.4 * lexical` (`VECTOR_WEIGHT`, `LEXICAL_WEIGHT`):
//!   meaning first, words as the tie-breaker and the safety net for typos and rare
//!   names that embeddings blur.
//!
//! Exact matches win, in tiers that never overlap:
//! - a query word equal to one of the candidate's SKUs: `0.95 + 0.05 * combined`;
//! - the candidate's whole name said in the query (words in order, typos forgiven;
//!   a one-word name only when it is the whole query): `0.90 + 0.025 * combined +
//!   0.025 * share of the query the name covers`, so "glow serum mini" prefers
//!   "Glow Serum Mini" to "Glow Serum";
//! - anything else: `0.9 * combined`.

use std::collections::BTreeMap;

use kernel::WorkspaceId;
use serde::Serialize;

use crate::text::{keywords, words, words_match};
use crate::{SourceRef, VectorHit};

pub const VECTOR_WEIGHT: f32 = 0.6;
pub const LEXICAL_WEIGHT: f32 = 0.4;

/// Metadata keys ranking reads from vector hits: a display name (product name, FAQ
/// question) and SKUs separated by `|` (a product's own and its variants').
pub const METADATA_NAME: &str = "name";
pub const METADATA_SKUS: &str = "skus";

/// Something that may answer the query, from the vector index or a lexical lookup.
#[derive(Debug, Clone, PartialEq)]
pub struct RankCandidate {
    pub workspace_id: WorkspaceId,
    pub source: SourceRef,
    pub text: String,
    pub name: Option<String>,
    pub skus: Vec<String>,
    pub available: bool,
    /// Raw cosine similarity, `None` when the candidate was not found by vector search.
    pub vector_score: Option<f32>,
    pub metadata: BTreeMap<String, String>,
}

impl RankCandidate {
    /// A vector hit, with name and SKUs read from its metadata.
    pub fn from_hit(workspace_id: WorkspaceId, hit: VectorHit) -> Self {
        let name = hit.metadata.get(METADATA_NAME).cloned();
        let skus = hit
            .metadata
            .get(METADATA_SKUS)
            .map(|s| {
                s.split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Self {
            workspace_id,
            source: hit.source,
            text: hit.text,
            name,
            skus,
            available: hit.available,
            vector_score: Some(hit.score),
            metadata: hit.metadata,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExactMatch {
    Sku,
    Name,
}

/// A ranked hit: the normalised score, its parts (for the "test query" screen and
/// tuning), and the source it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedHit {
    pub source: SourceRef,
    pub score: f32,
    pub vector_score: f32,
    pub lexical_score: f32,
    pub exact: Option<ExactMatch>,
    pub text: String,
    pub metadata: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankRequest<'a> {
    pub workspace_id: WorkspaceId,
    pub query: &'a str,
    pub top_k: usize,
    /// Leave out what customers cannot be offered now.
    pub available_only: bool,
}

/// Scores, filters (workspace, availability), merges candidates naming the same source
/// (keeping the best), and returns the `top_k` best, best first; ties keep a stable
/// order by source.
pub fn hybrid_rank(request: &RankRequest<'_>, candidates: Vec<RankCandidate>) -> Vec<RankedHit> {
    let query = Query::new(request.query);
    let mut best: BTreeMap<SourceRef, RankedHit> = BTreeMap::new();
    for candidate in candidates {
        if candidate.workspace_id != request.workspace_id
            || (request.available_only && !candidate.available)
        {
            continue;
        }
        let hit = score(&query, candidate);
        match best.get(&hit.source) {
            Some(kept) if kept.score >= hit.score => {}
            _ => {
                best.insert(hit.source, hit);
            }
        }
    }
    let mut hits: Vec<RankedHit> = best.into_values().collect();
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.source.cmp(&b.source)));
    hits.truncate(request.top_k);
    hits
}

struct Query {
    /// All folded words, for phrase matching of names.
    words: Vec<String>,
    keywords: Vec<String>,
    /// Whitespace-separated tokens upper-cased and stripped of surrounding punctuation,
    /// for SKUs (which keep their `-`, `.` and `/`).
    sku_tokens: Vec<String>,
}

impl Query {
    fn new(raw: &str) -> Self {
        Self {
            words: words(raw),
            keywords: keywords(raw),
            sku_tokens: raw
                .split_whitespace()
                .map(|t| {
                    t.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_uppercase()
                })
                .filter(|t| !t.is_empty())
                .collect(),
        }
    }
}

fn score(query: &Query, candidate: RankCandidate) -> RankedHit {
    let vector = candidate
        .vector_score
        .filter(|s| s.is_finite())
        .map_or(0.0, |s| s.clamp(0.0, 1.0));
    let name_words = candidate.name.as_deref().map(words).unwrap_or_default();
    let name_keywords = candidate.name.as_deref().map(keywords).unwrap_or_default();
    let text_keywords = keywords(&candidate.text);
    let lexical = lexical_score(query, &name_keywords, &text_keywords);
    let combined = VECTOR_WEIGHT * vector + LEXICAL_WEIGHT * lexical;

    let sku_match = candidate.skus.iter().any(|sku| {
        let sku = sku.trim().to_uppercase();
        !sku.is_empty() && query.sku_tokens.contains(&sku)
    });
    let name_match =
        !sku_match && names_whole(&query.words, &query.keywords, &name_words, &name_keywords);
    let (score, exact) = if sku_match {
        (0.95 + 0.05 * combined, Some(ExactMatch::Sku))
    } else if name_match {
        let share = name_words.len() as f32 / query.words.len().max(1) as f32;
        (
            0.90 + 0.025 * combined + 0.025 * share.min(1.0),
            Some(ExactMatch::Name),
        )
    } else {
        (0.9 * combined, None)
    };
    RankedHit {
        source: candidate.source,
        score: score.clamp(0.0, 1.0),
        vector_score: vector,
        lexical_score: lexical,
        exact,
        text: candidate.text,
        metadata: candidate.metadata,
    }
}

fn lexical_score(query: &Query, name: &[String], text: &[String]) -> f32 {
    if query.keywords.is_empty() {
        return 0.0;
    }
    let found = |word: &String, among: &[String]| among.iter().any(|w| words_match(word, w));
    let explained = query
        .keywords
        .iter()
        .filter(|q| found(q, name) || found(q, text))
        .count();
    let query_coverage = explained as f32 / query.keywords.len() as f32;
    if name.is_empty() {
        return query_coverage;
    }
    let named = name.iter().filter(|n| found(n, &query.keywords)).count();
    let name_coverage = named as f32 / name.len() as f32;
    0.5 * query_coverage + 0.5 * name_coverage
}

/// Whether the query says the whole name: its words in order, typos forgiven. A
/// one-word name ("Serum") only counts when it is all the query asks about, or every
/// serum would be an exact match for "glow serum".
fn names_whole(
    query_words: &[String],
    query_keywords: &[String],
    name_words: &[String],
    name_keywords: &[String],
) -> bool {
    if name_words.is_empty() || name_words.len() > query_words.len() {
        return false;
    }
    if name_keywords.len() < 2 {
        return query_keywords.len() == name_keywords.len()
            && query_keywords
                .iter()
                .zip(name_keywords)
                .all(|(q, n)| words_match(q, n));
    }
    query_words.windows(name_words.len()).any(|window| {
        window
            .iter()
            .zip(name_words)
            .all(|(q, n)| words_match(q, n))
    })
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    struct Fixture {
        workspace_id: WorkspaceId,
    }

    impl Fixture {
        fn new() -> Self {
            Self {
                workspace_id: WorkspaceId::new(),
            }
        }

        fn product(&self, name: &str, skus: &[&str], text: &str, vector: f32) -> RankCandidate {
            RankCandidate {
                workspace_id: self.workspace_id,
                source: SourceRef::product(Uuid::now_v7()),
                text: format!("{name}. {text}"),
                name: Some(name.to_owned()),
                skus: skus.iter().map(|s| (*s).to_owned()).collect(),
                available: true,
                vector_score: Some(vector),
                metadata: BTreeMap::from([("name".to_owned(), name.to_owned())]),
            }
        }

        fn rank(&self, query: &str, candidates: Vec<RankCandidate>) -> Vec<RankedHit> {
            hybrid_rank(
                &RankRequest {
                    workspace_id: self.workspace_id,
                    query,
                    top_k: 5,
                    available_only: true,
                },
                candidates,
            )
        }
    }

    fn names(hits: &[RankedHit]) -> Vec<&str> {
        hits.iter().map(|h| h.metadata["name"].as_str()).collect()
    }

    #[test]
    fn the_exact_product_wins_over_closer_vectors() {
        let f = Fixture::new();
        let hits = f.rank(
            "glow serum 50ml",
            vec![
                f.product("Radiance Serum", &["RS-30"], "Vitamin C serum, 30ml", 0.82),
                f.product(
                    "Glow Serum",
                    &["GS-50"],
                    "Hyaluronic serum. Sizes: 30ml, 50ml",
                    0.61,
                ),
                f.product("Glow Body Oil", &[], "Shimmering oil, 100ml", 0.58),
            ],
        );
        assert_eq!(
            names(&hits),
            ["Glow Serum", "Radiance Serum", "Glow Body Oil"]
        );
        assert_eq!(hits[0].exact, Some(ExactMatch::Name));
        assert!(hits[0].score >= 0.9);
        assert!(hits[1].score < 0.9);
    }

    #[test]
    fn a_sku_in_the_query_beats_everything() {
        let f = Fixture::new();
        let hits = f.rank(
            "do you have gs-50?",
            vec![
                f.product("Glow Serum", &["gs-50"], "Serum", 0.2),
                f.product("GS Cleanser", &["GS-CL"], "Cleanser", 0.9),
            ],
        );
        assert_eq!(hits[0].exact, Some(ExactMatch::Sku));
        assert_eq!(names(&hits)[0], "Glow Serum");
        assert!(hits[0].score >= 0.95);
    }

    #[test]
    fn typos_and_accents_still_match_names() {
        let f = Fixture::new();
        let hits = f.rank(
            "creme brulee lipstik",
            vec![
                f.product("Crème Brûlée Lipstick", &[], "Warm nude", 0.3),
                f.product("Cherry Lipstick", &[], "Bright red", 0.35),
            ],
        );
        assert_eq!(names(&hits), ["Crème Brûlée Lipstick", "Cherry Lipstick"]);
        assert_eq!(hits[0].exact, Some(ExactMatch::Name));
    }

    #[test]
    fn a_longer_name_said_in_full_beats_its_prefix() {
        let f = Fixture::new();
        let hits = f.rank(
            "glow serum mini",
            vec![
                f.product("Glow Serum", &[], "Full size", 0.7),
                f.product("Glow Serum Mini", &[], "Travel size", 0.7),
            ],
        );
        assert_eq!(names(&hits), ["Glow Serum Mini", "Glow Serum"]);
        assert!(hits.iter().all(|h| h.exact == Some(ExactMatch::Name)));
    }

    #[test]
    fn a_one_word_name_is_exact_only_when_it_is_the_whole_query() {
        let f = Fixture::new();
        let serum = || f.product("Serum", &[], "Basic serum", 0.5);
        assert_eq!(f.rank("glow serum", vec![serum()])[0].exact, None);
        assert_eq!(
            f.rank("the serum?", vec![serum()])[0].exact,
            Some(ExactMatch::Name)
        );
    }

    #[test]
    fn sizes_must_match_exactly() {
        let f = Fixture::new();
        let hits = f.rank(
            "serum 50ml",
            vec![
                f.product("Serum A", &[], "Available in 30ml", 0.5),
                f.product("Serum B", &[], "Available in 50ml", 0.5),
            ],
        );
        assert_eq!(names(&hits), ["Serum B", "Serum A"]);
        assert!(hits[0].lexical_score > hits[1].lexical_score);
    }

    #[test]
    fn scores_are_normalised_and_vector_only_hits_keep_their_order() {
        let f = Fixture::new();
        let faq = |text: &str, score: f32| RankCandidate {
            workspace_id: f.workspace_id,
            source: SourceRef::faq(crate::FaqId::new()),
            text: text.to_owned(),
            name: None,
            skus: vec![],
            available: true,
            vector_score: Some(score),
            metadata: BTreeMap::from([("name".to_owned(), text.to_owned())]),
        };
        let hits = f.rank(
            "quanto tempo per la spedizione",
            vec![
                faq("Shipping costs 5 euros", 0.71),
                faq("Returns within 30 days", 0.2),
                faq("x", -0.4),
                faq("y", f32::NAN),
            ],
        );
        assert_eq!(
            names(&hits)[..2],
            ["Shipping costs 5 euros", "Returns within 30 days"]
        );
        for hit in &hits {
            assert!((0.0..=1.0).contains(&hit.score), "{}", hit.score);
        }
        assert_eq!(hits[2].vector_score, 0.0);
        assert!((hits[0].score - 0.9 * 0.6 * 0.71).abs() < 1e-6);
    }

    #[test]
    fn other_workspaces_unavailable_items_and_duplicates_are_dropped() {
        let f = Fixture::new();
        let mut foreign = f.product("Glow Serum", &[], "", 0.9);
        foreign.workspace_id = WorkspaceId::new();
        let mut unavailable = f.product("Glow Serum Mini", &[], "", 0.9);
        unavailable.available = false;
        let kept = f.product("Glow Cleanser", &[], "", 0.5);
        let mut lexical_copy = kept.clone();
        lexical_copy.vector_score = None;
        let hits = f.rank(
            "glow",
            vec![foreign, unavailable.clone(), kept.clone(), lexical_copy],
        );
        assert_eq!(names(&hits), ["Glow Cleanser"]);
        assert_eq!(
            hits[0].vector_score, 0.5,
            "the better of the two copies is kept"
        );

        let all = hybrid_rank(
            &RankRequest {
                workspace_id: f.workspace_id,
                query: "glow",
                top_k: 1,
                available_only: false,
            },
            vec![unavailable, kept],
        );
        assert_eq!(all.len(), 1, "top_k caps the result");
    }

    #[test]
    fn vector_hits_carry_name_and_skus_in_metadata() {
        let workspace_id = WorkspaceId::new();
        let hit = VectorHit {
            source: SourceRef::product(Uuid::now_v7()),
            text: "Glow Serum".into(),
            available: true,
            metadata: BTreeMap::from([
                (METADATA_NAME.to_owned(), "Glow Serum".to_owned()),
                (METADATA_SKUS.to_owned(), "GS-30| GS-50 |".to_owned()),
            ]),
            score: 0.4,
        };
        let candidate = RankCandidate::from_hit(workspace_id, hit);
        assert_eq!(candidate.name.as_deref(), Some("Glow Serum"));
        assert_eq!(candidate.skus, ["GS-30", "GS-50"]);
        assert_eq!(candidate.vector_score, Some(0.4));
    }
}
