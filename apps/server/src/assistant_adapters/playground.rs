//! `ChannelGateway` for the playground: the test customer is the operator's own
//! browser, which reads the reply from the playground response and the inbox; nothing
//! leaves ChatDesk.

use async_trait::async_trait;
use channels::ports::{ChannelGateway, Recipient, SendReceipt};
use channels::{ContactProfile, OutboundMessage, PlatformMessageId, SendFailure, SendMode};

pub struct PlaygroundGateway;

#[async_trait]
impl ChannelGateway for PlaygroundGateway {
    async fn send(
        &self,
        _to: &Recipient,
        _message: &OutboundMessage,
        _mode: SendMode,
    ) -> Result<SendReceipt, SendFailure> {
        let id = PlatformMessageId::parse(&format!("pg.out.{}", uuid::Uuid::now_v7().simple()))
            .map_err(|e| SendFailure::Permanent {
                reason: channels::FailureReason::new(e.to_string()),
            })?;
        Ok(SendReceipt {
            platform_message_id: Some(id),
        })
    }

    async fn mark_seen(
        &self,
        _to: &Recipient,
        _last: &PlatformMessageId,
    ) -> Result<(), SendFailure> {
        Ok(())
    }

    async fn typing(
        &self,
        _to: &Recipient,
        _replying_to: &PlatformMessageId,
        _on: bool,
    ) -> Result<(), SendFailure> {
        Ok(())
    }

    async fn fetch_profile(&self, _of: &Recipient) -> Result<ContactProfile, SendFailure> {
        Ok(ContactProfile::default())
    }
}
