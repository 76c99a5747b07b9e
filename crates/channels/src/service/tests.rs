use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::Duration;
use kernel::{JobFailure, JobId, JobQueue, JobQueueError, ManualClock, NewJob, WorkspaceId};
use mockall::predicate::*;

use super::*;
use crate::models::fixtures::{ReversingCipher, at, page_channel, text_message};
use crate::models::*;

/// Keeps what was enqueued outside a repository transaction (token refreshes).
#[derive(Default)]
pub(super) struct RecordingJobs(pub(super) Mutex<Vec<NewJob>>);

#[async_trait]
impl JobQueue for RecordingJobs {
    async fn enqueue(&self, job: NewJob) -> Result<JobId, JobQueueError> {
        self.0.lock().unwrap().push(job);
        Ok(JobId::new())
    }
    async fn claim(
        &self,
        _: &[String],
        _: chrono::DateTime<chrono::Utc>,
        _: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<kernel::Job>, JobQueueError> {
        Ok(None)
    }
    async fn progress(
        &self,
        _: JobId,
        _: u32,
        _: u8,
        _: &str,
        _: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), JobQueueError> {
        Ok(())
    }
    async fn succeed(
        &self,
        _: JobId,
        _: u32,
        _: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), JobQueueError> {
        Ok(())
    }
    async fn fail(
        &self,
        _: JobId,
        _: u32,
        _: &str,
        _: Option<chrono::DateTime<chrono::Utc>>,
        _: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), JobQueueError> {
        Ok(())
    }
    async fn get(&self, _: JobId) -> Result<Option<kernel::Job>, JobQueueError> {
        Ok(None)
    }
}

/// Keeps the channels alerts were raised for.
#[derive(Default)]
pub(super) struct RecordingAlerts(pub(super) Mutex<Vec<Channel>>);

#[async_trait]
impl ChannelAlerts for RecordingAlerts {
    async fn reconnect_required(&self, channel: &Channel) {
        self.0.lock().unwrap().push(channel.clone());
    }
}

/// Keeps what the service announced.
#[derive(Default)]
pub(super) struct RecordingEvents(pub(super) Mutex<Vec<kernel::DomainEvent>>);

#[async_trait]
impl kernel::EventBus for RecordingEvents {
    async fn publish(&self, event: kernel::DomainEvent) -> Result<(), kernel::EventBusError> {
        self.0.lock().unwrap().push(event);
        Ok(())
    }
}

pub(super) struct Mocks {
    pub(super) channels: MockChannelRepository,
    pub(super) contacts: MockContactRepository,
    pub(super) inbound: MockInboundEventRepository,
    pub(super) messages: MockMessageRepository,
    pub(super) gateway: MockChannelGateway,
    pub(super) accounts: MockPlatformAccounts,
    pub(super) responder: Arc<dyn Responder>,
    pub(super) reply_gate: Arc<dyn ReplyGate>,
    pub(super) jobs: Arc<RecordingJobs>,
    pub(super) alerts: Arc<RecordingAlerts>,
    pub(super) events: Arc<RecordingEvents>,
}

impl Mocks {
    pub(super) fn new() -> Self {
        Self {
            channels: MockChannelRepository::new(),
            contacts: MockContactRepository::new(),
            inbound: MockInboundEventRepository::new(),
            messages: MockMessageRepository::new(),
            gateway: MockChannelGateway::new(),
            accounts: MockPlatformAccounts::new(),
            responder: Arc::new(NoReply),
            reply_gate: Arc::new(AlwaysOpen),
            jobs: Arc::new(RecordingJobs::default()),
            alerts: Arc::new(RecordingAlerts::default()),
            events: Arc::new(RecordingEvents::default()),
        }
    }

    pub(super) fn service(self, now: chrono::DateTime<chrono::Utc>) -> ChannelsService {
        ChannelsService::new(
            ChannelsPorts {
                channels: Arc::new(self.channels),
                contacts: Arc::new(self.contacts),
                inbound: Arc::new(self.inbound),
                messages: Arc::new(self.messages),
                stats: Arc::new(MockChannelStatsQuery::new()),
                gateways: Gateways::new().with(Platform::Messenger, Arc::new(self.gateway)),
                accounts: Arc::new(self.accounts),
                cipher: Arc::new(ReversingCipher),
                jobs: self.jobs,
                responder: self.responder,
                reply_gate: self.reply_gate,
                alerts: self.alerts,
                events: self.events,
                clock: Arc::new(ManualClock::new(now)),
            },
            ChannelsSettings {
                meta_app_id: Some("1517776481860111".into()),
            },
        )
    }
}

fn for_account(mut event: InboundEvent, account: &str) -> InboundEvent {
    event.account_id = PlatformAccountId::parse(account).unwrap();
    event
}

// ----------------------------------------------------------------------------- ingest

#[tokio::test]
async fn ingest_stores_routed_events_with_their_jobs_and_reports_unknown_accounts() {
    let channel = page_channel();
    let (workspace_id, channel_id) = (channel.workspace_id, channel.id);
    let mut mocks = Mocks::new();
    let known = channel.clone();
    mocks
        .channels
        .expect_find_by_account()
        .withf(|platform, account| {
            *platform == Platform::Messenger && account.as_str() == "1234567890"
        })
        .times(1)
        .returning(move |_, _| Ok(Some(known.clone())));
    mocks
        .channels
        .expect_find_by_account()
        .withf(|_, account| account.as_str() == "999")
        .times(1)
        .returning(|_, _| Ok(None));
    mocks
        .inbound
        .expect_record_batch()
        .times(1)
        .withf(move |batch| {
            batch.len() == 2
                && batch.iter().all(|item| {
                    item.record.workspace_id == workspace_id
                        && item.record.channel_id == channel_id
                        && item.job.kind == PROCESS_INBOUND_JOB
                        && item.job.workspace_id == Some(workspace_id)
                        && parse_inbound_job_payload(&item.job.payload) == Some(item.record.id)
                })
                && batch[0].record.dedup_key.as_str() == "msg:mid.1"
                && batch[1].record.dedup_key.as_str() == "msg:mid.2"
        })
        .returning(|_| Ok(vec![Recorded::New, Recorded::Duplicate]));

    let report = mocks
        .service(at(1))
        .ingest(vec![
            for_account(text_message("mid.1", "Hi 👋"), "1234567890"),
            for_account(text_message("mid.1", "Hi 👋"), "1234567890"),
            for_account(text_message("mid.2", "مرحبا"), "1234567890"),
            for_account(text_message("mid.3", "lost?"), "999"),
            for_account(text_message("mid.4", "lost?"), "999"),
        ])
        .await
        .unwrap();

    assert_eq!(report.recorded, 1);
    assert_eq!(
        report.duplicates, 2,
        "one repeated in the POST, one stored before"
    );
    assert_eq!(
        report.unrouted,
        vec![UnroutedAccount {
            platform: Platform::Messenger,
            account_id: PlatformAccountId::parse("999").unwrap(),
            events: 2,
        }]
    );
}

#[tokio::test]
async fn disconnected_channels_receive_nothing_and_storage_failures_surface() {
    let mut channel = page_channel();
    channel.status = ChannelStatus::Disconnected;
    let mut mocks = Mocks::new();
    mocks
        .channels
        .expect_find_by_account()
        .returning(move |_, _| Ok(Some(channel.clone())));
    mocks.inbound.expect_record_batch().times(0);
    let report = mocks
        .service(at(1))
        .ingest(vec![for_account(text_message("mid.1", "hi"), "1234567890")])
        .await
        .unwrap();
    assert_eq!(report.recorded, 0);
    assert_eq!(report.unrouted.len(), 1);

    let mut mocks = Mocks::new();
    let live = page_channel();
    mocks
        .channels
        .expect_find_by_account()
        .returning(move |_, _| Ok(Some(live.clone())));
    mocks
        .inbound
        .expect_record_batch()
        .returning(|_| Err(InboundEventRepositoryError::Unexpected("disk full".into())));
    let error = mocks
        .service(at(1))
        .ingest(vec![for_account(text_message("mid.1", "hi"), "1234567890")])
        .await
        .unwrap_err();
    assert!(matches!(error, IngestError::Unexpected(m) if m.contains("disk full")));
}

// ---------------------------------------------------------------------------- process

pub(super) fn contact_of(channel: &Channel) -> Contact {
    Contact {
        id: ContactId::new(),
        workspace_id: channel.workspace_id,
        platform: channel.platform,
        platform_user_id: PlatformUserId::parse("PSID1").unwrap(),
        display_name: None,
        avatar_url: None,
        locale: None,
        blocked: false,
        consent: Consent::Unknown,
        notes: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub(super) fn stored(channel: &Channel, event: InboundEvent) -> InboundRecord {
    InboundRecord::new(channel.workspace_id, channel.id, event, at(1))
}

#[tokio::test]
async fn a_customer_message_is_recorded_and_handed_on_and_an_echo_is_not() {
    let channel = page_channel();
    let contact = contact_of(&channel);
    let record = stored(&channel, text_message("mid.1", "Do you ship to Hà Nội?"));
    let mut echo_event = text_message("mid.2", "Yes!");
    if let InboundEventKind::Message(m) = &mut echo_event.kind {
        m.is_echo = true;
        m.app_id = Some("1517776481860111".into());
    }
    let echo = stored(&channel, echo_event);

    let mut mocks = Mocks::new();
    let records = [record.clone(), echo.clone()];
    mocks
        .inbound
        .expect_get()
        .returning(move |_, id| Ok(records.iter().find(|r| r.id == id).cloned()));
    let found = contact.clone();
    mocks
        .contacts
        .expect_find_by_platform_user()
        .returning(move |_, _, _| Ok(Some(found.clone())));
    mocks
        .messages
        .expect_record_received()
        .withf(|row| row.direction == Direction::Inbound && row.sender == Sender::Customer)
        .times(1)
        .returning(|_| Ok(Insertion::Inserted));
    mocks
        .messages
        .expect_record_received()
        .withf(|row| row.direction == Direction::Outbound && row.sender == Sender::Assistant)
        .times(1)
        .returning(|_| Ok(Insertion::Inserted));
    mocks
        .channels
        .expect_touch_last_message()
        .times(2)
        .returning(|_, _, _| Ok(()));
    let events = mocks.events.clone();
    let service = mocks.service(at(1));

    let processed = service
        .process_inbound(channel.workspace_id, record.id)
        .await
        .unwrap();
    assert!(matches!(
        processed,
        Processed::CustomerMessage { contact_id, blocked: false, .. } if contact_id == contact.id
    ));
    assert_eq!(
        service
            .process_inbound(channel.workspace_id, echo.id)
            .await
            .unwrap(),
        Processed::Recorded
    );
    assert!(matches!(
        service
            .process_inbound(WorkspaceId::new(), InboundEventId::new())
            .await,
        Err(JobError::NotFound("inbound event"))
    ));
    // Both stored rows were announced, the customer's and the echo.
    let directions: Vec<_> = events
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|event| match event {
            kernel::DomainEvent::MessageCreated {
                workspace_id,
                contact_id,
                direction,
                ..
            } => {
                assert_eq!(*workspace_id, channel.workspace_id);
                assert_eq!(*contact_id, contact.id.as_uuid());
                direction.clone()
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(directions, ["inbound", "outbound"]);
}

#[tokio::test]
async fn a_failed_status_moves_the_message_forward_with_the_platform_error() {
    let channel = page_channel();
    let contact = contact_of(&channel);
    let event = crate::models::fixtures::event(InboundEventKind::Status(StatusUpdate {
        target: StatusTarget::Message {
            message_id: PlatformMessageId::parse("wamid.X").unwrap(),
        },
        status: DeliveryStatus::Failed,
        error: Some(PlatformError {
            code: 131026,
            subcode: None,
            message: "Message undeliverable".into(),
        }),
    }));
    let record = stored(&channel, event);
    let mut mocks = Mocks::new();
    let r = record.clone();
    mocks
        .inbound
        .expect_get()
        .returning(move |_, _| Ok(Some(r.clone())));
    mocks
        .contacts
        .expect_find_by_platform_user()
        .returning(move |_, _, _| Ok(Some(contact.clone())));
    let channel_id = channel.id;
    mocks
        .messages
        .expect_advance_status_by_platform_id()
        .withf(move |channel, mid, status, failure, _| {
            *channel == channel_id
                && mid.as_str() == "wamid.X"
                && *status == DeliveryStatus::Failed
                && failure
                    .is_some_and(|f| f.code == "delivery_failed" && f.reason.code == Some(131026))
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let processed = mocks
        .service(at(1))
        .process_inbound(channel.workspace_id, record.id)
        .await
        .unwrap();
    assert_eq!(processed, Processed::Recorded);
}

// ---------------------------------------------------------------------------- deliver

struct Scenario {
    channel: Channel,
    contact: Contact,
    row: MessageRecord,
}

fn scenario(sender: Sender) -> Scenario {
    let mut channel = page_channel();
    let token = AccessToken::parse("PAGE_TOKEN").unwrap();
    channel.credentials = Credentials::seal(&ReversingCipher, &token).unwrap();
    let contact = contact_of(&channel);
    let message = OutboundMessage::new(
        Platform::Messenger,
        IdempotencyKey::parse("reply:evt-1").unwrap(),
        OutboundContent::text("Yes, we ship to Hà Nội 🚚"),
    )
    .unwrap();
    let row = MessageRecord::outbound(
        channel.workspace_id,
        channel.id,
        contact.id,
        sender,
        &message,
        at(0),
    );
    Scenario {
        channel,
        contact,
        row,
    }
}

/// Mocks that load the scenario's rows; the customer last wrote at `at(0)`.
fn loaded(s: &Scenario) -> Mocks {
    let mut mocks = Mocks::new();
    let (row, channel, contact) = (s.row.clone(), s.channel.clone(), s.contact.clone());
    mocks
        .messages
        .expect_get()
        .returning(move |_, _| Ok(Some(row.clone())));
    mocks
        .channels
        .expect_get()
        .returning(move |_, _| Ok(Some(channel.clone())));
    mocks
        .contacts
        .expect_get()
        .returning(move |_, _| Ok(Some(contact.clone())));
    mocks
        .messages
        .expect_last_inbound_at()
        .returning(|_, _| Ok(Some(at(0))));
    mocks
}

#[tokio::test]
async fn delivery_within_the_window_sends_and_marks_sent() {
    let s = scenario(Sender::Assistant);
    let mut mocks = loaded(&s);
    mocks
        .gateway
        .expect_send()
        .withf(|to, message, mode| {
            to.user_id.as_str() == "PSID1"
                && to.account_id.as_str() == "1234567890"
                && to.access_token.expose() == "PAGE_TOKEN"
                && message.content().preview() == "Yes, we ship to Hà Nội 🚚"
                && *mode == SendMode::Response
        })
        .times(1)
        .returning(|_, _, _| {
            Ok(SendReceipt {
                platform_message_id: Some(PlatformMessageId::parse("m_1").unwrap()),
            })
        });
    let id = s.row.id;
    mocks
        .messages
        .expect_mark_sent()
        .withf(move |_, message, mid, _| *message == id && mid.is_some_and(|m| m.as_str() == "m_1"))
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    mocks
        .channels
        .expect_touch_last_message()
        .returning(|_, _, _| Ok(()));
    let events = mocks.events.clone();
    let outcome = mocks
        .service(at(2))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert!(matches!(outcome, DeliveryOutcome::Sent(_)));
    assert_eq!(outcome.job_result(), Ok(()));
    assert_eq!(
        *events.0.lock().unwrap(),
        [kernel::DomainEvent::MessageStatusChanged {
            workspace_id: s.channel.workspace_id,
            message_id: id.as_uuid(),
            status: "sent".into(),
        }]
    );
}

#[tokio::test]
async fn an_assistant_reply_is_dropped_when_a_person_took_over_before_it_went_out() {
    let s = scenario(Sender::Assistant);
    let mut mocks = loaded(&s);
    let mut gate = MockReplyGate::new();
    gate.expect_assistant_may_send()
        .times(1)
        .returning(|_, _, _| Ok(false));
    mocks.reply_gate = Arc::new(gate);
    mocks.gateway.expect_send().times(0);
    let id = s.row.id;
    mocks
        .messages
        .expect_advance_status()
        .withf(move |_, message, status, failure, _| {
            *message == id
                && *status == DeliveryStatus::Failed
                && failure.is_some_and(|f| f.code == "assistant_silenced")
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let outcome = mocks
        .service(at(2))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert!(matches!(outcome, DeliveryOutcome::NotSent(ref f) if f.code == "assistant_silenced"));
}

#[tokio::test]
async fn an_agent_reply_goes_out_whoever_owns_the_conversation() {
    let s = scenario(Sender::Agent {
        member_id: uuid::Uuid::now_v7(),
    });
    let mut mocks = loaded(&s);
    let mut gate = MockReplyGate::new();
    gate.expect_assistant_may_send().times(0);
    mocks.reply_gate = Arc::new(gate);
    mocks.gateway.expect_send().times(1).returning(|_, _, _| {
        Ok(SendReceipt {
            platform_message_id: Some(PlatformMessageId::parse("m_2").unwrap()),
        })
    });
    mocks
        .messages
        .expect_mark_sent()
        .returning(|_, _, _, _| Ok(()));
    mocks
        .channels
        .expect_touch_last_message()
        .returning(|_, _, _| Ok(()));
    let outcome = mocks
        .service(at(2))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert!(matches!(outcome, DeliveryOutcome::Sent(_)));
}

#[tokio::test]
async fn an_invalid_token_fails_the_message_and_asks_for_a_reconnect() {
    let s = scenario(Sender::Assistant);
    let mut mocks = loaded(&s);
    mocks.gateway.expect_send().returning(|_, _, _| {
        Err(SendFailure::classify(
            Some(400),
            Some(&PlatformError {
                code: 190,
                subcode: Some(463),
                message: "Session has expired".into(),
            }),
            false,
        ))
    });
    let channel_id = s.channel.id;
    mocks
        .channels
        .expect_set_status()
        .withf(move |_, id, status, _| {
            *id == channel_id && *status == ChannelStatus::ReconnectRequired
        })
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    mocks
        .messages
        .expect_advance_status()
        .withf(|_, _, status, failure, _| {
            *status == DeliveryStatus::Failed
                && failure.is_some_and(|f| f.code == "invalid_token" && f.reason.code == Some(190))
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let alerts = mocks.alerts.clone();
    let outcome = mocks
        .service(at(2))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert!(matches!(
        outcome,
        DeliveryOutcome::Failed(SendFailure::InvalidToken { .. })
    ));
    let alerted = alerts.0.lock().unwrap();
    assert_eq!(alerted.len(), 1, "the owner hears about it once");
    assert_eq!(alerted[0].id, channel_id);
    assert_eq!(alerted[0].status, ChannelStatus::ReconnectRequired);
    assert!(matches!(
        outcome.job_result(),
        Err(JobFailure::Permanent(_))
    ));
}

#[tokio::test]
async fn a_transient_failure_stays_pending_until_the_last_attempt() {
    for final_attempt in [false, true] {
        let s = scenario(Sender::Assistant);
        let mut mocks = loaded(&s);
        mocks
            .gateway
            .expect_send()
            .returning(|_, _, _| Err(SendFailure::classify(Some(500), None, false)));
        mocks
            .messages
            .expect_advance_status()
            .times(usize::from(final_attempt))
            .returning(|_, _, _, _, _| Ok(true));
        let outcome = mocks
            .service(at(2))
            .deliver(s.channel.workspace_id, s.row.id, final_attempt)
            .await
            .unwrap();
        if final_attempt {
            assert!(matches!(outcome, DeliveryOutcome::Failed(_)));
        } else {
            assert!(matches!(outcome, DeliveryOutcome::RetryLater(_)));
            assert!(matches!(
                outcome.job_result(),
                Err(JobFailure::Transient(_))
            ));
        }
    }
}

#[tokio::test]
async fn after_24_hours_the_bot_is_refused_and_a_human_goes_out_as_human_agent() {
    let s = scenario(Sender::Assistant);
    let mut mocks = loaded(&s);
    mocks.gateway.expect_send().times(0);
    mocks
        .messages
        .expect_advance_status()
        .withf(|_, _, status, failure, _| {
            *status == DeliveryStatus::Failed && failure.is_some_and(|f| f.code == "outside_window")
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let outcome = mocks
        .service(at(30))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert!(matches!(outcome, DeliveryOutcome::NotSent(f) if f.code == "outside_window"));

    let s = scenario(Sender::Agent {
        member_id: uuid::Uuid::now_v7(),
    });
    let mut mocks = loaded(&s);
    mocks
        .gateway
        .expect_send()
        .withf(|_, _, mode| *mode == SendMode::HumanAgent)
        .times(1)
        .returning(|_, _, _| {
            Ok(SendReceipt {
                platform_message_id: None,
            })
        });
    mocks
        .messages
        .expect_mark_sent()
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    mocks
        .channels
        .expect_touch_last_message()
        .returning(|_, _, _| Ok(()));
    let outcome = mocks
        .service(at(30))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert!(matches!(outcome, DeliveryOutcome::Sent(_)));
}

#[tokio::test]
async fn nothing_goes_out_on_a_channel_needing_reconnect_or_twice() {
    let mut s = scenario(Sender::Assistant);
    s.channel.status = ChannelStatus::ReconnectRequired;
    let mut mocks = loaded(&s);
    mocks.gateway.expect_send().times(0);
    mocks
        .messages
        .expect_advance_status()
        .withf(|_, _, _, failure, _| failure.is_some_and(|f| f.code == "channel_unavailable"))
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let outcome = mocks
        .service(at(1))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert!(matches!(outcome, DeliveryOutcome::NotSent(_)));

    let mut s = scenario(Sender::Assistant);
    s.row.status = Some(DeliveryStatus::Sent);
    let mut mocks = loaded(&s);
    mocks.gateway.expect_send().times(0);
    let outcome = mocks
        .service(at(1) + Duration::minutes(1))
        .deliver(s.channel.workspace_id, s.row.id, false)
        .await
        .unwrap();
    assert_eq!(outcome, DeliveryOutcome::AlreadyDone);
}
