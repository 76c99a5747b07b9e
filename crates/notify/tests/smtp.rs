//! `SmtpMailer` against a tiny SMTP server on 127.0.0.1 that speaks just enough of
//! RFC 5321 (greeting, EHLO, MAIL, RCPT, DATA, QUIT) and keeps what it was told: the
//! envelope and message arrive as sent, a 5xx to RCPT is a permanent refusal, a 4xx and
//! a refused connection are worth retrying.

// Test helpers outside #[test] functions panic on purpose: a broken fixture should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kernel::{Email, MailError, Mailer, OutgoingEmail};
use notify::{SmtpConfig, SmtpMailer, SmtpTls};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the server received, one entry per command or message.
#[derive(Debug, Default, Clone)]
struct Received {
    mail_from: Vec<String>,
    rcpt_to: Vec<String>,
    messages: Vec<String>,
}

/// A server that answers every RCPT with `rcpt_reply` (`"250 OK"`, `"550 ..."`).
async fn smtp_server(rcpt_reply: &'static str) -> (u16, Arc<Mutex<Received>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Received::default()));
    let record = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(session(stream, rcpt_reply, record.clone()));
        }
    });
    (port, received)
}

async fn session(stream: TcpStream, rcpt_reply: &'static str, received: Arc<Mutex<Received>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut reply = async |text: &str| {
        write
            .write_all(format!("{text}\r\n").as_bytes())
            .await
            .unwrap();
    };
    reply("220 smtp.test ESMTP ready").await;
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            reply("250 smtp.test").await;
        } else if let Some(from) = line.strip_prefix("MAIL FROM:") {
            received.lock().unwrap().mail_from.push(from.to_owned());
            reply("250 OK").await;
        } else if let Some(to) = line.strip_prefix("RCPT TO:") {
            received.lock().unwrap().rcpt_to.push(to.to_owned());
            reply(rcpt_reply).await;
        } else if upper == "DATA" {
            reply("354 end with <CRLF>.<CRLF>").await;
            let mut message = String::new();
            while let Ok(Some(data)) = lines.next_line().await {
                if data == "." {
                    break;
                }
                // Undo dot-stuffing (RFC 5321 4.5.2).
                message.push_str(data.strip_prefix('.').unwrap_or(&data));
                message.push_str("\r\n");
            }
            received.lock().unwrap().messages.push(message);
            reply("250 queued as 1").await;
        } else if upper == "QUIT" {
            reply("221 bye").await;
            return;
        } else if upper == "RSET" || upper == "NOOP" {
            reply("250 OK").await;
        } else {
            reply("502 command not implemented").await;
        }
    }
}

fn mailer(port: u16) -> SmtpMailer {
    SmtpMailer::new(
        SmtpConfig {
            host: "127.0.0.1".to_owned(),
            port,
            tls: SmtpTls::None,
            username: String::new(),
            password: String::new(),
            timeout: Duration::from_secs(10),
        },
        "ChatDesk <no-reply@chatdesk.test>",
    )
    .unwrap()
}

fn email() -> OutgoingEmail {
    OutgoingEmail {
        to: Email::parse("ada@example.com").unwrap(),
        subject: "New order captured: #1042".to_owned(),
        text: "Rose Serum x 2\nTotal: 25.00 EUR\n".to_owned(),
        html: Some("<p>Rose Serum x 2</p><p>Total: 25.00 EUR</p>".to_owned()),
    }
}

#[tokio::test]
async fn the_envelope_and_both_parts_reach_the_relay() {
    let (port, received) = smtp_server("250 OK").await;

    mailer(port).send(email()).await.unwrap();

    let received = received.lock().unwrap().clone();
    assert_eq!(received.mail_from, ["<no-reply@chatdesk.test>"]);
    assert_eq!(received.rcpt_to, ["<ada@example.com>"]);
    assert_eq!(received.messages.len(), 1);
    let message = &received.messages[0];
    for expected in [
        "From: ChatDesk <no-reply@chatdesk.test>\r\n",
        "To: ada@example.com\r\n",
        "Subject: New order captured: #1042\r\n",
        "Content-Type: multipart/alternative;",
        "Content-Type: text/plain; charset=utf-8",
        "Rose Serum x 2\r\nTotal: 25.00 EUR",
        "Content-Type: text/html; charset=utf-8",
        "<p>Rose Serum x 2</p><p>Total: 25.00 EUR</p>",
    ] {
        assert!(
            message.contains(expected),
            "{expected:?} missing from {message}"
        );
    }
    let plain = message.find("Content-Type: text/plain").unwrap();
    let html = message.find("Content-Type: text/html").unwrap();
    assert!(plain < html, "HTML must be the last alternative: {message}");
}

#[tokio::test]
async fn a_5xx_to_the_recipient_is_a_permanent_refusal() {
    let (port, received) = smtp_server("550 5.1.1 no such mailbox").await;

    let error = mailer(port).send(email()).await.unwrap_err();

    assert!(matches!(error, MailError::Rejected(_)), "{error:?}");
    assert!(error.is_permanent());
    assert!(error.to_string().contains("no such mailbox"), "{error}");
    assert!(received.lock().unwrap().messages.is_empty());
}

#[tokio::test]
async fn a_4xx_to_the_recipient_is_worth_retrying() {
    let (port, received) = smtp_server("451 4.3.0 try again later").await;

    let error = mailer(port).send(email()).await.unwrap_err();

    assert!(matches!(error, MailError::Unavailable(_)), "{error:?}");
    assert!(!error.is_permanent());
    assert!(received.lock().unwrap().messages.is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_worth_retrying() {
    // A port that was just free: nothing listens on it any more.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap().port()
    };

    let error = mailer(port).send(email()).await.unwrap_err();

    assert!(matches!(error, MailError::Unavailable(_)), "{error:?}");
    assert!(!error.is_permanent());
}

#[test]
fn a_relay_needs_a_host_and_a_valid_sender() {
    let config = SmtpConfig {
        host: " ".to_owned(),
        port: 25,
        tls: SmtpTls::StartTls,
        username: "user".to_owned(),
        password: "secret".to_owned(),
        timeout: Duration::from_secs(10),
    };
    assert!(matches!(
        SmtpMailer::new(config.clone(), "no-reply@chatdesk.test"),
        Err(notify::SmtpSetupError::MissingHost)
    ));
    let config = SmtpConfig {
        host: "smtp.example.com".to_owned(),
        ..config
    };
    assert!(matches!(
        SmtpMailer::new(config.clone(), "not an address"),
        Err(notify::SmtpSetupError::InvalidFrom(_))
    ));
    // TLS is prepared offline (webpki roots), so both secure modes build.
    assert!(SmtpMailer::new(config.clone(), "no-reply@chatdesk.test").is_ok());
    let smtps = SmtpConfig {
        tls: SmtpTls::Tls,
        port: 465,
        ..config
    };
    let mailer = SmtpMailer::new(smtps.clone(), "no-reply@chatdesk.test").unwrap();
    assert!(!format!("{smtps:?}{mailer:?}").contains("secret"));
}
