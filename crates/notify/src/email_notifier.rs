//! Email deliveries through the kernel's `Mailer` (the `.eml` file outbox by default,
//! an SMTP relay when configured).

use std::sync::Arc;

use async_trait::async_trait;
use kernel::{Email, Mailer, OutgoingEmail};
use notifications::ports::{Notifier, NotifierError};
use notifications::{Delivery, Medium};

pub struct EmailNotifier {
    mailer: Arc<dyn Mailer>,
}

impl EmailNotifier {
    pub fn new(mailer: Arc<dyn Mailer>) -> Self {
        Self { mailer }
    }
}

#[async_trait]
impl Notifier for EmailNotifier {
    fn medium(&self) -> Medium {
        Medium::Email
    }

    #[tracing::instrument(skip_all, fields(delivery = %delivery.id))]
    async fn send(&self, delivery: &Delivery) -> Result<(), NotifierError> {
        let to = Email::parse(&delivery.address)
            .map_err(|e| NotifierError::Permanent(format!("recipient address: {e}")))?;
        self.mailer
            .send(OutgoingEmail {
                to,
                subject: delivery.message.subject.clone(),
                text: delivery.message.text.clone(),
                html: Some(delivery.message.html.clone()),
            })
            .await
            // Only a refusal (an SMTP 5xx) is final; anything else, even a failure we
            // cannot explain, is worth the delivery's bounded retries.
            .map_err(|e| {
                if e.is_permanent() {
                    NotifierError::Permanent(e.to_string())
                } else {
                    NotifierError::Transient(e.to_string())
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use chrono::Utc;
    use kernel::{MailError, WorkspaceId};
    use notifications::templates::Message;
    use notifications::{DeliveryId, MemberId, NotificationId, NotificationKind};

    use super::*;

    /// Answers with the error it was given, and keeps what it was asked to send.
    struct FailingMailer {
        sent: Mutex<Vec<OutgoingEmail>>,
        answer: fn() -> Result<(), MailError>,
    }

    #[async_trait]
    impl Mailer for FailingMailer {
        async fn send(&self, email: OutgoingEmail) -> Result<(), MailError> {
            self.sent.lock().unwrap().push(email);
            (self.answer)()
        }
    }

    fn delivery(address: &str) -> Delivery {
        let message = Message {
            kind: NotificationKind::OrderCaptured,
            subject: "New order captured: #1042".to_owned(),
            text: "Rose Serum x 2\nTotal: 25.00 EUR".to_owned(),
            html: "<p>Rose Serum x 2</p>".to_owned(),
            short: "New order #1042!".to_owned(),
            link: Some("/orders/1".to_owned()),
            subject_id: None,
        };
        Delivery {
            id: DeliveryId::new(),
            workspace_id: WorkspaceId::new(),
            notification_id: NotificationId::new(),
            member_id: MemberId::new(),
            medium: Medium::Email,
            address: address.to_owned(),
            message,
            send_at: Utc::now(),
            sent_at: None,
            attempts: 0,
            last_error: None,
        }
    }

    async fn send_with(
        answer: fn() -> Result<(), MailError>,
    ) -> (Result<(), NotifierError>, Vec<OutgoingEmail>) {
        let mailer = Arc::new(FailingMailer {
            sent: Mutex::new(Vec::new()),
            answer,
        });
        let result = EmailNotifier::new(mailer.clone())
            .send(&delivery("ana@glow.test"))
            .await;
        let sent = mailer.sent.lock().unwrap().clone();
        (result, sent)
    }

    #[tokio::test]
    async fn the_email_carries_the_message_in_text_and_html() {
        let (result, sent) = send_with(|| Ok(())).await;
        result.unwrap();
        assert_eq!(sent.len(), 1);
        let expected = delivery("ana@glow.test").message;
        assert_eq!(sent[0].to.as_str(), "ana@glow.test");
        assert_eq!(sent[0].subject, expected.subject);
        assert_eq!(sent[0].text, expected.text);
        assert_eq!(sent[0].html.as_deref(), Some(expected.html.as_str()));
    }

    #[tokio::test]
    async fn a_refusal_is_permanent_and_anything_else_is_retried() {
        let (refused, _) = send_with(|| Err(MailError::Rejected("550 no such user".into()))).await;
        assert!(matches!(refused, Err(NotifierError::Permanent(e)) if e.contains("550")));
        let (down, _) =
            send_with(|| Err(MailError::Unavailable("connection refused".into()))).await;
        assert!(matches!(down, Err(NotifierError::Transient(_))));
        let (odd, _) = send_with(|| Err(MailError::Unexpected("disk full".into()))).await;
        assert!(matches!(odd, Err(NotifierError::Transient(_))));
    }

    #[tokio::test]
    async fn an_unusable_address_is_permanent_without_calling_the_mailer() {
        let mailer = Arc::new(FailingMailer {
            sent: Mutex::new(Vec::new()),
            answer: || Ok(()),
        });
        let result = EmailNotifier::new(mailer.clone())
            .send(&delivery("not an address"))
            .await;
        assert!(matches!(result, Err(NotifierError::Permanent(_))));
        assert!(mailer.sent.lock().unwrap().is_empty());
    }
}
