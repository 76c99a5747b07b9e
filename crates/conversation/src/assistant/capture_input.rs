//! From what a message was understood to say, what it gives the order being captured.

use catalog::ProductId;
use orders::{
    CaptureInput, CaptureStage, ItemMention as CaptureItem, ProductChoice, RemoveTarget,
    Reply as YesNo, ShippingLocation, VariantChoice, VariantPick,
};

use super::cart_cues::CartCues;
use crate::entities::{CatalogSnapshot, Confirmation, PendingQuestion, SnapshotProduct};
use crate::intents::Intent;
use crate::understanding::Understanding;

/// The order machine's view of a catalog product. The summary's quote checks stock
/// against the catalog again before anything is confirmed (the snapshot may be a
/// minute old).
pub(crate) fn choice_of(product: &SnapshotProduct) -> ProductChoice {
    ProductChoice {
        product_id: product.id,
        name: product.name.clone(),
        offered: product.available
            && (product.variants.is_empty() || product.variants.iter().any(|v| v.available)),
        stock: product.stock,
        variants: product
            .variants
            .iter()
            .map(|v| VariantChoice {
                id: v.id,
                name: v.name.clone(),
                offered: v.available && product.available,
                stock: v.stock,
            })
            .collect(),
    }
}

fn choice(catalog: &CatalogSnapshot, id: ProductId) -> Option<ProductChoice> {
    catalog.product(id).map(choice_of)
}

/// Intents that ask about the shop rather than order: a product they name is
/// "discussed", remembered for "yes, I'll take it", not put in the cart.
fn is_question(intent: Intent) -> bool {
    matches!(
        intent,
        Intent::PriceCheck | Intent::ProductInquiry | Intent::AvailabilityCheck
    )
}

pub(crate) fn capture_input(
    understanding: &Understanding,
    catalog: &CatalogSnapshot,
    stage: CaptureStage,
    pending: Option<PendingQuestion>,
    cues: CartCues,
) -> CaptureInput {
    let intent = understanding.intent();
    let entities = &understanding.entities;
    let wants_to_order = matches!(intent, Intent::BuyingIntent | Intent::OrderModification)
        || understanding.intents.confidence_of(Intent::BuyingIntent) >= 0.5;
    let ordering = !matches!(stage, CaptureStage::Browsing | CaptureStage::OrderCaptured);
    let answers_question = pending.is_some_and(|q| q != PendingQuestion::Confirmation);
    let towards_order =
        wants_to_order || (ordering && !is_question(intent)) || answers_question || cues.add;

    let unambiguous = |index: usize| {
        entities
            .products
            .get(index)
            .is_some_and(|mention| !mention.is_ambiguous())
    };
    let discussed = entities
        .products
        .iter()
        .find(|m| !m.is_ambiguous())
        .and_then(|m| m.best())
        .and_then(|best| choice(catalog, best.product_id));

    let mut items = Vec::new();
    let mut remove = Vec::new();
    if cues.remove && !entities.items.is_empty() {
        remove = entities
            .items
            .iter()
            .filter(|item| unambiguous(item.product))
            .map(|item| RemoveTarget {
                product_id: item.product_id,
                variant_id: item.variant_id,
            })
            .collect();
    } else if towards_order {
        items = entities
            .items
            .iter()
            .filter(|item| unambiguous(item.product))
            .filter_map(|item| {
                Some(CaptureItem {
                    product: Some(choice(catalog, item.product_id)?),
                    variant: item.variant_id.map(VariantPick::Id),
                    quantity: item.quantity,
                })
            })
            .collect();
        if items.is_empty() {
            // An answer without a product ("50ml", "two", "the red one, 3 please"):
            // it applies to the line being collected.
            let variant =
                entities
                    .variants
                    .first()
                    .map(|mention| match mention.matches.as_slice() {
                        [only] => VariantPick::Id(only.variant_id),
                        _ => VariantPick::Named(mention.name.clone()),
                    });
            let quantity = entities.quantity();
            if variant.is_some() || quantity.is_some() {
                items.push(CaptureItem {
                    product: None,
                    variant,
                    quantity,
                });
            }
        }
    }

    let location = entities
        .location
        .as_ref()
        .and_then(|l| ShippingLocation::parse(&as_said(&l.span.text)).ok())
        .filter(|_| towards_order || ordering || pending == Some(PendingQuestion::Confirmation));
    let reply = entities.confirmation.map(|c| match c {
        Confirmation::Yes => YesNo::Yes,
        Confirmation::No => YesNo::No,
    });

    CaptureInput {
        wants_to_order,
        discussed,
        items,
        location,
        reply,
        add_another: cues.add && towards_order,
        remove,
        cancel: cues.cancel && (ordering || intent == Intent::OrderModification),
    }
}

/// The question a reply asking for `next` puts to the customer.
pub(crate) fn pending_of(next: &orders::NextStep) -> Option<PendingQuestion> {
    match next {
        orders::NextStep::AskProduct => Some(PendingQuestion::Product),
        orders::NextStep::AskVariant { .. } => Some(PendingQuestion::Variant),
        orders::NextStep::AskQuantity { .. } => Some(PendingQuestion::Quantity),
        orders::NextStep::AskLocation => Some(PendingQuestion::Location),
        orders::NextStep::Confirm { .. } => Some(PendingQuestion::Confirmation),
        orders::NextStep::Nothing | orders::NextStep::PlaceOrder { .. } => None,
    }
}

/// Where to ship, in the customer's own words ("Milano" stays Milano: the seller ships
/// to what the customer wrote), capitalised when they typed it all in lower case.
pub(crate) fn as_said(text: &str) -> String {
    let text = text.trim().trim_end_matches(['.', '!', '?', ',']);
    if text.chars().any(char::is_uppercase) {
        return text.to_owned();
    }
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
