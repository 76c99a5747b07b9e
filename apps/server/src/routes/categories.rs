//! `/categories`: a shallow tree ("Skincare > Serums") to file products under and to
//! target offers at. One level of nesting only.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use catalog::{CatalogScope, Category, CategoryError, CategoryId, CategoryName, CategoryPatch};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::catalog_dto::{checked, nullable, page_of, required};
use super::catalog_scope::{edit_scope, read_scope};
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryResponse {
    pub id: uuid::Uuid,
    #[schema(example = "Serums")]
    pub name: String,
    pub parent_id: Option<uuid::Uuid>,
    /// As written in the import file's `category` column.
    #[schema(example = "Skincare > Serums")]
    pub path: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CategoryResponse {
    fn new(category: &Category, all: &[Category]) -> Self {
        Self {
            id: category.id.as_uuid(),
            name: category.name.as_str().to_owned(),
            parent_id: category.parent_id.map(|id| id.as_uuid()),
            path: category.path(all).to_string(),
            created_at: category.created_at,
            updated_at: category.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Serums", "parent_id": "0193a4c2-7d4e-7b31-9c1f-2a6e5d8b9c01"}))]
pub struct CreateCategoryRequest {
    /// 1 to 60 characters, without `>`; unique among its siblings.
    #[schema(required = true)]
    pub name: Option<String>,
    /// A top-level category to nest under.
    pub parent_id: Option<uuid::Uuid>,
}

/// Only the fields present change; `parent_id: null` moves the category to the top level.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Face serums", "parent_id": null}))]
pub struct UpdateCategoryRequest {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub parent_id: Option<Option<uuid::Uuid>>,
}

/// The category as the tree now stands, so its path names the current parent.
async fn respond(
    state: &AppState,
    scope: &CatalogScope,
    category: &Category,
) -> Result<CategoryResponse, ApiError> {
    let all = state.catalog.list_categories(scope).await?;
    Ok(CategoryResponse::new(category, &all))
}

/// The category tree: each top-level category followed by its subcategories, A to Z.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<CategoryResponse>), (status = 401, body = ErrorBody))
)]
#[get("/categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<CategoryResponse>>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let page = page.try_into_domain()?;
    let all = state.catalog.list_categories(&scope).await?;
    let items: Vec<CategoryResponse> = all.iter().map(|c| CategoryResponse::new(c, &all)).collect();
    Ok(web::Json(Paginated::from_page(page_of(items, page), |c| c)))
}

/// Creates a category, at the top level or under a top-level one (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    request_body = CreateCategoryRequest,
    responses(
        (status = 201, body = CategoryResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`parent_category_not_found`", body = ErrorBody),
        (status = 409, description = "`duplicate_category`", body = ErrorBody),
        (status = 422, description = "Invalid name, or `category_too_deep`", body = ErrorBody),
    )
)]
#[post("/categories")]
pub async fn create_category(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<CreateCategoryRequest>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", body.name.as_deref())
        .and_then(|raw| checked(&mut errors, "name", CategoryName::parse(raw)));
    let (name,) = crate::all_valid!(errors, name);
    let category = state
        .catalog
        .create_category(&scope, name, body.parent_id.map(CategoryId::from_uuid))
        .await?;
    Ok(HttpResponse::Created().json(respond(&state, &scope, &category).await?))
}

/// One category.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Category id")),
    responses((status = 200, body = CategoryResponse), (status = 404, body = ErrorBody))
)]
#[get("/categories/{id}")]
pub async fn get_category(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<CategoryResponse>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let all = state.catalog.list_categories(&scope).await?;
    let category = all
        .iter()
        .find(|c| c.id.as_uuid() == *id)
        .ok_or(CategoryError::NotFound)?;
    Ok(web::Json(CategoryResponse::new(category, &all)))
}

/// Renames or moves a category (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Category id")),
    request_body = UpdateCategoryRequest,
    responses(
        (status = 200, body = CategoryResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`category_not_found` or `parent_category_not_found`", body = ErrorBody),
        (status = 409, description = "`duplicate_category`, or moving a category that has subcategories (`category_has_subcategories`)", body = ErrorBody),
        (status = 422, description = "Invalid name, `category_too_deep`, `category_own_parent`", body = ErrorBody),
    )
)]
#[patch("/categories/{id}")]
pub async fn update_category(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateCategoryRequest>,
) -> Result<web::Json<CategoryResponse>, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let mut errors = FieldErrors::new();
    let name = match body.name.as_deref() {
        Some(raw) => checked(&mut errors, "name", CategoryName::parse(raw)).map(Some),
        None => Some(None),
    };
    let (name,) = crate::all_valid!(errors, name);
    let patch = CategoryPatch {
        name,
        parent_id: body.parent_id.map(|id| id.map(CategoryId::from_uuid)),
    };
    let category = state
        .catalog
        .update_category(&scope, CategoryId::from_uuid(*id), patch)
        .await?;
    Ok(web::Json(respond(&state, &scope, &category).await?))
}

/// Deletes a category without subcategories or offers; its products become
/// uncategorised (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Category id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`category_has_subcategories` or `category_targeted_by_offers`", body = ErrorBody),
    )
)]
#[delete("/categories/{id}")]
pub async fn delete_category(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    state
        .catalog
        .delete_category(&scope, CategoryId::from_uuid(*id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
