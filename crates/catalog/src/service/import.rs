//! CSV import (dry run and real) and export, on records the server decoded.

use super::{CatalogService, ImportError};
use crate::CatalogScope;
use crate::import::{self, ImportPlan};
use crate::ports::ImportBatch;

impl CatalogService {
    /// What importing these records would do, with every row-level problem. Writes nothing.
    pub async fn preview_import(
        &self,
        scope: &CatalogScope,
        records: &[Vec<String>],
    ) -> Result<ImportPlan, ImportError> {
        let sheet = import::parse_sheet(records, scope.currency);
        let existing = self.ports.products.list_all(scope.workspace_id).await?;
        let categories = self.ports.categories.list(scope.workspace_id).await?;
        Ok(import::plan_import(
            sheet,
            &existing,
            &categories,
            scope.workspace_id,
            self.now(),
        ))
    }

    /// Imports the records all-or-nothing: any problem in the file and nothing is written
    /// (`ImportError::Invalid` lists every problem). Re-importing a file updates the
    /// products it created instead of duplicating them.
    pub async fn apply_import(
        &self,
        scope: &CatalogScope,
        records: &[Vec<String>],
    ) -> Result<ImportPlan, ImportError> {
        let plan = self.preview_import(scope, records).await?;
        if !plan.is_valid() {
            return Err(ImportError::Invalid(plan.errors));
        }
        let batch = ImportBatch {
            workspace_id: scope.workspace_id,
            new_categories: plan.new_categories.clone(),
            created: plan.to_create(),
            updated: plan.to_update(),
        };
        if batch.new_categories.is_empty() && batch.created.is_empty() && batch.updated.is_empty() {
            return Ok(plan);
        }
        self.ports.products.save_import(&batch).await?;
        for product in batch.created.iter().chain(&batch.updated) {
            self.product_changed(scope.workspace_id, product.id()).await;
        }
        Ok(plan)
    }

    /// The live catalog in the import format: header first, one row per variant.
    pub async fn export_catalog(
        &self,
        scope: &CatalogScope,
    ) -> Result<Vec<Vec<String>>, ImportError> {
        let products = self.ports.products.list_all(scope.workspace_id).await?;
        let categories = self.ports.categories.list(scope.workspace_id).await?;
        Ok(import::export(&products, &categories))
    }
}
