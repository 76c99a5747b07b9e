use chrono::{DateTime, Utc};
use kernel::Email;

use crate::PasswordHash;

kernel::typed_id!(
    /// A person who can sign in. Users join workspaces through memberships.
    UserId
);

#[derive(Debug, Clone)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: Option<PersonName>,
    pub password_hash: PasswordHash,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A person's display name: 1-100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("name must be 1 to 100 characters")]
    Length,
}

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, PersonNameError> {
        let trimmed = raw.trim();
        let length = trimmed.chars().count();
        if length == 0 || length > 100 {
            return Err(PersonNameError::Length);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
