use chrono::{DateTime, Utc};
use kernel::WorkspaceId;

use crate::{Role, TokenHash, UserId};

kernel::typed_id!(ApiKeyId);

/// Every API key starts with this, so leaked keys are easy to scan for.
pub const API_KEY_PREFIX: &str = "cd_live_";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub workspace_id: WorkspaceId,
    pub name: ApiKeyName,
    /// The first characters of the key, shown so people can tell keys apart.
    pub display_prefix: String,
    pub key_hash: TokenHash,
    pub role: Role,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiKeyNameError {
    #[error("name must be 1 to 100 characters")]
    Length,
}

impl ApiKeyName {
    pub fn parse(raw: &str) -> Result<Self, ApiKeyNameError> {
        let trimmed = raw.trim();
        let length = trimmed.chars().count();
        if length == 0 || length > 100 {
            return Err(ApiKeyNameError::Length);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
