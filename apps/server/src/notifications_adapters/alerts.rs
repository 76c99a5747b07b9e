//! The channels' `ChannelAlerts` port as a notification: a channel that needs
//! reconnecting reaches the team's feed and email (high priority), with their
//! preferences and quiet hours, instead of a bare email to the owner.

use async_trait::async_trait;
use channels::Channel;
use channels::ports::ChannelAlerts;
use notifications::service::NotificationService;
use notifications::templates::{self, ChannelReconnect};

pub struct NotificationChannelAlerts {
    notifications: NotificationService,
}

impl NotificationChannelAlerts {
    pub fn new(notifications: NotificationService) -> Self {
        Self { notifications }
    }
}

#[async_trait]
impl ChannelAlerts for NotificationChannelAlerts {
    #[tracing::instrument(skip_all, fields(channel_id = %channel.id))]
    async fn reconnect_required(&self, channel: &Channel) {
        let message = templates::channel_reconnect(
            &ChannelReconnect {
                channel_id: channel.id.as_uuid(),
                channel_name: channel.display_name.to_string(),
                platform: channel.platform.to_string(),
            },
            self.notifications.links(),
        );
        if let Err(error) = self
            .notifications
            .raise(channel.workspace_id, message)
            .await
        {
            tracing::error!(%error, "cannot notify the team about the channel");
        }
    }
}
