//! `AuditLog`: an append-only trail, listed newest first.

use std::collections::BTreeMap;

use identity::{Actor, ApiKeyId, AuditAction, AuditEvent, AuditEventId};
use kernel::{PageRequest, WorkspaceId};
use store::IdentityRepositories;

use super::fixtures::*;

fn event(
    workspace_id: Option<WorkspaceId>,
    actor: Actor,
    action: AuditAction,
    seconds: i64,
) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::new(),
        workspace_id,
        actor,
        action,
        ip: None,
        details: BTreeMap::new(),
        created_at: at(seconds),
    }
}

pub async fn events_are_listed_newest_first_with_their_details(repos: &IdentityRepositories) {
    let account = sign_up(repos, "owner@example.com").await;
    let workspace = Some(account.workspace.id);

    let mut registered = event(
        workspace,
        Actor::User(account.user.id),
        AuditAction::Registered,
        -30,
    );
    registered.ip = Some("2001:db8::1".to_owned());
    let mut key_created = event(
        workspace,
        Actor::ApiKey(ApiKeyId::new()),
        AuditAction::ApiKeyCreated,
        -20,
    );
    key_created.details = BTreeMap::from([
        ("name".to_owned(), "Zapier \"prod\" ✓".to_owned()),
        ("role".to_owned(), "admin".to_owned()),
        ("empty".to_owned(), String::new()),
    ]);
    let mut failed_login = event(workspace, Actor::Anonymous, AuditAction::LoginFailed, -10);
    failed_login.ip = Some("203.0.113.9".to_owned());
    failed_login.details = BTreeMap::from([("email".to_owned(), "ana@example.com".to_owned())]);
    // Events with no workspace (an unknown email's failed login) belong to no list.
    let nowhere = event(None, Actor::Anonymous, AuditAction::LoginFailed, -5);

    for event in [&key_created, &nowhere, &failed_login, &registered] {
        repos.audit.record(event).await.unwrap();
    }

    let page = repos
        .audit
        .list(account.workspace.id, PageRequest::new(1, 10).unwrap())
        .await
        .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(
        page.items,
        vec![failed_login, key_created.clone(), registered.clone()]
    );

    let second = repos
        .audit
        .list(account.workspace.id, PageRequest::new(2, 2).unwrap())
        .await
        .unwrap();
    assert_eq!(second.total, 3);
    assert_eq!(second.items, vec![registered]);
}
