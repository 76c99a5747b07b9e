//! Offers: time-limited discounts on some products or on a whole category.

use chrono::{DateTime, Utc};
use kernel::{Currency, Money, WorkspaceId};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::text::{has_control, visible_length};
use super::{CategoryId, Price, ProductId, category_with_subcategories};
use crate::{Category, Product};

kernel::typed_id!(
    /// A promotional offer in one workspace.
    OfferId
);

pub const OFFER_NAME_MAX: usize = 100;

/// "Black Friday", "Summer serums": 1-100 characters, shown to customers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct OfferName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferNameError {
    #[error("offer name must be 1 to {OFFER_NAME_MAX} characters, on one line")]
    Invalid,
}

impl OfferName {
    pub fn parse(raw: &str) -> Result<Self, OfferNameError> {
        let trimmed = raw.trim();
        let length = visible_length(trimmed);
        if length == 0 || length > OFFER_NAME_MAX || has_control(trimmed) {
            return Err(OfferNameError::Invalid);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A percentage off, above 0 and below 100, with at most two decimals (12.5 is fine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Percentage(Decimal);

/// How much an offer takes off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Discount {
    Percentage(Percentage),
    /// A fixed amount off, in the workspace currency; always above zero.
    Fixed(Price),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscountError {
    /// 100% is refused too: it would make every price zero, which pricing never allows,
    /// so such an offer could never apply. Better to say so when it is created.
    #[error("a percentage discount must be above 0 and below 100")]
    PercentageOutOfRange,
    #[error("a percentage discount has at most 2 decimal places")]
    PercentageTooPrecise,
}

impl DiscountError {
    pub fn code(&self) -> &'static str {
        match self {
            DiscountError::PercentageOutOfRange => "percentage_out_of_range",
            DiscountError::PercentageTooPrecise => "too_precise",
        }
    }
}

impl Discount {
    pub fn percentage(percent: Decimal) -> Result<Self, DiscountError> {
        if percent <= Decimal::ZERO || percent >= Decimal::ONE_HUNDRED {
            return Err(DiscountError::PercentageOutOfRange);
        }
        if percent.normalize().scale() > 2 {
            return Err(DiscountError::PercentageTooPrecise);
        }
        Ok(Discount::Percentage(Percentage(percent.normalize())))
    }

    pub fn fixed(amount: Price) -> Self {
        Discount::Fixed(amount)
    }

    /// The currency a fixed discount is in; percentages work in any currency.
    pub fn currency(&self) -> Option<Currency> {
        match self {
            Discount::Percentage(_) => None,
            Discount::Fixed(amount) => Some(amount.currency()),
        }
    }

    /// The price after this discount, rounded to the currency's minor units (half away
    /// from zero, as `Money::rounded` does). `None` when the discount cannot apply to
    /// this price (another currency, or arithmetic out of range). The result may be zero
    /// or negative: deciding what to do then is `crate::pricing`'s job, not this one's.
    pub(crate) fn apply_to(&self, base: Money) -> Option<Decimal> {
        match self {
            Discount::Percentage(Percentage(percent)) => {
                let kept = Decimal::ONE_HUNDRED.checked_sub(*percent)?;
                let amount = base
                    .amount()
                    .checked_mul(kept)?
                    .checked_div(Decimal::ONE_HUNDRED)?;
                Some(amount.round_dp_with_strategy(
                    base.currency().minor_units(),
                    RoundingStrategy::MidpointAwayFromZero,
                ))
            }
            Discount::Fixed(amount) => {
                let off = amount.money();
                if off.currency() != base.currency() {
                    return None;
                }
                base.amount().checked_sub(off.amount())
            }
        }
    }
}

impl Percentage {
    pub fn value(&self) -> Decimal {
        self.0
    }
}

/// When an offer runs: from `starts_at` (included) to `ends_at` (excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct OfferWindow {
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferWindowError {
    #[error("an offer must end after it starts")]
    EndsBeforeStart,
}

impl OfferWindowError {
    pub fn code(&self) -> &'static str {
        "offer_ends_before_start"
    }
}

impl OfferWindow {
    pub fn new(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Result<Self, OfferWindowError> {
        if starts_at >= ends_at {
            return Err(OfferWindowError::EndsBeforeStart);
        }
        Ok(Self { starts_at, ends_at })
    }

    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }

    pub fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }
}

pub const OFFER_PRODUCTS_MAX: usize = 500;

/// The products an offer names: at least one, at most 500, no repeats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ProductSet(Vec<ProductId>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductSetError {
    #[error("an offer must name at least one product")]
    Empty,
    #[error("an offer can name at most {OFFER_PRODUCTS_MAX} products; target a category instead")]
    TooMany,
}

impl ProductSetError {
    pub fn code(&self) -> &'static str {
        match self {
            ProductSetError::Empty => "no_products",
            ProductSetError::TooMany => "too_many_products",
        }
    }
}

impl ProductSet {
    pub fn new(ids: Vec<ProductId>) -> Result<Self, ProductSetError> {
        let mut unique: Vec<ProductId> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.contains(&id) {
                unique.push(id);
            }
        }
        if unique.is_empty() {
            return Err(ProductSetError::Empty);
        }
        if unique.len() > OFFER_PRODUCTS_MAX {
            return Err(ProductSetError::TooMany);
        }
        Ok(Self(unique))
    }

    pub fn ids(&self) -> &[ProductId] {
        &self.0
    }

    pub fn contains(&self, id: ProductId) -> bool {
        self.0.contains(&id)
    }
}

/// What an offer applies to. A category includes its subcategories.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "ids", rename_all = "snake_case")]
pub enum OfferTarget {
    Products(ProductSet),
    Category(CategoryId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub id: OfferId,
    pub workspace_id: WorkspaceId,
    pub name: OfferName,
    pub discount: Discount,
    pub target: OfferTarget,
    pub window: OfferWindow,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a seller fills in to create an offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub name: OfferName,
    pub discount: Discount,
    pub target: OfferTarget,
    pub window: OfferWindow,
}

/// A partial change to an offer; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferPatch {
    pub name: Option<OfferName>,
    pub discount: Option<Discount>,
    pub target: Option<OfferTarget>,
    pub window: Option<OfferWindow>,
}

impl Offer {
    pub fn new(workspace_id: WorkspaceId, new: NewOffer, now: DateTime<Utc>) -> Self {
        Self {
            id: OfferId::new(),
            workspace_id,
            name: new.name,
            discount: new.discount,
            target: new.target,
            window: new.window,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn apply(&mut self, patch: OfferPatch, now: DateTime<Utc>) -> bool {
        let before = self.clone();
        if let Some(name) = patch.name {
            self.name = name;
        }
        if let Some(discount) = patch.discount {
            self.discount = discount;
        }
        if let Some(target) = patch.target {
            self.target = target;
        }
        if let Some(window) = patch.window {
            self.window = window;
        }
        let changed = *self != before;
        if changed {
            self.updated_at = now;
        }
        changed
    }

    pub fn is_active_at(&self, at: DateTime<Utc>) -> bool {
        self.window.contains(at)
    }

    /// Whether this offer covers the product; `categories` is the workspace's tree, so an
    /// offer on "Skincare" reaches products filed under "Skincare > Serums".
    pub fn covers(&self, product: &Product, categories: &[Category]) -> bool {
        if self.workspace_id != product.workspace_id() {
            return false;
        }
        match &self.target {
            OfferTarget::Products(set) => set.contains(product.id()),
            OfferTarget::Category(target) => product
                .category_id()
                .is_some_and(|id| category_with_subcategories(categories, *target).contains(&id)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::TimeZone;

    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    fn money(amount: &str) -> Money {
        Money::new(Decimal::from_str(amount).unwrap(), eur()).unwrap()
    }

    #[test]
    fn percentages_stay_strictly_between_zero_and_a_hundred() {
        assert!(Discount::percentage(Decimal::new(125, 1)).is_ok());
        assert!(Discount::percentage(Decimal::new(9999, 2)).is_ok());
        for bad in [
            Decimal::ZERO,
            Decimal::from(-5),
            Decimal::ONE_HUNDRED,
            Decimal::from(150),
        ] {
            assert_eq!(
                Discount::percentage(bad),
                Err(DiscountError::PercentageOutOfRange),
                "{bad}"
            );
        }
        assert_eq!(
            Discount::percentage(Decimal::new(12345, 3)),
            Err(DiscountError::PercentageTooPrecise)
        );
    }

    #[test]
    fn discounts_round_to_the_currency_minor_units() {
        let ten = Discount::percentage(Decimal::from(10)).unwrap();
        assert_eq!(
            ten.apply_to(money("45")),
            Some(Decimal::from_str("40.50").unwrap())
        );
        let third = Discount::percentage(Decimal::new(3333, 2)).unwrap();
        // 19.99 * 0.6667 = 13.327333 -> 13.33
        assert_eq!(
            third.apply_to(money("19.99")),
            Some(Decimal::from_str("13.33").unwrap())
        );
        let jpy = Currency::parse("JPY").unwrap();
        // 1005 * 0.9 = 904.5 -> 905 (half away from zero)
        let base = Money::new(Decimal::from(1005), jpy).unwrap();
        assert_eq!(ten.apply_to(base), Some(Decimal::from(905)));
    }

    #[test]
    fn fixed_discounts_only_apply_in_their_currency() {
        let five = Discount::fixed(Price::new(money("5")).unwrap());
        assert_eq!(five.apply_to(money("45")), Some(Decimal::from(40)));
        let usd = Money::new(Decimal::from(45), Currency::parse("USD").unwrap()).unwrap();
        assert_eq!(five.apply_to(usd), None);
    }

    #[test]
    fn windows_include_the_start_and_exclude_the_end() {
        let start = Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
        let window = OfferWindow::new(start, end).unwrap();
        assert!(window.contains(start));
        assert!(!window.contains(end));
        assert!(!window.contains(start - chrono::Duration::seconds(1)));
        assert_eq!(
            OfferWindow::new(end, start),
            Err(OfferWindowError::EndsBeforeStart)
        );
        assert_eq!(
            OfferWindow::new(start, start),
            Err(OfferWindowError::EndsBeforeStart)
        );
    }

    #[test]
    fn product_sets_are_unique_and_bounded() {
        let id = ProductId::new();
        assert_eq!(ProductSet::new(vec![id, id]).unwrap().ids(), [id]);
        assert_eq!(ProductSet::new(vec![]), Err(ProductSetError::Empty));
        let many = (0..=OFFER_PRODUCTS_MAX).map(|_| ProductId::new()).collect();
        assert_eq!(ProductSet::new(many), Err(ProductSetError::TooMany));
    }
}
