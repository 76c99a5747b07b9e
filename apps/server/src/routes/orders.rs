//! `/orders`: the orders the assistant captured in chat. Every member may read them;
//! agents and above move them through their lifecycle and keep notes on them. Orders
//! are created by the assistant, never through this API.

use actix_web::{HttpResponse, get, patch, post, web};
use identity::{Permission, Principal, Timezone};
use orders::{AuthorId, OrderId, OrderScope};

use super::orders_dto::{
    AddNoteRequest, ChangeStatusRequest, OrderListQuery, OrderNoteResponse, OrderResponse,
};
use crate::http::{ApiError, Authenticated, ErrorBody, Json, PageQuery, Paginated};
use crate::state::AppState;

/// The caller's workspace, after checking they may do this, and its time zone. Built
/// from the workspace's profile, never from request input.
async fn scope(
    state: &AppState,
    principal: &Principal,
    permission: Permission,
) -> Result<(OrderScope, Timezone), ApiError> {
    principal.require(permission)?;
    let workspace = state.identity.workspace(principal).await?;
    let scope = OrderScope::new(principal.workspace_id, workspace.profile.currency);
    Ok((scope, workspace.profile.timezone))
}

/// Orders, newest first, narrowed by status, capture time, channel, customer or
/// conversation.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(PageQuery, OrderListQuery),
    responses(
        (status = 200, body = Paginated<OrderResponse>),
        (status = 401, body = ErrorBody),
        (status = 422, description = "`validation_failed`: details.fields names each bad filter with its code (`unknown_order_status`, `unknown_channel`, `invalid_id`, `invalid_date`, `date_range_reversed`, `out_of_range`)", body = ErrorBody),
    )
)]
#[get("/orders")]
pub async fn list_orders(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
    query: web::Query<OrderListQuery>,
) -> Result<web::Json<Paginated<OrderResponse>>, ApiError> {
    let (scope, timezone) = scope(&state, &principal, Permission::ViewConversations).await?;
    let page = page.try_into_domain()?;
    let filter = query.try_into_domain(&timezone.tz())?;
    let orders = state.orders.list_orders(&scope, &filter, page).await?;
    Ok(web::Json(Paginated::from_page(orders, OrderResponse::from)))
}

/// One order with its lines, totals, status history and notes.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Order id")),
    responses(
        (status = 200, body = OrderResponse),
        (status = 401, body = ErrorBody),
        (status = 404, description = "`order_not_found`", body = ErrorBody),
    )
)]
#[get("/orders/{id}")]
pub async fn get_order(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<OrderResponse>, ApiError> {
    let (scope, _) = scope(&state, &principal, Permission::ViewConversations).await?;
    let order = state
        .orders
        .get_order(&scope, OrderId::from_uuid(*id))
        .await?;
    Ok(web::Json(OrderResponse::from(order)))
}

/// Moves an order on (owner, admin, agent): captured to in progress, completed or
/// cancelled; in progress to completed or cancelled. Asking for the current status
/// changes nothing and answers the order.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Order id")),
    request_body = ChangeStatusRequest,
    responses(
        (status = 200, body = OrderResponse),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`order_not_found`", body = ErrorBody),
        (status = 409, description = "`invalid_status_transition` (details.from and details.to name the move), or `order_status_conflict` (someone changed it meanwhile; reload)", body = ErrorBody),
        (status = 422, description = "`validation_failed`: `missing` or `unknown_order_status`", body = ErrorBody),
    )
)]
#[patch("/orders/{id}/status")]
pub async fn change_order_status(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<ChangeStatusRequest>,
) -> Result<web::Json<OrderResponse>, ApiError> {
    let (scope, _) = scope(&state, &principal, Permission::RespondToConversations).await?;
    let to = body.try_into_domain()?;
    let order = state
        .orders
        .change_status(&scope, OrderId::from_uuid(*id), to)
        .await?;
    Ok(web::Json(OrderResponse::from(order)))
}

/// Adds a note to an order (owner, admin, agent), signed by the member (an API key
/// signs as the member who created it). Notes are never edited.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Order id")),
    request_body = AddNoteRequest,
    responses(
        (status = 201, body = OrderNoteResponse),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`order_not_found`", body = ErrorBody),
        (status = 409, description = "`too_many_notes`: the order has 200 notes", body = ErrorBody),
        (status = 422, description = "`validation_failed`: `missing`, `note_empty`, `note_too_long` or `control_character`", body = ErrorBody),
    )
)]
#[post("/orders/{id}/notes")]
pub async fn add_order_note(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<AddNoteRequest>,
) -> Result<HttpResponse, ApiError> {
    let (scope, _) = scope(&state, &principal, Permission::RespondToConversations).await?;
    let text = body.try_into_domain()?;
    let author = AuthorId::from_uuid(principal.user_id().as_uuid());
    let order = state
        .orders
        .add_note(&scope, OrderId::from_uuid(*id), text, Some(author))
        .await?;
    // Notes are appended, so the one just written is the last.
    let note = order
        .notes()
        .last()
        .map(OrderNoteResponse::from)
        .ok_or_else(|| ApiError::unexpected("an added note is missing from its order"))?;
    Ok(HttpResponse::Created().json(note))
}
