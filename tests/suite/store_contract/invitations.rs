//! `InvitationRepository`: invitations to join a workspace.

use identity::{Invitation, InvitationId, Role};
use kernel::PageRequest;
use store::IdentityRepositories;

use super::fixtures::*;

fn invitation(account: &Account, address: &str) -> Invitation {
    Invitation {
        id: InvitationId::new(),
        workspace_id: account.workspace.id,
        email: email(address),
        role: Role::Agent,
        token_hash: token_hash("invitation"),
        invited_by: account.user.id,
        expires_at: at(7 * 24 * 3600),
        accepted_at: None,
        created_at: now(),
    }
}

pub async fn pending_invitations_exclude_expired_and_accepted(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let listed_at = now();
    let mut older = invitation(&account, "older@example.com");
    older.created_at = at(-20);
    let mut newer = invitation(&account, "newer@example.com");
    newer.created_at = at(-10);
    let mut expired = invitation(&account, "expired@example.com");
    expired.expires_at = at(-1);
    // Expiring at the very instant of listing already counts as expired.
    let mut expiring_now = invitation(&account, "edge@example.com");
    expiring_now.expires_at = listed_at;
    let accepted = invitation(&account, "accepted@example.com");
    for invitation in [&newer, &expired, &older, &accepted, &expiring_now] {
        repos.invitations.create(invitation).await.unwrap();
    }
    assert!(
        repos
            .invitations
            .mark_accepted(accepted.id, now())
            .await
            .unwrap()
    );

    let all = repos
        .invitations
        .list_pending(
            account.workspace.id,
            listed_at,
            PageRequest::new(1, 10).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(
        all.items,
        vec![newer.clone(), older.clone()],
        "newest first"
    );

    let second_page = repos
        .invitations
        .list_pending(
            account.workspace.id,
            listed_at,
            PageRequest::new(2, 1).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(second_page.total, 2);
    assert_eq!(second_page.items, vec![older]);
}

pub async fn invitation_is_found_by_hash_and_accepted_once(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let invite = invitation(&account, "Guest@Example.com");
    repos.invitations.create(&invite).await.unwrap();

    let found = repos
        .invitations
        .find_by_hash(&invite.token_hash)
        .await
        .unwrap();
    assert_eq!(found, Some(invite.clone()));
    assert_eq!(found.unwrap().email.as_str(), "guest@example.com");
    assert_eq!(
        repos
            .invitations
            .find_by_hash(&token_hash("nope"))
            .await
            .unwrap(),
        None
    );

    let accepted_at = at(1);
    assert!(
        repos
            .invitations
            .mark_accepted(invite.id, accepted_at)
            .await
            .unwrap()
    );
    assert!(
        !repos
            .invitations
            .mark_accepted(invite.id, at(2))
            .await
            .unwrap()
    );
    let found = repos
        .invitations
        .find_by_hash(&invite.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.accepted_at, Some(accepted_at));
}
