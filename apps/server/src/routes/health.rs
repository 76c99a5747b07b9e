//! Liveness, readiness and metrics, outside `/api/v1` where load balancers and
//! Prometheus expect them.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::metrics::Metrics;
use crate::http::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = HealthResponse)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<HealthResponse> {
    web::Json(HealthResponse { status: "ok" })
}

/// The process can serve: the database answers.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, body = HealthResponse), (status = 503, body = ErrorBody))
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<HealthResponse>, ApiError> {
    store::ping(&state.db).await.map_err(|e| {
        tracing::warn!(error = %e, "database not reachable");
        ApiError::new(ErrorCode::NotReady, "database is not reachable")
    })?;
    Ok(web::Json(HealthResponse { status: "ready" }))
}

/// Request counts and latencies in the Prometheus text format.
#[utoipa::path(tag = "operations", responses((status = 200, content_type = "text/plain", body = String)))]
#[get("/metrics")]
pub async fn metrics(metrics: web::Data<Metrics>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(metrics.render())
}
