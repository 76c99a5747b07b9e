//! Products: create, read with prices, change, delete, bulk operations, price quotes.

use kernel::{Page, PageRequest};

use super::{CatalogService, ProductError};
use crate::pricing::{self, PriceQuote, PricedProduct};
use crate::{
    CatalogScope, NewProduct, Price, Product, ProductFilter, ProductId, ProductPatch, ProductSort,
    VariantId, category_with_subcategories,
};

/// How far a delete goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeleteMode {
    /// Hidden from the catalog and the assistant; kept for order history; can be restored.
    Soft,
    /// Erased. Refused while open orders reference the product.
    Hard,
}

/// At most this many ids in one bulk request, which is what one dashboard page selects.
pub const BULK_MAX: usize = 100;

/// The outcome for one id of a bulk request; one failure does not stop the others.
#[derive(Debug)]
pub struct BulkItem {
    pub product_id: ProductId,
    pub outcome: Result<(), ProductError>,
}

impl CatalogService {
    pub async fn create_product(
        &self,
        scope: &CatalogScope,
        new: NewProduct,
    ) -> Result<Product, ProductError> {
        self.check_price_currency(scope, new.price)?;
        self.check_references(scope, new.category_id, new.supplier_id)
            .await?;
        let product = Product::create(scope.workspace_id, new, self.now())?;
        self.ports.products.create(&product).await?;
        self.product_changed(scope.workspace_id, product.id()).await;
        Ok(product)
    }

    /// A live product with its prices and what may be offered.
    pub async fn get_product(
        &self,
        scope: &CatalogScope,
        id: ProductId,
    ) -> Result<PricedProduct, ProductError> {
        let product = self.live_product(scope, id).await?;
        let inputs = self.pricing_inputs(scope.workspace_id).await?;
        Ok(pricing::price_product(product, &inputs.context())?)
    }

    /// A page of live products with their prices. A category filter includes its
    /// subcategories.
    pub async fn list_products(
        &self,
        scope: &CatalogScope,
        mut filter: ProductFilter,
        sort: ProductSort,
        page: PageRequest,
    ) -> Result<Page<PricedProduct>, ProductError> {
        let inputs = self.pricing_inputs(scope.workspace_id).await?;
        if !filter.categories.is_empty() {
            let mut expanded = Vec::new();
            for id in &filter.categories {
                for id in category_with_subcategories(&inputs.categories, *id) {
                    if !expanded.contains(&id) {
                        expanded.push(id);
                    }
                }
            }
            filter.categories = expanded;
        }
        let products = self
            .ports
            .products
            .list(scope.workspace_id, &filter, sort, page)
            .await?;
        let context = inputs.context();
        let Page {
            items,
            total,
            page: number,
            per_page,
        } = products;
        let items = items
            .into_iter()
            .map(|product| pricing::price_product(product, &context))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            items,
            total,
            page: number,
            per_page,
        })
    }

    /// Prices products the caller already holds (say, right after a change), through
    /// the same rules as every other price.
    pub async fn price_products(
        &self,
        scope: &CatalogScope,
        products: Vec<Product>,
    ) -> Result<Vec<PricedProduct>, ProductError> {
        let inputs = self.pricing_inputs(scope.workspace_id).await?;
        let context = inputs.context();
        Ok(products
            .into_iter()
            .map(|product| pricing::price_product(product, &context))
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// What a customer pays now for a product, or one of its variants. Refused for what
    /// may not be offered (switched off, out of stock, deleted).
    pub async fn quote_price(
        &self,
        scope: &CatalogScope,
        product_id: ProductId,
        variant_id: Option<VariantId>,
    ) -> Result<PriceQuote, ProductError> {
        let product = self.live_product(scope, product_id).await?;
        let offered = match variant_id {
            None => product.is_offered(),
            Some(id) => {
                let variant = product.variant(id).ok_or(ProductError::VariantNotFound)?;
                product.is_variant_offered(variant)
            }
        };
        if !offered {
            return Err(ProductError::NotOffered);
        }
        let inputs = self.pricing_inputs(scope.workspace_id).await?;
        Ok(pricing::quote(&product, variant_id, &inputs.context())?)
    }

    pub async fn update_product(
        &self,
        scope: &CatalogScope,
        id: ProductId,
        patch: ProductPatch,
    ) -> Result<Product, ProductError> {
        if let Some(price) = patch.price {
            self.check_price_currency(scope, price)?;
        }
        self.check_references(
            scope,
            patch.category_id.flatten(),
            patch.supplier_id.flatten(),
        )
        .await?;
        let mut product = self.live_product(scope, id).await?;
        if product.apply(patch, self.now())? {
            self.ports.products.update(&product).await?;
            self.product_changed(scope.workspace_id, id).await;
        }
        Ok(product)
    }

    /// Soft delete hides the product and keeps it for order history; hard delete erases
    /// it and is refused while open orders reference it.
    pub async fn delete_product(
        &self,
        scope: &CatalogScope,
        id: ProductId,
        mode: DeleteMode,
    ) -> Result<(), ProductError> {
        let product = self
            .ports
            .products
            .get(scope.workspace_id, id)
            .await?
            .ok_or(ProductError::NotFound)?;
        self.delete_loaded(scope, &product, mode).await
    }

    /// Brings a soft-deleted product back.
    pub async fn restore_product(
        &self,
        scope: &CatalogScope,
        id: ProductId,
    ) -> Result<Product, ProductError> {
        let mut product = self
            .ports
            .products
            .get(scope.workspace_id, id)
            .await?
            .ok_or(ProductError::NotFound)?;
        if product.is_deleted() {
            product.restore(self.now());
            self.ports.products.update(&product).await?;
            self.product_changed(scope.workspace_id, id).await;
        }
        Ok(product)
    }

    /// Switches many products on or off; reports per id.
    pub async fn set_availability(
        &self,
        scope: &CatalogScope,
        ids: &[ProductId],
        available: bool,
    ) -> Result<Vec<BulkItem>, ProductError> {
        let ids = bulk_ids(ids)?;
        let found = self
            .ports
            .products
            .get_many(scope.workspace_id, &ids)
            .await?;
        let mut results = Vec::with_capacity(ids.len());
        for id in ids {
            let outcome = match found.iter().find(|p| p.id() == id && !p.is_deleted()) {
                None => Err(ProductError::NotFound),
                Some(product) => {
                    let mut product = product.clone();
                    if product.set_available(available, self.now()) {
                        match self.ports.products.update(&product).await {
                            Ok(()) => {
                                self.product_changed(scope.workspace_id, id).await;
                                Ok(())
                            }
                            Err(e) => Err(e.into()),
                        }
                    } else {
                        Ok(())
                    }
                }
            };
            results.push(BulkItem {
                product_id: id,
                outcome,
            });
        }
        Ok(results)
    }

    /// Deletes many products; reports per id (a hard delete of one product with open
    /// orders fails for that product only).
    pub async fn delete_products(
        &self,
        scope: &CatalogScope,
        ids: &[ProductId],
        mode: DeleteMode,
    ) -> Result<Vec<BulkItem>, ProductError> {
        let ids = bulk_ids(ids)?;
        let found = self
            .ports
            .products
            .get_many(scope.workspace_id, &ids)
            .await?;
        let mut results = Vec::with_capacity(ids.len());
        for id in ids {
            let outcome = match found.iter().find(|p| p.id() == id) {
                None => Err(ProductError::NotFound),
                Some(product) => self.delete_loaded(scope, product, mode).await,
            };
            results.push(BulkItem {
                product_id: id,
                outcome,
            });
        }
        Ok(results)
    }

    async fn delete_loaded(
        &self,
        scope: &CatalogScope,
        product: &Product,
        mode: DeleteMode,
    ) -> Result<(), ProductError> {
        let id = product.id();
        match mode {
            DeleteMode::Soft => {
                if product.is_deleted() {
                    return Err(ProductError::NotFound);
                }
                self.ports
                    .products
                    .soft_delete(scope.workspace_id, id, self.now())
                    .await?;
            }
            DeleteMode::Hard => {
                if self
                    .ports
                    .open_orders
                    .has_open_orders(scope.workspace_id, id)
                    .await?
                {
                    return Err(ProductError::HasOpenOrders);
                }
                self.ports
                    .products
                    .hard_delete(scope.workspace_id, id)
                    .await?;
            }
        }
        self.product_deleted(scope.workspace_id, id).await;
        Ok(())
    }

    /// A product that exists and is not soft-deleted.
    pub(super) async fn live_product(
        &self,
        scope: &CatalogScope,
        id: ProductId,
    ) -> Result<Product, ProductError> {
        self.ports
            .products
            .get(scope.workspace_id, id)
            .await?
            .filter(|p| !p.is_deleted())
            .ok_or(ProductError::NotFound)
    }

    fn check_price_currency(&self, scope: &CatalogScope, price: Price) -> Result<(), ProductError> {
        if price.currency() != scope.currency {
            return Err(ProductError::CurrencyMismatch {
                expected: scope.currency,
                found: price.currency(),
            });
        }
        Ok(())
    }

    async fn check_references(
        &self,
        scope: &CatalogScope,
        category_id: Option<crate::CategoryId>,
        supplier_id: Option<crate::SupplierId>,
    ) -> Result<(), ProductError> {
        if let Some(id) = category_id
            && self
                .ports
                .categories
                .get(scope.workspace_id, id)
                .await?
                .is_none()
        {
            return Err(ProductError::CategoryNotFound);
        }
        if let Some(id) = supplier_id
            && self
                .ports
                .suppliers
                .get(scope.workspace_id, id)
                .await?
                .is_none()
        {
            return Err(ProductError::SupplierNotFound);
        }
        Ok(())
    }
}

/// Unique ids in the order given, 1 to `BULK_MAX` of them.
fn bulk_ids(ids: &[ProductId]) -> Result<Vec<ProductId>, ProductError> {
    let mut unique: Vec<ProductId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() || unique.len() > BULK_MAX {
        return Err(ProductError::BulkSize { max: BULK_MAX });
    }
    Ok(unique)
}
