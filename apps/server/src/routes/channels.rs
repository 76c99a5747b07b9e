//! `/channels`: connecting Messenger Pages, Instagram accounts, WhatsApp numbers and
//! website widgets, listing them, their numbers, and disconnecting. Owner and admin
//! only (`ManageChannels`): a channel's token speaks for the business.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use channels::{
    AccessToken, ChannelId, ChannelName, ConnectRequest, Connected, Platform, PlatformAccountId,
    WidgetConfig, WidgetOrigin,
};
use chrono::{Duration, Utc};
use identity::{Permission, Principal};
use kernel::Page;

use super::channels_dto::*;
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

/// The longest token lifetime we accept: Instagram's long-lived tokens last 60 days.
const MAX_TOKEN_LIFETIME_DAYS: i64 = 366;

fn manage(principal: &Principal) -> Result<(), ApiError> {
    principal.require(Permission::ManageChannels)?;
    Ok(())
}

fn account_id(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&str>,
) -> Option<PlatformAccountId> {
    let raw = required(errors, field, raw)?;
    errors.check(field, PlatformAccountId::parse(raw))
}

fn token(errors: &mut FieldErrors, raw: Option<&str>) -> Option<AccessToken> {
    let raw = required(errors, "access_token", raw)?;
    errors.check("access_token", AccessToken::parse(raw))
}

/// `Some(None)` when absent, `None` when invalid.
fn optional_name(errors: &mut FieldErrors, raw: Option<&str>) -> Option<Option<ChannelName>> {
    match raw {
        Some(raw) => errors.check("name", ChannelName::parse(raw)).map(Some),
        None => Some(None),
    }
}

/// 201 for a new channel, 200 when an existing one got a new token.
fn connected_response(state: &AppState, connected: Connected) -> HttpResponse {
    let body = ChannelResponse::from_view(connected.channel, &state.widget.script_url);
    if connected.reconnected {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::Created().json(body)
    }
}

/// Connects a Facebook Page to Messenger with a Page access token (or gives an existing
/// channel a new token). The token is checked by reading the Page, and the app is
/// subscribed to the Page's messaging webhooks before anything is stored.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    request_body = ConnectMessengerRequest,
    responses(
        (status = 201, body = ChannelResponse),
        (status = 200, description = "Reconnected: the channel existed and has a new token", body = ChannelResponse),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`channel_account_taken`", body = ErrorBody),
        (status = 422, description = "`validation_failed`, `invalid_channel_token` or `platform_refused`", body = ErrorBody),
        (status = 502, description = "`platform_unavailable`", body = ErrorBody),
    )
)]
#[post("/channels/messenger")]
pub async fn connect_messenger(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<ConnectMessengerRequest>,
) -> Result<HttpResponse, ApiError> {
    manage(&principal)?;
    let mut errors = FieldErrors::new();
    let page = account_id(&mut errors, "page_id", body.page_id.as_deref());
    let token = token(&mut errors, body.access_token.as_deref());
    let name = optional_name(&mut errors, body.name.as_deref());
    let (page, token, name) = crate::all_valid!(errors, page, token, name);
    let connected = state
        .channels
        .connect(ConnectRequest {
            workspace_id: principal.workspace_id,
            platform: Platform::Messenger,
            account_id: page.clone(),
            subscribe_node: page,
            access_token: token,
            display_name: name,
            token_expires_at: None,
        })
        .await?;
    Ok(connected_response(&state, connected))
}

/// Connects an Instagram professional account (or gives it a new token).
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    request_body = ConnectInstagramRequest,
    responses(
        (status = 201, body = ChannelResponse),
        (status = 200, description = "Reconnected", body = ChannelResponse),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`channel_account_taken`", body = ErrorBody),
        (status = 422, description = "`validation_failed`, `invalid_channel_token` or `platform_refused`", body = ErrorBody),
        (status = 502, description = "`platform_unavailable`", body = ErrorBody),
    )
)]
#[post("/channels/instagram")]
pub async fn connect_instagram(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<ConnectInstagramRequest>,
) -> Result<HttpResponse, ApiError> {
    manage(&principal)?;
    let mut errors = FieldErrors::new();
    let account = account_id(
        &mut errors,
        "instagram_account_id",
        body.instagram_account_id.as_deref(),
    );
    let page = match body.page_id.as_deref() {
        Some(raw) => account_id(&mut errors, "page_id", Some(raw)).map(Some),
        None => Some(None),
    };
    let token = token(&mut errors, body.access_token.as_deref());
    let name = optional_name(&mut errors, body.name.as_deref());
    let expires_at = match body.token_expires_in_seconds {
        Some(seconds) if (1..=MAX_TOKEN_LIFETIME_DAYS * 86_400).contains(&seconds) => {
            Some(Some(Utc::now() + Duration::seconds(seconds)))
        }
        Some(_) => {
            errors.add(
                "token_expires_in_seconds",
                "out_of_range",
                format!("between 1 second and {MAX_TOKEN_LIFETIME_DAYS} days"),
            );
            None
        }
        None => Some(None),
    };
    let (account, page, token, name, expires_at) =
        crate::all_valid!(errors, account, page, token, name, expires_at);
    let connected = state
        .channels
        .connect(ConnectRequest {
            workspace_id: principal.workspace_id,
            platform: Platform::Instagram,
            subscribe_node: page.unwrap_or_else(|| account.clone()),
            account_id: account,
            access_token: token,
            display_name: name,
            token_expires_at: expires_at,
        })
        .await?;
    Ok(connected_response(&state, connected))
}

/// Connects a WhatsApp Cloud API phone number (or gives it a new token).
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    request_body = ConnectWhatsAppRequest,
    responses(
        (status = 201, body = ChannelResponse),
        (status = 200, description = "Reconnected", body = ChannelResponse),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`channel_account_taken`", body = ErrorBody),
        (status = 422, description = "`validation_failed`, `invalid_channel_token` or `platform_refused`", body = ErrorBody),
        (status = 502, description = "`platform_unavailable`", body = ErrorBody),
    )
)]
#[post("/channels/whatsapp")]
pub async fn connect_whatsapp(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<ConnectWhatsAppRequest>,
) -> Result<HttpResponse, ApiError> {
    manage(&principal)?;
    let mut errors = FieldErrors::new();
    let number = account_id(
        &mut errors,
        "phone_number_id",
        body.phone_number_id.as_deref(),
    );
    let waba = account_id(&mut errors, "waba_id", body.waba_id.as_deref());
    let token = token(&mut errors, body.access_token.as_deref());
    let name = optional_name(&mut errors, body.name.as_deref());
    let (number, waba, token, name) = crate::all_valid!(errors, number, waba, token, name);
    let connected = state
        .channels
        .connect(ConnectRequest {
            workspace_id: principal.workspace_id,
            platform: Platform::WhatsApp,
            account_id: number,
            subscribe_node: waba,
            access_token: token,
            display_name: name,
            token_expires_at: None,
        })
        .await?;
    Ok(connected_response(&state, connected))
}

/// Creates a website chat widget: a public key and the snippet to embed it.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    request_body = CreateWidgetRequest,
    responses(
        (status = 201, body = ChannelResponse),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/channels/web")]
pub async fn create_widget(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<CreateWidgetRequest>,
) -> Result<HttpResponse, ApiError> {
    manage(&principal)?;
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", body.name.as_deref())
        .and_then(|raw| errors.check("name", ChannelName::parse(raw)));
    let config = widget_origins(&mut errors, &body.allowed_origins);
    let (name, config) = crate::all_valid!(errors, name, config);
    let view = state
        .channels
        .create_widget(principal.workspace_id, name, config)
        .await?;
    Ok(HttpResponse::Created().json(ChannelResponse::from_view(view, &state.widget.script_url)))
}

fn widget_origins(errors: &mut FieldErrors, raw: &[String]) -> Option<WidgetConfig> {
    let mut origins = Vec::with_capacity(raw.len());
    for (i, raw) in raw.iter().enumerate() {
        if let Some(origin) =
            errors.check(&format!("allowed_origins[{i}]"), WidgetOrigin::parse(raw))
        {
            origins.push(origin);
        }
    }
    errors.check("allowed_origins", WidgetConfig::new(origins))
}

/// Changes a website widget's allowed origins or theme (each replaced whole when
/// given). The widget script picks the theme up on its next start.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    request_body = UpdateWidgetRequest,
    responses(
        (status = 200, body = ChannelResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`channel_not_found` (also for a channel that is not a widget)", body = ErrorBody),
        (status = 422, description = "`validation_failed`: `theme.color` is `#rrggbb`, `theme.position` left or right, ...", body = ErrorBody),
    )
)]
#[patch("/channels/{id}/widget")]
pub async fn update_widget(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateWidgetRequest>,
) -> Result<web::Json<ChannelResponse>, ApiError> {
    manage(&principal)?;
    let mut errors = FieldErrors::new();
    let origins = match &body.allowed_origins {
        Some(raw) => widget_origins(&mut errors, raw).map(Some),
        None => Some(None),
    };
    let theme = match &body.theme {
        Some(theme) => theme.parse(&mut errors).map(Some),
        None => Some(None),
    };
    let (origins, theme) = crate::all_valid!(errors, origins, theme);
    let view = state
        .channels
        .update_widget(
            principal.workspace_id,
            ChannelId::from_uuid(*id),
            origins,
            theme,
        )
        .await?;
    Ok(web::Json(ChannelResponse::from_view(
        view,
        &state.widget.script_url,
    )))
}

/// The workspace's channels, oldest first, disconnected ones included. Never tokens.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<ChannelResponse>), (status = 403, body = ErrorBody))
)]
#[get("/channels")]
pub async fn list_channels(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<ChannelResponse>>, ApiError> {
    manage(&principal)?;
    let request = page.try_into_domain()?;
    let all = state.channels.list_channels(principal.workspace_id).await?;
    // A workspace has a handful of channels: one read, paged here.
    let total = all.len() as u64;
    let items = all
        .into_iter()
        .skip(usize::try_from(request.offset()).unwrap_or(usize::MAX))
        .take(request.per_page() as usize)
        .collect();
    let script_url = state.widget.script_url.clone();
    Ok(web::Json(Paginated::from_page(
        Page::new(items, total, request),
        |view| ChannelResponse::from_view(view, &script_url),
    )))
}

/// One channel.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    responses((status = 200, body = ChannelResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/channels/{id}")]
pub async fn get_channel(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ChannelResponse>, ApiError> {
    manage(&principal)?;
    let view = state
        .channels
        .get_channel(principal.workspace_id, ChannelId::from_uuid(*id))
        .await?;
    Ok(web::Json(ChannelResponse::from_view(
        view,
        &state.widget.script_url,
    )))
}

/// Disconnects a channel: its webhooks are acknowledged and ignored, nothing is sent on
/// it; its contacts and messages stay. Connect the account again to resume.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    responses((status = 204, description = "Disconnected"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/channels/{id}")]
pub async fn disconnect_channel(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    manage(&principal)?;
    state
        .channels
        .disconnect(principal.workspace_id, ChannelId::from_uuid(*id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Messages in and out, failed sends, and the last message.
#[utoipa::path(
    tag = "channels",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Channel id")),
    responses((status = 200, body = ChannelStatsResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/channels/{id}/stats")]
pub async fn channel_stats(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ChannelStatsResponse>, ApiError> {
    manage(&principal)?;
    let stats = state
        .channels
        .channel_stats(principal.workspace_id, ChannelId::from_uuid(*id))
        .await?;
    Ok(web::Json(stats.into()))
}
