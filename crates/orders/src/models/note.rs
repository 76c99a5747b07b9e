//! Notes a seller keeps on an order (payment method, tracking number...).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{AuthorId, NoteId};

pub const NOTE_MAX: usize = 2_000;

/// At most this many notes per order: a running log, not a chat.
pub const MAX_NOTES: usize = 200;

/// 1-2,000 characters; line breaks allowed (an address, a tracking list), other
/// control characters not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct NoteText(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteTextError {
    #[error("the note is empty")]
    Empty,
    #[error("a note may have at most {NOTE_MAX} characters")]
    TooLong,
    #[error("a note may not contain control characters other than line breaks")]
    ControlCharacter,
}

impl NoteTextError {
    pub fn code(&self) -> &'static str {
        match self {
            NoteTextError::Empty => "note_empty",
            NoteTextError::TooLong => "note_too_long",
            NoteTextError::ControlCharacter => "control_character",
        }
    }
}

impl NoteText {
    pub fn parse(raw: &str) -> Result<Self, NoteTextError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(NoteTextError::Empty);
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(NoteTextError::ControlCharacter);
        }
        if trimmed.chars().count() > NOTE_MAX {
            return Err(NoteTextError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One note, as written. Notes are appended, never edited, so the log of what was
/// agreed with the customer stays trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderNote {
    pub id: NoteId,
    pub text: NoteText,
    /// The member who wrote it; `None` when written by the system or an integration.
    pub author_id: Option<AuthorId>,
    pub created_at: DateTime<Utc>,
}

impl OrderNote {
    pub fn new(text: NoteText, author_id: Option<AuthorId>, at: DateTime<Utc>) -> Self {
        Self {
            id: NoteId::new(),
            text,
            author_id,
            created_at: at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_keep_line_breaks_and_refuse_other_control_characters() {
        assert_eq!(
            NoteText::parse("  Paid by bank transfer\nTracking: RR123  ")
                .unwrap()
                .as_str(),
            "Paid by bank transfer\nTracking: RR123"
        );
        assert_eq!(NoteText::parse(" \n "), Err(NoteTextError::Empty));
        assert_eq!(
            NoteText::parse("bell\u{7}"),
            Err(NoteTextError::ControlCharacter)
        );
        assert_eq!(
            NoteText::parse(&"é".repeat(NOTE_MAX + 1)),
            Err(NoteTextError::TooLong)
        );
        assert!(NoteText::parse(&"é".repeat(NOTE_MAX)).is_ok());
    }
}
