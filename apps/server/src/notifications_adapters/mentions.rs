//! The notes' `MentionNotifier` port as a notification: a member mentioned in a note
//! gets a high-priority feed entry and email ("Ana mentioned you in a conversation with
//! Linh"), with their preferences and quiet hours.

use async_trait::async_trait;
use conversation::notes::ports::{Mention, MentionError, MentionNotifier};
use notifications::MemberId;
use notifications::service::NotificationService;
use notifications::templates::{self, Mentioned};

pub struct NotificationMentions {
    notifications: NotificationService,
}

impl NotificationMentions {
    pub fn new(notifications: NotificationService) -> Self {
        Self { notifications }
    }
}

#[async_trait]
impl MentionNotifier for NotificationMentions {
    #[tracing::instrument(skip_all, fields(conversation_id = %mention.conversation_id))]
    async fn mentioned(&self, mention: &Mention) -> Result<(), MentionError> {
        let message = templates::mentioned(
            &Mentioned {
                conversation_id: mention.conversation_id.as_uuid(),
                author_name: mention.author_name.clone(),
                customer_name: mention.customer_name.clone(),
                note: mention.note.clone(),
            },
            self.notifications.links(),
        );
        self.notifications
            .raise_to(
                mention.workspace_id,
                MemberId::from_uuid(mention.member_id),
                message,
            )
            .await
            .map(|_| ())
            .map_err(|e| MentionError(e.to_string()))
    }
}
