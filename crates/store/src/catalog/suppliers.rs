//! `SupplierRepository` on sea-orm: names unique in a workspace ignoring case and
//! spacing (`name_key`), listed A to Z.

use async_trait::async_trait;
use catalog::ports::{SupplierRepository, SupplierRepositoryError};
use catalog::{
    ContactName, PhoneNumber, ProductId, Supplier, SupplierContact, SupplierId, SupplierName,
};
use kernel::{Email, Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::errors::{UniqueRule, corrupt, unique_rule};
use super::names::name_key;
use crate::entities::{products, suppliers};
use crate::timestamps::stored;

pub struct SeaOrmSupplierRepository {
    db: DatabaseConnection,
}

impl SeaOrmSupplierRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl SupplierRepository for SeaOrmSupplierRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, supplier: &Supplier) -> Result<(), SupplierRepositoryError> {
        suppliers::Entity::insert(supplier_row(supplier))
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    /// Name and contact; the creation time stays what it was.
    #[tracing::instrument(skip_all)]
    async fn update(&self, supplier: &Supplier) -> Result<(), SupplierRepositoryError> {
        let mut changes = supplier_row(supplier);
        changes.id = NotSet;
        changes.workspace_id = NotSet;
        changes.created_at = NotSet;
        let result = suppliers::Entity::update_many()
            .set(changes)
            .filter(suppliers::Column::WorkspaceId.eq(supplier.workspace_id.as_uuid()))
            .filter(suppliers::Column::Id.eq(supplier.id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        if result.rows_affected == 0 {
            return Err(SupplierRepositoryError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: SupplierId,
    ) -> Result<Option<Supplier>, SupplierRepositoryError> {
        suppliers::Entity::find()
            .filter(suppliers::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(suppliers::Column::Id.eq(id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(supplier_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<Supplier>, SupplierRepositoryError> {
        let in_workspace = suppliers::Column::WorkspaceId.eq(workspace_id.as_uuid());
        let pages = suppliers::Entity::find()
            .filter(in_workspace)
            .order_by_asc(suppliers::Column::NameKey)
            .order_by_asc(suppliers::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(from_db)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(from_db)?
            .into_iter()
            .map(supplier_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }

    /// Its products (soft-deleted ones too) keep selling without a supplier; one
    /// transaction.
    #[tracing::instrument(skip_all)]
    async fn delete(
        &self,
        workspace_id: WorkspaceId,
        id: SupplierId,
    ) -> Result<Vec<ProductId>, SupplierRepositoryError> {
        let txn = self.db.begin().await.map_err(from_db)?;
        let supplied = products::Column::WorkspaceId
            .eq(workspace_id.as_uuid())
            .and(products::Column::SupplierId.eq(id.as_uuid()));
        let affected: Vec<Uuid> = products::Entity::find()
            .select_only()
            .column(products::Column::Id)
            .filter(supplied.clone())
            .order_by_asc(products::Column::Id)
            .into_tuple()
            .all(&txn)
            .await
            .map_err(from_db)?;
        products::Entity::update_many()
            .col_expr(
                products::Column::SupplierId,
                Expr::value(Option::<Uuid>::None),
            )
            .filter(supplied)
            .exec(&txn)
            .await
            .map_err(from_db)?;
        let deleted = suppliers::Entity::delete_many()
            .filter(suppliers::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(suppliers::Column::Id.eq(id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(from_db)?;
        if deleted.rows_affected == 0 {
            return Err(SupplierRepositoryError::NotFound);
        }
        txn.commit().await.map_err(from_db)?;
        Ok(affected.into_iter().map(ProductId::from_uuid).collect())
    }
}

fn supplier_row(supplier: &Supplier) -> suppliers::ActiveModel {
    let contact = &supplier.contact;
    suppliers::ActiveModel {
        id: Set(supplier.id.as_uuid()),
        workspace_id: Set(supplier.workspace_id.as_uuid()),
        name: Set(supplier.name.as_str().to_owned()),
        name_key: Set(name_key(supplier.name.as_str())),
        contact_person: Set(contact.person.as_ref().map(|p| p.as_str().to_owned())),
        contact_email: Set(contact.email.as_ref().map(|e| e.as_str().to_owned())),
        contact_phone: Set(contact.phone.as_ref().map(|p| p.as_str().to_owned())),
        created_at: Set(stored(supplier.created_at)),
        updated_at: Set(stored(supplier.updated_at)),
    }
}

fn supplier_from_row(row: suppliers::Model) -> Result<Supplier, SupplierRepositoryError> {
    let fail =
        |what: &str, detail: String| SupplierRepositoryError::Unexpected(corrupt(what, detail));
    Ok(Supplier {
        id: SupplierId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        name: SupplierName::parse(&row.name).map_err(|e| fail("supplier name", e.to_string()))?,
        contact: SupplierContact {
            person: row
                .contact_person
                .as_deref()
                .map(ContactName::parse)
                .transpose()
                .map_err(|e| fail("supplier contact name", e.to_string()))?,
            email: row
                .contact_email
                .as_deref()
                .map(Email::parse)
                .transpose()
                .map_err(|e| fail("supplier email", e.to_string()))?,
            phone: row
                .contact_phone
                .as_deref()
                .map(PhoneNumber::parse)
                .transpose()
                .map_err(|e| fail("supplier phone", e.to_string()))?,
        },
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn from_db(err: DbErr) -> SupplierRepositoryError {
    match unique_rule(&err) {
        Some(UniqueRule::SupplierName) => SupplierRepositoryError::DuplicateName,
        _ => SupplierRepositoryError::Unexpected(err.to_string()),
    }
}
