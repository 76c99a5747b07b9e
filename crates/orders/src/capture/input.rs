//! What one customer message gave the order capture, as the conversation layer
//! understood it, and the catalog facts the machine needs to accept or refuse it.

use catalog::{Product, ProductId, ProductName, VariantId, VariantName};
use serde::Serialize;

use crate::ShippingLocation;

/// A product as the catalog offers it right now. The machine never accepts a product
/// or a variant this says is not offered, and never more units than the counted stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductChoice {
    pub product_id: ProductId,
    pub name: ProductName,
    /// Whether the product may be sold at all (switched on, not sold out, not deleted,
    /// and, when it has variants, with at least one variant that may be sold).
    pub offered: bool,
    /// Units on the shelf when the shop counts them; `None` when it does not.
    pub stock: Option<u32>,
    /// Every variant, offered or not, so "sold out" can be told apart from "we do not
    /// make that", in the seller's order.
    pub variants: Vec<VariantChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantChoice {
    pub id: VariantId,
    pub name: VariantName,
    pub offered: bool,
    pub stock: Option<u32>,
}

impl ProductChoice {
    /// The facts as the catalog's own rules state them (`Product::is_offered`,
    /// `Product::is_variant_offered`).
    pub fn from_product(product: &Product) -> Self {
        Self {
            product_id: product.id(),
            name: product.name().clone(),
            offered: product.is_offered(),
            stock: product.stock().quantity(),
            variants: product
                .variants()
                .iter()
                .map(|variant| VariantChoice {
                    id: variant.id,
                    name: variant.name.clone(),
                    offered: product.is_variant_offered(variant),
                    stock: variant.stock.quantity(),
                })
                .collect(),
        }
    }

    pub fn has_variants(&self) -> bool {
        !self.variants.is_empty()
    }

    /// The variants a customer may pick. None at all when the product itself is not
    /// offered, whatever the variants say.
    pub fn offered_variants(&self) -> impl Iterator<Item = &VariantChoice> {
        self.variants.iter().filter(|v| self.offered && v.offered)
    }

    pub fn offered_variant_names(&self) -> Vec<VariantName> {
        self.offered_variants().map(|v| v.name.clone()).collect()
    }

    pub fn variant(&self, id: VariantId) -> Option<&VariantChoice> {
        self.variants.iter().find(|v| v.id == id)
    }

    /// The variant the customer named: by id, or by name ignoring case and spacing.
    pub fn find_variant(&self, pick: &VariantPick) -> Option<&VariantChoice> {
        match pick {
            VariantPick::Id(id) => self.variant(*id),
            VariantPick::Named(said) => {
                let key = match_key(said);
                self.variants
                    .iter()
                    .find(|v| v.name.match_key() == key || match_key(v.name.as_str()) == key)
            }
        }
    }

    pub fn is_variant_offered(&self, id: VariantId) -> bool {
        self.offered_variants().any(|v| v.id == id)
    }

    /// How many units one line may hold: the smaller of the product's and the
    /// variant's counted stock, `None` when neither is counted.
    pub fn stock_limit(&self, variant: Option<VariantId>) -> Option<u32> {
        let variant_stock = variant
            .and_then(|id| self.variant(id))
            .and_then(|v| v.stock);
        match (self.stock, variant_stock) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The same folding the catalog applies to variant names ("50 ML" is "50 ml"), and
/// spaces dropped so "50 ml" finds "50ml".
fn match_key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("")
}

/// A variant as the customer picked it: matched to an id by the conversation layer,
/// or just the words they used, which the machine matches against the product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VariantPick {
    Id(VariantId),
    Named(String),
}

/// A yes or no to the question the assistant asked last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    Yes,
    No,
}

/// One thing said towards the order: "2 Glow Serum 50ml" is one mention with all three;
/// "make it 3" is a mention with only a quantity, which applies to the line being
/// collected or else the line the customer touched last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemMention {
    pub product: Option<ProductChoice>,
    pub variant: Option<VariantPick>,
    /// As said, before validation: 0 or a huge number is answered, not dropped.
    pub quantity: Option<u32>,
}

/// Lines to take out: every line of the product, or only the one of that variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RemoveTarget {
    pub product_id: ProductId,
    pub variant_id: Option<VariantId>,
}

/// Everything one message gave the order. The conversation layer fills what it
/// understood; the machine decides what it means in the current stage.
///
/// Only what was said *towards the order* goes in `items`: a product named in a price
/// question goes in `discussed`, so it is remembered ("yes, two please" after the
/// price answer orders it) without starting or changing an order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaptureInput {
    /// Buying intent ("I'll take it", "quiero pedir") or an order change request.
    pub wants_to_order: bool,
    pub discussed: Option<ProductChoice>,
    pub items: Vec<ItemMention>,
    pub location: Option<ShippingLocation>,
    pub reply: Option<Reply>,
    /// "Add another", "also", "one more": mentions add to the cart instead of
    /// changing what is there; without a product it means "I want something else too".
    pub add_another: bool,
    pub remove: Vec<RemoveTarget>,
    /// "Cancel the order": empties the cart and stops ordering.
    pub cancel: bool,
}

impl CaptureInput {
    /// Whether the message gave the order anything beyond a yes/no.
    pub(crate) fn gives_order_data(&self) -> bool {
        !self.items.is_empty()
            || self.location.is_some()
            || !self.remove.is_empty()
            || self.add_another
    }

    /// Details that only make sense for an order in progress: a variant, a quantity,
    /// where to ship, something to remove.
    pub(crate) fn gives_details(&self) -> bool {
        self.items
            .iter()
            .any(|i| i.variant.is_some() || i.quantity.is_some())
            || self.location.is_some()
            || !self.remove.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use catalog::{
        NewProduct, NewVariant, Price, PriceModifier, StockLevel, VariantKind, VariantPatch,
    };
    use kernel::{Currency, WorkspaceId};

    use super::*;
    use crate::models::fixtures::at;

    #[test]
    fn choices_follow_the_catalog_rules() {
        let eur = Currency::parse("EUR").unwrap();
        let mut new = NewProduct::new(
            ProductName::parse("Glow Serum").unwrap(),
            Price::parse("45", eur).unwrap(),
        );
        new.stock = StockLevel::Tracked(7);
        new.variants = ["30ml", "50 ML"]
            .iter()
            .map(|name| {
                NewVariant::new(
                    VariantKind::Size,
                    VariantName::parse(name).unwrap(),
                    PriceModifier::zero(eur),
                )
            })
            .collect();
        let mut product = Product::create(WorkspaceId::new(), new, at(9)).unwrap();
        let thirty = product.variants()[0].id;
        let fifty = product.variants()[1].id;
        product
            .update_variant(
                thirty,
                VariantPatch {
                    stock: Some(StockLevel::Tracked(0)),
                    ..Default::default()
                },
                at(10),
            )
            .unwrap();
        product
            .update_variant(
                fifty,
                VariantPatch {
                    stock: Some(StockLevel::Tracked(3)),
                    ..Default::default()
                },
                at(10),
            )
            .unwrap();
        let choice = ProductChoice::from_product(&product);
        assert!(choice.offered);
        assert!(!choice.is_variant_offered(thirty));
        assert!(choice.is_variant_offered(fifty));
        assert_eq!(
            choice.offered_variant_names(),
            [VariantName::parse("50 ML").unwrap()]
        );
        assert_eq!(
            choice
                .find_variant(&VariantPick::Named("50ml".into()))
                .map(|v| v.id),
            Some(fifty)
        );
        assert_eq!(
            choice
                .find_variant(&VariantPick::Named("100ml".into()))
                .map(|v| v.id),
            None
        );
        assert_eq!(choice.stock_limit(Some(fifty)), Some(3));
        assert_eq!(choice.stock_limit(None), Some(7));
        let mut closed = choice.clone();
        closed.offered = false;
        assert_eq!(closed.offered_variants().count(), 0);
    }
}
