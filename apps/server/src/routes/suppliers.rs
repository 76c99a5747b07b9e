//! `/suppliers`: who the shop buys from, and how to reach them.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use catalog::{
    ContactName, NewSupplier, PhoneNumber, Supplier, SupplierContact, SupplierId, SupplierName,
    SupplierPatch,
};
use chrono::{DateTime, Utc};
use kernel::Email;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::catalog_dto::{checked, required};
use super::catalog_scope::{edit_scope, read_scope};
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

/// How to reach a supplier; every part is optional.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"person": "Giulia Bianchi", "email": "ordini@bianchi.it", "phone": "+39 333 123 4567"}))]
pub struct ContactDto {
    pub person: Option<String>,
    pub email: Option<String>,
    /// Kept as `+` and digits.
    pub phone: Option<String>,
}

impl ContactDto {
    fn to_domain(&self, errors: &mut FieldErrors) -> Option<SupplierContact> {
        let person = match self.person.as_deref() {
            Some(raw) => checked(errors, "contact.person", ContactName::parse(raw)).map(Some),
            None => Some(None),
        };
        let email = match self.email.as_deref() {
            Some(raw) => checked(errors, "contact.email", Email::parse(raw)).map(Some),
            None => Some(None),
        };
        let phone = match self.phone.as_deref() {
            Some(raw) => checked(errors, "contact.phone", PhoneNumber::parse(raw)).map(Some),
            None => Some(None),
        };
        Some(SupplierContact {
            person: person?,
            email: email?,
            phone: phone?,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupplierResponse {
    pub id: uuid::Uuid,
    #[schema(example = "Cosmetici Bianchi S.r.l.")]
    pub name: String,
    pub contact: ContactDto,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Supplier> for SupplierResponse {
    fn from(supplier: Supplier) -> Self {
        let contact = supplier.contact;
        Self {
            id: supplier.id.as_uuid(),
            name: supplier.name.as_str().to_owned(),
            contact: ContactDto {
                person: contact.person.map(|p| p.as_str().to_owned()),
                email: contact.email.map(|e| e.as_str().to_owned()),
                phone: contact.phone.map(|p| p.as_str().to_owned()),
            },
            created_at: supplier.created_at,
            updated_at: supplier.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Cosmetici Bianchi S.r.l.", "contact": {"email": "ordini@bianchi.it"}}))]
pub struct CreateSupplierRequest {
    /// 2 to 100 characters; unique in the workspace, ignoring case.
    #[schema(required = true)]
    pub name: Option<String>,
    #[serde(default)]
    pub contact: ContactDto,
}

/// Only the fields present change; `contact` replaces the whole contact.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contact": {"person": "Giulia", "phone": "+39 333 123 4567"}}))]
pub struct UpdateSupplierRequest {
    pub name: Option<String>,
    pub contact: Option<ContactDto>,
}

/// The workspace's suppliers, A to Z.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<SupplierResponse>), (status = 401, body = ErrorBody))
)]
#[get("/suppliers")]
pub async fn list_suppliers(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<SupplierResponse>>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let page = page.try_into_domain()?;
    let suppliers = state.catalog.list_suppliers(&scope, page).await?;
    Ok(web::Json(Paginated::from_page(
        suppliers,
        SupplierResponse::from,
    )))
}

/// Adds a supplier (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    request_body = CreateSupplierRequest,
    responses(
        (status = 201, body = SupplierResponse),
        (status = 403, body = ErrorBody),
        (status = 409, description = "`duplicate_supplier`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/suppliers")]
pub async fn create_supplier(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<CreateSupplierRequest>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let mut errors = FieldErrors::new();
    let name = required(&mut errors, "name", body.name.as_deref())
        .and_then(|raw| checked(&mut errors, "name", SupplierName::parse(raw)));
    let contact = body.contact.to_domain(&mut errors);
    let (name, contact) = crate::all_valid!(errors, name, contact);
    let supplier = state
        .catalog
        .create_supplier(&scope, NewSupplier { name, contact })
        .await?;
    Ok(HttpResponse::Created().json(SupplierResponse::from(supplier)))
}

/// One supplier.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Supplier id")),
    responses((status = 200, body = SupplierResponse), (status = 404, body = ErrorBody))
)]
#[get("/suppliers/{id}")]
pub async fn get_supplier(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<SupplierResponse>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let supplier = state
        .catalog
        .get_supplier(&scope, SupplierId::from_uuid(*id))
        .await?;
    Ok(web::Json(SupplierResponse::from(supplier)))
}

/// Changes a supplier's name or contact (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Supplier id")),
    request_body = UpdateSupplierRequest,
    responses(
        (status = 200, body = SupplierResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`duplicate_supplier`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/suppliers/{id}")]
pub async fn update_supplier(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateSupplierRequest>,
) -> Result<web::Json<SupplierResponse>, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let mut errors = FieldErrors::new();
    let name = match body.name.as_deref() {
        Some(raw) => checked(&mut errors, "name", SupplierName::parse(raw)).map(Some),
        None => Some(None),
    };
    let contact = match &body.contact {
        Some(contact) => contact.to_domain(&mut errors).map(Some),
        None => Some(None),
    };
    let (name, contact) = crate::all_valid!(errors, name, contact);
    let supplier = state
        .catalog
        .update_supplier(
            &scope,
            SupplierId::from_uuid(*id),
            SupplierPatch { name, contact },
        )
        .await?;
    Ok(web::Json(SupplierResponse::from(supplier)))
}

/// Deletes a supplier; its products keep selling without one (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Supplier id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[delete("/suppliers/{id}")]
pub async fn delete_supplier(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    state
        .catalog
        .delete_supplier(&scope, SupplierId::from_uuid(*id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
