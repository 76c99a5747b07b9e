//! `/notifications` and `/notification-preferences`: the signed-in member's own feed
//! (paged, with the unread count), marking read, and what reaches them how and when.
//! Every member has a feed; it only ever shows their own notifications.

use actix_web::{HttpResponse, get, post, put, web};
use identity::{Principal, PrincipalKind};
use notifications::preferences::PreferencesInput;
use notifications::service::{MarkReadError, UpdatePreferencesError};
use notifications::{MemberId, Notification, NotificationId, Preferences};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::http::error::ErrorCode;
use crate::http::{ApiError, Authenticated, ErrorBody, Json, PageQuery};
use crate::state::AppState;

/// The member a notification is for is the signed-in user (an API key reads the feed
/// of the member who created it).
fn member(principal: &Principal) -> MemberId {
    let user_id = match principal.kind {
        PrincipalKind::User { user_id, .. } => user_id,
        PrincipalKind::ApiKey { created_by, .. } => created_by,
    };
    MemberId::from_uuid(user_id.as_uuid())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationResponse {
    pub id: uuid::Uuid,
    /// `order_captured`, `handoff_requested`, `customer_waiting`, `channel_reconnect`,
    /// `new_message`, `weekly_digest` or `mention`.
    pub kind: String,
    /// `high`, `medium` or `low`.
    pub priority: String,
    pub title: String,
    pub body: String,
    /// Dashboard path it leads to.
    pub link: Option<String>,
    /// The order, conversation or channel it is about.
    pub subject_id: Option<uuid::Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<Notification> for NotificationResponse {
    fn from(notification: Notification) -> Self {
        Self {
            id: notification.id.as_uuid(),
            kind: notification.kind.as_str().to_owned(),
            priority: notification.priority().as_str().to_owned(),
            title: notification.title,
            body: notification.body,
            link: notification.link,
            subject_id: notification.subject_id,
            // A notification held back by quiet hours is new when it shows.
            created_at: notification.visible_at,
            read_at: notification.read_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationFeedResponse {
    pub items: Vec<NotificationResponse>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub total_pages: u64,
    /// Unread notifications in the whole feed, not just this page.
    pub unread: u64,
}

/// The member's notifications, newest first, with the unread count.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = NotificationFeedResponse),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
) -> Result<web::Json<NotificationFeedResponse>, ApiError> {
    let page = page.try_into_domain()?;
    let feed = state
        .notifications
        .feed(principal.workspace_id, member(&principal), page)
        .await
        .map_err(ApiError::unexpected)?;
    let total_pages = feed.page.total_pages();
    Ok(web::Json(NotificationFeedResponse {
        page: feed.page.page,
        per_page: feed.page.per_page,
        total: feed.page.total,
        total_pages,
        unread: feed.unread,
        items: feed
            .page
            .items
            .into_iter()
            .map(NotificationResponse::from)
            .collect(),
    }))
}

/// Marks one of the member's notifications read (reading twice keeps the first time).
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Notification id")),
    responses(
        (status = 204, description = "Read"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "`not_found`: no such notification of this member", body = ErrorBody),
    )
)]
#[post("/notifications/{id}/read")]
pub async fn mark_notification_read(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    match state
        .notifications
        .mark_read(
            principal.workspace_id,
            member(&principal),
            NotificationId::from_uuid(*id),
        )
        .await
    {
        Ok(()) => Ok(HttpResponse::NoContent().finish()),
        Err(MarkReadError::NotFound) => Err(ApiError::not_found("notification")),
        Err(MarkReadError::Unexpected(error)) => Err(ApiError::unexpected(error)),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkAllReadResponse {
    /// How many notifications were unread.
    pub marked: u64,
}

/// Marks every notification in the member's feed read.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, body = MarkAllReadResponse),
        (status = 401, body = ErrorBody),
    )
)]
#[post("/notifications/read-all")]
pub async fn mark_all_notifications_read(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<MarkAllReadResponse>, ApiError> {
    let marked = state
        .notifications
        .mark_all_read(principal.workspace_id, member(&principal))
        .await
        .map_err(ApiError::unexpected)?;
    Ok(web::Json(MarkAllReadResponse { marked }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PreferenceChoice {
    /// A notification kind (`order_captured`, `handoff_requested`, `customer_waiting`,
    /// `channel_reconnect`, `new_message`, `weekly_digest`, `mention`).
    pub kind: String,
    /// `in_app`, `email` or `whatsapp`.
    pub medium: String,
    pub enabled: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuietHoursBody {
    /// Local time `HH:MM`.
    pub start: String,
    /// Local time `HH:MM`; before `start` spans midnight.
    pub end: String,
    /// IANA zone, e.g. `Europe/Madrid`.
    pub timezone: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreferencesResponse {
    /// Every kind and medium with its effective setting.
    pub choices: Vec<PreferenceChoice>,
    pub whatsapp_number: Option<String>,
    pub quiet_hours: Option<QuietHoursBody>,
}

impl From<Preferences> for PreferencesResponse {
    fn from(preferences: Preferences) -> Self {
        Self {
            choices: preferences
                .effective()
                .into_iter()
                .map(|(kind, medium, enabled)| PreferenceChoice {
                    kind: kind.as_str().to_owned(),
                    medium: medium.as_str().to_owned(),
                    enabled,
                })
                .collect(),
            whatsapp_number: preferences.whatsapp_number().map(str::to_owned),
            quiet_hours: preferences.quiet_hours().map(|quiet| QuietHoursBody {
                start: quiet.start_text(),
                end: quiet.end_text(),
                timezone: quiet.timezone().name().to_owned(),
            }),
        }
    }
}

/// Replaces the member's preferences whole. Choices not listed follow the defaults (the
/// feed and email on, WhatsApp off).
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdatePreferencesRequest {
    #[serde(default)]
    pub choices: Vec<PreferenceChoice>,
    /// International format (`+34600111222`); required for any WhatsApp choice.
    pub whatsapp_number: Option<String>,
    /// `null` for none. High-priority notifications still reach the feed during quiet
    /// hours; everything else (and every email or WhatsApp message) waits until they end.
    pub quiet_hours: Option<QuietHoursBody>,
}

/// The member's notification preferences.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, body = PreferencesResponse),
        (status = 401, body = ErrorBody),
    )
)]
#[get("/notification-preferences")]
pub async fn get_notification_preferences(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<PreferencesResponse>, ApiError> {
    let preferences = state
        .notifications
        .preferences(principal.workspace_id, member(&principal))
        .await
        .map_err(ApiError::unexpected)?;
    Ok(web::Json(PreferencesResponse::from(preferences)))
}

/// Replaces the member's notification preferences.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = UpdatePreferencesRequest,
    responses(
        (status = 200, body = PreferencesResponse),
        (status = 401, body = ErrorBody),
        (status = 422, description = "`validation_failed`: details.fields names each bad field (`choices[0].kind`, `whatsapp_number`, `quiet_hours.timezone` ...)", body = ErrorBody),
    )
)]
#[put("/notification-preferences")]
pub async fn update_notification_preferences(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<UpdatePreferencesRequest>,
) -> Result<web::Json<PreferencesResponse>, ApiError> {
    let input = PreferencesInput {
        choices: body
            .choices
            .into_iter()
            .map(|choice| (choice.kind, choice.medium, choice.enabled))
            .collect(),
        whatsapp_number: body.whatsapp_number,
        quiet_hours: body
            .quiet_hours
            .map(|quiet| (quiet.start, quiet.end, quiet.timezone)),
    };
    match state
        .notifications
        .update_preferences(principal.workspace_id, member(&principal), input)
        .await
    {
        Ok(preferences) => Ok(web::Json(PreferencesResponse::from(preferences))),
        Err(UpdatePreferencesError::Invalid(error)) => {
            let fields: Vec<serde_json::Value> = error
                .fields
                .iter()
                .map(|(field, message)| json!({"field": field, "code": "invalid", "message": message}))
                .collect();
            let (first, message) = error.fields.first().cloned().unwrap_or_default();
            Err(
                ApiError::new(ErrorCode::ValidationFailed, format!("{first}: {message}"))
                    .with_details(json!({ "fields": fields })),
            )
        }
        Err(UpdatePreferencesError::Unexpected(error)) => Err(ApiError::unexpected(error)),
    }
}
