//! Connecting a channel, reading it back, disconnecting it.
//!
//! Connecting proves the token on the platform (reads the account's name), subscribes
//! our app to the account's webhooks, and only then stores the channel with the token
//! sealed. Connecting an account this workspace already has is a reconnect: new
//! token, status active again, same channel id (so its history stays together).

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;

use super::{ChannelError, ChannelsService};
use crate::models::*;
use crate::ports::ChannelStats;

/// A Meta account to connect (Messenger Page, Instagram account, WhatsApp number).
#[derive(Debug, Clone)]
pub struct ConnectRequest {
    pub workspace_id: WorkspaceId,
    pub platform: Platform,
    /// The routing key: Page id, Instagram account id or `phone_number_id`.
    pub account_id: PlatformAccountId,
    /// What the app subscribes to: the Page (Messenger, Instagram through its Page, or
    /// the Instagram account itself), or the WhatsApp Business Account.
    pub subscribe_node: PlatformAccountId,
    pub access_token: AccessToken,
    /// The workspace's own name for it; the platform's name when absent.
    pub display_name: Option<ChannelName>,
    pub token_expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Connected {
    pub channel: ChannelView,
    /// True when the account was already this workspace's channel and got a new token.
    pub reconnected: bool,
}

/// A channel as the API shows it: never its token; a widget's configuration in clear.
#[derive(Debug, Clone)]
pub struct ChannelView {
    pub channel: Channel,
    pub widget: Option<WidgetConfig>,
}

impl ChannelsService {
    /// Connects (or reconnects) a Meta account; see the module docs.
    pub async fn connect(&self, request: ConnectRequest) -> Result<Connected, ChannelError> {
        let channels = &self.ports.channels;
        // Refused before any call to the platform: another workspace's account is not
        // ours to verify or subscribe.
        let existing = channels
            .find_by_account(request.platform, &request.account_id)
            .await?
            .filter(|c| c.status != ChannelStatus::Disconnected);
        if existing
            .as_ref()
            .is_some_and(|c| c.workspace_id != request.workspace_id)
        {
            return Err(ChannelError::AccountTaken(request.platform));
        }
        let accounts = self.ports.accounts.as_ref();
        let platform_name = accounts
            .account_name(request.platform, &request.account_id, &request.access_token)
            .await?;
        accounts
            .subscribe(
                request.platform,
                &request.subscribe_node,
                &request.access_token,
            )
            .await?;
        let display_name = match request.display_name {
            Some(name) => name,
            None => name_from_platform(&platform_name, &request.account_id)?,
        };
        let credentials = Credentials::seal(self.ports.cipher.as_ref(), &request.access_token)?;
        let now = self.now();
        let (channel, reconnected) = match existing {
            Some(mut channel) => {
                channel.reconnect(credentials, request.token_expires_at, now);
                channel.display_name = display_name;
                channels.update(&channel).await?;
                (channel, true)
            }
            None => {
                let channel = Channel::connect(
                    request.workspace_id,
                    request.platform,
                    request.account_id,
                    display_name,
                    credentials,
                    request.token_expires_at,
                    now,
                );
                channels.create(&channel).await?;
                (channel, false)
            }
        };
        self.schedule_refresh(&channel).await?;
        Ok(Connected {
            channel: ChannelView {
                channel,
                widget: None,
            },
            reconnected,
        })
    }

    /// A new website widget with a fresh public key.
    pub async fn create_widget(
        &self,
        workspace_id: WorkspaceId,
        name: ChannelName,
        config: WidgetConfig,
    ) -> Result<ChannelView, ChannelError> {
        let key = new_widget_public_key().map_err(|e| ChannelError::Unexpected(e.to_string()))?;
        let credentials = config.seal(self.ports.cipher.as_ref())?;
        let channel = Channel::connect(
            workspace_id,
            Platform::Web,
            key,
            name,
            credentials,
            None,
            self.now(),
        );
        self.ports.channels.create(&channel).await?;
        Ok(ChannelView {
            channel,
            widget: Some(config),
        })
    }

    /// Changes a widget's allowed origins and/or its theme (each replaced whole when
    /// given). Another platform's channel is not a widget: not found.
    pub async fn update_widget(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
        allowed_origins: Option<WidgetConfig>,
        theme: Option<WidgetTheme>,
    ) -> Result<ChannelView, ChannelError> {
        let mut channel = self
            .ports
            .channels
            .get(workspace_id, id)
            .await?
            .filter(|c| c.platform == Platform::Web)
            .ok_or(ChannelError::NotFound)?;
        let current = WidgetConfig::open(&channel.credentials, self.ports.cipher.as_ref())?;
        let mut config = match allowed_origins {
            Some(origins) => origins.with_theme(current.theme),
            None => current,
        };
        if let Some(theme) = theme {
            config.theme = theme;
        }
        channel.credentials = config.seal(self.ports.cipher.as_ref())?;
        channel.updated_at = self.now();
        self.ports.channels.update(&channel).await?;
        Ok(ChannelView {
            channel,
            widget: Some(config),
        })
    }

    /// Every channel of the workspace, oldest first, disconnected ones included.
    pub async fn list_channels(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<ChannelView>, ChannelError> {
        let channels = self.ports.channels.list(workspace_id).await?;
        Ok(channels.into_iter().map(|c| self.view(c)).collect())
    }

    pub async fn get_channel(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
    ) -> Result<ChannelView, ChannelError> {
        let channel = self
            .ports
            .channels
            .get(workspace_id, id)
            .await?
            .ok_or(ChannelError::NotFound)?;
        Ok(self.view(channel))
    }

    /// Stops receiving and sending on the channel. Its webhooks are acknowledged and
    /// ignored from now on; its messages and contacts stay. Idempotent.
    pub async fn disconnect(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
    ) -> Result<(), ChannelError> {
        let channel = self
            .ports
            .channels
            .get(workspace_id, id)
            .await?
            .ok_or(ChannelError::NotFound)?;
        if channel.status == ChannelStatus::Disconnected {
            return Ok(());
        }
        self.ports
            .channels
            .set_status(workspace_id, id, ChannelStatus::Disconnected, self.now())
            .await?;
        Ok(())
    }

    /// Messages in and out, failures, and when the channel last carried a message.
    pub async fn channel_stats(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
    ) -> Result<ChannelStats, ChannelError> {
        let channel = self
            .ports
            .channels
            .get(workspace_id, id)
            .await?
            .ok_or(ChannelError::NotFound)?;
        let mut stats = self
            .ports
            .stats
            .stats(workspace_id, id)
            .await
            .map_err(|e| ChannelError::Unexpected(e.to_string()))?;
        // The channel's own stamp counts messages whose rows are not written yet.
        stats.last_message_at = stats.last_message_at.max(channel.last_message_at);
        Ok(stats)
    }

    fn view(&self, channel: Channel) -> ChannelView {
        // A widget whose configuration does not open shows as having none rather than
        // hiding the channel from the list that would let someone fix it.
        let widget = (channel.platform == Platform::Web)
            .then(|| WidgetConfig::open(&channel.credentials, self.ports.cipher.as_ref()).ok())
            .flatten();
        ChannelView { channel, widget }
    }
}

/// The platform's name for the account as a channel name: cut to fit, and the account
/// id when the platform gave nothing usable.
fn name_from_platform(
    raw: &str,
    account_id: &PlatformAccountId,
) -> Result<ChannelName, ChannelError> {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .chars()
        .take(CHANNEL_NAME_MAX)
        .collect();
    ChannelName::parse(&cleaned)
        .or_else(|_| {
            let id: String = account_id.as_str().chars().take(CHANNEL_NAME_MAX).collect();
            ChannelName::parse(&id)
        })
        .map_err(|e| ChannelError::Unexpected(e.to_string()))
}
