//! The inbox: `/conversations` (the list, narrowed and searched), one conversation in
//! full, and marking it read. Every member may read the inbox; taking part in a
//! conversation (`conversations.rs`) needs `RespondToConversations`.

use actix_web::{get, post, web};
use conversation::conversations::ConversationId;
use conversation::inbox::InboxError;
use identity::{Permission, Principal, Timezone};
use orders::{OrderFilter, OrderScope};

use super::conversations::ConversationStateResponse;
use super::conversations_dto::{
    AGENT_REPLY_MAX, AgentReplyRequest, AgentReplyResponse, AssignRequest,
    ConversationDetailResponse, ConversationMessageResponse, InboxQuery, InboxRowResponse,
    MessagePageResponse, ResolveRequest, TimelineEntryResponse,
};
use crate::http::error::ErrorCode;
use crate::http::{ApiError, Authenticated, ErrorBody, Json, PageQuery, Paginated};
use crate::state::AppState;

impl From<InboxError> for ApiError {
    fn from(e: InboxError) -> Self {
        match e {
            InboxError::NotFound => ApiError::new(ErrorCode::ConversationNotFound, e.to_string()),
            InboxError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

async fn timezone(state: &AppState, principal: &Principal) -> Result<Timezone, ApiError> {
    Ok(state.identity.workspace(principal).await?.profile.timezone)
}

/// The workspace's conversations, most recent activity first, each with its customer,
/// last message, unread count, status, tags and whether an order was captured in it.
/// `total` counts up to 10,000 matches: a `total` of 10,000 means "10,000 or more".
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(PageQuery, InboxQuery),
    responses(
        (status = 200, body = Paginated<InboxRowResponse>),
        (status = 401, body = ErrorBody),
        (status = 422, description = "`validation_failed`: details.fields names each bad filter with its code (`unknown_status`, `unknown_channel`, `unknown_owner`, `invalid_tag`, `invalid_date`, `date_range_reversed`, `too_long`, `unknown_sort`, `out_of_range`)", body = ErrorBody),
    )
)]
#[get("/conversations")]
pub async fn list_conversations(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
    query: web::Query<InboxQuery>,
) -> Result<web::Json<Paginated<InboxRowResponse>>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let page = page.try_into_domain()?;
    let tz = timezone(&state, &principal).await?;
    let filter = query.try_into_domain(&tz.tz())?;
    let rows = state
        .inbox
        .list(principal.workspace_id, &filter, page)
        .await?;
    Ok(web::Json(Paginated::from_page(
        rows,
        InboxRowResponse::from,
    )))
}

/// One conversation: its state, customer, tags, timeline, internal notes (oldest
/// first), orders, and a page of its messages (newest first; `page`/`per_page` page through them).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id"), PageQuery),
    responses(
        (status = 200, body = ConversationDetailResponse),
        (status = 401, body = ErrorBody),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
    )
)]
#[get("/conversations/{id}")]
pub async fn get_conversation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<ConversationDetailResponse>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let page = page.try_into_domain()?;
    let id = ConversationId::from_uuid(*id);
    let workspace_id = principal.workspace_id;
    let row = state.inbox.row(workspace_id, id).await?;
    let timeline = state.inbox.timeline(workspace_id, id).await?;
    let notes = super::conversations_notes::notes(&state, &principal, id).await?;
    let messages = state.inbox.messages(workspace_id, id, page).await?;
    let workspace = state.identity.workspace(&principal).await?;
    let scope = OrderScope::new(workspace_id, workspace.profile.currency);
    let filter = OrderFilter {
        conversation_id: Some(id),
        ..OrderFilter::default()
    };
    let orders = state
        .orders
        .list_orders(&scope, &filter, kernel::PageRequest::default())
        .await?;
    let total_pages = messages.total_pages();
    Ok(web::Json(ConversationDetailResponse {
        row: row.into(),
        timeline: timeline.iter().map(TimelineEntryResponse::from).collect(),
        notes,
        orders: orders.items.into_iter().map(Into::into).collect(),
        messages: MessagePageResponse {
            items: messages
                .items
                .iter()
                .map(ConversationMessageResponse::from)
                .collect(),
            page: messages.page,
            per_page: messages.per_page,
            total: messages.total,
            total_pages,
        },
    }))
}

/// Marks the conversation read: its unread count drops to zero for the whole team.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    responses(
        (status = 200, body = InboxRowResponse),
        (status = 401, body = ErrorBody),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/read")]
pub async fn mark_conversation_read(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<InboxRowResponse>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let row = state
        .inbox
        .mark_read(
            principal.workspace_id,
            ConversationId::from_uuid(*id),
            principal.user_id().as_uuid(),
        )
        .await?;
    Ok(web::Json(row.into()))
}

impl From<conversation::inbox::ActionError> for ApiError {
    fn from(e: conversation::inbox::ActionError) -> Self {
        use conversation::inbox::ActionError;
        use handoff::OwnershipError;
        match e {
            ActionError::NotFound => ApiError::new(ErrorCode::ConversationNotFound, e.to_string()),
            ActionError::Ownership(OwnershipError::AlreadyWithHuman) => {
                ApiError::new(ErrorCode::ConversationTaken, e.to_string())
            }
            ActionError::Ownership(ref ownership) => {
                ApiError::new(ErrorCode::InvalidConversationTransition, e.to_string())
                    .with_details(serde_json::json!({ "code": ownership.code() }))
            }
            ActionError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

/// A 422 naming `field` with `code`.
pub(super) fn field_error(field: &str, code: &str, message: impl Into<String>) -> ApiError {
    let mut errors = crate::http::FieldErrors::new();
    errors.add(field, code, message);
    errors
        .finish()
        .err()
        .unwrap_or_else(|| ApiError::unexpected("no field error"))
}

/// Closes the conversation, optionally replacing its tags. The customer's next
/// message reopens it with the assistant.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    request_body = ResolveRequest,
    responses(
        (status = 200, body = ConversationStateResponse),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_conversation_transition`: already closed", body = ErrorBody),
        (status = 422, description = "`validation_failed`: an invalid tag", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/resolve")]
pub async fn resolve_conversation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<ResolveRequest>,
) -> Result<web::Json<ConversationStateResponse>, ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let tags = match &body.tags {
        Some(raw) => Some(
            conversation::inbox::tag_set(raw)
                .map_err(|e| field_error("tags", "invalid_tag", e.to_string()))?,
        ),
        None => None,
    };
    let conversation = state
        .inbox
        .resolve(
            principal.workspace_id,
            ConversationId::from_uuid(*id),
            tags.as_deref(),
        )
        .await?;
    Ok(web::Json((&conversation).into()))
}

/// Reopens a resolved or abandoned conversation: the caller handles it.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    responses(
        (status = 200, body = ConversationStateResponse),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_conversation_transition`: it is not closed (or archived)", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/reopen")]
pub async fn reopen_conversation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ConversationStateResponse>, ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let conversation = state
        .inbox
        .reopen(
            principal.workspace_id,
            ConversationId::from_uuid(*id),
            principal.user_id().as_uuid(),
        )
        .await?;
    Ok(web::Json((&conversation).into()))
}

/// Gives an open conversation to a member of the workspace (`member_id`: the
/// member's user id, as `assigned_member_id` shows it, or their membership id): it is
/// theirs to handle and the assistant stops.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    request_body = AssignRequest,
    responses(
        (status = 200, body = ConversationStateResponse),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_conversation_transition`: it is closed", body = ErrorBody),
        (status = 422, description = "`validation_failed`: `member_id` is not a member of this workspace (`unknown_member`)", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/assign")]
pub async fn assign_conversation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<AssignRequest>,
) -> Result<web::Json<ConversationStateResponse>, ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let member = member_user_id(&state, &principal, body.member_id)
        .await?
        .ok_or_else(|| {
            field_error(
                "member_id",
                "unknown_member",
                "not a member of this workspace",
            )
        })?;
    let conversation = state
        .inbox
        .assign(
            principal.workspace_id,
            ConversationId::from_uuid(*id),
            member,
        )
        .await?;
    Ok(web::Json((&conversation).into()))
}

/// The user id of the workspace member `id` names (by user id or membership id).
async fn member_user_id(
    state: &AppState,
    principal: &Principal,
    id: uuid::Uuid,
) -> Result<Option<uuid::Uuid>, ApiError> {
    let mut page = 1;
    loop {
        let request = kernel::PageRequest::new(page, 100).map_err(ApiError::unexpected)?;
        let members = state.identity.members(principal, request).await?;
        if let Some(found) = members
            .items
            .iter()
            .find(|m| m.member.user_id.as_uuid() == id || m.member.id.as_uuid() == id)
        {
            return Ok(Some(found.member.user_id.as_uuid()));
        }
        if u64::from(page) >= members.total_pages() {
            return Ok(None);
        }
        page += 1;
    }
}

/// An agent's reply, sent through the conversation's channel (queued; its delivery
/// status shows in the messages). Sending takes the conversation for the caller when
/// nobody handles it (a closed one is reopened); when another person handles it the
/// answer is 409 `conversation_taken` (take it over with force first). Refused with
/// 422 `outside_messaging_window` when the platform's window with the customer is
/// closed for a person (after 7 days on Messenger and Instagram, after 24 hours on
/// WhatsApp, which then needs a template); nothing is queued then.
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    request_body = AgentReplyRequest,
    responses(
        (status = 202, body = AgentReplyResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 409, description = "`conversation_taken`: another person handles it; `invalid_conversation_transition`: it is archived", body = ErrorBody),
        (status = 422, description = "`outside_messaging_window` (details.window: `no_conversation`, `template_required`, `closed`), or `validation_failed` (`text`: `empty`, `too_long`; `idempotency_key`: `invalid`)", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/messages")]
pub async fn send_agent_reply(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<AgentReplyRequest>,
) -> Result<(web::Json<AgentReplyResponse>, actix_web::http::StatusCode), ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let text = body.text.trim();
    if text.is_empty() {
        return Err(field_error("text", "empty", "write something"));
    }
    if text.chars().count() > AGENT_REPLY_MAX {
        return Err(field_error(
            "text",
            "too_long",
            format!("at most {AGENT_REPLY_MAX} characters"),
        ));
    }
    let key = match body.idempotency_key.as_deref().map(str::trim) {
        Some(key) => {
            channels::IdempotencyKey::parse(key)
                .map_err(|e| field_error("idempotency_key", "invalid", e.to_string()))?;
            key.to_owned()
        }
        None => format!("agent-{}", uuid::Uuid::now_v7().simple()),
    };
    let workspace_id = principal.workspace_id;
    let id = ConversationId::from_uuid(*id);
    let member_id = principal.user_id().as_uuid();
    let row = state.inbox.row(workspace_id, id).await?;
    let current = row.conversation;
    if current.state.lifecycle() == handoff::Lifecycle::AgentHandling
        && current.assigned_member_id != Some(member_id)
    {
        return Err(ApiError::new(
            ErrorCode::ConversationTaken,
            "another person handles this conversation",
        ));
    }
    // The window first: a refused reply must not take the conversation either.
    let last = state
        .inbox
        .last_customer_message_at(workspace_id, id)
        .await?;
    if let Err(refusal) = channels::messaging_window(
        current.platform,
        channels::Author::Human,
        false,
        last,
        state.inbox.now(),
    ) {
        let window = match refusal {
            channels::WindowRefusal::NoConversation => "no_conversation",
            channels::WindowRefusal::HumanAgentOnly => "human_agent_only",
            channels::WindowRefusal::TemplateRequired => "template_required",
            channels::WindowRefusal::Closed => "closed",
        };
        return Err(
            ApiError::new(ErrorCode::OutsideMessagingWindow, refusal.to_string())
                .with_details(serde_json::json!({ "window": window })),
        );
    }
    let conversation = match current.state.lifecycle() {
        handoff::Lifecycle::AgentHandling => current,
        handoff::Lifecycle::Resolved | handoff::Lifecycle::Abandoned => {
            state.inbox.reopen(workspace_id, id, member_id).await?
        }
        _ => state.inbox.assign(workspace_id, id, member_id).await?,
    };
    let (message_id, new) = state
        .channels
        .queue_message(
            workspace_id,
            conversation.channel_id,
            conversation.contact_id,
            channels::Sender::Agent { member_id },
            &key,
            channels::OutboundContent::text(text),
        )
        .await
        .map_err(|e| match e {
            channels::QueueError::Invalid(invalid) => {
                field_error("text", "invalid", invalid.to_string())
            }
            channels::QueueError::Job(channels::JobError::NotFound(what)) => {
                ApiError::new(ErrorCode::ConversationNotFound, format!("{what} not found"))
            }
            channels::QueueError::Job(other) => ApiError::unexpected(other),
        })?;
    Ok((
        web::Json(AgentReplyResponse {
            message_id: message_id.as_uuid(),
            new,
            state: (&conversation).into(),
        }),
        actix_web::http::StatusCode::ACCEPTED,
    ))
}
