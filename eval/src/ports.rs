//! The knowledge service's outer ports for an evaluation run: products come from the
//! sample (not a catalog database), and scheduled tasks are collected and run in
//! place. Storage, embedder and vector index are the real adapters.

use std::sync::Mutex;

use async_trait::async_trait;
use kernel::WorkspaceId;
use knowledge::DocumentId;
use knowledge::service::{
    DocumentFiles, FileStoreError, KnowledgeTask, ProductCatalog, ProductFacts, ScheduleError,
    SourceReadError, TaskScheduler, VariantFacts, WorkspaceDirectory,
};
use uuid::Uuid;

use crate::data::SampleProduct;

pub struct SampleCatalog {
    pub products: Vec<ProductFacts>,
}

impl SampleCatalog {
    pub fn new(workspace_id: WorkspaceId, sample: &[SampleProduct]) -> Self {
        let products = sample
            .iter()
            .map(|p| {
                let variants: Vec<VariantFacts> = p
                    .variants
                    .iter()
                    .map(|v| VariantFacts {
                        kind: v.kind.clone(),
                        name: v.name.clone(),
                        price: v.price.clone(),
                        offered: p.available && v.available,
                    })
                    .collect();
                ProductFacts {
                    workspace_id,
                    product_id: Uuid::now_v7(),
                    name: p.name.clone(),
                    sku: Some(p.sku.clone()),
                    description: p.description.clone(),
                    category: Some(p.category.clone()),
                    tags: p.tags.clone(),
                    price: p.price.clone(),
                    list_price: None,
                    offered: p.available
                        && (variants.is_empty() || variants.iter().any(|v| v.offered)),
                    variants,
                }
            })
            .collect();
        Self { products }
    }
}

#[async_trait]
impl ProductCatalog for SampleCatalog {
    async fn product(
        &self,
        workspace_id: WorkspaceId,
        product_id: Uuid,
    ) -> Result<Option<ProductFacts>, SourceReadError> {
        Ok(self
            .products
            .iter()
            .find(|p| p.workspace_id == workspace_id && p.product_id == product_id)
            .cloned())
    }

    async fn all_products(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<ProductFacts>, SourceReadError> {
        Ok(self
            .products
            .iter()
            .filter(|p| p.workspace_id == workspace_id)
            .cloned()
            .collect())
    }

    /// Case-insensitive substring of name or SKU, as the catalog's search does.
    async fn find(
        &self,
        workspace_id: WorkspaceId,
        text: &str,
        limit: usize,
    ) -> Result<Vec<ProductFacts>, SourceReadError> {
        let text = text.to_lowercase();
        Ok(self
            .products
            .iter()
            .filter(|p| p.workspace_id == workspace_id && p.offered)
            .filter(|p| {
                p.name.to_lowercase().contains(&text)
                    || p.sku
                        .as_deref()
                        .is_some_and(|s| s.to_lowercase().contains(&text))
            })
            .take(limit)
            .cloned()
            .collect())
    }
}

pub struct OneWorkspace(pub WorkspaceId);

#[async_trait]
impl WorkspaceDirectory for OneWorkspace {
    async fn workspace_ids(&self) -> Result<Vec<WorkspaceId>, SourceReadError> {
        Ok(vec![self.0])
    }
}

/// No documents in the sample.
pub struct NoFiles;

#[async_trait]
impl DocumentFiles for NoFiles {
    async fn save(&self, _: WorkspaceId, _: DocumentId, _: &[u8]) -> Result<(), FileStoreError> {
        Err(FileStoreError("the evaluation uploads no documents".into()))
    }

    async fn load(&self, _: WorkspaceId, _: DocumentId) -> Result<Option<Vec<u8>>, FileStoreError> {
        Ok(None)
    }

    async fn remove(&self, _: WorkspaceId, _: DocumentId) -> Result<(), FileStoreError> {
        Ok(())
    }
}

/// Collects tasks; the run executes them in place (there is no job runner).
#[derive(Default)]
pub struct CollectedTasks(pub Mutex<Vec<KnowledgeTask>>);

impl CollectedTasks {
    pub fn take(&self) -> Vec<KnowledgeTask> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

#[async_trait]
impl TaskScheduler for CollectedTasks {
    async fn schedule(&self, task: KnowledgeTask) -> Result<(), ScheduleError> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(task);
        Ok(())
    }
}

/// The sample has no documents, so nothing is ever extracted.
pub struct NoExtractor;

#[async_trait]
impl knowledge::TextExtractor for NoExtractor {
    async fn extract(
        &self,
        _: &[u8],
        _: knowledge::DocumentFormat,
    ) -> Result<knowledge::ExtractedText, knowledge::ExtractError> {
        Err(knowledge::ExtractError::UnsupportedType(
            "the evaluation extracts nothing".into(),
        ))
    }
}
