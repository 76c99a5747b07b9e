//! `/api-keys`: credentials for integrators, shown once and stored hashed.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use identity::{ApiKey, ApiKeyId, ApiKeyName, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::members::parse_role;
use crate::http::{
    ApiError, Authenticated, ClientIp, ErrorBody, FieldErrors, Json, PageQuery, Paginated,
};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "Shopify sync", "role": "agent"}))]
pub struct CreateApiKeyRequest {
    pub name: String,
    /// The role the key acts with: admin, agent (default) or viewer; never above yours.
    pub role: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyResponse {
    pub id: uuid::Uuid,
    pub name: String,
    pub role: String,
    /// The first characters of the key, to tell keys apart.
    #[schema(example = "cd_live_Ab3x")]
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKeyResponse {
    #[serde(flatten)]
    pub key: ApiKeyResponse,
    /// The full key. Shown this once: store it now.
    #[schema(example = "cd_live_Ab3xQ9...")]
    pub secret: String,
}

impl From<ApiKey> for ApiKeyResponse {
    fn from(key: ApiKey) -> Self {
        Self {
            id: key.id.as_uuid(),
            name: key.name.as_str().to_owned(),
            role: key.role.as_str().to_owned(),
            prefix: key.display_prefix,
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked_at: key.revoked_at,
        }
    }
}

/// Creates an API key (owner and admin). Use it as `Authorization: Bearer cd_live_...`.
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    request_body = CreateApiKeyRequest,
    responses(
        (status = 201, body = CreatedApiKeyResponse),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    ip: ClientIp,
    Json(body): Json<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", ApiKeyName::parse(&body.name));
    let role = match body.role.as_deref() {
        Some(raw) => parse_role("role", raw, &mut errors),
        None => Some(Role::Agent),
    };
    let (name, role) = crate::all_valid!(errors, name, role);
    let created = state
        .identity
        .create_api_key(&principal, name, role, ip.as_deref())
        .await?;
    Ok(HttpResponse::Created().json(CreatedApiKeyResponse {
        key: ApiKeyResponse::from(created.key),
        secret: created.secret,
    }))
}

/// Lists the workspace's API keys (never the keys themselves).
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<ApiKeyResponse>), (status = 403, body = ErrorBody))
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<ApiKeyResponse>>, ApiError> {
    let page = state
        .identity
        .list_api_keys(&principal, query.try_into_domain()?)
        .await?;
    Ok(web::Json(Paginated::from_page(page, ApiKeyResponse::from)))
}

/// Revokes an API key; it stops working at once.
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "API key id")),
    responses((status = 204, description = "Revoked"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    ip: ClientIp,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    state
        .identity
        .revoke_api_key(&principal, ApiKeyId::from_uuid(*id), ip.as_deref())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
