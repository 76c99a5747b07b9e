//! Database errors in the conversation domain's terms: which unique rule a violation
//! broke (from the index name PostgreSQL reports, or the columns SQLite reports), and
//! rows the domain's constructors refuse.

use std::fmt::Display;

use conversation::ports::ConversationRepositoryError;
use sea_orm::{DbErr, SqlErr};

/// The conversation tables' uniqueness rules, one per `ux_*` index of the
/// conversations migration that a write can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UniqueRule {
    /// `ux_conversations_current`: one conversation per channel and contact is not
    /// archived.
    Current,
    /// A primary key (the same conversation or event written twice).
    Other,
}

/// Index name (PostgreSQL), the columns SQLite names, and the rule.
const UNIQUE_RULES: &[(&str, &str, UniqueRule)] = &[(
    "ux_conversations_current",
    "conversations.channel_id, conversations.contact_id",
    UniqueRule::Current,
)];

/// The rule a failed write broke, when it was a unique violation.
pub(crate) fn unique_rule(err: &DbErr) -> Option<UniqueRule> {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => Some(rule_of(&message)),
        _ => None,
    }
}

fn rule_of(message: &str) -> UniqueRule {
    UNIQUE_RULES
        .iter()
        .find(|(index, columns, _)| message.contains(index) || message.contains(columns))
        .map(|(_, _, rule)| *rule)
        .unwrap_or(UniqueRule::Other)
}

/// A failed conversation write: the current-conversation rule becomes `Duplicate`.
pub(crate) fn write_error(err: DbErr) -> ConversationRepositoryError {
    match unique_rule(&err) {
        Some(UniqueRule::Current) => ConversationRepositoryError::Duplicate,
        _ => unexpected(err),
    }
}

pub(crate) fn unexpected(err: impl Display) -> ConversationRepositoryError {
    ConversationRepositoryError::Unexpected(err.to_string())
}

/// A stored row the domain's constructors refuse: changed behind the application's
/// back, or a migration forgot something.
pub(crate) fn corrupt(what: &str, detail: impl Display) -> ConversationRepositoryError {
    ConversationRepositoryError::Unexpected(format!("stored {what} is invalid: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_rule_from_either_database_message() {
        let postgres =
            r#"duplicate key value violates unique constraint "ux_conversations_current""#;
        assert_eq!(rule_of(postgres), UniqueRule::Current);
        let sqlite = "UNIQUE constraint failed: conversations.channel_id, conversations.contact_id";
        assert_eq!(rule_of(sqlite), UniqueRule::Current);
        assert_eq!(
            rule_of("UNIQUE constraint failed: conversations.id"),
            UniqueRule::Other
        );
    }
}
