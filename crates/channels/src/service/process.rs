use super::{ChannelsService, JobError};
use crate::models::*;
use crate::ports::{ContactRepository, Insertion};

/// What processing one stored event found, for the conversation layer to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Processed {
    /// A new message from the customer: the one thing that may deserve a reply.
    CustomerMessage {
        channel_id: ChannelId,
        contact_id: ContactId,
        message_id: MessageId,
        blocked: bool,
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
                self.ports
                    .channels
                    .touch_last_message(workspace_id, record.channel_id, event.occurred_at)
                    .await?;
                match inserted {
                    Insertion::Inserted if !message.is_echo => Ok(Processed::CustomerMessage {
                        channel_id: record.channel_id,
                        contact_id: contact.id,
                        message_id: row.id,
                        blocked: contact.blocked,
                    }),
                    _ => Ok(Processed::Recorded),
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
        let upsert = ContactUpsert {
            workspace_id: record.workspace_id,
            platform: event.platform,
            platform_user_id: event.user_id.clone(),
            profile: ContactProfile {
                display_name,
                ..ContactProfile::default()
            },
        };
        Ok(contacts.upsert(&upsert, self.now()).await?)
    }
}
