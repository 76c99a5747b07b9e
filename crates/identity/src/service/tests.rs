//! Use-case rules with the ports mocked: what the HTTP tests cannot reach cheaply
//! (races, expiry, roles changing under a key).

use std::sync::{Arc, Mutex};

use chrono::{Duration, TimeZone, Utc};
use kernel::{Email, MailError, Mailer, ManualClock, OutgoingEmail, WorkspaceId};

use super::*;
use crate::*;

#[derive(Default)]
struct RecordingMailer(Mutex<Vec<OutgoingEmail>>);

#[async_trait::async_trait]
impl Mailer for RecordingMailer {
    async fn send(&self, email: OutgoingEmail) -> Result<(), MailError> {
        self.0.lock().unwrap().push(email);
        Ok(())
    }
}

struct Mocks {
    users: MockUserRepository,
    workspaces: MockWorkspaceRepository,
    members: MockMemberRepository,
    sessions: MockSessionRepository,
    one_time_tokens: MockOneTimeTokenRepository,
    invitations: MockInvitationRepository,
    api_keys: MockApiKeyRepository,
    audit: MockAuditLog,
    credentials: MockCredentials,
    access_tokens: MockAccessTokens,
}

impl Mocks {
    fn new() -> Self {
        let mut credentials = MockCredentials::new();
        credentials
            .expect_digest()
            .returning(|s| TokenHash::from_hex(format!("digest-of-{s}")));
        Self {
            users: MockUserRepository::new(),
            workspaces: MockWorkspaceRepository::new(),
            members: MockMemberRepository::new(),
            sessions: MockSessionRepository::new(),
            one_time_tokens: MockOneTimeTokenRepository::new(),
            invitations: MockInvitationRepository::new(),
            api_keys: MockApiKeyRepository::new(),
            audit: MockAuditLog::new(),
            credentials,
            access_tokens: MockAccessTokens::new(),
        }
    }

    fn service(self) -> IdentityService {
        IdentityService::new(
            IdentityPorts {
                users: Arc::new(self.users),
                workspaces: Arc::new(self.workspaces),
                members: Arc::new(self.members),
                sessions: Arc::new(self.sessions),
                one_time_tokens: Arc::new(self.one_time_tokens),
                invitations: Arc::new(self.invitations),
                api_keys: Arc::new(self.api_keys),
                audit: Arc::new(self.audit),
                credentials: Arc::new(self.credentials),
                access_tokens: Arc::new(self.access_tokens),
                mailer: Arc::new(RecordingMailer::default()),
                clock: Arc::new(ManualClock::new(now())),
            },
            IdentitySettings {
                access_token_ttl: Duration::minutes(15),
                refresh_token_ttl: Duration::days(30),
                reset_token_ttl: Duration::hours(1),
                verify_token_ttl: Duration::days(2),
                invitation_ttl: Duration::days(7),
                public_url: "http://localhost:8080".into(),
                default_currency: kernel::Currency::parse("EUR").unwrap(),
            },
        )
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

fn session(user_id: UserId, workspace_id: WorkspaceId) -> Session {
    Session {
        id: SessionId::new(),
        user_id,
        workspace_id,
        created_at: now() - Duration::days(1),
        revoked_at: None,
    }
}

fn refresh_token(session: &Session, used: bool) -> RefreshToken {
    RefreshToken {
        id: RefreshTokenId::new(),
        session_id: session.id,
        token_hash: TokenHash::from_hex("digest-of-r".into()),
        expires_at: now() + Duration::days(29),
        used_at: used.then(|| now() - Duration::hours(1)),
        created_at: now() - Duration::days(1),
    }
}

fn expect_audit(mocks: &mut Mocks, action: AuditAction) {
    mocks
        .audit
        .expect_record()
        .withf(move |e| e.action == action)
        .times(1)
        .returning(|_| Ok(()));
}

#[tokio::test]
async fn a_used_refresh_token_revokes_its_session() {
    let mut mocks = Mocks::new();
    let s = session(UserId::new(), WorkspaceId::new());
    let (token, found) = (refresh_token(&s, true), s.clone());
    mocks
        .sessions
        .expect_find_token()
        .returning(move |_| Ok(Some((token.clone(), found.clone()))));
    let session_id = s.id;
    mocks
        .sessions
        .expect_revoke()
        .withf(move |id, _| *id == session_id)
        .times(1)
        .returning(|_, _| Ok(()));
    expect_audit(&mut mocks, AuditAction::RefreshTokenReused);
    let result = mocks.service().refresh("r", None).await;
    assert!(matches!(result, Err(AuthError::RefreshTokenReused)));
}

#[tokio::test]
async fn losing_a_concurrent_refresh_race_counts_as_reuse() {
    let mut mocks = Mocks::new();
    let s = session(UserId::new(), WorkspaceId::new());
    let (token, found) = (refresh_token(&s, false), s.clone());
    mocks
        .sessions
        .expect_find_token()
        .returning(move |_| Ok(Some((token.clone(), found.clone()))));
    // Another request marked it between our read and our update.
    mocks
        .sessions
        .expect_mark_used()
        .returning(|_, _| Ok(false));
    mocks
        .sessions
        .expect_revoke()
        .times(1)
        .returning(|_, _| Ok(()));
    expect_audit(&mut mocks, AuditAction::RefreshTokenReused);
    let result = mocks.service().refresh("r", None).await;
    assert!(matches!(result, Err(AuthError::RefreshTokenReused)));
}

#[tokio::test]
async fn a_failed_login_is_audited_without_saying_what_was_wrong() {
    let mut mocks = Mocks::new();
    let user = User {
        id: UserId::new(),
        email: Email::parse("ana@glow.it").unwrap(),
        name: None,
        password_hash: PasswordHash::from_phc("$argon2id$...".into()),
        email_verified_at: None,
        created_at: now(),
    };
    let workspace_id = WorkspaceId::new();
    let user_id = user.id;
    mocks
        .users
        .expect_find_by_email()
        .returning(move |_| Ok(Some(user.clone())));
    mocks
        .credentials
        .expect_verify_password()
        .returning(|_, _| false);
    mocks.members.expect_memberships_of().returning(move |_| {
        Ok(vec![Member {
            id: MemberId::new(),
            workspace_id,
            user_id,
            role: Role::Owner,
            created_at: now(),
        }])
    });
    mocks
        .audit
        .expect_record()
        .withf(move |e| {
            e.action == AuditAction::LoginFailed
                && e.actor == Actor::Anonymous
                && e.workspace_id == Some(workspace_id)
                && e.details.get("email").map(String::as_str) == Some("ana@glow.it")
        })
        .times(1)
        .returning(|_| Ok(()));
    let email = Email::parse("ana@glow.it").unwrap();
    let result = mocks
        .service()
        .login(&email, "wrong", None, Some("10.0.0.1"))
        .await;
    assert!(matches!(result, Err(AuthError::InvalidCredentials)));
}

fn api_key(role: Role, created_by: UserId, workspace_id: WorkspaceId) -> ApiKey {
    ApiKey {
        id: ApiKeyId::new(),
        workspace_id,
        name: ApiKeyName::parse("CRM").unwrap(),
        display_prefix: "cd_live_abcd".into(),
        key_hash: TokenHash::from_hex("digest-of-cd_live_x".into()),
        role,
        created_by,
        created_at: now(),
        last_used_at: None,
        revoked_at: None,
    }
}

#[tokio::test]
async fn an_api_key_never_acts_above_its_creators_current_role() {
    let mut mocks = Mocks::new();
    let (creator, workspace_id) = (UserId::new(), WorkspaceId::new());
    let key = api_key(Role::Admin, creator, workspace_id);
    mocks
        .api_keys
        .expect_find_by_hash()
        .returning(move |_| Ok(Some(key.clone())));
    mocks.api_keys.expect_touch().returning(|_, _| Ok(()));
    // The creator was demoted to agent after making an admin key.
    mocks.members.expect_find().returning(move |w, u| {
        Ok(Some(Member {
            id: MemberId::new(),
            workspace_id: w,
            user_id: u,
            role: Role::Agent,
            created_at: now(),
        }))
    });
    let principal = mocks.service().authenticate("cd_live_x").await.unwrap();
    assert_eq!(principal.role, Role::Agent);
    assert_eq!(principal.workspace_id, workspace_id);
    assert_eq!(principal.user_id(), creator);
}

#[tokio::test]
async fn an_api_key_dies_with_its_creators_membership() {
    let mut mocks = Mocks::new();
    let key = api_key(Role::Viewer, UserId::new(), WorkspaceId::new());
    mocks
        .api_keys
        .expect_find_by_hash()
        .returning(move |_| Ok(Some(key.clone())));
    mocks.members.expect_find().returning(|_, _| Ok(None));
    let result = mocks.service().authenticate("cd_live_x").await;
    assert!(matches!(
        result,
        Err(AccessError::Unauthenticated(Unauthenticated::Revoked))
    ));
}

#[tokio::test]
async fn an_expired_invitation_is_refused_before_anything_is_created() {
    let mut mocks = Mocks::new();
    let invitation = Invitation {
        id: InvitationId::new(),
        workspace_id: WorkspaceId::new(),
        email: Email::parse("marco@glow.it").unwrap(),
        role: Role::Agent,
        token_hash: TokenHash::from_hex("digest-of-t".into()),
        invited_by: UserId::new(),
        expires_at: now() - Duration::seconds(1),
        accepted_at: None,
        created_at: now() - Duration::days(7),
    };
    mocks
        .invitations
        .expect_find_by_hash()
        .returning(move |_| Ok(Some(invitation.clone())));
    // No user lookup, no membership, no session: the mocks would panic if called.
    let result = mocks
        .service()
        .accept_invitation(
            "t",
            AcceptInvitation {
                password: "Sunflower2024".into(),
                name: None,
            },
            None,
        )
        .await;
    assert!(matches!(result, Err(TeamError::InvitationExpired)));
}

#[tokio::test]
async fn a_reset_token_older_than_an_hour_is_refused() {
    let mut mocks = Mocks::new();
    let token = OneTimeToken {
        id: OneTimeTokenId::new(),
        user_id: UserId::new(),
        purpose: TokenPurpose::ResetPassword,
        token_hash: TokenHash::from_hex("digest-of-t".into()),
        expires_at: now() - Duration::minutes(1),
        used_at: None,
        created_at: now() - Duration::minutes(61),
    };
    mocks
        .one_time_tokens
        .expect_find()
        .withf(|_, purpose| *purpose == TokenPurpose::ResetPassword)
        .returning(move |_, _| Ok(Some(token.clone())));
    let password = Password::parse("NewSunflower2025").unwrap();
    let result = mocks.service().reset_password("t", &password, None).await;
    assert!(matches!(result, Err(AuthError::TokenExpired)));
}

#[tokio::test]
async fn nobody_grants_the_owner_role_or_above_their_own() {
    let admin = Principal {
        workspace_id: WorkspaceId::new(),
        role: Role::Admin,
        kind: PrincipalKind::User {
            user_id: UserId::new(),
            session_id: SessionId::new(),
        },
    };
    let service = Mocks::new().service();
    for role in [Role::Owner] {
        let result = service
            .create_api_key(&admin, ApiKeyName::parse("x").unwrap(), role, None)
            .await;
        assert!(matches!(result, Err(TeamError::RoleNotGrantable)));
    }
    let agent = Principal {
        role: Role::Agent,
        ..admin
    };
    let result = service
        .invite(
            &agent,
            Email::parse("x@glow.it").unwrap(),
            Role::Viewer,
            None,
        )
        .await;
    assert!(matches!(
        result,
        Err(TeamError::Access(AccessError::Forbidden(
            Permission::ManageTeam
        )))
    ));
}
