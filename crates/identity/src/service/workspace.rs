use crate::*;

use super::{IdentityService, Principal, WorkspaceError};

impl IdentityService {
    #[tracing::instrument(skip_all)]
    pub async fn workspace(&self, principal: &Principal) -> Result<Workspace, WorkspaceError> {
        self.ports
            .workspaces
            .get(principal.workspace_id)
            .await?
            .ok_or(WorkspaceError::NotFound)
    }

    #[tracing::instrument(skip_all)]
    pub async fn update_workspace(
        &self,
        principal: &Principal,
        patch: WorkspaceProfilePatch,
        ip: Option<&str>,
    ) -> Result<Workspace, WorkspaceError> {
        principal.require(Permission::EditWorkspace)?;
        let mut workspace = self.workspace(principal).await?;
        patch.apply_to(&mut workspace.profile);
        workspace.updated_at = self.now();
        self.ports.workspaces.update(&workspace).await?;
        self.audit(
            Some(workspace.id),
            principal.actor(),
            AuditAction::WorkspaceUpdated,
            ip,
            &[],
        )
        .await?;
        Ok(workspace)
    }
}
