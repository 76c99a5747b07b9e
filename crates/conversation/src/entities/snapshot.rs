//! The catalog as the language half sees it: names to match and prices to quote.
//!
//! The orchestration builds one `CatalogSnapshot` per workspace from `catalog` (see
//! `from_priced`), keeps it while the catalog does not change (a `ProductChanged` event
//! invalidates it), and passes it to every turn. Building indexes the names, so a turn on
//! a 10,000-product catalog looks up words instead of scanning products.

use std::collections::HashSet;

use catalog::{PricedProduct, ProductId, ProductName, Sku, VariantId, VariantKind, VariantName};
use kernel::Money;

use super::index::NameIndex;

/// One product, with the prices a customer would pay now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotProduct {
    pub id: ProductId,
    pub name: ProductName,
    pub sku: Option<Sku>,
    /// What the customer pays (after the best offer).
    pub price: Money,
    /// The price before offers; equal to `price` when no offer applies.
    pub list_price: Money,
    /// Whether the assistant may offer it (not switched off, not sold out).
    pub available: bool,
    /// Units on the shelf when the shop counts them.
    pub stock: Option<u32>,
    pub variants: Vec<SnapshotVariant>,
}

/// One variant, with its own prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotVariant {
    pub id: VariantId,
    pub kind: VariantKind,
    pub name: VariantName,
    pub price: Money,
    pub list_price: Money,
    pub available: bool,
    /// Units on the shelf when the shop counts them.
    pub stock: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogSnapshotError {
    #[error("product {0} appears twice")]
    DuplicateProduct(ProductId),
    #[error("variant {0} appears twice")]
    DuplicateVariant(VariantId),
    #[error("product {0} has prices in more than one currency")]
    MixedCurrencies(ProductId),
}

/// A workspace's catalog, indexed for matching.
#[derive(Debug, Clone)]
pub struct CatalogSnapshot {
    products: Vec<SnapshotProduct>,
    index: NameIndex,
}

impl CatalogSnapshot {
    pub fn new(products: Vec<SnapshotProduct>) -> Result<Self, CatalogSnapshotError> {
        let mut product_ids = HashSet::new();
        let mut variant_ids = HashSet::new();
        for product in &products {
            if !product_ids.insert(product.id) {
                return Err(CatalogSnapshotError::DuplicateProduct(product.id));
            }
            let currency = product.price.currency();
            let prices = [product.list_price].into_iter().chain(
                product
                    .variants
                    .iter()
                    .flat_map(|v| [v.price, v.list_price]),
            );
            if prices.into_iter().any(|p| p.currency() != currency) {
                return Err(CatalogSnapshotError::MixedCurrencies(product.id));
            }
            for variant in &product.variants {
                if !variant_ids.insert(variant.id) {
                    return Err(CatalogSnapshotError::DuplicateVariant(variant.id));
                }
            }
        }
        let index = NameIndex::build(&products);
        Ok(Self { products, index })
    }

    /// The snapshot of priced catalog products (`catalog::pricing::price_product`).
    /// Deleted products are left out; products and variants that may not be offered
    /// stay in, marked unavailable, so "do you have X?" can say it is sold out.
    pub fn from_priced(priced: &[PricedProduct]) -> Result<Self, CatalogSnapshotError> {
        let products = priced
            .iter()
            .filter(|p| !p.product.is_deleted())
            .map(|p| SnapshotProduct {
                id: p.product.id(),
                name: p.product.name().clone(),
                sku: p.product.sku().cloned(),
                price: p.price.effective,
                list_price: p.price.base,
                available: p.offered,
                stock: p.product.stock().quantity(),
                variants: p
                    .variants
                    .iter()
                    .filter_map(|pv| {
                        p.product.variant(pv.variant_id).map(|v| SnapshotVariant {
                            id: v.id,
                            kind: v.kind,
                            name: v.name.clone(),
                            price: pv.price.effective,
                            list_price: pv.price.base,
                            available: pv.offered,
                            stock: v.stock.quantity(),
                        })
                    })
                    .collect(),
            })
            .collect();
        Self::new(products)
    }

    pub fn products(&self) -> &[SnapshotProduct] {
        &self.products
    }

    pub fn product(&self, id: ProductId) -> Option<&SnapshotProduct> {
        self.index
            .position(id)
            .and_then(|position| self.products.get(position))
    }

    pub fn variant(&self, id: VariantId) -> Option<(&SnapshotProduct, &SnapshotVariant)> {
        self.products
            .iter()
            .find_map(|p| p.variants.iter().find(|v| v.id == id).map(|v| (p, v)))
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    pub(crate) fn index(&self) -> &NameIndex {
        &self.index
    }

    pub(crate) fn product_at(&self, position: usize) -> Option<&SnapshotProduct> {
        self.products.get(position)
    }
}
