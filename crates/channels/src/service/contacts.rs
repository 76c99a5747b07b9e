//! The people who wrote to the workspace: list, read, and the agent's edits (name,
//! notes, blocked). Blocking takes effect on the next message: it is stored, never
//! answered, and nothing already queued goes out to a blocked contact.

use kernel::{Page, PageRequest, WorkspaceId};

use super::{ChannelsService, ContactError};
use crate::models::*;

impl ChannelsService {
    pub async fn list_contacts(
        &self,
        workspace_id: WorkspaceId,
        filter: &ContactFilter,
        page: PageRequest,
    ) -> Result<Page<Contact>, ContactError> {
        Ok(self.ports.contacts.list(workspace_id, filter, page).await?)
    }

    pub async fn get_contact(
        &self,
        workspace_id: WorkspaceId,
        id: ContactId,
    ) -> Result<Contact, ContactError> {
        self.ports
            .contacts
            .get(workspace_id, id)
            .await?
            .ok_or(ContactError::NotFound)
    }

    /// The contact a platform knows by `user_id`, if they ever wrote.
    pub async fn find_contact(
        &self,
        workspace_id: WorkspaceId,
        platform: Platform,
        user_id: &PlatformUserId,
    ) -> Result<Option<Contact>, ContactError> {
        Ok(self
            .ports
            .contacts
            .find_by_platform_user(workspace_id, platform, user_id)
            .await?)
    }

    /// An empty patch changes nothing and answers the contact as it is.
    pub async fn update_contact(
        &self,
        workspace_id: WorkspaceId,
        id: ContactId,
        patch: ContactPatch,
    ) -> Result<Contact, ContactError> {
        if patch.is_empty() {
            return self.get_contact(workspace_id, id).await;
        }
        Ok(self
            .ports
            .contacts
            .patch(workspace_id, id, &patch, self.now())
            .await?)
    }
}
