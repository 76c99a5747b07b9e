//! `WhatsAppNotifier` through the real Graph adapter (`meta::MetaGraph`) against a local
//! Graph server: the exact Cloud API request (path, Bearer token of the workspace's
//! WhatsApp channel, body with the member's number), which channel sends, and how
//! refusals and outages map to permanent and transient failures.

// Test helpers outside #[test] functions panic on purpose: a broken fixture should stop the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use channels::ports::{ChannelRepository, ChannelRepositoryError, SecretCipher, SecretCipherError};
use channels::{
    Channel, ChannelId, ChannelName, ChannelStatus, Credentials, Platform, PlatformAccountId,
};
use chrono::{DateTime, Utc};
use kernel::{SystemClock, WorkspaceId};
use meta::{MetaGraph, MetaGraphConfig, RateLimits};
use notifications::ports::{Notifier, NotifierError};
use notifications::templates::Message;
use notifications::{Delivery, DeliveryId, Medium, MemberId, NotificationId, NotificationKind};
use notify::WhatsAppNotifier;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PHONE_NUMBER_ID: &str = "106540352242922";
const TOKEN: &str = "EAAJB-system-user-token";
const MEMBER_NUMBER: &str = "+34600111222";
const SHORT: &str =
    "New order #1042!\nRose Serum x 2\nTotal: 25.00 EUR\nhttps://desk.test/orders/1";

/// The workspace's channels, as storage would list them (oldest first).
struct Channels(Mutex<Vec<Channel>>);

#[async_trait]
impl ChannelRepository for Channels {
    async fn create(&self, channel: &Channel) -> Result<(), ChannelRepositoryError> {
        self.0.lock().unwrap().push(channel.clone());
        Ok(())
    }
    async fn update(&self, _: &Channel) -> Result<(), ChannelRepositoryError> {
        unimplemented!("the notifier never changes a channel")
    }
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ChannelId,
    ) -> Result<Option<Channel>, ChannelRepositoryError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .iter()
            .find(|c| c.workspace_id == workspace_id && c.id == id)
            .cloned())
    }
    async fn list(
        &self,
        workspace_id: WorkspaceId,
    ) -> Result<Vec<Channel>, ChannelRepositoryError> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.workspace_id == workspace_id)
            .cloned()
            .collect())
    }
    async fn find_by_account(
        &self,
        _: Platform,
        _: &PlatformAccountId,
    ) -> Result<Option<Channel>, ChannelRepositoryError> {
        unimplemented!("the notifier never routes webhooks")
    }
    async fn set_status(
        &self,
        _: WorkspaceId,
        _: ChannelId,
        _: ChannelStatus,
        _: DateTime<Utc>,
    ) -> Result<(), ChannelRepositoryError> {
        unimplemented!("the notifier never changes a channel")
    }
    async fn touch_last_message(
        &self,
        _: WorkspaceId,
        _: ChannelId,
        _: DateTime<Utc>,
    ) -> Result<(), ChannelRepositoryError> {
        unimplemented!("the notifier never changes a channel")
    }
}

/// Seals as `sealed:<token>`; enough to prove the notifier opens what it reads.
struct PrefixCipher;

impl SecretCipher for PrefixCipher {
    fn encrypt(&self, plaintext: &str) -> Result<String, SecretCipherError> {
        Ok(format!("sealed:{plaintext}"))
    }
    fn decrypt(&self, ciphertext: &str) -> Result<String, SecretCipherError> {
        ciphertext
            .strip_prefix("sealed:")
            .map(str::to_owned)
            .ok_or(SecretCipherError::Undecryptable)
    }
}

struct Fixture {
    server: MockServer,
    workspace_id: WorkspaceId,
    channels: Arc<Channels>,
    notifier: WhatsAppNotifier,
}

async fn fixture() -> Fixture {
    let server = MockServer::start().await;
    let graph = MetaGraph::new(MetaGraphConfig {
        base_url: server.uri(),
        api_version: "v25.0".into(),
        timeout: Duration::from_secs(5),
        rate_limits: RateLimits::default(),
    })
    .unwrap();
    let channels = Arc::new(Channels(Mutex::new(Vec::new())));
    Fixture {
        server,
        workspace_id: WorkspaceId::new(),
        notifier: WhatsAppNotifier::new(
            channels.clone(),
            Arc::new(PrefixCipher),
            Arc::new(graph),
            Arc::new(SystemClock),
        ),
        channels,
    }
}

impl Fixture {
    async fn connect(&self, platform: Platform, account: &str, token: &str) -> Channel {
        let channel = Channel::connect(
            self.workspace_id,
            platform,
            PlatformAccountId::parse(account).unwrap(),
            ChannelName::parse("Glow Beauty").unwrap(),
            Credentials::from_ciphertext(format!("sealed:{token}")),
            None,
            Utc::now(),
        );
        self.channels.create(&channel).await.unwrap();
        channel
    }

    fn delivery(&self) -> Delivery {
        Delivery {
            id: DeliveryId::new(),
            workspace_id: self.workspace_id,
            notification_id: NotificationId::new(),
            member_id: MemberId::new(),
            medium: Medium::WhatsApp,
            address: MEMBER_NUMBER.to_owned(),
            message: Message {
                kind: NotificationKind::OrderCaptured,
                subject: "New order captured: #1042".to_owned(),
                text: "The full email text, longer than WhatsApp needs.".to_owned(),
                html: "<p>The full email</p>".to_owned(),
                short: SHORT.to_owned(),
                link: Some("/orders/1".to_owned()),
                subject_id: None,
            },
            send_at: Utc::now(),
            sent_at: None,
            attempts: 0,
            last_error: None,
        }
    }

    async fn send(&self) -> Result<(), NotifierError> {
        self.notifier.send(&self.delivery()).await
    }
}

/// The Cloud API text message to the member, exactly.
fn text_to_member() -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": MEMBER_NUMBER,
        "type": "text",
        "text": { "preview_url": false, "body": SHORT }
    })
}

fn messages_path(account: &str) -> String {
    format!("/v25.0/{account}/messages")
}

fn graph_error(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": { "message": message, "type": "OAuthException", "code": code, "fbtrace_id": "A1" }
    }))
}

async fn answer(fixture: &Fixture, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(messages_path(PHONE_NUMBER_ID)))
        .respond_with(response)
        .expect(1)
        .mount(&fixture.server)
        .await;
}

#[tokio::test]
async fn the_short_text_goes_to_the_members_number_from_the_workspace_channel() {
    let fixture = fixture().await;
    fixture
        .connect(Platform::Messenger, "998877665544", "EAAG-page-token")
        .await;
    fixture
        .connect(Platform::WhatsApp, PHONE_NUMBER_ID, TOKEN)
        .await;
    Mock::given(method("POST"))
        .and(path(messages_path(PHONE_NUMBER_ID)))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(text_to_member()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "messaging_product": "whatsapp",
            "contacts": [{ "input": MEMBER_NUMBER, "wa_id": "34600111222" }],
            "messages": [{ "id": "wamid.HBgLMzQ2MDAxMTEyMjIVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA" }]
        })))
        .expect(1)
        .mount(&fixture.server)
        .await;

    fixture.send().await.unwrap();

    fixture.server.verify().await;
    assert_eq!(fixture.notifier.medium(), Medium::WhatsApp);
}

#[tokio::test]
async fn a_channel_that_cannot_send_gives_way_to_one_that_can() {
    let fixture = fixture().await;
    let mut stale = fixture
        .connect(Platform::WhatsApp, "111111111111111", "EAAJB-revoked")
        .await;
    stale.status = ChannelStatus::ReconnectRequired;
    *fixture.channels.0.lock().unwrap() = vec![stale];
    fixture
        .connect(Platform::WhatsApp, PHONE_NUMBER_ID, TOKEN)
        .await;
    Mock::given(method("POST"))
        .and(path(messages_path(PHONE_NUMBER_ID)))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(text_to_member()))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"messages": [{"id": "wamid.X"}]})),
        )
        .expect(1)
        .mount(&fixture.server)
        .await;

    fixture.send().await.unwrap();

    fixture.server.verify().await;
}

#[tokio::test]
async fn without_a_whatsapp_channel_the_delivery_fails_for_good_without_a_call() {
    let fixture = fixture().await;
    fixture
        .connect(Platform::Messenger, "998877665544", "EAAG-page-token")
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&fixture.server)
        .await;

    let error = fixture.send().await.unwrap_err();

    assert!(
        matches!(&error, NotifierError::Permanent(e) if e.contains("no WhatsApp channel")),
        "{error:?}"
    );
    fixture.server.verify().await;
}

#[tokio::test]
async fn a_channel_needing_a_reconnect_fails_for_good_and_says_so() {
    let fixture = fixture().await;
    let mut channel = fixture
        .connect(Platform::WhatsApp, PHONE_NUMBER_ID, TOKEN)
        .await;
    channel.status = ChannelStatus::ReconnectRequired;
    *fixture.channels.0.lock().unwrap() = vec![channel];

    let error = fixture.send().await.unwrap_err();

    assert!(
        matches!(&error, NotifierError::Permanent(e) if e.contains("reconnected")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_refused_request_is_permanent() {
    let fixture = fixture().await;
    fixture
        .connect(Platform::WhatsApp, PHONE_NUMBER_ID, TOKEN)
        .await;
    answer(&fixture, graph_error(400, 100, "Invalid parameter")).await;

    let error = fixture.send().await.unwrap_err();

    assert!(
        matches!(&error, NotifierError::Permanent(e) if e.contains("Invalid parameter")),
        "{error:?}"
    );
}

#[tokio::test]
async fn outside_the_24_hour_window_is_permanent_and_explained() {
    let fixture = fixture().await;
    fixture
        .connect(Platform::WhatsApp, PHONE_NUMBER_ID, TOKEN)
        .await;
    answer(&fixture, graph_error(400, 131047, "Re-engagement message")).await;

    let error = fixture.send().await.unwrap_err();

    assert!(
        matches!(&error, NotifierError::Permanent(e) if e.contains("24 hours")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_server_error_is_transient() {
    let fixture = fixture().await;
    fixture
        .connect(Platform::WhatsApp, PHONE_NUMBER_ID, TOKEN)
        .await;
    answer(&fixture, ResponseTemplate::new(503)).await;

    let error = fixture.send().await.unwrap_err();

    assert!(matches!(error, NotifierError::Transient(_)), "{error:?}");
}

#[tokio::test]
async fn a_rate_limit_is_transient() {
    let fixture = fixture().await;
    fixture
        .connect(Platform::WhatsApp, PHONE_NUMBER_ID, TOKEN)
        .await;
    answer(&fixture, graph_error(400, 130429, "Rate limit hit")).await;

    let error = fixture.send().await.unwrap_err();

    assert!(matches!(error, NotifierError::Transient(_)), "{error:?}");
}
