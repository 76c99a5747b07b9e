//! Retrieval: embed the query, search the workspace's points that customers may be
//! offered, add products found by SKU, rank (vector + lexical), log the query with its
//! best score. And gaps: the weak queries of a period grouped into patterns.

use chrono::{DateTime, Duration, Utc};
use kernel::WorkspaceId;

use super::KnowledgeService;
use super::errors::SearchError;
use super::ports::ProductFacts;
use super::products::product_text;
use crate::ranking::METADATA_SKUS;
use crate::{
    GapPattern, LOGGED_QUERY_MAX, LOW_CONFIDENCE_BELOW, QueryLogEntry, RankCandidate, RankRequest,
    RankedHit, SearchFilter, SourceRef, VectorIndexError, gap_patterns, hybrid_rank,
};

pub const TOP_K_MAX: usize = 50;
/// Vector candidates per hit asked for: ranking re-orders them with the lexical
/// signal, so it needs more than the `top_k` the vectors alone would pick.
const CANDIDATES_PER_HIT: usize = 4;
const CANDIDATES_MIN: usize = 40;
/// SKU-looking words of a query looked up in the catalog, and products kept per word.
const SKU_LOOKUPS: usize = 2;
const SKU_MATCHES: usize = 5;

/// What to look for: 1-500 characters of text, on one line once trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeQuery(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnowledgeQueryError {
    #[error("query must not be empty")]
    Empty,
    #[error("query must be at most {LOGGED_QUERY_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("query must not contain control characters")]
    ControlCharacter,
}

impl KnowledgeQuery {
    pub fn parse(raw: &str) -> Result<Self, KnowledgeQueryError> {
        if raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(KnowledgeQueryError::ControlCharacter);
        }
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            return Err(KnowledgeQueryError::Empty);
        }
        let length = text.chars().count();
        if length > LOGGED_QUERY_MAX {
            return Err(KnowledgeQueryError::TooLong(length));
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How many hits to return: 1 to `TOP_K_MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopK(usize);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("top_k must be between 1 and {TOP_K_MAX} (got {0})")]
pub struct TopKError(pub i64);

impl TopK {
    pub fn new(value: i64) -> Result<Self, TopKError> {
        match usize::try_from(value) {
            Ok(k) if (1..=TOP_K_MAX).contains(&k) => Ok(Self(k)),
            _ => Err(TopKError(value)),
        }
    }

    pub fn get(self) -> usize {
        self.0
    }
}

impl Default for TopK {
    fn default() -> Self {
        Self(5)
    }
}

/// Ranked hits, best first, and the confidence of the best (its score, 0 when nothing
/// was found).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub hits: Vec<RankedHit>,
    pub confidence: f32,
    /// Whether the query made it into the query log (the gaps report). Searching does
    /// not fail when logging does; the caller may want to say so in its own log.
    pub logged: bool,
}

impl KnowledgeService {
    /// The `top_k` best pieces of this workspace's knowledge for the query, among what
    /// customers may be offered now (available products, active FAQs, documents).
    /// Every search is logged with its best score for the gaps report.
    pub async fn search(
        &self,
        workspace_id: WorkspaceId,
        query: &KnowledgeQuery,
        top_k: TopK,
    ) -> Result<SearchResult, SearchError> {
        let vector = self
            .embed_checked(std::slice::from_ref(&query.0))
            .await?
            .pop()
            .ok_or_else(|| SearchError::Unexpected("the embedder returned no vector".into()))?;
        let wanted = (top_k.get() * CANDIDATES_PER_HIT).max(CANDIDATES_MIN);
        let filter = SearchFilter {
            source_types: Vec::new(),
            available_only: true,
        };
        let found = match self
            .ports
            .index
            .search(self.embedder_spec(), workspace_id, &vector, &filter, wanted)
            .await
        {
            // Nothing indexed with this embedder yet: an empty knowledge base.
            Err(VectorIndexError::CollectionMissing(_)) => Vec::new(),
            other => other?,
        };
        let mut candidates: Vec<RankCandidate> = found
            .into_iter()
            .map(|hit| RankCandidate::from_hit(workspace_id, hit))
            .collect();
        candidates.extend(self.sku_candidates(workspace_id, query.as_str()).await);
        let hits = hybrid_rank(
            &RankRequest {
                workspace_id,
                query: query.as_str(),
                top_k: top_k.get(),
                available_only: true,
            },
            candidates,
        );
        let confidence = hits.first().map_or(0.0, |hit| hit.score);
        let entry = QueryLogEntry::new(
            workspace_id,
            query.as_str(),
            hits.first().map(|hit| hit.score),
            u32::try_from(hits.len()).unwrap_or(u32::MAX),
            self.now(),
        );
        let logged = self.ports.repository.log_query(&entry).await.is_ok();
        Ok(SearchResult {
            hits,
            confidence,
            logged,
        })
    }

    /// Products whose SKU a query word names, found in the catalog directly: an
    /// embedder sees "GS-30" as noise, so the product might not be among the nearest
    /// vectors. A catalog that cannot answer only loses this safety net.
    async fn sku_candidates(&self, workspace_id: WorkspaceId, query: &str) -> Vec<RankCandidate> {
        let mut candidates = Vec::new();
        for token in sku_like_tokens(query).into_iter().take(SKU_LOOKUPS) {
            let Ok(products) = self
                .ports
                .catalog
                .find(workspace_id, &token, SKU_MATCHES)
                .await
            else {
                continue;
            };
            candidates.extend(
                products
                    .into_iter()
                    .filter(|p| {
                        p.sku
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case(&token))
                    })
                    .map(|p| lexical_candidate(&p)),
            );
        }
        candidates
    }

    /// The weak queries (low confidence or no result) asked in the last `period`,
    /// grouped into patterns, most asked first.
    pub async fn gaps(
        &self,
        workspace_id: WorkspaceId,
        period: GapPeriod,
    ) -> Result<GapReport, SearchError> {
        let until = self.now();
        let since = until - period.0;
        let weak = self
            .ports
            .repository
            .weak_queries(workspace_id, since, LOW_CONFIDENCE_BELOW, GAP_QUERIES_MAX)
            .await?;
        Ok(GapReport {
            since,
            until,
            weak_queries: weak.len(),
            no_result_queries: weak.iter().filter(|q| q.hit_count == 0).count(),
            patterns: gap_patterns(&weak, LOW_CONFIDENCE_BELOW),
        })
    }
}

/// The newest weak queries grouped at most: grouping compares queries pairwise.
const GAP_QUERIES_MAX: u32 = 2_000;

/// Words that look like SKUs: letters and digits together (`GS-30`, `LIP01`), not a
/// measure such as `50ml` or `2x`.
fn sku_like_tokens(query: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for raw in query.split_whitespace() {
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let has_digit = token.chars().any(|c| c.is_ascii_digit());
        let has_letter = token.chars().any(char::is_alphabetic);
        let measure = token
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
            .chars()
            .all(char::is_alphabetic)
            && token.starts_with(|c: char| c.is_ascii_digit());
        if token.len() >= 3 && has_digit && has_letter && !measure {
            let token = token.to_uppercase();
            if !tokens.contains(&token) {
                tokens.push(token);
            }
        }
    }
    tokens
}

fn lexical_candidate(product: &ProductFacts) -> RankCandidate {
    let mut metadata = std::collections::BTreeMap::from([
        (
            crate::ranking::METADATA_NAME.to_owned(),
            product.name.clone(),
        ),
        ("price".to_owned(), product.price.clone()),
        ("offered".to_owned(), product.offered.to_string()),
    ]);
    if let Some(sku) = &product.sku {
        metadata.insert(METADATA_SKUS.to_owned(), sku.clone());
    }
    RankCandidate {
        workspace_id: product.workspace_id,
        source: SourceRef::product(product.product_id),
        text: product_text(product),
        name: Some(product.name.clone()),
        skus: product.sku.iter().cloned().collect(),
        available: product.offered,
        vector_score: None,
        metadata,
    }
}

/// How far back the gaps report looks: `24h`, `7d`, `30d`, `2w`; 1 hour to 365 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GapPeriod(Duration);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GapPeriodError {
    #[error("period must be a number followed by h, d or w, such as 30d (got '{0}')")]
    Format(String),
    #[error("period must be between 1 hour and 365 days")]
    OutOfRange,
}

impl GapPeriod {
    pub fn parse(raw: &str) -> Result<Self, GapPeriodError> {
        let raw = raw.trim();
        let format = || GapPeriodError::Format(raw.chars().take(20).collect());
        let unit = raw.chars().last().ok_or_else(format)?;
        let number: i64 = raw[..raw.len() - unit.len_utf8()]
            .parse()
            .map_err(|_| format())?;
        let hours = match unit.to_ascii_lowercase() {
            'h' => number,
            'd' => number.checked_mul(24).ok_or(GapPeriodError::OutOfRange)?,
            'w' => number
                .checked_mul(24 * 7)
                .ok_or(GapPeriodError::OutOfRange)?,
            _ => return Err(format()),
        };
        if !(1..=365 * 24).contains(&hours) {
            return Err(GapPeriodError::OutOfRange);
        }
        Ok(Self(Duration::hours(hours)))
    }

    pub fn duration(&self) -> Duration {
        self.0
    }
}

impl Default for GapPeriod {
    fn default() -> Self {
        Self(Duration::days(30))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GapReport {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Weak queries in the period (low confidence or nothing found).
    pub weak_queries: usize,
    /// Of those, the ones that found nothing.
    pub no_result_queries: usize,
    pub patterns: Vec<GapPattern>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_one_trimmed_line_of_bounded_length() {
        assert_eq!(
            KnowledgeQuery::parse("  glow\n serum ").unwrap().as_str(),
            "glow serum"
        );
        assert_eq!(
            KnowledgeQuery::parse(" \n"),
            Err(KnowledgeQueryError::Empty)
        );
        assert_eq!(
            KnowledgeQuery::parse(&"a".repeat(501)),
            Err(KnowledgeQueryError::TooLong(501))
        );
        assert_eq!(
            KnowledgeQuery::parse("a\u{0}b"),
            Err(KnowledgeQueryError::ControlCharacter)
        );
    }

    #[test]
    fn top_k_is_between_one_and_fifty() {
        assert_eq!(TopK::new(1).unwrap().get(), 1);
        assert_eq!(TopK::new(50).unwrap().get(), 50);
        assert_eq!(TopK::new(0), Err(TopKError(0)));
        assert_eq!(TopK::new(10_000), Err(TopKError(10_000)));
        assert_eq!(TopK::new(-3), Err(TopKError(-3)));
    }

    #[test]
    fn periods_read_hours_days_and_weeks() {
        assert_eq!(
            GapPeriod::parse("30d").unwrap().duration(),
            Duration::days(30)
        );
        assert_eq!(
            GapPeriod::parse("24h").unwrap().duration(),
            Duration::hours(24)
        );
        assert_eq!(
            GapPeriod::parse("2W").unwrap().duration(),
            Duration::days(14)
        );
        assert!(matches!(
            GapPeriod::parse("30"),
            Err(GapPeriodError::Format(_))
        ));
        assert!(matches!(
            GapPeriod::parse("d"),
            Err(GapPeriodError::Format(_))
        ));
        assert!(matches!(
            GapPeriod::parse("-1d"),
            Err(GapPeriodError::OutOfRange)
        ));
        assert!(matches!(
            GapPeriod::parse("0h"),
            Err(GapPeriodError::OutOfRange)
        ));
        assert!(matches!(
            GapPeriod::parse("366d"),
            Err(GapPeriodError::OutOfRange)
        ));
        assert!(matches!(
            GapPeriod::parse("99999999999999999w"),
            Err(GapPeriodError::OutOfRange)
        ));
        assert!(matches!(
            GapPeriod::parse("3é"),
            Err(GapPeriodError::Format(_))
        ));
    }

    #[test]
    fn sku_like_words_are_letters_with_digits_but_not_measures() {
        assert_eq!(sku_like_tokens("price of gs-30 please"), ["GS-30"]);
        assert_eq!(sku_like_tokens("LIP01, lip01 and 50ml or 2x"), ["LIP01"]);
        assert!(sku_like_tokens("glow serum 50ml 1.5l").is_empty());
    }
}
