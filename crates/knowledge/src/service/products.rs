//! Products in the index: one point per product holding what a customer asks about
//! (name, category, variants with prices, effective price, availability, SKU, tags,
//! description) in whatever language the seller wrote it.

use std::collections::BTreeMap;

use kernel::WorkspaceId;
use uuid::Uuid;

use super::errors::IndexError;
use super::ports::{ProductFacts, ScheduleError};
use super::{KnowledgeService, KnowledgeTask};
use crate::ranking::{METADATA_NAME, METADATA_SKUS};
use crate::{SourceRef, SourceType, VectorPoint};

/// The text embedded for a product. The name and the facts customers ask about come
/// first and the description last: embedders that read a limited number of tokens
/// (MiniLM) cut the end, and a cut description loses less than a cut price.
pub fn product_text(product: &ProductFacts) -> String {
    let mut lines = vec![product.name.clone()];
    if let Some(category) = &product.category {
        lines.push(format!("Category: {category}"));
    }
    if !product.variants.is_empty() {
        let variants: Vec<String> = product
            .variants
            .iter()
            .map(|v| {
                let stock = if v.offered { "" } else { ", not available" };
                format!("{} ({}{stock})", v.name, v.price)
            })
            .collect();
        lines.push(format!("Variants: {}", variants.join("; ")));
    }
    match &product.list_price {
        Some(list) => lines.push(format!("Price: {} (was {list})", product.price)),
        None => lines.push(format!("Price: {}", product.price)),
    }
    lines.push(
        if product.offered {
            "Available now"
        } else {
            "Not available now"
        }
        .to_owned(),
    );
    if let Some(sku) = &product.sku {
        lines.push(format!("SKU: {sku}"));
    }
    if !product.tags.is_empty() {
        lines.push(format!("Tags: {}", product.tags.join(", ")));
    }
    let description = product.description.trim();
    if !description.is_empty() {
        lines.push(description.to_owned());
    }
    lines.join("\n")
}

/// The text a product's vector is computed from: what it is (name, category, tags,
/// variant names, description), without prices, SKU and stock labels. Those are
/// numbers and codes an embedding model reads as noise: mean-pooled with the rest they
/// pull every product towards "a price list", and customers describing what they want
/// ("a cream for very dry skin") then find the wrong one. They stay in the hit's text
/// (`product_text`), where ranking matches SKUs and sizes exactly and answers quote them.
pub fn product_meaning(product: &ProductFacts) -> String {
    let mut parts = vec![product.name.clone()];
    if let Some(category) = &product.category {
        parts.push(category.clone());
    }
    if !product.tags.is_empty() {
        parts.push(product.tags.join(", "));
    }
    if !product.variants.is_empty() {
        let names: Vec<&str> = product.variants.iter().map(|v| v.name.as_str()).collect();
        parts.push(names.join(", "));
    }
    let description = product.description.trim();
    if !description.is_empty() {
        parts.push(description.to_owned());
    }
    parts.join("\n")
}

/// Display data for hits, and the name and SKUs ranking matches exactly.
fn product_metadata(product: &ProductFacts) -> BTreeMap<String, String> {
    let mut metadata = BTreeMap::from([
        (METADATA_NAME.to_owned(), product.name.clone()),
        ("price".to_owned(), product.price.clone()),
        ("offered".to_owned(), product.offered.to_string()),
    ]);
    if let Some(sku) = &product.sku {
        metadata.insert(METADATA_SKUS.to_owned(), sku.clone());
    }
    if let Some(category) = &product.category {
        metadata.insert("category".to_owned(), category.clone());
    }
    if !product.variants.is_empty() {
        let names: Vec<&str> = product.variants.iter().map(|v| v.name.as_str()).collect();
        metadata.insert("variants".to_owned(), names.join("|"));
    }
    metadata
}

impl KnowledgeService {
    /// The `IndexProduct` task: indexes the product as the catalog has it now, or
    /// removes it when it is gone (deleted since the change was announced).
    pub async fn index_product(
        &self,
        workspace_id: WorkspaceId,
        product_id: Uuid,
    ) -> Result<(), IndexError> {
        match self.ports.catalog.product(workspace_id, product_id).await? {
            Some(product) => self.index_products(&[product]).await,
            None => Ok(self
                .delete_points(workspace_id, SourceType::Product, product_id)
                .await?),
        }
    }

    /// A product changed: schedules its indexing. A task rather than inline work,
    /// because catalog imports announce thousands of changes at once; the job runner
    /// picks it up within its poll interval (100 ms), well inside a second.
    pub async fn product_changed(
        &self,
        workspace_id: WorkspaceId,
        product_id: Uuid,
    ) -> Result<(), ScheduleError> {
        self.ports
            .tasks
            .schedule(KnowledgeTask::IndexProduct {
                workspace_id,
                product_id,
            })
            .await
    }

    /// Removes a deleted product from search at once; when the index refuses, a task
    /// retries it.
    pub async fn remove_product(
        &self,
        workspace_id: WorkspaceId,
        product_id: Uuid,
    ) -> Result<(), IndexError> {
        self.delete_points_or_schedule(workspace_id, SourceType::Product, product_id)
            .await
    }

    pub(super) async fn index_products(&self, products: &[ProductFacts]) -> Result<(), IndexError> {
        let meanings: Vec<String> = products.iter().map(product_meaning).collect();
        let vectors = self.embed_batches(&meanings).await?;
        let texts = products.iter().map(product_text);
        let points: Vec<VectorPoint> = products
            .iter()
            .zip(texts)
            .zip(vectors)
            .map(|((product, text), vector)| VectorPoint {
                workspace_id: product.workspace_id,
                source: SourceRef::product(product.product_id),
                text,
                available: product.offered,
                metadata: product_metadata(product),
                vector,
            })
            .collect();
        self.upsert_points(&points).await
    }
}
