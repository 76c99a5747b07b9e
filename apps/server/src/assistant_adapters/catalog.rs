//! One `CatalogSnapshot` per workspace, kept until the catalog changes. Building one
//! reads and prices every product (a hundred pages for 10,000 products); a turn then
//! only looks words up. Product events drop the workspace's snapshot; a short lifetime
//! covers what no event announces (an offer starting at its scheduled time).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use catalog::{CatalogScope, CatalogService, ProductFilter, ProductSort};
use conversation::CatalogSnapshot;
use conversation::ports::{CatalogSnapshots, LookupError};
use kernel::{Currency, DomainEvent, PageRequest, WorkspaceId};
use tokio::sync::broadcast;

/// How long a snapshot is trusted without any event.
const TIME_TO_LIVE: Duration = Duration::from_secs(60);

struct Cached {
    snapshot: Arc<CatalogSnapshot>,
    currency: Currency,
    built_at: Instant,
}

#[derive(Default)]
struct Cache {
    snapshots: HashMap<WorkspaceId, Cached>,
    /// When each workspace's catalog last changed: a snapshot whose build started
    /// before that is stale, even if it was stored after.
    changed: HashMap<WorkspaceId, Instant>,
}

pub struct CachedCatalogSnapshots {
    catalog: CatalogService,
    cache: Arc<Mutex<Cache>>,
}

impl CachedCatalogSnapshots {
    /// Drops a workspace's snapshot whenever `events` announce a product change.
    pub fn new(catalog: CatalogService, mut events: broadcast::Receiver<DomainEvent>) -> Self {
        let cache: Arc<Mutex<Cache>> = Arc::default();
        let listening = Arc::downgrade(&cache);
        tokio::spawn(async move {
            loop {
                let event = match events.recv().await {
                    Ok(event) => event,
                    // Missed events: forget everything rather than serve a stale price.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if let Some(cache) = listening.upgrade()
                            && let Ok(mut cache) = cache.lock()
                        {
                            cache.snapshots.clear();
                        }
                        continue;
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                let Some(cache) = listening.upgrade() else {
                    return;
                };
                if matches!(
                    event,
                    DomainEvent::ProductChanged { .. }
                        | DomainEvent::ProductDeleted { .. }
                        | DomainEvent::OffersChanged { .. }
                ) && let Ok(mut cache) = cache.lock()
                {
                    let workspace_id = event.workspace_id();
                    cache.snapshots.remove(&workspace_id);
                    cache.changed.insert(workspace_id, Instant::now());
                }
            }
        });
        Self { catalog, cache }
    }

    async fn build(
        &self,
        workspace_id: WorkspaceId,
        currency: Currency,
    ) -> Result<CatalogSnapshot, LookupError> {
        let scope = CatalogScope::new(workspace_id, currency);
        let mut priced = Vec::new();
        for number in 1.. {
            let request = PageRequest::new(number, kernel::pagination::MAX_PER_PAGE)
                .map_err(|e| LookupError(e.to_string()))?;
            let page = self
                .catalog
                .list_products(
                    &scope,
                    ProductFilter::default(),
                    ProductSort::default(),
                    request,
                )
                .await
                .map_err(|e| LookupError(e.to_string()))?;
            let done = page.items.len() < kernel::pagination::MAX_PER_PAGE as usize;
            priced.extend(page.items);
            if done {
                break;
            }
        }
        CatalogSnapshot::from_priced(&priced).map_err(|e| LookupError(e.to_string()))
    }
}

#[async_trait]
impl CatalogSnapshots for CachedCatalogSnapshots {
    async fn snapshot(
        &self,
        workspace_id: WorkspaceId,
        currency: Currency,
    ) -> Result<Arc<CatalogSnapshot>, LookupError> {
        if let Ok(cache) = self.cache.lock()
            && let Some(cached) = cache.snapshots.get(&workspace_id)
            && cached.currency == currency
            && cached.built_at.elapsed() < TIME_TO_LIVE
        {
            return Ok(cached.snapshot.clone());
        }
        // Two turns may build at once after a change; both get a correct snapshot.
        let started = Instant::now();
        let snapshot = Arc::new(self.build(workspace_id, currency).await?);
        if let Ok(mut cache) = self.cache.lock()
            && cache
                .changed
                .get(&workspace_id)
                .is_none_or(|changed| *changed < started)
        {
            cache.snapshots.insert(
                workspace_id,
                Cached {
                    snapshot: snapshot.clone(),
                    currency,
                    built_at: started,
                },
            );
        }
        Ok(snapshot)
    }
}
