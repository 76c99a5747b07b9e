//! `/conversations/{id}`: a person takes a conversation over (the assistant stops at
//! once, and a reply it already queued is dropped before sending), gives it back, or
//! switches the assistant off for it.

use actix_web::{patch, post, web};
use chrono::{DateTime, Utc};
use conversation::conversations::{Conversation, ConversationId};
use identity::Permission;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::{ApiError, Authenticated, ErrorBody, Json};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationStateResponse {
    pub id: uuid::Uuid,
    pub channel_id: uuid::Uuid,
    pub contact_id: uuid::Uuid,
    /// `messenger`, `instagram`, `whatsapp`, `web` or `playground`.
    pub platform: String,
    /// `active`, `waiting`, `escalated`, `agent_handling`, `resolved`, `abandoned`, `archived`.
    pub lifecycle: String,
    /// `assistant` or `human`.
    pub owner: String,
    /// The member handling it, when one took it over.
    pub assigned_member_id: Option<uuid::Uuid>,
    pub assistant_enabled: bool,
    /// Why it was last handed to the team, and when.
    pub last_handoff_reason: Option<String>,
    pub last_handoff_at: Option<DateTime<Utc>>,
    /// Where the order being captured stands.
    pub order_stage: String,
    pub updated_at: DateTime<Utc>,
}

impl From<&Conversation> for ConversationStateResponse {
    fn from(c: &Conversation) -> Self {
        let handoff = c.state.last_handoff();
        Self {
            id: c.id.as_uuid(),
            channel_id: c.channel_id.as_uuid(),
            contact_id: c.contact_id.as_uuid(),
            platform: c.platform.as_str().to_owned(),
            lifecycle: c.state.lifecycle().as_str().to_owned(),
            owner: match c.state.owner() {
                handoff::Owner::Assistant => "assistant",
                handoff::Owner::Human => "human",
            }
            .to_owned(),
            assigned_member_id: c.assigned_member_id,
            assistant_enabled: c.assistant_enabled,
            last_handoff_reason: handoff.map(|h| h.reason.as_str().to_owned()),
            last_handoff_at: handoff.map(|h| h.at),
            order_stage: orders::OrderCapture::restore(c.capture.clone())
                .map(|capture| capture.stage().as_str().to_owned())
                .unwrap_or_else(|_| "browsing".to_owned()),
            updated_at: c.updated_at,
        }
    }
}

/// Takes the conversation over: the calling member owns it and the assistant stops.
/// When another person already handles it the answer is 409 `conversation_taken`,
/// unless an owner or admin sends `{"force": true}` (the body is optional).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    request_body(content = super::conversations_dto::TakeOverRequest, description = "Optional"),
    responses(
        (status = 200, body = ConversationStateResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 409, description = "`conversation_taken`: a person already handles it", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/takeover")]
pub async fn take_over(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    body: Option<Json<super::conversations_dto::TakeOverRequest>>,
) -> Result<web::Json<ConversationStateResponse>, ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let force = body.is_some_and(|Json(body)| body.force);
    if force {
        if !matches!(
            principal.role,
            identity::Role::Owner | identity::Role::Admin
        ) {
            return Err(ApiError::new(
                crate::http::ErrorCode::Forbidden,
                "only an owner or an admin may force a takeover",
            ));
        }
        let conversation = state
            .inbox
            .take_over_forced(
                principal.workspace_id,
                ConversationId::from_uuid(*id),
                principal.user_id().as_uuid(),
            )
            .await?;
        return Ok(web::Json((&conversation).into()));
    }
    let conversation = state
        .assistant
        .take_over(
            principal.workspace_id,
            ConversationId::from_uuid(*id),
            principal.user_id().as_uuid(),
        )
        .await?;
    Ok(web::Json((&conversation).into()))
}

/// Gives the conversation back to the assistant.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    responses(
        (status = 200, body = ConversationStateResponse),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_conversation_transition`: the assistant already has it, or it is closed", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/return-to-assistant")]
pub async fn return_to_assistant(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ConversationStateResponse>, ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let conversation = state
        .assistant
        .return_to_assistant(
            principal.workspace_id,
            ConversationId::from_uuid(*id),
            Some(principal.user_id().as_uuid()),
        )
        .await?;
    Ok(web::Json((&conversation).into()))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"assistant_enabled": false, "tags": ["vip"]}))]
pub struct UpdateConversationRequest {
    /// Switches the assistant off (or on again) for this conversation only.
    pub assistant_enabled: Option<bool>,
    /// Replaces the conversation's tags: each 1 to 32 letters, digits, `-` or `_`
    /// (stored lower-cased), at most 20.
    pub tags: Option<Vec<String>>,
}

/// Changes a conversation's settings.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    request_body = UpdateConversationRequest,
    responses(
        (status = 200, body = ConversationStateResponse),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 422, description = "`validation_failed`: `tags` holds an invalid tag (`invalid_tag`) or too many (`too_many_tags`)", body = ErrorBody),
    )
)]
#[patch("/conversations/{id}")]
pub async fn update_conversation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateConversationRequest>,
) -> Result<web::Json<ConversationStateResponse>, ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let id = ConversationId::from_uuid(*id);
    if let Some(tags) = &body.tags {
        let tags = conversation::inbox::tag_set(tags).map_err(|e| {
            let code = match e {
                conversation::inbox::TagError::Invalid => "invalid_tag",
                conversation::inbox::TagError::TooMany => "too_many_tags",
            };
            let mut errors = crate::http::FieldErrors::new();
            errors.add("tags", code, e.to_string());
            errors
                .finish()
                .err()
                .unwrap_or_else(|| ApiError::unexpected("no field error"))
        })?;
        state
            .inbox
            .set_tags(principal.workspace_id, id, &tags)
            .await?;
    }
    let conversation = match body.assistant_enabled {
        Some(enabled) => {
            state
                .assistant
                .set_assistant_enabled(principal.workspace_id, id, enabled)
                .await?
        }
        None => {
            state
                .assistant
                .conversation(principal.workspace_id, id)
                .await?
        }
    };
    Ok(web::Json((&conversation).into()))
}
