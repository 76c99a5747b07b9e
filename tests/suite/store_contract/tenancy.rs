//! Tenant isolation: a record of workspace A is invisible, and untouchable, when the
//! caller names workspace B, even with the record's own id.

use identity::{Actor, ApiKey, ApiKeyId, ApiKeyName, AuditAction, AuditEvent, AuditEventId};
use identity::{Invitation, InvitationId, Role};
use kernel::PageRequest;
use store::IdentityRepositories;

use super::fixtures::*;

pub async fn members_of_one_workspace_are_invisible_from_another(repos: &IdentityRepositories) {
    let a = sign_up(repos, "ana@example.com").await;
    let b = sign_up(repos, "bea@example.com").await;
    let (agent, membership) = join(repos, a.workspace.id, "agent@example.com", Role::Agent).await;

    let members = &repos.members;
    assert_eq!(members.find(b.workspace.id, agent.id).await.unwrap(), None);
    assert_eq!(
        members.get(b.workspace.id, membership.id).await.unwrap(),
        None
    );
    assert_eq!(
        members
            .find_by_email(b.workspace.id, &agent.email)
            .await
            .unwrap(),
        None
    );
    let b_page = members
        .list(b.workspace.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(b_page.total, 1);
    assert_eq!(b_page.items[0].member, b.owner);

    // Writes through the wrong workspace change nothing.
    members
        .set_role(b.workspace.id, membership.id, Role::Owner)
        .await
        .unwrap();
    members.remove(b.workspace.id, membership.id).await.unwrap();
    assert_eq!(
        members.find(a.workspace.id, agent.id).await.unwrap(),
        Some(membership)
    );
}

pub async fn api_keys_of_one_workspace_are_invisible_from_another(repos: &IdentityRepositories) {
    let a = sign_up(repos, "ana@example.com").await;
    let b = sign_up(repos, "bea@example.com").await;
    let key = ApiKey {
        id: ApiKeyId::new(),
        workspace_id: a.workspace.id,
        name: ApiKeyName::parse("Zapier").unwrap(),
        display_prefix: "cd_live_abcd".to_owned(),
        key_hash: token_hash("key"),
        role: Role::Admin,
        created_by: a.user.id,
        created_at: now(),
        last_used_at: None,
        revoked_at: None,
    };
    repos.api_keys.create(&key).await.unwrap();

    let b_keys = repos
        .api_keys
        .list(b.workspace.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!((b_keys.total, b_keys.items.len()), (0, 0));
    assert!(
        !repos
            .api_keys
            .revoke(b.workspace.id, key.id, now())
            .await
            .unwrap()
    );
    let still = repos
        .api_keys
        .find_by_hash(&key.key_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(still.revoked_at, None);
}

pub async fn invitations_and_audit_of_one_workspace_are_invisible_from_another(
    repos: &IdentityRepositories,
) {
    let a = sign_up(repos, "ana@example.com").await;
    let b = sign_up(repos, "bea@example.com").await;
    let invitation = Invitation {
        id: InvitationId::new(),
        workspace_id: a.workspace.id,
        email: email("guest@example.com"),
        role: Role::Agent,
        token_hash: token_hash("invite"),
        invited_by: a.user.id,
        expires_at: at(3600),
        accepted_at: None,
        created_at: now(),
    };
    repos.invitations.create(&invitation).await.unwrap();
    let event = AuditEvent {
        id: AuditEventId::new(),
        workspace_id: Some(a.workspace.id),
        actor: Actor::User(a.user.id),
        action: AuditAction::InvitationCreated,
        ip: None,
        details: Default::default(),
        created_at: now(),
    };
    repos.audit.record(&event).await.unwrap();

    let pending = repos
        .invitations
        .list_pending(b.workspace.id, now(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!((pending.total, pending.items.len()), (0, 0));
    let b_events = repos
        .audit
        .list(b.workspace.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!((b_events.total, b_events.items.len()), (0, 0));
    // ...while workspace A sees its own.
    let a_events = repos
        .audit
        .list(a.workspace.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(a_events.items, vec![event]);
}
