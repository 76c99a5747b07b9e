//! `/playground`: an operator chats as a test customer through the whole assistant
//! pipeline, at once (no burst window), and sees what the assistant understood and
//! decided. The conversation is a real one on the workspace's built-in playground
//! channel: its orders and handoffs show in the dashboard like any other.

use actix_web::{HttpResponse, delete, post, web};
use channels::{DisplayName, playground_user};
use conversation::assistant::{TurnOutcome, TurnReport};
use identity::Permission;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::orders_dto::OrderResponse;
use crate::http::{ApiError, Authenticated, ErrorBody, ErrorCode, FieldErrors, Json};
use crate::state::AppState;

/// The longest test message, as the assistant reads at most this much of one.
const TEXT_MAX: usize = 2_000;
const SESSION_DEFAULT: &str = "default";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "How much is the Glow Serum?", "session": "demo-1"}))]
pub struct PlaygroundMessageRequest {
    /// What the test customer says (1 to 2,000 characters).
    pub text: String,
    /// A test customer: 1 to 64 of `A-Za-z0-9_-`. A new session is a new customer
    /// and a new conversation. Default `default`.
    pub session: Option<String>,
    /// The test customer's display name.
    pub customer_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IntentDto {
    #[schema(example = "price_check")]
    pub name: String,
    pub confidence: f32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceDto {
    /// `product`, `faq` or `document`.
    pub kind: String,
    pub id: uuid::Uuid,
    pub title: String,
    pub score: f32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlaygroundReplyDto {
    pub text: String,
    /// `price`, `ask_variant`, `order_summary`, `answer` (a passage of the knowledge),
    /// `handoff`, `offer_human`, `caveat`...
    pub kind: String,
    pub sources: Vec<SourceDto>,
    /// 0 to 1.
    pub confidence: f64,
    /// The outbound message row.
    pub message_id: uuid::Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CartLineDto {
    pub product_id: uuid::Uuid,
    pub product: String,
    pub variant: Option<String>,
    pub quantity: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CartDto {
    pub lines: Vec<CartLineDto>,
    pub shipping_location: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationStateDto {
    /// `active`, `waiting`, `escalated`, `agent_handling`, `resolved`, `abandoned`, `archived`.
    pub lifecycle: String,
    /// `assistant` or `human`.
    pub owner: String,
    /// `browsing`, `collecting_product`, `collecting_variant`, `collecting_quantity`,
    /// `collecting_location`, `confirming_order` or `order_captured`.
    pub order_stage: String,
    pub cart: CartDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HandoffDto {
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GuardrailDto {
    /// The text the assistant composed was not sent (a person answers instead).
    pub blocked: bool,
    /// `medical_claim`, `guarantee`, `unknown_price`, `too_long`, each with its excerpt.
    #[schema(value_type = Vec<Object>)]
    pub violations: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlaygroundResponse {
    pub conversation_id: uuid::Uuid,
    pub contact_id: uuid::Uuid,
    /// The test customer's message.
    pub message_id: uuid::Uuid,
    /// Null when the assistant stays silent (a person owns the conversation, the
    /// assistant is off, the contact is blocked).
    pub reply: Option<PlaygroundReplyDto>,
    #[schema(example = "en")]
    pub language: String,
    pub intent: IntentDto,
    /// Every intent with its confidence, best first.
    pub intents: Vec<IntentDto>,
    /// Products, variants, quantities, location, yes/no and references found.
    #[schema(value_type = Object)]
    pub entities: serde_json::Value,
    #[schema(value_type = Object)]
    pub sentiment: serde_json::Value,
    #[schema(value_type = Object)]
    pub frustration: serde_json::Value,
    pub state: ConversationStateDto,
    /// `{"action": "answer" | "answer_with_caveat" | "offer_human" | "handoff" |
    /// "stay_silent", "reason"?, "because"?, "team_available"?}`
    #[schema(value_type = Object)]
    pub decision: serde_json::Value,
    pub handoff: Option<HandoffDto>,
    /// The order this message placed.
    pub order: Option<OrderResponse>,
    pub guardrail: GuardrailDto,
    /// `grounded`, or the language model that drafted the answer.
    pub engine: String,
    /// Why the model's draft was not used, when a model is configured and failed.
    pub model_fallback: Option<String>,
    /// Milliseconds the assistant's turn took on the server (storing the customer's
    /// message and the HTTP round trip excluded).
    pub turn_ms: f64,
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn name_of<T: Serialize>(value: &T) -> String {
    json(value).as_str().unwrap_or_default().to_owned()
}

fn response(
    report: TurnReport,
    contact_id: uuid::Uuid,
    message_id: uuid::Uuid,
    turn_ms: f64,
) -> PlaygroundResponse {
    let understanding = &report.understanding;
    let top = understanding.intents.top();
    PlaygroundResponse {
        conversation_id: report.conversation_id.as_uuid(),
        contact_id,
        message_id,
        reply: report.reply.map(|reply| PlaygroundReplyDto {
            text: reply.text,
            kind: reply.kind,
            sources: reply
                .sources
                .into_iter()
                .map(|s| SourceDto {
                    kind: name_of(&s.kind),
                    id: s.id,
                    title: s.title,
                    score: s.score,
                })
                .collect(),
            confidence: reply.confidence,
            message_id: reply.message_id.as_uuid(),
        }),
        language: report.language.code().to_owned(),
        intent: IntentDto {
            name: top.intent.as_str().to_owned(),
            confidence: top.confidence,
        },
        intents: understanding
            .intents
            .candidates()
            .iter()
            .map(|i| IntentDto {
                name: i.intent.as_str().to_owned(),
                confidence: i.confidence,
            })
            .collect(),
        entities: json(&understanding.entities),
        sentiment: json(&understanding.sentiment),
        frustration: json(&understanding.frustration),
        state: ConversationStateDto {
            lifecycle: report.state.lifecycle.as_str().to_owned(),
            owner: name_of(&report.state.owner),
            order_stage: report.state.order_stage.as_str().to_owned(),
            cart: CartDto {
                lines: report
                    .state
                    .cart
                    .lines
                    .into_iter()
                    .map(|l| CartLineDto {
                        product_id: l.product_id.as_uuid(),
                        product: l.product,
                        variant: l.variant,
                        quantity: l.quantity,
                    })
                    .collect(),
                shipping_location: report.state.cart.shipping_location,
            },
        },
        decision: json(&report.decision),
        handoff: report.handoff.map(|reason| HandoffDto {
            reason: reason.as_str().to_owned(),
        }),
        order: report.order.map(OrderResponse::from),
        guardrail: GuardrailDto {
            blocked: matches!(report.guardrail, conversation::Verdict::Blocked { .. }),
            violations: json(&report.guardrail.violations()),
        },
        engine: report.engine,
        model_fallback: report.model_fallback,
        turn_ms,
    }
}

fn session_of(errors: &mut FieldErrors, raw: Option<&str>) -> Option<String> {
    let session = raw.map(str::trim).unwrap_or(SESSION_DEFAULT);
    let valid = (1..=64).contains(&session.len())
        && session
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid {
        errors.add("session", "invalid", "1 to 64 of A-Za-z0-9_-");
        return None;
    }
    Some(session.to_owned())
}

/// Sends a message as a test customer and returns the assistant's answer with what it
/// understood and decided (intent, entities, state, sources, confidence, handoff).
#[utoipa::path(
    tag = "playground",
    security(("bearer" = [])),
    request_body = PlaygroundMessageRequest,
    responses(
        (status = 200, body = PlaygroundResponse),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/playground/messages")]
pub async fn send_playground_message(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<PlaygroundMessageRequest>,
) -> Result<web::Json<PlaygroundResponse>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let mut errors = FieldErrors::new();
    let text = body.text.trim();
    let text = if text.is_empty() {
        errors.add("text", "missing", "text is required");
        None
    } else if text.chars().count() > TEXT_MAX {
        errors.add("text", "too_long", format!("at most {TEXT_MAX} characters"));
        None
    } else {
        Some(text.to_owned())
    };
    let session = session_of(&mut errors, body.session.as_deref());
    let name = match body.customer_name.as_deref() {
        Some(raw) => errors
            .check("customer_name", DisplayName::parse(raw))
            .map(Some),
        None => Some(None),
    };
    let (text, session, name) = crate::all_valid!(errors, text, session, name);
    let user = playground_user(&session).map_err(ApiError::unexpected)?;
    let workspace_id = principal.workspace_id;
    let stored = state
        .channels
        .playground_message(workspace_id, user, name, &text)
        .await
        .map_err(ApiError::unexpected)?;
    let conversation = state
        .assistant
        .current_or_start(
            workspace_id,
            stored.channel.id,
            stored.contact.id,
            stored.channel.platform,
        )
        .await?;
    let started = std::time::Instant::now();
    let outcome = state
        .assistant
        .take_turn(workspace_id, conversation.id, stored.message_id)
        .await?;
    let turn_ms = started.elapsed().as_secs_f64() * 1000.0;
    let TurnOutcome::Answered(report) = outcome else {
        return Err(ApiError::unexpected(format!(
            "the playground turn was not answered: {outcome:?}"
        )));
    };
    Ok(web::Json(response(
        *report,
        stored.contact.id.as_uuid(),
        stored.message_id.as_uuid(),
        turn_ms,
    )))
}

/// Forgets a test customer's conversation: the next message starts a new one.
#[utoipa::path(
    tag = "playground",
    security(("bearer" = [])),
    params(("session" = String, Path, description = "The test customer's session")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/playground/sessions/{session}")]
pub async fn reset_playground_session(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    session: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let mut errors = FieldErrors::new();
    let session = session_of(&mut errors, Some(&session));
    let (session,) = crate::all_valid!(errors, session);
    let user = playground_user(&session).map_err(ApiError::unexpected)?;
    let workspace_id = principal.workspace_id;
    let channel = state
        .channels
        .playground_channel(workspace_id)
        .await
        .map_err(ApiError::unexpected)?;
    let Some(contact) = state
        .channels
        .find_contact(workspace_id, channel.platform, &user)
        .await?
    else {
        return Err(ApiError::new(
            ErrorCode::ConversationNotFound,
            "no such playground session",
        ));
    };
    state
        .assistant
        .archive_current(workspace_id, channel.id, contact.id)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
