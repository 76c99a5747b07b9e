//! The labelled sample in `eval/data`: a beauty shop's catalog (English, Spanish and
//! Italian descriptions, variants, one discontinued product), its FAQ, and queries with
//! the source each should find.

use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct SampleProduct {
    pub sku: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub price: String,
    pub variants: Vec<SampleVariant>,
    pub tags: Vec<String>,
    pub available: bool,
}

#[derive(Debug, Deserialize)]
pub struct SampleVariant {
    pub kind: String,
    pub name: String,
    pub price: String,
    pub available: bool,
}

#[derive(Debug, Deserialize)]
pub struct SampleFaq {
    /// How queries name it: `faq:<key>`.
    pub key: String,
    pub question: String,
    pub answer: String,
    pub category: String,
}

#[derive(Debug, Deserialize)]
pub struct LabelledQuery {
    pub query: String,
    /// en, es or it.
    pub language: String,
    /// What the query tests: name, variant, description, typo, sku, faq.
    pub kind: String,
    /// `product:<SKU>` or `faq:<key>`.
    pub expected: String,
}

pub struct Sample {
    pub products: Vec<SampleProduct>,
    pub faqs: Vec<SampleFaq>,
    pub queries: Vec<LabelledQuery>,
}

fn read<T: serde::de::DeserializeOwned>(dir: &Path, file: &str) -> Result<T, String> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl Sample {
    pub fn load(dir: &Path) -> Result<Self, String> {
        let sample = Self {
            products: read(dir, "catalog.json")?,
            faqs: read(dir, "faqs.json")?,
            queries: read(dir, "queries.json")?,
        };
        for query in &sample.queries {
            let known = match query.expected.split_once(':') {
                Some(("product", sku)) => sample.products.iter().any(|p| p.sku == sku),
                Some(("faq", key)) => sample.faqs.iter().any(|f| f.key == key),
                _ => false,
            };
            if !known {
                return Err(format!(
                    "query '{}' expects '{}', which the sample does not have",
                    query.query, query.expected
                ));
            }
        }
        Ok(sample)
    }
}
