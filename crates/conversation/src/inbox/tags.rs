//! Tags a team puts on conversations ("vip", "refund", "wholesale").

use std::fmt;

/// The longest tag, in characters.
pub const TAG_MAX: usize = 32;
/// The most tags one conversation carries.
pub const TAGS_MAX: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("a tag is 1 to {TAG_MAX} letters, digits, '-' or '_'")]
    Invalid,
    #[error("a conversation carries at most {TAGS_MAX} tags")]
    TooMany,
}

/// A tag: trimmed, lower-cased, 1 to 32 letters (any script), digits, `-` or `_`, so it
/// reads the same in every filter and never needs escaping in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(String);

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, TagError> {
        let tag = raw.trim().to_lowercase();
        let valid = !tag.is_empty()
            && tag.chars().count() <= TAG_MAX
            && tag
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(Self(tag))
        } else {
            Err(TagError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A conversation's whole set of tags: sorted, each once, at most `TAGS_MAX`.
pub fn tag_set(raw: &[String]) -> Result<Vec<Tag>, TagError> {
    let mut tags = raw
        .iter()
        .map(|t| Tag::parse(t))
        .collect::<Result<Vec<_>, _>>()?;
    tags.sort();
    tags.dedup();
    if tags.len() > TAGS_MAX {
        return Err(TagError::TooMany);
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_lower_cased_and_refuse_spaces_and_punctuation() {
        assert_eq!(Tag::parse("  VIP ").map(|t| t.0), Ok("vip".to_owned()));
        assert_eq!(
            Tag::parse("rimborso-è").map(|t| t.0),
            Ok("rimborso-è".to_owned())
        );
        assert_eq!(Tag::parse(""), Err(TagError::Invalid));
        assert_eq!(Tag::parse("two words"), Err(TagError::Invalid));
        assert_eq!(Tag::parse("a,b"), Err(TagError::Invalid));
        assert_eq!(Tag::parse(&"x".repeat(TAG_MAX + 1)), Err(TagError::Invalid));
    }

    #[test]
    fn a_set_is_sorted_without_repeats_and_bounded() {
        let set = tag_set(&["vip".into(), "Refund".into(), "VIP".into()]);
        assert_eq!(
            set.map(|s| s.iter().map(|t| t.as_str().to_owned()).collect::<Vec<_>>()),
            Ok(vec!["refund".to_owned(), "vip".to_owned()])
        );
        let many: Vec<String> = (0..=TAGS_MAX).map(|i| format!("t{i}")).collect();
        assert_eq!(tag_set(&many), Err(TagError::TooMany));
    }
}
