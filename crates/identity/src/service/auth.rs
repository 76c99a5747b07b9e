//! Registration, sign-in, refresh-token rotation, logout, email verification and password reset.

use chrono::{DateTime, Utc};
use kernel::{Email, OutgoingEmail};

use crate::ports::{AccessClaims, RepositoryError};
use crate::*;

use super::{AuthError, IdentityService, Principal, PrincipalKind};

pub struct Registration {
    pub email: Email,
    pub password: Password,
    pub business_name: BusinessName,
    pub name: Option<PersonName>,
}

pub struct AcceptInvitation {
    /// Checked against the policy only when the invitation creates a new account.
    pub password: String,
    pub name: Option<PersonName>,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub user: User,
    pub workspace: Workspace,
    pub member: Member,
}

/// A signed-in session's credentials. The refresh token is shown once and stored hashed.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: String,
    pub access_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub refresh_expires_at: DateTime<Utc>,
}

impl IdentityService {
    #[tracing::instrument(skip_all)]
    pub async fn register(
        &self,
        registration: Registration,
        ip: Option<&str>,
    ) -> Result<(Account, TokenPair), AuthError> {
        if self
            .ports
            .users
            .find_by_email(&registration.email)
            .await?
            .is_some()
        {
            return Err(AuthError::EmailTaken);
        }
        let now = self.now();
        let password_hash = self
            .ports
            .credentials
            .hash_password(&registration.password)
            .await?;
        let user = User {
            id: UserId::new(),
            email: registration.email,
            name: registration.name,
            password_hash,
            email_verified_at: None,
            created_at: now,
        };
        let workspace = Workspace {
            id: kernel::WorkspaceId::new(),
            profile: WorkspaceProfile::new(
                registration.business_name,
                self.settings.default_currency,
            ),
            created_at: now,
            updated_at: now,
        };
        let member = Member {
            id: MemberId::new(),
            workspace_id: workspace.id,
            user_id: user.id,
            role: Role::Owner,
            created_at: now,
        };
        match self
            .ports
            .users
            .create_account(&user, &workspace, &member)
            .await
        {
            Err(RepositoryError::Duplicate(_)) => return Err(AuthError::EmailTaken),
            other => other?,
        }
        let tokens = self.start_session(user.id, workspace.id).await?;
        self.send_one_time_token(&user, TokenPurpose::VerifyEmail)
            .await?;
        self.audit(
            Some(workspace.id),
            Actor::User(user.id),
            AuditAction::Registered,
            ip,
            &[],
        )
        .await?;
        Ok((
            Account {
                user,
                workspace,
                member,
            },
            tokens,
        ))
    }

    /// Signs in to the requested workspace, or to the user's first one.
    #[tracing::instrument(skip_all)]
    pub async fn login(
        &self,
        email: &Email,
        password: &str,
        workspace_id: Option<kernel::WorkspaceId>,
        ip: Option<&str>,
    ) -> Result<TokenPair, AuthError> {
        let user = self.ports.users.find_by_email(email).await?;
        let verified = self
            .ports
            .credentials
            .verify_password(password, user.as_ref().map(|u| &u.password_hash))
            .await;
        let memberships = match &user {
            Some(user) => self.ports.members.memberships_of(user.id).await?,
            None => Vec::new(),
        };
        let Some(user) = user.filter(|_| verified) else {
            let workspace = memberships.first().map(|m| m.workspace_id);
            self.audit(
                workspace,
                Actor::Anonymous,
                AuditAction::LoginFailed,
                ip,
                &[("email", email.to_string())],
            )
            .await?;
            return Err(AuthError::InvalidCredentials);
        };
        let member = match workspace_id {
            Some(id) => memberships.iter().find(|m| m.workspace_id == id),
            None => memberships.first(),
        }
        .ok_or(AuthError::WorkspaceNotFound)?;
        let tokens = self.start_session(user.id, member.workspace_id).await?;
        self.audit(
            Some(member.workspace_id),
            Actor::User(user.id),
            AuditAction::LoginSucceeded,
            ip,
            &[],
        )
        .await?;
        Ok(tokens)
    }

    /// Rotates a refresh token. A token presented twice means it leaked: the whole
    /// session (every token rotated from the same login) is revoked.
    #[tracing::instrument(skip_all)]
    pub async fn refresh(
        &self,
        refresh_token: &str,
        ip: Option<&str>,
    ) -> Result<TokenPair, AuthError> {
        let hash = self.ports.credentials.digest(refresh_token);
        let (token, session) = self
            .ports
            .sessions
            .find_token(&hash)
            .await?
            .ok_or(AuthError::InvalidRefreshToken)?;
        if session.revoked_at.is_some() {
            return Err(AuthError::InvalidRefreshToken);
        }
        let now = self.now();
        if token.used_at.is_some() || !self.ports.sessions.mark_used(token.id, now).await? {
            self.ports.sessions.revoke(session.id, now).await?;
            self.audit(
                Some(session.workspace_id),
                Actor::User(session.user_id),
                AuditAction::RefreshTokenReused,
                ip,
                &[("session_id", session.id.to_string())],
            )
            .await?;
            return Err(AuthError::RefreshTokenReused);
        }
        if token.expires_at <= now {
            return Err(AuthError::RefreshTokenExpired);
        }
        if self
            .ports
            .members
            .find(session.workspace_id, session.user_id)
            .await?
            .is_none()
        {
            self.ports.sessions.revoke(session.id, now).await?;
            return Err(AuthError::InvalidRefreshToken);
        }
        self.issue_tokens(&session).await
    }

    /// Ends the session the refresh token (or, without one, the access token) belongs to.
    #[tracing::instrument(skip_all)]
    pub async fn logout(
        &self,
        refresh_token: Option<&str>,
        principal: Option<&Principal>,
        ip: Option<&str>,
    ) -> Result<(), AuthError> {
        let session = match refresh_token {
            Some(token) => {
                let hash = self.ports.credentials.digest(token);
                self.ports.sessions.find_token(&hash).await?.map(|(_, s)| s)
            }
            None => None,
        };
        let session = match (session, principal.map(|p| p.kind)) {
            (Some(session), _) => Some(session),
            (None, Some(PrincipalKind::User { session_id, .. })) => {
                self.ports.sessions.find_session(session_id).await?
            }
            _ => None,
        };
        let Some(session) = session else {
            return Err(AuthError::InvalidRefreshToken);
        };
        self.ports.sessions.revoke(session.id, self.now()).await?;
        self.audit(
            Some(session.workspace_id),
            Actor::User(session.user_id),
            AuditAction::LoggedOut,
            ip,
            &[],
        )
        .await?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    pub async fn verify_email(&self, token: &str, ip: Option<&str>) -> Result<(), AuthError> {
        let token = self
            .consume_one_time_token(token, TokenPurpose::VerifyEmail)
            .await?;
        self.ports
            .users
            .mark_email_verified(token.user_id, self.now())
            .await?;
        let workspace = self.default_workspace(token.user_id).await?;
        self.audit(
            workspace,
            Actor::User(token.user_id),
            AuditAction::EmailVerified,
            ip,
            &[],
        )
        .await?;
        Ok(())
    }

    /// Always succeeds, so the answer does not reveal whether an account exists.
    #[tracing::instrument(skip_all)]
    pub async fn forgot_password(&self, email: &Email, ip: Option<&str>) -> Result<(), AuthError> {
        let Some(user) = self.ports.users.find_by_email(email).await? else {
            return Ok(());
        };
        self.send_one_time_token(&user, TokenPurpose::ResetPassword)
            .await?;
        let workspace = self.default_workspace(user.id).await?;
        self.audit(
            workspace,
            Actor::User(user.id),
            AuditAction::PasswordResetRequested,
            ip,
            &[],
        )
        .await?;
        Ok(())
    }

    /// Sets a new password and signs the user out everywhere.
    #[tracing::instrument(skip_all)]
    pub async fn reset_password(
        &self,
        token: &str,
        password: &Password,
        ip: Option<&str>,
    ) -> Result<(), AuthError> {
        let token = self
            .consume_one_time_token(token, TokenPurpose::ResetPassword)
            .await?;
        let hash = self.ports.credentials.hash_password(password).await?;
        self.ports.users.set_password(token.user_id, &hash).await?;
        self.ports
            .sessions
            .revoke_all_for_user(token.user_id, self.now())
            .await?;
        let workspace = self.default_workspace(token.user_id).await?;
        self.audit(
            workspace,
            Actor::User(token.user_id),
            AuditAction::PasswordReset,
            ip,
            &[],
        )
        .await?;
        Ok(())
    }

    pub(super) async fn start_session(
        &self,
        user_id: UserId,
        workspace_id: kernel::WorkspaceId,
    ) -> Result<TokenPair, AuthError> {
        let session = Session {
            id: SessionId::new(),
            user_id,
            workspace_id,
            created_at: self.now(),
            revoked_at: None,
        };
        let (pair, first) = self.new_token_pair(&session)?;
        self.ports.sessions.create(&session, &first).await?;
        Ok(pair)
    }

    async fn issue_tokens(&self, session: &Session) -> Result<TokenPair, AuthError> {
        let (pair, token) = self.new_token_pair(session)?;
        self.ports.sessions.add_token(&token).await?;
        Ok(pair)
    }

    fn new_token_pair(&self, session: &Session) -> Result<(TokenPair, RefreshToken), AuthError> {
        let now = self.now();
        let access_expires_at = now + self.settings.access_token_ttl;
        let access_token = self.ports.access_tokens.issue(&AccessClaims {
            user_id: session.user_id,
            workspace_id: session.workspace_id,
            session_id: session.id,
            expires_at: access_expires_at,
        })?;
        let (refresh_token, token_hash) = self.ports.credentials.new_secret("");
        let refresh = RefreshToken {
            id: RefreshTokenId::new(),
            session_id: session.id,
            token_hash,
            expires_at: now + self.settings.refresh_token_ttl,
            used_at: None,
            created_at: now,
        };
        let pair = TokenPair {
            access_token,
            access_expires_at,
            refresh_token,
            refresh_expires_at: refresh.expires_at,
        };
        Ok((pair, refresh))
    }

    async fn consume_one_time_token(
        &self,
        plain: &str,
        purpose: TokenPurpose,
    ) -> Result<OneTimeToken, AuthError> {
        let hash = self.ports.credentials.digest(plain);
        let token = self
            .ports
            .one_time_tokens
            .find(&hash, purpose)
            .await?
            .ok_or(AuthError::InvalidToken)?;
        let now = self.now();
        if token.used_at.is_some() {
            return Err(AuthError::TokenUsed);
        }
        if token.expires_at <= now {
            return Err(AuthError::TokenExpired);
        }
        if !self.ports.one_time_tokens.mark_used(token.id, now).await? {
            return Err(AuthError::TokenUsed);
        }
        Ok(token)
    }

    async fn send_one_time_token(
        &self,
        user: &User,
        purpose: TokenPurpose,
    ) -> Result<(), AuthError> {
        let (plain, token_hash) = self.ports.credentials.new_secret("");
        let now = self.now();
        let ttl = match purpose {
            TokenPurpose::VerifyEmail => self.settings.verify_token_ttl,
            TokenPurpose::ResetPassword => self.settings.reset_token_ttl,
        };
        self.ports
            .one_time_tokens
            .create(&OneTimeToken {
                id: OneTimeTokenId::new(),
                user_id: user.id,
                purpose,
                token_hash,
                expires_at: now + ttl,
                used_at: None,
                created_at: now,
            })
            .await?;
        let base = &self.settings.public_url;
        let email = match purpose {
            TokenPurpose::VerifyEmail => OutgoingEmail {
                to: user.email.clone(),
                subject: "Confirm your ChatDesk email".to_owned(),
                text: format!(
                    "Welcome to ChatDesk!\n\nConfirm your email address by opening this link:\n{base}/verify-email?token={plain}\n\nOr send this token to POST /api/v1/auth/verify-email: {plain}\n"
                ),
                html: None,
            },
            TokenPurpose::ResetPassword => OutgoingEmail {
                to: user.email.clone(),
                subject: "Reset your ChatDesk password".to_owned(),
                text: format!(
                    "Someone asked to reset the password of your ChatDesk account.\n\nChoose a new password here (valid for 1 hour, once):\n{base}/reset-password?token={plain}\n\nOr send this token to POST /api/v1/auth/reset-password: {plain}\n\nIf it was not you, ignore this email.\n"
                ),
                html: None,
            },
        };
        self.ports.mailer.send(email).await?;
        Ok(())
    }

    async fn default_workspace(
        &self,
        user_id: UserId,
    ) -> Result<Option<kernel::WorkspaceId>, RepositoryError> {
        Ok(self
            .ports
            .members
            .memberships_of(user_id)
            .await?
            .first()
            .map(|m| m.workspace_id))
    }
}
