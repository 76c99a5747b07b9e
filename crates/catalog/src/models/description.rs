//! The long-form text the assistant quotes when a customer asks what a product is.

use serde::Serialize;

use super::text::{has_control_except_whitespace, visible_length};

pub const DESCRIPTION_MAX: usize = 2_000;

/// Up to 2,000 characters after trimming; empty means "no description". Line breaks
/// are kept because sellers write ingredient lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Description(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescriptionError {
    #[error("description must be at most {DESCRIPTION_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("description must not contain control characters")]
    ControlCharacter,
}

impl DescriptionError {
    pub fn code(&self) -> &'static str {
        match self {
            DescriptionError::TooLong(_) => "too_long",
            DescriptionError::ControlCharacter => "control_character",
        }
    }
}

impl Description {
    pub fn parse(raw: &str) -> Result<Self, DescriptionError> {
        let trimmed = raw.trim();
        if has_control_except_whitespace(trimmed) {
            return Err(DescriptionError::ControlCharacter);
        }
        let length = visible_length(trimmed);
        if length > DESCRIPTION_MAX {
            return Err(DescriptionError::TooLong(length));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn empty() -> Self {
        Self::default()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_optional_and_bounded() {
        assert!(Description::parse("  ").unwrap().is_empty());
        let list = Description::parse("Aqua,\nGlycerin,\tNiacinamide").unwrap();
        assert!(list.as_str().contains('\n'));
        assert!(Description::parse(&"à".repeat(2_000)).is_ok());
        assert_eq!(
            Description::parse(&"à".repeat(2_001)),
            Err(DescriptionError::TooLong(2_001))
        );
        assert_eq!(
            Description::parse("bad\u{0000}byte"),
            Err(DescriptionError::ControlCharacter)
        );
    }
}
