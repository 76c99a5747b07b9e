//! `/widget/{public_key}/...`: the public API the website widget calls from customers'
//! pages. No account: a widget is found by its public key, may only be used from its
//! allowed origins (403 otherwise), and a visitor is the random id the widget keeps in
//! the browser. A visitor may send 10 messages a minute (configurable; 429 with
//! Retry-After past it).
//!
//! Messages go through the same ingest path as webhooks, keyed by the widget's client
//! message id, so a retried send is stored once. Replies arrive over the socket
//! (`widget_socket`) and are in the history either way.

use std::time::Duration;

use actix_web::http::header::ORIGIN;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use channels::{
    ClientMessageId, Direction, MessageBody, MessageRecord, VisitorId, Widget, WidgetText,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::channels_dto::WidgetThemeResponse;
use crate::http::{ApiError, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

/// The widget named by the path, if the calling page's origin may use it.
pub async fn open(
    state: &AppState,
    request: &HttpRequest,
    public_key: &str,
) -> Result<Widget, ApiError> {
    let origin = request.headers().get(ORIGIN).and_then(|v| v.to_str().ok());
    Ok(state.channels.open_widget(public_key, origin).await?)
}

pub fn visitor(errors: &mut FieldErrors, field: &str, raw: Option<&str>) -> Option<VisitorId> {
    match raw {
        Some(raw) => errors.check(field, VisitorId::parse(raw.trim())),
        None => {
            errors.add(field, "missing", format!("{field} is required"));
            None
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"visitor_id": "v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c"}))]
pub struct StartRequest {
    /// The id the widget keeps for this browser (16 to 128 of `A-Za-z0-9_-`). Absent:
    /// a new one is made; keep it.
    pub visitor_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StartResponse {
    pub visitor_id: String,
    /// The widget's name, for its header (the theme's title when it has one).
    pub name: String,
    /// How the widget looks, as the dashboard set it.
    pub theme: WidgetThemeResponse,
    /// The latest messages, newest first.
    pub messages: Vec<WidgetMessageResponse>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"visitor_id": "v_3f9a1c0e8b7d4e2a9c6b5d4e3f2a1b0c", "client_message_id": "m-1", "text": "Do you ship to Milan?"}))]
pub struct SendRequest {
    #[schema(required = true)]
    pub visitor_id: Option<String>,
    /// The widget's own id for this message (1 to 64 of `A-Za-z0-9_-`): sending again
    /// with the same id stores nothing new. Absent: every send is a new message.
    pub client_message_id: Option<String>,
    /// Up to 4096 characters, any script.
    #[schema(required = true)]
    pub text: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SendResponse {
    pub message_id: String,
    /// True when this client message id was sent before: nothing new was stored.
    pub duplicate: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    pub visitor_id: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// A message as the widget shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetMessageResponse {
    pub id: uuid::Uuid,
    /// `visitor` (written by the visitor) or `business`.
    pub from: String,
    pub text: Option<String>,
    /// For the business's messages: buttons, quick replies, lists, images.
    #[schema(value_type = Option<Object>)]
    pub content: Option<serde_json::Value>,
    /// For the business's messages: `pending`, `sent`, `delivered`, `read` or `failed`.
    pub status: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<MessageRecord> for WidgetMessageResponse {
    fn from(row: MessageRecord) -> Self {
        let (text, content) = match &row.body {
            MessageBody::Received(message) => (message.text.clone(), None),
            MessageBody::Composed(content) => (
                Some(content.preview().to_owned()),
                serde_json::to_value(content).ok(),
            ),
        };
        Self {
            id: row.id.as_uuid(),
            from: match row.direction {
                Direction::Inbound => "visitor",
                Direction::Outbound => "business",
            }
            .to_owned(),
            text,
            content,
            status: row.status.map(|s| s.as_str().to_owned()),
            created_at: row.occurred_at.unwrap_or(row.created_at),
        }
    }
}

/// Opens the chat for a visitor: their id (made now if they had none) and the latest
/// messages.
#[utoipa::path(
    tag = "widget",
    params(("public_key" = String, Path, description = "The widget's public key")),
    request_body = StartRequest,
    responses(
        (status = 200, body = StartResponse),
        (status = 403, description = "`origin_not_allowed`", body = ErrorBody),
        (status = 404, description = "`widget_not_found`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/widget/{public_key}/conversations")]
pub async fn start_conversation(
    state: web::Data<AppState>,
    request: HttpRequest,
    public_key: web::Path<String>,
    Json(body): Json<StartRequest>,
) -> Result<web::Json<StartResponse>, ApiError> {
    let widget = open(&state, &request, &public_key).await?;
    let visitor = match body.visitor_id.as_deref() {
        Some(raw) => {
            let mut errors = FieldErrors::new();
            let visitor = visitor(&mut errors, "visitor_id", Some(raw));
            let (visitor,) = crate::all_valid!(errors, visitor);
            visitor
        }
        None => VisitorId::generate(),
    };
    let latest = state
        .channels
        .widget_history(&widget, &visitor, kernel::PageRequest::default())
        .await?;
    Ok(web::Json(StartResponse {
        visitor_id: visitor.as_str().to_owned(),
        name: widget
            .config
            .theme
            .title
            .clone()
            .unwrap_or_else(|| widget.channel.display_name.as_str().to_owned()),
        theme: (&widget.config.theme).into(),
        messages: latest.items.into_iter().map(Into::into).collect(),
    }))
}

/// Sends a visitor's message. Stored before the answer; processed (and answered)
/// in the background.
#[utoipa::path(
    tag = "widget",
    params(("public_key" = String, Path, description = "The widget's public key")),
    request_body = SendRequest,
    responses(
        (status = 202, body = SendResponse),
        (status = 403, description = "`origin_not_allowed`", body = ErrorBody),
        (status = 404, description = "`widget_not_found`", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "`rate_limited`, with Retry-After", body = ErrorBody),
    )
)]
#[post("/widget/{public_key}/messages")]
pub async fn send_message(
    state: web::Data<AppState>,
    request: HttpRequest,
    public_key: web::Path<String>,
    Json(body): Json<SendRequest>,
) -> Result<HttpResponse, ApiError> {
    let widget = open(&state, &request, &public_key).await?;
    let mut errors = FieldErrors::new();
    let visitor = visitor(&mut errors, "visitor_id", body.visitor_id.as_deref());
    let client_id = match body.client_message_id.as_deref() {
        Some(raw) => errors.check("client_message_id", ClientMessageId::parse(raw)),
        None => Some(ClientMessageId::generate()),
    };
    let text = match body.text.as_deref() {
        Some(raw) => errors.check("text", WidgetText::parse(raw)),
        None => {
            errors.add("text", "missing", "text is required");
            None
        }
    };
    let (visitor, client_id, text) = crate::all_valid!(errors, visitor, client_id, text);
    let key = format!("widget:{}:{}", widget.channel.account_id, visitor.as_str());
    state
        .rate_limiter
        .hit(
            &key,
            state.widget.messages_per_minute,
            Duration::from_secs(60),
        )
        .map_err(|wait| ApiError::rate_limited(wait.as_secs().max(1)))?;
    let sent = state
        .channels
        .widget_message(&widget, &visitor, &client_id, &text)
        .await?;
    Ok(HttpResponse::Accepted().json(SendResponse {
        message_id: sent.message_id.as_str().to_owned(),
        duplicate: sent.duplicate,
    }))
}

/// The visitor's conversation, newest first.
#[utoipa::path(
    tag = "widget",
    params(("public_key" = String, Path, description = "The widget's public key"), HistoryQuery),
    responses(
        (status = 200, body = Paginated<WidgetMessageResponse>),
        (status = 403, description = "`origin_not_allowed`", body = ErrorBody),
        (status = 404, description = "`widget_not_found`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/widget/{public_key}/messages")]
pub async fn history(
    state: web::Data<AppState>,
    request: HttpRequest,
    public_key: web::Path<String>,
    query: web::Query<HistoryQuery>,
) -> Result<web::Json<Paginated<WidgetMessageResponse>>, ApiError> {
    let widget = open(&state, &request, &public_key).await?;
    let mut errors = FieldErrors::new();
    let visitor = visitor(&mut errors, "visitor_id", query.visitor_id.as_deref());
    let (visitor,) = crate::all_valid!(errors, visitor);
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .try_into_domain()?;
    let messages = state
        .channels
        .widget_history(&widget, &visitor, page)
        .await?;
    Ok(web::Json(Paginated::from_page(messages, Into::into)))
}
