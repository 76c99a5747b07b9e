//! Members, roles and invitations.

use kernel::{Email, OutgoingEmail, Page, PageRequest};

use crate::ports::RepositoryError;
use crate::*;

use super::api_keys::ensure_grantable;
use super::{AcceptInvitation, IdentityService, Principal, TeamError, TokenPair};

/// The caller, the workspace they are in, and every workspace they could switch to.
#[derive(Debug, Clone)]
pub struct Me {
    pub user: User,
    pub workspace: Workspace,
    pub role: Role,
    pub memberships: Vec<(Member, Workspace)>,
}

impl IdentityService {
    #[tracing::instrument(skip_all)]
    pub async fn me(&self, principal: &Principal) -> Result<Me, TeamError> {
        let user = self
            .ports
            .users
            .find_by_id(principal.user_id())
            .await?
            .ok_or(TeamError::MemberNotFound)?;
        let mut memberships = Vec::new();
        for member in self.ports.members.memberships_of(user.id).await? {
            if let Some(workspace) = self.ports.workspaces.get(member.workspace_id).await? {
                memberships.push((member, workspace));
            }
        }
        let workspace = memberships
            .iter()
            .find(|(m, _)| m.workspace_id == principal.workspace_id)
            .map(|(_, w)| w.clone())
            .ok_or(TeamError::MemberNotFound)?;
        Ok(Me {
            user,
            workspace,
            role: principal.role,
            memberships,
        })
    }

    #[tracing::instrument(skip_all)]
    pub async fn members(
        &self,
        principal: &Principal,
        page: PageRequest,
    ) -> Result<Page<MemberProfile>, TeamError> {
        principal.require(Permission::ViewConversations)?;
        Ok(self
            .ports
            .members
            .list(principal.workspace_id, page)
            .await?)
    }

    #[tracing::instrument(skip_all)]
    pub async fn change_role(
        &self,
        principal: &Principal,
        member_id: MemberId,
        role: Role,
        ip: Option<&str>,
    ) -> Result<MemberProfile, TeamError> {
        principal.require(Permission::ManageTeam)?;
        let target = self.member_to_manage(principal, member_id).await?;
        if target.member.user_id == principal.user_id() {
            return Err(TeamError::OwnRole);
        }
        ensure_grantable(principal, role)?;
        self.ports
            .members
            .set_role(principal.workspace_id, member_id, role)
            .await?;
        self.audit(
            Some(principal.workspace_id),
            principal.actor(),
            AuditAction::RoleChanged,
            ip,
            &[
                ("member_id", member_id.to_string()),
                ("from", target.member.role.as_str().to_owned()),
                ("to", role.as_str().to_owned()),
            ],
        )
        .await?;
        Ok(MemberProfile {
            member: Member {
                role,
                ..target.member
            },
            ..target
        })
    }

    #[tracing::instrument(skip_all)]
    pub async fn remove_member(
        &self,
        principal: &Principal,
        member_id: MemberId,
        ip: Option<&str>,
    ) -> Result<(), TeamError> {
        principal.require(Permission::ManageTeam)?;
        let target = self.member_to_manage(principal, member_id).await?;
        self.ports
            .members
            .remove(principal.workspace_id, member_id)
            .await?;
        self.audit(
            Some(principal.workspace_id),
            principal.actor(),
            AuditAction::MemberRemoved,
            ip,
            &[
                ("member_id", member_id.to_string()),
                ("email", target.email.to_string()),
            ],
        )
        .await?;
        Ok(())
    }

    /// Admins manage everyone but the owner; another workspace's member is simply not found.
    async fn member_to_manage(
        &self,
        principal: &Principal,
        member_id: MemberId,
    ) -> Result<MemberProfile, TeamError> {
        let target = self
            .ports
            .members
            .get(principal.workspace_id, member_id)
            .await?
            .ok_or(TeamError::MemberNotFound)?;
        if target.member.role == Role::Owner {
            return Err(TeamError::OwnerIsPermanent);
        }
        Ok(target)
    }

    #[tracing::instrument(skip_all)]
    pub async fn invite(
        &self,
        principal: &Principal,
        email: Email,
        role: Role,
        ip: Option<&str>,
    ) -> Result<Invitation, TeamError> {
        principal.require(Permission::ManageTeam)?;
        ensure_grantable(principal, role)?;
        if self
            .ports
            .members
            .find_by_email(principal.workspace_id, &email)
            .await?
            .is_some()
        {
            return Err(TeamError::AlreadyMember);
        }
        let workspace = self
            .ports
            .workspaces
            .get(principal.workspace_id)
            .await?
            .ok_or(TeamError::MemberNotFound)?;
        let now = self.now();
        let (plain, token_hash) = self.ports.credentials.new_secret("");
        let invitation = Invitation {
            id: InvitationId::new(),
            workspace_id: principal.workspace_id,
            email,
            role,
            token_hash,
            invited_by: principal.user_id(),
            expires_at: now + self.settings.invitation_ttl,
            accepted_at: None,
            created_at: now,
        };
        self.ports.invitations.create(&invitation).await?;
        let business = workspace.profile.business_name.as_str();
        let base = &self.settings.public_url;
        self.ports
            .mailer
            .send(OutgoingEmail {
                to: invitation.email.clone(),
                subject: format!("You are invited to {business} on ChatDesk"),
                text: format!(
                    "You have been invited to join {business} on ChatDesk as {role}.\n\nAccept within 7 days:\n{base}/invitations/{plain}\n\nOr send your password to POST /api/v1/invitations/{plain}/accept\n",
                    role = role.as_str(),
                ),
                html: None,
            })
            .await?;
        self.audit(
            Some(principal.workspace_id),
            principal.actor(),
            AuditAction::InvitationCreated,
            ip,
            &[
                ("email", invitation.email.to_string()),
                ("role", role.as_str().to_owned()),
            ],
        )
        .await?;
        Ok(invitation)
    }

    #[tracing::instrument(skip_all)]
    pub async fn pending_invitations(
        &self,
        principal: &Principal,
        page: PageRequest,
    ) -> Result<Page<Invitation>, TeamError> {
        principal.require(Permission::ManageTeam)?;
        Ok(self
            .ports
            .invitations
            .list_pending(principal.workspace_id, self.now(), page)
            .await?)
    }

    /// Joins the workspace: an existing account proves itself with its password, a new
    /// one is created with the invited email (already verified: the invitation reached it).
    #[tracing::instrument(skip_all)]
    pub async fn accept_invitation(
        &self,
        token: &str,
        acceptance: AcceptInvitation,
        ip: Option<&str>,
    ) -> Result<TokenPair, TeamError> {
        let hash = self.ports.credentials.digest(token);
        let invitation = self
            .ports
            .invitations
            .find_by_hash(&hash)
            .await?
            .ok_or(TeamError::InvitationNotFound)?;
        let now = self.now();
        if invitation.accepted_at.is_some() {
            return Err(TeamError::InvitationAccepted);
        }
        if invitation.expires_at <= now {
            return Err(TeamError::InvitationExpired);
        }
        let existing = self.ports.users.find_by_email(&invitation.email).await?;
        let member = Member {
            id: MemberId::new(),
            workspace_id: invitation.workspace_id,
            user_id: existing.as_ref().map_or_else(UserId::new, |u| u.id),
            role: invitation.role,
            created_at: now,
        };
        match existing {
            Some(user) => {
                let verified = self
                    .ports
                    .credentials
                    .verify_password(&acceptance.password, Some(&user.password_hash))
                    .await;
                if !verified {
                    return Err(TeamError::InvalidCredentials);
                }
                self.claim_invitation(&invitation).await?;
                match self.ports.members.add(&member).await {
                    Err(RepositoryError::Duplicate(_)) => return Err(TeamError::AlreadyMember),
                    other => other?,
                }
            }
            None => {
                let password =
                    Password::parse(&acceptance.password).map_err(TeamError::WeakPassword)?;
                let user = User {
                    id: member.user_id,
                    email: invitation.email.clone(),
                    name: acceptance.name,
                    password_hash: self.ports.credentials.hash_password(&password).await?,
                    email_verified_at: Some(now),
                    created_at: now,
                };
                self.claim_invitation(&invitation).await?;
                self.ports
                    .users
                    .create_member_account(&user, &member)
                    .await?;
            }
        }
        self.audit(
            Some(invitation.workspace_id),
            Actor::User(member.user_id),
            AuditAction::InvitationAccepted,
            ip,
            &[("role", member.role.as_str().to_owned())],
        )
        .await?;
        self.start_session(member.user_id, member.workspace_id)
            .await
            .map_err(|e| TeamError::Unexpected(e.to_string()))
    }

    async fn claim_invitation(&self, invitation: &Invitation) -> Result<(), TeamError> {
        if self
            .ports
            .invitations
            .mark_accepted(invitation.id, self.now())
            .await?
        {
            Ok(())
        } else {
            Err(TeamError::InvitationAccepted)
        }
    }
}
