use std::collections::BTreeMap;

use kernel::{Page, PageRequest, WorkspaceId};

use crate::ports::RepositoryError;
use crate::{Actor, AuditAction, AuditEvent, AuditEventId, Permission};

use super::{IdentityService, Principal, WorkspaceError};

impl IdentityService {
    pub(super) async fn audit(
        &self,
        workspace_id: Option<WorkspaceId>,
        actor: Actor,
        action: AuditAction,
        ip: Option<&str>,
        details: &[(&str, String)],
    ) -> Result<(), RepositoryError> {
        let event = AuditEvent {
            id: AuditEventId::new(),
            workspace_id,
            actor,
            action,
            ip: ip.map(str::to_owned),
            details: details
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
            created_at: self.now(),
        };
        tracing::info!(action = action.as_str(), workspace_id = ?workspace_id, "audit");
        self.ports.audit.record(&event).await
    }

    #[tracing::instrument(skip_all)]
    pub async fn audit_log(
        &self,
        principal: &Principal,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>, WorkspaceError> {
        principal.require(Permission::ViewAuditLog)?;
        Ok(self.ports.audit.list(principal.workspace_id, page).await?)
    }
}
