//! What every handler can reach: the domain services, and the few server-level settings
//! handlers need. Built once by `Application::build`.

use std::sync::Arc;
use std::time::Duration;

use catalog::CatalogService;
use identity::IdentityService;
use sea_orm::DatabaseConnection;

use crate::events::BroadcastEventBus;
use crate::http::rate_limit::RateLimiter;

pub struct AppState {
    pub identity: IdentityService,
    pub catalog: CatalogService,
    /// Domain events of this process; a realtime endpoint subscribes here.
    pub events: Arc<BroadcastEventBus>,
    /// Durable background work (webhook processing, indexing, sending).
    pub jobs: Arc<dyn kernel::JobQueue>,
    pub db: DatabaseConnection,
    pub rate_limiter: Arc<RateLimiter>,
    pub limits: Limits,
    pub secure_cookies: bool,
    pub trust_proxy_headers: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub login_attempts: u32,
    pub login_window: Duration,
    pub registrations: u32,
    pub registration_window: Duration,
}
