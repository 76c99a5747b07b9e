//! The inbox's read models: a conversation as a row of the list.

use channels::{ContactId, Direction, Platform};
use chrono::{DateTime, Utc};

use super::Tag;
use crate::conversations::Conversation;

/// The longest preview of a message's text, in characters.
pub const PREVIEW_MAX: usize = 140;

/// Who the customer is, as the inbox shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSummary {
    pub contact_id: ContactId,
    pub name: Option<String>,
    pub platform: Platform,
}

/// The conversation's latest message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastMessage {
    /// The text cut to `PREVIEW_MAX` characters; empty for an attachment alone.
    pub preview: String,
    pub direction: Direction,
    pub at: DateTime<Utc>,
}

/// One row of the inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxRow {
    pub conversation: Conversation,
    pub customer: CustomerSummary,
    pub last_message: Option<LastMessage>,
    /// Customer messages since anyone on the team last read the conversation.
    pub unread: u64,
    pub tags: Vec<Tag>,
    pub has_order: bool,
}

/// `text` cut to at most `PREVIEW_MAX` characters, with an ellipsis when cut.
pub fn preview(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= PREVIEW_MAX {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(PREVIEW_MAX - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_on_a_character_with_an_ellipsis() {
        assert_eq!(preview("  hi "), "hi");
        let long = "è".repeat(PREVIEW_MAX + 5);
        let cut = preview(&long);
        assert_eq!(cut.chars().count(), PREVIEW_MAX);
        assert!(cut.ends_with('…'));
    }
}
