//! Categories: a shallow tree, renamed and moved without breaking its one level.

use super::{CatalogService, CategoryError};
use crate::{CatalogScope, Category, CategoryId, CategoryName, CategoryPatch};

impl CatalogService {
    pub async fn create_category(
        &self,
        scope: &CatalogScope,
        name: CategoryName,
        parent_id: Option<CategoryId>,
    ) -> Result<Category, CategoryError> {
        let parent = match parent_id {
            None => None,
            Some(id) => Some(
                self.ports
                    .categories
                    .get(scope.workspace_id, id)
                    .await?
                    .ok_or(CategoryError::ParentNotFound)?,
            ),
        };
        let category = Category::new(scope.workspace_id, name, parent.as_ref(), self.now())?;
        self.ports.categories.create(&category).await?;
        Ok(category)
    }

    /// The whole tree, parents before their children, each level A to Z.
    pub async fn list_categories(
        &self,
        scope: &CatalogScope,
    ) -> Result<Vec<Category>, CategoryError> {
        let mut all = self.ports.categories.list(scope.workspace_id).await?;
        all.sort_by_key(|c| c.name.match_key());
        let mut ordered = Vec::with_capacity(all.len());
        for root in all.iter().filter(|c| c.is_root()) {
            ordered.push(root.clone());
            ordered.extend(all.iter().filter(|c| c.parent_id == Some(root.id)).cloned());
        }
        Ok(ordered)
    }

    pub async fn update_category(
        &self,
        scope: &CatalogScope,
        id: CategoryId,
        patch: CategoryPatch,
    ) -> Result<Category, CategoryError> {
        let all = self.ports.categories.list(scope.workspace_id).await?;
        let mut category = all
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or(CategoryError::NotFound)?;
        let before = category.clone();
        let now = self.now();
        if let Some(name) = patch.name {
            category.rename(name, now);
        }
        if let Some(parent_id) = patch.parent_id {
            let parent = match parent_id {
                None => None,
                Some(parent_id) => Some(
                    all.iter()
                        .find(|c| c.id == parent_id)
                        .ok_or(CategoryError::ParentNotFound)?,
                ),
            };
            let has_subcategories = all.iter().any(|c| c.parent_id == Some(id));
            category.move_under(parent, has_subcategories, now)?;
        }
        if category != before {
            self.ports.categories.update(&category).await?;
        }
        Ok(category)
    }

    /// Deletes a category without subcategories or offers; its products become
    /// uncategorised, and each of them is announced as changed.
    pub async fn delete_category(
        &self,
        scope: &CatalogScope,
        id: CategoryId,
    ) -> Result<(), CategoryError> {
        let all = self.ports.categories.list(scope.workspace_id).await?;
        if !all.iter().any(|c| c.id == id) {
            return Err(CategoryError::NotFound);
        }
        if all.iter().any(|c| c.parent_id == Some(id)) {
            return Err(CategoryError::HasSubcategories);
        }
        if !self
            .ports
            .offers
            .for_category(scope.workspace_id, id)
            .await?
            .is_empty()
        {
            return Err(CategoryError::TargetedByOffers);
        }
        let uncategorised = self.ports.categories.delete(scope.workspace_id, id).await?;
        for product_id in uncategorised {
            self.product_changed(scope.workspace_id, product_id).await;
        }
        Ok(())
    }
}
