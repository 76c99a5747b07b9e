//! An internal note: what one member writes on a conversation for the team. Never sent
//! to the customer.

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use uuid::Uuid;

use crate::conversations::ConversationId;

kernel::typed_id!(
    /// One internal note.
    NoteId
);

/// The longest note, in characters.
pub const NOTE_MAX: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoteBodyError {
    #[error("write something")]
    Empty,
    #[error("a note is at most {NOTE_MAX} characters")]
    TooLong,
}

/// A note's text: trimmed, 1 to `NOTE_MAX` characters, kept as written otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteBody(String);

impl NoteBody {
    pub fn parse(raw: &str) -> Result<Self, NoteBodyError> {
        let body = raw.trim();
        if body.is_empty() {
            return Err(NoteBodyError::Empty);
        }
        if body.chars().count() > NOTE_MAX {
            return Err(NoteBodyError::TooLong);
        }
        Ok(Self(body.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: NoteId,
    pub workspace_id: WorkspaceId,
    pub conversation_id: ConversationId,
    /// The member who wrote it (their user id, as `assigned_member_id` names members).
    pub author_member_id: Uuid,
    pub body: NoteBody,
    /// The members the note mentions (user ids), each once, in the order written.
    pub mentions: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// `ids` each once, first occurrence first.
pub fn unique_mentions(ids: &[Uuid]) -> Vec<Uuid> {
    let mut seen = Vec::with_capacity(ids.len());
    for id in ids {
        if !seen.contains(id) {
            seen.push(*id);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_trimmed_and_bounded() {
        assert_eq!(
            NoteBody::parse("  call her back \n").map(|b| b.0),
            Ok("call her back".to_owned())
        );
        assert_eq!(NoteBody::parse(" \n\t"), Err(NoteBodyError::Empty));
        assert!(NoteBody::parse(&"è".repeat(NOTE_MAX)).is_ok());
        assert_eq!(
            NoteBody::parse(&"è".repeat(NOTE_MAX + 1)),
            Err(NoteBodyError::TooLong)
        );
    }

    #[test]
    fn mentions_keep_the_first_of_each() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(unique_mentions(&[b, a, b, a]), vec![b, a]);
    }
}
