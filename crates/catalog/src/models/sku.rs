//! Stock keeping units: the seller's own code for a product.

use std::fmt;

use serde::Serialize;

pub const SKU_MAX: usize = 64;

/// 1-64 characters from `A-Z 0-9 - _ . /`, stored upper-case because sellers and
/// spreadsheets disagree about case and a SKU must identify one product either way.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Sku(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkuError {
    #[error("SKU must not be empty")]
    Empty,
    #[error("SKU must be at most {SKU_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("SKU may only contain letters A-Z, digits and - _ . / (found '{0}')")]
    InvalidCharacter(char),
}

impl SkuError {
    pub fn code(&self) -> &'static str {
        match self {
            SkuError::Empty => "missing",
            SkuError::TooLong(_) => "too_long",
            SkuError::InvalidCharacter(_) => "invalid_character",
        }
    }
}

impl Sku {
    pub fn parse(raw: &str) -> Result<Self, SkuError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(SkuError::Empty);
        }
        if let Some(bad) = trimmed
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
        {
            return Err(SkuError::InvalidCharacter(bad));
        }
        if trimmed.len() > SKU_MAX {
            return Err(SkuError::TooLong(trimmed.len()));
        }
        Ok(Self(trimmed.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skus_are_normalised_to_upper_case() {
        assert_eq!(Sku::parse(" gs-30ml/v2 ").unwrap().as_str(), "GS-30ML/V2");
        assert_eq!(Sku::parse("gs-1"), Sku::parse("GS-1"));
    }

    #[test]
    fn bad_skus_are_named() {
        assert_eq!(Sku::parse(""), Err(SkuError::Empty));
        assert_eq!(Sku::parse("GS 30"), Err(SkuError::InvalidCharacter(' ')));
        assert_eq!(Sku::parse("SỮA"), Err(SkuError::InvalidCharacter('Ữ')));
        assert_eq!(Sku::parse(&"A".repeat(65)), Err(SkuError::TooLong(65)));
    }
}
