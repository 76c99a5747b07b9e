//! `ChannelRepository` on sea-orm: connected accounts, routed by (platform, account).
//!
//! Among channels that are not disconnected a platform account is unique
//! (`ux_channels_platform_account`, a partial index), so routing finds one workspace;
//! connecting an account another channel holds is `AccountTaken`, whichever write
//! (create, update, set_status) would break the rule.

use async_trait::async_trait;
use channels::ports::{ChannelRepository, ChannelRepositoryError};
use channels::{
    Channel, ChannelId, ChannelName, ChannelStatus, Credentials, Platform, PlatformAccountId,
};
use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use super::errors::{UniqueRule, corrupt, unique_rule};
use crate::entities::channels as channel_rows;
use crate::timestamps::{stored, stored_opt};

const DISCONNECTED: &str = "disconnected";

pub struct SeaOrmChannelRepository {
    db: DatabaseConnection,
}

impl SeaOrmChannelRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    async fn exists(&self, workspace_id: WorkspaceId, id: ChannelId) -> Result<bool, DbErr> {
        Ok(channel_rows::Entity::find()
            .filter(one(workspace_id, id))
            .count(&self.db)
            .await?
            > 0)
    }
}

#[async_trait]
impl ChannelRepository for SeaOrmChannelRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, channel: &Channel) -> Result<(), ChannelRepositoryError> {
        channel_rows::Entity::insert(channel_row(channel))
            .exec_without_returning(&self.db)
            .await
            .map_err(|err| write_error(err, channel.platform))?;
        Ok(())
    }

    /// Every field but the id, the workspace and the creation time; `settings` is not
    /// in the domain's `Channel` and stays as stored.
    #[tracing::instrument(skip_all)]
    async fn update(&self, channel: &Channel) -> Result<(), ChannelRepositoryError> {
        let mut changes = channel_row(channel);
        changes.id = NotSet;
        changes.workspace_id = NotSet;
        changes.created_at = NotSet;
        changes.settings = NotSet;
        let result = channel_rows::Entity::update_many()
            .set(changes)
            .filter(one(channel.workspace_id, channel.id))
            .exec(&self.db)
            .await
            .map_err(|err| write_error(err, channel.platform))?;
        if result.rows_affected == 0 {
            return Err(ChannelRepositoryError::NotFound);
        }
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
    ) -> Result<Option<Channel>, ChannelRepositoryError> {
        channel_rows::Entity::find()
            .filter(one(workspace_id, id))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(channel_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Channel>, ChannelRepositoryError> {
        channel_rows::Entity::find()
            .filter(channel_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .order_by_asc(channel_rows::Column::CreatedAt)
            .order_by_asc(channel_rows::Column::Id)
            .all(&self.db)
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(channel_from_row)
            .collect()
    }

    /// The connected channel when there is one (the unique index allows at most one);
    /// otherwise the most recently changed disconnected one.
    #[tracing::instrument(skip_all)]
    async fn find_by_account(
        &self,
        platform: Platform,
        account_id: &PlatformAccountId,
    ) -> Result<Option<Channel>, ChannelRepositoryError> {
        channel_rows::Entity::find()
            .filter(channel_rows::Column::Platform.eq(platform.as_str()))
            .filter(channel_rows::Column::AccountId.eq(account_id.as_str()))
            // false (0) sorts before true (1) on both databases.
            .order_by(
                Expr::col(channel_rows::Column::Status).eq(DISCONNECTED),
                Order::Asc,
            )
            .order_by_desc(channel_rows::Column::UpdatedAt)
            .order_by_desc(channel_rows::Column::Id)
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(channel_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn set_status(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
        status: ChannelStatus,
        at: DateTime<Utc>,
    ) -> Result<(), ChannelRepositoryError> {
        let result = channel_rows::Entity::update_many()
            .col_expr(channel_rows::Column::Status, Expr::value(status.as_str()))
            .col_expr(channel_rows::Column::UpdatedAt, Expr::value(stored(at)))
            .filter(one(workspace_id, id))
            .exec(&self.db)
            .await;
        let result = match result {
            Ok(result) => result,
            Err(err) if unique_rule(&err) == Some(UniqueRule::AccountTaken) => {
                // Reconnecting an account someone else connected meanwhile.
                let platform = channel_rows::Entity::find()
                    .filter(one(workspace_id, id))
                    .one(&self.db)
                    .await
                    .map_err(unexpected)?
                    .and_then(|row| Platform::parse(&row.platform).ok())
                    .ok_or(ChannelRepositoryError::Unexpected(err.to_string()))?;
                return Err(ChannelRepositoryError::AccountTaken(platform));
            }
            Err(err) => return Err(unexpected(err)),
        };
        if result.rows_affected == 0 {
            return Err(ChannelRepositoryError::NotFound);
        }
        Ok(())
    }

    /// Activity, not an edit: `updated_at` stays.
    #[tracing::instrument(skip_all)]
    async fn touch_last_message(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
        at: DateTime<Utc>,
    ) -> Result<(), ChannelRepositoryError> {
        let at = stored(at);
        // One conditional UPDATE: two racing touches leave the later instant.
        let result = channel_rows::Entity::update_many()
            .col_expr(channel_rows::Column::LastMessageAt, Expr::value(at))
            .filter(one(workspace_id, id))
            .filter(
                Condition::any()
                    .add(channel_rows::Column::LastMessageAt.is_null())
                    .add(channel_rows::Column::LastMessageAt.lt(at)),
            )
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        if result.rows_affected == 0 && !self.exists(workspace_id, id).await.map_err(unexpected)? {
            return Err(ChannelRepositoryError::NotFound);
        }
        Ok(())
    }
}

fn one(workspace_id: WorkspaceId, id: ChannelId) -> Condition {
    Condition::all()
        .add(channel_rows::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .add(channel_rows::Column::Id.eq(id.as_uuid()))
}

fn channel_row(channel: &Channel) -> channel_rows::ActiveModel {
    channel_rows::ActiveModel {
        id: Set(channel.id.as_uuid()),
        workspace_id: Set(channel.workspace_id.as_uuid()),
        platform: Set(channel.platform.as_str().to_owned()),
        account_id: Set(channel.account_id.as_str().to_owned()),
        display_name: Set(channel.display_name.as_str().to_owned()),
        credentials: Set(channel.credentials.ciphertext().to_owned()),
        status: Set(channel.status.as_str().to_owned()),
        token_expires_at: Set(stored_opt(channel.token_expires_at)),
        last_message_at: Set(stored_opt(channel.last_message_at)),
        settings: Set(serde_json::Value::Object(serde_json::Map::new())),
        created_at: Set(stored(channel.created_at)),
        updated_at: Set(stored(channel.updated_at)),
    }
}

fn channel_from_row(row: channel_rows::Model) -> Result<Channel, ChannelRepositoryError> {
    let fail =
        |what: &str, detail: String| ChannelRepositoryError::Unexpected(corrupt(what, detail));
    Ok(Channel {
        id: ChannelId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        platform: Platform::parse(&row.platform)
            .map_err(|e| fail("channel platform", e.to_string()))?,
        account_id: PlatformAccountId::parse(&row.account_id)
            .map_err(|e| fail("channel account id", e.to_string()))?,
        display_name: ChannelName::parse(&row.display_name)
            .map_err(|e| fail("channel name", e.to_string()))?,
        credentials: Credentials::from_ciphertext(row.credentials),
        status: ChannelStatus::parse(&row.status)
            .ok_or_else(|| fail("channel status", row.status.clone()))?,
        token_expires_at: row.token_expires_at,
        last_message_at: row.last_message_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// A failed channel write: the account rule becomes `AccountTaken`.
fn write_error(err: DbErr, platform: Platform) -> ChannelRepositoryError {
    match unique_rule(&err) {
        Some(UniqueRule::AccountTaken) => ChannelRepositoryError::AccountTaken(platform),
        _ => unexpected(err),
    }
}

fn unexpected(err: DbErr) -> ChannelRepositoryError {
    ChannelRepositoryError::Unexpected(err.to_string())
}
