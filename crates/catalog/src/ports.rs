//! What the catalog needs from the outside: storage for its entities (adapters in
//! `crates/store`) and, from the orders domain, whether a product has open orders.
//!
//! Every method is scoped by workspace: an adapter never returns or touches another
//! tenant's rows, whatever id it is given.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};

use crate::models::*;

#[derive(Debug, thiserror::Error)]
pub enum ProductRepositoryError {
    #[error("product not found")]
    NotFound,
    /// Adapters keep SKUs unique among the workspace's live (not deleted) products.
    #[error("another product already has SKU {0}")]
    DuplicateSku(Sku),
    /// An open order references the product (checked again inside the delete, so an
    /// order captured after the service's own check still blocks it).
    #[error("an open order references this product")]
    HasOpenOrders,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

/// Everything one CSV import writes. Adapters write it in one transaction: all of it
/// or none of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    pub workspace_id: WorkspaceId,
    /// Created first, so products can be filed under them.
    pub new_categories: Vec<Category>,
    pub created: Vec<Product>,
    pub updated: Vec<Product>,
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ProductRepository: Send + Sync {
    /// Inserts the product with its variants.
    async fn create(&self, product: &Product) -> Result<(), ProductRepositoryError>;
    /// Overwrites every field, `deleted_at` included, and replaces the variants: variants
    /// no longer in `product` are removed. `NotFound` when the row is gone.
    async fn update(&self, product: &Product) -> Result<(), ProductRepositoryError>;
    /// A product by id, soft-deleted ones included (the service decides what they mean).
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ProductId,
    ) -> Result<Option<Product>, ProductRepositoryError>;
    /// The products with these ids, soft-deleted ones included, in any order; ids that do
    /// not exist are simply missing from the result.
    async fn get_many(
        &self,
        workspace_id: WorkspaceId,
        ids: &[ProductId],
    ) -> Result<Vec<Product>, ProductRepositoryError>;
    /// The product owning a variant, for routes that name only the variant.
    async fn find_by_variant(
        &self,
        workspace_id: WorkspaceId,
        variant_id: VariantId,
    ) -> Result<Option<Product>, ProductRepositoryError>;
    /// One page of live products. See `ProductFilter` for what each filter means; sorting
    /// by price sorts by list price; ties break by id so pages never overlap.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &ProductFilter,
        sort: ProductSort,
        page: PageRequest,
    ) -> Result<Page<Product>, ProductRepositoryError>;
    /// Every live product of the workspace, for import matching and export.
    async fn list_all(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Product>, ProductRepositoryError>;
    /// Sets `deleted_at`; order snapshots and the row stay. `NotFound` if no live product.
    async fn soft_delete(
        &self,
        workspace_id: WorkspaceId,
        id: ProductId,
        at: DateTime<Utc>,
    ) -> Result<(), ProductRepositoryError>;
    /// Erases the product and its variants, unless an open order references it
    /// (`HasOpenOrders`): the service checks first, and adapters check again in the same
    /// statement as the delete, so an order captured in between still blocks it.
    async fn hard_delete(
        &self,
        workspace_id: WorkspaceId,
        id: ProductId,
    ) -> Result<(), ProductRepositoryError>;
    /// Writes a whole import atomically.
    async fn save_import(&self, batch: &ImportBatch) -> Result<(), ProductRepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum CategoryRepositoryError {
    #[error("category not found")]
    NotFound,
    /// Names are unique among siblings, ignoring case.
    #[error("a category with this name already exists at this level")]
    DuplicateName,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait CategoryRepository: Send + Sync {
    async fn create(&self, category: &Category) -> Result<(), CategoryRepositoryError>;
    async fn update(&self, category: &Category) -> Result<(), CategoryRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: CategoryId,
    ) -> Result<Option<Category>, CategoryRepositoryError>;
    /// The whole tree; a workspace has tens of categories, not thousands.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Category>, CategoryRepositoryError>;
    /// Deletes a category that has no subcategories; products filed under it become
    /// uncategorised. Returns those products, so their change can be announced.
    async fn delete(
        &self,
        workspace_id: WorkspaceId,
        id: CategoryId,
    ) -> Result<Vec<ProductId>, CategoryRepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum SupplierRepositoryError {
    #[error("supplier not found")]
    NotFound,
    /// Names are unique in a workspace, ignoring case.
    #[error("a supplier with this name already exists")]
    DuplicateName,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait SupplierRepository: Send + Sync {
    async fn create(&self, supplier: &Supplier) -> Result<(), SupplierRepositoryError>;
    async fn update(&self, supplier: &Supplier) -> Result<(), SupplierRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: SupplierId,
    ) -> Result<Option<Supplier>, SupplierRepositoryError>;
    /// By name, A to Z.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<Supplier>, SupplierRepositoryError>;
    /// Deletes the supplier; its products keep selling without one. Returns those products.
    async fn delete(
        &self,
        workspace_id: WorkspaceId,
        id: SupplierId,
    ) -> Result<Vec<ProductId>, SupplierRepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum OfferRepositoryError {
    #[error("offer not found")]
    NotFound,
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait OfferRepository: Send + Sync {
    async fn create(&self, offer: &Offer) -> Result<(), OfferRepositoryError>;
    async fn update(&self, offer: &Offer) -> Result<(), OfferRepositoryError>;
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: OfferId,
    ) -> Result<Option<Offer>, OfferRepositoryError>;
    /// Newest first.
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<Offer>, OfferRepositoryError>;
    /// Offers whose window contains `at` (start included, end excluded).
    async fn active_at(
        &self,
        workspace_id: WorkspaceId,
        at: DateTime<Utc>,
    ) -> Result<Vec<Offer>, OfferRepositoryError>;
    /// Offers that target this category, whatever their window.
    async fn for_category(
        &self,
        workspace_id: WorkspaceId,
        category_id: CategoryId,
    ) -> Result<Vec<Offer>, OfferRepositoryError>;
    async fn delete(
        &self,
        workspace_id: WorkspaceId,
        id: OfferId,
    ) -> Result<(), OfferRepositoryError>;
}

#[derive(Debug, thiserror::Error)]
pub enum OpenOrderCheckError {
    #[error("unexpected failure checking orders: {0}")]
    Unexpected(String),
}

/// Implemented by the orders domain: whether any order that is not yet completed or
/// cancelled references the product. Such a product may be hidden but not erased.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait OpenOrderCheck: Send + Sync {
    async fn has_open_orders(
        &self,
        workspace_id: WorkspaceId,
        product_id: ProductId,
    ) -> Result<bool, OpenOrderCheckError>;
}
