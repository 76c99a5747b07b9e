//! `/products/{id}/variants`: a product's sizes, shades, scents... Each change goes
//! through the product, which keeps names unique and every variant's price above zero.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use catalog::{
    CatalogScope, NewVariant, PriceModifier, ProductError, ProductId, VariantId, VariantKind,
    VariantName, VariantPatch,
};
use kernel::Currency;
use serde::Deserialize;
use utoipa::ToSchema;

use super::catalog_dto::{ProductResponse, VariantResponse, checked, nullable, page_of, stock};
use super::catalog_scope::{edit_scope, read_scope};
use super::products::priced;
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"type": "size", "name": "50ml", "price_modifier": "10.00", "stock": 8}))]
pub struct NewVariantRequest {
    /// size, shade, scent, color or custom (default).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Unique within the product, ignoring case and spacing.
    #[schema(required = true)]
    pub name: Option<String>,
    /// Added to the product's price (default "0"); the sum must stay above zero.
    #[schema(example = "-5.00")]
    pub price_modifier: Option<String>,
    /// Default true.
    pub available: Option<bool>,
    /// Units in stock; absent or null when not counted.
    pub stock: Option<i64>,
}

impl NewVariantRequest {
    /// Records every invalid field as `{prefix}{field}`; the variant only when all are valid.
    pub(crate) fn to_domain(
        &self,
        errors: &mut FieldErrors,
        prefix: &str,
        currency: Currency,
    ) -> Option<NewVariant> {
        let kind = match self.kind.as_deref() {
            Some(raw) => checked(errors, &format!("{prefix}type"), VariantKind::parse(raw)),
            None => Some(VariantKind::Custom),
        };
        let name = checked(
            errors,
            &format!("{prefix}name"),
            VariantName::parse(self.name.as_deref().unwrap_or_default()),
        );
        let modifier = checked(
            errors,
            &format!("{prefix}price_modifier"),
            PriceModifier::parse(self.price_modifier.as_deref().unwrap_or_default(), currency),
        );
        let stock = stock(errors, &format!("{prefix}stock"), self.stock);
        let (kind, name, price_modifier, stock) = (kind?, name?, modifier?, stock?);
        Some(NewVariant {
            kind,
            name,
            price_modifier,
            available: self.available.unwrap_or(true),
            stock,
        })
    }
}

/// Only the fields present change; `stock: null` means not counted.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"price_modifier": "12.00", "stock": 0}))]
pub struct UpdateVariantRequest {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub name: Option<String>,
    pub price_modifier: Option<String>,
    pub available: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub stock: Option<Option<i64>>,
}

impl UpdateVariantRequest {
    fn try_into_domain(self, currency: Currency) -> Result<VariantPatch, ApiError> {
        let mut errors = FieldErrors::new();
        let mut patch = VariantPatch::default();
        if let Some(raw) = &self.kind {
            patch.kind = checked(&mut errors, "type", VariantKind::parse(raw));
        }
        if let Some(raw) = &self.name {
            patch.name = checked(&mut errors, "name", VariantName::parse(raw));
        }
        if let Some(raw) = &self.price_modifier {
            patch.price_modifier = checked(
                &mut errors,
                "price_modifier",
                PriceModifier::parse(raw, currency),
            );
        }
        patch.available = self.available;
        if let Some(raw) = self.stock {
            patch.stock = stock(&mut errors, "stock", raw);
        }
        errors.finish()?;
        Ok(patch)
    }
}

/// The priced variant out of a priced product.
fn variant_of(
    product: ProductResponse,
    variant_id: VariantId,
) -> Result<VariantResponse, ApiError> {
    product
        .variants
        .into_iter()
        .find(|v| v.id == variant_id.as_uuid())
        .ok_or_else(|| ProductError::VariantNotFound.into())
}

/// Refuses a variant that exists but belongs to another product than the path names.
async fn check_owner(
    state: &AppState,
    scope: &CatalogScope,
    product_id: ProductId,
    variant_id: VariantId,
) -> Result<(), ApiError> {
    let product = state.catalog.get_product(scope, product_id).await?;
    if product.product.variant(variant_id).is_none() {
        return Err(ProductError::VariantNotFound.into());
    }
    Ok(())
}

/// The product's variants with their current prices, in the seller's order.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Product id"), PageQuery),
    responses((status = 200, body = Paginated<VariantResponse>), (status = 404, body = ErrorBody))
)]
#[get("/products/{id}/variants")]
pub async fn list_variants(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<VariantResponse>>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let page = page.try_into_domain()?;
    let product = state
        .catalog
        .get_product(&scope, ProductId::from_uuid(*id))
        .await?;
    let variants = ProductResponse::from(product).variants;
    Ok(web::Json(Paginated::from_page(
        page_of(variants, page),
        |v| v,
    )))
}

/// Adds a variant (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Product id")),
    request_body = NewVariantRequest,
    responses(
        (status = 201, body = VariantResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`duplicate_variant`", body = ErrorBody),
        (status = 422, description = "Invalid fields, `variant_price_not_positive`, `too_many_variants`", body = ErrorBody),
    )
)]
#[post("/products/{id}/variants")]
pub async fn create_variant(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<NewVariantRequest>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let mut errors = FieldErrors::new();
    let new = body.to_domain(&mut errors, "", scope.currency);
    let (new,) = crate::all_valid!(errors, new);
    let (product, variant_id) = state
        .catalog
        .add_variant(&scope, ProductId::from_uuid(*id), new)
        .await?;
    let variant = variant_of(priced(&state, &scope, product).await?, variant_id)?;
    Ok(HttpResponse::Created().json(variant))
}

/// One variant with its current price.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(
        ("id" = uuid::Uuid, Path, description = "Product id"),
        ("variant_id" = uuid::Uuid, Path, description = "Variant id"),
    ),
    responses((status = 200, body = VariantResponse), (status = 404, body = ErrorBody))
)]
#[get("/products/{id}/variants/{variant_id}")]
pub async fn get_variant(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<web::Json<VariantResponse>, ApiError> {
    let (product_id, variant_id) = path.into_inner();
    let scope = read_scope(&state, &principal).await?;
    let product = state
        .catalog
        .get_product(&scope, ProductId::from_uuid(product_id))
        .await?;
    let variant = variant_of(
        ProductResponse::from(product),
        VariantId::from_uuid(variant_id),
    )?;
    Ok(web::Json(variant))
}

/// Changes some fields of a variant (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(
        ("id" = uuid::Uuid, Path, description = "Product id"),
        ("variant_id" = uuid::Uuid, Path, description = "Variant id"),
    ),
    request_body = UpdateVariantRequest,
    responses(
        (status = 200, body = VariantResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`duplicate_variant`", body = ErrorBody),
        (status = 422, description = "Invalid fields or `variant_price_not_positive`", body = ErrorBody),
    )
)]
#[patch("/products/{id}/variants/{variant_id}")]
pub async fn update_variant(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    Json(body): Json<UpdateVariantRequest>,
) -> Result<web::Json<VariantResponse>, ApiError> {
    let (product_id, variant_id) = path.into_inner();
    let (product_id, variant_id) = (
        ProductId::from_uuid(product_id),
        VariantId::from_uuid(variant_id),
    );
    let scope = edit_scope(&state, &principal).await?;
    let patch = body.try_into_domain(scope.currency)?;
    check_owner(&state, &scope, product_id, variant_id).await?;
    let product = state
        .catalog
        .update_variant(&scope, variant_id, patch)
        .await?;
    let variant = variant_of(priced(&state, &scope, product).await?, variant_id)?;
    Ok(web::Json(variant))
}

/// Removes a variant (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(
        ("id" = uuid::Uuid, Path, description = "Product id"),
        ("variant_id" = uuid::Uuid, Path, description = "Variant id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[delete("/products/{id}/variants/{variant_id}")]
pub async fn delete_variant(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (product_id, variant_id) = path.into_inner();
    let (product_id, variant_id) = (
        ProductId::from_uuid(product_id),
        VariantId::from_uuid(variant_id),
    );
    let scope = edit_scope(&state, &principal).await?;
    check_owner(&state, &scope, product_id, variant_id).await?;
    state.catalog.remove_variant(&scope, variant_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
