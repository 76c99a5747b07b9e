use async_trait::async_trait;

use crate::models::Channel;

/// Tells a workspace that one of its channels stopped working, so a person reconnects
/// it before customers notice the silence. Best effort: a failed alert is the adapter's
/// to log, and never fails the send that discovered the problem.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait ChannelAlerts: Send + Sync {
    /// The platform refused the channel's token; it is now `reconnect_required`.
    async fn reconnect_required(&self, channel: &Channel);
}

/// No one to tell (tests, tools).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoAlerts;

#[async_trait]
impl ChannelAlerts for NoAlerts {
    async fn reconnect_required(&self, _channel: &Channel) {}
}
