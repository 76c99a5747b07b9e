//! Cart lines: each product mention with the quantity and variant written around it,
//! up to the neighbouring product mentions ("2 Glow Serum 50ml and one Lip Oil in Rose"
//! is Glow Serum 50ml x2 and Lip Oil Rose x1).

use super::{ItemMention, ProductMention, QuantityMention, VariantMention};
use crate::text::Token;

pub(crate) fn group(
    tokens: &[Token<'_>],
    products: &[ProductMention],
    variants: &[VariantMention],
    quantities: &[QuantityMention],
) -> Vec<ItemMention> {
    let end_of_text = tokens.last().map_or(0, |t| t.end);
    let mut used_quantities = vec![false; quantities.len()];
    let mut items = Vec::new();
    for (k, mention) in products.iter().enumerate() {
        let Some(best) = mention.best() else { continue };
        let region_start = if k == 0 { 0 } else { products[k - 1].span.end };
        let region_end = products
            .get(k + 1)
            .map_or(end_of_text, |next| next.span.start);
        let inside = |start: usize, end: usize| start >= region_start && end <= region_end;
        // The nearest quantity before the name ("2 glow serum"), else after it
        // ("glow serum x2").
        let before = quantities
            .iter()
            .enumerate()
            .filter(|(i, q)| {
                !used_quantities[*i]
                    && inside(q.span.start, q.span.end)
                    && q.span.end <= mention.span.start
            })
            .max_by_key(|(_, q)| q.span.end);
        let after = quantities
            .iter()
            .enumerate()
            .filter(|(i, q)| {
                !used_quantities[*i]
                    && inside(q.span.start, q.span.end)
                    && q.span.start >= mention.span.end
            })
            .min_by_key(|(_, q)| q.span.start);
        let quantity = before.or(after).map(|(i, q)| {
            used_quantities[i] = true;
            q.value
        });
        let variant_id = variants
            .iter()
            .filter(|v| inside(v.span.start, v.span.end))
            .flat_map(|v| v.matches.iter())
            .find(|m| m.product_id == best.product_id)
            .map(|m| m.variant_id);
        items.push(ItemMention {
            product: k,
            product_id: best.product_id,
            variant_id,
            quantity,
        });
    }
    items
}
