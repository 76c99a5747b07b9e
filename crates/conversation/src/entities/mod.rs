//! Entities: what the message names, matched against this workspace's catalog.
//!
//! Products (fuzzy, partial, typo- and accent-tolerant), variants (as the catalog names
//! them, or the same colour/size/scent in another language), quantities (digits or
//! words), a shipping location, a yes/no, and references like "the first one". Items
//! group a product with the variant and quantity next to it, so "2 Glow Serum 50ml and
//! a Lip Oil" is two cart lines.

mod confirmation;
mod index;
mod items;
mod location;
mod places;
mod product;
mod quantity;
mod reference;
mod snapshot;
mod streets;
mod synonyms;
mod terms;
mod variant;

use catalog::{ProductId, VariantId, VariantKind};
use serde::Serialize;

pub use snapshot::{CatalogSnapshot, CatalogSnapshotError, SnapshotProduct, SnapshotVariant};

use crate::language::Language;
use crate::text::{Token, analysed, tokenize};

/// Where in the message something was found: byte offsets and the text itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl TextSpan {
    pub(crate) fn of_tokens(text: &str, tokens: &[Token<'_>], first: usize, last: usize) -> Self {
        let start = tokens.get(first).map_or(0, |t| t.start);
        let end = tokens.get(last).map_or(start, |t| t.end).max(start);
        TextSpan {
            start,
            end,
            text: text.get(start..end).unwrap_or_default().to_owned(),
        }
    }
}

/// A catalog product the message may mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductMatch {
    pub product_id: ProductId,
    pub name: String,
    /// 0..1: 1 for the full name (or the SKU), about 0.8 for a leading part of it
    /// ("glow serum" for "Glow Serum Vitamin C"), less for scattered words or typos.
    pub score: f32,
}

/// One place in the message that names a product; several candidates when the words
/// fit more than one product about equally ("glow serum" with two Glow Serums).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductMention {
    pub span: TextSpan,
    /// Best first; never empty.
    pub candidates: Vec<ProductMatch>,
}

impl ProductMention {
    pub fn best(&self) -> Option<&ProductMatch> {
        self.candidates.first()
    }

    /// More than one product fits: ask which one instead of guessing.
    pub fn is_ambiguous(&self) -> bool {
        self.candidates.len() > 1
    }
}

/// A variant of a product in scope whose name the message used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantMatch {
    pub product_id: ProductId,
    pub variant_id: VariantId,
    pub name: String,
}

/// A variant name found in the message ("50ml", "rojo" for "Red").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantMention {
    pub span: TextSpan,
    /// The catalog's spelling of the name the customer used.
    pub name: String,
    pub kind: VariantKind,
    /// 1 for the catalog's own words, 0.9 for a translation, 0.8 with a typo.
    pub score: f32,
    /// Variants with this name among the products mentioned in the message or in focus
    /// (the product being ordered). Empty when no product is in scope: then `name` is
    /// all we know.
    pub matches: Vec<VariantMatch>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantitySource {
    Digits,
    Words,
}

/// A number of units ("2", "x3", "two", "un par", "una dozzina").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuantityMention {
    pub value: u32,
    pub span: TextSpan,
    pub source: QuantitySource,
}

/// Where to ship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocationMention {
    pub span: TextSpan,
    /// The place's usual English name when it is a known city or country ("Milan" for
    /// "Milano"), else the customer's words.
    pub name: String,
    /// A city or country of the built-in list, rather than a capitalised guess.
    pub known: bool,
    /// ISO 3166 country code of a known place.
    pub country: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    Yes,
    No,
}

/// A pointer to something listed before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "position", rename_all = "snake_case")]
pub enum Reference {
    /// 1-based position in the last list the assistant showed ("the second one", "#2").
    Nth(u8),
    Last,
    /// "this one", "quello": the product being talked about.
    This,
}

/// A product with the variant and quantity written next to it: one cart line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemMention {
    /// Index into `Entities::products`.
    pub product: usize,
    pub product_id: ProductId,
    pub variant_id: Option<VariantId>,
    pub quantity: Option<u32>,
}

/// Everything extracted from one message.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Entities {
    pub products: Vec<ProductMention>,
    pub variants: Vec<VariantMention>,
    pub quantities: Vec<QuantityMention>,
    pub location: Option<LocationMention>,
    pub confirmation: Option<Confirmation>,
    pub reference: Option<Reference>,
    pub items: Vec<ItemMention>,
}

impl Entities {
    /// Variants of one product named in the message (for "which size?" answers).
    pub fn variants_of(&self, product_id: ProductId) -> impl Iterator<Item = &VariantMatch> {
        self.variants
            .iter()
            .flat_map(|m| m.matches.iter())
            .filter(move |m| m.product_id == product_id)
    }

    /// The single quantity of the message, when there is exactly one.
    pub fn quantity(&self) -> Option<u32> {
        match self.quantities.as_slice() {
            [only] => Some(only.value),
            _ => None,
        }
    }
}

/// What the assistant asked last, which changes how an answer reads: after "how many?",
/// "one" is a quantity; after "where should we ship it?", "sydney" is a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingQuestion {
    Product,
    Variant,
    Quantity,
    Location,
    Confirmation,
}

/// The context extraction reads besides the message.
#[derive(Debug, Clone, Copy)]
pub struct ExtractionContext<'a> {
    /// The language of the message (or of the conversation when the message has none).
    pub language: Language,
    pub pending: Option<PendingQuestion>,
    /// Products already in play (being ordered, just shown): their variants are matched
    /// even when the message does not name the product.
    pub focus: &'a [ProductId],
}

/// Extracts every entity from a message.
pub fn extract_entities(
    text: &str,
    catalog: &CatalogSnapshot,
    context: &ExtractionContext<'_>,
) -> Entities {
    let text = analysed(text);
    let tokens = tokenize(text);
    let found = match_catalog(text, &tokens, catalog, context.focus);
    complete(text, &tokens, found, context)
}

/// Products and variants: language-independent, so done before language detection
/// (whose evidence should not include product names).
pub(crate) struct CatalogFindings {
    pub products: Vec<ProductMention>,
    pub variants: Vec<VariantMention>,
    /// Token positions inside product or variant mentions.
    pub covered: Vec<bool>,
}

pub(crate) fn match_catalog(
    text: &str,
    tokens: &[Token<'_>],
    catalog: &CatalogSnapshot,
    focus: &[ProductId],
) -> CatalogFindings {
    let terms = terms::terms(tokens);
    let hits = variant::find_variant_names(tokens, &terms, catalog);
    let products = product::find_products(text, tokens, &terms, catalog, &hits);
    let variants = variant::mentions(text, tokens, hits, &products, catalog, focus);
    let mut covered = vec![false; tokens.len()];
    let spans = products
        .iter()
        .map(|p| &p.span)
        .chain(variants.iter().map(|v| &v.span));
    for span in spans {
        for (i, token) in tokens.iter().enumerate() {
            if token.start >= span.start && token.end <= span.end {
                covered[i] = true;
            }
        }
    }
    CatalogFindings {
        products,
        variants,
        covered,
    }
}

/// Everything else, once the language is known.
pub(crate) fn complete(
    text: &str,
    tokens: &[Token<'_>],
    found: CatalogFindings,
    context: &ExtractionContext<'_>,
) -> Entities {
    let quantities = quantity::find_quantities(text, tokens, &found.covered, context);
    let location = location::find_location(text, tokens, &found.covered, context);
    let confirmation = confirmation::find_confirmation(tokens, context);
    let reference = reference::find_reference(tokens, context.language);
    let items = items::group(tokens, &found.products, &found.variants, &quantities);
    Entities {
        products: found.products,
        variants: found.variants,
        quantities,
        location,
        confirmation,
        reference,
        items,
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
