//! `/contacts`: the people who wrote to the workspace on any channel. Every member may
//! read them; agents and above edit name, notes and blocked. A blocked contact's
//! messages are still stored, and never answered.

use actix_web::{get, patch, web};
use channels::{
    Contact, ContactFilter, ContactId, ContactNotes, ContactPatch, DisplayName, Platform,
};
use chrono::{DateTime, Utc};
use identity::Permission;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactResponse {
    pub id: uuid::Uuid,
    /// `messenger`, `instagram`, `whatsapp` or `web`.
    pub platform: String,
    /// The person's id on the platform (PSID, IGSID, WhatsApp number, widget visitor id).
    pub platform_user_id: String,
    #[schema(example = "Nguyễn Thị Hoa")]
    pub display_name: Option<String>,
    pub avatar_url: Option<String>,
    #[schema(example = "vi_VN")]
    pub locale: Option<String>,
    pub blocked: bool,
    /// `unknown`, `opted_in` or `opted_out`.
    pub consent: String,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Contact> for ContactResponse {
    fn from(contact: Contact) -> Self {
        Self {
            id: contact.id.as_uuid(),
            platform: contact.platform.as_str().to_owned(),
            platform_user_id: contact.platform_user_id.as_str().to_owned(),
            display_name: contact.display_name.map(|n| n.as_str().to_owned()),
            avatar_url: contact.avatar_url.map(|u| u.as_str().to_owned()),
            locale: contact.locale.map(|l| l.as_str().to_owned()),
            blocked: contact.blocked,
            consent: match contact.consent {
                channels::Consent::Unknown => "unknown",
                channels::Consent::OptedIn { .. } => "opted_in",
                channels::Consent::OptedOut { .. } => "opted_out",
            }
            .to_owned(),
            notes: contact.notes.map(|n| n.as_str().to_owned()),
            created_at: contact.created_at,
            updated_at: contact.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactsQuery {
    /// `messenger`, `instagram`, `whatsapp` or `web`.
    pub platform: Option<String>,
    pub blocked: Option<bool>,
    /// Part of the name, any case.
    pub q: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Only the fields present change; `null` clears `display_name` or `notes`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"display_name": "Hoa", "notes": "Prefers evening delivery", "blocked": false}))]
pub struct UpdateContactRequest {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub display_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    pub blocked: Option<bool>,
}

/// Tells `"field": null` (clear it) from a missing field (leave it).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// Contacts, most recently active first.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(ContactsQuery),
    responses((status = 200, body = Paginated<ContactResponse>), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/contacts")]
pub async fn list_contacts(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<ContactsQuery>,
) -> Result<web::Json<Paginated<ContactResponse>>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let mut errors = FieldErrors::new();
    let platform = match query.platform.as_deref() {
        Some(raw) => errors.check("platform", Platform::parse(raw)).map(Some),
        None => Some(None),
    };
    let search = match query.q.as_deref().map(str::trim) {
        Some(q) if q.chars().count() > 100 => {
            errors.add("q", "too_long", "at most 100 characters");
            None
        }
        Some("") | None => Some(None),
        Some(q) => Some(Some(q.to_owned())),
    };
    let (platform, search) = crate::all_valid!(errors, platform, search);
    let page = PageQuery {
        page: query.page,
        per_page: query.per_page,
    }
    .try_into_domain()?;
    let filter = ContactFilter {
        platform,
        blocked: query.blocked,
        search,
    };
    let contacts = state
        .channels
        .list_contacts(principal.workspace_id, &filter, page)
        .await?;
    Ok(web::Json(Paginated::from_page(
        contacts,
        ContactResponse::from,
    )))
}

/// One contact.
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Contact id")),
    responses((status = 200, body = ContactResponse), (status = 404, description = "`contact_not_found`", body = ErrorBody))
)]
#[get("/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ContactResponse>, ApiError> {
    principal.require(Permission::ViewConversations)?;
    let contact = state
        .channels
        .get_contact(principal.workspace_id, ContactId::from_uuid(*id))
        .await?;
    Ok(web::Json(contact.into()))
}

/// Renames, annotates, blocks or unblocks a contact (owner, admin, agent).
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Contact id")),
    request_body = UpdateContactRequest,
    responses(
        (status = 200, body = ContactResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`contact_not_found`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/contacts/{id}")]
pub async fn update_contact(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateContactRequest>,
) -> Result<web::Json<ContactResponse>, ApiError> {
    principal.require(Permission::RespondToConversations)?;
    let mut errors = FieldErrors::new();
    let display_name = match body.display_name {
        Some(Some(raw)) => errors
            .check("display_name", DisplayName::parse(&raw))
            .map(|n| Some(Some(n))),
        Some(None) => Some(Some(None)),
        None => Some(None),
    };
    let notes = match body.notes {
        // Blank notes clear them, as an emptied text box means.
        Some(Some(raw)) if raw.trim().is_empty() => Some(Some(None)),
        Some(Some(raw)) => errors
            .check("notes", ContactNotes::parse(&raw))
            .map(|n| Some(Some(n))),
        Some(None) => Some(Some(None)),
        None => Some(None),
    };
    let (display_name, notes) = crate::all_valid!(errors, display_name, notes);
    let contact = state
        .channels
        .update_contact(
            principal.workspace_id,
            ContactId::from_uuid(*id),
            ContactPatch {
                display_name,
                notes,
                blocked: body.blocked,
                consent: None,
            },
        )
        .await?;
    Ok(web::Json(contact.into()))
}
