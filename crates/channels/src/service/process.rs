use super::{ChannelsService, JobError, ReplyOutcome};
use crate::models::*;
use crate::ports::{ContactRepository, Insertion, Recipient};

/// What processing one stored event found, for the conversation layer to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Processed {
    /// A new message from the customer: the one thing that may deserve a reply.
    CustomerMessage {
        channel_id: ChannelId,
        contact_id: ContactId,
        message_id: MessageId,
        blocked: bool,
        /// What the `Responder` made of it.
        reply: ReplyOutcome,
    },
    /// An echo, a reaction, a status, or a message already processed: recorded, no reply.
    Recorded,
}

impl ChannelsService {
    /// Runs the processing job of one stored event: finds or creates the contact,
    /// records the message (echoes as outbound), or moves a message's status forward.
    /// Idempotent, as jobs must be: a second run finds everything already done.
    pub async fn process_inbound(
        &self,
        workspace_id: kernel::WorkspaceId,
        id: InboundEventId,
    ) -> Result<Processed, JobError> {
        let now = self.now();
        let record = self
            .ports
            .inbound
            .get(workspace_id, id)
            .await?
            .ok_or(JobError::NotFound("inbound event"))?;
        let event = &record.event;
        let contact = self.contact_for(&record).await?;

        match &event.kind {
            InboundEventKind::Message(message) => {
                let row = MessageRecord::received(
                    &record,
                    contact.id,
                    message,
                    self.settings.meta_app_id.as_deref(),
                    now,
                );
                let inserted = self.ports.messages.record_received(&row).await?;
                if inserted == Insertion::Inserted {
                    self.announce_created(&row).await;
                }
                self.ports
                    .channels
                    .touch_last_message(workspace_id, record.channel_id, event.occurred_at)
                    .await?;
                if message.is_echo {
                    return Ok(Processed::Recorded);
                }
                // A re-run finds the message stored but may have died before replying;
                // the reply is keyed by the event, so asking again never sends twice.
                let reply = self.reply_to(&record, &contact, message).await?;
                match inserted {
                    Insertion::Inserted => Ok(Processed::CustomerMessage {
                        channel_id: record.channel_id,
                        contact_id: contact.id,
                        message_id: row.id,
                        blocked: contact.blocked,
                        reply,
                    }),
                    Insertion::AlreadyExists(_) => Ok(Processed::Recorded),
                }
            }
            InboundEventKind::Status(update) => {
                let failure = update.error.as_ref().map(|error| MessageFailure {
                    code: "delivery_failed".to_owned(),
                    reason: FailureReason::from(error),
                });
                match &update.target {
                    StatusTarget::Message { message_id } => {
                        self.ports
                            .messages
                            .advance_status_by_platform_id(
                                record.channel_id,
                                message_id,
                                update.status,
                                failure.as_ref(),
                                now,
                            )
                            .await?;
                    }
                    StatusTarget::UpTo { watermark } => {
                        self.ports
                            .messages
                            .advance_status_up_to(
                                record.channel_id,
                                contact.id,
                                *watermark,
                                update.status,
                                now,
                            )
                            .await?;
                    }
                }
                Ok(Processed::Recorded)
            }
            // Reactions are kept with the event; nothing else changes.
            InboundEventKind::Reaction(_) => Ok(Processed::Recorded),
        }
    }

    /// The contact an event is about; created on first contact, with the name the
    /// platform sent along (WhatsApp) when there is one.
    async fn contact_for(&self, record: &InboundRecord) -> Result<Contact, JobError> {
        let event = &record.event;
        let contacts: &dyn ContactRepository = self.ports.contacts.as_ref();
        let display_name = match &event.kind {
            InboundEventKind::Message(m) if !m.is_echo => {
                m.sender_name.as_deref().and_then(DisplayName::lenient)
            }
            _ => None,
        };
        if display_name.is_none()
            && let Some(existing) = contacts
                .find_by_platform_user(record.workspace_id, event.platform, &event.user_id)
                .await?
        {
            return Ok(existing);
        }
        let mut profile = ContactProfile {
            display_name,
            ..ContactProfile::default()
        };
        // A first contact on Messenger or Instagram arrives with no name: ask the
        // platform once, so the inbox shows a person rather than a number.
        let first_message = matches!(&event.kind, InboundEventKind::Message(_));
        if profile.display_name.is_none()
            && first_message
            && event.platform.is_messenger_family()
            && let Some(fetched) = self.fetch_profile(record).await
        {
            profile = fetched;
        }
        let upsert = ContactUpsert {
            workspace_id: record.workspace_id,
            platform: event.platform,
            platform_user_id: event.user_id.clone(),
            profile,
        };
        Ok(contacts.upsert(&upsert, self.now()).await?)
    }

    /// The person's profile from the platform; `None` when it cannot be had (no
    /// gateway, a token that does not open, the platform says no). Best effort: a
    /// missing name never stops a message from being recorded.
    async fn fetch_profile(&self, record: &InboundRecord) -> Option<ContactProfile> {
        let event = &record.event;
        let gateway = self.ports.gateways.get(event.platform)?;
        let channel = self
            .ports
            .channels
            .get(record.workspace_id, record.channel_id)
            .await
            .ok()??;
        let access_token = channel.access_token(self.ports.cipher.as_ref()).ok()?;
        let recipient = Recipient {
            platform: channel.platform,
            account_id: channel.account_id,
            user_id: event.user_id.clone(),
            access_token,
        };
        gateway.fetch_profile(&recipient).await.ok()
    }
}
