//! `ChannelStatsQuery` over the messages table: one grouped count per channel, built with
//! sea-query so the same query runs on SQLite and PostgreSQL.

use async_trait::async_trait;
use channels::ChannelId;
use channels::ports::{ChannelStats, ChannelStatsError, ChannelStatsQuery};
use kernel::WorkspaceId;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub struct SeaOrmChannelStats {
    db: DatabaseConnection,
}

impl SeaOrmChannelStats {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ChannelStatsQuery for SeaOrmChannelStats {
    #[tracing::instrument(skip_all)]
    async fn stats(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
    ) -> Result<ChannelStats, ChannelStatsError> {
        let unexpected = |e: sea_orm::DbErr| ChannelStatsError::Unexpected(e.to_string());
        let query = Query::select()
            .column(Alias::new("direction"))
            .column(Alias::new("status"))
            .expr_as(Func::count(Expr::col(Alias::new("id"))), Alias::new("n"))
            .from(Alias::new("messages"))
            .and_where(Expr::col(Alias::new("workspace_id")).eq(workspace_id.as_uuid()))
            .and_where(Expr::col(Alias::new("channel_id")).eq(channel_id.as_uuid()))
            .group_by_col(Alias::new("direction"))
            .group_by_col(Alias::new("status"))
            .to_owned();
        let statement = self.db.get_database_backend().build(&query);
        let rows = self.db.query_all_raw(statement).await.map_err(unexpected)?;
        let mut stats = ChannelStats::default();
        for row in rows {
            let direction: String = row.try_get("", "direction").map_err(unexpected)?;
            let status: Option<String> = row.try_get("", "status").map_err(unexpected)?;
            let count: i64 = row.try_get("", "n").map_err(unexpected)?;
            let count = u64::try_from(count).unwrap_or_default();
            match direction.as_str() {
                "inbound" => stats.messages_in += count,
                _ => {
                    stats.messages_out += count;
                    if status.as_deref() == Some("failed") {
                        stats.failed += count;
                    }
                }
            }
        }
        Ok(stats)
    }
}
