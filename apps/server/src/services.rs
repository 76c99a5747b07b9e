//! Builds every domain service from the adapters the settings choose. One function per
//! domain: adding a domain is adding a function here, and `startup` stays about
//! processes and HTTP.

use std::sync::Arc;

use catalog::{CatalogPorts, CatalogService};
use channels::ports::{Responder, SecretCipher};
use channels::{ChannelsPorts, ChannelsService, ChannelsSettings, Gateways, Platform};
use identity::{IdentityPorts, IdentityService, IdentitySettings};
use kernel::{JobHandler, JobQueue, Mailer};
use knowledge::{KnowledgePorts, KnowledgeService, VectorIndex};
use notifications::ports::Notifier;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;

use conversation::assistant::{AssistantPorts, AssistantService};
use conversation::ports::{AssistantSettingsRepository, ConversationRepository};

use crate::assistant_adapters::{
    AssistantTurnHandler, CachedCatalogSnapshots, ChannelCustomers, ChannelMessageLog,
    ChannelReplyOutbox, ConversationReplyGate, KnowledgeSearch, LateResponder, PlaygroundGateway,
    WorkspaceShopProfiles,
};
use crate::events::BroadcastEventBus;
use crate::jobs::{ProcessInboundHandler, RefreshTokenHandler, SendMessageHandler};
use crate::knowledge_adapters::{
    CatalogProducts, DiskDocumentFiles, IndexingEventBus, JobQueueScheduler, KnowledgeJobHandler,
};
use crate::routes::widget_hub::{WidgetGateway, WidgetHub};
use crate::secrets::ServerSecrets;
use crate::settings::{
    EmbedderChoice, MailTransportChoice, Settings, SmtpTlsChoice, VectorIndexChoice,
};
use crate::startup::StartupError;

pub struct Services {
    pub identity: IdentityService,
    pub assistant: AssistantService,
    /// The team's inbox: the conversation list, one conversation in full, tags, reads.
    pub inbox: conversation::inbox::InboxService,
    /// Internal notes on conversations, and the mentions they notify.
    pub notes: conversation::notes::NotesService,
    pub catalog: CatalogService,
    pub channels: ChannelsService,
    pub knowledge: KnowledgeService,
    pub orders: orders::OrderService,
    /// The team's notifications (feed, preferences, email); its sender runs in the background.
    pub notifications: notifications::service::NotificationService,
    /// Live widget sockets, which the web channel's gateway pushes replies to.
    pub widget_hub: Arc<WidgetHub>,
    pub events: Arc<BroadcastEventBus>,
    /// Dashboards' live feed: relays `events` to them (and across replicas).
    pub realtime: Arc<crate::realtime::Realtime>,
    pub jobs: Arc<dyn JobQueue>,
    /// Everything the job runner runs, one handler per job kind.
    pub job_handlers: Vec<Arc<dyn JobHandler>>,
}

/// Adapters a caller may put in place of the configured ones (tests, tools).
#[derive(Clone, Default)]
pub struct Overrides {
    /// Who answers customers; nothing does by default until the assistant exists.
    pub responder: Option<Arc<dyn Responder>>,
}

impl Services {
    pub fn build(
        settings: &Settings,
        secrets: &ServerSecrets,
        db: &DatabaseConnection,
        overrides: Overrides,
    ) -> Result<Self, StartupError> {
        let events = Arc::new(BroadcastEventBus::new());
        // Subscribed first, so it relays every event published from here on.
        let realtime =
            crate::realtime::Realtime::start(db, &settings.database_url(), events.subscribe());
        let jobs: Arc<dyn JobQueue> = Arc::new(store::SeaOrmJobQueue::new(db.clone()));
        let mailer = mailer(settings)?;
        let notifiers = notifiers(settings, secrets, db, mailer.clone())?;
        let widget_hub = Arc::new(WidgetHub::new());
        let conversations: Arc<dyn ConversationRepository> =
            Arc::new(store::SeaOrmConversationRepository::new(db.clone()));
        let assistant_settings: Arc<dyn AssistantSettingsRepository> =
            Arc::new(store::SeaOrmAssistantSettingsRepository::new(db.clone()));
        // The assistant answers customers unless a test put another responder in place.
        let late_responder = Arc::new(LateResponder::default());
        let channels = channels(
            settings,
            secrets,
            db,
            ChannelsWiring {
                jobs: jobs.clone(),
                notifiers: notifiers.clone(),
                widget_hub: widget_hub.clone(),
                responder: Some(
                    overrides
                        .responder
                        .unwrap_or_else(|| late_responder.clone()),
                ),
                reply_gate: Arc::new(ConversationReplyGate::new(
                    conversations.clone(),
                    assistant_settings.clone(),
                )),
                events: events.clone(),
            },
        )?;
        let mut job_handlers: Vec<Arc<dyn JobHandler>> = vec![
            Arc::new(ProcessInboundHandler(channels.clone())),
            Arc::new(SendMessageHandler(channels.clone())),
            Arc::new(RefreshTokenHandler(channels.clone())),
        ];
        // The catalog announces changes through the indexing bus, which keeps the
        // knowledge index in step before passing events on to dashboards.
        let (indexing_bus, changed_products) = IndexingEventBus::new(events.clone());
        let indexing_bus = Arc::new(indexing_bus);
        let catalog = catalog(db, indexing_bus.clone());
        let knowledge = knowledge(settings, db, &catalog, jobs.clone())?;
        indexing_bus.attach(knowledge.clone());
        tokio::spawn(changed_products.run());
        job_handlers.extend(KnowledgeJobHandler::all(&knowledge));
        let orders = orders(db, &catalog);
        let assistant = AssistantService::new(AssistantPorts {
            conversations,
            settings: assistant_settings,
            shops: Arc::new(WorkspaceShopProfiles::new(
                store::IdentityRepositories::sea_orm(db.clone()).workspaces,
            )),
            catalogs: Arc::new(CachedCatalogSnapshots::new(
                catalog.clone(),
                events.subscribe(),
            )),
            knowledge: Arc::new(KnowledgeSearch::new(knowledge.clone())),
            messages: Arc::new(ChannelMessageLog::new(
                store::ChannelRepositories::sea_orm(db.clone()).messages,
            )),
            customers: Arc::new(ChannelCustomers::new(
                store::ChannelRepositories::sea_orm(db.clone()).contacts,
            )),
            outbox: Arc::new(ChannelReplyOutbox::new(channels.clone())),
            orders: orders.clone(),
            jobs: jobs.clone(),
            events: events.clone(),
            model: crate::language_model::language_model(settings)?,
            clock: Arc::new(kernel::SystemClock),
        });
        late_responder.set(Arc::new(assistant.clone()));
        job_handlers.push(Arc::new(AssistantTurnHandler(assistant.clone())));
        // Every notification reaching a feed is announced, so realtime pushes
        // `notification.created` to its member.
        let notifications =
            notifications_service(settings, db, notifiers.clone()).with_events(events.clone());
        job_handlers.extend(recurring_jobs(
            db,
            events.clone(),
            &notifications,
            jobs.clone(),
        ));
        tokio::spawn(
            crate::notifications_adapters::NotificationEvents {
                notifications: notifications.clone(),
                orders: orders.clone(),
                channels: channels.clone(),
                workspaces: store::IdentityRepositories::sea_orm(db.clone()).workspaces,
                conversations: Arc::new(store::SeaOrmConversationRepository::new(db.clone())),
                messages: store::ChannelRepositories::sea_orm(db.clone()).messages,
                inbox: inbox(db, events.clone()),
            }
            .run(events.subscribe()),
        );
        tokio::spawn(crate::notifications_adapters::run_sender(
            notifications.clone(),
        ));
        Ok(Self {
            notes: notes(db, events.clone(), notifications.clone()),
            notifications,
            identity: identity(settings, secrets, db, mailer)?,
            inbox: inbox(db, events.clone()),
            assistant,
            orders,
            catalog,
            channels,
            knowledge,
            widget_hub,
            events,
            realtime,
            jobs,
            job_handlers,
        })
    }
}

/// The recurring jobs (`crate::jobs::RECURRING_JOBS`): the lifecycle sweep and the
/// weekly digest, each run by one worker at a time across replicas.
fn recurring_jobs(
    db: &DatabaseConnection,
    events: Arc<dyn kernel::EventBus>,
    notifications: &notifications::service::NotificationService,
    jobs: Arc<dyn JobQueue>,
) -> Vec<Arc<dyn JobHandler>> {
    use crate::jobs::{LifecycleSweep, RecurringHandler, WeeklyDigests};
    let clock: Arc<dyn kernel::Clock> = Arc::new(kernel::SystemClock);
    vec![
        Arc::new(RecurringHandler::new(
            Arc::new(LifecycleSweep {
                inbox: inbox(db, events),
                policy: conversation::inbox::LifecyclePolicy::default(),
            }),
            jobs.clone(),
            clock.clone(),
        )),
        Arc::new(RecurringHandler::new(
            Arc::new(WeeklyDigests {
                notifications: notifications.clone(),
                source: Arc::new(store::SeaOrmDigestSource::new(db.clone())),
            }),
            jobs,
            clock,
        )),
    ]
}

/// The mailer `[mail] transport` chooses: the `.eml` outbox, or an SMTP relay.
fn mailer(settings: &Settings) -> Result<Arc<dyn Mailer>, StartupError> {
    let mail = &settings.mail;
    let config_error = |e: &dyn std::fmt::Display| StartupError::Config(format!("mail: {e}"));
    Ok(match mail.transport {
        MailTransportChoice::File => Arc::new(
            notify::FileOutboxMailer::new(settings.data_dir.join("outbox"), &mail.from)
                .map_err(|e| config_error(&e))?,
        ),
        MailTransportChoice::Smtp => {
            let mailer = notify::SmtpMailer::new(
                notify::SmtpConfig {
                    host: mail.smtp_host.clone(),
                    port: mail.smtp_port,
                    tls: match mail.smtp_tls {
                        SmtpTlsChoice::None => notify::SmtpTls::None,
                        SmtpTlsChoice::Starttls => notify::SmtpTls::StartTls,
                        SmtpTlsChoice::Tls => notify::SmtpTls::Tls,
                    },
                    username: mail.smtp_username.clone(),
                    password: mail.smtp_password.expose_secret().to_owned(),
                    timeout: std::time::Duration::from_secs(mail.smtp_timeout_seconds.max(1)),
                },
                &mail.from,
            )
            .map_err(|e| config_error(&e))?;
            tracing::info!(?mailer, "email goes through SMTP");
            Arc::new(mailer)
        }
    })
}

/// How notifications leave the server: email through the mailer, WhatsApp from each
/// workspace's own WhatsApp channel (its Graph client is separate from the channels'
/// so notification sends never wait behind customer replies in its rate limiter).
fn notifiers(
    settings: &Settings,
    secrets: &ServerSecrets,
    db: &DatabaseConnection,
    mailer: Arc<dyn Mailer>,
) -> Result<Vec<Arc<dyn Notifier>>, StartupError> {
    let meta_settings = &settings.meta;
    let graph = meta::MetaGraph::new(meta::MetaGraphConfig {
        base_url: meta_settings.graph_base_url.clone(),
        api_version: meta_settings.api_version.clone(),
        timeout: std::time::Duration::from_secs(meta_settings.timeout_seconds.max(1)),
        rate_limits: meta::RateLimits::default(),
    })
    .map_err(|e| StartupError::Config(format!("meta: {e}")))?;
    Ok(vec![
        Arc::new(notify::EmailNotifier::new(mailer)),
        Arc::new(notify::WhatsAppNotifier::new(
            store::ChannelRepositories::sea_orm(db.clone()).channels,
            Arc::new(crypto::DataCipher::new(&secrets.data_key)),
            Arc::new(graph),
            Arc::new(kernel::SystemClock),
        )),
    ])
}

/// Notifications over the store, to the members who answer customers, by email and
/// WhatsApp.
fn notifications_service(
    settings: &Settings,
    db: &DatabaseConnection,
    notifiers: Vec<Arc<dyn Notifier>>,
) -> notifications::service::NotificationService {
    notifications::service::NotificationService::new(
        notifications::service::NotificationPorts {
            repository: Arc::new(store::SeaOrmNotificationRepository::new(db.clone())),
            recipients: Arc::new(crate::notifications_adapters::MemberRecipients::new(
                store::IdentityRepositories::sea_orm(db.clone()).members,
            )),
            notifiers,
            clock: Arc::new(kernel::SystemClock),
        },
        notifications::templates::Links::new(&settings.public_url()),
    )
}

fn identity(
    settings: &Settings,
    secrets: &ServerSecrets,
    db: &DatabaseConnection,
    mailer: Arc<dyn Mailer>,
) -> Result<IdentityService, StartupError> {
    let repositories = store::IdentityRepositories::sea_orm(db.clone());
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
            mailer,
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

/// Orders over the store, priced by the catalog service itself (it implements
/// `PriceQuoter`), so an order's prices come from the same code as every other price.
fn orders(db: &DatabaseConnection, catalog: &CatalogService) -> orders::OrderService {
    orders::OrderService::new(orders::OrderPorts {
        orders: Arc::new(store::SeaOrmOrderRepository::new(db.clone())),
        prices: Arc::new(catalog.clone()),
        clock: Arc::new(kernel::SystemClock),
    })
}

fn catalog(db: &DatabaseConnection, events: Arc<dyn kernel::EventBus>) -> CatalogService {
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

/// What the channels service shares with the rest of the server.
struct ChannelsWiring {
    jobs: Arc<dyn JobQueue>,
    /// For the channel alerts' notifications.
    notifiers: Vec<Arc<dyn Notifier>>,
    widget_hub: Arc<WidgetHub>,
    responder: Option<Arc<dyn Responder>>,
    reply_gate: Arc<dyn channels::ports::ReplyGate>,
    events: Arc<dyn kernel::EventBus>,
}

fn channels(
    settings: &Settings,
    secrets: &ServerSecrets,
    db: &DatabaseConnection,
    wiring: ChannelsWiring,
) -> Result<ChannelsService, StartupError> {
    let meta_settings = &settings.meta;
    let graph_config = meta::MetaGraphConfig {
        base_url: meta_settings.graph_base_url.clone(),
        api_version: meta_settings.api_version.clone(),
        timeout: std::time::Duration::from_secs(meta_settings.timeout_seconds.max(1)),
        rate_limits: meta::RateLimits::default(),
    };
    let graph = Arc::new(
        meta::MetaGraph::new(graph_config.clone())
            .map_err(|e| StartupError::Config(format!("meta: {e}")))?,
    );
    let accounts = meta::MetaAccounts::new(
        graph_config,
        meta::MetaApp {
            app_id: meta_settings.app_id.clone(),
            app_secret: meta_settings.app_secret.expose_secret().to_owned(),
        },
    )
    .map_err(|e| StartupError::Config(format!("meta: {e}")))?;
    let gateways = Gateways::new()
        .with(Platform::Messenger, graph.clone())
        .with(Platform::Instagram, graph.clone())
        .with(Platform::WhatsApp, graph)
        .with(
            Platform::Web,
            Arc::new(WidgetGateway::new(wiring.widget_hub)),
        )
        .with(Platform::Playground, Arc::new(PlaygroundGateway));
    let repositories = store::ChannelRepositories::sea_orm(db.clone());
    let cipher: Arc<dyn SecretCipher> = Arc::new(crypto::DataCipher::new(&secrets.data_key));
    // A channel needing a reconnect is a notification (feed, email, the members'
    // preferences and quiet hours); `OwnerEmailAlerts` was its first, email-only form.
    let alerts = crate::notifications_adapters::NotificationChannelAlerts::new(
        notifications_service(settings, db, wiring.notifiers).with_events(wiring.events.clone()),
    );
    let app_id = meta_settings.app_id.trim();
    Ok(ChannelsService::new(
        ChannelsPorts {
            channels: repositories.channels,
            contacts: repositories.contacts,
            inbound: repositories.inbound,
            messages: repositories.messages,
            stats: Arc::new(store::SeaOrmChannelStats::new(db.clone())),
            gateways,
            accounts: Arc::new(accounts),
            cipher,
            jobs: wiring.jobs,
            responder: wiring
                .responder
                .unwrap_or_else(|| Arc::new(channels::ports::NoReply)),
            reply_gate: wiring.reply_gate,
            alerts: Arc::new(alerts),
            events: wiring.events,
            clock: Arc::new(kernel::SystemClock),
        },
        ChannelsSettings {
            meta_app_id: (!app_id.is_empty()).then(|| app_id.to_owned()),
        },
    ))
}

impl Services {
    /// Makes sure the configured embedder has its vector collection; a new one (first
    /// start, or another embedder) schedules a full re-index. An unreachable vector
    /// index does not stop the server: search answers 503 until it is back.
    pub async fn prepare_knowledge(&self) {
        match self.knowledge.prepare_index().await {
            Ok(plan) => {
                let spec = self.knowledge.embedder_spec();
                if plan.reindex {
                    tracing::info!(embedder = %spec, "new vector collection; re-indexing all knowledge");
                }
                for old in plan.obsolete {
                    tracing::info!(collection = %old, active = %spec, "vector collection of another embedder kept, unused; delete it once the re-index finished");
                }
            }
            Err(error) => tracing::error!(%error, "cannot prepare the vector index"),
        }
    }
}

fn knowledge(
    settings: &Settings,
    db: &DatabaseConnection,
    catalog: &CatalogService,
    jobs: Arc<dyn JobQueue>,
) -> Result<KnowledgeService, StartupError> {
    let config = &settings.knowledge;
    let embedder = embed::build_embedder(&embedder_config(settings))
        .map_err(|e| StartupError::Config(format!("knowledge.embedder: {e}")))?;
    let index: Arc<dyn VectorIndex> = match config.vector_index {
        VectorIndexChoice::Embedded => Arc::new(
            vector::EmbeddedIndex::open(settings.data_dir.join("vectors"))
                .map_err(|e| StartupError::Config(format!("knowledge.vector_index: {e}")))?,
        ),
        VectorIndexChoice::Qdrant => {
            let key = config.qdrant_api_key.expose_secret();
            Arc::new(
                vector::QdrantIndex::connect(
                    &config.qdrant_url,
                    (!key.is_empty()).then(|| key.to_owned()),
                )
                .map_err(|e| StartupError::Config(format!("knowledge.qdrant_url: {e}")))?,
            )
        }
    };
    let clock: Arc<dyn kernel::Clock> = Arc::new(kernel::SystemClock);
    let workspaces = store::IdentityRepositories::sea_orm(db.clone()).workspaces;
    Ok(KnowledgeService::with_default_settings(KnowledgePorts {
        repository: Arc::new(store::SeaOrmKnowledgeRepository::new(db.clone())),
        embedder,
        index,
        extractor: Arc::new(extract::NativeTextExtractor::new()),
        files: Arc::new(DiskDocumentFiles::new(
            settings.data_dir.join("knowledge").join("uploads"),
        )),
        catalog: Arc::new(CatalogProducts::new(catalog.clone(), workspaces)),
        workspaces: Arc::new(store::SeaOrmWorkspaceDirectory::new(db.clone())),
        tasks: Arc::new(JobQueueScheduler::new(jobs, clock.clone())),
        clock,
    }))
}

fn embedder_config(settings: &Settings) -> embed::EmbedderConfig {
    let config = &settings.knowledge;
    let model_dir = settings.model_dir();
    match config.embedder {
        EmbedderChoice::Auto => embed::EmbedderConfig::Auto { model_dir },
        EmbedderChoice::Hashing => embed::EmbedderConfig::Hashing,
        EmbedderChoice::Minilm => embed::EmbedderConfig::MiniLm { model_dir },
        EmbedderChoice::Openai => {
            let mut openai = embed::OpenAiEmbeddingsConfig::new(
                &config.openai_base_url,
                &config.openai_model,
                config.openai_dimension,
            );
            if !config.openai_api_key.expose_secret().is_empty() {
                openai.api_key = Some(config.openai_api_key.clone());
            }
            embed::EmbedderConfig::OpenAi(openai)
        }
    }
}

fn notes(
    db: &DatabaseConnection,
    events: Arc<dyn kernel::EventBus>,
    notifications: notifications::service::NotificationService,
) -> conversation::notes::NotesService {
    conversation::notes::NotesService::new(conversation::notes::NotePorts {
        notes: Arc::new(store::SeaOrmNoteRepository::new(db.clone())),
        inbox: Arc::new(store::SeaOrmInboxRepository::new(db.clone())),
        mentions: Arc::new(crate::notifications_adapters::NotificationMentions::new(
            notifications,
        )),
        events,
        clock: Arc::new(kernel::SystemClock),
    })
}

fn inbox(
    db: &DatabaseConnection,
    events: Arc<dyn kernel::EventBus>,
) -> conversation::inbox::InboxService {
    conversation::inbox::InboxService::new(conversation::inbox::InboxPorts {
        inbox: Arc::new(store::SeaOrmInboxRepository::new(db.clone())),
        conversations: Arc::new(store::SeaOrmConversationRepository::new(db.clone())),
        events,
        clock: Arc::new(kernel::SystemClock),
    })
}
