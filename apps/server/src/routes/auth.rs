//! `/auth`: register, sign in, rotate refresh tokens, sign out, verify email, reset password.

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use identity::service::Registration;
use identity::{BusinessName, Password, PersonName, TokenPair};
use kernel::Email;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::all_valid;
use crate::http::{
    ApiError, Authenticated, ClientIp, ErrorBody, FieldErrors, Json, MaybeAuthenticated,
};
use crate::routes::workspace::WorkspaceResponse;
use crate::state::AppState;

/// The cookie carrying the refresh token for browsers (httpOnly: scripts never see it).
pub const REFRESH_COOKIE: &str = "chatdesk_refresh";

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"email": "ana@glowbeauty.it", "password": "Sunflower2024", "business_name": "Glow Beauty", "name": "Ana"}))]
pub struct RegisterRequest {
    pub email: String,
    /// At least 8 characters with an uppercase letter, a lowercase letter and a digit.
    pub password: String,
    /// 3 to 100 characters.
    pub business_name: String,
    pub name: Option<String>,
}

impl RegisterRequest {
    fn try_into_domain(self) -> Result<Registration, ApiError> {
        let password =
            Password::parse(&self.password).map_err(crate::http::validation::weak_password)?;
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&self.email));
        let business_name = errors.check("business_name", BusinessName::parse(&self.business_name));
        let name = match self.name.as_deref() {
            Some(raw) => errors.check("name", PersonName::parse(raw)).map(Some),
            None => Some(None),
        };
        let (email, business_name, name) = all_valid!(errors, email, business_name, name);
        Ok(Registration {
            email,
            password,
            business_name,
            name,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"email": "ana@glowbeauty.it", "password": "Sunflower2024"}))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Which workspace to sign in to; the user's first one when absent.
    pub workspace_id: Option<uuid::Uuid>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RefreshRequest {
    /// The refresh token; browsers may omit it and send the `chatdesk_refresh` cookie.
    pub refresh_token: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailRequest {
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// The token from the email.
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub id: uuid::Uuid,
    pub email: String,
    pub name: Option<String>,
    pub email_verified: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterResponse {
    pub user: UserResponse,
    pub workspace: WorkspaceResponse,
    #[schema(example = "owner")]
    pub role: String,
    pub tokens: TokenResponse,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipSummary {
    pub workspace_id: uuid::Uuid,
    pub business_name: String,
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub user: UserResponse,
    pub workspace: WorkspaceResponse,
    pub role: String,
    /// Every workspace this user can sign in to.
    pub memberships: Vec<MembershipSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedResponse {
    #[schema(example = "If an account exists for this email, a reset link is on its way.")]
    pub message: &'static str,
}

impl From<&identity::User> for UserResponse {
    fn from(user: &identity::User) -> Self {
        Self {
            id: user.id.as_uuid(),
            email: user.email.to_string(),
            name: user.name.as_ref().map(|n| n.as_str().to_owned()),
            email_verified: user.email_verified_at.is_some(),
            created_at: user.created_at,
        }
    }
}

impl TokenResponse {
    pub fn from_pair(pair: &TokenPair) -> Self {
        Self {
            access_token: pair.access_token.clone(),
            token_type: "Bearer",
            expires_in: (pair.access_expires_at - Utc::now()).num_seconds().max(0),
            access_expires_at: pair.access_expires_at,
            refresh_token: pair.refresh_token.clone(),
            refresh_expires_at: pair.refresh_expires_at,
        }
    }
}

fn refresh_cookie(state: &AppState, value: String, max_age_seconds: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path("/api/v1/auth")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies)
        .max_age(time::Duration::seconds(max_age_seconds))
        .finish()
}

/// Answers with the tokens in the body and the refresh token in the cookie.
pub fn tokens_response(
    state: &AppState,
    status: actix_web::http::StatusCode,
    pair: &TokenPair,
    body: impl Serialize,
) -> HttpResponse {
    let max_age = (pair.refresh_expires_at - Utc::now()).num_seconds().max(0);
    HttpResponse::build(status)
        .cookie(refresh_cookie(state, pair.refresh_token.clone(), max_age))
        .json(body)
}

fn limited(result: Result<(), std::time::Duration>) -> Result<(), ApiError> {
    result.map_err(|wait| ApiError::rate_limited(wait.as_secs_f64().ceil() as u64))
}

/// Creates an account and its workspace; the caller becomes the owner and is signed in.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account and workspace created; signed in", body = RegisterResponse),
        (status = 409, description = "Email already registered (`email_taken`)", body = ErrorBody),
        (status = 422, description = "Invalid field or weak password (`weak_password` names the rule)", body = ErrorBody),
        (status = 429, description = "Too many registrations from this address", body = ErrorBody),
    )
)]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    ip: ClientIp,
    Json(body): Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let limits = state.limits;
    limited(state.rate_limiter.hit(
        &format!("register|{}", ip.as_deref().unwrap_or("?")),
        limits.registrations,
        limits.registration_window,
    ))?;
    let registration = body.try_into_domain()?;
    let (account, pair) = state.identity.register(registration, ip.as_deref()).await?;
    let body = RegisterResponse {
        user: UserResponse::from(&account.user),
        workspace: WorkspaceResponse::from(&account.workspace),
        role: account.member.role.as_str().to_owned(),
        tokens: TokenResponse::from_pair(&pair),
    };
    Ok(tokens_response(
        &state,
        actix_web::http::StatusCode::CREATED,
        &pair,
        body,
    ))
}

/// Signs in with email and password.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = ErrorBody),
        (status = 429, description = "More than 5 attempts in 15 minutes for this address and email", body = ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    ip: ClientIp,
    Json(body): Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let limits = state.limits;
    limited(state.rate_limiter.hit(
        &format!(
            "login|{}|{}",
            ip.as_deref().unwrap_or("?"),
            body.email.trim().to_lowercase()
        ),
        limits.login_attempts,
        limits.login_window,
    ))?;
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&body.email));
    let (email,) = all_valid!(errors, email);
    let pair = state
        .identity
        .login(
            &email,
            &body.password,
            body.workspace_id.map(Into::into),
            ip.as_deref(),
        )
        .await?;
    Ok(tokens_response(
        &state,
        actix_web::http::StatusCode::OK,
        &pair,
        TokenResponse::from_pair(&pair),
    ))
}

fn refresh_token_from(req: &HttpRequest, body: &[u8]) -> Result<Option<String>, ApiError> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        crate::http::json::parse::<RefreshRequest>(body)?.refresh_token
    };
    Ok(from_body.or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned())))
}

/// Exchanges a refresh token for a new pair. Each refresh token works once; presenting a
/// used one revokes the whole session.
#[utoipa::path(
    tag = "auth",
    request_body(content = RefreshRequest, description = "Optional when the refresh cookie is sent"),
    responses(
        (status = 200, description = "New tokens; the old refresh token is spent", body = TokenResponse),
        (status = 401, description = "`invalid_refresh_token`, `refresh_token_expired` or `refresh_token_reused`", body = ErrorBody),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let token = refresh_token_from(&req, &body)?
        .ok_or_else(|| ApiError::from(identity::AuthError::InvalidRefreshToken))?;
    let pair = state.identity.refresh(&token, ip.as_deref()).await?;
    Ok(tokens_response(
        &state,
        actix_web::http::StatusCode::OK,
        &pair,
        TokenResponse::from_pair(&pair),
    ))
}

/// Ends the session of the given refresh token (or of the access token) and clears the cookie.
#[utoipa::path(
    tag = "auth",
    request_body(content = RefreshRequest, description = "Optional when the refresh cookie or an access token is sent"),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No session to end", body = ErrorBody),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    ip: ClientIp,
    caller: MaybeAuthenticated,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let token = refresh_token_from(&req, &body)?;
    state
        .identity
        .logout(token.as_deref(), caller.0.as_ref(), ip.as_deref())
        .await?;
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(&state, String::new(), 0))
        .finish())
}

/// The signed-in user, their current workspace and role, and their other workspaces.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = MeResponse),
        (status = 401, body = ErrorBody),
    )
)]
#[get("/auth/me")]
pub async fn me(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<MeResponse>, ApiError> {
    let me = state.identity.me(&principal).await?;
    Ok(web::Json(MeResponse {
        user: UserResponse::from(&me.user),
        workspace: WorkspaceResponse::from(&me.workspace),
        role: me.role.as_str().to_owned(),
        memberships: me
            .memberships
            .iter()
            .map(|(member, workspace)| MembershipSummary {
                workspace_id: workspace.id.as_uuid(),
                business_name: workspace.profile.business_name.as_str().to_owned(),
                role: member.role.as_str().to_owned(),
            })
            .collect(),
    }))
}

/// Emails a password-reset link valid for one hour. Always 202, so it cannot be used to
/// find out who has an account.
#[utoipa::path(
    tag = "auth",
    request_body = EmailRequest,
    responses(
        (status = 202, body = AcceptedResponse),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/auth/forgot-password")]
pub async fn forgot_password(
    state: web::Data<AppState>,
    ip: ClientIp,
    Json(body): Json<EmailRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&body.email));
    let (email,) = all_valid!(errors, email);
    state
        .identity
        .forgot_password(&email, ip.as_deref())
        .await?;
    Ok(HttpResponse::Accepted().json(AcceptedResponse {
        message: "If an account exists for this email, a reset link is on its way.",
    }))
}

/// Sets a new password with the emailed token (single use) and signs out every session.
#[utoipa::path(
    tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed"),
        (status = 400, description = "`invalid_token`, `token_expired` or `token_used`", body = ErrorBody),
        (status = 422, description = "Weak password", body = ErrorBody),
    )
)]
#[post("/auth/reset-password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    ip: ClientIp,
    Json(body): Json<ResetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let password =
        Password::parse(&body.password).map_err(crate::http::validation::weak_password)?;
    state
        .identity
        .reset_password(body.token.trim(), &password, ip.as_deref())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Confirms the email address with the token sent at registration.
#[utoipa::path(
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 204, description = "Email verified"),
        (status = 400, description = "`invalid_token`, `token_expired` or `token_used`", body = ErrorBody),
    )
)]
#[post("/auth/verify-email")]
pub async fn verify_email(
    state: web::Data<AppState>,
    ip: ClientIp,
    Json(body): Json<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .identity
        .verify_email(body.token.trim(), ip.as_deref())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
