//! The fan-out hub: live dashboard connections of this process, by workspace. Publishing
//! never waits on a client: each has a bounded queue, and a client whose queue is full
//! is dropped (told through its `kicked` signal), so one slow browser cannot hold up
//! the rest or grow memory without bound. A dropped dashboard reconnects with `since`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use kernel::WorkspaceId;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::envelope::Envelope;

/// Envelopes queued for one client before it counts as too slow.
pub const CLIENT_QUEUE: usize = 256;
/// Ids remembered to skip an event heard twice (fanned out here, then NOTIFY'd back).
const RECENT_IDS: usize = 4096;

#[derive(Debug)]
pub struct RealtimeHub {
    queue: usize,
    next_client: AtomicU64,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    clients: HashMap<u64, Client>,
    recent: HashSet<i64>,
    order: VecDeque<i64>,
}

#[derive(Debug)]
struct Client {
    workspace_id: WorkspaceId,
    /// The member (user id) connected: events for one member reach only them.
    member_id: Uuid,
    queue: mpsc::Sender<Arc<Envelope>>,
    kick: Option<oneshot::Sender<()>>,
}

/// One connection's view of the hub. Dropping it leaves the hub.
#[derive(Debug)]
pub struct Subscription {
    id: u64,
    hub: Weak<RealtimeHub>,
    pub events: mpsc::Receiver<Arc<Envelope>>,
    /// Fires when the hub dropped this client for falling behind.
    pub kicked: oneshot::Receiver<()>,
}

impl RealtimeHub {
    pub fn new() -> Self {
        Self::with_queue(CLIENT_QUEUE)
    }

    pub fn with_queue(queue: usize) -> Self {
        Self {
            queue: queue.max(1),
            next_client: AtomicU64::new(0),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// Joins the workspace's live events (and the member's own), from now on.
    pub fn subscribe(self: &Arc<Self>, workspace_id: WorkspaceId, member_id: Uuid) -> Subscription {
        let id = self.next_client.fetch_add(1, Ordering::Relaxed);
        let (queue, events) = mpsc::channel(self.queue);
        let (kick, kicked) = oneshot::channel();
        self.lock().clients.insert(
            id,
            Client {
                workspace_id,
                member_id,
                queue,
                kick: Some(kick),
            },
        );
        Subscription {
            id,
            hub: Arc::downgrade(self),
            events,
            kicked,
        }
    }

    /// Queues the envelope for every client of its workspace (only its member's, when it
    /// names one), once per id; returns how many clients got it. Clients with a full
    /// queue are dropped.
    pub fn publish(&self, envelope: Envelope) -> usize {
        let envelope = Arc::new(envelope);
        let mut inner = self.lock();
        if !inner.recent.insert(envelope.id) {
            return 0;
        }
        inner.order.push_back(envelope.id);
        if inner.order.len() > RECENT_IDS
            && let Some(oldest) = inner.order.pop_front()
        {
            inner.recent.remove(&oldest);
        }
        let mut delivered = 0;
        let mut slow = Vec::new();
        for (id, client) in &inner.clients {
            if !envelope.is_for(client.workspace_id, client.member_id) {
                continue;
            }
            match client.queue.try_send(envelope.clone()) {
                Ok(()) => delivered += 1,
                Err(mpsc::error::TrySendError::Full(_)) => slow.push(*id),
                // The connection is ending; its `Drop` removes it.
                Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
        }
        for id in slow {
            if let Some(mut client) = inner.clients.remove(&id)
                && let Some(kick) = client.kick.take()
            {
                tracing::info!(client = id, "realtime client too slow; disconnecting it");
                let _ = kick.send(());
            }
        }
        delivered
    }

    /// Live connections, all workspaces.
    pub fn clients(&self) -> usize {
        self.lock().clients.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The map stays consistent whatever panicked while holding it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for RealtimeHub {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(hub) = self.hub.upgrade() {
            hub.lock().clients.remove(&self.id);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Utc;
    use serde_json::json;

    use super::*;

    fn envelope(id: i64, workspace_id: WorkspaceId) -> Envelope {
        Envelope {
            id,
            kind: "conversation.updated".into(),
            workspace_id,
            data: json!({}),
            at: Utc::now(),
            member_id: None,
        }
    }

    #[tokio::test]
    async fn members_get_their_workspace_events_only() {
        let hub = Arc::new(RealtimeHub::new());
        let (glow, other) = (WorkspaceId::new(), WorkspaceId::new());
        let mut ours = hub.subscribe(glow, Uuid::now_v7());
        let mut theirs = hub.subscribe(other, Uuid::now_v7());
        assert_eq!(hub.publish(envelope(1, glow)), 1);
        assert_eq!(ours.events.recv().await.unwrap().id, 1);
        assert!(theirs.events.try_recv().is_err());
    }

    #[tokio::test]
    async fn an_event_for_one_member_reaches_only_their_connections() {
        let hub = Arc::new(RealtimeHub::new());
        let workspace = WorkspaceId::new();
        let (ana, ben) = (Uuid::now_v7(), Uuid::now_v7());
        let mut ana_laptop = hub.subscribe(workspace, ana);
        let mut ana_phone = hub.subscribe(workspace, ana);
        let mut ben_laptop = hub.subscribe(workspace, ben);
        let mut for_ana = envelope(9, workspace);
        for_ana.member_id = Some(ana);
        assert_eq!(hub.publish(for_ana), 2);
        assert_eq!(ana_laptop.events.recv().await.unwrap().id, 9);
        assert_eq!(ana_phone.events.recv().await.unwrap().id, 9);
        assert!(ben_laptop.events.try_recv().is_err());
    }

    #[tokio::test]
    async fn an_event_heard_twice_is_delivered_once() {
        let hub = Arc::new(RealtimeHub::new());
        let workspace = WorkspaceId::new();
        let mut client = hub.subscribe(workspace, Uuid::now_v7());
        assert_eq!(hub.publish(envelope(5, workspace)), 1);
        assert_eq!(hub.publish(envelope(5, workspace)), 0);
        assert_eq!(client.events.recv().await.unwrap().id, 5);
        assert!(client.events.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_slow_client_is_dropped_and_the_others_keep_receiving() {
        let hub = Arc::new(RealtimeHub::with_queue(1));
        let workspace = WorkspaceId::new();
        let mut slow = hub.subscribe(workspace, Uuid::now_v7());
        let mut fast = hub.subscribe(workspace, Uuid::now_v7());
        assert_eq!(hub.publish(envelope(1, workspace)), 2);
        assert_eq!(fast.events.recv().await.unwrap().id, 1);
        // `slow` never read event 1: event 2 finds its queue full.
        assert_eq!(hub.publish(envelope(2, workspace)), 1);
        assert!((&mut slow.kicked).await.is_ok());
        assert_eq!(hub.clients(), 1);
        assert_eq!(fast.events.recv().await.unwrap().id, 2);
        assert_eq!(hub.publish(envelope(3, workspace)), 1);
    }

    #[tokio::test]
    async fn a_closed_connection_leaves_the_hub() {
        let hub = Arc::new(RealtimeHub::new());
        let client = hub.subscribe(WorkspaceId::new(), Uuid::now_v7());
        assert_eq!(hub.clients(), 1);
        drop(client);
        assert_eq!(hub.clients(), 0);
    }
}
