//! Database errors in the channel domain's terms.
//!
//! Each port has its own error enum; what they share is telling which unique rule a
//! violation broke (from the index name PostgreSQL reports, or the columns SQLite
//! reports) and describing rows the domain's constructors refuse.

use std::fmt::Display;

use sea_orm::{DbErr, SqlErr};

/// The channel tables' uniqueness rules, one per `ux_*` index of the channels migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UniqueRule {
    /// `ux_channels_platform_account`: a platform account is connected once among
    /// channels that are not disconnected.
    AccountTaken,
    /// `ux_messages_channel_platform_message`: one row per platform message id on a channel.
    PlatformMessageId,
    /// `ux_messages_workspace_idempotency_key`: one outbound message per key in a workspace.
    IdempotencyKey,
    /// Any other: a primary key (the same record written twice), or a rule the
    /// adapters resolve with `ON CONFLICT` and never see violated.
    Other,
}

/// Index name (PostgreSQL), the columns SQLite names, and the rule.
const UNIQUE_RULES: &[(&str, &str, UniqueRule)] = &[
    (
        "ux_channels_platform_account",
        "channels.platform, channels.account_id",
        UniqueRule::AccountTaken,
    ),
    (
        "ux_messages_channel_platform_message",
        "messages.channel_id, messages.platform_message_id",
        UniqueRule::PlatformMessageId,
    ),
    (
        "ux_messages_workspace_idempotency_key",
        "messages.workspace_id, messages.idempotency_key",
        UniqueRule::IdempotencyKey,
    ),
];

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

/// A stored row the domain's constructors refuse: changed behind the application's
/// back, or a migration forgot something.
pub(crate) fn corrupt(what: &str, detail: impl Display) -> String {
    format!("stored {what} is invalid: {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_rule_from_either_database_message() {
        let postgres =
            r#"duplicate key value violates unique constraint "ux_channels_platform_account""#;
        assert_eq!(rule_of(postgres), UniqueRule::AccountTaken);
        let sqlite = "UNIQUE constraint failed: channels.platform, channels.account_id";
        assert_eq!(rule_of(sqlite), UniqueRule::AccountTaken);
        assert_eq!(
            rule_of("UNIQUE constraint failed: messages.channel_id, messages.platform_message_id"),
            UniqueRule::PlatformMessageId
        );
        assert_eq!(
            rule_of(r#"violates unique constraint "ux_messages_workspace_idempotency_key""#),
            UniqueRule::IdempotencyKey
        );
        assert_eq!(
            rule_of("UNIQUE constraint failed: channels.id"),
            UniqueRule::Other
        );
    }
}
