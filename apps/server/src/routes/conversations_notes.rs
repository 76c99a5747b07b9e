//! Internal notes: `POST /conversations/{id}/notes` (never sent to the customer), and
//! the notes as `GET /conversations/{id}` shows them. Mentions name members by id (user
//! id or membership id); each must be a member of the workspace.

use actix_web::{post, web};
use conversation::conversations::ConversationId;
use conversation::notes::{NOTE_MAX, Note, NoteAuthor, NoteBody, NoteBodyError, NoteError};
use identity::{MemberProfile, Permission, Principal};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::conversations_inbox::field_error;
use crate::http::error::ErrorCode;
use crate::http::{ApiError, Authenticated, ErrorBody, Json};
use crate::state::AppState;

/// The most members one note mentions.
pub const MENTIONS_MAX: usize = 50;

impl From<NoteError> for ApiError {
    fn from(e: NoteError) -> Self {
        match e {
            NoteError::NotFound => ApiError::new(ErrorCode::ConversationNotFound, e.to_string()),
            NoteError::Unexpected(cause) => ApiError::unexpected(cause),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"body": "@Marco she wants the refund by Friday", "mentions": ["0193a1c2-7d4e-7c3b-9a1f-2b3c4d5e6f70"]}))]
pub struct NoteRequest {
    /// 1 to 5,000 characters, kept as written (an `@name` in it is text only).
    pub body: String,
    /// The members to notify (user ids or membership ids), each a member of this
    /// workspace. The author mentioning themselves is not notified.
    #[serde(default)]
    pub mentions: Vec<uuid::Uuid>,
}

/// An internal note: seen by the team, never sent to the customer.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteResponse {
    pub id: uuid::Uuid,
    pub body: String,
    pub author: NoteAuthorResponse,
    /// The mentioned members' user ids.
    pub mentions: Vec<uuid::Uuid>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoteAuthorResponse {
    /// Their user id.
    pub member_id: uuid::Uuid,
    /// Their name, else their email; `null` once they left the workspace.
    pub name: Option<String>,
}

/// Writes an internal note on the conversation. It is never sent to the customer; it
/// shows in the conversation (`notes`, timeline `note_added`) and notifies each member
/// it mentions (feed and email, high priority).
#[utoipa::path(
    tag = "conversations",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Conversation id")),
    request_body = NoteRequest,
    responses(
        (status = 201, body = NoteResponse),
        (status = 401, body = ErrorBody),
        (status = 403, description = "`forbidden`: viewers cannot write notes", body = ErrorBody),
        (status = 404, description = "`conversation_not_found`", body = ErrorBody),
        (status = 422, description = "`validation_failed`: `body` (`empty`, `too_long`), `mentions` (`unknown_member`, `too_many`)", body = ErrorBody),
    )
)]
#[post("/conversations/{id}/notes")]
pub async fn add_note(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(request): Json<NoteRequest>,
) -> Result<(web::Json<NoteResponse>, actix_web::http::StatusCode), ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let body = NoteBody::parse(&request.body).map_err(|e| match e {
        NoteBodyError::Empty => field_error("body", "empty", e.to_string()),
        NoteBodyError::TooLong => {
            field_error("body", "too_long", format!("at most {NOTE_MAX} characters"))
        }
    })?;
    if request.mentions.len() > MENTIONS_MAX {
        return Err(field_error(
            "mentions",
            "too_many",
            format!("at most {MENTIONS_MAX} members"),
        ));
    }
    let team = team(&state, &principal).await?;
    let mut mentions = Vec::with_capacity(request.mentions.len());
    for (index, id) in request.mentions.iter().enumerate() {
        let member = team
            .iter()
            .find(|m| m.member.user_id.as_uuid() == *id || m.member.id.as_uuid() == *id)
            .ok_or_else(|| {
                field_error(
                    &format!("mentions[{index}]"),
                    "unknown_member",
                    "not a member of this workspace",
                )
            })?;
        mentions.push(member.member.user_id.as_uuid());
    }
    let author_id = principal.user_id().as_uuid();
    let author = NoteAuthor {
        member_id: author_id,
        name: team
            .iter()
            .find(|m| m.member.user_id.as_uuid() == author_id)
            .map(display_name)
            .unwrap_or_else(|| "A teammate".to_owned()),
    };
    let note = state
        .notes
        .add(
            principal.workspace_id,
            ConversationId::from_uuid(*id),
            &author,
            body,
            &mentions,
        )
        .await?;
    Ok((
        web::Json(note_response(&note, &team)),
        actix_web::http::StatusCode::CREATED,
    ))
}

/// The conversation's notes, oldest first, with their authors' names.
pub(super) async fn notes(
    state: &AppState,
    principal: &Principal,
    id: ConversationId,
) -> Result<Vec<NoteResponse>, ApiError> {
    let notes = state.notes.list(principal.workspace_id, id).await?;
    if notes.is_empty() {
        return Ok(Vec::new());
    }
    let team = team(state, principal).await?;
    Ok(notes.iter().map(|n| note_response(n, &team)).collect())
}

fn note_response(note: &Note, team: &[MemberProfile]) -> NoteResponse {
    NoteResponse {
        id: note.id.as_uuid(),
        body: note.body.as_str().to_owned(),
        author: NoteAuthorResponse {
            member_id: note.author_member_id,
            name: team
                .iter()
                .find(|m| m.member.user_id.as_uuid() == note.author_member_id)
                .map(display_name),
        },
        mentions: note.mentions.clone(),
        created_at: note.created_at,
    }
}

fn display_name(profile: &MemberProfile) -> String {
    profile
        .name
        .as_ref()
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|| profile.email.as_str().to_owned())
}

/// Every member of the caller's workspace.
async fn team(state: &AppState, principal: &Principal) -> Result<Vec<MemberProfile>, ApiError> {
    let mut team = Vec::new();
    let mut page = 1;
    loop {
        let request = kernel::PageRequest::new(page, 100).map_err(ApiError::unexpected)?;
        let members = state.identity.members(principal, request).await?;
        let last = u64::from(page) >= members.total_pages();
        team.extend(members.items);
        if last {
            return Ok(team);
        }
        page += 1;
    }
}
