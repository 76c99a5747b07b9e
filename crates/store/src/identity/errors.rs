//! Database errors in the identity domain's terms.

use std::fmt::Display;

use identity::ports::RepositoryError;
use sea_orm::{DbErr, SqlErr};

/// Every unique index of the identity tables: the name PostgreSQL reports, the
/// columns SQLite reports, and the rule a violation breaks (`Duplicate(rule)`).
const UNIQUE_RULES: &[(&str, &str, &str)] = &[
    ("ux_users_email", "users.email", "email"),
    (
        "ux_members_workspace_user",
        "members.workspace_id",
        "membership",
    ),
    (
        "ux_refresh_tokens_token_hash",
        "refresh_tokens.token_hash",
        "refresh_token",
    ),
    (
        "ux_one_time_tokens_token_hash",
        "one_time_tokens.token_hash",
        "one_time_token",
    ),
    (
        "ux_invitations_token_hash",
        "invitations.token_hash",
        "invitation",
    ),
    ("ux_api_keys_key_hash", "api_keys.key_hash", "api_key"),
];

/// Translates a failed query: unique violations become `Duplicate`, anything else
/// is `Unexpected`.
pub(crate) fn from_db(err: DbErr) -> RepositoryError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => {
            RepositoryError::Duplicate(rule_broken(&message))
        }
        _ => RepositoryError::Unexpected(err.to_string()),
    }
}

/// A stored row that the domain's constructors refuse: the data was changed behind
/// the application's back, or a migration forgot something.
pub(crate) fn corrupt(what: &str, detail: impl Display) -> RepositoryError {
    RepositoryError::Unexpected(format!("stored {what} is invalid: {detail}"))
}

fn rule_broken(message: &str) -> &'static str {
    UNIQUE_RULES
        .iter()
        .find(|(index, columns, _)| message.contains(index) || message.contains(columns))
        .map(|(_, _, rule)| *rule)
        // Only a primary key is left: the same record written twice.
        .unwrap_or("id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_rule_from_either_database_message() {
        let postgres = r#"duplicate key value violates unique constraint "ux_users_email""#;
        let sqlite = "UNIQUE constraint failed: members.workspace_id, members.user_id";
        assert_eq!(rule_broken(postgres), "email");
        assert_eq!(rule_broken(sqlite), "membership");
        assert_eq!(rule_broken("UNIQUE constraint failed: users.id"), "id");
    }
}
