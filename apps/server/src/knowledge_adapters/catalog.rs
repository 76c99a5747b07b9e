//! The catalog as the knowledge base reads it: `knowledge::service::ProductCatalog`
//! over `CatalogService`, with the prices its pricing rules give now.

use std::sync::Arc;

use async_trait::async_trait;
use catalog::pricing::PricedProduct;
use catalog::{
    CatalogScope, CatalogService, Category, ProductError, ProductFilter, ProductId, ProductSort,
    SearchQuery,
};
use identity::ports::WorkspaceRepository;
use kernel::{PageRequest, WorkspaceId};
use knowledge::service::{ProductCatalog, ProductFacts, SourceReadError, VariantFacts};
use uuid::Uuid;

pub struct CatalogProducts {
    catalog: CatalogService,
    workspaces: Arc<dyn WorkspaceRepository>,
}

impl CatalogProducts {
    pub fn new(catalog: CatalogService, workspaces: Arc<dyn WorkspaceRepository>) -> Self {
        Self {
            catalog,
            workspaces,
        }
    }

    /// The workspace's catalog scope (its selling currency); `None` when the workspace
    /// is gone, which leaves nothing to index.
    async fn scope(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Option<CatalogScope>, SourceReadError> {
        let workspace = self
            .workspaces
            .get(workspace_id)
            .await
            .map_err(|e| unreadable("the workspace", e))?;
        Ok(workspace.map(|w| CatalogScope::new(workspace_id, w.profile.currency)))
    }

    async fn categories(&self, scope: &CatalogScope) -> Result<Vec<Category>, SourceReadError> {
        self.catalog
            .list_categories(scope)
            .await
            .map_err(|e| unreadable("the categories", e))
    }

    async fn page(
        &self,
        scope: &CatalogScope,
        filter: ProductFilter,
        page: PageRequest,
    ) -> Result<kernel::Page<PricedProduct>, SourceReadError> {
        self.catalog
            .list_products(scope, filter, ProductSort::default(), page)
            .await
            .map_err(|e| unreadable("the products", e))
    }
}

fn unreadable(what: &'static str, error: impl std::fmt::Display) -> SourceReadError {
    SourceReadError {
        what,
        detail: error.to_string(),
    }
}

fn facts(
    workspace_id: WorkspaceId,
    priced: &PricedProduct,
    categories: &[Category],
) -> ProductFacts {
    let product = &priced.product;
    let price = &priced.price;
    ProductFacts {
        workspace_id,
        product_id: product.id().as_uuid(),
        name: product.name().as_str().to_owned(),
        sku: product.sku().map(|s| s.as_str().to_owned()),
        description: product.description().as_str().to_owned(),
        category: product
            .category_id()
            .and_then(|id| categories.iter().find(|c| c.id == id))
            .map(|c| c.path(categories).to_string()),
        tags: product
            .tags()
            .as_slice()
            .iter()
            .map(|t| t.as_str().to_owned())
            .collect(),
        price: price.effective.to_string(),
        list_price: (price.effective != price.base).then(|| price.base.to_string()),
        offered: priced.offered,
        variants: priced
            .variants
            .iter()
            .filter_map(|v| {
                let variant = product.variant(v.variant_id)?;
                Some(VariantFacts {
                    kind: variant.kind.as_str().to_owned(),
                    name: variant.name.as_str().to_owned(),
                    price: v.price.effective.to_string(),
                    offered: v.offered,
                })
            })
            .collect(),
    }
}

#[async_trait]
impl ProductCatalog for CatalogProducts {
    async fn product(
        &self,
        workspace_id: WorkspaceId,
        product_id: Uuid,
    ) -> Result<Option<ProductFacts>, SourceReadError> {
        let Some(scope) = self.scope(workspace_id).await? else {
            return Ok(None);
        };
        let priced = match self
            .catalog
            .get_product(&scope, ProductId::from_uuid(product_id))
            .await
        {
            Ok(priced) => priced,
            Err(ProductError::NotFound) => return Ok(None),
            Err(other) => return Err(unreadable("the product", other)),
        };
        let categories = self.categories(&scope).await?;
        Ok(Some(facts(workspace_id, &priced, &categories)))
    }

    async fn all_products(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<ProductFacts>, SourceReadError> {
        let Some(scope) = self.scope(workspace_id).await? else {
            return Ok(Vec::new());
        };
        let categories = self.categories(&scope).await?;
        let mut all = Vec::new();
        let mut number = 1;
        loop {
            let request = PageRequest::new(number, kernel::pagination::MAX_PER_PAGE)
                .map_err(|e| unreadable("the products", e))?;
            let page = self.page(&scope, ProductFilter::default(), request).await?;
            let done = page.items.is_empty() || u64::from(number) >= page.total_pages();
            all.extend(
                page.items
                    .iter()
                    .map(|p| facts(workspace_id, p, &categories)),
            );
            if done {
                return Ok(all);
            }
            number += 1;
        }
    }

    async fn find(
        &self,
        workspace_id: WorkspaceId,
        text: &str,
        limit: usize,
    ) -> Result<Vec<ProductFacts>, SourceReadError> {
        // Text the catalog's search box would refuse (too long) finds nothing.
        let Ok(Some(q)) = SearchQuery::parse(text) else {
            return Ok(Vec::new());
        };
        let Some(scope) = self.scope(workspace_id).await? else {
            return Ok(Vec::new());
        };
        let per_page = u32::try_from(limit.clamp(1, 100)).unwrap_or(100);
        let request = PageRequest::new(1, per_page).map_err(|e| unreadable("the products", e))?;
        let filter = ProductFilter {
            q: Some(q),
            ..ProductFilter::default()
        };
        let page = self.page(&scope, filter, request).await?;
        if page.items.is_empty() {
            return Ok(Vec::new());
        }
        let categories = self.categories(&scope).await?;
        Ok(page
            .items
            .iter()
            .map(|p| facts(workspace_id, p, &categories))
            .collect())
    }
}
