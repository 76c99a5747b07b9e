//! Builds every domain service from the adapters the settings choose. One function per
//! domain: adding a domain is adding a function here, and `startup` stays about
//! processes and HTTP.

use std::sync::Arc;

use catalog::{CatalogPorts, CatalogService};
use identity::{IdentityPorts, IdentityService, IdentitySettings};
use kernel::{JobHandler, JobQueue};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;

use crate::events::BroadcastEventBus;
use crate::secrets::ServerSecrets;
use crate::settings::Settings;
use crate::startup::StartupError;

pub struct Services {
    pub identity: IdentityService,
    pub catalog: CatalogService,
    pub events: Arc<BroadcastEventBus>,
    pub jobs: Arc<dyn JobQueue>,
    /// Everything the job runner runs, one handler per job kind.
    pub job_handlers: Vec<Arc<dyn JobHandler>>,
}

impl Services {
    pub fn build(
        settings: &Settings,
        secrets: &ServerSecrets,
        db: &DatabaseConnection,
    ) -> Result<Self, StartupError> {
        let events = Arc::new(BroadcastEventBus::new());
        let jobs: Arc<dyn JobQueue> = Arc::new(store::SeaOrmJobQueue::new(db.clone()));
        Ok(Self {
            identity: identity(settings, secrets, db)?,
            catalog: catalog(db, events.clone()),
            events,
            jobs,
            job_handlers: Vec::new(),
        })
    }
}

fn identity(
    settings: &Settings,
    secrets: &ServerSecrets,
    db: &DatabaseConnection,
) -> Result<IdentityService, StartupError> {
    let repositories = store::IdentityRepositories::sea_orm(db.clone());
    let mailer =
        notify::FileOutboxMailer::new(settings.data_dir.join("outbox"), &settings.mail.from)
            .map_err(|e| StartupError::Config(format!("mail: {e}")))?;
    let access_tokens = crypto::JwtAccessTokens::new(secrets.jwt_secret.expose_secret().as_bytes())
        .map_err(|e| StartupError::Config(format!("auth.jwt_secret: {e}")))?;
    let default_currency = kernel::Currency::parse(&settings.workspace.default_currency)
        .map_err(|e| StartupError::Config(format!("workspace.default_currency: {e}")))?;
    Ok(IdentityService::new(
        IdentityPorts {
            users: repositories.users,
            workspaces: repositories.workspaces,
            members: repositories.members,
            sessions: repositories.sessions,
            one_time_tokens: repositories.one_time_tokens,
            invitations: repositories.invitations,
            api_keys: repositories.api_keys,
            audit: repositories.audit,
            credentials: Arc::new(crypto::Argon2Credentials::new()),
            access_tokens: Arc::new(access_tokens),
            mailer: Arc::new(mailer),
            clock: Arc::new(kernel::SystemClock),
        },
        IdentitySettings {
            access_token_ttl: chrono::Duration::seconds(settings.auth.access_token_ttl_seconds),
            refresh_token_ttl: chrono::Duration::days(settings.auth.refresh_token_ttl_days),
            reset_token_ttl: chrono::Duration::hours(1),
            verify_token_ttl: chrono::Duration::days(2),
            invitation_ttl: chrono::Duration::days(7),
            public_url: settings.public_url(),
            default_currency,
        },
    ))
}

fn catalog(db: &DatabaseConnection, events: Arc<BroadcastEventBus>) -> CatalogService {
    let repositories = store::CatalogRepositories::sea_orm(db.clone());
    CatalogService::new(CatalogPorts {
        products: repositories.products,
        categories: repositories.categories,
        suppliers: repositories.suppliers,
        offers: repositories.offers,
        open_orders: repositories.open_orders,
        events,
        clock: Arc::new(kernel::SystemClock),
    })
}
