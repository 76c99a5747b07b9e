//! `/invitations`: bring people into the workspace by email.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use identity::service::AcceptInvitation;
use identity::{Invitation, PersonName};
use kernel::Email;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{TokenResponse, tokens_response};
use super::members::parse_role;
use crate::http::{
    ApiError, Authenticated, ClientIp, ErrorBody, FieldErrors, Json, PageQuery, Paginated,
};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"email": "marco@glowbeauty.it", "role": "agent"}))]
pub struct CreateInvitationRequest {
    pub email: String,
    /// admin, agent or viewer.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationResponse {
    pub id: uuid::Uuid,
    pub email: String,
    pub role: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<Invitation> for InvitationResponse {
    fn from(invitation: Invitation) -> Self {
        Self {
            id: invitation.id.as_uuid(),
            email: invitation.email.to_string(),
            role: invitation.role.as_str().to_owned(),
            expires_at: invitation.expires_at,
            created_at: invitation.created_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"password": "Sunflower2024", "name": "Marco"}))]
pub struct AcceptInvitationRequest {
    /// A new password when the invited email has no account yet, else the account's password.
    pub password: String,
    pub name: Option<String>,
}

/// Invites someone by email; the link is valid for 7 days.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    request_body = CreateInvitationRequest,
    responses(
        (status = 201, body = InvitationResponse),
        (status = 403, description = "`forbidden` or `role_not_grantable`", body = ErrorBody),
        (status = 409, description = "`already_member`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/invitations")]
pub async fn create_invitation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    ip: ClientIp,
    Json(body): Json<CreateInvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&body.email));
    let role = parse_role("role", &body.role, &mut errors);
    let (email, role) = crate::all_valid!(errors, email, role);
    let invitation = state
        .identity
        .invite(&principal, email, role, ip.as_deref())
        .await?;
    Ok(HttpResponse::Created().json(InvitationResponse::from(invitation)))
}

/// Invitations not yet accepted nor expired.
#[utoipa::path(
    tag = "team",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<InvitationResponse>), (status = 403, body = ErrorBody))
)]
#[get("/invitations")]
pub async fn list_invitations(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<InvitationResponse>>, ApiError> {
    let page = state
        .identity
        .pending_invitations(&principal, query.try_into_domain()?)
        .await?;
    Ok(web::Json(Paginated::from_page(
        page,
        InvitationResponse::from,
    )))
}

/// Accepts an invitation and signs in to the workspace.
#[utoipa::path(
    tag = "team",
    params(("token" = String, Path, description = "The token from the invitation email")),
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "Existing account, wrong password", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`invitation_accepted` or `already_member`", body = ErrorBody),
        (status = 410, description = "`invitation_expired`", body = ErrorBody),
        (status = 422, description = "Weak password for a new account", body = ErrorBody),
    )
)]
#[post("/invitations/{token}/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    ip: ClientIp,
    token: web::Path<String>,
    Json(body): Json<AcceptInvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::new();
    let name = match body.name.as_deref() {
        Some(raw) => errors.check("name", PersonName::parse(raw)).map(Some),
        None => Some(None),
    };
    let (name,) = crate::all_valid!(errors, name);
    let pair = state
        .identity
        .accept_invitation(
            token.trim(),
            AcceptInvitation {
                password: body.password,
                name,
            },
            ip.as_deref(),
        )
        .await?;
    Ok(tokens_response(
        &state,
        StatusCode::OK,
        &pair,
        TokenResponse::from_pair(&pair),
    ))
}
