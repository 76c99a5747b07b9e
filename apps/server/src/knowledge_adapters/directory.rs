//! Every workspace's id, for the full re-index after the embedder changed.
//!
//! The identity repositories read one workspace at a time and have no listing, so this
//! one query lives here; it belongs in `store` next to the workspace repository once
//! that grows a `list_ids`.

use async_trait::async_trait;
use kernel::WorkspaceId;
use knowledge::service::{SourceReadError, WorkspaceDirectory};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use uuid::Uuid;

pub struct SqlWorkspaceDirectory {
    db: DatabaseConnection,
}

impl SqlWorkspaceDirectory {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl WorkspaceDirectory for SqlWorkspaceDirectory {
    async fn workspace_ids(&self) -> Result<Vec<WorkspaceId>, SourceReadError> {
        let unreadable = |e: sea_orm::DbErr| SourceReadError {
            what: "the workspaces",
            detail: e.to_string(),
        };
        let backend = self.db.get_database_backend();
        let rows = self
            .db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id FROM workspaces ORDER BY id",
            ))
            .await
            .map_err(unreadable)?;
        rows.iter()
            .map(|row| row.try_get::<Uuid>("", "id").map(WorkspaceId::from_uuid))
            .collect::<Result<Vec<_>, _>>()
            .map_err(unreadable)
    }
}
