//! Product names in a message: whole, partial ("glow serum" for "Glow Serum Vitamin C"),
//! misspelt ("glwo serum"), unaccented ("creme brulee"), or by SKU.
//!
//! Score of a product (0..1):
//! - *coverage*: the share of the name's weight the message said, each name word
//!   weighted by how rare it is in the catalog and discounted by its match quality
//!   (translation 0.9, typo 0.8); all words said = 1. Times `0.5 + 0.5 *
//!   compactness`, compactness being the matched words over the stretch of the message
//!   they span.
//! - A leading run of two or more name words said in order ("glow serum") scores at
//!   least 0.7 + 0.05 per word (max 0.85), times the run's match quality: customers
//!   name products by their first words. It stays below a full name (1.0) by more than
//!   the ambiguity margin, so "glow serum" means "Glow Serum", not "Glow Serum Vitamin C".
//! - One word that only this product has ("retinol"), or the name's first word, when it
//!   is no common word of ours, scores at least 0.6.
//!
//! A product needs 0.5 to be mentioned. Candidates sharing the same words within 0.15 of
//! the best are kept together as one ambiguous mention.

use std::collections::HashMap;

use super::index::sku_key;
use super::snapshot::CatalogSnapshot;
use super::terms::Term;
use super::variant::VariantHit;
use super::{ProductMatch, ProductMention, TextSpan};
use crate::lexicon::{is_known_word, is_stopword};
use crate::text::{Token, WordMatch};

const MENTION_THRESHOLD: f32 = 0.5;
const AMBIGUITY_MARGIN: f32 = 0.15;
/// An ambiguous mention lists at most this many candidates: enough to ask "which one?".
const MAX_CANDIDATES: usize = 5;
/// A product matched only through words that also name a variant ("rose") needs this
/// much to keep the words from the variant.
const BEATS_VARIANT: f32 = 0.8;

/// One scored product with the message terms it used.
#[derive(Debug, Clone)]
struct Candidate {
    position: usize,
    score: f32,
    /// Message term indices used, sorted.
    used: Vec<usize>,
}

pub(crate) fn find_products(
    text: &str,
    tokens: &[Token<'_>],
    terms: &[Term],
    catalog: &CatalogSnapshot,
    variant_hits: &[VariantHit],
) -> Vec<ProductMention> {
    let index = catalog.index();
    // product position -> [(message term, catalog term, quality)]
    let mut found: HashMap<usize, Vec<(usize, String, f32)>> = HashMap::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    candidates.extend(find_skus(tokens, terms, catalog));
    for (i, term) in terms.iter().enumerate() {
        if is_stopword(&term.text) {
            continue;
        }
        for (catalog_term, quality) in index.vocabulary_matches(&term.text) {
            for &position in index.products_with(&catalog_term) {
                found
                    .entry(position)
                    .or_default()
                    .push((i, catalog_term.clone(), quality));
            }
        }
    }
    let ranks = content_ranks(terms);
    for (position, hits) in found {
        if let Some(candidate) = score(position, &hits, &ranks, catalog) {
            candidates.push(candidate);
        }
    }
    candidates.retain(|c| {
        c.score >= BEATS_VARIANT
            || !c
                .used
                .iter()
                .all(|&i| inside_variant(&terms[i], variant_hits))
    });
    group(text, tokens, terms, catalog, candidates)
}

/// Each message term's position among the content words (function words skipped), so
/// "glow serum *with* vitamin c" counts as four words in a row.
fn content_ranks(terms: &[Term]) -> Vec<usize> {
    let mut rank = 0;
    terms
        .iter()
        .map(|t| {
            let current = rank;
            if !is_stopword(&t.text) {
                rank += 1;
            }
            current
        })
        .collect()
}

/// SKUs written whole or in pieces ("MSC-001", "msc 001"): up to four neighbouring
/// tokens joined.
fn find_skus(tokens: &[Token<'_>], terms: &[Term], catalog: &CatalogSnapshot) -> Vec<Candidate> {
    const MAX_PIECES: usize = 4;
    const MIN_LENGTH: usize = 3;
    let mut found = Vec::new();
    for first in 0..tokens.len() {
        let mut key = String::new();
        for (last, token) in tokens.iter().enumerate().skip(first).take(MAX_PIECES) {
            key.push_str(&sku_key(token.raw));
            if key.chars().count() < MIN_LENGTH {
                continue;
            }
            if let Some(position) = catalog.index().sku(&key) {
                let used = terms
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.first >= first && t.last <= last)
                    .map(|(i, _)| i)
                    .collect();
                found.push(Candidate {
                    position,
                    score: 1.0,
                    used,
                });
            }
        }
    }
    found
}

fn inside_variant(term: &Term, hits: &[VariantHit]) -> bool {
    hits.iter()
        .any(|h| term.first >= h.first_token && term.last <= h.last_token)
}

fn score(
    position: usize,
    hits: &[(usize, String, f32)],
    ranks: &[usize],
    catalog: &CatalogSnapshot,
) -> Option<Candidate> {
    let name = catalog.index().product_terms(position);
    if name.is_empty() {
        return None;
    }
    // For each name word, the best message term (each message term used once).
    let mut matched: Vec<Option<(usize, f32)>> = vec![None; name.len()];
    let mut used_terms: Vec<usize> = Vec::new();
    for (k, word) in name.iter().enumerate() {
        // A number in a name ("SPF 50", "No 5") counts only right after the name word
        // before it: a lone "2" in "2 glow serum" is a quantity, not a name.
        let previous = k
            .checked_sub(1)
            .and_then(|p| matched.get(p).copied().flatten())
            .map(|(i, _)| i);
        let is_number = word.text.chars().all(|c| c.is_ascii_digit());
        let best = hits
            .iter()
            .filter(|(i, t, _)| *t == word.text && !used_terms.contains(i))
            .filter(|(i, _, _)| !is_number || previous.is_some_and(|p| *i == p + 1))
            .max_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((i, _, q)) = best {
            matched[k] = Some((*i, *q));
            used_terms.push(*i);
        }
    }
    let total: f32 = name.iter().map(|w| w.weight).sum();
    let said: f32 = name
        .iter()
        .zip(&matched)
        .filter_map(|(w, m)| m.map(|(_, q)| w.weight * q))
        .sum();
    if said <= 0.0 {
        return None;
    }
    // Words scattered over the message ("matte gloss ... silk balm honey") say less
    // than words side by side.
    let used_ranks: Vec<usize> = used_terms
        .iter()
        .filter_map(|i| ranks.get(*i).copied())
        .collect();
    let spread = match (used_ranks.iter().min(), used_ranks.iter().max()) {
        (Some(low), Some(high)) => high - low + 1,
        _ => 1,
    };
    let compactness = used_ranks.len() as f32 / spread as f32;
    let mut score = said / total * (0.5 + 0.5 * compactness);
    let run = leading_run(&matched);
    if run >= 2 && run < name.len() {
        let quality = matched[..run]
            .iter()
            .flatten()
            .map(|(_, q)| *q)
            .fold(1.0f32, f32::min);
        let floor = (0.7 + 0.05 * run as f32).min(0.85) * quality;
        score = score.max(floor);
    }
    let distinctive = name.iter().zip(&matched).enumerate().any(|(k, (w, m))| {
        m.is_some_and(|(_, q)| q >= WordMatch::Exact.quality())
            && w.text.chars().count() >= 4
            && !is_known_word(&w.text)
            && (w.products == 1 || k == 0)
    });
    if distinctive {
        score = score.max(0.6);
    }
    used_terms.sort_unstable();
    (score >= MENTION_THRESHOLD).then_some(Candidate {
        position,
        score: score.min(1.0),
        used: used_terms,
    })
}

/// How many of the name's first words were said, in order and next to each other.
fn leading_run(matched: &[Option<(usize, f32)>]) -> usize {
    let mut run = 0;
    let mut previous: Option<usize> = None;
    for m in matched {
        match (m, previous) {
            (Some((i, _)), None) => previous = Some(*i),
            (Some((i, _)), Some(p)) if *i == p + 1 => previous = Some(*i),
            _ => break,
        }
        run += 1;
    }
    run
}

/// Groups candidates that used overlapping words into mentions, best first within each,
/// mentions in message order.
fn group(
    text: &str,
    tokens: &[Token<'_>],
    terms: &[Term],
    catalog: &CatalogSnapshot,
    mut candidates: Vec<Candidate>,
) -> Vec<ProductMention> {
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.used.len().cmp(&a.used.len()))
            .then(a.position.cmp(&b.position))
    });
    let mut groups: Vec<(Vec<usize>, Vec<Candidate>)> = Vec::new();
    for candidate in candidates {
        let overlapping = groups
            .iter_mut()
            .find(|(used, _)| candidate.used.iter().any(|i| used.contains(i)));
        match overlapping {
            Some((_, members)) => {
                let Some(best) = members.first() else {
                    continue;
                };
                let subsumed = candidate.used.len() < best.used.len()
                    && candidate.used.iter().all(|i| best.used.contains(i));
                let close = best.score - candidate.score <= AMBIGUITY_MARGIN;
                let duplicate = members.iter().any(|m| m.position == candidate.position);
                if close && !subsumed && !duplicate && members.len() < MAX_CANDIDATES {
                    members.push(candidate);
                }
            }
            None => groups.push((candidate.used.clone(), vec![candidate])),
        }
    }
    let mut mentions: Vec<(usize, ProductMention)> = groups
        .into_iter()
        .filter_map(|(used, members)| {
            let first = terms.get(*used.first()?)?.first;
            let last = terms.get(*used.last()?)?.last;
            let candidates = members
                .into_iter()
                .filter_map(|c| {
                    catalog.product_at(c.position).map(|p| ProductMatch {
                        product_id: p.id,
                        name: p.name.as_str().to_owned(),
                        score: c.score,
                    })
                })
                .collect::<Vec<_>>();
            (!candidates.is_empty()).then(|| {
                (
                    first,
                    ProductMention {
                        span: TextSpan::of_tokens(text, tokens, first, last),
                        candidates,
                    },
                )
            })
        })
        .collect();
    mentions.sort_by_key(|(first, _)| *first);
    mentions.into_iter().map(|(_, m)| m).collect()
}
