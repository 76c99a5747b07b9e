//! `CategoryRepository` on sea-orm: a shallow tree, names unique among siblings
//! ignoring case and spacing (`name_key`, with one unique index for top-level names
//! and one for subcategories, since NULL parents never collide in a unique index).

use async_trait::async_trait;
use catalog::ports::{CategoryRepository, CategoryRepositoryError};
use catalog::{Category, CategoryId, CategoryName, ProductId};
use kernel::WorkspaceId;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::errors::{UniqueRule, corrupt, unique_rule};
use crate::entities::{categories, products};
use crate::timestamps::stored;

pub struct SeaOrmCategoryRepository {
    db: DatabaseConnection,
}

impl SeaOrmCategoryRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl CategoryRepository for SeaOrmCategoryRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, category: &Category) -> Result<(), CategoryRepositoryError> {
        categories::Entity::insert(category_row(category))
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    /// Renames and moves; the creation time stays what it was.
    #[tracing::instrument(skip_all)]
    async fn update(&self, category: &Category) -> Result<(), CategoryRepositoryError> {
        let result = categories::Entity::update_many()
            .col_expr(
                categories::Column::Name,
                Expr::value(category.name.as_str()),
            )
            .col_expr(
                categories::Column::NameKey,
                Expr::value(category.name.match_key()),
            )
            .col_expr(
                categories::Column::ParentId,
                Expr::value(category.parent_id.map(|id| id.as_uuid())),
            )
            .col_expr(
                categories::Column::UpdatedAt,
                Expr::value(stored(category.updated_at)),
            )
            .filter(categories::Column::WorkspaceId.eq(category.workspace_id.as_uuid()))
            .filter(categories::Column::Id.eq(category.id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        if result.rows_affected == 0 {
            return Err(CategoryRepositoryError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: CategoryId,
    ) -> Result<Option<Category>, CategoryRepositoryError> {
        categories::Entity::find()
            .filter(categories::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(categories::Column::Id.eq(id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(category_from_row)
            .transpose()
    }

    /// A to Z, the id breaking ties.
    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Category>, CategoryRepositoryError> {
        categories::Entity::find()
            .filter(categories::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .order_by_asc(categories::Column::NameKey)
            .order_by_asc(categories::Column::Id)
            .all(&self.db)
            .await
            .map_err(from_db)?
            .into_iter()
            .map(category_from_row)
            .collect()
    }

    /// Files the category's products (soft-deleted ones too) under no category, then
    /// deletes it, in one transaction. A subcategory or an offer still pointing at it
    /// makes the delete fail (foreign keys), and nothing changes.
    #[tracing::instrument(skip_all)]
    async fn delete(
        &self,
        workspace_id: WorkspaceId,
        id: CategoryId,
    ) -> Result<Vec<ProductId>, CategoryRepositoryError> {
        let txn = self.db.begin().await.map_err(from_db)?;
        let filed_here = products::Column::WorkspaceId
            .eq(workspace_id.as_uuid())
            .and(products::Column::CategoryId.eq(id.as_uuid()));
        let affected: Vec<Uuid> = products::Entity::find()
            .select_only()
            .column(products::Column::Id)
            .filter(filed_here.clone())
            .order_by_asc(products::Column::Id)
            .into_tuple()
            .all(&txn)
            .await
            .map_err(from_db)?;
        products::Entity::update_many()
            .col_expr(
                products::Column::CategoryId,
                Expr::value(Option::<Uuid>::None),
            )
            .filter(filed_here)
            .exec(&txn)
            .await
            .map_err(from_db)?;
        let deleted = categories::Entity::delete_many()
            .filter(categories::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(categories::Column::Id.eq(id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(from_db)?;
        if deleted.rows_affected == 0 {
            return Err(CategoryRepositoryError::NotFound);
        }
        txn.commit().await.map_err(from_db)?;
        Ok(affected.into_iter().map(ProductId::from_uuid).collect())
    }
}

pub(crate) fn category_row(category: &Category) -> categories::ActiveModel {
    categories::ActiveModel {
        id: Set(category.id.as_uuid()),
        workspace_id: Set(category.workspace_id.as_uuid()),
        parent_id: Set(category.parent_id.map(|id| id.as_uuid())),
        name: Set(category.name.as_str().to_owned()),
        name_key: Set(category.name.match_key()),
        created_at: Set(stored(category.created_at)),
        updated_at: Set(stored(category.updated_at)),
    }
}

fn category_from_row(row: categories::Model) -> Result<Category, CategoryRepositoryError> {
    Ok(Category {
        id: CategoryId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        name: CategoryName::parse(&row.name)
            .map_err(|e| CategoryRepositoryError::Unexpected(corrupt("category name", e)))?,
        parent_id: row.parent_id.map(CategoryId::from_uuid),
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn from_db(err: DbErr) -> CategoryRepositoryError {
    match unique_rule(&err) {
        Some(UniqueRule::CategoryName) => CategoryRepositoryError::DuplicateName,
        _ => CategoryRepositoryError::Unexpected(err.to_string()),
    }
}
