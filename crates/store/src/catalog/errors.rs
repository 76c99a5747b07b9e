//! Database errors in the catalog's terms.
//!
//! Each port has its own error enum; what they share is telling which unique rule a
//! violation broke (from the index name PostgreSQL reports, or the columns SQLite
//! reports) and describing rows the domain's constructors refuse.

use std::fmt::Display;

use sea_orm::{DbErr, SqlErr};

/// The catalog's uniqueness rules, one per `ux_*` index of the catalog migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UniqueRule {
    /// `ux_products_workspace_sku`: a SKU names one live product of a workspace.
    ProductSku,
    /// `ux_categories_root_name` / `ux_categories_child_name`: among siblings.
    CategoryName,
    /// `ux_suppliers_workspace_name`.
    SupplierName,
    /// A primary key: the same record written twice.
    Id,
}

/// Index name (PostgreSQL), a column SQLite names, and the rule.
const UNIQUE_RULES: &[(&str, &str, UniqueRule)] = &[
    (
        "ux_products_workspace_sku",
        "products.sku",
        UniqueRule::ProductSku,
    ),
    (
        "ux_categories_root_name",
        "categories.name_key",
        UniqueRule::CategoryName,
    ),
    (
        "ux_categories_child_name",
        "categories.name_key",
        UniqueRule::CategoryName,
    ),
    (
        "ux_suppliers_workspace_name",
        "suppliers.name_key",
        UniqueRule::SupplierName,
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
        .find(|(index, column, _)| message.contains(index) || message.contains(column))
        .map(|(_, _, rule)| *rule)
        .unwrap_or(UniqueRule::Id)
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
            r#"duplicate key value violates unique constraint "ux_products_workspace_sku""#;
        assert_eq!(rule_of(postgres), UniqueRule::ProductSku);
        let sqlite = "UNIQUE constraint failed: categories.workspace_id, categories.parent_id, \
                      categories.name_key";
        assert_eq!(rule_of(sqlite), UniqueRule::CategoryName);
        assert_eq!(
            rule_of("UNIQUE constraint failed: suppliers.workspace_id, suppliers.name_key"),
            UniqueRule::SupplierName
        );
        assert_eq!(
            rule_of("UNIQUE constraint failed: products.id"),
            UniqueRule::Id
        );
    }
}
