//! `InvitationRepository` on sea-orm: invitations to join a workspace.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use identity::ports::{InvitationRepository, RepositoryError};
use identity::{Invitation, InvitationId, Role, TokenHash, UserId};
use kernel::{Email, Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use super::errors::{corrupt, from_db};
use crate::entities::invitations;
use crate::timestamps::{stored, stored_opt};

pub struct SeaOrmInvitationRepository {
    db: DatabaseConnection,
}

impl SeaOrmInvitationRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl InvitationRepository for SeaOrmInvitationRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, invitation: &Invitation) -> Result<(), RepositoryError> {
        invitations::Entity::insert(invitation_row(invitation))
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_hash(&self, hash: &TokenHash) -> Result<Option<Invitation>, RepositoryError> {
        invitations::Entity::find()
            .filter(invitations::Column::TokenHash.eq(hash.as_str()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(invitation_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn list_pending(
        &self,
        workspace_id: WorkspaceId,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<Page<Invitation>, RepositoryError> {
        let pending = Condition::all()
            .add(invitations::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .add(invitations::Column::AcceptedAt.is_null())
            .add(invitations::Column::ExpiresAt.gt(stored(now)));
        let pages = invitations::Entity::find()
            .filter(pending)
            .order_by_desc(invitations::Column::CreatedAt)
            .order_by_desc(invitations::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(from_db)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(from_db)?
            .into_iter()
            .map(invitation_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }

    #[tracing::instrument(skip_all)]
    async fn mark_accepted(
        &self,
        id: InvitationId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError> {
        // One conditional UPDATE, so one invitation admits one person.
        let result = invitations::Entity::update_many()
            .col_expr(invitations::Column::AcceptedAt, Expr::value(stored(at)))
            .filter(invitations::Column::Id.eq(id.as_uuid()))
            .filter(invitations::Column::AcceptedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(result.rows_affected == 1)
    }
}

fn invitation_row(invitation: &Invitation) -> invitations::ActiveModel {
    invitations::ActiveModel {
        id: Set(invitation.id.as_uuid()),
        workspace_id: Set(invitation.workspace_id.as_uuid()),
        email: Set(invitation.email.as_str().to_owned()),
        role: Set(invitation.role.as_str().to_owned()),
        token_hash: Set(invitation.token_hash.as_str().to_owned()),
        invited_by: Set(invitation.invited_by.as_uuid()),
        expires_at: Set(stored(invitation.expires_at)),
        accepted_at: Set(stored_opt(invitation.accepted_at)),
        created_at: Set(stored(invitation.created_at)),
    }
}

fn invitation_from_row(row: invitations::Model) -> Result<Invitation, RepositoryError> {
    Ok(Invitation {
        id: InvitationId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        email: Email::parse(&row.email).map_err(|err| corrupt("invitation email", err))?,
        role: Role::parse(&row.role).ok_or_else(|| corrupt("invitation role", &row.role))?,
        token_hash: TokenHash::from_hex(row.token_hash),
        invited_by: UserId::from_uuid(row.invited_by),
        expires_at: row.expires_at,
        accepted_at: row.accepted_at,
        created_at: row.created_at,
    })
}
