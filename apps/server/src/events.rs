//! The in-process `EventBus` adapter: domain events fan out to every subscriber of this
//! process over a `tokio::sync::broadcast` channel.
//!
//! Delivery is best-effort, as the port allows: publishing with nobody listening is not
//! an error, and a subscriber that falls more than `CAPACITY` events behind loses the
//! oldest ones (its next `recv` reports how many). Dashboards re-read what they show
//! when that happens; replay from storage and cross-replica delivery (Postgres
//! LISTEN/NOTIFY) are later adapters behind the same port.

use async_trait::async_trait;
use kernel::{DomainEvent, EventBus, EventBusError};
use tokio::sync::broadcast;

/// Events kept for a slow subscriber before the oldest are dropped: a few seconds of
/// a busy import, small enough that memory stays bounded whatever listeners do.
pub const CAPACITY: usize = 1024;

#[derive(Debug)]
pub struct BroadcastEventBus {
    sender: broadcast::Sender<DomainEvent>,
}

impl BroadcastEventBus {
    pub fn new() -> Self {
        Self::with_capacity(CAPACITY)
    }

    pub fn with_capacity(capacity: usize) -> Self {
        // `broadcast::channel` panics on zero; one is the smallest useful buffer.
        let (sender, _) = broadcast::channel(capacity.max(1));
        Self { sender }
    }

    /// A receiver of every event published from now on, in publishing order.
    /// Subscribers see every workspace's events and must filter by
    /// `DomainEvent::workspace_id` before showing anything to a tenant.
    pub fn subscribe(&self) -> broadcast::Receiver<DomainEvent> {
        self.sender.subscribe()
    }
}

impl Default for BroadcastEventBus {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait]
impl EventBus for BroadcastEventBus {
    async fn publish(&self, event: DomainEvent) -> Result<(), EventBusError> {
        // `send` only fails when nobody is subscribed, which loses nothing anyone wanted.
        if self.sender.send(event).is_err() {
            tracing::trace!("event published with no subscriber");
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use kernel::WorkspaceId;
    use tokio::sync::broadcast::error::{RecvError, TryRecvError};

    use super::*;

    fn changed(workspace_id: WorkspaceId) -> DomainEvent {
        DomainEvent::ProductChanged {
            workspace_id,
            product_id: uuid::Uuid::now_v7(),
        }
    }

    #[tokio::test]
    async fn publishing_without_subscribers_is_fine() {
        let bus = BroadcastEventBus::new();
        assert!(bus.publish(changed(WorkspaceId::new())).await.is_ok());
    }

    #[tokio::test]
    async fn every_subscriber_gets_every_event_in_order() {
        let bus = BroadcastEventBus::new();
        let mut first = bus.subscribe();
        let mut second = bus.subscribe();
        let workspace = WorkspaceId::new();
        let events = [changed(workspace), changed(workspace)];
        for event in &events {
            bus.publish(event.clone()).await.unwrap();
        }
        for receiver in [&mut first, &mut second] {
            assert_eq!(receiver.recv().await.unwrap(), events[0]);
            assert_eq!(receiver.recv().await.unwrap(), events[1]);
            assert_eq!(receiver.try_recv(), Err(TryRecvError::Empty));
        }
    }

    #[tokio::test]
    async fn a_subscriber_only_sees_events_published_after_it_subscribed() {
        let bus = BroadcastEventBus::new();
        bus.publish(changed(WorkspaceId::new())).await.unwrap();
        let mut late = bus.subscribe();
        assert_eq!(late.try_recv(), Err(TryRecvError::Empty));
    }

    #[tokio::test]
    async fn a_lagging_subscriber_loses_the_oldest_events_and_is_told_how_many() {
        let bus = BroadcastEventBus::with_capacity(2);
        let mut slow = bus.subscribe();
        let workspace = WorkspaceId::new();
        let events: Vec<_> = (0..5).map(|_| changed(workspace)).collect();
        for event in &events {
            bus.publish(event.clone()).await.unwrap();
        }
        assert_eq!(slow.recv().await, Err(RecvError::Lagged(3)));
        assert_eq!(slow.recv().await.unwrap(), events[3]);
        assert_eq!(slow.recv().await.unwrap(), events[4]);
    }
}
