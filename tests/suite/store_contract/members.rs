//! `MemberRepository`: memberships, the team page and roles.

use identity::ports::RepositoryError;
use identity::{MemberId, Role};
use kernel::PageRequest;
use store::IdentityRepositories;

use super::fixtures::*;

pub async fn members_are_listed_oldest_first_in_pages(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let mut expected = vec![(account.owner.clone(), account.user.email.clone())];
    for n in 1..=4 {
        let mut joiner = user(
            &format!("agent{n}@example.com"),
            Some(&format!("Agent {n}")),
        );
        joiner.created_at = at(n);
        let mut membership = member(account.workspace.id, joiner.id, Role::Agent);
        // Later joiners are written first: the order must come from the data.
        membership.created_at = at(10 - n);
        repos
            .users
            .create_member_account(&joiner, &membership)
            .await
            .unwrap();
        expected.push((membership, joiner.email.clone()));
    }
    expected[1..].sort_by_key(|(m, _)| m.created_at);

    let first = repos
        .members
        .list(account.workspace.id, PageRequest::new(1, 2).unwrap())
        .await
        .unwrap();
    assert_eq!(first.total, 5);
    assert_eq!((first.page, first.per_page), (1, 2));
    assert_eq!(first.items.len(), 2);
    let last = repos
        .members
        .list(account.workspace.id, PageRequest::new(3, 2).unwrap())
        .await
        .unwrap();
    assert_eq!(last.total, 5);
    assert_eq!(last.items.len(), 1);
    let beyond = repos
        .members
        .list(account.workspace.id, PageRequest::new(4, 2).unwrap())
        .await
        .unwrap();
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 5);

    let everyone = repos
        .members
        .list(account.workspace.id, PageRequest::new(1, 10).unwrap())
        .await
        .unwrap();
    let listed: Vec<_> = everyone
        .items
        .iter()
        .map(|p| (p.member.clone(), p.email.clone()))
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(
        everyone.items[0].name.as_ref().unwrap().as_str(),
        "Ana Owner"
    );
    let paged: Vec<_> = first
        .items
        .iter()
        .chain(&last.items)
        .map(|p| p.member.id)
        .collect();
    assert_eq!(
        paged,
        [expected[0].0.id, expected[1].0.id, expected[4].0.id]
    );
}

pub async fn member_profile_is_found_by_id(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let (agent, membership) = join(
        repos,
        account.workspace.id,
        "agent@example.com",
        Role::Agent,
    )
    .await;

    let profile = repos
        .members
        .get(account.workspace.id, membership.id)
        .await
        .unwrap()
        .expect("profile");
    assert_eq!(profile.member, membership);
    assert_eq!(profile.email, agent.email);
    assert_eq!(profile.name, None);
    assert!(
        repos
            .members
            .get(account.workspace.id, MemberId::new())
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn duplicate_membership_is_refused(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let again = member(account.workspace.id, account.user.id, Role::Viewer);
    let result = repos.members.add(&again).await;
    assert!(
        matches!(result, Err(RepositoryError::Duplicate("membership"))),
        "{result:?}"
    );
    let kept = repos
        .members
        .find(account.workspace.id, account.user.id)
        .await
        .unwrap();
    assert_eq!(kept, Some(account.owner));
}

pub async fn existing_user_is_added_to_another_workspace(repos: &IdentityRepositories) {
    let ana = sign_up(repos, "ana@example.com").await;
    let bea = sign_up(repos, "bea@example.com").await;
    let membership = member(bea.workspace.id, ana.user.id, Role::Admin);
    repos.members.add(&membership).await.unwrap();
    assert_eq!(
        repos
            .members
            .find(bea.workspace.id, ana.user.id)
            .await
            .unwrap(),
        Some(membership)
    );
}

pub async fn role_changes_and_removal(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let (agent, membership) = join(
        repos,
        account.workspace.id,
        "agent@example.com",
        Role::Agent,
    )
    .await;

    repos
        .members
        .set_role(account.workspace.id, membership.id, Role::Admin)
        .await
        .unwrap();
    let promoted = repos
        .members
        .find(account.workspace.id, agent.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(promoted.role, Role::Admin);
    let owner = repos
        .members
        .find(account.workspace.id, account.user.id)
        .await
        .unwrap();
    assert_eq!(
        owner.map(|m| m.role),
        Some(Role::Owner),
        "only that member changed"
    );

    repos
        .members
        .remove(account.workspace.id, membership.id)
        .await
        .unwrap();
    assert!(
        repos
            .members
            .find(account.workspace.id, agent.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        repos
            .members
            .get(account.workspace.id, membership.id)
            .await
            .unwrap()
            .is_none()
    );
    let page = repos
        .members
        .list(account.workspace.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    // The user outlives the membership.
    assert!(repos.users.find_by_id(agent.id).await.unwrap().is_some());
}

pub async fn memberships_of_a_user_are_oldest_first(repos: &IdentityRepositories) {
    let ana = sign_up(repos, "ana@example.com").await;
    let later = sign_up(repos, "bea@example.com").await;
    let latest = sign_up(repos, "cai@example.com").await;

    // Written newest first, so the order must come from `created_at`.
    let mut third = member(latest.workspace.id, ana.user.id, Role::Viewer);
    third.created_at = at(20);
    repos.members.add(&third).await.unwrap();
    let mut second = member(later.workspace.id, ana.user.id, Role::Agent);
    second.created_at = at(10);
    repos.members.add(&second).await.unwrap();

    let memberships = repos.members.memberships_of(ana.user.id).await.unwrap();
    assert_eq!(memberships, vec![ana.owner, second, third]);
}

pub async fn member_is_found_by_normalised_email(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let (_, membership) = join(
        repos,
        account.workspace.id,
        "agent@example.com",
        Role::Agent,
    )
    .await;

    let found = repos
        .members
        .find_by_email(account.workspace.id, &email("Agent@EXAMPLE.com"))
        .await
        .unwrap();
    assert_eq!(found, Some(membership));
    let nobody = repos
        .members
        .find_by_email(account.workspace.id, &email("nobody@example.com"))
        .await
        .unwrap();
    assert_eq!(nobody, None);
}
