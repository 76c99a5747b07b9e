//! `/audit-log`: security events of the workspace, newest first.

use std::collections::BTreeMap;

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use identity::{Actor, AuditEvent};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::{ApiError, Authenticated, ErrorBody, PageQuery, Paginated};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventResponse {
    pub id: uuid::Uuid,
    #[schema(example = "login_failed")]
    pub action: String,
    /// user, api_key or anonymous.
    pub actor_type: String,
    pub actor_id: Option<uuid::Uuid>,
    pub ip: Option<String>,
    pub details: BTreeMap<String, String>,
    pub created_at: DateTime<Utc>,
}

impl From<AuditEvent> for AuditEventResponse {
    fn from(event: AuditEvent) -> Self {
        let (actor_type, actor_id) = match event.actor {
            Actor::User(id) => ("user", Some(id.as_uuid())),
            Actor::ApiKey(id) => ("api_key", Some(id.as_uuid())),
            Actor::Anonymous => ("anonymous", None),
        };
        Self {
            id: event.id.as_uuid(),
            action: event.action.as_str().to_owned(),
            actor_type: actor_type.to_owned(),
            actor_id,
            ip: event.ip,
            details: event.details,
            created_at: event.created_at,
        }
    }
}

/// Security events: sign-ins, failed sign-ins, role changes, keys created and revoked...
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<AuditEventResponse>), (status = 403, body = ErrorBody))
)]
#[get("/audit-log")]
pub async fn audit_log(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<AuditEventResponse>>, ApiError> {
    let page = state
        .identity
        .audit_log(&principal, query.try_into_domain()?)
        .await?;
    Ok(web::Json(Paginated::from_page(
        page,
        AuditEventResponse::from,
    )))
}
