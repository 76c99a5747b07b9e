//! Products, variants, categories, stock, suppliers and offers: what the assistant sells from.
//!
//! `models` holds validated values and entities, `pricing` the one place a price a
//! customer sees is computed, `import` the CSV import and export rules, `ports` what
//! this domain needs from storage and other domains, and `service` the use cases the
//! HTTP layer calls.
//!
//! Domain crate: depends only on the kernel and plain-data libraries, never on
//! adapters (enforced by the architecture test in `tests/`).

pub mod import;
pub mod models;
pub mod ports;
pub mod pricing;
pub mod service;

pub use models::*;
pub use pricing::{
    AppliedOffer, PriceQuote, PricedProduct, PricedVariant, PricingContext, PricingError,
};
pub use service::{
    BULK_MAX, BulkItem, CatalogPorts, CatalogService, CategoryError, DeleteMode, ImportError,
    OfferError, ProductError, SupplierError,
};
