use kernel::WorkspaceId;

use crate::{Actor, ApiKeyId, Permission, Role, SessionId, UserId};

use super::AccessError;

/// Who is calling, for which workspace, with which role: the result of authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub workspace_id: WorkspaceId,
    pub role: Role,
    pub kind: PrincipalKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    User {
        user_id: UserId,
        session_id: SessionId,
    },
    /// An integrator's key acts for the workspace on behalf of the member who created it.
    ApiKey {
        key_id: ApiKeyId,
        created_by: UserId,
    },
}

impl Principal {
    pub fn require(&self, permission: Permission) -> Result<(), AccessError> {
        if self.role.can(permission) {
            Ok(())
        } else {
            Err(AccessError::Forbidden(permission))
        }
    }

    /// The person responsible for what this principal does.
    pub fn user_id(&self) -> UserId {
        match self.kind {
            PrincipalKind::User { user_id, .. } => user_id,
            PrincipalKind::ApiKey { created_by, .. } => created_by,
        }
    }

    pub fn actor(&self) -> Actor {
        match self.kind {
            PrincipalKind::User { user_id, .. } => Actor::User(user_id),
            PrincipalKind::ApiKey { key_id, .. } => Actor::ApiKey(key_id),
        }
    }
}
