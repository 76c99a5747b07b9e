//! Free labels ("vegan", "bestseller") sellers use to group and search products.

use serde::Serialize;

use super::text::{has_control, visible_length};

pub const TAG_MAX: usize = 30;
pub const TAGS_MAX: usize = 20;

/// 1-30 characters, lower-cased so "Vegan" and "vegan" are one tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Tag(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("tag must not be empty")]
    Empty,
    #[error("tag must be at most {TAG_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("tag must not contain commas, '|' or control characters")]
    InvalidCharacter,
}

impl TagError {
    pub fn code(&self) -> &'static str {
        match self {
            TagError::Empty => "missing",
            TagError::TooLong(_) => "too_long",
            TagError::InvalidCharacter => "invalid_character",
        }
    }
}

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, TagError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(TagError::Empty);
        }
        if has_control(trimmed) || trimmed.contains([',', '|']) {
            return Err(TagError::InvalidCharacter);
        }
        let length = visible_length(trimmed);
        if length > TAG_MAX {
            return Err(TagError::TooLong(length));
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product's tags: at most 20, no repeats, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Tags(Vec<Tag>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagsError {
    #[error("a product can have at most {TAGS_MAX} tags")]
    TooMany,
    #[error("tag {position}: {source}")]
    Invalid { position: usize, source: TagError },
}

impl TagsError {
    pub fn code(&self) -> &'static str {
        match self {
            TagsError::TooMany => "too_many_tags",
            TagsError::Invalid { source, .. } => source.code(),
        }
    }
}

impl Tags {
    pub fn new(tags: Vec<Tag>) -> Result<Self, TagsError> {
        let mut unique: Vec<Tag> = Vec::with_capacity(tags.len());
        for tag in tags {
            if !unique.contains(&tag) {
                unique.push(tag);
            }
        }
        if unique.len() > TAGS_MAX {
            return Err(TagsError::TooMany);
        }
        Ok(Self(unique))
    }

    pub fn parse(raw: &[String]) -> Result<Self, TagsError> {
        let tags = raw
            .iter()
            .enumerate()
            .map(|(i, tag)| {
                Tag::parse(tag).map_err(|source| TagsError::Invalid {
                    position: i + 1,
                    source,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(tags)
    }

    pub fn as_slice(&self) -> &[Tag] {
        &self.0
    }

    pub fn contains(&self, tag: &Tag) -> bool {
        self.0.contains(tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lower_case_and_unique() {
        let tags = Tags::parse(&["Vegan".into(), " vegan ".into(), "Bán chạy".into()]).unwrap();
        assert_eq!(
            tags.as_slice().iter().map(Tag::as_str).collect::<Vec<_>>(),
            ["vegan", "bán chạy"]
        );
    }

    #[test]
    fn bad_tags_are_named_with_their_position() {
        assert_eq!(
            Tags::parse(&["ok".into(), "a,b".into()]),
            Err(TagsError::Invalid {
                position: 2,
                source: TagError::InvalidCharacter
            })
        );
        assert_eq!(Tag::parse(&"x".repeat(31)), Err(TagError::TooLong(31)));
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert_eq!(Tags::parse(&many), Err(TagsError::TooMany));
    }
}
