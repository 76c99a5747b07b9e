//! One line of an order: a snapshot of what was bought, at what price.

use catalog::{OfferId, OfferName, PriceQuote, ProductId, ProductName, VariantId, VariantName};
use kernel::{Currency, Money};
use serde::Serialize;

use super::{OrderRuleError, Quantity};

/// The offer that lowered a line's price, kept so the seller sees why it cost less.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineOffer {
    pub offer_id: OfferId,
    pub name: OfferName,
}

/// Every stored field of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineRecord {
    /// `None` once the product was erased from the catalog; the snapshot remains.
    pub product_id: Option<ProductId>,
    pub variant_id: Option<VariantId>,
    pub product_name: ProductName,
    pub variant_name: Option<VariantName>,
    /// List price plus the variant's modifier, before any offer.
    pub base_unit_price: Money,
    /// What the customer pays per unit: the catalog's effective price at capture.
    pub unit_price: Money,
    pub offer: Option<LineOffer>,
    pub quantity: Quantity,
    pub line_total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderLine {
    product_id: Option<ProductId>,
    variant_id: Option<VariantId>,
    product_name: ProductName,
    variant_name: Option<VariantName>,
    base_unit_price: Money,
    unit_price: Money,
    offer: Option<LineOffer>,
    quantity: Quantity,
    line_total: Money,
}

/// What the catalog said about one line when it was priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSnapshot {
    pub product_id: ProductId,
    pub variant_id: Option<VariantId>,
    pub product_name: ProductName,
    pub variant_name: Option<VariantName>,
    pub price: PriceQuote,
}

impl OrderLine {
    /// A line priced by the catalog: the unit price is the quote's effective price.
    pub fn priced(snapshot: LineSnapshot, quantity: Quantity) -> Result<Self, OrderRuleError> {
        let unit_price = snapshot.price.effective;
        let line_total = unit_price
            .checked_mul(quantity.get())
            .map_err(|_| OrderRuleError::Overflow)?;
        Self::from_record(OrderLineRecord {
            product_id: Some(snapshot.product_id),
            variant_id: snapshot.variant_id,
            product_name: snapshot.product_name,
            variant_name: snapshot.variant_name,
            base_unit_price: snapshot.price.base,
            unit_price,
            offer: snapshot.price.offer.map(|applied| LineOffer {
                offer_id: applied.offer_id,
                name: applied.name,
            }),
            quantity,
            line_total,
        })
    }

    pub fn from_record(record: OrderLineRecord) -> Result<Self, OrderRuleError> {
        let currency = record.unit_price.currency();
        for amount in [record.base_unit_price, record.line_total] {
            if amount.currency() != currency {
                return Err(OrderRuleError::CurrencyMismatch {
                    expected: currency,
                    found: amount.currency(),
                });
            }
        }
        if !record.unit_price.is_positive() {
            return Err(OrderRuleError::UnitPriceNotPositive);
        }
        if record.unit_price.amount() > record.base_unit_price.amount() {
            return Err(OrderRuleError::UnitPriceAboveBase);
        }
        let expected = record
            .unit_price
            .checked_mul(record.quantity.get())
            .map_err(|_| OrderRuleError::Overflow)?;
        if expected.amount() != record.line_total.amount() {
            return Err(OrderRuleError::LineTotalMismatch);
        }
        Ok(Self {
            product_id: record.product_id,
            variant_id: record.variant_id,
            product_name: record.product_name,
            variant_name: record.variant_name,
            base_unit_price: record.base_unit_price,
            unit_price: record.unit_price,
            offer: record.offer,
            quantity: record.quantity,
            line_total: record.line_total,
        })
    }

    pub fn to_record(&self) -> OrderLineRecord {
        OrderLineRecord {
            product_id: self.product_id,
            variant_id: self.variant_id,
            product_name: self.product_name.clone(),
            variant_name: self.variant_name.clone(),
            base_unit_price: self.base_unit_price,
            unit_price: self.unit_price,
            offer: self.offer.clone(),
            quantity: self.quantity,
            line_total: self.line_total,
        }
    }

    pub fn product_id(&self) -> Option<ProductId> {
        self.product_id
    }

    pub fn variant_id(&self) -> Option<VariantId> {
        self.variant_id
    }

    pub fn product_name(&self) -> &ProductName {
        &self.product_name
    }

    pub fn variant_name(&self) -> Option<&VariantName> {
        self.variant_name.as_ref()
    }

    pub fn base_unit_price(&self) -> Money {
        self.base_unit_price
    }

    pub fn unit_price(&self) -> Money {
        self.unit_price
    }

    pub fn offer(&self) -> Option<&LineOffer> {
        self.offer.as_ref()
    }

    pub fn quantity(&self) -> Quantity {
        self.quantity
    }

    pub fn line_total(&self) -> Money {
        self.line_total
    }
}

/// Sums line totals in one currency.
pub fn total_of(lines: &[OrderLine], currency: Currency) -> Result<Money, OrderRuleError> {
    lines.iter().try_fold(Money::zero(currency), |sum, line| {
        if line.line_total.currency() != currency {
            return Err(OrderRuleError::CurrencyMismatch {
                expected: currency,
                found: line.line_total.currency(),
            });
        }
        sum.checked_add(line.line_total)
            .map_err(|_| OrderRuleError::Overflow)
    })
}
