//! The website widget's public side. A visitor's message goes through `ingest` like a
//! webhook event (keyed by the widget's client message id), so a retried POST is stored
//! once and processed, and answered, exactly like a Messenger message.

use kernel::{Page, PageRequest};

use super::{ChannelsService, WidgetError};
use crate::models::*;

/// A live widget, opened for one request after its origin check.
#[derive(Debug, Clone)]
pub struct Widget {
    pub channel: Channel,
    pub config: WidgetConfig,
}

/// What sending a visitor's message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetSent {
    pub message_id: PlatformMessageId,
    /// The same client message id was sent before: nothing new was stored.
    pub duplicate: bool,
}

impl ChannelsService {
    /// The widget with this public key, if it is live and `origin` may use it.
    pub async fn open_widget(
        &self,
        public_key: &str,
        origin: Option<&str>,
    ) -> Result<Widget, WidgetError> {
        let key = PlatformAccountId::parse(public_key).map_err(|_| WidgetError::NotFound)?;
        let channel = self
            .ports
            .channels
            .find_by_account(Platform::Web, &key)
            .await?
            .filter(|c| c.status.receives())
            .ok_or(WidgetError::NotFound)?;
        let config = WidgetConfig::open(&channel.credentials, self.ports.cipher.as_ref())
            .map_err(|e| WidgetError::Unexpected(e.to_string()))?;
        config.check_origin(origin)?;
        Ok(Widget { channel, config })
    }

    /// Stores a visitor's message and queues its processing.
    pub async fn widget_message(
        &self,
        widget: &Widget,
        visitor: &VisitorId,
        client_message_id: &ClientMessageId,
        text: &WidgetText,
    ) -> Result<WidgetSent, WidgetError> {
        let message_id = client_message_id.platform_message_id(visitor)?;
        let event = InboundEvent {
            platform: Platform::Web,
            account_id: widget.channel.account_id.clone(),
            user_id: visitor.user_id()?,
            occurred_at: self.now(),
            kind: InboundEventKind::Message(InboundMessage {
                message_id: Some(message_id.clone()),
                text: Some(text.as_str().to_owned()),
                ..InboundMessage::default()
            }),
        };
        let report = self.ingest(vec![event]).await?;
        if !report.unrouted.is_empty() {
            // Disconnected between opening the widget and storing the message.
            return Err(WidgetError::NotFound);
        }
        Ok(WidgetSent {
            message_id,
            duplicate: report.recorded == 0,
        })
    }

    /// The visitor's conversation, newest first; empty before their first message.
    pub async fn widget_history(
        &self,
        widget: &Widget,
        visitor: &VisitorId,
        page: PageRequest,
    ) -> Result<Page<MessageRecord>, WidgetError> {
        let workspace_id = widget.channel.workspace_id;
        let contact = self
            .ports
            .contacts
            .find_by_platform_user(workspace_id, Platform::Web, &visitor.user_id()?)
            .await?;
        let Some(contact) = contact else {
            return Ok(Page::new(Vec::new(), 0, page));
        };
        Ok(self
            .ports
            .messages
            .list_for_contact(workspace_id, contact.id, page)
            .await?)
    }
}
