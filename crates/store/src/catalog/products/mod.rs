//! `ProductRepository` on sea-orm: products with their variants.
//!
//! A product is one `products` row plus its `variants` rows (in the seller's order,
//! `position`). Reads load the product rows in one query and the variants of all of
//! them in one more (`WHERE product_id IN (...)`), never one query per product. Writes
//! that touch both tables run in one transaction.

mod import;
mod listing;
mod rows;

use async_trait::async_trait;
use catalog::ports::{ImportBatch, ProductRepository, ProductRepositoryError};
use catalog::{Product, ProductFilter, ProductId, ProductSort, Sku, VariantId};
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use uuid::Uuid;

use self::rows::{product_changes, product_row, products_from_rows, variant_rows};
use super::errors::{UniqueRule, unique_rule};
use super::open_orders::open_order_lines;
use crate::batch::{IDS_PER_STATEMENT, insert_in_chunks};
use crate::entities::{products, variants};
use crate::timestamps::stored;

pub struct SeaOrmProductRepository {
    db: DatabaseConnection,
}

impl SeaOrmProductRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ProductRepository for SeaOrmProductRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, product: &Product) -> Result<(), ProductRepositoryError> {
        let row = product_row(product)?;
        let variants = variant_rows(product)?;
        let txn = self.db.begin().await.map_err(unexpected)?;
        products::Entity::insert(row)
            .exec_without_returning(&txn)
            .await
            .map_err(|err| write_error(err, product.sku()))?;
        insert_in_chunks(&txn, variants, None)
            .await
            .map_err(unexpected)?;
        txn.commit().await.map_err(unexpected)
    }

    #[tracing::instrument(skip_all)]
    async fn update(&self, product: &Product) -> Result<(), ProductRepositoryError> {
        let changes = product_changes(product)?;
        let variants = variant_rows(product)?;
        let kept: Vec<Uuid> = product.variants().iter().map(|v| v.id.as_uuid()).collect();
        let txn = self.db.begin().await.map_err(unexpected)?;
        let updated = products::Entity::update_many()
            .set(changes)
            .filter(products::Column::WorkspaceId.eq(product.workspace_id().as_uuid()))
            .filter(products::Column::Id.eq(product.id().as_uuid()))
            .exec(&txn)
            .await
            .map_err(|err| write_error(err, product.sku()))?;
        if updated.rows_affected == 0 {
            return Err(ProductRepositoryError::NotFound);
        }
        // Variants no longer in the product go; the others are written over (or added).
        variants::Entity::delete_many()
            .filter(variants::Column::WorkspaceId.eq(product.workspace_id().as_uuid()))
            .filter(variants::Column::ProductId.eq(product.id().as_uuid()))
            .filter(variants::Column::Id.is_not_in(kept))
            .exec(&txn)
            .await
            .map_err(unexpected)?;
        let expected = variants.len() as u64;
        let written = insert_in_chunks(&txn, variants, Some(&variant_upsert(product.id())))
            .await
            .map_err(unexpected)?;
        if written != expected {
            return Err(ProductRepositoryError::Unexpected(
                "a variant id already belongs to another product".to_owned(),
            ));
        }
        txn.commit().await.map_err(unexpected)
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ProductId,
    ) -> Result<Option<Product>, ProductRepositoryError> {
        let rows = products::Entity::find()
            .filter(products::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(products::Column::Id.eq(id.as_uuid()))
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(with_variants(&self.db, workspace_id, rows).await?.pop())
    }

    #[tracing::instrument(skip_all)]
    async fn get_many(
        &self,
        workspace_id: WorkspaceId,
        ids: &[ProductId],
    ) -> Result<Vec<Product>, ProductRepositoryError> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            let rows = products::Entity::find()
                .filter(products::Column::WorkspaceId.eq(workspace_id.as_uuid()))
                .filter(products::Column::Id.is_in(chunk.iter().map(|id| id.as_uuid())))
                .order_by_asc(products::Column::Id)
                .all(&self.db)
                .await
                .map_err(unexpected)?;
            found.extend(with_variants(&self.db, workspace_id, rows).await?);
        }
        Ok(found)
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_variant(
        &self,
        workspace_id: WorkspaceId,
        variant_id: VariantId,
    ) -> Result<Option<Product>, ProductRepositoryError> {
        let owner = Query::select()
            .column(variants::Column::ProductId)
            .from(variants::Entity)
            .and_where(variants::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .and_where(variants::Column::Id.eq(variant_id.as_uuid()))
            .to_owned();
        let rows = products::Entity::find()
            .filter(products::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(products::Column::Id.in_subquery(owner))
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(with_variants(&self.db, workspace_id, rows).await?.pop())
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &ProductFilter,
        sort: ProductSort,
        page: PageRequest,
    ) -> Result<Page<Product>, ProductRepositoryError> {
        let (column, direction) = listing::order(sort);
        let pages = products::Entity::find()
            .filter(listing::matching(workspace_id, filter)?)
            .order_by(column, direction.clone())
            .order_by(products::Column::Id, direction)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(unexpected)?;
        let rows = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(unexpected)?;
        let items = with_variants(&self.db, workspace_id, rows).await?;
        Ok(Page::new(items, total, page))
    }

    /// A to Z by name, so exports come out in a stable order.
    #[tracing::instrument(skip_all)]
    async fn list_all(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Product>, ProductRepositoryError> {
        let live = products::Column::WorkspaceId
            .eq(workspace_id.as_uuid())
            .and(products::Column::DeletedAt.is_null());
        let rows = products::Entity::find()
            .filter(live.clone())
            .order_by_asc(products::Column::NameKey)
            .order_by_asc(products::Column::Id)
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        // All the workspace's live variants in one query, however many products.
        let live_ids = Query::select()
            .column(products::Column::Id)
            .from(products::Entity)
            .and_where(live)
            .to_owned();
        let variant_rows = variants::Entity::find()
            .filter(variants::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(variants::Column::ProductId.in_subquery(live_ids))
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        products_from_rows(rows, variant_rows)
    }

    #[tracing::instrument(skip_all)]
    async fn soft_delete(
        &self,
        workspace_id: WorkspaceId,
        id: ProductId,
        at: DateTime<Utc>,
    ) -> Result<(), ProductRepositoryError> {
        // As `Product::mark_deleted` does: the deletion is also the last change.
        let at = stored(at);
        let result = products::Entity::update_many()
            .col_expr(products::Column::DeletedAt, Expr::value(at))
            .col_expr(products::Column::UpdatedAt, Expr::value(at))
            .filter(products::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(products::Column::Id.eq(id.as_uuid()))
            .filter(products::Column::DeletedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        if result.rows_affected == 0 {
            return Err(ProductRepositoryError::NotFound);
        }
        Ok(())
    }

    /// Erases the product unless an open order references it, checked in the same
    /// statement as the delete. Lines of closed orders keep their snapshot and lose
    /// the reference (`ON DELETE SET NULL`).
    #[tracing::instrument(skip_all)]
    async fn hard_delete(
        &self,
        workspace_id: WorkspaceId,
        id: ProductId,
    ) -> Result<(), ProductRepositoryError> {
        let txn = self.db.begin().await.map_err(unexpected)?;
        let deleted = products::Entity::delete_many()
            .filter(products::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(products::Column::Id.eq(id.as_uuid()))
            .filter(Expr::not_exists(open_order_lines(workspace_id, id)))
            .exec(&txn)
            .await
            .map_err(unexpected)?;
        if deleted.rows_affected == 0 {
            let exists = products::Entity::find()
                .filter(products::Column::WorkspaceId.eq(workspace_id.as_uuid()))
                .filter(products::Column::Id.eq(id.as_uuid()))
                .count(&txn)
                .await
                .map_err(unexpected)?
                > 0;
            return Err(if exists {
                ProductRepositoryError::HasOpenOrders
            } else {
                ProductRepositoryError::NotFound
            });
        }
        // The foreign key cascades; this keeps the promise even where it would not.
        variants::Entity::delete_many()
            .filter(variants::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(variants::Column::ProductId.eq(id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(unexpected)?;
        txn.commit().await.map_err(unexpected)
    }

    #[tracing::instrument(skip_all)]
    async fn save_import(&self, batch: &ImportBatch) -> Result<(), ProductRepositoryError> {
        import::save(&self.db, batch).await
    }
}

/// Products' rows with their variants, loaded in one query for all of them.
async fn with_variants<C: ConnectionTrait>(
    db: &C,
    workspace_id: WorkspaceId,
    rows: Vec<products::Model>,
) -> Result<Vec<Product>, ProductRepositoryError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut variant_rows = Vec::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        variant_rows.extend(
            variants::Entity::find()
                .filter(variants::Column::WorkspaceId.eq(workspace_id.as_uuid()))
                .filter(variants::Column::ProductId.is_in(chunk.iter().copied()))
                .all(db)
                .await
                .map_err(unexpected)?,
        );
    }
    products_from_rows(rows, variant_rows)
}

/// Upsert of one product's variants: every column but the keys is written over. The
/// guard leaves alone a row of another product, which the caller detects by count.
fn variant_upsert(product_id: ProductId) -> OnConflict {
    OnConflict::column(variants::Column::Id)
        .update_columns([
            variants::Column::Position,
            variants::Column::Kind,
            variants::Column::Name,
            variants::Column::PriceModifierMinor,
            variants::Column::Available,
            variants::Column::Stock,
        ])
        .action_and_where(
            Expr::col((variants::Entity, variants::Column::ProductId)).eq(product_id.as_uuid()),
        )
        .to_owned()
}

/// A failed product write: the SKU rule becomes `DuplicateSku`.
fn write_error(err: DbErr, sku: Option<&Sku>) -> ProductRepositoryError {
    match (unique_rule(&err), sku) {
        (Some(UniqueRule::ProductSku), Some(sku)) => {
            ProductRepositoryError::DuplicateSku(sku.clone())
        }
        _ => unexpected(err),
    }
}

fn unexpected(err: DbErr) -> ProductRepositoryError {
    ProductRepositoryError::Unexpected(err.to_string())
}
