//! `/offers`: time-limited discounts on some products or a whole category. Prices
//! everywhere (`/products`, `/products/{id}/price`) apply the best active offer.

use std::str::FromStr;

use actix_web::{HttpResponse, delete, get, patch, post, web};
use catalog::{
    CatalogScope, CategoryId, Discount, NewOffer, Offer, OfferId, OfferName, OfferPatch,
    OfferTarget, OfferWindow, Price, ProductId, ProductSet,
};
use chrono::{DateTime, Utc};
use kernel::Currency;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::catalog_dto::{DiscountDto, checked, currency_or, required};
use super::catalog_scope::{edit_scope, read_scope};
use crate::http::{ApiError, Authenticated, ErrorBody, FieldErrors, Json, PageQuery, Paginated};
use crate::state::AppState;

/// What an offer applies to; a category includes its subcategories.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OfferTargetDto {
    /// 1 to 500 live products of the workspace.
    Products {
        product_ids: Vec<uuid::Uuid>,
    },
    Category {
        category_id: uuid::Uuid,
    },
}

impl From<OfferTarget> for OfferTargetDto {
    fn from(target: OfferTarget) -> Self {
        match target {
            OfferTarget::Products(set) => OfferTargetDto::Products {
                product_ids: set.ids().iter().map(|id| id.as_uuid()).collect(),
            },
            OfferTarget::Category(id) => OfferTargetDto::Category {
                category_id: id.as_uuid(),
            },
        }
    }
}

impl OfferTargetDto {
    fn to_domain(&self, errors: &mut FieldErrors) -> Option<OfferTarget> {
        match self {
            OfferTargetDto::Products { product_ids } => {
                let ids = product_ids
                    .iter()
                    .copied()
                    .map(ProductId::from_uuid)
                    .collect();
                checked(errors, "target.product_ids", ProductSet::new(ids))
                    .map(OfferTarget::Products)
            }
            OfferTargetDto::Category { category_id } => {
                Some(OfferTarget::Category(CategoryId::from_uuid(*category_id)))
            }
        }
    }
}

impl DiscountDto {
    fn to_domain(&self, errors: &mut FieldErrors, workspace: Currency) -> Option<Discount> {
        match self {
            DiscountDto::Percentage { percent } => {
                let Ok(value) = Decimal::from_str(percent.trim()) else {
                    errors.add(
                        "discount.percent",
                        "not_a_number",
                        format!(
                            "'{}' is not a number; write a percentage like 20 or 12.5",
                            percent.trim()
                        ),
                    );
                    return None;
                };
                checked(errors, "discount.percent", Discount::percentage(value))
            }
            DiscountDto::Fixed { amount, currency } => {
                let currency =
                    currency_or(errors, "discount.currency", currency.as_deref(), workspace)?;
                checked(errors, "discount.amount", Price::parse(amount, currency))
                    .map(Discount::fixed)
            }
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferResponse {
    pub id: uuid::Uuid,
    #[schema(example = "Black Friday")]
    pub name: String,
    pub discount: DiscountDto,
    pub target: OfferTargetDto,
    /// The offer applies from `starts_at` (included) to `ends_at` (excluded).
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Offer> for OfferResponse {
    fn from(offer: Offer) -> Self {
        Self {
            id: offer.id.as_uuid(),
            name: offer.name.as_str().to_owned(),
            discount: offer.discount.into(),
            target: offer.target.into(),
            starts_at: offer.window.starts_at(),
            ends_at: offer.window.ends_at(),
            created_at: offer.created_at,
            updated_at: offer.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Black Friday",
    "discount": {"type": "percentage", "percent": "20"},
    "target": {"type": "category", "category_id": "0193a4c2-7d4e-7b31-9c1f-2a6e5d8b9c01"},
    "starts_at": "2026-11-27T00:00:00Z", "ends_at": "2026-11-30T00:00:00Z"
}))]
pub struct CreateOfferRequest {
    /// 1 to 100 characters, shown to customers.
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub discount: Option<DiscountDto>,
    #[schema(required = true)]
    pub target: Option<OfferTargetDto>,
    #[schema(required = true)]
    pub starts_at: Option<DateTime<Utc>>,
    /// After `starts_at`.
    #[schema(required = true)]
    pub ends_at: Option<DateTime<Utc>>,
}

impl CreateOfferRequest {
    fn try_into_domain(self, workspace: Currency) -> Result<NewOffer, ApiError> {
        let mut errors = FieldErrors::new();
        let name = required(&mut errors, "name", self.name.as_deref())
            .and_then(|raw| checked(&mut errors, "name", OfferName::parse(raw)));
        let discount = match &self.discount {
            Some(discount) => discount.to_domain(&mut errors, workspace),
            None => missing(&mut errors, "discount"),
        };
        let target = match &self.target {
            Some(target) => target.to_domain(&mut errors),
            None => missing(&mut errors, "target"),
        };
        let window = match (self.starts_at, self.ends_at) {
            (Some(starts_at), Some(ends_at)) => window(&mut errors, starts_at, ends_at),
            (starts_at, ends_at) => {
                if starts_at.is_none() {
                    missing::<()>(&mut errors, "starts_at");
                }
                if ends_at.is_none() {
                    missing::<()>(&mut errors, "ends_at");
                }
                None
            }
        };
        let (name, discount, target, window) =
            crate::all_valid!(errors, name, discount, target, window);
        Ok(NewOffer {
            name,
            discount,
            target,
            window,
        })
    }
}

fn missing<T>(errors: &mut FieldErrors, field: &str) -> Option<T> {
    errors.add(field, "missing", format!("{field} is required"));
    None
}

fn window(
    errors: &mut FieldErrors,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Option<OfferWindow> {
    checked(errors, "ends_at", OfferWindow::new(starts_at, ends_at))
}

/// Only the fields present change; giving one end of the window keeps the other.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"discount": {"type": "fixed", "amount": "5.00"}, "ends_at": "2026-12-01T00:00:00Z"}))]
pub struct UpdateOfferRequest {
    pub name: Option<String>,
    pub discount: Option<DiscountDto>,
    pub target: Option<OfferTargetDto>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
}

impl UpdateOfferRequest {
    async fn try_into_domain(
        self,
        state: &AppState,
        scope: &CatalogScope,
        id: OfferId,
    ) -> Result<OfferPatch, ApiError> {
        // The other end of a half-given window comes from the offer as it is now.
        let current = match (self.starts_at, self.ends_at) {
            (Some(_), None) | (None, Some(_)) => Some(state.catalog.get_offer(scope, id).await?),
            _ => None,
        };
        let mut errors = FieldErrors::new();
        let mut patch = OfferPatch::default();
        if let Some(raw) = &self.name {
            patch.name = checked(&mut errors, "name", OfferName::parse(raw));
        }
        if let Some(discount) = &self.discount {
            patch.discount = discount.to_domain(&mut errors, scope.currency);
        }
        if let Some(target) = &self.target {
            patch.target = target.to_domain(&mut errors);
        }
        let current_window = current.map(|offer| offer.window);
        let starts_at = self.starts_at.or(current_window.map(|w| w.starts_at()));
        let ends_at = self.ends_at.or(current_window.map(|w| w.ends_at()));
        if let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) {
            patch.window = window(&mut errors, starts_at, ends_at);
        }
        errors.finish()?;
        Ok(patch)
    }
}

/// The workspace's offers, newest first, whether running, upcoming or over.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = Paginated<OfferResponse>), (status = 401, body = ErrorBody))
)]
#[get("/offers")]
pub async fn list_offers(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Paginated<OfferResponse>>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let page = page.try_into_domain()?;
    let offers = state.catalog.list_offers(&scope, page).await?;
    Ok(web::Json(Paginated::from_page(offers, OfferResponse::from)))
}

/// Creates an offer (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    request_body = CreateOfferRequest,
    responses(
        (status = 201, body = OfferResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`category_not_found` or `products_not_found`", body = ErrorBody),
        (status = 422, description = "Invalid fields (a percentage outside 0-100, a window that ends before it starts) or `currency_mismatch`", body = ErrorBody),
    )
)]
#[post("/offers")]
pub async fn create_offer(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    Json(body): Json<CreateOfferRequest>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let new = body.try_into_domain(scope.currency)?;
    let offer = state.catalog.create_offer(&scope, new).await?;
    Ok(HttpResponse::Created().json(OfferResponse::from(offer)))
}

/// One offer.
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Offer id")),
    responses((status = 200, body = OfferResponse), (status = 404, body = ErrorBody))
)]
#[get("/offers/{id}")]
pub async fn get_offer(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<web::Json<OfferResponse>, ApiError> {
    let scope = read_scope(&state, &principal).await?;
    let offer = state
        .catalog
        .get_offer(&scope, OfferId::from_uuid(*id))
        .await?;
    Ok(web::Json(OfferResponse::from(offer)))
}

/// Changes an offer (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Offer id")),
    request_body = UpdateOfferRequest,
    responses(
        (status = 200, body = OfferResponse),
        (status = 403, body = ErrorBody),
        (status = 404, description = "`offer_not_found`, `category_not_found`, `products_not_found`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/offers/{id}")]
pub async fn update_offer(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
    Json(body): Json<UpdateOfferRequest>,
) -> Result<web::Json<OfferResponse>, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    let id = OfferId::from_uuid(*id);
    let patch = body.try_into_domain(&state, &scope, id).await?;
    let offer = state.catalog.update_offer(&scope, id, patch).await?;
    Ok(web::Json(OfferResponse::from(offer)))
}

/// Deletes an offer; prices go back to what they were without it (owner, admin, agent).
#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Offer id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[delete("/offers/{id}")]
pub async fn delete_offer(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let scope = edit_scope(&state, &principal).await?;
    state
        .catalog
        .delete_offer(&scope, OfferId::from_uuid(*id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
