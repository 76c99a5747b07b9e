//! One shop, one customer on one channel, and the assistant over in-memory ports.

use std::str::FromStr;
use std::sync::{Arc, Mutex};

use channels::{ChannelId, ContactId, MessageId, Platform};
use chrono::{DateTime, Duration, TimeZone, Utc};
use kernel::{Clock, Currency, ManualClock, Money, WorkspaceId};
use orders::{OrderPorts, OrderService};
use rust_decimal::Decimal;

use super::block_on;
use super::fakes::*;
use crate::assistant::{
    AssistantPorts, AssistantService, CustomerMessage, TurnOutcome, TurnReport,
};
use crate::conversations::{AssistantSettings, Conversation};
use crate::entities::fixtures::beauty_catalog;
use crate::entities::{CatalogSnapshot, SnapshotProduct};
use crate::language::Language;
use crate::llm::LanguageModel;
use crate::ports::{CustomerLine, KnowledgeHit, ShopProfile, SourceKind};
use crate::tones::Tone;

pub(super) fn eur(amount: &str) -> Money {
    Money::new(
        Decimal::from_str(amount).unwrap(),
        Currency::parse("EUR").unwrap(),
    )
    .unwrap()
}

pub(super) fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 12, 10, 0, 0).unwrap()
}

/// The fixtures' beauty catalog, with an offer on the Retinol Night Cream (29.90,
/// now 24.90).
pub(super) fn products() -> Vec<SnapshotProduct> {
    let mut products = beauty_catalog().products().to_vec();
    let cream = products
        .iter_mut()
        .find(|p| p.name.as_str() == "Retinol Night Cream")
        .unwrap();
    cream.list_price = eur("29.90");
    cream.price = eur("24.90");
    products
}

pub(super) fn shipping_faq() -> KnowledgeHit {
    KnowledgeHit {
        kind: SourceKind::Faq,
        id: uuid::Uuid::now_v7(),
        title: "How long does shipping take?".to_owned(),
        text: "We ship within 2 working days; delivery in Italy and Spain takes 3 to 5 days."
            .to_owned(),
        score: 0.82,
    }
}

pub(super) fn open_shop() -> ShopProfile {
    ShopProfile {
        business_name: "Glow Lab".to_owned(),
        tone: Tone::Professional,
        language: Language::English,
        currency: Currency::parse("EUR").unwrap(),
        open_now: true,
        back_at: None,
    }
}

pub(super) struct World {
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub contact_id: ContactId,
    pub conversations: Arc<Conversations>,
    pub settings: Arc<Settings>,
    pub shop: Arc<Shop>,
    pub catalog: Arc<CatalogSnapshot>,
    pub knowledge: Arc<Knowledge>,
    pub messages: Arc<Messages>,
    pub outbox: Arc<Outbox>,
    pub orders: Arc<Orders>,
    pub jobs: Arc<Jobs>,
    pub events: Arc<Events>,
    pub clock: Arc<ManualClock>,
    pub service: AssistantService,
}

impl World {
    pub fn new() -> Self {
        Self::build(products(), None)
    }

    /// A shop selling `products` whose assistant drafts with `model`.
    pub fn with_model(products: Vec<SnapshotProduct>, model: impl LanguageModel + 'static) -> Self {
        Self::build(products, Some(Arc::new(model)))
    }

    fn build(products: Vec<SnapshotProduct>, model: Option<Arc<dyn LanguageModel>>) -> Self {
        let catalog = Arc::new(CatalogSnapshot::new(products.clone()).unwrap());
        let conversations = Arc::new(Conversations::default());
        let settings = Arc::new(Settings::default());
        let shop = Arc::new(Shop(Mutex::new(open_shop())));
        let knowledge = Arc::new(Knowledge {
            hits: vec![("shipping", shipping_faq())],
            asked: Mutex::default(),
        });
        let messages = Arc::new(Messages::default());
        let outbox = Arc::new(Outbox::default());
        let orders = Arc::new(Orders::default());
        let jobs = Arc::new(Jobs::default());
        let events = Arc::new(Events::default());
        let clock = Arc::new(ManualClock::new(start()));
        let order_service = OrderService::new(OrderPorts {
            orders: orders.clone(),
            prices: Arc::new(Quoter(products)),
            clock: clock.clone(),
        });
        let service = AssistantService::new(AssistantPorts {
            conversations: conversations.clone(),
            settings: settings.clone(),
            shops: shop.clone(),
            catalogs: Arc::new(Catalogs(catalog.clone())),
            knowledge: knowledge.clone(),
            messages: messages.clone(),
            customers: Arc::new(NobodyBlocked),
            outbox: outbox.clone(),
            orders: order_service,
            jobs: jobs.clone(),
            events: events.clone(),
            model,
            clock: clock.clone(),
        });
        Self {
            workspace_id: WorkspaceId::new(),
            channel_id: ChannelId::new(),
            contact_id: ContactId::new(),
            conversations,
            settings,
            shop,
            catalog,
            knowledge,
            messages,
            outbox,
            orders,
            jobs,
            events,
            clock,
            service,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Changes the workspace's settings (from the defaults, the first time).
    pub fn configure(&self, change: impl FnOnce(&mut AssistantSettings)) {
        let mut settings = lock(&self.settings.0).clone().unwrap_or_default();
        change(&mut settings);
        *lock(&self.settings.0) = Some(settings);
    }

    pub fn shop_profile(&self, change: impl FnOnce(&mut ShopProfile)) {
        change(&mut lock(&self.shop.0));
    }

    /// The customer's message is stored and reported to the assistant, a second after
    /// the previous one.
    pub fn write(&self, text: &str) -> MessageId {
        self.clock.advance(Duration::seconds(1));
        let message_id = MessageId::new();
        let at = self.now();
        lock(&self.messages.0).push((
            self.channel_id,
            self.contact_id,
            CustomerLine {
                message_id,
                text: text.to_owned(),
                at,
            },
        ));
        block_on(self.service.customer_wrote(&CustomerMessage {
            workspace_id: self.workspace_id,
            channel_id: self.channel_id,
            contact_id: self.contact_id,
            platform: Platform::WhatsApp,
            message_id,
            chars: text.chars().count(),
            at,
        }))
        .unwrap();
        message_id
    }

    /// The customer's current (not archived) conversation as stored.
    pub fn conversation(&self) -> Conversation {
        self.conversations
            .all()
            .into_iter()
            .rfind(|c| {
                c.channel_id == self.channel_id
                    && c.contact_id == self.contact_id
                    && c.state.lifecycle() != handoff::Lifecycle::Archived
            })
            .unwrap()
    }

    /// Runs the turn job queued for `through`, once the burst window has passed.
    pub fn turn(&self, through: MessageId) -> TurnOutcome {
        self.clock.advance(Duration::seconds(3));
        block_on(
            self.service
                .take_turn(self.workspace_id, self.conversation().id, through),
        )
        .unwrap()
    }

    /// The customer writes and the turn answers it.
    pub fn say(&self, text: &str) -> Box<TurnReport> {
        let through = self.write(text);
        answered(self.turn(through))
    }

    /// Every reply queued so far, oldest first.
    pub fn replies(&self) -> Vec<String> {
        self.outbox.texts()
    }
}

pub(super) fn answered(outcome: TurnOutcome) -> Box<TurnReport> {
    match outcome {
        TurnOutcome::Answered(report) => report,
        other => panic!("the turn did not answer: {other:?}"),
    }
}

/// The text a report says was sent.
pub(super) fn reply_text(report: &TurnReport) -> &str {
    report
        .reply
        .as_ref()
        .map(|r| r.text.as_str())
        .unwrap_or_else(|| panic!("no reply was sent: {:?}", report.decision))
}

/// No customer of these tests is blocked (the API scenarios cover blocking).
struct NobodyBlocked;

#[async_trait::async_trait]
impl crate::ports::CustomerDirectory for NobodyBlocked {
    async fn is_blocked(
        &self,
        _workspace_id: kernel::WorkspaceId,
        _contact_id: channels::ContactId,
    ) -> Result<bool, crate::ports::LookupError> {
        Ok(false)
    }
}
