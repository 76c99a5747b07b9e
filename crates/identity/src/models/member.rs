use chrono::{DateTime, Utc};
use kernel::{Email, WorkspaceId};

use crate::{PersonName, Role, UserId};

kernel::typed_id!(
    /// A user's membership of one workspace.
    MemberId
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: MemberId,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

/// A member as the team page shows it: with the user's email and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberProfile {
    pub member: Member,
    pub email: Email,
    pub name: Option<PersonName>,
}
