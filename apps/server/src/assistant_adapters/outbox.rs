//! The assistant's replies go out through the conversation's channel.

use async_trait::async_trait;
use channels::{ChannelsService, MessageId, OutboundContent, QueueError, Sender};
use conversation::conversations::Conversation;
use conversation::ports::{LookupError, QueuedReply, ReplyOutbox};

pub struct ChannelReplyOutbox {
    channels: ChannelsService,
}

impl ChannelReplyOutbox {
    pub fn new(channels: ChannelsService) -> Self {
        Self { channels }
    }
}

#[async_trait]
impl ReplyOutbox for ChannelReplyOutbox {
    async fn queue(
        &self,
        conversation: &Conversation,
        key: &str,
        text: &str,
    ) -> Result<QueuedReply, LookupError> {
        let (message_id, new) = self
            .channels
            .queue_message(
                conversation.workspace_id,
                conversation.channel_id,
                conversation.contact_id,
                Sender::Assistant,
                key,
                OutboundContent::text(text),
            )
            .await
            .map_err(|e: QueueError| LookupError(e.to_string()))?;
        Ok(QueuedReply { message_id, new })
    }

    async fn typing(&self, conversation: &Conversation, replying_to: MessageId) {
        self.channels
            .show_typing(
                conversation.workspace_id,
                conversation.channel_id,
                conversation.contact_id,
                replying_to,
            )
            .await;
    }
}
