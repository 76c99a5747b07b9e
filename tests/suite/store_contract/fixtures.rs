//! Domain values for the contract cases, built through the domain's constructors.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use identity::{
    BusinessName, Member, MemberId, PasswordHash, PersonName, Role, TokenHash, User, UserId,
    Workspace, WorkspaceProfile,
};
use kernel::{Currency, Email, WorkspaceId};
use store::IdentityRepositories;

/// Now, at the microsecond precision both databases keep, so values read back equal
/// the values written.
pub fn now() -> DateTime<Utc> {
    Utc::now()
        .duration_trunc(TimeDelta::microseconds(1))
        .unwrap()
}

/// `now()` moved by whole seconds, for rows whose order must not depend on timing.
pub fn at(seconds_from_now: i64) -> DateTime<Utc> {
    now() + TimeDelta::seconds(seconds_from_now)
}

pub fn email(raw: &str) -> Email {
    Email::parse(raw).unwrap()
}

/// A digest that no other case or row shares.
pub fn token_hash(label: &str) -> TokenHash {
    TokenHash::from_hex(format!("{label}-{}", uuid::Uuid::new_v4().simple()))
}

pub fn user(address: &str, name: Option<&str>) -> User {
    User {
        id: UserId::new(),
        email: email(address),
        name: name.map(|n| PersonName::parse(n).unwrap()),
        password_hash: PasswordHash::from_phc(format!("$argon2id$v=19$fake${address}")),
        email_verified_at: None,
        created_at: now(),
    }
}

pub fn workspace(business_name: &str) -> Workspace {
    let profile = WorkspaceProfile::new(
        BusinessName::parse(business_name).unwrap(),
        Currency::parse("EUR").unwrap(),
    );
    Workspace {
        id: WorkspaceId::new(),
        profile,
        created_at: now(),
        updated_at: now(),
    }
}

pub fn member(workspace_id: WorkspaceId, user_id: UserId, role: Role) -> Member {
    Member {
        id: MemberId::new(),
        workspace_id,
        user_id,
        role,
        created_at: now(),
    }
}

/// A user who owns a workspace, as sign-up leaves them.
pub struct Account {
    pub user: User,
    pub workspace: Workspace,
    pub owner: Member,
}

pub async fn sign_up(repos: &IdentityRepositories, address: &str) -> Account {
    let user = user(address, Some("Ana Owner"));
    let workspace = workspace(&format!("Shop of {address}"));
    let owner = member(workspace.id, user.id, Role::Owner);
    repos
        .users
        .create_account(&user, &workspace, &owner)
        .await
        .unwrap();
    Account {
        user,
        workspace,
        owner,
    }
}

/// A new user who joins `workspace_id` with `role`, as accepting an invitation does.
pub async fn join(
    repos: &IdentityRepositories,
    workspace_id: WorkspaceId,
    address: &str,
    role: Role,
) -> (User, Member) {
    let user = user(address, None);
    let member = member(workspace_id, user.id, role);
    repos
        .users
        .create_member_account(&user, &member)
        .await
        .unwrap();
    (user, member)
}

/// `User` has no `PartialEq` (it holds a password hash), so compare field by field.
pub fn assert_same_user(found: &User, expected: &User) {
    assert_eq!(found.id, expected.id);
    assert_eq!(found.email, expected.email);
    assert_eq!(found.name, expected.name);
    assert_eq!(found.password_hash, expected.password_hash);
    assert_eq!(found.email_verified_at, expected.email_verified_at);
    assert_eq!(found.created_at, expected.created_at);
}
