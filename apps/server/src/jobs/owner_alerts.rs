//! Tells a workspace's owner by email that a channel stopped working, through the same
//! mailer as every other account email.

use std::sync::Arc;

use async_trait::async_trait;
use channels::Channel;
use channels::ports::ChannelAlerts;
use identity::Role;
use identity::ports::MemberRepository;
use kernel::{Mailer, OutgoingEmail, PageRequest};

pub struct OwnerEmailAlerts {
    members: Arc<dyn MemberRepository>,
    mailer: Arc<dyn Mailer>,
    public_url: String,
}

impl OwnerEmailAlerts {
    pub fn new(
        members: Arc<dyn MemberRepository>,
        mailer: Arc<dyn Mailer>,
        public_url: String,
    ) -> Self {
        Self {
            members,
            mailer,
            public_url,
        }
    }
}

#[async_trait]
impl ChannelAlerts for OwnerEmailAlerts {
    #[tracing::instrument(skip_all, fields(channel_id = %channel.id))]
    async fn reconnect_required(&self, channel: &Channel) {
        // The owner joined first and lists oldest first, so the first page holds them.
        let page = match PageRequest::new(1, 100) {
            Ok(page) => page,
            Err(error) => {
                tracing::error!(%error, "cannot build the member page");
                return;
            }
        };
        let owner = match self.members.list(channel.workspace_id, page).await {
            Ok(members) => members
                .items
                .into_iter()
                .find(|m| m.member.role == Role::Owner),
            Err(error) => {
                tracing::error!(%error, "cannot find the owner to alert");
                return;
            }
        };
        let Some(owner) = owner else {
            tracing::warn!("the workspace has no owner to alert");
            return;
        };
        let email = OutgoingEmail {
            to: owner.email,
            subject: format!(
                "Reconnect your {} channel \"{}\"",
                channel.platform, channel.display_name
            ),
            text: format!(
                "{platform} refused the access token of your channel \"{name}\" ({account}), \
                 so ChatDesk cannot send messages on it. Customers' messages are still \
                 received and kept.\n\nReconnect it in ChatDesk: {url}/channels/{id}\n",
                platform = channel.platform,
                name = channel.display_name,
                account = channel.account_id,
                url = self.public_url,
                id = channel.id,
            ),
            html: None,
        };
        if let Err(error) = self.mailer.send(email).await {
            tracing::error!(%error, "cannot email the owner about the channel");
        }
    }
}
