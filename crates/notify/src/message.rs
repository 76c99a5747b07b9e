//! One `OutgoingEmail` as a MIME message, shared by every mailer: a plain-text body, or
//! `multipart/alternative` with the HTML last (clients show the last part they can
//! render).

use kernel::{MailError, OutgoingEmail};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Body, Mailbox, MultiPart};

/// Builds the message; `encode` chooses how each body is transfer-encoded (the file
/// outbox keeps bodies readable, SMTP lets lettre pick what every relay accepts).
pub(crate) fn compose(
    from: &Mailbox,
    email: OutgoingEmail,
    encode: fn(String) -> Body,
) -> Result<Message, MailError> {
    // `Email` was checked when it was made; lettre's parser is stricter about some
    // corner cases, and an address it refuses will never be deliverable.
    let to = email
        .to
        .as_str()
        .parse::<Mailbox>()
        .map_err(|error| MailError::Rejected(format!("recipient address: {error}")))?;
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject);
    let built = match email.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            encode(email.text),
            encode(html),
        )),
        None => builder
            .header(ContentType::TEXT_PLAIN)
            .body(encode(email.text)),
    };
    built.map_err(|error| MailError::Unexpected(format!("building the message: {error}")))
}
