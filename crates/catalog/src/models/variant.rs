//! Variants: the sizes, shades, scents and colours a product comes in.

use std::fmt;

use serde::Serialize;

use super::text::{has_control, match_key, visible_length};
use super::{PriceModifier, StockLevel};

kernel::typed_id!(
    /// One variant of one product.
    VariantId
);

/// What a variant varies in. `Custom` covers anything else ("Pack of 3").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VariantKind {
    Size,
    Shade,
    Scent,
    Color,
    Custom,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariantKindError {
    #[error("'{0}' is not a variant type; use size, shade, scent, color or custom")]
    Unknown(String),
}

impl VariantKindError {
    pub fn code(&self) -> &'static str {
        "unknown_variant_type"
    }
}

impl VariantKind {
    pub const ALL: [VariantKind; 5] = [
        VariantKind::Size,
        VariantKind::Shade,
        VariantKind::Scent,
        VariantKind::Color,
        VariantKind::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VariantKind::Size => "size",
            VariantKind::Shade => "shade",
            VariantKind::Scent => "scent",
            VariantKind::Color => "color",
            VariantKind::Custom => "custom",
        }
    }

    /// Case-insensitive; "colour" is accepted because half our sellers spell it so.
    pub fn parse(raw: &str) -> Result<Self, VariantKindError> {
        let lower = raw.trim().to_lowercase();
        if lower == "colour" {
            return Ok(VariantKind::Color);
        }
        VariantKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == lower)
            .ok_or_else(|| VariantKindError::Unknown(raw.trim().to_owned()))
    }
}

impl fmt::Display for VariantKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub const VARIANT_NAME_MAX: usize = 100;

/// "30ml", "Medium", "Rose": 1-100 characters, unique within a product ignoring case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct VariantName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariantNameError {
    #[error("variant name is required")]
    Missing,
    #[error("variant name must be at most {VARIANT_NAME_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("variant name must be on one line, without control characters")]
    ControlCharacter,
}

impl VariantNameError {
    pub fn code(&self) -> &'static str {
        match self {
            VariantNameError::Missing => "missing",
            VariantNameError::TooLong(_) => "too_long",
            VariantNameError::ControlCharacter => "control_character",
        }
    }
}

impl VariantName {
    pub fn parse(raw: &str) -> Result<Self, VariantNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(VariantNameError::Missing);
        }
        if has_control(trimmed) {
            return Err(VariantNameError::ControlCharacter);
        }
        let length = visible_length(trimmed);
        if length > VARIANT_NAME_MAX {
            return Err(VariantNameError::TooLong(length));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Two variants of one product may not share this key.
    pub fn match_key(&self) -> String {
        match_key(&self.0)
    }
}

impl fmt::Display for VariantName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A variant as stored inside its product. Fields are public to read; changes go
/// through `Product`, which owns the rules that involve the product's price and the
/// other variants' names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub id: VariantId,
    pub kind: VariantKind,
    pub name: VariantName,
    pub price_modifier: PriceModifier,
    pub available: bool,
    pub stock: StockLevel,
}

impl Variant {
    /// Whether the variant itself can be sold: switched on and not counted down to zero.
    /// The product must be offered too; see `Product::is_variant_offered`.
    pub fn is_sellable(&self) -> bool {
        self.available && !self.stock.is_out_of_stock()
    }
}

/// A variant to add to a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVariant {
    pub kind: VariantKind,
    pub name: VariantName,
    pub price_modifier: PriceModifier,
    pub available: bool,
    pub stock: StockLevel,
}

impl NewVariant {
    /// Available, with untracked stock: what a seller means when they just type a size.
    pub fn new(kind: VariantKind, name: VariantName, price_modifier: PriceModifier) -> Self {
        Self {
            kind,
            name,
            price_modifier,
            available: true,
            stock: StockLevel::Untracked,
        }
    }

    pub(crate) fn into_variant(self) -> Variant {
        Variant {
            id: VariantId::new(),
            kind: self.kind,
            name: self.name,
            price_modifier: self.price_modifier,
            available: self.available,
            stock: self.stock,
        }
    }
}

/// A partial change to a variant; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantPatch {
    pub kind: Option<VariantKind>,
    pub name: Option<VariantName>,
    pub price_modifier: Option<PriceModifier>,
    pub available: Option<bool>,
    pub stock: Option<StockLevel>,
}

impl VariantPatch {
    pub(crate) fn apply_to(self, variant: &mut Variant) {
        if let Some(kind) = self.kind {
            variant.kind = kind;
        }
        if let Some(name) = self.name {
            variant.name = name;
        }
        if let Some(modifier) = self.price_modifier {
            variant.price_modifier = modifier;
        }
        if let Some(available) = self.available {
            variant.available = available;
        }
        if let Some(stock) = self.stock {
            variant.stock = stock;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_kinds_round_trip_and_reject_unknown_types() {
        for kind in VariantKind::ALL {
            assert_eq!(VariantKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(VariantKind::parse(" SHADE "), Ok(VariantKind::Shade));
        assert_eq!(VariantKind::parse("colour"), Ok(VariantKind::Color));
        assert_eq!(
            VariantKind::parse("flavour").unwrap_err().to_string(),
            "'flavour' is not a variant type; use size, shade, scent, color or custom"
        );
    }

    #[test]
    fn variant_names_are_bounded_and_compared_loosely() {
        assert_eq!(VariantName::parse(""), Err(VariantNameError::Missing));
        assert_eq!(
            VariantName::parse(&"x".repeat(101)),
            Err(VariantNameError::TooLong(101))
        );
        let a = VariantName::parse("30 ML").unwrap();
        let b = VariantName::parse("30  ml").unwrap();
        assert_eq!(a.match_key(), b.match_key());
    }

    #[test]
    fn a_variant_is_sellable_only_when_available_and_in_stock() {
        let mut variant = NewVariant::new(
            VariantKind::Size,
            VariantName::parse("30ml").unwrap(),
            PriceModifier::zero(kernel::Currency::parse("EUR").unwrap()),
        )
        .into_variant();
        assert!(variant.is_sellable());
        variant.stock = StockLevel::Tracked(0);
        assert!(!variant.is_sellable());
        variant.stock = StockLevel::Tracked(3);
        variant.available = false;
        assert!(!variant.is_sellable());
    }
}
