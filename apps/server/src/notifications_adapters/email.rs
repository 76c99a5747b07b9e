//! Email deliveries through the kernel's `Mailer` (the `.eml` file outbox by default).

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
            // The mailer does not tell a full disk from a refused address; retrying is
            // the safe guess, bounded by the delivery's attempts.
            .map_err(|e| NotifierError::Transient(e.to_string()))
    }
}
