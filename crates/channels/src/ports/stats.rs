use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::WorkspaceId;

use crate::models::ChannelId;

/// How much a channel has carried.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelStats {
    /// Customers' messages.
    pub messages_in: u64,
    /// Ours and echoes, whatever their status.
    pub messages_out: u64,
    /// Outbound messages that did not reach the person.
    pub failed: u64,
    /// When the channel last carried a message either way.
    pub last_message_at: Option<DateTime<Utc>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChannelStatsError {
    #[error("unexpected storage failure: {0}")]
    Unexpected(String),
}

/// Counts a channel's messages.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ChannelStatsQuery: Send + Sync {
    async fn stats(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
    ) -> Result<ChannelStats, ChannelStatsError>;
}
