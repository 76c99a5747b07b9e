use kernel::{Page, PageRequest};

use crate::*;

use super::{IdentityService, Principal, TeamError};

/// A new key: the plaintext is returned this once and never again.
#[derive(Debug, Clone)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

impl IdentityService {
    #[tracing::instrument(skip_all)]
    pub async fn create_api_key(
        &self,
        principal: &Principal,
        name: ApiKeyName,
        role: Role,
        ip: Option<&str>,
    ) -> Result<CreatedApiKey, TeamError> {
        principal.require(Permission::ManageApiKeys)?;
        ensure_grantable(principal, role)?;
        let (secret, key_hash) = self.ports.credentials.new_secret(API_KEY_PREFIX);
        let key = ApiKey {
            id: ApiKeyId::new(),
            workspace_id: principal.workspace_id,
            name,
            display_prefix: secret.chars().take(API_KEY_PREFIX.len() + 4).collect(),
            key_hash,
            role,
            created_by: principal.user_id(),
            created_at: self.now(),
            last_used_at: None,
            revoked_at: None,
        };
        self.ports.api_keys.create(&key).await?;
        self.audit(
            Some(principal.workspace_id),
            principal.actor(),
            AuditAction::ApiKeyCreated,
            ip,
            &[
                ("api_key_id", key.id.to_string()),
                ("role", role.as_str().to_owned()),
            ],
        )
        .await?;
        Ok(CreatedApiKey { key, secret })
    }

    #[tracing::instrument(skip_all)]
    pub async fn list_api_keys(
        &self,
        principal: &Principal,
        page: PageRequest,
    ) -> Result<Page<ApiKey>, TeamError> {
        principal.require(Permission::ManageApiKeys)?;
        Ok(self
            .ports
            .api_keys
            .list(principal.workspace_id, page)
            .await?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn revoke_api_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
        ip: Option<&str>,
    ) -> Result<(), TeamError> {
        principal.require(Permission::ManageApiKeys)?;
        if !self
            .ports
            .api_keys
            .revoke(principal.workspace_id, id, self.now())
            .await?
        {
            return Err(TeamError::ApiKeyNotFound);
        }
        self.audit(
            Some(principal.workspace_id),
            principal.actor(),
            AuditAction::ApiKeyRevoked,
            ip,
            &[("api_key_id", id.to_string())],
        )
        .await?;
        Ok(())
    }
}

/// Nobody hands out the owner role, or a role above their own.
pub(super) fn ensure_grantable(principal: &Principal, role: Role) -> Result<(), TeamError> {
    if role == Role::Owner || role.rank() > principal.role.rank() {
        return Err(TeamError::RoleNotGrantable);
    }
    Ok(())
}
