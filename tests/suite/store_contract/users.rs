//! `UserRepository`: accounts and the sign-up transactions.

use identity::ports::RepositoryError;
use identity::{PasswordHash, Role, UserId};
use kernel::WorkspaceId;
use store::IdentityRepositories;

use super::fixtures::*;

pub async fn account_is_found_by_email_and_id(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;

    // Emails are compared in their normalised form, whatever the caller typed.
    let by_email = repos
        .users
        .find_by_email(&email("  ANA@Example.COM "))
        .await
        .unwrap()
        .expect("found by email");
    assert_same_user(&by_email, &account.user);
    let by_id = repos
        .users
        .find_by_id(account.user.id)
        .await
        .unwrap()
        .expect("found by id");
    assert_same_user(&by_id, &account.user);

    // Sign-up wrote the workspace and the owner membership with the user.
    let workspace = repos.workspaces.get(account.workspace.id).await.unwrap();
    assert_eq!(workspace, Some(account.workspace.clone()));
    let owner = repos
        .members
        .find(account.workspace.id, account.user.id)
        .await
        .unwrap();
    assert_eq!(owner, Some(account.owner));

    assert!(
        repos
            .users
            .find_by_email(&email("nobody@example.com"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        repos
            .users
            .find_by_id(UserId::new())
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn duplicate_email_is_refused_and_nothing_is_kept(repos: &IdentityRepositories) {
    let first = sign_up(repos, "ana@example.com").await;

    let second_user = user("Ana@Example.com", None);
    let second_workspace = workspace("Second Shop");
    let second_owner = member(second_workspace.id, second_user.id, Role::Owner);
    let result = repos
        .users
        .create_account(&second_user, &second_workspace, &second_owner)
        .await;
    assert!(
        matches!(result, Err(RepositoryError::Duplicate("email"))),
        "{result:?}"
    );

    // The transaction rolled back: no workspace or membership was left behind.
    assert_eq!(
        repos.workspaces.get(second_workspace.id).await.unwrap(),
        None
    );
    assert!(
        repos
            .members
            .memberships_of(second_user.id)
            .await
            .unwrap()
            .is_empty()
    );
    let kept = repos
        .users
        .find_by_email(&email("ana@example.com"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.id, first.user.id);
}

pub async fn member_account_joins_an_existing_workspace(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let (agent, membership) = join(
        repos,
        account.workspace.id,
        "agent@example.com",
        Role::Agent,
    )
    .await;

    let found = repos.users.find_by_id(agent.id).await.unwrap().unwrap();
    assert_same_user(&found, &agent);
    assert_eq!(
        repos
            .members
            .find(account.workspace.id, agent.id)
            .await
            .unwrap(),
        Some(membership)
    );

    // A second account with the same email is refused, and adds no membership.
    let twin = user("AGENT@example.com", None);
    let twin_member = member(account.workspace.id, twin.id, Role::Viewer);
    let result = repos.users.create_member_account(&twin, &twin_member).await;
    assert!(
        matches!(result, Err(RepositoryError::Duplicate("email"))),
        "{result:?}"
    );
    assert!(
        repos
            .members
            .memberships_of(twin.id)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn member_account_needs_an_existing_workspace(repos: &IdentityRepositories) {
    let stranger = user("lost@example.com", None);
    let membership = member(WorkspaceId::new(), stranger.id, Role::Agent);
    let result = repos
        .users
        .create_member_account(&stranger, &membership)
        .await;
    assert!(
        matches!(result, Err(RepositoryError::Unexpected(_))),
        "{result:?}"
    );
    // Neither half of the transaction was kept.
    assert!(repos.users.find_by_id(stranger.id).await.unwrap().is_none());
}

pub async fn password_and_verification_are_updated(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let other = sign_up(repos, "bea@example.com").await;

    let new_hash = PasswordHash::from_phc("$argon2id$v=19$new".to_owned());
    repos
        .users
        .set_password(account.user.id, &new_hash)
        .await
        .unwrap();
    let verified_at = at(-60);
    repos
        .users
        .mark_email_verified(account.user.id, verified_at)
        .await
        .unwrap();
    // Following the link again keeps the first verification time.
    repos
        .users
        .mark_email_verified(account.user.id, now())
        .await
        .unwrap();

    let found = repos
        .users
        .find_by_id(account.user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.password_hash, new_hash);
    assert_eq!(found.email_verified_at, Some(verified_at));

    // Only that user changed.
    let untouched = repos
        .users
        .find_by_id(other.user.id)
        .await
        .unwrap()
        .unwrap();
    assert_same_user(&untouched, &other.user);
}
