//! `OfferRepository` on sea-orm. A discount is a kind and an integer (hundredths of a
//! percent, or minor units with a currency); a target is a category id or the JSON
//! array of product ids, in the seller's order.

use async_trait::async_trait;
use catalog::ports::{OfferRepository, OfferRepositoryError};
use catalog::{
    CategoryId, Discount, Offer, OfferId, OfferName, OfferTarget, OfferWindow, Price, ProductId,
    ProductSet,
};
use chrono::{DateTime, Utc};
use kernel::{Currency, Page, PageRequest, WorkspaceId};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::errors::corrupt;
use super::money::{from_hundredths, from_minor, to_hundredths, to_minor};
use crate::entities::offers;
use crate::timestamps::stored;

const PERCENTAGE: &str = "percentage";
const FIXED: &str = "fixed";
const PRODUCTS: &str = "products";
const CATEGORY: &str = "category";

pub struct SeaOrmOfferRepository {
    db: DatabaseConnection,
}

impl SeaOrmOfferRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl OfferRepository for SeaOrmOfferRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, offer: &Offer) -> Result<(), OfferRepositoryError> {
        offers::Entity::insert(offer_row(offer)?)
            .exec_without_returning(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    /// Every field but the creation time.
    #[tracing::instrument(skip_all)]
    async fn update(&self, offer: &Offer) -> Result<(), OfferRepositoryError> {
        let mut changes = offer_row(offer)?;
        changes.id = NotSet;
        changes.workspace_id = NotSet;
        changes.created_at = NotSet;
        let result = offers::Entity::update_many()
            .set(changes)
            .filter(offers::Column::WorkspaceId.eq(offer.workspace_id.as_uuid()))
            .filter(offers::Column::Id.eq(offer.id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        if result.rows_affected == 0 {
            return Err(OfferRepositoryError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: OfferId,
    ) -> Result<Option<Offer>, OfferRepositoryError> {
        offers::Entity::find()
            .filter(offers::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(offers::Column::Id.eq(id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(offer_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<Offer>, OfferRepositoryError> {
        let in_workspace = offers::Column::WorkspaceId.eq(workspace_id.as_uuid());
        let pages = offers::Entity::find()
            .filter(in_workspace)
            .order_by_desc(offers::Column::CreatedAt)
            .order_by_desc(offers::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(unexpected)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(offer_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }

    /// Earliest start first.
    #[tracing::instrument(skip_all)]
    async fn active_at(
        &self,
        workspace_id: WorkspaceId,
        at: DateTime<Utc>,
    ) -> Result<Vec<Offer>, OfferRepositoryError> {
        // Compared at the stored precision, so an instant equal to a stored start
        // (written truncated) is inside the window.
        let at = stored(at);
        offers::Entity::find()
            .filter(offers::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(offers::Column::StartsAt.lte(at))
            .filter(offers::Column::EndsAt.gt(at))
            .order_by_asc(offers::Column::StartsAt)
            .order_by_asc(offers::Column::Id)
            .all(&self.db)
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(offer_from_row)
            .collect()
    }

    /// Oldest first.
    #[tracing::instrument(skip_all)]
    async fn for_category(
        &self,
        workspace_id: WorkspaceId,
        category_id: CategoryId,
    ) -> Result<Vec<Offer>, OfferRepositoryError> {
        offers::Entity::find()
            .filter(offers::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(offers::Column::CategoryId.eq(category_id.as_uuid()))
            .order_by_asc(offers::Column::CreatedAt)
            .order_by_asc(offers::Column::Id)
            .all(&self.db)
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(offer_from_row)
            .collect()
    }

    #[tracing::instrument(skip_all)]
    async fn delete(
        &self,
        workspace_id: WorkspaceId,
        id: OfferId,
    ) -> Result<(), OfferRepositoryError> {
        let result = offers::Entity::delete_many()
            .filter(offers::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(offers::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        if result.rows_affected == 0 {
            return Err(OfferRepositoryError::NotFound);
        }
        Ok(())
    }
}

fn offer_row(offer: &Offer) -> Result<offers::ActiveModel, OfferRepositoryError> {
    let (discount_kind, discount_value, discount_currency) = match offer.discount {
        Discount::Percentage(percent) => (
            PERCENTAGE,
            to_hundredths(percent.value()).map_err(OfferRepositoryError::Unexpected)?,
            None,
        ),
        Discount::Fixed(amount) => (
            FIXED,
            to_minor(amount.money()).map_err(OfferRepositoryError::Unexpected)?,
            Some(amount.currency().code().to_owned()),
        ),
    };
    let (target_kind, product_ids, category_id) = match &offer.target {
        OfferTarget::Products(set) => (
            PRODUCTS,
            set.ids()
                .iter()
                .map(|id| serde_json::Value::String(id.to_string()))
                .collect(),
            None,
        ),
        OfferTarget::Category(id) => (CATEGORY, Vec::new(), Some(id.as_uuid())),
    };
    Ok(offers::ActiveModel {
        id: Set(offer.id.as_uuid()),
        workspace_id: Set(offer.workspace_id.as_uuid()),
        name: Set(offer.name.as_str().to_owned()),
        discount_kind: Set(discount_kind.to_owned()),
        discount_value: Set(discount_value),
        discount_currency: Set(discount_currency),
        target_kind: Set(target_kind.to_owned()),
        product_ids: Set(serde_json::Value::Array(product_ids)),
        category_id: Set(category_id),
        starts_at: Set(stored(offer.window.starts_at())),
        ends_at: Set(stored(offer.window.ends_at())),
        created_at: Set(stored(offer.created_at)),
        updated_at: Set(stored(offer.updated_at)),
    })
}

fn offer_from_row(row: offers::Model) -> Result<Offer, OfferRepositoryError> {
    let fail = |what: &str, detail: String| OfferRepositoryError::Unexpected(corrupt(what, detail));
    let discount = match (row.discount_kind.as_str(), row.discount_currency.as_deref()) {
        (PERCENTAGE, None) => Discount::percentage(from_hundredths(row.discount_value))
            .map_err(|e| fail("offer percentage", e.to_string()))?,
        (FIXED, Some(code)) => {
            let currency =
                Currency::parse(code).map_err(|e| fail("offer currency", e.to_string()))?;
            let amount = from_minor(row.discount_value, currency)
                .map_err(|e| e.to_string())
                .and_then(|money| Price::new(money).map_err(|e| e.to_string()))
                .map_err(|e| fail("offer amount", e))?;
            Discount::fixed(amount)
        }
        (kind, _) => {
            return Err(fail(
                "offer discount",
                format!("'{kind}' with that currency"),
            ));
        }
    };
    let target = match (row.target_kind.as_str(), row.category_id) {
        (CATEGORY, Some(id)) => OfferTarget::Category(CategoryId::from_uuid(id)),
        (PRODUCTS, None) => {
            let ids = row
                .product_ids
                .as_array()
                .ok_or_else(|| fail("offer products", row.product_ids.to_string()))?
                .iter()
                .map(|id| {
                    id.as_str()
                        .and_then(|id| id.parse::<ProductId>().ok())
                        .ok_or_else(|| fail("offer product id", id.to_string()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            OfferTarget::Products(
                ProductSet::new(ids).map_err(|e| fail("offer products", e.to_string()))?,
            )
        }
        (kind, _) => return Err(fail("offer target", kind.to_owned())),
    };
    Ok(Offer {
        id: OfferId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        name: OfferName::parse(&row.name).map_err(|e| fail("offer name", e.to_string()))?,
        discount,
        target,
        window: OfferWindow::new(row.starts_at, row.ends_at)
            .map_err(|e| fail("offer window", e.to_string()))?,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn unexpected(err: DbErr) -> OfferRepositoryError {
    OfferRepositoryError::Unexpected(err.to_string())
}
