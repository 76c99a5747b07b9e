//! What the channels contract cases run against, and channel values built through the
//! domain's constructors.

use std::sync::OnceLock;

use channels::ports::PendingInbound;
use channels::{
    Channel, ChannelName, ContactId, ContactProfile, ContactUpsert, Credentials, DisplayName,
    IdempotencyKey, InboundEvent, InboundEventKind, InboundMessage, InboundRecord, MessageId,
    MessageRecord, OutboundContent, OutboundMessage, PROCESS_INBOUND_JOB, Platform,
    PlatformAccountId, PlatformMessageId, PlatformUserId, SEND_MESSAGE_JOB, Sender,
    inbound_job_payload, send_job_payload,
};
use chatdesk_tests::db::TestDatabase;
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use kernel::{Job, JobQueue, NewJob, WorkspaceId};
use store::{ChannelRepositories, IdentityRepositories, SeaOrmJobQueue};

use super::fixtures::{now, sign_up};

/// A migrated database with every adapter over it: the channel adapters, the identity
/// adapters that create workspaces, and the job queue that proves which jobs were
/// written.
pub struct Stores {
    pub identity: IdentityRepositories,
    pub channels: ChannelRepositories,
    pub jobs: SeaOrmJobQueue,
}

impl Stores {
    pub async fn open(database: &TestDatabase) -> Stores {
        let db = database.connect().await;
        Stores {
            identity: IdentityRepositories::sea_orm(db.clone()),
            channels: ChannelRepositories::sea_orm(db.clone()),
            jobs: SeaOrmJobQueue::new(db),
        }
    }

    /// A new workspace, owned by a new user.
    pub async fn workspace(&self, label: &str) -> WorkspaceId {
        sign_up(&self.identity, &format!("{label}@example.com"))
            .await
            .workspace
            .id
    }

    /// A connected channel of `workspace_id`, stored.
    pub async fn channel(
        &self,
        workspace_id: WorkspaceId,
        platform: Platform,
        account: &str,
    ) -> Channel {
        let channel = channel(workspace_id, platform, account, 0);
        self.channels.channels.create(&channel).await.unwrap();
        channel
    }

    /// A contact of `workspace_id` on `platform`, stored.
    pub async fn contact(
        &self,
        workspace_id: WorkspaceId,
        platform: Platform,
        user: &str,
    ) -> ContactId {
        self.channels
            .contacts
            .upsert(&upsert(workspace_id, platform, user, None), now())
            .await
            .unwrap()
            .id
    }

    /// Claims every queued job of `kind` (so each is returned once): what a worker
    /// would find to do.
    pub async fn claim_all(&self, kind: &str) -> Vec<Job> {
        let later = Utc::now() + TimeDelta::minutes(1);
        let lease = later + TimeDelta::minutes(5);
        let mut claimed = Vec::new();
        while let Some(job) = self
            .jobs
            .claim(&[kind.to_owned()], later, lease)
            .await
            .unwrap()
        {
            claimed.push(job);
        }
        claimed
    }

    /// The ids named by the queued processing jobs, sorted.
    pub async fn inbound_jobs(&self) -> Vec<(Option<WorkspaceId>, channels::InboundEventId)> {
        let mut named: Vec<_> = self
            .claim_all(PROCESS_INBOUND_JOB)
            .await
            .into_iter()
            .map(|job| {
                let id = channels::parse_inbound_job_payload(&job.payload).unwrap();
                (job.workspace_id, id)
            })
            .collect();
        named.sort_by_key(|(_, id)| *id);
        named
    }

    /// The message ids named by the queued send jobs, sorted.
    pub async fn send_jobs(&self) -> Vec<MessageId> {
        let mut named: Vec<_> = self
            .claim_all(SEND_MESSAGE_JOB)
            .await
            .into_iter()
            .map(|job| channels::parse_send_job_payload(&job.payload).unwrap())
            .collect();
        named.sort();
        named
    }
}

/// An instant `seconds` from a base fixed for the whole run (the first call's `now()`
/// in whole seconds), so the same `at(n)` is the same instant however often a case
/// calls it.
pub fn at(seconds: i64) -> DateTime<Utc> {
    static BASE: OnceLock<DateTime<Utc>> = OnceLock::new();
    let base = BASE.get_or_init(|| now().duration_trunc(TimeDelta::seconds(1)).unwrap());
    *base + TimeDelta::seconds(seconds)
}

pub fn account(raw: &str) -> PlatformAccountId {
    PlatformAccountId::parse(raw).unwrap()
}

pub fn user_id(raw: &str) -> PlatformUserId {
    PlatformUserId::parse(raw).unwrap()
}

pub fn message_id(raw: &str) -> PlatformMessageId {
    PlatformMessageId::parse(raw).unwrap()
}

pub fn key(raw: &str) -> IdempotencyKey {
    IdempotencyKey::parse(raw).unwrap()
}

/// A channel connected `seconds_from_now`, with a token that expires in 60 days.
pub fn channel(
    workspace_id: WorkspaceId,
    platform: Platform,
    account_id: &str,
    seconds_from_now: i64,
) -> Channel {
    Channel::connect(
        workspace_id,
        platform,
        account(account_id),
        ChannelName::parse(&format!("{platform} {account_id}")).unwrap(),
        Credentials::from_ciphertext(format!("enc:token-of-{account_id}")),
        Some(at(60 * 24 * 3600)),
        at(seconds_from_now),
    )
}

pub fn upsert(
    workspace_id: WorkspaceId,
    platform: Platform,
    user: &str,
    name: Option<&str>,
) -> ContactUpsert {
    ContactUpsert {
        workspace_id,
        platform,
        platform_user_id: user_id(user),
        profile: ContactProfile {
            display_name: name.map(|n| DisplayName::parse(n).unwrap()),
            ..ContactProfile::default()
        },
    }
}

/// An event for `channel`'s account from `user`, at `occurred_at`.
pub fn event(
    channel: &Channel,
    user: &str,
    occurred_at: DateTime<Utc>,
    kind: InboundEventKind,
) -> InboundEvent {
    InboundEvent {
        platform: channel.platform,
        account_id: channel.account_id.clone(),
        user_id: user_id(user),
        occurred_at,
        kind,
    }
}

/// A customer's text message with the platform id `mid`.
pub fn text(channel: &Channel, user: &str, mid: &str, body: &str) -> InboundEvent {
    event(
        channel,
        user,
        now(),
        InboundEventKind::Message(text_message(mid, body)),
    )
}

pub fn text_message(mid: &str, body: &str) -> InboundMessage {
    InboundMessage {
        message_id: Some(message_id(mid)),
        text: Some(body.to_owned()),
        ..InboundMessage::default()
    }
}

/// The event routed to `channel`, with its processing job, as `ingest` builds them.
pub fn pending(channel: &Channel, event: InboundEvent) -> PendingInbound {
    let record = InboundRecord::new(channel.workspace_id, channel.id, event, now());
    let job = NewJob::now(
        PROCESS_INBOUND_JOB,
        Some(channel.workspace_id),
        inbound_job_payload(record.id),
        now(),
    );
    PendingInbound { record, job }
}

/// A customer's message on `channel` from `contact_id`, as processing records it.
pub fn received(
    channel: &Channel,
    contact_id: ContactId,
    message: InboundMessage,
    occurred_at: DateTime<Utc>,
) -> MessageRecord {
    let event = event(
        channel,
        "PSID-1",
        occurred_at,
        InboundEventKind::Message(message.clone()),
    );
    let record = InboundRecord::new(channel.workspace_id, channel.id, event, now());
    MessageRecord::received(&record, contact_id, &message, Some("our-app"), now())
}

/// An echo of a message sent from the business side with the platform id `mid`.
pub fn echo(
    channel: &Channel,
    contact_id: ContactId,
    mid: &str,
    body: &str,
    app: &str,
) -> MessageRecord {
    let message = InboundMessage {
        is_echo: true,
        app_id: Some(app.to_owned()),
        ..text_message(mid, body)
    };
    received(channel, contact_id, message, now())
}

/// Our text reply with `idempotency_key`, pending, created `seconds_from_now`.
pub fn outbound(
    channel: &Channel,
    contact_id: ContactId,
    idempotency_key: &str,
    body: &str,
    seconds_from_now: i64,
) -> MessageRecord {
    let message = OutboundMessage::new(
        channel.platform,
        key(idempotency_key),
        OutboundContent::text(body),
    )
    .unwrap();
    MessageRecord::outbound(
        channel.workspace_id,
        channel.id,
        contact_id,
        Sender::Assistant,
        &message,
        at(seconds_from_now),
    )
}

/// The send job of `message`.
pub fn send_job(message: &MessageRecord) -> NewJob {
    NewJob::now(
        SEND_MESSAGE_JOB,
        Some(message.workspace_id),
        send_job_payload(message.id),
        now(),
    )
}
