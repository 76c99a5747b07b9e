//! `ApiKeyRepository`: integrators' keys.

use identity::ports::RepositoryError;
use identity::{ApiKey, ApiKeyId, ApiKeyName, Role};
use kernel::PageRequest;
use store::IdentityRepositories;

use super::fixtures::*;

fn key(account: &Account, name: &str, seconds_from_now: i64) -> ApiKey {
    ApiKey {
        id: ApiKeyId::new(),
        workspace_id: account.workspace.id,
        name: ApiKeyName::parse(name).unwrap(),
        display_prefix: format!("cd_live_{}", &name[..2]),
        key_hash: token_hash("api-key"),
        role: Role::Agent,
        created_by: account.user.id,
        created_at: at(seconds_from_now),
        last_used_at: None,
        revoked_at: None,
    }
}

pub async fn keys_are_listed_newest_first_and_found_by_hash(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let oldest = key(&account, "Zapier", -30);
    let middle = key(&account, "Make", -20);
    let newest = key(&account, "Shopify sync", -10);
    for key in [&middle, &newest, &oldest] {
        repos.api_keys.create(key).await.unwrap();
    }

    let page = repos
        .api_keys
        .list(account.workspace.id, PageRequest::new(1, 2).unwrap())
        .await
        .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.items, vec![newest.clone(), middle.clone()]);
    let rest = repos
        .api_keys
        .list(account.workspace.id, PageRequest::new(2, 2).unwrap())
        .await
        .unwrap();
    assert_eq!(rest.items, vec![oldest.clone()]);

    let found = repos.api_keys.find_by_hash(&middle.key_hash).await.unwrap();
    assert_eq!(found, Some(middle));
    assert_eq!(
        repos
            .api_keys
            .find_by_hash(&token_hash("nope"))
            .await
            .unwrap(),
        None
    );
}

pub async fn duplicate_key_hash_is_refused(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let first = key(&account, "Zapier", 0);
    repos.api_keys.create(&first).await.unwrap();
    let mut clash = key(&account, "Make", 0);
    clash.key_hash = first.key_hash.clone();
    let result = repos.api_keys.create(&clash).await;
    assert!(
        matches!(result, Err(RepositoryError::Duplicate("api_key"))),
        "{result:?}"
    );
}

pub async fn key_is_revoked_once_and_only_in_its_workspace(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let other = sign_up(repos, "other@example.com").await;
    let live = key(&account, "Zapier", 0);
    repos.api_keys.create(&live).await.unwrap();

    assert!(
        !repos
            .api_keys
            .revoke(other.workspace.id, live.id, now())
            .await
            .unwrap()
    );
    let revoked_at = at(1);
    assert!(
        repos
            .api_keys
            .revoke(account.workspace.id, live.id, revoked_at)
            .await
            .unwrap()
    );
    assert!(
        !repos
            .api_keys
            .revoke(account.workspace.id, live.id, at(2))
            .await
            .unwrap()
    );
    assert!(
        !repos
            .api_keys
            .revoke(account.workspace.id, ApiKeyId::new(), now())
            .await
            .unwrap()
    );

    let found = repos
        .api_keys
        .find_by_hash(&live.key_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.revoked_at, Some(revoked_at));
    // Revoked keys stay listed (greyed out on the page), so the history is visible.
    let page = repos
        .api_keys
        .list(account.workspace.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![found]);
}

pub async fn touch_records_the_last_use(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let used = key(&account, "Zapier", 0);
    let idle = key(&account, "Make", 0);
    repos.api_keys.create(&used).await.unwrap();
    repos.api_keys.create(&idle).await.unwrap();

    let first_use = at(1);
    repos.api_keys.touch(used.id, first_use).await.unwrap();
    let found = repos
        .api_keys
        .find_by_hash(&used.key_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.last_used_at, Some(first_use));
    // Within a minute of the last recorded use nothing is written.
    repos.api_keys.touch(used.id, at(30)).await.unwrap();
    let found = repos
        .api_keys
        .find_by_hash(&used.key_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.last_used_at, Some(first_use));
    let later_use = at(62);
    repos.api_keys.touch(used.id, later_use).await.unwrap();
    let found = repos
        .api_keys
        .find_by_hash(&used.key_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.last_used_at, Some(later_use));

    let untouched = repos
        .api_keys
        .find_by_hash(&idle.key_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.last_used_at, None);
}
