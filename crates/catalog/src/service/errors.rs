//! One error enum per group of use cases, with business variants and one `Unexpected`.
//! `code()` gives the stable code the HTTP layer puts in `{"error": {"code": ...}}`.

use kernel::Currency;

use crate::import::RowError;
use crate::ports::*;
use crate::{CategoryRuleError, PricingError, ProductId, ProductRuleError, Sku};

/// Products, their variants, bulk operations and price quotes.
#[derive(Debug, thiserror::Error)]
pub enum ProductError {
    #[error("product not found")]
    NotFound,
    #[error("variant not found")]
    VariantNotFound,
    #[error("category not found")]
    CategoryNotFound,
    #[error("supplier not found")]
    SupplierNotFound,
    #[error("another product already has SKU {0}")]
    DuplicateSku(Sku),
    #[error("prices are in {found}, but this workspace sells in {expected}")]
    CurrencyMismatch { expected: Currency, found: Currency },
    #[error("{0}")]
    Rule(#[from] ProductRuleError),
    #[error("this product is in open orders; hide it (soft delete) or wait until they close")]
    HasOpenOrders,
    /// Asked for the price of something the assistant may not offer (switched off, out of
    /// stock or deleted): quoting it would invite an order that cannot be filled.
    #[error("this product or variant is not for sale right now")]
    NotOffered,
    #[error("give 1 to {max} product ids")]
    BulkSize { max: usize },
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl ProductError {
    pub fn code(&self) -> &'static str {
        match self {
            ProductError::NotFound => "product_not_found",
            ProductError::VariantNotFound => "variant_not_found",
            ProductError::CategoryNotFound => "category_not_found",
            ProductError::SupplierNotFound => "supplier_not_found",
            ProductError::DuplicateSku(_) => "duplicate_sku",
            ProductError::CurrencyMismatch { .. } => "currency_mismatch",
            ProductError::Rule(rule) => rule.code(),
            ProductError::HasOpenOrders => "product_has_open_orders",
            ProductError::NotOffered => "not_offered",
            ProductError::BulkSize { .. } => "bulk_size",
            ProductError::Unexpected(_) => "unexpected",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CategoryError {
    #[error("category not found")]
    NotFound,
    #[error("parent category not found")]
    ParentNotFound,
    #[error("a category with this name already exists at this level")]
    DuplicateName,
    #[error("{0}")]
    Rule(#[from] CategoryRuleError),
    #[error("this category has subcategories; move or delete them first")]
    HasSubcategories,
    #[error("offers target this category; change or delete them first")]
    TargetedByOffers,
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl CategoryError {
    pub fn code(&self) -> &'static str {
        match self {
            CategoryError::NotFound => "category_not_found",
            CategoryError::ParentNotFound => "parent_category_not_found",
            CategoryError::DuplicateName => "duplicate_category",
            CategoryError::Rule(rule) => rule.code(),
            CategoryError::HasSubcategories => "category_has_subcategories",
            CategoryError::TargetedByOffers => "category_targeted_by_offers",
            CategoryError::Unexpected(_) => "unexpected",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SupplierError {
    #[error("supplier not found")]
    NotFound,
    #[error("a supplier with this name already exists")]
    DuplicateName,
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl SupplierError {
    pub fn code(&self) -> &'static str {
        match self {
            SupplierError::NotFound => "supplier_not_found",
            SupplierError::DuplicateName => "duplicate_supplier",
            SupplierError::Unexpected(_) => "unexpected",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OfferError {
    #[error("offer not found")]
    NotFound,
    #[error("category not found")]
    CategoryNotFound,
    #[error("some products were not found: {}", ids(.0))]
    ProductsNotFound(Vec<ProductId>),
    #[error("the discount is in {found}, but this workspace sells in {expected}")]
    CurrencyMismatch { expected: Currency, found: Currency },
    #[error("unexpected: {0}")]
    Unexpected(String),
}

fn ids(ids: &[ProductId]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl OfferError {
    pub fn code(&self) -> &'static str {
        match self {
            OfferError::NotFound => "offer_not_found",
            OfferError::CategoryNotFound => "category_not_found",
            OfferError::ProductsNotFound(_) => "products_not_found",
            OfferError::CurrencyMismatch { .. } => "currency_mismatch",
            OfferError::Unexpected(_) => "unexpected",
        }
    }
}

/// CSV import and export.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems; nothing was written. Every problem is listed.
    #[error("the file has {} problem(s); nothing was imported", .0.len())]
    Invalid(Vec<RowError>),
    /// The catalog changed between planning and writing (another import, a new SKU).
    /// Nothing was written; running the import again re-plans against the new state.
    #[error("the catalog changed while importing ({0}); nothing was imported, try again")]
    Conflict(String),
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Invalid(_) => "invalid_import",
            ImportError::Conflict(_) => "import_conflict",
            ImportError::Unexpected(_) => "unexpected",
        }
    }
}

impl From<ProductRepositoryError> for ProductError {
    fn from(e: ProductRepositoryError) -> Self {
        match e {
            ProductRepositoryError::NotFound => ProductError::NotFound,
            ProductRepositoryError::DuplicateSku(sku) => ProductError::DuplicateSku(sku),
            ProductRepositoryError::HasOpenOrders => ProductError::HasOpenOrders,
            ProductRepositoryError::Unexpected(m) => ProductError::Unexpected(m),
        }
    }
}

impl From<ProductRepositoryError> for ImportError {
    fn from(e: ProductRepositoryError) -> Self {
        match e {
            ProductRepositoryError::NotFound
            | ProductRepositoryError::DuplicateSku(_)
            | ProductRepositoryError::HasOpenOrders => ImportError::Conflict(e.to_string()),
            ProductRepositoryError::Unexpected(m) => ImportError::Unexpected(m),
        }
    }
}

impl From<CategoryRepositoryError> for CategoryError {
    fn from(e: CategoryRepositoryError) -> Self {
        match e {
            CategoryRepositoryError::NotFound => CategoryError::NotFound,
            CategoryRepositoryError::DuplicateName => CategoryError::DuplicateName,
            CategoryRepositoryError::Unexpected(m) => CategoryError::Unexpected(m),
        }
    }
}

impl From<SupplierRepositoryError> for SupplierError {
    fn from(e: SupplierRepositoryError) -> Self {
        match e {
            SupplierRepositoryError::NotFound => SupplierError::NotFound,
            SupplierRepositoryError::DuplicateName => SupplierError::DuplicateName,
            SupplierRepositoryError::Unexpected(m) => SupplierError::Unexpected(m),
        }
    }
}

impl From<OfferRepositoryError> for OfferError {
    fn from(e: OfferRepositoryError) -> Self {
        match e {
            OfferRepositoryError::NotFound => OfferError::NotFound,
            OfferRepositoryError::Unexpected(m) => OfferError::Unexpected(m),
        }
    }
}

/// Failures of a port this use case only reads from are unexpected, whatever they say.
macro_rules! unexpected_from {
    ($source:ty => $($target:ty),+) => {
        $(impl From<$source> for $target {
            fn from(e: $source) -> Self {
                Self::Unexpected(e.to_string())
            }
        })+
    };
}

unexpected_from!(CategoryRepositoryError => ProductError, OfferError, ImportError);
unexpected_from!(SupplierRepositoryError => ProductError);
unexpected_from!(OfferRepositoryError => ProductError, CategoryError);
unexpected_from!(ProductRepositoryError => CategoryError, SupplierError, OfferError);
unexpected_from!(OpenOrderCheckError => ProductError);
unexpected_from!(PricingError => ProductError);
