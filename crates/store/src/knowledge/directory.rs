//! Every workspace's id, for the full re-index after the embedder changed.

use async_trait::async_trait;
use kernel::WorkspaceId;
use knowledge::service::{SourceReadError, WorkspaceDirectory};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder, QuerySelect};

use crate::entities::workspaces;
use uuid::Uuid;

pub struct SeaOrmWorkspaceDirectory {
    db: DatabaseConnection,
}

impl SeaOrmWorkspaceDirectory {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl WorkspaceDirectory for SeaOrmWorkspaceDirectory {
    #[tracing::instrument(skip_all)]
    async fn workspace_ids(&self) -> Result<Vec<WorkspaceId>, SourceReadError> {
        let unreadable = |e: sea_orm::DbErr| SourceReadError {
            what: "the workspaces",
            detail: e.to_string(),
        };
        let ids: Vec<Uuid> = workspaces::Entity::find()
            .select_only()
            .column(workspaces::Column::Id)
            .order_by_asc(workspaces::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(unreadable)?;
        Ok(ids.into_iter().map(WorkspaceId::from_uuid).collect())
    }
}
