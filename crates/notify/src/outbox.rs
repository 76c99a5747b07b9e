use std::path::{Path, PathBuf};

use async_trait::async_trait;
use kernel::{MailError, Mailer, OutgoingEmail};
use lettre::message::header::ContentTransferEncoding;
use lettre::message::{Body, Mailbox};
use lettre::{AsyncFileTransport, AsyncTransport, Tokio1Executor};

use crate::message::compose;

/// Why a [`FileOutboxMailer`] could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("invalid sender address {0:?}")]
    InvalidFrom(String),
    #[error("cannot create the outbox folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes one `.eml` file per email (named by a random UUID) into a folder.
pub struct FileOutboxMailer {
    dir: PathBuf,
    from: Mailbox,
    transport: AsyncFileTransport<Tokio1Executor>,
}

impl FileOutboxMailer {
    /// `from` is a mailbox such as `ChatDesk <no-reply@example.com>`. The folder is
    /// created if missing, so a misconfigured path fails at start-up, not at the first
    /// sign-up.
    pub fn new(dir: impl Into<PathBuf>, from: &str) -> Result<Self, OutboxError> {
        let dir = dir.into();
        let from = from
            .parse::<Mailbox>()
            .map_err(|_| OutboxError::InvalidFrom(from.to_owned()))?;
        std::fs::create_dir_all(&dir).map_err(|source| OutboxError::CreateDir {
            path: dir.clone(),
            source,
        })?;
        Ok(Self {
            transport: AsyncFileTransport::new(&dir),
            dir,
            from,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl std::fmt::Debug for FileOutboxMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileOutboxMailer")
            .field("dir", &self.dir)
            .field("from", &self.from.to_string())
            .finish()
    }
}

/// RFC 5322 caps a line at 998 octets before the CRLF.
const MAX_LINE_OCTETS: usize = 998;

/// People open these files to click verification and reset links. lettre would pick
/// quoted-printable for any line over 76 characters, which turns `?token=` into
/// `?token=3D` and splits long URLs with soft breaks, so bodies are written unencoded
/// (7bit or 8bit) whenever RFC 2045 allows it: CRLF line ends, no NUL, no line over 998
/// octets. Anything else falls back to lettre's own choice.
fn readable(text: String) -> Body {
    let crlf = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n");
    let fits = !crlf.contains('\0') && crlf.split("\r\n").all(|line| line.len() <= MAX_LINE_OCTETS);
    if !fits {
        return Body::new(text);
    }
    let encoding = if crlf.is_ascii() {
        ContentTransferEncoding::SevenBit
    } else {
        ContentTransferEncoding::EightBit
    };
    // Safe despite the name: the checks above are exactly what the encoding requires.
    Body::dangerous_pre_encoded(crlf.into_bytes(), encoding)
}

#[async_trait]
impl Mailer for FileOutboxMailer {
    #[tracing::instrument(skip_all)]
    async fn send(&self, email: OutgoingEmail) -> Result<(), MailError> {
        let message = compose(&self.from, email, readable)?;
        // Someone may have cleared ./data while the server runs; recreating the folder
        // is cheap and saves a confusing "No such file" on the next sign-up.
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|error| MailError::Unexpected(format!("outbox folder: {error}")))?;
        let id =
            self.transport.send(message).await.map_err(|error| {
                MailError::Unexpected(format!("writing to the outbox: {error}"))
            })?;
        let file = self.dir.join(format!("{id}.eml"));
        tracing::info!(file = %file.display(), "email written to the outbox");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel::Email;

    /// Longer than 76 characters, which lettre would otherwise wrap.
    const LINK: &str =
        "https://desk.example.com/verify-email?token=vt_0123456789abcdefghijABCDEFGHIJ0123456789";

    fn email(html: Option<String>) -> OutgoingEmail {
        OutgoingEmail {
            to: Email::parse("ada@example.com").unwrap(),
            subject: "Verify your email".to_owned(),
            text: format!("Hola Ada,\n\nconfirm here: {LINK} ¡gracias!\n"),
            html,
        }
    }

    fn only_eml(dir: &Path) -> String {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(files[0].extension().unwrap(), "eml");
        std::fs::read_to_string(&files[0]).unwrap()
    }

    #[tokio::test]
    async fn a_plain_email_lands_in_the_outbox_readable() {
        let dir = tempfile::tempdir().unwrap();
        let mailer =
            FileOutboxMailer::new(dir.path(), "ChatDesk <no-reply@chatdesk.test>").unwrap();

        mailer.send(email(None)).await.unwrap();

        let eml = only_eml(dir.path());
        assert!(eml.contains("To: ada@example.com\r\n"), "{eml}");
        assert!(
            eml.contains("From: ChatDesk <no-reply@chatdesk.test>\r\n"),
            "{eml}"
        );
        assert!(eml.contains("Subject: Verify your email\r\n"), "{eml}");
        assert!(
            eml.contains("Content-Type: text/plain; charset=utf-8\r\n"),
            "{eml}"
        );
        assert!(eml.contains("Content-Transfer-Encoding: 8bit\r\n"), "{eml}");
        assert!(!eml.contains("multipart"), "{eml}");
        // Verbatim, with CRLF line ends, so the link can be copied straight out of the file.
        assert!(
            eml.ends_with(&format!(
                "\r\n\r\nHola Ada,\r\n\r\nconfirm here: {LINK} ¡gracias!\r\n"
            )),
            "{eml}"
        );
    }

    #[tokio::test]
    async fn an_email_with_html_is_multipart_alternative() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = FileOutboxMailer::new(dir.path(), "no-reply@chatdesk.test").unwrap();
        let html = format!(r#"<p>Hola Ada, <a href="{LINK}">confirm</a></p>"#);

        mailer.send(email(Some(html.clone()))).await.unwrap();

        let eml = only_eml(dir.path());
        assert!(eml.contains("To: ada@example.com\r\n"), "{eml}");
        assert!(eml.contains("Subject: Verify your email\r\n"), "{eml}");
        assert!(
            eml.contains("Content-Type: multipart/alternative;"),
            "{eml}"
        );
        let plain = eml.find("Content-Type: text/plain").unwrap();
        let html_part = eml.find("Content-Type: text/html").unwrap();
        // Clients show the last alternative they can render, so HTML must come last.
        assert!(plain < html_part, "{eml}");
        assert!(
            eml.contains(&format!("confirm here: {LINK} ¡gracias!")),
            "{eml}"
        );
        assert!(eml.contains("Content-Transfer-Encoding: 7bit\r\n"), "{eml}");
        assert!(eml.contains(&html), "{eml}");
    }

    #[tokio::test]
    async fn a_body_too_long_for_8bit_is_still_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = FileOutboxMailer::new(dir.path(), "no-reply@chatdesk.test").unwrap();
        let mut long = email(None);
        long.text = "x".repeat(2_000);

        mailer.send(long).await.unwrap();

        let eml = only_eml(dir.path());
        assert!(!eml.contains("Content-Transfer-Encoding: 8bit"), "{eml}");
        assert!(!eml.contains("Content-Transfer-Encoding: 7bit"), "{eml}");
        assert!(eml.lines().all(|line| line.len() <= MAX_LINE_OCTETS));
    }

    #[test]
    fn bare_line_feeds_become_crlf() {
        let body = readable("one\ntwo\r\nthree\rfour".to_owned());
        assert_eq!(body.encoding(), ContentTransferEncoding::SevenBit);
        assert_eq!(body.into_vec(), b"one\r\ntwo\r\nthree\r\nfour");
    }

    #[tokio::test]
    async fn a_missing_folder_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("data").join("outbox");
        let mailer = FileOutboxMailer::new(&outbox, "no-reply@chatdesk.test").unwrap();
        assert!(outbox.is_dir());

        std::fs::remove_dir_all(&outbox).unwrap();
        mailer.send(email(None)).await.unwrap();
        assert!(only_eml(&outbox).contains("Subject: Verify your email"));
    }

    #[test]
    fn an_invalid_sender_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let result = FileOutboxMailer::new(dir.path(), "not an address");
        assert!(matches!(result, Err(OutboxError::InvalidFrom(from)) if from == "not an address"));
    }
}
