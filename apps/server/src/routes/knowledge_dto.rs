//! JSON shapes the knowledge routes share: FAQs, documents with their processing
//! state, ranked hits.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use knowledge::{Document, Faq, RankedHit};
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::FieldErrors;

#[derive(Debug, Serialize, ToSchema)]
pub struct FaqResponse {
    pub id: uuid::Uuid,
    #[schema(example = "Do you ship to Milan?")]
    pub question: String,
    #[schema(example = "Yes, within two working days.")]
    pub answer: String,
    #[schema(example = "shipping")]
    pub category: Option<String>,
    #[schema(example = json!(["italy", "delivery"]))]
    pub tags: Vec<String>,
    /// high, medium or low.
    #[schema(example = "medium")]
    pub priority: String,
    /// Inactive FAQs are kept but never offered to customers.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Faq> for FaqResponse {
    fn from(faq: Faq) -> Self {
        Self {
            id: faq.id.as_uuid(),
            question: faq.question.as_str().to_owned(),
            answer: faq.answer.as_str().to_owned(),
            category: faq.category.map(|c| c.as_str().to_owned()),
            tags: faq.tags.as_slice().to_vec(),
            priority: faq.priority.as_str().to_owned(),
            active: faq.active,
            created_at: faq.created_at,
            updated_at: faq.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentResponse {
    pub id: uuid::Uuid,
    #[schema(example = "shipping-policy.pdf")]
    pub file_name: String,
    #[schema(example = "application/pdf")]
    pub mime_type: String,
    pub size_bytes: u64,
    /// queued, extracting, chunking, embedding, completed or failed.
    #[schema(example = "embedding")]
    pub status: String,
    /// 0-100; 100 only once completed.
    #[schema(example = 64)]
    pub progress: u8,
    /// Chunks indexed (once completed).
    pub chunk_count: u32,
    /// Why processing failed, when it did.
    pub error: Option<DocumentErrorDto>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentErrorDto {
    #[schema(example = "encrypted")]
    pub code: String,
    #[schema(example = "the file is password-protected; upload a copy without a password")]
    pub message: String,
}

impl From<Document> for DocumentResponse {
    fn from(document: Document) -> Self {
        Self {
            id: document.id().as_uuid(),
            file_name: document.file_name().as_str().to_owned(),
            mime_type: document.format().mime_type().to_owned(),
            size_bytes: document.size_bytes(),
            status: document.status().as_str().to_owned(),
            progress: document.progress(),
            chunk_count: document.chunk_count(),
            error: document.failure().map(|f| DocumentErrorDto {
                code: f.code().to_owned(),
                message: f.message().to_owned(),
            }),
            created_at: document.created_at(),
            updated_at: document.updated_at(),
        }
    }
}

/// One ranked piece of knowledge.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitResponse {
    /// 1 for the best.
    pub rank: usize,
    /// 0..1, higher is better; above 0.9 the query named the product or its SKU.
    #[schema(example = 0.87)]
    pub score: f32,
    /// product, faq or document.
    #[schema(example = "faq")]
    pub source_type: String,
    /// The product, FAQ or document.
    pub source_id: uuid::Uuid,
    /// The chunk of a document (0 for products and FAQs).
    pub position: u32,
    /// The indexed text: what the assistant would quote.
    pub text: String,
    /// Display data: name, price and SKU of a product; category and tags of a FAQ;
    /// file name, page and section of a document chunk.
    #[schema(value_type = Object, example = json!({"name": "Glow Serum", "price": "45.00 EUR"}))]
    pub metadata: BTreeMap<String, String>,
    /// The parts of the score, for tuning.
    pub vector_score: f32,
    pub lexical_score: f32,
    /// sku or name when the query named it exactly.
    pub exact: Option<String>,
}

impl HitResponse {
    pub fn new(rank: usize, hit: RankedHit) -> Self {
        Self {
            rank,
            score: hit.score,
            source_type: hit.source.source_type.as_str().to_owned(),
            source_id: hit.source.source_id,
            position: hit.source.position,
            text: hit.text,
            metadata: hit.metadata,
            vector_score: hit.vector_score,
            lexical_score: hit.lexical_score,
            exact: hit.exact.map(|e| {
                match e {
                    knowledge::ExactMatch::Sku => "sku",
                    knowledge::ExactMatch::Name => "name",
                }
                .to_owned()
            }),
        }
    }
}

/// Keeps a parsed value, or records why `field` is invalid with the value's own code.
pub fn coded<T, E: std::fmt::Display>(
    errors: &mut FieldErrors,
    field: &str,
    code: impl FnOnce(&E) -> &'static str,
    parsed: Result<T, E>,
) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(e) => {
            errors.add(field, code(&e), e.to_string());
            None
        }
    }
}
