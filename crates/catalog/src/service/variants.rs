//! Variants of a product. Each change saves the whole product, which owns the rules
//! that involve its variants (unique names, prices above zero).

use super::{CatalogService, ProductError};
use crate::{CatalogScope, NewVariant, Product, ProductId, VariantId, VariantPatch};

impl CatalogService {
    pub async fn add_variant(
        &self,
        scope: &CatalogScope,
        product_id: ProductId,
        new: NewVariant,
    ) -> Result<(Product, VariantId), ProductError> {
        let mut product = self.live_product(scope, product_id).await?;
        let variant_id = product.add_variant(new, self.now())?;
        self.ports.products.update(&product).await?;
        self.product_changed(scope.workspace_id, product_id).await;
        Ok((product, variant_id))
    }

    /// Changes a variant found by its id alone (`PATCH /products/variants/{id}`).
    pub async fn update_variant(
        &self,
        scope: &CatalogScope,
        variant_id: VariantId,
        patch: VariantPatch,
    ) -> Result<Product, ProductError> {
        let mut product = self.product_of_variant(scope, variant_id).await?;
        if product.update_variant(variant_id, patch, self.now())? {
            self.ports.products.update(&product).await?;
            self.product_changed(scope.workspace_id, product.id()).await;
        }
        Ok(product)
    }

    pub async fn remove_variant(
        &self,
        scope: &CatalogScope,
        variant_id: VariantId,
    ) -> Result<Product, ProductError> {
        let mut product = self.product_of_variant(scope, variant_id).await?;
        product.remove_variant(variant_id, self.now())?;
        self.ports.products.update(&product).await?;
        self.product_changed(scope.workspace_id, product.id()).await;
        Ok(product)
    }

    async fn product_of_variant(
        &self,
        scope: &CatalogScope,
        variant_id: VariantId,
    ) -> Result<Product, ProductError> {
        self.ports
            .products
            .find_by_variant(scope.workspace_id, variant_id)
            .await?
            .filter(|p| !p.is_deleted())
            .ok_or(ProductError::VariantNotFound)
    }
}
