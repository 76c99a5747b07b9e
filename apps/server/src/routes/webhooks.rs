//! `/webhooks/meta` and `/webhooks/whatsapp`: where Meta delivers Messenger, Instagram
//! and WhatsApp events.
//!
//! A POST is checked against `X-Hub-Signature-256` over the raw bytes before anything
//! else reads them, parsed, and stored with its processing jobs in one transaction;
//! only then is it answered 200, and nothing is processed before the answer. Meta
//! unsubscribes apps that answer slowly, and redelivers what was not acknowledged, so
//! the handler does the least that makes an event durable and no more.
//!
//! Both paths accept every Meta object (`page`, `instagram`,
//! `whatsapp_business_account`): one app may point all its products at one URL, and an
//! event refused for arriving at the "wrong" path would be retried for days and lost.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use channels::IngestReport;
use channels::ports::{SignatureError, WebhookVerifier};
use futures_util::StreamExt;
use meta::{ParsedWebhook, WebhookParseError};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::http::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// What Meta sends to verify the callback URL.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// Always `subscribe`.
    #[serde(rename = "hub.mode")]
    #[param(rename = "hub.mode")]
    pub mode: Option<String>,
    /// The verify token typed in the app's webhook settings.
    #[serde(rename = "hub.verify_token")]
    #[param(rename = "hub.verify_token")]
    pub verify_token: Option<String>,
    /// Echoed back when the token matches.
    #[serde(rename = "hub.challenge")]
    #[param(rename = "hub.challenge")]
    pub challenge: Option<String>,
}

/// What one delivery did. Meta only needs the 200; the counts are for people and logs.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAck {
    /// Events read from the body.
    pub received: usize,
    /// Stored now, each with its processing job.
    pub recorded: usize,
    /// Already stored from an earlier delivery: nothing done.
    pub duplicates: usize,
    /// For accounts no channel of ours receives: logged and dropped.
    pub unrouted: usize,
    /// Items of the batch that are not events we read (logged with their path).
    pub skipped: usize,
}

/// A challenge is a number Meta chose; anything longer than this is not one.
const MAX_CHALLENGE: usize = 512;

/// Answers Meta's verification of the callback URL.
#[utoipa::path(
    tag = "webhooks",
    params(VerifyQuery),
    responses(
        (status = 200, description = "The `hub.challenge`, as text", content_type = "text/plain", body = String),
        (status = 403, description = "`forbidden`: the verify token does not match", body = ErrorBody),
    )
)]
#[get("/webhooks/meta")]
pub async fn verify_meta(
    state: web::Data<AppState>,
    query: web::Query<VerifyQuery>,
) -> Result<HttpResponse, ApiError> {
    verify(&state, &query)
}

/// Answers Meta's verification of the WhatsApp callback URL.
#[utoipa::path(
    tag = "webhooks",
    params(VerifyQuery),
    responses(
        (status = 200, description = "The `hub.challenge`, as text", content_type = "text/plain", body = String),
        (status = 403, description = "`forbidden`: the verify token does not match", body = ErrorBody),
    )
)]
#[get("/webhooks/whatsapp")]
pub async fn verify_whatsapp(
    state: web::Data<AppState>,
    query: web::Query<VerifyQuery>,
) -> Result<HttpResponse, ApiError> {
    verify(&state, &query)
}

/// Receives Messenger, Instagram (and WhatsApp) events.
#[utoipa::path(
    tag = "webhooks",
    request_body(content = Object, content_type = "application/json", description = "A Meta webhook body, signed with the app secret in `X-Hub-Signature-256`"),
    params(("X-Hub-Signature-256" = String, Header, description = "`sha256=` and the hex HMAC-SHA256 of the raw body")),
    responses(
        (status = 200, body = WebhookAck),
        (status = 400, description = "`malformed_webhook` or `unknown_webhook_object`", body = ErrorBody),
        (status = 401, description = "`invalid_signature`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 503, description = "`meta_not_configured`", body = ErrorBody),
    )
)]
#[post("/webhooks/meta")]
pub async fn receive_meta(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<WebhookAck>, ApiError> {
    receive(&state, &request, payload).await
}

/// Receives WhatsApp Cloud API events (and Messenger or Instagram ones).
#[utoipa::path(
    tag = "webhooks",
    request_body(content = Object, content_type = "application/json", description = "A Meta webhook body, signed with the app secret in `X-Hub-Signature-256`"),
    params(("X-Hub-Signature-256" = String, Header, description = "`sha256=` and the hex HMAC-SHA256 of the raw body")),
    responses(
        (status = 200, body = WebhookAck),
        (status = 400, description = "`malformed_webhook` or `unknown_webhook_object`", body = ErrorBody),
        (status = 401, description = "`invalid_signature`", body = ErrorBody),
        (status = 413, description = "`payload_too_large`", body = ErrorBody),
        (status = 503, description = "`meta_not_configured`", body = ErrorBody),
    )
)]
#[post("/webhooks/whatsapp")]
pub async fn receive_whatsapp(
    state: web::Data<AppState>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<WebhookAck>, ApiError> {
    receive(&state, &request, payload).await
}

fn verify(state: &AppState, query: &VerifyQuery) -> Result<HttpResponse, ApiError> {
    let expected = state.meta.verify_token.expose_secret();
    let matches = query.mode.as_deref() == Some("subscribe")
        && !expected.is_empty()
        && query
            .verify_token
            .as_deref()
            .is_some_and(|given| same_secret(given.as_bytes(), expected.as_bytes()));
    let challenge = query
        .challenge
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() <= MAX_CHALLENGE);
    match (matches, challenge) {
        (true, Some(challenge)) => Ok(HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(challenge.to_owned())),
        _ => {
            tracing::warn!("webhook verification refused");
            Err(ApiError::new(
                ErrorCode::Forbidden,
                "the verify token does not match",
            ))
        }
    }
}

/// Compares without stopping at the first difference, so timing tells nothing.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn receive(
    state: &AppState,
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<WebhookAck>, ApiError> {
    let verifier = state.meta.verifier.as_ref().ok_or_else(|| {
        tracing::error!("a webhook arrived but meta.app_secret is not configured");
        ApiError::new(
            ErrorCode::MetaNotConfigured,
            "webhooks cannot be verified: no Meta app secret is configured",
        )
    })?;
    let body = read_limited(payload, state.meta.webhook_body_limit).await?;
    let signature = request
        .headers()
        .get(meta::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    verifier.verify(&body, signature).map_err(|e| {
        tracing::warn!(reason = %e, bytes = body.len(), "webhook signature refused");
        ApiError::new(
            ErrorCode::InvalidSignature,
            match e {
                SignatureError::Missing => "the X-Hub-Signature-256 header is missing",
                SignatureError::Malformed => "the X-Hub-Signature-256 header is malformed",
                SignatureError::Mismatch => "the signature does not match the body",
            },
        )
    })?;
    let parsed = meta::parse_webhook(&body).map_err(refused)?;
    log_skipped(&parsed);
    let received = parsed.events.len();
    let skipped = parsed.skipped.len();
    let report = state
        .channels
        .ingest(parsed.events)
        .await
        .map_err(ApiError::unexpected)?;
    log_unrouted(&report);
    Ok(web::Json(WebhookAck {
        received,
        recorded: report.recorded,
        duplicates: report.duplicates,
        unrouted: report.unrouted.iter().map(|u| u.events).sum(),
        skipped,
    }))
}

/// The raw body, refused past `limit` without reading the rest.
async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(
                ErrorCode::MalformedWebhook,
                format!("the body could not be read: {e}"),
            )
        })?;
        if body.len() + chunk.len() > limit {
            tracing::warn!(limit, "webhook body too large");
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("webhook bodies are limited to {limit} bytes"),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn refused(error: WebhookParseError) -> ApiError {
    tracing::warn!(%error, "webhook body refused");
    match error {
        WebhookParseError::TooLarge { max, .. } => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("webhook bodies are limited to {max} bytes"),
        ),
        WebhookParseError::UnknownObject(object) => ApiError::new(
            ErrorCode::UnknownWebhookObject,
            "the webhook's object is not one of Meta's messaging platforms",
        )
        .with_details(json!({ "object": object.chars().take(100).collect::<String>() })),
        WebhookParseError::Malformed(reason)
        | WebhookParseError::WrongObject { found: reason, .. } => ApiError::new(
            ErrorCode::MalformedWebhook,
            "the body is not a Meta webhook",
        )
        .with_details(json!({ "reason": reason.chars().take(300).collect::<String>() })),
    }
}

fn log_skipped(parsed: &ParsedWebhook) {
    for item in parsed.skipped.iter().take(20) {
        tracing::info!(path = %item.path, reason = %item.reason, "webhook item skipped");
    }
    if parsed.skipped.len() > 20 {
        tracing::info!(
            more = parsed.skipped.len() - 20,
            "more webhook items skipped"
        );
    }
}

fn log_unrouted(report: &IngestReport) {
    for unrouted in &report.unrouted {
        // Acknowledged all the same: retrying cannot route an account nobody connected.
        tracing::warn!(
            platform = %unrouted.platform,
            account = %unrouted.account_id,
            events = unrouted.events,
            "webhook events for an account no channel receives"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"token", b"token"));
        assert!(!same_secret(b"token", b"tokem"));
        assert!(!same_secret(b"token", b"token2"));
        assert!(!same_secret(b"", b"x"));
    }
}
