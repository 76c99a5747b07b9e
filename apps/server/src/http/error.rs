//! The one place errors become HTTP: `{"error":{"code","message","request_id","details"?}}`.
//! `ErrorCode` is the error table: every code, its HTTP status, and what it means.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use identity::{AccessError, AuthError, TeamError, Unauthenticated, WorkspaceError};
use serde::Serialize;
use utoipa::ToSchema;

use super::request_id;

macro_rules! error_table {
    ($( $variant:ident => ($code:literal, $status:ident, $meaning:literal), )*) => {
        /// Every error code the API returns.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode { $( $variant, )* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code, )* }
            }

            pub fn status(self) -> StatusCode {
                match self { $( ErrorCode::$variant => StatusCode::$status, )* }
            }

            pub fn meaning(self) -> &'static str {
                match self { $( ErrorCode::$variant => $meaning, )* }
            }
        }
    };
}

error_table! {
    MalformedJson => ("malformed_json", BAD_REQUEST, "The body is not valid JSON."),
    UnsupportedMediaType => ("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE, "Send Content-Type: application/json."),
    PayloadTooLarge => ("payload_too_large", PAYLOAD_TOO_LARGE, "The body is larger than the server accepts."),
    ValidationFailed => ("validation_failed", UNPROCESSABLE_ENTITY, "One or more fields are invalid; details.fields names them."),
    WeakPassword => ("weak_password", UNPROCESSABLE_ENTITY, "The password breaks the policy; details.rule names the rule."),
    InvalidToken => ("invalid_token", BAD_REQUEST, "The emailed token is not valid."),
    TokenExpired => ("token_expired", BAD_REQUEST, "The emailed token expired."),
    TokenUsed => ("token_used", BAD_REQUEST, "The emailed token was already used."),
    Unauthenticated => ("unauthenticated", UNAUTHORIZED, "Send a valid access token or API key as Authorization: Bearer."),
    AccessTokenExpired => ("access_token_expired", UNAUTHORIZED, "The access token expired; refresh it."),
    SessionRevoked => ("session_revoked", UNAUTHORIZED, "The session was signed out or revoked."),
    InvalidCredentials => ("invalid_credentials", UNAUTHORIZED, "Email or password is incorrect."),
    InvalidRefreshToken => ("invalid_refresh_token", UNAUTHORIZED, "The refresh token is not valid."),
    RefreshTokenExpired => ("refresh_token_expired", UNAUTHORIZED, "The refresh token expired; sign in again."),
    RefreshTokenReused => ("refresh_token_reused", UNAUTHORIZED, "A used refresh token was presented again; the session was revoked."),
    Forbidden => ("forbidden", FORBIDDEN, "Your role does not allow this."),
    RoleNotGrantable => ("role_not_grantable", FORBIDDEN, "Nobody can grant the owner role or a role above their own."),
    NotFound => ("not_found", NOT_FOUND, "No such resource in this workspace."),
    RouteNotFound => ("route_not_found", NOT_FOUND, "No such endpoint."),
    MethodNotAllowed => ("method_not_allowed", METHOD_NOT_ALLOWED, "The endpoint does not accept this method."),
    EmailTaken => ("email_taken", CONFLICT, "An account with this email already exists."),
    AlreadyMember => ("already_member", CONFLICT, "That person is already a member of this workspace."),
    InvitationAccepted => ("invitation_accepted", CONFLICT, "The invitation was already accepted."),
    InvitationExpired => ("invitation_expired", GONE, "The invitation expired; ask for a new one."),
    OwnerIsPermanent => ("owner_is_permanent", CONFLICT, "The workspace owner cannot be changed or removed."),
    OwnRole => ("own_role", CONFLICT, "You cannot change your own role."),
    RateLimited => ("rate_limited", TOO_MANY_REQUESTS, "Too many attempts; retry after the Retry-After seconds."),
    NotReady => ("not_ready", SERVICE_UNAVAILABLE, "A dependency (the database) is unreachable."),
    Internal => ("internal_error", INTERNAL_SERVER_ERROR, "Something failed on our side; the request id helps us find it."),
}

/// The error body as documented in the OpenAPI spec.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable, machine-readable code from the error table.
    #[schema(example = "validation_failed")]
    pub code: String,
    pub message: String,
    #[schema(example = "01J9Z6V7X4W2T8K3M5N6P7Q8R9")]
    pub request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<serde_json::Value>,
    pub retry_after_seconds: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: None,
            retry_after_seconds: None,
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds.max(1)),
            ..Self::new(ErrorCode::RateLimited, "too many attempts, slow down")
        }
    }

    /// Logs the cause with the request id and answers with a generic message.
    pub fn unexpected(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "unexpected failure");
        Self::new(ErrorCode::Internal, "internal error")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().to_owned(),
                message: self.message.clone(),
                request_id: request_id::current(),
                details: self.details.clone(),
            },
        };
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after_seconds {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(seconds)));
        }
        response.json(body)
    }
}

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::Unauthenticated(reason) => match reason {
                Unauthenticated::Expired => {
                    ApiError::new(ErrorCode::AccessTokenExpired, "access token expired")
                }
                Unauthenticated::Revoked | Unauthenticated::NoLongerMember => {
                    ApiError::new(ErrorCode::SessionRevoked, "session is no longer valid")
                }
                Unauthenticated::Missing | Unauthenticated::Invalid => {
                    ApiError::new(ErrorCode::Unauthenticated, "authentication required")
                }
            },
            AccessError::Forbidden(_) => ApiError::new(ErrorCode::Forbidden, e.to_string()),
            AccessError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        let code = match &e {
            AuthError::EmailTaken => ErrorCode::EmailTaken,
            AuthError::InvalidCredentials => ErrorCode::InvalidCredentials,
            AuthError::WorkspaceNotFound => ErrorCode::NotFound,
            AuthError::InvalidRefreshToken => ErrorCode::InvalidRefreshToken,
            AuthError::RefreshTokenExpired => ErrorCode::RefreshTokenExpired,
            AuthError::RefreshTokenReused => ErrorCode::RefreshTokenReused,
            AuthError::InvalidToken => ErrorCode::InvalidToken,
            AuthError::TokenExpired => ErrorCode::TokenExpired,
            AuthError::TokenUsed => ErrorCode::TokenUsed,
            AuthError::Access(_) | AuthError::Unexpected(_) => {
                return match e {
                    AuthError::Access(access) => access.into(),
                    other => ApiError::unexpected(other),
                };
            }
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<TeamError> for ApiError {
    fn from(e: TeamError) -> Self {
        let code = match &e {
            TeamError::MemberNotFound
            | TeamError::InvitationNotFound
            | TeamError::ApiKeyNotFound => ErrorCode::NotFound,
            TeamError::InvitationExpired => ErrorCode::InvitationExpired,
            TeamError::InvitationAccepted => ErrorCode::InvitationAccepted,
            TeamError::AlreadyMember => ErrorCode::AlreadyMember,
            TeamError::RoleNotGrantable => ErrorCode::RoleNotGrantable,
            TeamError::OwnerIsPermanent => ErrorCode::OwnerIsPermanent,
            TeamError::OwnRole => ErrorCode::OwnRole,
            TeamError::InvalidCredentials => ErrorCode::InvalidCredentials,
            TeamError::WeakPassword(rule) => {
                return super::validation::weak_password(*rule);
            }
            TeamError::Access(_) | TeamError::Unexpected(_) => {
                return match e {
                    TeamError::Access(access) => access.into(),
                    other => ApiError::unexpected(other),
                };
            }
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<WorkspaceError> for ApiError {
    fn from(e: WorkspaceError) -> Self {
        match e {
            WorkspaceError::NotFound => ApiError::not_found("workspace"),
            WorkspaceError::Access(access) => access.into(),
            WorkspaceError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_documented() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
            assert!(!code.meaning().is_empty());
            assert!(code.status().is_client_error() || code.status().is_server_error());
        }
    }
}
