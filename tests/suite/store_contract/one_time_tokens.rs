//! `OneTimeTokenRepository`: email verification and password reset tokens.

use identity::{OneTimeToken, OneTimeTokenId, TokenPurpose};
use store::IdentityRepositories;

use super::fixtures::*;

fn token(account: &Account, purpose: TokenPurpose) -> OneTimeToken {
    OneTimeToken {
        id: OneTimeTokenId::new(),
        user_id: account.user.id,
        purpose,
        token_hash: token_hash(purpose.as_str()),
        expires_at: at(3600),
        used_at: None,
        created_at: now(),
    }
}

pub async fn token_is_found_only_for_its_purpose(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let verify = token(&account, TokenPurpose::VerifyEmail);
    let reset = token(&account, TokenPurpose::ResetPassword);
    repos.one_time_tokens.create(&verify).await.unwrap();
    repos.one_time_tokens.create(&reset).await.unwrap();

    let tokens = &repos.one_time_tokens;
    let found = tokens
        .find(&verify.token_hash, TokenPurpose::VerifyEmail)
        .await
        .unwrap();
    assert_eq!(found, Some(verify.clone()));
    let found = tokens
        .find(&reset.token_hash, TokenPurpose::ResetPassword)
        .await
        .unwrap();
    assert_eq!(found, Some(reset.clone()));
    // A verification link cannot reset a password, nor the other way round.
    assert_eq!(
        tokens
            .find(&verify.token_hash, TokenPurpose::ResetPassword)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        tokens
            .find(&reset.token_hash, TokenPurpose::VerifyEmail)
            .await
            .unwrap(),
        None
    );
    let unknown = token_hash("unknown");
    assert_eq!(
        tokens
            .find(&unknown, TokenPurpose::VerifyEmail)
            .await
            .unwrap(),
        None
    );
}

pub async fn token_is_used_once(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let reset = token(&account, TokenPurpose::ResetPassword);
    repos.one_time_tokens.create(&reset).await.unwrap();

    let used_at = at(1);
    assert!(
        repos
            .one_time_tokens
            .mark_used(reset.id, used_at)
            .await
            .unwrap()
    );
    assert!(
        !repos
            .one_time_tokens
            .mark_used(reset.id, at(2))
            .await
            .unwrap()
    );
    let found = repos
        .one_time_tokens
        .find(&reset.token_hash, TokenPurpose::ResetPassword)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.used_at, Some(used_at));
}
