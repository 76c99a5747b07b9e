//! `SessionRepository`: sessions and their rotated refresh tokens.

use identity::ports::RepositoryError;
use identity::{RefreshToken, RefreshTokenId, Session, SessionId, TokenHash};
use store::IdentityRepositories;

use super::fixtures::*;

fn session_of(account: &Account) -> Session {
    Session {
        id: SessionId::new(),
        user_id: account.user.id,
        workspace_id: account.workspace.id,
        created_at: now(),
        revoked_at: None,
    }
}

fn token_of(session: &Session) -> RefreshToken {
    RefreshToken {
        id: RefreshTokenId::new(),
        session_id: session.id,
        token_hash: token_hash("refresh"),
        expires_at: at(30 * 24 * 3600),
        used_at: None,
        created_at: now(),
    }
}

pub async fn session_is_found_through_its_tokens(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let session = session_of(&account);
    let first = token_of(&session);
    repos.sessions.create(&session, &first).await.unwrap();

    let found = repos.sessions.find_token(&first.token_hash).await.unwrap();
    assert_eq!(found, Some((first.clone(), session.clone())));
    assert_eq!(
        repos.sessions.find_session(session.id).await.unwrap(),
        Some(session.clone())
    );

    // A rotated token belongs to the same session.
    let rotated = token_of(&session);
    repos.sessions.add_token(&rotated).await.unwrap();
    let found = repos
        .sessions
        .find_token(&rotated.token_hash)
        .await
        .unwrap();
    assert_eq!(found, Some((rotated, session)));

    let unknown = TokenHash::from_hex("0".repeat(64));
    assert_eq!(repos.sessions.find_token(&unknown).await.unwrap(), None);
    assert_eq!(
        repos.sessions.find_session(SessionId::new()).await.unwrap(),
        None
    );
}

pub async fn session_and_first_token_are_written_together(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let existing = session_of(&account);
    let taken = token_of(&existing);
    repos.sessions.create(&existing, &taken).await.unwrap();

    // The first token's digest is already taken: the new session must not be kept.
    let session = session_of(&account);
    let mut clash = token_of(&session);
    clash.token_hash = taken.token_hash.clone();
    let result = repos.sessions.create(&session, &clash).await;
    assert!(
        matches!(result, Err(RepositoryError::Duplicate("refresh_token"))),
        "{result:?}"
    );
    assert_eq!(repos.sessions.find_session(session.id).await.unwrap(), None);
}

pub async fn refresh_token_is_used_once(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let session = session_of(&account);
    let token = token_of(&session);
    let sibling = token_of(&session);
    repos.sessions.create(&session, &token).await.unwrap();
    repos.sessions.add_token(&sibling).await.unwrap();

    let used_at = at(1);
    assert!(repos.sessions.mark_used(token.id, used_at).await.unwrap());
    assert!(!repos.sessions.mark_used(token.id, at(2)).await.unwrap());

    let (found, _) = repos
        .sessions
        .find_token(&token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.used_at, Some(used_at), "the first use is kept");
    let (untouched, _) = repos
        .sessions
        .find_token(&sibling.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.used_at, None);
    assert!(
        !repos
            .sessions
            .mark_used(RefreshTokenId::new(), now())
            .await
            .unwrap()
    );
}

pub async fn sessions_are_revoked_one_or_all(repos: &IdentityRepositories) {
    let ana = sign_up(repos, "ana@example.com").await;
    let bea = sign_up(repos, "bea@example.com").await;
    let phone = session_of(&ana);
    let laptop = session_of(&ana);
    let other = session_of(&bea);
    for session in [&phone, &laptop, &other] {
        repos
            .sessions
            .create(session, &token_of(session))
            .await
            .unwrap();
    }

    let first_revocation = at(1);
    repos
        .sessions
        .revoke(phone.id, first_revocation)
        .await
        .unwrap();
    let found = repos
        .sessions
        .find_session(phone.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.revoked_at, Some(first_revocation));
    let laptop_now = repos
        .sessions
        .find_session(laptop.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(laptop_now.revoked_at, None);

    let everywhere = at(2);
    repos
        .sessions
        .revoke_all_for_user(ana.user.id, everywhere)
        .await
        .unwrap();
    let phone_now = repos
        .sessions
        .find_session(phone.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        phone_now.revoked_at,
        Some(first_revocation),
        "already revoked: kept as was"
    );
    let laptop_now = repos
        .sessions
        .find_session(laptop.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(laptop_now.revoked_at, Some(everywhere));
    let others = repos
        .sessions
        .find_session(other.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        others.revoked_at, None,
        "another user's session is untouched"
    );
}

pub async fn concurrent_refreshes_cannot_both_use_a_token(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let session = session_of(&account);
    let token = token_of(&session);
    repos.sessions.create(&session, &token).await.unwrap();

    // Five refreshes racing on separate pooled connections: exactly one may win.
    let races = (0..5).map(|n| repos.sessions.mark_used(token.id, at(n)));
    let outcomes = futures_util::future::join_all(races).await;
    let winners = outcomes
        .into_iter()
        .map(Result::unwrap)
        .filter(|won| *won)
        .count();
    assert_eq!(winners, 1);
}
