//! Validated values and the catalog's entities.

mod category;
mod description;
mod image;
mod listing;
mod offer;
mod price;
mod product;
mod product_name;
mod scope;
mod sku;
mod stock;
mod supplier;
mod tag;
pub(crate) mod text;
mod variant;

pub use category::*;
pub use description::*;
pub use image::*;
pub use listing::*;
pub use offer::*;
pub use price::*;
pub use product::*;
pub use product_name::*;
pub use scope::*;
pub use sku::*;
pub use stock::*;
pub use supplier::*;
pub use tag::*;
pub use variant::*;

#[cfg(test)]
pub(crate) mod fixtures {
    //! Builders shared by the tests of pricing, import and the service.
    pub(crate) use super::category::tests::category;
    pub(crate) use super::product::tests::{at, eur, glow_serum, new_product, variant};
}
