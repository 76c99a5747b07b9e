//! The members notifications go to: everyone who may answer customers (owners, admins,
//! agents), by the email they sign in with. A member is known to the notifications
//! domain by their user id, which the access token carries.

use std::sync::Arc;

use async_trait::async_trait;
use identity::Permission;
use identity::ports::MemberRepository;
use kernel::{PageRequest, WorkspaceId};
use notifications::MemberId;
use notifications::ports::{Recipient, Recipients, RecipientsError};

pub struct MemberRecipients {
    members: Arc<dyn MemberRepository>,
}

impl MemberRecipients {
    pub fn new(members: Arc<dyn MemberRepository>) -> Self {
        Self { members }
    }
}

#[async_trait]
impl Recipients for MemberRecipients {
    #[tracing::instrument(skip_all)]
    async fn recipients(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Recipient>, RecipientsError> {
        let mut recipients = Vec::new();
        let mut number = 1;
        loop {
            let page = PageRequest::new(number, 100)
                .map_err(|e| RecipientsError::Unexpected(e.to_string()))?;
            let members = self
                .members
                .list(workspace_id, page)
                .await
                .map_err(|e| RecipientsError::Unexpected(e.to_string()))?;
            let last = members.items.len() < 100;
            recipients.extend(
                members
                    .items
                    .into_iter()
                    .filter(|profile| profile.member.role.can(Permission::RespondToConversations))
                    .map(|profile| Recipient {
                        member_id: MemberId::from_uuid(profile.member.user_id.as_uuid()),
                        email: Some(profile.email),
                    }),
            );
            if last {
                return Ok(recipients);
            }
            number += 1;
        }
    }
}
