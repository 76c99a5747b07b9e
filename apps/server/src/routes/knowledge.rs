//! `/knowledge/test` (ask the knowledge base what the assistant would find) and
//! `/knowledge/gaps` (what customers ask that it answers badly).

use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use knowledge::service::{GapPeriod, GapPeriodError, KnowledgeQuery, KnowledgeQueryError, TopK};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::knowledge_dto::{HitResponse, coded};
use crate::all_valid;
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"query": "glow serum 50ml price", "top_k": 5}))]
pub struct TestQueryRequest {
    /// 1-500 characters, in any language.
    #[schema(required = true)]
    pub query: Option<String>,
    /// Hits to return, 1-50 (default 5).
    pub top_k: Option<i64>,
}

impl TestQueryRequest {
    fn try_into_domain(&self) -> Result<(KnowledgeQuery, TopK), ApiError> {
        let mut errors = FieldErrors::new();
        let query = match self.query.as_deref() {
            None => {
                errors.add("query", "missing", "query is required");
                None
            }
            Some(raw) => coded(
                &mut errors,
                "query",
                |e: &KnowledgeQueryError| match e {
                    KnowledgeQueryError::Empty => "missing",
                    KnowledgeQueryError::TooLong(_) => "too_long",
                    KnowledgeQueryError::ControlCharacter => "control_character",
                },
                KnowledgeQuery::parse(raw),
            ),
        };
        let top_k = match self.top_k {
            None => Some(TopK::default()),
            Some(k) => coded(&mut errors, "top_k", |_| "out_of_range", TopK::new(k)),
        };
        let (query, top_k) = all_valid!(errors, query, top_k);
        Ok((query, top_k))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestQueryResponse {
    pub query: String,
    /// Best first.
    pub results: Vec<HitResponse>,
    /// The best hit's score (0 when nothing was found); below 0.45 the assistant
    /// would not trust it.
    #[schema(example = 0.87)]
    pub confidence: f32,
}

/// Searches this workspace's knowledge (products on sale, active FAQs, documents) as
/// the assistant does, returning ranked hits with scores in 0..1 and their sources.
/// The query is logged with its best score, feeding `/knowledge/gaps`.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    request_body = TestQueryRequest,
    responses(
        (status = 200, body = TestQueryResponse),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Empty or too long query, top_k outside 1-50", body = ErrorBody),
        (status = 503, description = "`knowledge_unavailable`: the embedder or vector index is down", body = ErrorBody),
    )
)]
#[post("/knowledge/test")]
pub async fn test_query(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<TestQueryRequest>,
) -> Result<web::Json<TestQueryResponse>, ApiError> {
    let (query, top_k) = body.try_into_domain()?;
    let result = state
        .knowledge
        .search(principal.workspace_id, &query, top_k)
        .await?;
    if !result.logged {
        tracing::warn!("a knowledge query could not be logged; gaps will miss it");
    }
    Ok(web::Json(TestQueryResponse {
        query: query.as_str().to_owned(),
        confidence: result.confidence,
        results: result
            .hits
            .into_iter()
            .enumerate()
            .map(|(i, hit)| HitResponse::new(i + 1, hit))
            .collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GapsQuery {
    /// How far back: a number and h, d or w (`24h`, `30d`, `2w`), up to 365 days.
    /// Default 30d.
    #[param(example = "30d")]
    pub period: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapsResponse {
    pub period: PeriodDto,
    /// Queries in the period that found nothing or only low-confidence hits.
    pub weak_queries: usize,
    pub no_result_queries: usize,
    /// Most asked first.
    pub gaps: Vec<GapDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodDto {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapDto {
    /// The words these queries share: what to write a FAQ or document about.
    #[schema(example = "gift wrapping")]
    pub pattern: String,
    pub keywords: Vec<String>,
    pub count: usize,
    pub no_result: usize,
    pub low_confidence: usize,
    /// Up to five distinct queries as asked, newest first.
    pub samples: Vec<String>,
    pub last_asked: DateTime<Utc>,
}

/// Groups this workspace's weak queries of the period (no result, or best score below
/// 0.45) into patterns with counts and sample queries (every member).
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(GapsQuery),
    responses(
        (status = 200, body = GapsResponse),
        (status = 401, body = ErrorBody),
        (status = 422, description = "A period that is not like 30d, or longer than 365 days", body = ErrorBody),
    )
)]
#[get("/knowledge/gaps")]
pub async fn knowledge_gaps(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<GapsQuery>,
) -> Result<web::Json<GapsResponse>, ApiError> {
    let mut errors = FieldErrors::new();
    let period = match query.period.as_deref() {
        None => Some(GapPeriod::default()),
        Some(raw) => coded(
            &mut errors,
            "period",
            |e: &GapPeriodError| match e {
                GapPeriodError::Format(_) => "invalid",
                GapPeriodError::OutOfRange => "out_of_range",
            },
            GapPeriod::parse(raw),
        ),
    };
    let (period,) = all_valid!(errors, period);
    let report = state.knowledge.gaps(principal.workspace_id, period).await?;
    Ok(web::Json(GapsResponse {
        period: PeriodDto {
            start: report.since,
            end: report.until,
        },
        weak_queries: report.weak_queries,
        no_result_queries: report.no_result_queries,
        gaps: report
            .patterns
            .into_iter()
            .map(|p| GapDto {
                pattern: p.pattern,
                keywords: p.keywords,
                count: p.count,
                no_result: p.no_result,
                low_confidence: p.low_confidence,
                samples: p.samples,
                last_asked: p.last_asked,
            })
            .collect(),
    }))
}
