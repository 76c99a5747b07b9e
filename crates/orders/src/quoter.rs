//! `PriceQuoter` over the catalog's own use case, so order prices come from the same
//! code (`catalog::pricing`, through `CatalogService::get_product`) as every price the
//! assistant and the API show.

use async_trait::async_trait;
use catalog::{CatalogScope, CatalogService, ProductError, ProductId, VariantId};

use crate::ports::{ItemQuote, PriceQuoter, PriceQuoterError};

#[async_trait]
impl PriceQuoter for CatalogService {
    async fn quote_item(
        &self,
        scope: &CatalogScope,
        product_id: ProductId,
        variant_id: Option<VariantId>,
    ) -> Result<ItemQuote, PriceQuoterError> {
        let priced = self
            .get_product(scope, product_id)
            .await
            .map_err(|e| match e {
                ProductError::NotFound => PriceQuoterError::ProductNotFound,
                other => PriceQuoterError::Unexpected(other.to_string()),
            })?;
        let product = &priced.product;
        let product_stock = product.stock().quantity();
        match variant_id {
            None => {
                if !product.variants().is_empty() {
                    return Err(PriceQuoterError::VariantRequired);
                }
                if !priced.offered {
                    return Err(PriceQuoterError::NotOffered);
                }
                Ok(ItemQuote {
                    product_name: product.name().clone(),
                    variant_name: None,
                    price: priced.price.clone(),
                    stock: product_stock,
                })
            }
            Some(id) => {
                let variant = product
                    .variant(id)
                    .ok_or(PriceQuoterError::VariantNotFound)?;
                let quoted = priced
                    .variants
                    .iter()
                    .find(|v| v.variant_id == id)
                    .ok_or(PriceQuoterError::VariantNotFound)?;
                if !quoted.offered {
                    return Err(PriceQuoterError::NotOffered);
                }
                let stock = match (product_stock, variant.stock.quantity()) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                Ok(ItemQuote {
                    product_name: product.name().clone(),
                    variant_name: Some(variant.name.clone()),
                    price: quoted.price.clone(),
                    stock,
                })
            }
        }
    }
}
