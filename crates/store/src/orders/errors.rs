//! Database errors in the orders domain's terms: which unique rule a violation broke
//! (from the index name PostgreSQL reports, or the columns SQLite reports), and rows
//! the domain's constructors refuse.

use std::fmt::Display;

use ::orders::ports::OrderRepositoryError;
use sea_orm::{DbErr, SqlErr};

/// The order tables' uniqueness rules, one per `ux_*` index of the orders migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UniqueRule {
    /// `ux_orders_workspace_placement_key`: the same confirmation placed twice.
    PlacementKey,
    /// `ux_orders_workspace_number`: only if the counter fell behind the orders.
    Number,
    /// A primary key (the same order written twice), or a line position.
    Other,
}

/// Index name (PostgreSQL), the columns SQLite names, and the rule.
const UNIQUE_RULES: &[(&str, &str, UniqueRule)] = &[
    (
        "ux_orders_workspace_placement_key",
        "orders.workspace_id, orders.placement_key",
        UniqueRule::PlacementKey,
    ),
    (
        "ux_orders_workspace_number",
        "orders.workspace_id, orders.number",
        UniqueRule::Number,
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

pub(crate) fn unexpected(err: impl Display) -> OrderRepositoryError {
    OrderRepositoryError::Unexpected(err.to_string())
}

/// A stored row the domain's constructors refuse: changed behind the application's
/// back, or a migration forgot something.
pub(crate) fn corrupt(what: &str, detail: impl Display) -> OrderRepositoryError {
    OrderRepositoryError::Unexpected(format!("stored {what} is invalid: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_rule_from_either_database_message() {
        let postgres =
            r#"duplicate key value violates unique constraint "ux_orders_workspace_placement_key""#;
        assert_eq!(rule_of(postgres), UniqueRule::PlacementKey);
        let sqlite = "UNIQUE constraint failed: orders.workspace_id, orders.placement_key";
        assert_eq!(rule_of(sqlite), UniqueRule::PlacementKey);
        assert_eq!(
            rule_of("UNIQUE constraint failed: orders.workspace_id, orders.number"),
            UniqueRule::Number
        );
        assert_eq!(
            rule_of("UNIQUE constraint failed: orders.id"),
            UniqueRule::Other
        );
    }
}
