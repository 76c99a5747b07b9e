//! `/knowledge/faqs`: the FAQ builder. A FAQ is searchable as soon as the call that
//! created or changed it returns.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use identity::Permission;
use knowledge::service::FaqPatch;
use knowledge::{
    FaqAnswer, FaqAnswerError, FaqCategory, FaqCategoryError, FaqFilter, FaqId, FaqPriority,
    FaqQuestion, FaqQuestionError, FaqTags, FaqTagsError, NewFaq,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::catalog_dto::{nullable, required};
use super::knowledge_dto::{FaqResponse, coded};
use crate::all_valid;
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "question": "Do you ship to Milan?", "answer": "Yes, within two working days.",
    "category": "shipping", "tags": ["italy"], "priority": "high"
}))]
pub struct CreateFaqRequest {
    /// 3-500 characters, one line.
    #[schema(required = true)]
    pub question: Option<String>,
    /// 1-5,000 characters; line breaks kept.
    #[schema(required = true)]
    pub answer: Option<String>,
    pub category: Option<String>,
    /// At most 20, each up to 30 characters.
    #[serde(default)]
    pub tags: Vec<String>,
    /// high, medium (default) or low.
    pub priority: Option<String>,
    /// Default true.
    pub active: Option<bool>,
}

fn question(errors: &mut FieldErrors, raw: &str) -> Option<FaqQuestion> {
    coded(
        errors,
        "question",
        FaqQuestionError::code,
        FaqQuestion::parse(raw),
    )
}

fn answer(errors: &mut FieldErrors, raw: &str) -> Option<FaqAnswer> {
    coded(
        errors,
        "answer",
        FaqAnswerError::code,
        FaqAnswer::parse(raw),
    )
}

fn category(errors: &mut FieldErrors, raw: Option<&str>) -> Option<Option<FaqCategory>> {
    match raw {
        None => Some(None),
        Some(raw) => coded(
            errors,
            "category",
            FaqCategoryError::code,
            FaqCategory::parse(raw),
        )
        .map(Some),
    }
}

fn tags(errors: &mut FieldErrors, raw: &[String]) -> Option<FaqTags> {
    coded(errors, "tags", FaqTagsError::code, FaqTags::new(raw))
}

fn priority(errors: &mut FieldErrors, raw: Option<&str>) -> Option<Option<FaqPriority>> {
    match raw {
        None => Some(None),
        Some(raw) => match FaqPriority::parse(raw) {
            Some(priority) => Some(Some(priority)),
            None => {
                errors.add(
                    "priority",
                    "invalid",
                    "priority must be high, medium or low",
                );
                None
            }
        },
    }
}

impl CreateFaqRequest {
    fn try_into_domain(self) -> Result<NewFaq, ApiError> {
        let mut errors = FieldErrors::new();
        let question = required(&mut errors, "question", self.question.as_deref())
            .and_then(|raw| question(&mut errors, raw));
        let answer = required(&mut errors, "answer", self.answer.as_deref())
            .and_then(|raw| answer(&mut errors, raw));
        let category = category(&mut errors, self.category.as_deref());
        let tags = tags(&mut errors, &self.tags);
        let priority = priority(&mut errors, self.priority.as_deref());
        let (question, answer, category, tags, priority) =
            all_valid!(errors, question, answer, category, tags, priority);
        let mut faq = NewFaq::new(question, answer);
        faq.category = category;
        faq.tags = tags;
        faq.priority = priority.unwrap_or_default();
        faq.active = self.active.unwrap_or(true);
        Ok(faq)
    }
}

/// Only the fields present change; `category: null` clears it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"answer": "Yes, next day before noon.", "active": true}))]
pub struct UpdateFaqRequest {
    pub question: Option<String>,
    pub answer: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub priority: Option<String>,
    pub active: Option<bool>,
}

impl UpdateFaqRequest {
    fn try_into_domain(self) -> Result<FaqPatch, ApiError> {
        let mut errors = FieldErrors::new();
        let mut patch = FaqPatch {
            active: self.active,
            ..FaqPatch::default()
        };
        if let Some(raw) = &self.question {
            patch.question = question(&mut errors, raw);
        }
        if let Some(raw) = &self.answer {
            patch.answer = answer(&mut errors, raw);
        }
        if let Some(raw) = &self.category {
            patch.category = category(&mut errors, raw.as_deref());
        }
        if let Some(raw) = &self.tags {
            patch.tags = tags(&mut errors, raw);
        }
        patch.priority = priority(&mut errors, self.priority.as_deref()).flatten();
        errors.finish()?;
        Ok(patch)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FaqListQuery {
    /// Case-insensitive match on the category.
    pub category: Option<String>,
    pub active: Option<bool>,
    /// Words to find in the question or the answer.
    pub q: Option<String>,
}

/// Lists FAQs, newest first (every member).
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(PageQuery, FaqListQuery),
    responses(
        (status = 200, body = Paginated<FaqResponse>),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/knowledge/faqs")]
pub async fn list_faqs(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
    query: web::Query<FaqListQuery>,
) -> Result<web::Json<Paginated<FaqResponse>>, ApiError> {
    let page = page.try_into_domain()?;
    let query = query.into_inner();
    let clean = |raw: Option<String>| raw.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let filter = FaqFilter {
        category: clean(query.category),
        active: query.active,
        search: clean(query.q),
    };
    let faqs = state
        .knowledge
        .list_faqs(principal.workspace_id, &filter, page)
        .await?;
    Ok(web::Json(Paginated::from_page(faqs, FaqResponse::from)))
}

/// Creates a FAQ (owner, admin, agent); searchable when this returns.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    request_body = CreateFaqRequest,
    responses(
        (status = 201, body = FaqResponse),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`duplicate_faq`: the question is already answered (details.faq_id)", body = ErrorBody),
        (status = 422, description = "Invalid fields; details.fields names every one", body = ErrorBody),
    )
)]
#[post("/knowledge/faqs")]
pub async fn create_faq(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<CreateFaqRequest>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::EditKnowledge)?;
    let new = body.try_into_domain()?;
    let faq = state
        .knowledge
        .create_faq(principal.workspace_id, new)
        .await?;
    Ok(HttpResponse::Created().json(FaqResponse::from(faq)))
}

#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "FAQ id")),
    responses((status = 200, body = FaqResponse), (status = 404, body = ErrorBody))
)]
#[get("/knowledge/faqs/{id}")]
pub async fn get_faq(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<FaqResponse>, ApiError> {
    let faq = state
        .knowledge
        .get_faq(principal.workspace_id, FaqId::from_uuid(*id))
        .await?;
    Ok(web::Json(faq.into()))
}

/// Changes some fields of a FAQ (owner, admin, agent); searchable as changed when this
/// returns.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "FAQ id")),
    request_body = UpdateFaqRequest,
    responses(
        (status = 200, body = FaqResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`duplicate_faq`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/knowledge/faqs/{id}")]
pub async fn update_faq(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateFaqRequest>,
) -> Result<web::Json<FaqResponse>, ApiError> {
    principal.require(Permission::EditKnowledge)?;
    let patch = body.try_into_domain()?;
    let faq = state
        .knowledge
        .update_faq(principal.workspace_id, FaqId::from_uuid(*id), patch)
        .await?;
    Ok(web::Json(faq.into()))
}

/// Deletes a FAQ (owner, admin, agent); gone from search when this returns.
#[utoipa::path(
    tag = "knowledge",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "FAQ id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 503, description = "`knowledge_unavailable`: nothing deleted", body = ErrorBody),
    )
)]
#[delete("/knowledge/faqs/{id}")]
pub async fn delete_faq(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Permission::EditKnowledge)?;
    state
        .knowledge
        .delete_faq(principal.workspace_id, FaqId::from_uuid(*id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
