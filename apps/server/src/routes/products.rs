//! `/products`: list with filters, create (with variants), read, change, delete, restore,
//! and the price a customer pays now.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use catalog::{
    CatalogScope, CategoryId, DeleteMode, Description, NewProduct, Price, PriceModifier,
    PriceRange, PriceRangeError, Product, ProductFilter, ProductId, ProductName, ProductPatch,
    ProductSort, ProductSortError, SearchQuery, Sku, SupplierId, Tag, Tags, VariantId,
};
use kernel::Currency;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::catalog_dto::{
    PriceQuoteDto, ProductResponse, checked, currency_or, images, nullable, required, stock,
};
use super::catalog_scope::{edit_scope, read_scope};
use super::variants::NewVariantRequest;
use crate::all_valid;
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListQuery {
    /// Matches name, SKU or tag, case-insensitively.
    pub q: Option<String>,
    /// A category id; products in its subcategories are included.
    pub category: Option<uuid::Uuid>,
    pub supplier_id: Option<uuid::Uuid>,
    pub tag: Option<String>,
    /// The seller's on/off switch.
    pub available: Option<bool>,
    /// Lowest list price, in the workspace currency, e.g. "10" or "9.90".
    pub min_price: Option<String>,
    /// Highest list price, in the workspace currency.
    pub max_price: Option<String>,
    /// `name`, `price` or `created_at`, ascending; prefix `-` for descending.
    /// Default `-created_at` (newest first).
    #[param(example = "-price")]
    pub sort: Option<String>,
}

impl ProductListQuery {
    fn try_into_domain(
        &self,
        currency: Currency,
    ) -> Result<(ProductFilter, ProductSort), ApiError> {
        let mut errors = FieldErrors::new();
        let q = match self.q.as_deref() {
            Some(raw) => checked(&mut errors, "q", SearchQuery::parse(raw)),
            None => Some(None),
        };
        let tag = match self.tag.as_deref() {
            Some(raw) => checked(&mut errors, "tag", Tag::parse(raw)).map(Some),
            None => Some(None),
        };
        let min = amount(
            &mut errors,
            "min_price",
            self.min_price.as_deref(),
            currency,
        );
        let max = amount(
            &mut errors,
            "max_price",
            self.max_price.as_deref(),
            currency,
        );
        let price = match (min, max) {
            (Some(min), Some(max)) => match PriceRange::new(min, max) {
                Ok(range) => Some(range),
                Err(e) => {
                    let min_negative = min.is_some_and(|m| m.amount().is_sign_negative());
                    let field = match e {
                        PriceRangeError::Negative if !min_negative => "max_price",
                        _ => "min_price",
                    };
                    errors.add(field, "invalid", e.to_string());
                    None
                }
            },
            _ => None,
        };
        let sort = checked(&mut errors, "sort", parse_sort(self.sort.as_deref()));
        let (q, tag, price, sort) = all_valid!(errors, q, tag, price, sort);
        let filter = ProductFilter {
            q,
            categories: self
                .category
                .map(CategoryId::from_uuid)
                .into_iter()
                .collect(),
            supplier_id: self.supplier_id.map(SupplierId::from_uuid),
            available: self.available,
            price,
            tag,
        };
        Ok((filter, sort))
    }
}

/// A price bound, read like every amount in the catalog ("9.90", "9,90").
fn amount(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&str>,
    currency: Currency,
) -> Option<Option<kernel::Money>> {
    match raw {
        None => Some(None),
        // A modifier is the catalog's signed amount: the range itself refuses negatives.
        Some(raw) => checked(errors, field, PriceModifier::parse(raw, currency))
            .map(|amount| Some(amount.money())),
    }
}

/// `name`, `-price`...: a leading `-` sorts descending.
fn parse_sort(raw: Option<&str>) -> Result<ProductSort, ProductSortError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(ProductSort::default()),
        Some(raw) => match raw.strip_prefix('-') {
            Some(field) => ProductSort::parse(field, Some("desc")),
            None => ProductSort::parse(raw, Some("asc")),
        },
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Glow Serum", "price": "45.00", "currency": "EUR", "sku": "GS-1",
    "description": "Vitamin C serum", "stock": 12, "tags": ["vegan"],
    "variants": [
        {"type": "size", "name": "30ml", "price_modifier": "0"},
        {"type": "size", "name": "50ml", "price_modifier": "10.00"}
    ]
}))]
pub struct CreateProductRequest {
    /// 3 to 100 characters, any language.
    #[schema(required = true)]
    pub name: Option<String>,
    pub description: Option<String>,
    /// Above zero, as a decimal string.
    #[schema(required = true, example = "45.00")]
    pub price: Option<String>,
    /// ISO 4217; defaults to the workspace currency and must equal it.
    pub currency: Option<String>,
    pub sku: Option<String>,
    #[serde(default)]
    pub images: Vec<String>,
    /// Default true.
    pub available: Option<bool>,
    /// Units in stock; absent or null when not counted.
    pub stock: Option<i64>,
    pub category_id: Option<uuid::Uuid>,
    pub supplier_id: Option<uuid::Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Created with the product, all or none.
    #[serde(default)]
    pub variants: Vec<NewVariantRequest>,
}

impl CreateProductRequest {
    fn try_into_domain(self, workspace_currency: Currency) -> Result<NewProduct, ApiError> {
        let mut errors = FieldErrors::new();
        let name = required(&mut errors, "name", self.name.as_deref())
            .and_then(|raw| checked(&mut errors, "name", ProductName::parse(raw)));
        let currency = currency_or(
            &mut errors,
            "currency",
            self.currency.as_deref(),
            workspace_currency,
        );
        let price = match currency {
            Some(currency) => checked(
                &mut errors,
                "price",
                Price::parse(self.price.as_deref().unwrap_or_default(), currency),
            ),
            None => None,
        };
        let description = checked(
            &mut errors,
            "description",
            Description::parse(self.description.as_deref().unwrap_or_default()),
        );
        let sku = match self.sku.as_deref() {
            Some(raw) => checked(&mut errors, "sku", Sku::parse(raw)).map(Some),
            None => Some(None),
        };
        let images = images(&mut errors, "images", &self.images);
        let stock = stock(&mut errors, "stock", self.stock);
        let tags = checked(&mut errors, "tags", Tags::parse(&self.tags));
        let variant_currency = currency.unwrap_or(workspace_currency);
        let variants: Vec<_> = self
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| v.to_domain(&mut errors, &format!("variants[{i}]."), variant_currency))
            .collect();
        let variants = variants.into_iter().collect::<Option<Vec<_>>>();
        let (name, price, description, sku, images, stock, tags, variants) = all_valid!(
            errors,
            name,
            price,
            description,
            sku,
            images,
            stock,
            tags,
            variants
        );
        Ok(NewProduct {
            name,
            description,
            price,
            sku,
            images,
            available: self.available.unwrap_or(true),
            stock,
            category_id: self.category_id.map(CategoryId::from_uuid),
            supplier_id: self.supplier_id.map(SupplierId::from_uuid),
            tags,
            variants,
        })
    }
}

/// Only the fields present change; `null` clears `sku`, `stock` (not counted),
/// `category_id` and `supplier_id`. Variants change through their own routes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"price": "39.90", "available": false, "category_id": null}))]
pub struct UpdateProductRequest {
    pub name: Option<String>,
    pub description: Option<String>,
    pub price: Option<String>,
    /// The currency of `price`; defaults to the workspace currency and must equal it.
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub sku: Option<Option<String>>,
    pub images: Option<Vec<String>>,
    pub available: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub stock: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub category_id: Option<Option<uuid::Uuid>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<uuid::Uuid>)]
    pub supplier_id: Option<Option<uuid::Uuid>>,
    pub tags: Option<Vec<String>>,
}

impl UpdateProductRequest {
    fn try_into_domain(self, workspace_currency: Currency) -> Result<ProductPatch, ApiError> {
        let mut errors = FieldErrors::new();
        let mut patch = ProductPatch::default();
        if let Some(raw) = &self.name {
            patch.name = checked(&mut errors, "name", ProductName::parse(raw));
        }
        if let Some(raw) = &self.description {
            patch.description = checked(&mut errors, "description", Description::parse(raw));
        }
        let currency = currency_or(
            &mut errors,
            "currency",
            self.currency.as_deref(),
            workspace_currency,
        );
        if let (Some(raw), Some(currency)) = (&self.price, currency) {
            patch.price = checked(&mut errors, "price", Price::parse(raw, currency));
        }
        if let Some(raw) = &self.sku {
            patch.sku = match raw {
                Some(raw) => checked(&mut errors, "sku", Sku::parse(raw)).map(Some),
                None => Some(None),
            };
        }
        if let Some(raw) = &self.images {
            patch.images = images(&mut errors, "images", raw);
        }
        patch.available = self.available;
        if let Some(raw) = self.stock {
            patch.stock = stock(&mut errors, "stock", raw);
        }
        patch.category_id = self.category_id.map(|id| id.map(CategoryId::from_uuid));
        patch.supplier_id = self.supplier_id.map(|id| id.map(SupplierId::from_uuid));
        if let Some(raw) = &self.tags {
            patch.tags = checked(&mut errors, "tags", Tags::parse(raw));
        }
        errors.finish()?;
        Ok(patch)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteQuery {
    /// Erase instead of hiding; refused while open orders reference the product.
    pub hard: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PriceQuery {
    /// Price this variant of the product instead of the product itself.
    pub variant_id: Option<uuid::Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PriceResponse {
    pub product_id: uuid::Uuid,
    pub variant_id: Option<uuid::Uuid>,
    #[serde(flatten)]
    pub quote: PriceQuoteDto,
}

/// Prices products the handler holds (just changed) through the catalog's pricing.
pub(crate) async fn priced(
    state: &AppState,
    scope: &CatalogScope,
    product: Product,
) -> Result<ProductResponse, ApiError> {
    state
        .catalog
        .price_products(scope, vec![product])
        .await?
        .pop()
        .map(ProductResponse::from)
        .ok_or_else(|| ApiError::unexpected("pricing one product returned none"))
}

/// Lists live products with their current prices.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(PageQuery, ProductListQuery),
    responses(
        (status = 200, body = Paginated<ProductResponse>),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Invalid filter or sort; details.fields names them", body = ErrorBody),
    )
)]
#[get("/products")]
pub async fn list_products(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
    query: web::Query<ProductListQuery>,
) -> Result<web::Json<Paginated<ProductResponse>>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let page = page.try_into_domain()?;
    let (filter, sort) = query.try_into_domain(scope.currency)?;
    let products = state
        .catalog
        .list_products(&scope, filter, sort, page)
        .await?;
    Ok(web::Json(Paginated::from_page(
        products,
        ProductResponse::from,
    )))
}

/// Creates a product, with its variants, in one request (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    request_body = CreateProductRequest,
    responses(
        (status = 201, body = ProductResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`category_not_found` or `supplier_not_found`", body = ErrorBody),
        (status = 409, description = "`duplicate_sku` or `duplicate_variant`", body = ErrorBody),
        (status = 422, description = "Invalid fields (`validation_failed` names every one), `currency_mismatch`, `variant_price_not_positive`", body = ErrorBody),
    )
)]
#[post("/products")]
pub async fn create_product(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<CreateProductRequest>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let new = body.try_into_domain(scope.currency)?;
    let product = state.catalog.create_product(&scope, new).await?;
    Ok(HttpResponse::Created().json(priced(&state, &scope, product).await?))
}

/// A product with its current prices.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Product id")),
    responses((status = 200, body = ProductResponse), (status = 404, body = ErrorBody))
)]
#[get("/products/{id}")]
pub async fn get_product(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ProductResponse>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let product = state
        .catalog
        .get_product(&scope, ProductId::from_uuid(*id))
        .await?;
    Ok(web::Json(ProductResponse::from(product)))
}

/// Changes some fields of a product (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Product id")),
    request_body = UpdateProductRequest,
    responses(
        (status = 200, body = ProductResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`product_not_found`, `category_not_found`, `supplier_not_found`", body = ErrorBody),
        (status = 409, description = "`duplicate_sku`", body = ErrorBody),
        (status = 422, description = "Invalid fields, `currency_mismatch`, or a new price that would make a variant free (`variant_price_not_positive`)", body = ErrorBody),
    )
)]
#[patch("/products/{id}")]
pub async fn update_product(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateProductRequest>,
) -> Result<web::Json<ProductResponse>, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let patch = body.try_into_domain(scope.currency)?;
    let product = state
        .catalog
        .update_product(&scope, ProductId::from_uuid(*id), patch)
        .await?;
    Ok(web::Json(priced(&state, &scope, product).await?))
}

/// Deletes a product: hidden by default (kept for order history, restorable), erased
/// with `hard=true` (refused while open orders reference it).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Product id"), DeleteQuery),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "`product_has_open_orders`", body = ErrorBody),
    )
)]
#[delete("/products/{id}")]
pub async fn delete_product(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    query: web::Query<DeleteQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    state
        .catalog
        .delete_product(&scope, ProductId::from_uuid(*id), delete_mode(query.hard))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub(crate) fn delete_mode(hard: Option<bool>) -> DeleteMode {
    if hard == Some(true) {
        DeleteMode::Hard
    } else {
        DeleteMode::Soft
    }
}

/// Brings back a soft-deleted product (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Product id")),
    responses(
        (status = 200, body = ProductResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No product with this id, deleted or not", body = ErrorBody),
    )
)]
#[post("/products/{id}/restore")]
pub async fn restore_product(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<ProductResponse>, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let product = state
        .catalog
        .restore_product(&scope, ProductId::from_uuid(*id))
        .await?;
    Ok(web::Json(priced(&state, &scope, product).await?))
}

/// What a customer pays now for the product, or one of its variants, with the offer
/// that applies.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Product id"), PriceQuery),
    responses(
        (status = 200, body = PriceResponse),
        (status = 404, description = "`product_not_found` or `variant_not_found`", body = ErrorBody),
        (status = 409, description = "`not_offered`: switched off or out of stock", body = ErrorBody),
    )
)]
#[get("/products/{id}/price")]
pub async fn product_price(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    query: web::Query<PriceQuery>,
) -> Result<web::Json<PriceResponse>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let quote = state
        .catalog
        .quote_price(
            &scope,
            ProductId::from_uuid(*id),
            query.variant_id.map(VariantId::from_uuid),
        )
        .await?;
    Ok(web::Json(PriceResponse {
        product_id: *id,
        variant_id: query.variant_id,
        quote: quote.into(),
    }))
}
