//! Word indexes over product and variant names, built once per catalog snapshot.

use std::collections::{HashMap, HashSet};

use catalog::{ProductId, VariantKind};

use super::snapshot::SnapshotProduct;
use super::synonyms::concepts;
use super::terms::name_terms;
use crate::lexicon::{is_known_word, is_stopword};
use crate::text::{WordMatch, words_match};

/// The quality of a word matched through its translation.
const TRANSLATED: f32 = 0.9;

/// A term of a product name with how much it singles the product out:
/// `ln(1 + products / products_with_term)`, so "serum" in a shop of serums weighs little
/// and "retinol" a lot.
#[derive(Debug, Clone)]
pub(crate) struct WeightedTerm {
    pub text: String,
    pub weight: f32,
    /// How many products' names contain the term.
    pub products: usize,
}

/// A distinct variant name in the catalog ("50ml", "Rose Gold"), shared by every
/// product that has a variant so named.
#[derive(Debug, Clone)]
pub(crate) struct VariantNameEntry {
    pub terms: Vec<String>,
    pub display: String,
    pub kind: VariantKind,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    product_terms: Vec<Vec<WeightedTerm>>,
    postings: HashMap<String, Vec<usize>>,
    /// Every one-letter deletion of every vocabulary term (and the term itself) -> terms,
    /// so typo candidates are found by lookup (symmetric-delete), not by scanning.
    deletes: HashMap<String, Vec<String>>,
    /// Concept ("serum") -> vocabulary terms naming it ("serum", "siero").
    by_concept: HashMap<&'static str, Vec<String>>,
    skus: HashMap<String, usize>,
    positions: HashMap<ProductId, usize>,
    variant_names: Vec<VariantNameEntry>,
    /// First term of a variant name, or `#concept` for colour/size/scent words -> entries.
    variant_first: HashMap<String, Vec<usize>>,
    /// Per product: (variant position, variant name entry).
    product_variants: Vec<Vec<(usize, usize)>>,
}

impl NameIndex {
    pub(crate) fn build(products: &[SnapshotProduct]) -> Self {
        let mut index = NameIndex::default();
        let mut raw_terms: Vec<Vec<String>> = Vec::with_capacity(products.len());
        for (position, product) in products.iter().enumerate() {
            index.positions.insert(product.id, position);
            if let Some(sku) = &product.sku {
                index.skus.insert(sku_key(sku.as_str()), position);
            }
            let terms = content_terms(&name_terms(product.name.as_str()));
            let distinct: HashSet<&String> = terms.iter().collect();
            for term in distinct {
                index
                    .postings
                    .entry(term.clone())
                    .or_default()
                    .push(position);
            }
            raw_terms.push(terms);
            let variants = product
                .variants
                .iter()
                .enumerate()
                .map(|(v, variant)| (v, index.variant_entry(variant.name.as_str(), variant.kind)))
                .collect();
            index.product_variants.push(variants);
        }
        let total = products.len().max(1) as f32;
        index.product_terms = raw_terms
            .into_iter()
            .map(|terms| {
                terms
                    .into_iter()
                    .map(|text| {
                        let products = index.postings.get(&text).map_or(1, Vec::len);
                        WeightedTerm {
                            weight: (1.0 + total / products as f32).ln(),
                            products,
                            text,
                        }
                    })
                    .collect()
            })
            .collect();
        let vocabulary: Vec<String> = index.postings.keys().cloned().collect();
        for term in &vocabulary {
            for concept in concepts(term) {
                index
                    .by_concept
                    .entry(concept)
                    .or_default()
                    .push(term.clone());
            }
        }
        for term in vocabulary {
            if term.chars().count() < 4 || term.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            for key in deletions(&term).into_iter().chain([term.clone()]) {
                index.deletes.entry(key).or_default().push(term.clone());
            }
        }
        index
    }

    fn variant_entry(&mut self, display: &str, kind: VariantKind) -> usize {
        let terms = name_terms(display);
        if let Some(existing) = self
            .variant_names
            .iter()
            .position(|e| e.terms == terms && e.kind == kind)
        {
            return existing;
        }
        let id = self.variant_names.len();
        if let Some(first) = terms.first() {
            self.variant_first
                .entry(first.clone())
                .or_default()
                .push(id);
            for concept in concepts(first) {
                self.variant_first
                    .entry(format!("#{concept}"))
                    .or_default()
                    .push(id);
            }
        }
        self.variant_names.push(VariantNameEntry {
            terms,
            display: display.to_owned(),
            kind,
        });
        id
    }

    pub(crate) fn product_terms(&self, position: usize) -> &[WeightedTerm] {
        self.product_terms.get(position).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn products_with(&self, term: &str) -> &[usize] {
        self.postings.get(term).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn sku(&self, folded: &str) -> Option<usize> {
        self.skus.get(folded).copied()
    }

    pub(crate) fn position(&self, id: ProductId) -> Option<usize> {
        self.positions.get(&id).copied()
    }

    pub(crate) fn variant_names(&self) -> &[VariantNameEntry] {
        &self.variant_names
    }

    pub(crate) fn variant_entries_starting(&self, key: &str) -> &[usize] {
        self.variant_first.get(key).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn product_variants(&self, position: usize) -> &[(usize, usize)] {
        self.product_variants
            .get(position)
            .map_or(&[], Vec::as_slice)
    }

    /// Catalog terms a message term may stand for, with the match quality: itself (1),
    /// the same word in another language (0.9: "siero" for "serum"), or, when the
    /// customer's word is no real word of ours, a term one typo away (0.8).
    pub(crate) fn vocabulary_matches(&self, term: &str) -> Vec<(String, f32)> {
        let mut found: Vec<(String, f32)> = Vec::new();
        if self.postings.contains_key(term) {
            found.push((term.to_owned(), WordMatch::Exact.quality()));
        }
        for concept in concepts(term) {
            for synonym in self.by_concept.get(concept).into_iter().flatten() {
                if !found.iter().any(|(c, _)| c == synonym) {
                    found.push((synonym.clone(), TRANSLATED));
                }
            }
        }
        if !found.is_empty() || is_known_word(term) || term.chars().count() < 4 {
            return found;
        }
        for key in deletions(term).into_iter().chain([term.to_owned()]) {
            for candidate in self.deletes.get(&key).into_iter().flatten() {
                if found.iter().any(|(c, _)| c == candidate) {
                    continue;
                }
                if let Some(quality) = words_match(term, candidate) {
                    found.push((candidate.clone(), quality.quality()));
                }
            }
        }
        found
    }
}

/// A name's terms without function words ("Crema *di* rose"), unless that would leave
/// nothing ("The One").
fn content_terms(terms: &[String]) -> Vec<String> {
    let content: Vec<String> = terms.iter().filter(|t| !is_stopword(t)).cloned().collect();
    if content.is_empty() {
        terms.to_vec()
    } else {
        content
    }
}

/// SKUs compare by letters and digits only: customers type "msc 001" or "MSC001" for
/// "MSC-001".
pub(crate) fn sku_key(raw: &str) -> String {
    crate::text::fold(raw)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn deletions(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    (0..chars.len())
        .map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect()
}
