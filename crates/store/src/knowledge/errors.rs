//! Database errors in the knowledge base's terms.

use std::fmt::Display;

use knowledge::KnowledgeRepositoryError;
use sea_orm::{DbErr, SqlErr};

/// Whether a failed write broke a unique rule: on `faqs`, the question rule
/// (`ux_faqs_workspace_dedupe_key`) or the primary key (the same FAQ written twice).
/// Which FAQ it clashed with is then looked up by dedupe key, which names the rule
/// better than either database's message would.
pub(super) fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

pub(super) fn unexpected(err: DbErr) -> KnowledgeRepositoryError {
    KnowledgeRepositoryError::Unexpected(err.to_string())
}

/// A stored row the domain's constructors refuse: changed behind the application's
/// back, or a migration forgot something.
pub(super) fn corrupt(what: &str, detail: impl Display) -> KnowledgeRepositoryError {
    KnowledgeRepositoryError::Unexpected(format!("stored {what} is invalid: {detail}"))
}
