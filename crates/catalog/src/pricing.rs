//! The one place a price a customer or an API client sees is computed.
//!
//! Order of operations: the product's list price, plus the variant's modifier (the
//! *base* price), then the single best offer active at the instant asked about (the
//! *effective* price), rounded to the currency's minor units, half away from zero.
//!
//! Rules where the product documents were silent:
//! - Offers do not stack: of the offers that cover the product and are active, the one
//!   giving the lowest price wins; on a tie, the oldest offer (smallest id) wins, so the
//!   answer never depends on storage order.
//! - The floor is refusal, not clamping: an offer that would bring the price to zero or
//!   below simply does not apply to that product (the next best offer, or the base price,
//!   is used). Clamping to one cent would quietly give stock away because of a typo in
//!   a fixed discount. The effective price is therefore always at least one minor unit.
//! - An offer that saves nothing after rounding is not reported as applied.
//! - A fixed discount in another currency than the product's does not apply.

use chrono::{DateTime, Utc};
use kernel::Money;
use serde::Serialize;

use crate::{Category, Discount, Offer, OfferId, OfferName, Product, Variant, VariantId};

/// What prices depend on besides the product: the instant, the offers (only those
/// active at `at` and covering the product are considered, so passing more is safe),
/// and the workspace's categories (an offer on a parent covers its subcategories).
#[derive(Debug, Clone, Copy)]
pub struct PricingContext<'a> {
    pub at: DateTime<Utc>,
    pub offers: &'a [Offer],
    pub categories: &'a [Category],
}

/// A price as quoted to a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceQuote {
    /// List price plus the variant's modifier.
    pub base: Money,
    /// What the customer pays: `base` after the best offer, never above `base`, always > 0.
    pub effective: Money,
    pub offer: Option<AppliedOffer>,
}

/// The offer behind an effective price, so the assistant can say "20% off until Sunday".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedOffer {
    pub offer_id: OfferId,
    pub name: OfferName,
    pub discount: Discount,
    pub saving: Money,
    pub ends_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("variant not found")]
    VariantNotFound(VariantId),
    /// Unreachable for products built through `Product`'s constructors; reported rather
    /// than hidden if storage ever hands back a product that breaks the rule.
    #[error("base price is not above zero")]
    BasePriceNotPositive,
    #[error("price out of range: {0}")]
    Arithmetic(String),
}

/// A product with every price a client may show: the product's own, and each variant's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedProduct {
    pub product: Product,
    pub price: PriceQuote,
    /// Whether the assistant may offer the product at all.
    pub offered: bool,
    pub variants: Vec<PricedVariant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PricedVariant {
    pub variant_id: VariantId,
    pub price: PriceQuote,
    /// False for out-of-stock or switched-off variants, which are never offered.
    pub offered: bool,
}

impl PricedProduct {
    /// The variants a customer may be offered, with their prices.
    pub fn offered_variants(&self) -> impl Iterator<Item = (&Variant, &PriceQuote)> {
        self.variants.iter().filter(|v| v.offered).filter_map(|v| {
            self.product
                .variant(v.variant_id)
                .map(|variant| (variant, &v.price))
        })
    }
}

/// The list price plus the variant's modifier.
pub fn base_price(product: &Product, variant: Option<&Variant>) -> Result<Money, PricingError> {
    let list = product.price().money();
    let base = match variant {
        None => list,
        Some(variant) => list
            .checked_add(variant.price_modifier.money())
            .map_err(|e| PricingError::Arithmetic(e.to_string()))?,
    };
    if !base.is_positive() {
        return Err(PricingError::BasePriceNotPositive);
    }
    Ok(base)
}

/// Prices one product, or one of its variants, at `context.at`.
pub fn quote(
    product: &Product,
    variant_id: Option<VariantId>,
    context: &PricingContext<'_>,
) -> Result<PriceQuote, PricingError> {
    let variant = match variant_id {
        None => None,
        Some(id) => Some(
            product
                .variant(id)
                .ok_or(PricingError::VariantNotFound(id))?,
        ),
    };
    let base = base_price(product, variant)?;
    let best = context
        .offers
        .iter()
        .filter(|offer| offer.is_active_at(context.at) && offer.covers(product, context.categories))
        .filter_map(|offer| discounted(offer, base).map(|price| (price, offer)))
        .min_by(|(a, offer_a), (b, offer_b)| {
            a.amount()
                .cmp(&b.amount())
                .then_with(|| offer_a.id.cmp(&offer_b.id))
        });
    let Some((effective, offer)) = best else {
        return Ok(PriceQuote {
            base,
            effective: base,
            offer: None,
        });
    };
    let saving = base
        .checked_sub(effective)
        .map_err(|e| PricingError::Arithmetic(e.to_string()))?;
    Ok(PriceQuote {
        base,
        effective,
        offer: Some(AppliedOffer {
            offer_id: offer.id,
            name: offer.name.clone(),
            discount: offer.discount,
            saving,
            ends_at: offer.window.ends_at(),
        }),
    })
}

/// Prices a product and each of its variants, marking what may be offered.
pub fn price_product(
    product: Product,
    context: &PricingContext<'_>,
) -> Result<PricedProduct, PricingError> {
    let price = quote(&product, None, context)?;
    let variants = product
        .variants()
        .iter()
        .map(|variant| {
            Ok(PricedVariant {
                variant_id: variant.id,
                price: quote(&product, Some(variant.id), context)?,
                offered: product.is_variant_offered(variant),
            })
        })
        .collect::<Result<Vec<_>, PricingError>>()?;
    Ok(PricedProduct {
        offered: product.is_offered(),
        product,
        price,
        variants,
    })
}

/// The price after `offer`, if the offer may apply: it must lower the price and leave it
/// above zero (the floor rule in the module comment).
fn discounted(offer: &Offer, base: Money) -> Option<Money> {
    let amount = offer.discount.apply_to(base)?;
    let price = Money::new(amount, base.currency()).ok()?;
    (price.is_positive() && price.amount() < base.amount()).then_some(price)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::Duration;
    use kernel::{Currency, WorkspaceId};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::*;
    use crate::models::fixtures::*;
    use crate::{
        NewOffer, NewProduct, OfferTarget, OfferWindow, Price, PriceModifier, ProductName,
        ProductPatch, ProductSet, VariantKind, VariantName,
    };

    fn money(amount: &str) -> Money {
        Money::new(Decimal::from_str(amount).unwrap(), eur()).unwrap()
    }

    fn offer(product: &Product, name: &str, discount: Discount) -> Offer {
        let window = OfferWindow::new(at(0), at(23)).unwrap();
        let new = NewOffer {
            name: OfferName::parse(name).unwrap(),
            discount,
            target: OfferTarget::Products(ProductSet::new(vec![product.id()]).unwrap()),
            window,
        };
        Offer::new(product.workspace_id(), new, at(0))
    }

    fn percent(p: i64) -> Discount {
        Discount::percentage(Decimal::from(p)).unwrap()
    }

    fn fixed(amount: &str) -> Discount {
        Discount::fixed(Price::new(money(amount)).unwrap())
    }

    fn context<'a>(offers: &'a [Offer], categories: &'a [Category]) -> PricingContext<'a> {
        PricingContext {
            at: at(12),
            offers,
            categories,
        }
    }

    #[test]
    fn without_offers_the_effective_price_is_the_base_price() {
        let product = glow_serum();
        let quote = quote(&product, None, &context(&[], &[])).unwrap();
        assert_eq!(quote.base, money("45"));
        assert_eq!(quote.effective, money("45"));
        assert_eq!(quote.offer, None);
    }

    #[test]
    fn the_variant_modifier_applies_before_the_offer() {
        let product = glow_serum();
        let fifty_ml = product.variants()[1].id;
        let offers = [offer(&product, "Ten off", percent(10))];
        let quote = quote(&product, Some(fifty_ml), &context(&offers, &[])).unwrap();
        assert_eq!(quote.base, money("55"));
        assert_eq!(
            quote.effective,
            money("49.5"),
            "10% of 45+10, not 45 then +10"
        );
        let applied = quote.offer.unwrap();
        assert_eq!(applied.offer_id, offers[0].id);
        assert_eq!(applied.saving, money("5.5"));
    }

    #[test]
    fn the_offer_giving_the_lowest_price_wins() {
        let product = glow_serum();
        let offers = [
            offer(&product, "Ten percent", percent(10)),
            offer(&product, "Five euro", fixed("5")),
            offer(&product, "Twenty percent", percent(20)),
        ];
        let quote = quote(&product, None, &context(&offers, &[])).unwrap();
        assert_eq!(quote.effective, money("36"));
        assert_eq!(quote.offer.unwrap().name.as_str(), "Twenty percent");
    }

    #[test]
    fn ties_go_to_the_oldest_offer_whatever_the_order() {
        let product = glow_serum();
        let first = offer(&product, "First", fixed("4.5"));
        let second = offer(&product, "Second", percent(10));
        for offers in [
            [first.clone(), second.clone()],
            [second.clone(), first.clone()],
        ] {
            let quote = quote(&product, None, &context(&offers, &[])).unwrap();
            assert_eq!(quote.offer.unwrap().offer_id, first.id.min(second.id));
        }
    }

    #[test]
    fn offers_outside_their_window_or_for_other_products_do_not_apply() {
        let product = glow_serum();
        let other = glow_serum();
        let mut expired = offer(&product, "Expired", percent(50));
        expired.window = OfferWindow::new(at(0), at(12)).unwrap();
        let elsewhere = offer(&other, "Other product", percent(50));
        let offers = [expired, elsewhere];
        let quote = quote(&product, None, &context(&offers, &[])).unwrap();
        assert_eq!(quote.effective, money("45"));
        assert_eq!(quote.offer, None);
    }

    #[test]
    fn an_offer_that_would_make_the_price_zero_is_refused_not_clamped() {
        let mut new = new_product("Lip Sample", "4");
        new.variants = vec![variant("Mini", "-3")];
        let product = Product::create(WorkspaceId::new(), new, at(9)).unwrap();
        let mini = product.variants()[0].id;
        let offers = [
            offer(&product, "Five off", fixed("5")),
            offer(&product, "Quarter off", percent(25)),
        ];
        // Product at 4: five off would be -1, so the 25% offer applies instead.
        let product_quote = quote(&product, None, &context(&offers, &[])).unwrap();
        assert_eq!(product_quote.effective, money("3"));
        assert_eq!(product_quote.offer.unwrap().name.as_str(), "Quarter off");
        // Variant at 1: five off is refused; 25% gives 0.75.
        let mini_quote = quote(&product, Some(mini), &context(&offers, &[])).unwrap();
        assert_eq!(mini_quote.effective, money("0.75"));
        // With only the oversized fixed discount, the base price stands.
        let only_fixed = [offers[0].clone()];
        let mini_quote = quote(&product, Some(mini), &context(&only_fixed, &[])).unwrap();
        assert_eq!(mini_quote.effective, money("1"));
        assert_eq!(mini_quote.offer, None);
    }

    #[test]
    fn a_discount_that_rounds_to_nothing_is_not_applied() {
        let product =
            Product::create(WorkspaceId::new(), new_product("Cotton Pad", "0.01"), at(9)).unwrap();
        let offers = [
            offer(&product, "Tiny", percent(10)),
            offer(&product, "Huge", percent(60)),
        ];
        // 0.009 rounds back to 0.01 (no saving); 0.004 rounds to 0.00 (refused).
        let quote = quote(&product, None, &context(&offers, &[])).unwrap();
        assert_eq!(quote.effective, money("0.01"));
        assert_eq!(quote.offer, None);
    }

    #[test]
    fn an_offer_on_a_category_reaches_its_subcategories() {
        let ws = WorkspaceId::new();
        let skincare = category(ws, "Skincare", None);
        let serums = category(ws, "Serums", Some(&skincare));
        let categories = vec![skincare.clone(), serums.clone()];
        let mut new = new_product("Glow Serum", "40");
        new.category_id = Some(serums.id);
        let product = Product::create(ws, new, at(9)).unwrap();
        let mut on_skincare = offer(&product, "Skincare week", percent(25));
        on_skincare.target = OfferTarget::Category(skincare.id);
        let offers = [on_skincare];
        let quote = quote(&product, None, &context(&offers, &categories)).unwrap();
        assert_eq!(quote.effective, money("30"));
        let mut uncategorised = product.clone();
        uncategorised
            .apply(
                ProductPatch {
                    category_id: Some(None),
                    ..ProductPatch::default()
                },
                at(10),
            )
            .unwrap();
        let quote = super::quote(&uncategorised, None, &context(&offers, &categories)).unwrap();
        assert_eq!(quote.offer, None);
    }

    #[test]
    fn offers_from_another_workspace_never_apply() {
        let product = glow_serum();
        let mut foreign = offer(&product, "Foreign", percent(50));
        foreign.workspace_id = WorkspaceId::new();
        let offers = [foreign];
        assert_eq!(
            quote(&product, None, &context(&offers, &[])).unwrap().offer,
            None
        );
    }

    #[test]
    fn unknown_variants_are_an_error() {
        let product = glow_serum();
        let missing = VariantId::new();
        assert_eq!(
            quote(&product, Some(missing), &context(&[], &[])),
            Err(PricingError::VariantNotFound(missing))
        );
    }

    #[test]
    fn priced_products_price_every_variant_and_hide_unsellable_ones() {
        let mut product = glow_serum();
        let thirty = product.variants()[0].id;
        product
            .update_variant(
                thirty,
                crate::VariantPatch {
                    stock: Some(crate::StockLevel::Tracked(0)),
                    ..Default::default()
                },
                at(10),
            )
            .unwrap();
        let offers = [offer(&product, "Ten off", percent(10))];
        let priced = price_product(product, &context(&offers, &[])).unwrap();
        assert!(priced.offered);
        assert_eq!(priced.price.effective, money("40.5"));
        assert_eq!(priced.variants.len(), 2);
        assert!(!priced.variants[0].offered);
        let offered: Vec<_> = priced
            .offered_variants()
            .map(|(v, q)| (v.name.as_str().to_owned(), q.effective))
            .collect();
        assert_eq!(offered, [("50ml".to_owned(), money("49.5"))]);
    }

    #[test]
    fn prices_in_currencies_without_minor_units_round_to_whole_units() {
        let jpy = Currency::parse("JPY").unwrap();
        let new = NewProduct::new(
            ProductName::parse("Sheet Mask").unwrap(),
            Price::parse("1005", jpy).unwrap(),
        );
        let product = Product::create(WorkspaceId::new(), new, at(9)).unwrap();
        let offers = [offer(&product, "Ten off", percent(10))];
        let quote = quote(&product, None, &context(&offers, &[])).unwrap();
        assert_eq!(quote.effective.amount(), Decimal::from(905));
    }

    /// A discount as proptest draws it: a percentage in hundredths, or a fixed amount in cents.
    #[derive(Debug, Clone)]
    enum DrawnDiscount {
        Percent(i64),
        Fixed(i64),
    }

    fn drawn_discount() -> impl Strategy<Value = DrawnDiscount> {
        prop_oneof![
            (1i64..10_000).prop_map(DrawnDiscount::Percent),
            (1i64..20_000_000).prop_map(DrawnDiscount::Fixed),
        ]
    }

    fn to_discount(drawn: &DrawnDiscount) -> Discount {
        match drawn {
            DrawnDiscount::Percent(hundredths) => {
                Discount::percentage(Decimal::new(*hundredths, 2)).unwrap()
            }
            DrawnDiscount::Fixed(cents) => Discount::fixed(
                Price::new(Money::new(Decimal::new(*cents, 2), eur()).unwrap()).unwrap(),
            ),
        }
    }

    proptest! {
        #[test]
        fn effective_prices_are_positive_rounded_and_never_above_base(
            price_cents in 1i64..10_000_000,
            modifier_cents in -10_000_000i64..10_000_000,
            discounts in proptest::collection::vec(drawn_discount(), 0..6),
        ) {
            // Keep only modifiers the product rules accept (variant price above zero).
            prop_assume!(price_cents + modifier_cents > 0);
            let mut new = NewProduct::new(
                ProductName::parse("Property Serum").unwrap(),
                Price::new(Money::new(Decimal::new(price_cents, 2), eur()).unwrap()).unwrap(),
            );
            new.variants = vec![crate::NewVariant::new(
                VariantKind::Size,
                VariantName::parse("Any").unwrap(),
                PriceModifier::new(Money::new(Decimal::new(modifier_cents, 2), eur()).unwrap()).unwrap(),
            )];
            let product = Product::create(WorkspaceId::new(), new, at(9)).unwrap();
            let variant_id = product.variants()[0].id;
            let offers: Vec<Offer> = discounts
                .iter()
                .enumerate()
                .map(|(i, d)| offer(&product, &format!("Offer {i}"), to_discount(d)))
                .collect();
            let ctx = PricingContext { at: at(12), offers: &offers, categories: &[] };
            for variant in [None, Some(variant_id)] {
                let quote = quote(&product, variant, &ctx).unwrap();
                prop_assert!(quote.effective.is_positive());
                prop_assert!(quote.effective.amount() <= quote.base.amount());
                prop_assert!(quote.effective.amount().scale() <= 2);
                prop_assert_eq!(quote.offer.is_some(), quote.effective != quote.base);
                if let Some(applied) = &quote.offer {
                    prop_assert_eq!(quote.base.checked_sub(quote.effective).unwrap(), applied.saving);
                }
                // No offer that could apply would have given a lower price.
                for candidate in &offers {
                    if let Some(price) = discounted(candidate, quote.base) {
                        prop_assert!(quote.effective.amount() <= price.amount());
                    }
                }
            }
        }

        #[test]
        fn offers_outside_their_window_never_change_a_price(
            price_cents in 1i64..10_000_000,
            drawn in drawn_discount(),
            hours_after_end in 0i64..10_000,
        ) {
            let new = NewProduct::new(
                ProductName::parse("Property Cream").unwrap(),
                Price::new(Money::new(Decimal::new(price_cents, 2), eur()).unwrap()).unwrap(),
            );
            let product = Product::create(WorkspaceId::new(), new, at(9)).unwrap();
            let offers = [offer(&product, "Ended", to_discount(&drawn))];
            let ctx = PricingContext {
                at: at(23) + Duration::hours(hours_after_end),
                offers: &offers,
                categories: &[],
            };
            let quote = quote(&product, None, &ctx).unwrap();
            prop_assert_eq!(quote.effective, quote.base);
        }
    }
}
