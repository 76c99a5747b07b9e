//! `ApiKeyRepository` on sea-orm: integrators' keys, stored as digests only.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use identity::ports::{ApiKeyRepository, RepositoryError};
use identity::{ApiKey, ApiKeyId, ApiKeyName, Role, TokenHash, UserId};
use kernel::{Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use super::errors::{corrupt, from_db};
use crate::entities::api_keys;
use crate::timestamps::{stored, stored_opt};

pub struct SeaOrmApiKeyRepository {
    db: DatabaseConnection,
}

impl SeaOrmApiKeyRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ApiKeyRepository for SeaOrmApiKeyRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, key: &ApiKey) -> Result<(), RepositoryError> {
        api_keys::Entity::insert(key_row(key))
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    /// A workspace's keys, revoked ones included, newest first.
    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        page: PageRequest,
    ) -> Result<Page<ApiKey>, RepositoryError> {
        let in_workspace = api_keys::Column::WorkspaceId.eq(workspace_id.as_uuid());
        let pages = api_keys::Entity::find()
            .filter(in_workspace)
            .order_by_desc(api_keys::Column::CreatedAt)
            .order_by_desc(api_keys::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(from_db)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(from_db)?
            .into_iter()
            .map(key_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }

    /// Found whatever its state: the caller decides what a revoked key means.
    #[tracing::instrument(skip_all)]
    async fn find_by_hash(&self, hash: &TokenHash) -> Result<Option<ApiKey>, RepositoryError> {
        api_keys::Entity::find()
            .filter(api_keys::Column::KeyHash.eq(hash.as_str()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(key_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn revoke(
        &self,
        workspace_id: WorkspaceId,
        id: ApiKeyId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError> {
        let result = api_keys::Entity::update_many()
            .col_expr(api_keys::Column::RevokedAt, Expr::value(stored(at)))
            .filter(api_keys::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(api_keys::Column::Id.eq(id.as_uuid()))
            .filter(api_keys::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(result.rows_affected == 1)
    }

    #[tracing::instrument(skip_all)]
    async fn touch(&self, id: ApiKeyId, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        // At most one write a minute per key: an integration calling many times a second
        // must not turn every read into a write.
        let a_minute_ago = stored(at - chrono::Duration::minutes(1));
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::LastUsedAt, Expr::value(stored(at)))
            .filter(api_keys::Column::Id.eq(id.as_uuid()))
            .filter(
                sea_orm::Condition::any()
                    .add(api_keys::Column::LastUsedAt.is_null())
                    .add(api_keys::Column::LastUsedAt.lt(a_minute_ago)),
            )
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }
}

fn key_row(key: &ApiKey) -> api_keys::ActiveModel {
    api_keys::ActiveModel {
        id: Set(key.id.as_uuid()),
        workspace_id: Set(key.workspace_id.as_uuid()),
        name: Set(key.name.as_str().to_owned()),
        display_prefix: Set(key.display_prefix.clone()),
        key_hash: Set(key.key_hash.as_str().to_owned()),
        role: Set(key.role.as_str().to_owned()),
        created_by: Set(key.created_by.as_uuid()),
        created_at: Set(stored(key.created_at)),
        last_used_at: Set(stored_opt(key.last_used_at)),
        revoked_at: Set(stored_opt(key.revoked_at)),
    }
}

fn key_from_row(row: api_keys::Model) -> Result<ApiKey, RepositoryError> {
    Ok(ApiKey {
        id: ApiKeyId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        name: ApiKeyName::parse(&row.name).map_err(|err| corrupt("api key name", err))?,
        display_prefix: row.display_prefix,
        key_hash: TokenHash::from_hex(row.key_hash),
        role: Role::parse(&row.role).ok_or_else(|| corrupt("api key role", &row.role))?,
        created_by: UserId::from_uuid(row.created_by),
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    })
}
