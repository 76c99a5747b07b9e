use chrono::{DateTime, Utc};
use kernel::{Email, WorkspaceId};

use crate::{Role, TokenHash, UserId};

kernel::typed_id!(InvitationId);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: InvitationId,
    pub workspace_id: WorkspaceId,
    pub email: Email,
    pub role: Role,
    pub token_hash: TokenHash,
    pub invited_by: UserId,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}
