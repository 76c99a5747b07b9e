//! Suppliers and how to reach them.

use kernel::{Page, PageRequest};

use super::{CatalogService, SupplierError};
use crate::{CatalogScope, NewSupplier, Supplier, SupplierId, SupplierPatch};

impl CatalogService {
    pub async fn create_supplier(
        &self,
        scope: &CatalogScope,
        new: NewSupplier,
    ) -> Result<Supplier, SupplierError> {
        let supplier = Supplier::new(scope.workspace_id, new, self.now());
        self.ports.suppliers.create(&supplier).await?;
        Ok(supplier)
    }

    pub async fn get_supplier(
        &self,
        scope: &CatalogScope,
        id: SupplierId,
    ) -> Result<Supplier, SupplierError> {
        self.ports
            .suppliers
            .get(scope.workspace_id, id)
            .await?
            .ok_or(SupplierError::NotFound)
    }

    pub async fn list_suppliers(
        &self,
        scope: &CatalogScope,
        page: PageRequest,
    ) -> Result<Page<Supplier>, SupplierError> {
        Ok(self.ports.suppliers.list(scope.workspace_id, page).await?)
    }

    pub async fn update_supplier(
        &self,
        scope: &CatalogScope,
        id: SupplierId,
        patch: SupplierPatch,
    ) -> Result<Supplier, SupplierError> {
        let mut supplier = self.get_supplier(scope, id).await?;
        if supplier.apply(patch, self.now()) {
            self.ports.suppliers.update(&supplier).await?;
        }
        Ok(supplier)
    }

    /// Deletes the supplier; products that came from it keep selling without one, and
    /// each of them is announced as changed.
    pub async fn delete_supplier(
        &self,
        scope: &CatalogScope,
        id: SupplierId,
    ) -> Result<(), SupplierError> {
        let affected = self.ports.suppliers.delete(scope.workspace_id, id).await?;
        for product_id in affected {
            self.product_changed(scope.workspace_id, product_id).await;
        }
        Ok(())
    }
}
