//! WhatsApp deliveries: the notification's short text, sent to the member's own number
//! from the workspace's connected WhatsApp channel, through the same gateway that
//! answers customers (the Cloud API's `POST /{phone_number_id}/messages`).
//!
//! A free-form text reaches the member only inside WhatsApp's 24-hour window, i.e. when
//! the member wrote to the business number in the last day (sellers usually do, while
//! testing or following orders). Outside it the Cloud API refuses (131047) and the
//! delivery fails permanently with that reason. Reaching members at any time needs an
//! approved message template; a configurable template name can be added here later,
//! sent with `OutboundContent::Template`, once a template exists to test against.

use std::sync::Arc;

use async_trait::async_trait;
use channels::ports::{ChannelGateway, ChannelRepository, Recipient, SecretCipher};
use channels::{
    Channel, IdempotencyKey, OutboundContent, OutboundMessage, Platform, PlatformLimits,
    PlatformUserId, SendFailure, SendMode, TextLimit,
};
use kernel::Clock;
use notifications::ports::{Notifier, NotifierError};
use notifications::{Delivery, Medium};

/// What the notifier reads and calls: the workspace's channels (with their sealed
/// tokens and the cipher that opens them) and the WhatsApp gateway.
pub struct WhatsAppNotifier {
    channels: Arc<dyn ChannelRepository>,
    cipher: Arc<dyn SecretCipher>,
    gateway: Arc<dyn ChannelGateway>,
    clock: Arc<dyn Clock>,
}

impl WhatsAppNotifier {
    pub fn new(
        channels: Arc<dyn ChannelRepository>,
        cipher: Arc<dyn SecretCipher>,
        gateway: Arc<dyn ChannelGateway>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            channels,
            cipher,
            gateway,
            clock,
        }
    }

    /// The workspace's WhatsApp channel that can send now, the oldest first (the number
    /// the team connected first is the one members know).
    async fn sending_channel(&self, delivery: &Delivery) -> Result<Channel, NotifierError> {
        let channels = self
            .channels
            .list(delivery.workspace_id)
            .await
            .map_err(|e| NotifierError::Transient(format!("reading the channels: {e}")))?;
        let whatsapp: Vec<Channel> = channels
            .into_iter()
            .filter(|c| c.platform == Platform::WhatsApp)
            .collect();
        let now = self.clock.now();
        let mut refusal = None;
        for channel in whatsapp {
            match channel.check_can_send(now) {
                Ok(()) => return Ok(channel),
                Err(unavailable) => {
                    refusal.get_or_insert(format!(
                        "the WhatsApp channel {} cannot send: {unavailable}",
                        channel.display_name
                    ));
                }
            }
        }
        Err(NotifierError::Permanent(refusal.unwrap_or_else(|| {
            "the workspace has no WhatsApp channel to send notifications from; connect one \
             under Channels"
                .to_owned()
        })))
    }
}

/// The text WhatsApp will take: the template's short form (the full text when a
/// template has none), cut to the Cloud API's body limit.
fn whatsapp_text(delivery: &Delivery) -> String {
    let text = match delivery.message.short.trim() {
        "" => delivery.message.text.trim(),
        short => short,
    };
    let max = match PlatformLimits::of(Platform::WhatsApp).text {
        TextLimit::Chars(max) | TextLimit::Bytes(max) => max,
    };
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

fn notifier_error(failure: SendFailure) -> NotifierError {
    match failure {
        SendFailure::Transient { .. } => NotifierError::Transient(failure.to_string()),
        SendFailure::OutsideWindow { .. } => NotifierError::Permanent(format!(
            "{failure} (a text reaches the member only within 24 hours of their last \
             message to the business number)"
        )),
        _ => NotifierError::Permanent(failure.to_string()),
    }
}

#[async_trait]
impl Notifier for WhatsAppNotifier {
    fn medium(&self) -> Medium {
        Medium::WhatsApp
    }

    #[tracing::instrument(skip_all, fields(delivery = %delivery.id))]
    async fn send(&self, delivery: &Delivery) -> Result<(), NotifierError> {
        let to = PlatformUserId::parse(&delivery.address)
            .map_err(|e| NotifierError::Permanent(format!("WhatsApp number: {e}")))?;
        let channel = self.sending_channel(delivery).await?;
        let token = channel
            .credentials
            .open(self.cipher.as_ref())
            .map_err(|e| {
                NotifierError::Permanent(format!(
                    "the WhatsApp channel {} must be reconnected: {e}",
                    channel.display_name
                ))
            })?;
        let key = IdempotencyKey::parse(&format!("notification:{}", delivery.id))
            .map_err(|e| NotifierError::Permanent(format!("idempotency key: {e}")))?;
        let message = OutboundMessage::new(
            Platform::WhatsApp,
            key,
            OutboundContent::text(&whatsapp_text(delivery)),
        )
        .map_err(|e| NotifierError::Permanent(e.to_string()))?;
        let recipient = Recipient {
            platform: Platform::WhatsApp,
            account_id: channel.account_id.clone(),
            user_id: to,
            access_token: token,
        };
        // WhatsApp has no message tags: the mode only matters to Messenger.
        self.gateway
            .send(&recipient, &message, SendMode::Response)
            .await
            .map_err(notifier_error)?;
        tracing::info!(channel = %channel.id, "WhatsApp notification sent");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use channels::FailureReason;
    use chrono::Utc;
    use kernel::WorkspaceId;
    use notifications::templates::Message;
    use notifications::{DeliveryId, MemberId, NotificationId, NotificationKind};

    use super::*;

    fn delivery(short: &str, text: &str) -> Delivery {
        Delivery {
            id: DeliveryId::new(),
            workspace_id: WorkspaceId::new(),
            notification_id: NotificationId::new(),
            member_id: MemberId::new(),
            medium: Medium::WhatsApp,
            address: "+34600111222".to_owned(),
            message: Message {
                kind: NotificationKind::OrderCaptured,
                subject: "New order".to_owned(),
                text: text.to_owned(),
                html: String::new(),
                short: short.to_owned(),
                link: None,
                subject_id: None,
            },
            send_at: Utc::now(),
            sent_at: None,
            attempts: 0,
            last_error: None,
        }
    }

    #[test]
    fn the_short_text_goes_and_the_full_text_stands_in_for_a_missing_one() {
        assert_eq!(
            whatsapp_text(&delivery("New order #7!", "long")),
            "New order #7!"
        );
        assert_eq!(
            whatsapp_text(&delivery("  ", " the full text\n")),
            "the full text"
        );
    }

    #[test]
    fn a_text_over_the_limit_is_cut_to_4096_characters() {
        let long = "ñ".repeat(5_000);
        let text = whatsapp_text(&delivery(&long, ""));
        assert_eq!(text.chars().count(), 4_096);
        assert!(text.ends_with('…'));
        let exact = "a".repeat(4_096);
        assert_eq!(whatsapp_text(&delivery(&exact, "")), exact);
    }

    #[test]
    fn only_transient_gateway_failures_are_retried() {
        let reason = || FailureReason::new("x");
        assert!(matches!(
            notifier_error(SendFailure::Transient { reason: reason() }),
            NotifierError::Transient(_)
        ));
        for failure in [
            SendFailure::InvalidToken { reason: reason() },
            SendFailure::UserBlocked { reason: reason() },
            SendFailure::Permanent { reason: reason() },
        ] {
            assert!(matches!(
                notifier_error(failure),
                NotifierError::Permanent(_)
            ));
        }
        let outside = notifier_error(SendFailure::OutsideWindow { reason: reason() });
        assert!(matches!(outside, NotifierError::Permanent(e) if e.contains("24 hours")));
    }
}
