//! `save_import`: a whole CSV import in one transaction, in multi-row statements.
//!
//! Order of writes: new categories (parents before children), then the SKUs of the
//! products being updated are cleared (so two products may swap SKUs, and a new
//! product may take a SKU an updated one gives up), then new products are inserted,
//! updated products written over with one upsert per chunk, and finally their
//! variants replaced. Any failure rolls everything back.

use std::collections::HashSet;

use catalog::ports::{ImportBatch, ProductRepositoryError};
use catalog::{Category, Product, Sku};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, Iterable,
    QueryFilter, TransactionTrait,
};
use uuid::Uuid;

use super::rows::{product_row, variant_rows};
use super::unexpected;
use crate::batch::{IDS_PER_STATEMENT, insert_in_chunks};
use crate::catalog::categories::category_row;
use crate::catalog::errors::{UniqueRule, unique_rule};
use crate::entities::{products, variants};

pub(super) async fn save(
    db: &DatabaseConnection,
    batch: &ImportBatch,
) -> Result<(), ProductRepositoryError> {
    let txn = db.begin().await.map_err(unexpected)?;
    match write(&txn, batch).await {
        Ok(()) => txn.commit().await.map_err(unexpected),
        Err(failure) => {
            txn.rollback().await.map_err(unexpected)?;
            Err(match failure {
                Failure::Domain(err) => err,
                Failure::Db(err) if unique_rule(&err) == Some(UniqueRule::ProductSku) => {
                    match duplicate_sku(db, batch).await? {
                        Some(sku) => ProductRepositoryError::DuplicateSku(sku),
                        None => unexpected(err),
                    }
                }
                Failure::Db(err) => unexpected(err),
            })
        }
    }
}

enum Failure {
    Domain(ProductRepositoryError),
    Db(DbErr),
}

impl From<DbErr> for Failure {
    fn from(err: DbErr) -> Self {
        Failure::Db(err)
    }
}

impl From<ProductRepositoryError> for Failure {
    fn from(err: ProductRepositoryError) -> Self {
        Failure::Domain(err)
    }
}

async fn write(txn: &DatabaseTransaction, batch: &ImportBatch) -> Result<(), Failure> {
    let workspace = batch.workspace_id.as_uuid();
    if let Some(foreign) = batch
        .created
        .iter()
        .chain(&batch.updated)
        .map(Product::workspace_id)
        .chain(batch.new_categories.iter().map(|c| c.workspace_id))
        .find(|id| *id != batch.workspace_id)
    {
        return Err(Failure::Domain(ProductRepositoryError::Unexpected(
            format!(
                "an import for workspace {} holds a record of workspace {foreign}",
                batch.workspace_id
            ),
        )));
    }

    // Parents first: a subcategory's foreign key needs its parent's row.
    let (roots, children): (Vec<&Category>, Vec<&Category>) =
        batch.new_categories.iter().partition(|c| c.is_root());
    for level in [roots, children] {
        insert_in_chunks(txn, level.into_iter().map(category_row).collect(), None).await?;
    }

    // Clearing the SKUs of the products being updated also proves they all exist here.
    let updated_ids: Vec<Uuid> = unique_ids(&batch.updated);
    for chunk in updated_ids.chunks(IDS_PER_STATEMENT) {
        let cleared = products::Entity::update_many()
            .col_expr(products::Column::Sku, Expr::value(Option::<String>::None))
            .filter(products::Column::WorkspaceId.eq(workspace))
            .filter(products::Column::Id.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
        if cleared.rows_affected != chunk.len() as u64 {
            return Err(Failure::Domain(ProductRepositoryError::NotFound));
        }
    }

    let created = rows(&batch.created)?;
    insert_in_chunks(txn, created, None).await?;
    let updated = rows(&batch.updated)?;
    insert_in_chunks(txn, updated, Some(&product_upsert(batch))).await?;

    for chunk in updated_ids.chunks(IDS_PER_STATEMENT) {
        variants::Entity::delete_many()
            .filter(variants::Column::WorkspaceId.eq(workspace))
            .filter(variants::Column::ProductId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    let mut all_variants = Vec::new();
    for product in batch.created.iter().chain(&batch.updated) {
        all_variants.extend(variant_rows(product)?);
    }
    insert_in_chunks(txn, all_variants, None).await?;
    Ok(())
}

fn rows(products: &[Product]) -> Result<Vec<products::ActiveModel>, ProductRepositoryError> {
    products.iter().map(product_row).collect()
}

fn unique_ids(products: &[Product]) -> Vec<Uuid> {
    let mut seen = HashSet::with_capacity(products.len());
    products
        .iter()
        .map(|p| p.id().as_uuid())
        .filter(|id| seen.insert(*id))
        .collect()
}

/// Writes over every column but the keys of rows that exist (checked before), and
/// only in the batch's workspace.
fn product_upsert(batch: &ImportBatch) -> OnConflict {
    let columns = products::Column::iter()
        .filter(|c| !matches!(c, products::Column::Id | products::Column::WorkspaceId));
    OnConflict::column(products::Column::Id)
        .update_columns(columns)
        .action_and_where(
            Expr::col((products::Entity, products::Column::WorkspaceId))
                .eq(batch.workspace_id.as_uuid()),
        )
        .to_owned()
}

/// After a SKU violation, which SKU it was: one the batch gives twice, or one a live
/// product outside the batch already has.
async fn duplicate_sku(
    db: &DatabaseConnection,
    batch: &ImportBatch,
) -> Result<Option<Sku>, ProductRepositoryError> {
    let live: Vec<&Product> = batch
        .created
        .iter()
        .chain(&batch.updated)
        .filter(|p| !p.is_deleted())
        .collect();
    let mut seen: HashSet<&Sku> = HashSet::new();
    for sku in live.iter().filter_map(|p| p.sku()) {
        if !seen.insert(sku) {
            return Ok(Some(sku.clone()));
        }
    }
    let in_batch: HashSet<Uuid> = live.iter().map(|p| p.id().as_uuid()).collect();
    let skus: Vec<&Sku> = live.iter().filter_map(|p| p.sku()).collect();
    for chunk in skus.chunks(IDS_PER_STATEMENT) {
        let taken = products::Entity::find()
            .filter(products::Column::WorkspaceId.eq(batch.workspace_id.as_uuid()))
            .filter(products::Column::DeletedAt.is_null())
            .filter(products::Column::Sku.is_in(chunk.iter().map(|sku| sku.as_str())))
            .all(db)
            .await
            .map_err(unexpected)?;
        if let Some(clash) = taken.iter().find(|row| !in_batch.contains(&row.id)) {
            return Ok(chunk
                .iter()
                .find(|sku| Some(sku.as_str()) == clash.sku.as_deref())
                .map(|sku| (*sku).clone()));
        }
    }
    Ok(None)
}
