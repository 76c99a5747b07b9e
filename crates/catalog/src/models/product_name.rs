//! What a product is called, in any language the shop sells in.

use std::fmt;

use serde::Serialize;

use super::text::{has_control, match_key, visible_length};

pub const PRODUCT_NAME_MIN: usize = 3;
pub const PRODUCT_NAME_MAX: usize = 100;

/// 3-100 characters after trimming, counted as a person counts them (not bytes), so
/// "Sữa rửa mặt trà xanh" and "Crema all'acqua di rose" measure what they look like.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ProductName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductNameError {
    #[error("product name is required")]
    Missing,
    #[error("product name must be at least {PRODUCT_NAME_MIN} characters (it has {0})")]
    TooShort(usize),
    #[error("product name must be at most {PRODUCT_NAME_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("product name must be on one line, without control characters")]
    ControlCharacter,
}

impl ProductNameError {
    pub fn code(&self) -> &'static str {
        match self {
            ProductNameError::Missing => "missing",
            ProductNameError::TooShort(_) => "too_short",
            ProductNameError::TooLong(_) => "too_long",
            ProductNameError::ControlCharacter => "control_character",
        }
    }
}

impl ProductName {
    pub fn parse(raw: &str) -> Result<Self, ProductNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ProductNameError::Missing);
        }
        if has_control(trimmed) {
            return Err(ProductNameError::ControlCharacter);
        }
        let length = visible_length(trimmed);
        if length < PRODUCT_NAME_MIN {
            return Err(ProductNameError::TooShort(length));
        }
        if length > PRODUCT_NAME_MAX {
            return Err(ProductNameError::TooLong(length));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two names are compared in when matching "the same product".
    pub fn match_key(&self) -> String {
        match_key(&self.0)
    }
}

impl fmt::Display for ProductName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_italian_names_are_measured_in_characters() {
        let vietnamese = ProductName::parse("  Sữa rửa mặt trà xanh ").unwrap();
        assert_eq!(vietnamese.as_str(), "Sữa rửa mặt trà xanh");
        assert!(ProductName::parse("Crema idratante all'acqua di rose").is_ok());
        assert!(ProductName::parse("Sữa").is_ok(), "3 characters, 5 bytes");
        // 100 Vietnamese letters are about 250 bytes: still a valid name.
        let hundred = "ữ".repeat(100);
        assert!(hundred.len() > 100);
        assert!(ProductName::parse(&hundred).is_ok());
        // The same letter typed decomposed (u + horn + tilde) is still one character.
        let decomposed = "u\u{031B}\u{0303}".repeat(100);
        assert!(ProductName::parse(&decomposed).is_ok());
    }

    #[test]
    fn errors_say_what_is_wrong_and_by_how_much() {
        assert_eq!(ProductName::parse(" "), Err(ProductNameError::Missing));
        assert_eq!(ProductName::parse("Ữa"), Err(ProductNameError::TooShort(2)));
        let long = "Sữa rửa mặt ".repeat(10);
        assert_eq!(
            ProductName::parse(&long),
            Err(ProductNameError::TooLong(119))
        );
        assert_eq!(
            ProductName::parse(&"è".repeat(101))
                .unwrap_err()
                .to_string(),
            "product name must be at most 100 characters (it has 101)"
        );
        assert_eq!(
            ProductName::parse("Glow\nSerum"),
            Err(ProductNameError::ControlCharacter)
        );
    }

    #[test]
    fn match_key_ignores_case_and_spacing_in_any_script() {
        let a = ProductName::parse("Crème  Brûlée Lip").unwrap();
        let b = ProductName::parse("CRÈME BRÛLÉE LIP").unwrap();
        assert_eq!(a.match_key(), b.match_key());
    }
}
