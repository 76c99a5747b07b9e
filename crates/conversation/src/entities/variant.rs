//! Variant names in a message: the catalog's own words ("50ml", "Rose Gold"), the same
//! colour, size or scent in another language ("rojo" for "Red"), or a typo of a long one.

use catalog::ProductId;

use super::index::NameIndex;
use super::snapshot::CatalogSnapshot;
use super::synonyms::{concepts, same_concept};
use super::terms::Term;
use super::{ProductMention, TextSpan, VariantMatch, VariantMention};
use crate::lexicon::is_known_word;
use crate::text::{Token, WordMatch, words_match};

const TRANSLATED: f32 = 0.9;

/// Variant names found at one place of the message, before knowing which products are
/// in scope.
#[derive(Debug, Clone)]
pub(crate) struct VariantHit {
    /// Distinct catalog variant names that fit (index into `NameIndex::variant_names`).
    pub entries: Vec<usize>,
    pub first_token: usize,
    pub last_token: usize,
    pub quality: f32,
}

pub(crate) fn find_variant_names(
    tokens: &[Token<'_>],
    terms: &[Term],
    catalog: &CatalogSnapshot,
) -> Vec<VariantHit> {
    let index = catalog.index();
    // (entry, first term, term count, quality)
    let mut raw: Vec<(usize, usize, usize, f32)> = Vec::new();
    for start in 0..terms.len() {
        for entry in candidate_entries(index, &terms[start].text) {
            let name = &index.variant_names()[entry].terms;
            if start + name.len() > terms.len() {
                continue;
            }
            let qualities: Option<Vec<f32>> = name
                .iter()
                .zip(&terms[start..start + name.len()])
                .map(|(word, term)| term_quality(tokens, term, word))
                .collect();
            if let Some(q) = qualities {
                let quality = q.into_iter().fold(1.0f32, f32::min);
                raw.push((entry, start, name.len(), quality));
            }
        }
    }
    // Longest names first, then the best quality: "rose gold" beats "rose".
    raw.sort_by(|a, b| b.2.cmp(&a.2).then(b.3.total_cmp(&a.3)));
    let mut hits: Vec<(usize, usize, VariantHit)> = Vec::new();
    for (entry, start, length, quality) in raw {
        let end = start + length;
        if let Some((_, _, same)) = hits.iter_mut().find(|(s, e, _)| *s == start && *e == end) {
            if !same.entries.contains(&entry) {
                same.entries.push(entry);
            }
            continue;
        }
        if hits.iter().any(|(s, e, _)| start < *e && *s < end) {
            continue;
        }
        hits.push((
            start,
            end,
            VariantHit {
                entries: vec![entry],
                first_token: terms[start].first,
                last_token: terms[end - 1].last,
                quality,
            },
        ));
    }
    let mut hits: Vec<VariantHit> = hits.into_iter().map(|(_, _, h)| h).collect();
    hits.sort_by_key(|h| h.first_token);
    hits
}

/// Names whose first word may be this term: same word, same concept, or a typo.
fn candidate_entries(index: &NameIndex, term: &str) -> Vec<usize> {
    let mut entries: Vec<usize> = index.variant_entries_starting(term).to_vec();
    for concept in concepts(term) {
        entries.extend_from_slice(index.variant_entries_starting(&format!("#{concept}")));
    }
    if entries.is_empty() && may_be_typo(term) {
        entries.extend(
            index
                .variant_names()
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e.terms
                        .first()
                        .is_some_and(|first| words_match(term, first).is_some())
                })
                .map(|(i, _)| i),
        );
    }
    entries.sort_unstable();
    entries.dedup();
    entries
}

fn may_be_typo(term: &str) -> bool {
    term.chars().count() >= 5 && !term.chars().any(|c| c.is_ascii_digit()) && !is_known_word(term)
}

fn term_quality(tokens: &[Token<'_>], term: &Term, word: &str) -> Option<f32> {
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        // Clothes-style sizes ("S", "M", "L") only as a capital standing alone, never
        // the "l" of "l'ordine" or the "s" of "it's".
        let token = tokens.get(term.first)?;
        let alone = !token.gap_before.ends_with(['\'', '’']);
        return (term.text == word && alone && token.raw.chars().all(char::is_uppercase))
            .then_some(1.0);
    }
    if term.text == word {
        return Some(1.0);
    }
    if same_concept(&term.text, word) {
        return Some(TRANSLATED);
    }
    if may_be_typo(&term.text) {
        return words_match(&term.text, word)
            .filter(|m| *m != WordMatch::Exact)
            .map(WordMatch::quality);
    }
    None
}

/// Turns hits into mentions: drops those inside a product name, and lists the variants
/// with that name among the products in scope.
pub(crate) fn mentions(
    text: &str,
    tokens: &[Token<'_>],
    hits: Vec<VariantHit>,
    products: &[ProductMention],
    catalog: &CatalogSnapshot,
    focus: &[ProductId],
) -> Vec<VariantMention> {
    let index = catalog.index();
    let scope: Vec<usize> = products
        .iter()
        .flat_map(|m| m.candidates.iter().map(|c| c.product_id))
        .chain(focus.iter().copied())
        .filter_map(|id| index.position(id))
        .collect();
    hits.into_iter()
        .filter(|hit| {
            let span = TextSpan::of_tokens(text, tokens, hit.first_token, hit.last_token);
            !products
                .iter()
                .any(|p| span.start < p.span.end && p.span.start < span.end)
        })
        .filter_map(|hit| {
            let mut matches = Vec::new();
            let mut seen_positions = Vec::new();
            for &position in &scope {
                if seen_positions.contains(&position) {
                    continue;
                }
                seen_positions.push(position);
                let Some(product) = catalog.product_at(position) else {
                    continue;
                };
                for &(variant_position, entry) in index.product_variants(position) {
                    if let (true, Some(variant)) = (
                        hit.entries.contains(&entry),
                        product.variants.get(variant_position),
                    ) {
                        matches.push(VariantMatch {
                            product_id: product.id,
                            variant_id: variant.id,
                            name: variant.name.as_str().to_owned(),
                        });
                    }
                }
            }
            let entry = index.variant_names().get(*hit.entries.first()?)?;
            let name = matches
                .first()
                .map_or_else(|| entry.display.clone(), |m| m.name.clone());
            Some(VariantMention {
                span: TextSpan::of_tokens(text, tokens, hit.first_token, hit.last_token),
                name,
                kind: entry.kind,
                score: hit.quality,
                matches,
            })
        })
        .collect()
}
