//! Keeps the index in step with the catalog. The catalog publishes its events through
//! this `EventBus`, which reacts before passing them on to the broadcast bus:
//! - `ProductDeleted`: the product is removed from the index before the catalog call
//!   returns, so a deleted product is never offered again, not even for a moment;
//! - `ProductChanged`: an `IndexProduct` task is scheduled from a queue drained by a
//!   background task, so a 10,000-row import is not slowed by 10,000 job inserts.
//!
//! A broadcast subscriber would be simpler, but it drops the oldest events when it
//! falls more than the channel's capacity behind (a large import does), and a dropped
//! change would leave a product stale until the next full re-index.

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use kernel::{DomainEvent, EventBus, EventBusError, WorkspaceId};
use knowledge::KnowledgeService;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::events::BroadcastEventBus;

pub struct IndexingEventBus {
    inner: Arc<BroadcastEventBus>,
    /// Set once the knowledge service exists (it reads the catalog, which publishes
    /// here, so one of the two has to be wired after the other).
    knowledge: Arc<OnceLock<KnowledgeService>>,
    changed: mpsc::UnboundedSender<(WorkspaceId, Uuid)>,
}

/// The other half: schedules an `IndexProduct` task per change, in order.
pub struct ChangedProducts {
    knowledge: Arc<OnceLock<KnowledgeService>>,
    receiver: mpsc::UnboundedReceiver<(WorkspaceId, Uuid)>,
}

impl IndexingEventBus {
    pub fn new(inner: Arc<BroadcastEventBus>) -> (Self, ChangedProducts) {
        let knowledge = Arc::new(OnceLock::new());
        let (changed, receiver) = mpsc::unbounded_channel();
        (
            Self {
                inner,
                knowledge: knowledge.clone(),
                changed,
            },
            ChangedProducts {
                knowledge,
                receiver,
            },
        )
    }

    pub fn attach(&self, knowledge: KnowledgeService) {
        let _ = self.knowledge.set(knowledge);
    }
}

impl ChangedProducts {
    /// Runs until every sender is gone (the server shut down).
    pub async fn run(mut self) {
        while let Some((workspace_id, product_id)) = self.receiver.recv().await {
            let Some(knowledge) = self.knowledge.get() else {
                continue;
            };
            if let Err(error) = knowledge.product_changed(workspace_id, product_id).await {
                tracing::error!(%error, %workspace_id, %product_id, "cannot schedule product indexing");
            }
        }
    }
}

#[async_trait]
impl EventBus for IndexingEventBus {
    async fn publish(&self, event: DomainEvent) -> Result<(), EventBusError> {
        match &event {
            DomainEvent::ProductDeleted {
                workspace_id,
                product_id,
            } => {
                if let Some(knowledge) = self.knowledge.get()
                    && let Err(error) = knowledge.remove_product(*workspace_id, *product_id).await
                {
                    tracing::warn!(%error, %product_id, "product not removed from the index yet; a task retries");
                }
            }
            DomainEvent::ProductChanged {
                workspace_id,
                product_id,
            } if self.changed.send((*workspace_id, *product_id)).is_err() => {
                tracing::warn!(%product_id, "product indexing queue is closed");
            }
            _ => {}
        }
        self.inner.publish(event).await
    }
}
