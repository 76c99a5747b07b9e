//! Adapters for the catalog domain's ports, one file (or folder) per port.

mod categories;
#[cfg(test)]
mod corrupt_rows;
mod errors;
pub(crate) mod money;
mod names;
mod offers;
mod open_orders;
mod products;
mod suppliers;

use std::sync::Arc;

use catalog::ports::{
    CategoryRepository, OfferRepository, OpenOrderCheck, ProductRepository, SupplierRepository,
};
use sea_orm::DatabaseConnection;

pub use categories::SeaOrmCategoryRepository;
pub use offers::SeaOrmOfferRepository;
pub use open_orders::SeaOrmOpenOrderCheck;
pub use products::SeaOrmProductRepository;
pub use suppliers::SeaOrmSupplierRepository;

/// Every catalog port the store implements, as `CatalogPorts` takes them. Cloning
/// shares the adapters.
#[derive(Clone)]
pub struct CatalogRepositories {
    pub products: Arc<dyn ProductRepository>,
    pub categories: Arc<dyn CategoryRepository>,
    pub suppliers: Arc<dyn SupplierRepository>,
    pub offers: Arc<dyn OfferRepository>,
    pub open_orders: Arc<dyn OpenOrderCheck>,
}

impl CatalogRepositories {
    /// All adapters over one pool (the connection is a cheap handle to it).
    pub fn sea_orm(db: DatabaseConnection) -> Self {
        Self {
            products: Arc::new(SeaOrmProductRepository::new(db.clone())),
            categories: Arc::new(SeaOrmCategoryRepository::new(db.clone())),
            suppliers: Arc::new(SeaOrmSupplierRepository::new(db.clone())),
            offers: Arc::new(SeaOrmOfferRepository::new(db.clone())),
            open_orders: Arc::new(SeaOrmOpenOrderCheck::new(db)),
        }
    }
}
