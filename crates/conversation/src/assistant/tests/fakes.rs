//! In-memory ports: they keep what the assistant wrote so the tests can read it back,
//! and honour the contracts the real adapters do (versions, duplicate conversations,
//! reply keys, placement keys).

use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;
use catalog::{CatalogScope, PriceQuote, ProductId, VariantId};
use channels::{ChannelId, ContactId, MessageId};
use chrono::{DateTime, Utc};
use kernel::{
    Currency, DomainEvent, EventBus, EventBusError, Job, JobId, JobQueue, JobQueueError, NewJob,
    Page, PageRequest, WorkspaceId,
};
use orders::ports::{
    ItemQuote, OrderRepository, OrderRepositoryError, PriceQuoter, PriceQuoterError,
};
use orders::{
    CustomerId, NewOrder, Order, OrderFilter, OrderId, OrderNote, OrderNumber, OrderStatus,
};

use crate::conversations::{AssistantSettings, Conversation, ConversationEvent, ConversationId};
use crate::entities::{CatalogSnapshot, SnapshotProduct};
use crate::ports::*;

/// Locks, shrugging off a poisoned lock: a failed assertion in one test must not turn
/// the fakes' every later call into a second panic.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Conversations with their timelines, guarded by versions like the store.
#[derive(Default)]
pub(super) struct Conversations {
    rows: Mutex<Vec<Conversation>>,
    timeline: Mutex<Vec<ConversationEvent>>,
    /// Saves to refuse with `VersionConflict` after bumping the stored version, as if
    /// another writer had saved first.
    pub conflicts: Mutex<usize>,
}

impl Conversations {
    pub fn all(&self) -> Vec<Conversation> {
        lock(&self.rows).clone()
    }

    pub fn timeline(&self, id: ConversationId) -> Vec<ConversationEvent> {
        lock(&self.timeline)
            .iter()
            .filter(|e| e.conversation_id == id)
            .cloned()
            .collect()
    }

    /// Overwrites a stored conversation as another writer would (bumping its version).
    pub fn tamper(&self, id: ConversationId, change: impl FnOnce(&mut Conversation)) {
        let mut rows = lock(&self.rows);
        if let Some(row) = rows.iter_mut().find(|c| c.id == id) {
            change(row);
            row.version += 1;
        }
    }
}

#[async_trait]
impl ConversationRepository for Conversations {
    async fn create(
        &self,
        conversation: &Conversation,
        events: &[ConversationEvent],
    ) -> Result<(), ConversationRepositoryError> {
        let mut rows = lock(&self.rows);
        let open = rows.iter().any(|c| {
            c.workspace_id == conversation.workspace_id
                && c.channel_id == conversation.channel_id
                && c.contact_id == conversation.contact_id
                && c.state.lifecycle() != handoff::Lifecycle::Archived
        });
        if open {
            return Err(ConversationRepositoryError::Duplicate);
        }
        rows.push(conversation.clone());
        lock(&self.timeline).extend_from_slice(events);
        Ok(())
    }

    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Option<Conversation>, ConversationRepositoryError> {
        Ok(lock(&self.rows)
            .iter()
            .find(|c| c.workspace_id == workspace_id && c.id == id)
            .cloned())
    }

    async fn find_current(
        &self,
        workspace_id: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
    ) -> Result<Option<Conversation>, ConversationRepositoryError> {
        Ok(lock(&self.rows)
            .iter()
            .find(|c| {
                c.workspace_id == workspace_id
                    && c.channel_id == channel_id
                    && c.contact_id == contact_id
                    && c.state.lifecycle() != handoff::Lifecycle::Archived
            })
            .cloned())
    }

    async fn save(
        &self,
        conversation: &Conversation,
        events: &[ConversationEvent],
    ) -> Result<i64, ConversationRepositoryError> {
        let mut rows = lock(&self.rows);
        let row = rows
            .iter_mut()
            .find(|c| c.workspace_id == conversation.workspace_id && c.id == conversation.id)
            .ok_or(ConversationRepositoryError::NotFound)?;
        {
            let mut conflicts = lock(&self.conflicts);
            if *conflicts > 0 {
                *conflicts -= 1;
                row.version += 1;
                return Err(ConversationRepositoryError::VersionConflict);
            }
        }
        if row.version != conversation.version {
            return Err(ConversationRepositoryError::VersionConflict);
        }
        let version = conversation.version + 1;
        *row = Conversation {
            version,
            ..conversation.clone()
        };
        lock(&self.timeline).extend_from_slice(events);
        Ok(version)
    }

    async fn events(
        &self,
        workspace_id: WorkspaceId,
        id: ConversationId,
    ) -> Result<Vec<ConversationEvent>, ConversationRepositoryError> {
        Ok(lock(&self.timeline)
            .iter()
            .filter(|e| e.workspace_id == workspace_id && e.conversation_id == id)
            .cloned()
            .collect())
    }
}

/// One workspace's settings; `None` until saved, like a fresh workspace.
#[derive(Default)]
pub(super) struct Settings(pub Mutex<Option<AssistantSettings>>);

#[async_trait]
impl AssistantSettingsRepository for Settings {
    async fn get(
        &self,
        _: WorkspaceId,
    ) -> Result<Option<AssistantSettings>, SettingsRepositoryError> {
        Ok(lock(&self.0).clone())
    }

    async fn put(
        &self,
        _: WorkspaceId,
        settings: &AssistantSettings,
    ) -> Result<(), SettingsRepositoryError> {
        *lock(&self.0) = Some(settings.clone());
        Ok(())
    }
}

/// The shop as the tests set it (open or closed, tone, language).
pub(super) struct Shop(pub Mutex<ShopProfile>);

#[async_trait]
impl ShopProfiles for Shop {
    async fn profile(&self, _: WorkspaceId, _: DateTime<Utc>) -> Result<ShopProfile, LookupError> {
        Ok(lock(&self.0).clone())
    }
}

pub(super) struct Catalogs(pub Arc<CatalogSnapshot>);

#[async_trait]
impl CatalogSnapshots for Catalogs {
    async fn snapshot(
        &self,
        _: WorkspaceId,
        _: Currency,
    ) -> Result<Arc<CatalogSnapshot>, LookupError> {
        Ok(self.0.clone())
    }
}

/// Fixed passages, each returned when the question contains its trigger word.
#[derive(Default)]
pub(super) struct Knowledge {
    pub hits: Vec<(&'static str, KnowledgeHit)>,
    pub asked: Mutex<Vec<String>>,
}

#[async_trait]
impl KnowledgeLookup for Knowledge {
    async fn lookup(
        &self,
        _: WorkspaceId,
        question: &str,
        limit: usize,
    ) -> Result<Vec<KnowledgeHit>, LookupError> {
        lock(&self.asked).push(question.to_owned());
        let question = question.to_lowercase();
        Ok(self
            .hits
            .iter()
            .filter(|(trigger, _)| question.contains(trigger))
            .map(|(_, hit)| hit.clone())
            .take(limit)
            .collect())
    }
}

/// The customer's stored messages, oldest first.
#[derive(Default)]
pub(super) struct Messages(pub Mutex<Vec<(ChannelId, ContactId, CustomerLine)>>);

#[async_trait]
impl MessageLog for Messages {
    async fn customer_messages_after(
        &self,
        _: WorkspaceId,
        channel_id: ChannelId,
        contact_id: ContactId,
        after: Option<MessageId>,
    ) -> Result<Vec<CustomerLine>, LookupError> {
        let theirs: Vec<CustomerLine> = lock(&self.0)
            .iter()
            .filter(|(channel, contact, _)| *channel == channel_id && *contact == contact_id)
            .map(|(_, _, line)| line.clone())
            .collect();
        let start = after
            .and_then(|id| theirs.iter().position(|l| l.message_id == id))
            .map_or(0, |position| position + 1);
        let later = &theirs[start..];
        Ok(later[later.len().saturating_sub(20)..].to_vec())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sent {
    pub conversation_id: ConversationId,
    pub key: String,
    pub text: String,
    pub message_id: MessageId,
}

/// Queues replies once per key, like the channel's outbox.
#[derive(Default)]
pub(super) struct Outbox {
    pub sent: Mutex<Vec<Sent>>,
    pub typing: Mutex<Vec<MessageId>>,
}

impl Outbox {
    pub fn texts(&self) -> Vec<String> {
        lock(&self.sent).iter().map(|s| s.text.clone()).collect()
    }
}

#[async_trait]
impl ReplyOutbox for Outbox {
    async fn queue(
        &self,
        conversation: &Conversation,
        key: &str,
        text: &str,
    ) -> Result<QueuedReply, LookupError> {
        let mut sent = lock(&self.sent);
        if let Some(before) = sent.iter().find(|s| s.key == key) {
            return Ok(QueuedReply {
                message_id: before.message_id,
                new: false,
            });
        }
        let message_id = MessageId::new();
        sent.push(Sent {
            conversation_id: conversation.id,
            key: key.to_owned(),
            text: text.to_owned(),
            message_id,
        });
        Ok(QueuedReply {
            message_id,
            new: true,
        })
    }

    async fn typing(&self, _: &Conversation, replying_to: MessageId) {
        lock(&self.typing).push(replying_to);
    }
}

/// Orders numbered per workspace, placement keys unique, like the store.
#[derive(Default)]
pub(super) struct Orders(pub Mutex<Vec<Order>>);

#[async_trait]
impl OrderRepository for Orders {
    async fn create(&self, order: &NewOrder) -> Result<OrderNumber, OrderRepositoryError> {
        let mut orders = lock(&self.0);
        if let Some(placed) = orders.iter().find(|o| {
            o.workspace_id() == order.workspace_id && *o.placement_key() == order.placement_key
        }) {
            return Err(OrderRepositoryError::AlreadyPlaced(placed.id()));
        }
        let count = orders
            .iter()
            .filter(|o| o.workspace_id() == order.workspace_id)
            .count();
        let number = OrderNumber::new(count as u64 + 1)
            .map_err(|e| OrderRepositoryError::Unexpected(e.to_string()))?;
        orders.push(order.clone().into_order(number));
        Ok(number)
    }

    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: OrderId,
    ) -> Result<Option<Order>, OrderRepositoryError> {
        Ok(lock(&self.0)
            .iter()
            .find(|o| o.workspace_id() == workspace_id && o.id() == id)
            .cloned())
    }

    async fn get_by_number(
        &self,
        workspace_id: WorkspaceId,
        number: OrderNumber,
    ) -> Result<Option<Order>, OrderRepositoryError> {
        Ok(lock(&self.0)
            .iter()
            .find(|o| o.workspace_id() == workspace_id && o.number() == number)
            .cloned())
    }

    async fn list(
        &self,
        _: WorkspaceId,
        _: &OrderFilter,
        _: PageRequest,
    ) -> Result<Page<Order>, OrderRepositoryError> {
        unreachable!("the assistant never lists orders")
    }

    async fn latest_for_customer(
        &self,
        workspace_id: WorkspaceId,
        customer_id: CustomerId,
        limit: u32,
    ) -> Result<Vec<Order>, OrderRepositoryError> {
        let mut theirs: Vec<Order> = lock(&self.0)
            .iter()
            .filter(|o| o.workspace_id() == workspace_id && o.customer_id() == customer_id)
            .cloned()
            .collect();
        theirs.reverse();
        theirs.truncate(limit as usize);
        Ok(theirs)
    }

    async fn update_status(
        &self,
        _: WorkspaceId,
        _: OrderId,
        _: OrderStatus,
        _: OrderStatus,
        _: DateTime<Utc>,
    ) -> Result<(), OrderRepositoryError> {
        unreachable!("the assistant never moves an order")
    }

    async fn add_note(
        &self,
        _: WorkspaceId,
        _: OrderId,
        _: &OrderNote,
    ) -> Result<(), OrderRepositoryError> {
        unreachable!("the assistant never adds notes")
    }
}

/// Quotes from the same products the snapshot holds: the effective price is the
/// snapshot's `price`, the base its `list_price`.
pub(super) struct Quoter(pub Vec<SnapshotProduct>);

#[async_trait]
impl PriceQuoter for Quoter {
    async fn quote_item(
        &self,
        _: &CatalogScope,
        product_id: ProductId,
        variant_id: Option<VariantId>,
    ) -> Result<ItemQuote, PriceQuoterError> {
        let product = self
            .0
            .iter()
            .find(|p| p.id == product_id)
            .ok_or(PriceQuoterError::ProductNotFound)?;
        let (variant_name, base, effective, available) = match variant_id {
            None if !product.variants.is_empty() => {
                return Err(PriceQuoterError::VariantRequired);
            }
            None => (None, product.list_price, product.price, product.available),
            Some(id) => {
                let variant = product
                    .variants
                    .iter()
                    .find(|v| v.id == id)
                    .ok_or(PriceQuoterError::VariantNotFound)?;
                (
                    Some(variant.name.clone()),
                    variant.list_price,
                    variant.price,
                    variant.available && product.available,
                )
            }
        };
        if !available {
            return Err(PriceQuoterError::NotOffered);
        }
        Ok(ItemQuote {
            product_name: product.name.clone(),
            variant_name,
            price: PriceQuote {
                base,
                effective,
                offer: None,
            },
            stock: None,
        })
    }
}

#[derive(Default)]
pub(super) struct Jobs(pub Mutex<Vec<NewJob>>);

#[async_trait]
impl JobQueue for Jobs {
    async fn enqueue(&self, job: NewJob) -> Result<JobId, JobQueueError> {
        lock(&self.0).push(job);
        Ok(JobId::new())
    }
    async fn claim(
        &self,
        _: &[String],
        _: DateTime<Utc>,
        _: DateTime<Utc>,
    ) -> Result<Option<Job>, JobQueueError> {
        unreachable!("the assistant only enqueues")
    }
    async fn progress(
        &self,
        _: JobId,
        _: u32,
        _: u8,
        _: &str,
        _: DateTime<Utc>,
    ) -> Result<(), JobQueueError> {
        unreachable!("the assistant only enqueues")
    }
    async fn succeed(&self, _: JobId, _: u32, _: DateTime<Utc>) -> Result<(), JobQueueError> {
        unreachable!("the assistant only enqueues")
    }
    async fn fail(
        &self,
        _: JobId,
        _: u32,
        _: &str,
        _: Option<DateTime<Utc>>,
        _: DateTime<Utc>,
    ) -> Result<(), JobQueueError> {
        unreachable!("the assistant only enqueues")
    }
    async fn get(&self, _: JobId) -> Result<Option<Job>, JobQueueError> {
        unreachable!("the assistant only enqueues")
    }
}

#[derive(Default)]
pub(super) struct Events(pub Mutex<Vec<DomainEvent>>);

impl Events {
    pub fn all(&self) -> Vec<DomainEvent> {
        lock(&self.0).clone()
    }
}

#[async_trait]
impl EventBus for Events {
    async fn publish(&self, event: DomainEvent) -> Result<(), EventBusError> {
        lock(&self.0).push(event);
        Ok(())
    }
}
