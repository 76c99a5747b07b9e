//! What every handler can reach: the domain services, and the few server-level settings
//! handlers need. Built once by `Application::build`.

use std::sync::Arc;
use std::time::Duration;

use catalog::CatalogService;
use channels::ChannelsService;
use identity::IdentityService;
use sea_orm::DatabaseConnection;
use secrecy::SecretString;

use crate::events::BroadcastEventBus;
use crate::http::rate_limit::RateLimiter;
use crate::routes::widget_hub::WidgetHub;

pub struct AppState {
    pub identity: IdentityService,
    pub catalog: CatalogService,
    pub knowledge: knowledge::KnowledgeService,
    pub channels: ChannelsService,
    pub orders: orders::OrderService,
    /// The team's notifications: feed, preferences, delivery.
    pub notifications: notifications::service::NotificationService,
    /// The assistant: turns, settings, takeover and return.
    pub assistant: conversation::assistant::AssistantService,
    /// The team's inbox: the conversation list, one conversation in full, tags, reads.
    pub inbox: conversation::inbox::InboxService,
    /// Internal notes on conversations, and the mentions they notify.
    pub notes: conversation::notes::NotesService,
    pub meta: MetaState,
    pub widget: WidgetState,
    /// Tags values handed out and checked later (the OAuth state).
    pub signer: crypto::Signer,
    /// Domain events of this process; a realtime endpoint subscribes here.
    pub events: Arc<BroadcastEventBus>,
    /// Live dashboard connections and the replay log they resume from.
    pub realtime: Arc<crate::realtime::Realtime>,
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

/// What the webhook and OAuth routes need from the Meta settings.
pub struct MetaState {
    /// `None` when no app secret is configured: webhooks are then refused, never
    /// stored unsigned.
    pub verifier: Option<meta::HmacSha256Verifier>,
    pub verify_token: SecretString,
    pub webhook_body_limit: usize,
    pub app_id: String,
    pub api_version: String,
    pub oauth_dialog_url: String,
    pub oauth_redirect_uri: String,
}

/// The public widget API's limits and the live connections it pushes replies to.
pub struct WidgetState {
    pub hub: Arc<WidgetHub>,
    pub messages_per_minute: u32,
    pub script_url: String,
    /// The built widget script served at `/widget.js`.
    pub script_path: std::path::PathBuf,
}
