//! Turning a bearer credential into a `Principal`, checked against current state:
//! a logged-out session or a removed member loses access at once, not at token expiry.

use crate::API_KEY_PREFIX;

use super::{AccessError, IdentityService, Principal, PrincipalKind, Unauthenticated};

impl IdentityService {
    /// Accepts either a JWT access token or a `cd_live_` API key.
    #[tracing::instrument(skip_all)]
    pub async fn authenticate(&self, bearer: &str) -> Result<Principal, AccessError> {
        if bearer.starts_with(API_KEY_PREFIX) {
            self.authenticate_api_key(bearer).await
        } else {
            self.authenticate_access_token(bearer).await
        }
    }

    async fn authenticate_access_token(&self, token: &str) -> Result<Principal, AccessError> {
        let claims = self.ports.access_tokens.verify(token)?;
        let session = self
            .ports
            .sessions
            .find_session(claims.session_id)
            .await?
            .filter(|s| s.revoked_at.is_none() && s.user_id == claims.user_id)
            .ok_or(AccessError::Unauthenticated(Unauthenticated::Revoked))?;
        let member = self
            .ports
            .members
            .find(session.workspace_id, session.user_id)
            .await?
            .ok_or(AccessError::Unauthenticated(
                Unauthenticated::NoLongerMember,
            ))?;
        Ok(Principal {
            workspace_id: member.workspace_id,
            role: member.role,
            kind: PrincipalKind::User {
                user_id: member.user_id,
                session_id: session.id,
            },
        })
    }

    async fn authenticate_api_key(&self, key: &str) -> Result<Principal, AccessError> {
        let hash = self.ports.credentials.digest(key);
        let key = self
            .ports
            .api_keys
            .find_by_hash(&hash)
            .await?
            .filter(|k| k.revoked_at.is_none())
            .ok_or(AccessError::Unauthenticated(Unauthenticated::Invalid))?;
        // A key outlives nobody: once its creator leaves the workspace it stops working.
        let creator = self
            .ports
            .members
            .find(key.workspace_id, key.created_by)
            .await?
            .ok_or(AccessError::Unauthenticated(Unauthenticated::Revoked))?;
        self.ports.api_keys.touch(key.id, self.now()).await?;
        Ok(Principal {
            workspace_id: key.workspace_id,
            // Never more than the creator holds today.
            role: if key.role.rank() <= creator.role.rank() {
                key.role
            } else {
                creator.role
            },
            kind: PrincipalKind::ApiKey {
                key_id: key.id,
                created_by: key.created_by,
            },
        })
    }
}
