//! `/members`: the team of the caller's workspace.

use actix_web::{HttpResponse, delete, get, patch, web};
use chrono::{DateTime, Utc};
use identity::{MemberId, MemberProfile, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::{
    ApiError, Authenticated, ClientIp, ErrorBody, FieldErrors, Json, PageQuery, Paginated,
};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberResponse {
    pub id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub email: String,
    pub name: Option<String>,
    /// owner, admin, agent or viewer.
    pub role: String,
    pub joined_at: DateTime<Utc>,
}

impl From<MemberProfile> for MemberResponse {
    fn from(profile: MemberProfile) -> Self {
        Self {
            id: profile.member.id.as_uuid(),
            user_id: profile.member.user_id.as_uuid(),
            email: profile.email.to_string(),
            name: profile.name.map(|n| n.as_str().to_owned()),
            role: profile.member.role.as_str().to_owned(),
            joined_at: profile.member.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"role": "agent"}))]
pub struct ChangeRoleRequest {
    /// admin, agent or viewer (never owner).
    pub role: String,
}

/// Parses a role a member can be given (owner never is).
pub fn parse_role(field: &str, raw: &str, errors: &mut FieldErrors) -> Option<Role> {
    let role = Role::parse(raw.trim());
    if role.is_none() {
        errors.add(
            field,
            "invalid",
            format!("'{raw}' is not one of owner, admin, agent, viewer"),
        );
    }
    role
}

/// Lists the workspace's members.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<MemberResponse>), (status = 401, body = ErrorBody))
)]
#[get("/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<MemberResponse>>, ApiError> {
    let page = state
        .identity
        .members(&principal, query.try_into_domain()?)
        .await?;
    Ok(web::Json(Paginated::from_page(page, MemberResponse::from)))
}

/// Changes a member's role (owner and admin; nobody grants above their own role).
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Member id")),
    request_body = ChangeRoleRequest,
    responses(
        (status = 200, body = MemberResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`owner_is_permanent` or `own_role`", body = ErrorBody),
    )
)]
#[patch("/members/{id}")]
pub async fn change_role(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    ip: ClientIp,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<ChangeRoleRequest>,
) -> Result<web::Json<MemberResponse>, ApiError> {
    let mut errors = FieldErrors::new();
    let role = parse_role("role", &body.role, &mut errors);
    let (role,) = crate::all_valid!(errors, role);
    let member = state
        .identity
        .change_role(&principal, MemberId::from_uuid(*id), role, ip.as_deref())
        .await?;
    Ok(web::Json(MemberResponse::from(member)))
}

/// Removes a member from the workspace (owner and admin; the owner stays).
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Member id")),
    responses(
        (status = 204, description = "Removed; their sessions stop working at once"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[delete("/members/{id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    ip: ClientIp,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    state
        .identity
        .remove_member(&principal, MemberId::from_uuid(*id), ip.as_deref())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
