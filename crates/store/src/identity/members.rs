//! `MemberRepository` on sea-orm: who belongs to which workspace, with which role.
//! Every query but `memberships_of` (which is about one user) is scoped by workspace.

use async_trait::async_trait;
use identity::ports::{MemberRepository, RepositoryError};
use identity::{Member, MemberId, MemberProfile, Role, UserId};
use kernel::{Email, Page, PageRequest, WorkspaceId};
use sea_orm::JoinType;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait,
};

use super::errors::{corrupt, from_db};
use super::users::user_from_row;
use crate::entities::{members, users};
use crate::timestamps::stored;

pub struct SeaOrmMemberRepository {
    db: DatabaseConnection,
}

impl SeaOrmMemberRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl MemberRepository for SeaOrmMemberRepository {
    #[tracing::instrument(skip_all)]
    async fn add(&self, member: &Member) -> Result<(), RepositoryError> {
        members::Entity::insert(member_row(member))
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn find(
        &self,
        workspace_id: WorkspaceId,
        user_id: UserId,
    ) -> Result<Option<Member>, RepositoryError> {
        members::Entity::find()
            .filter(members::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(members::Column::UserId.eq(user_id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(member_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: MemberId,
    ) -> Result<Option<MemberProfile>, RepositoryError> {
        members::Entity::find()
            .find_also_related(users::Entity)
            .filter(members::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(members::Column::Id.eq(id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(profile_from_rows)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<MemberProfile>, RepositoryError> {
        let in_workspace = members::Column::WorkspaceId.eq(workspace_id.as_uuid());
        // Oldest first, the id breaking ties, so pages never overlap or skip.
        let pages = members::Entity::find()
            .find_also_related(users::Entity)
            .filter(in_workspace)
            .order_by_asc(members::Column::CreatedAt)
            .order_by_asc(members::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(from_db)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(from_db)?
            .into_iter()
            .map(profile_from_rows)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }

    #[tracing::instrument(skip_all)]
    async fn memberships_of(&self, user_id: UserId) -> Result<Vec<Member>, RepositoryError> {
        members::Entity::find()
            .filter(members::Column::UserId.eq(user_id.as_uuid()))
            .order_by_asc(members::Column::CreatedAt)
            .order_by_asc(members::Column::Id)
            .all(&self.db)
            .await
            .map_err(from_db)?
            .into_iter()
            .map(member_from_row)
            .collect()
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_email(
        &self,
        workspace_id: WorkspaceId,
        email: &Email,
    ) -> Result<Option<Member>, RepositoryError> {
        members::Entity::find()
            .join(JoinType::InnerJoin, members::Relation::User.def())
            .filter(members::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(member_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn set_role(
        &self,
        workspace_id: WorkspaceId,
        id: MemberId,
        role: Role,
    ) -> Result<(), RepositoryError> {
        members::Entity::update_many()
            .col_expr(members::Column::Role, Expr::value(role.as_str()))
            .filter(members::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(members::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn remove(&self, workspace_id: WorkspaceId, id: MemberId) -> Result<(), RepositoryError> {
        members::Entity::delete_many()
            .filter(members::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(members::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }
}

pub(super) fn member_row(member: &Member) -> members::ActiveModel {
    members::ActiveModel {
        id: Set(member.id.as_uuid()),
        workspace_id: Set(member.workspace_id.as_uuid()),
        user_id: Set(member.user_id.as_uuid()),
        role: Set(member.role.as_str().to_owned()),
        created_at: Set(stored(member.created_at)),
    }
}

fn member_from_row(row: members::Model) -> Result<Member, RepositoryError> {
    Ok(Member {
        id: MemberId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        user_id: UserId::from_uuid(row.user_id),
        role: Role::parse(&row.role).ok_or_else(|| corrupt("member role", &row.role))?,
        created_at: row.created_at,
    })
}

fn profile_from_rows(
    (member, user): (members::Model, Option<users::Model>),
) -> Result<MemberProfile, RepositoryError> {
    // The foreign key makes a member without a user impossible, short of corruption.
    let user = user.ok_or_else(|| corrupt("member", "its user is missing"))?;
    let user = user_from_row(user)?;
    Ok(MemberProfile {
        member: member_from_row(member)?,
        email: user.email,
        name: user.name,
    })
}
