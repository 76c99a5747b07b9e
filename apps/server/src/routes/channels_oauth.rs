//! "Log in with Facebook" for connecting Pages: `oauth-url` hands out the dialog URL
//! with a signed `state` (this workspace, an expiry), and `oauth-callback` checks the
//! state, trades the code for a token, and connects the chosen Page.
//!
//! The state is an HMAC under the server's secret rather than a stored row: any
//! replica can check it, and it cannot be replayed into another workspace or after
//! it expires.

use actix_web::{HttpResponse, get, post, web};
use channels::{OAuthOutcome, OAuthSource, PlatformAccountId};
use chrono::{DateTime, Duration, Utc};
use identity::{Permission, Principal};
use kernel::WorkspaceId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::channels_dto::{ChannelResponse, meta_platform, required};
use crate::http::{ApiError, Authenticated, ErrorBody, ErrorCode, FieldErrors, Json};
use crate::state::AppState;

const STATE_PURPOSE: &str = "meta-oauth-state";
/// Long enough to sign in and pick a Page, short enough that a leaked URL goes stale.
const STATE_TTL_MINUTES: i64 = 30;

fn scopes(platform: channels::Platform) -> &'static str {
    match platform {
        channels::Platform::Instagram => {
            "pages_show_list,pages_messaging,pages_manage_metadata,instagram_basic,instagram_manage_messages"
        }
        _ => "pages_show_list,pages_messaging,pages_manage_metadata",
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OAuthUrlQuery {
    /// `messenger` (default) or `instagram`: which permissions to ask for.
    pub platform: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthUrlResponse {
    /// Send the person here; Facebook returns them to `redirect_uri` with `code` and `state`.
    pub url: String,
    pub state: String,
    pub redirect_uri: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"state": "0190f5a2-...:1767225600.q1w2e3", "code": "AQD...", "page_id": "106540352242922"}))]
pub struct OAuthCallbackRequest {
    /// The `state` Facebook sent back, exactly.
    #[schema(required = true)]
    pub state: Option<String>,
    /// The `code` Facebook sent back. Absent when answering a page choice with `selection`.
    pub code: Option<String>,
    /// From an earlier answer that listed pages to choose from.
    pub selection: Option<String>,
    /// The Page to connect (for Instagram: the Page linked to the account). May be left
    /// out when the person manages a single Page.
    pub page_id: Option<String>,
    /// `messenger` (default) or `instagram`.
    pub platform: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PageChoiceResponse {
    pub id: String,
    pub name: String,
    pub instagram_account_id: Option<String>,
}

/// Several Pages and no choice yet: show them, then post `selection` with a `page_id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChoosePageResponse {
    pub pages: Vec<PageChoiceResponse>,
    /// Opaque and sealed; valid until `expires_at`.
    pub selection: String,
    pub expires_at: DateTime<Utc>,
}

fn manage(principal: &Principal) -> Result<(), ApiError> {
    principal.require(Permission::ManageChannels)?;
    Ok(())
}

/// The Facebook dialog URL to connect a Page, with a signed state for this workspace.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(OAuthUrlQuery),
    responses(
        (status = 200, body = OAuthUrlResponse),
        (status = 403, body = ErrorBody),
        (status = 503, description = "`meta_not_configured`", body = ErrorBody),
    )
)]
#[get("/channels/meta/oauth-url")]
pub async fn oauth_url(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<OAuthUrlQuery>,
) -> Result<web::Json<OAuthUrlResponse>, ApiError> {
    manage(&principal)?;
    let mut errors = FieldErrors::new();
    let platform = meta_platform(&mut errors, "platform", query.platform.as_deref());
    let (platform,) = crate::all_valid!(errors, platform);
    let meta = &state.meta;
    if meta.app_id.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::MetaNotConfigured,
            "no Meta app is configured (meta.app_id)",
        ));
    }
    let expires_at = Utc::now() + Duration::minutes(STATE_TTL_MINUTES);
    let signed = state.signer.sign(
        STATE_PURPOSE,
        &format!("{}:{}", principal.workspace_id, expires_at.timestamp()),
    );
    let url = format!(
        "{}/{}/dialog/oauth?client_id={}&redirect_uri={}&state={}&response_type=code&scope={}",
        meta.oauth_dialog_url.trim_end_matches('/'),
        meta.api_version,
        encode(meta.app_id.trim()),
        encode(&meta.oauth_redirect_uri),
        encode(&signed),
        encode(scopes(platform)),
    );
    Ok(web::Json(OAuthUrlResponse {
        url,
        state: signed,
        redirect_uri: meta.oauth_redirect_uri.clone(),
        expires_at,
    }))
}

/// Finishes "Log in with Facebook": connects the chosen Page, or lists the Pages to
/// choose from when there are several and none was named.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    request_body = OAuthCallbackRequest,
    responses(
        (status = 201, description = "Connected", body = ChannelResponse),
        (status = 200, description = "Reconnected (a `ChannelResponse`), or pages to choose from (a `ChoosePageResponse`)", body = ChoosePageResponse),
        (status = 400, description = "`invalid_oauth_state` or `oauth_selection_expired`", body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, description = "`validation_failed`, `page_not_managed`, `invalid_channel_token` or `platform_refused`", body = ErrorBody),
        (status = 502, description = "`platform_unavailable`", body = ErrorBody),
    )
)]
#[post("/channels/meta/oauth-callback")]
pub async fn oauth_callback(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<OAuthCallbackRequest>,
) -> Result<HttpResponse, ApiError> {
    manage(&principal)?;
    let mut errors = FieldErrors::new();
    let signed = required(&mut errors, "state", body.state.as_deref()).map(|s| s.to_owned());
    let platform = meta_platform(&mut errors, "platform", body.platform.as_deref());
    let source = match (body.code.as_deref(), body.selection.as_deref()) {
        (Some(code), None) if !code.trim().is_empty() => Some(OAuthSource::Code {
            code: code.trim().to_owned(),
            redirect_uri: state.meta.oauth_redirect_uri.clone(),
        }),
        (None, Some(selection)) if !selection.trim().is_empty() => {
            Some(OAuthSource::Selection(selection.trim().to_owned()))
        }
        _ => {
            errors.add("code", "missing", "send either code or selection");
            None
        }
    };
    let page_id = match body.page_id.as_deref() {
        Some(raw) => errors
            .check("page_id", PlatformAccountId::parse(raw.trim()))
            .map(Some),
        None => Some(None),
    };
    let (signed, platform, source, page_id) =
        crate::all_valid!(errors, signed, platform, source, page_id);
    check_state(&state, &signed, principal.workspace_id)?;
    let outcome = state
        .channels
        .connect_oauth(principal.workspace_id, platform, source, page_id)
        .await?;
    Ok(match outcome {
        OAuthOutcome::Connected(connected) => {
            let reconnected = connected.reconnected;
            let body = ChannelResponse::from_view(connected.channel, &state.widget.script_url);
            if reconnected {
                HttpResponse::Ok().json(body)
            } else {
                HttpResponse::Created().json(body)
            }
        }
        OAuthOutcome::ChoosePage {
            pages,
            selection,
            expires_at,
        } => HttpResponse::Ok().json(ChoosePageResponse {
            pages: pages
                .into_iter()
                .map(|p| PageChoiceResponse {
                    id: p.id.as_str().to_owned(),
                    name: p.name,
                    instagram_account_id: p.instagram_account_id.map(|id| id.as_str().to_owned()),
                })
                .collect(),
            selection,
            expires_at,
        }),
    })
}

/// The state must be ours, for this workspace, and not expired.
fn check_state(state: &AppState, signed: &str, workspace_id: WorkspaceId) -> Result<(), ApiError> {
    let invalid = || {
        ApiError::new(
            ErrorCode::InvalidOAuthState,
            "the OAuth state is not valid for this workspace or has expired",
        )
        .with_details(serde_json::json!({ "field": "state" }))
    };
    let value = state
        .signer
        .verify(STATE_PURPOSE, signed)
        .ok_or_else(invalid)?;
    let (workspace, expires) = value.split_once(':').ok_or_else(invalid)?;
    let expires = expires
        .parse::<i64>()
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .ok_or_else(invalid)?;
    if workspace != workspace_id.to_string() || expires <= Utc::now() {
        return Err(invalid());
    }
    Ok(())
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode("https://app.example/cb?x=1"),
            "https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1"
        );
        assert_eq!(encode("a,b c"), "a%2Cb%20c");
    }
}
