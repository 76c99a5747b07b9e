//! `Application::build(Settings)`: the one place adapters are chosen and wired into the
//! domain services. `main` and the tests both start the server through it.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use secrecy::ExposeSecret;
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::events::BroadcastEventBus;
use crate::http::json::JsonLimit;
use crate::http::metrics::Metrics;
use crate::http::rate_limit::RateLimiter;
use crate::http::{ApiError, ErrorCode, request_id};
use crate::openapi::ApiDoc;
use crate::secrets;
use crate::services::{Overrides, Services};
use crate::settings::Settings;
use crate::state::{AppState, Limits, MetaState, WidgetState};
use crate::worker::{RunningWorker, Worker, WorkerSettings};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Secrets(#[from] secrets::SecretsError),
    #[error("database: {0}")]
    Store(#[from] store::StoreError),
    #[error("configuration: {0}")]
    Config(String),
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
}

pub struct Application {
    port: u16,
    server: Server,
    events: Arc<BroadcastEventBus>,
    worker: Option<RunningWorker>,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with(settings, Overrides::default()).await
    }

    /// `build` with some adapters replaced (tests register a responder this way).
    pub async fn build_with(
        settings: Settings,
        overrides: Overrides,
    ) -> Result<Self, StartupError> {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| StartupError::DataDir {
            path: settings.data_dir.display().to_string(),
            source,
        })?;
        let secrets = secrets::load_or_generate(&settings)?;
        let db = store::connect(&settings.database_url()).await?;
        store::migrate(&db).await?;

        let services = Services::build(&settings, &secrets, &db, overrides)?;
        services.prepare_knowledge().await;
        services.realtime.ready().await;
        let worker = if settings.worker.enabled && !services.job_handlers.is_empty() {
            let mut worker = Worker::new(
                services.jobs.clone(),
                Arc::new(kernel::SystemClock),
                WorkerSettings {
                    concurrency: settings.worker.concurrency,
                    ..WorkerSettings::default()
                },
            );
            for handler in &services.job_handlers {
                worker.register(handler.clone());
            }
            // One row per recurring job across replicas (see `jobs::recurring`).
            if let Err(error) = crate::jobs::schedule(
                services.jobs.as_ref(),
                &crate::jobs::RECURRING_JOBS,
                chrono::Utc::now(),
            )
            .await
            {
                tracing::error!(%error, "cannot schedule the recurring jobs");
            }
            Some(worker.start())
        } else {
            None
        };
        let events = services.events.clone();

        let limits = &settings.rate_limits;
        let meta_settings = &settings.meta;
        let verifier = match meta_settings.app_secret.expose_secret() {
            "" => None,
            secret => Some(
                meta::HmacSha256Verifier::new(secret)
                    .map_err(|e| StartupError::Config(format!("meta.app_secret: {e}")))?,
            ),
        };
        let signer = crypto::Signer::new(secrets.jwt_secret.expose_secret().as_bytes())
            .map_err(|e| StartupError::Config(format!("auth.jwt_secret: {e}")))?;
        let state = web::Data::new(AppState {
            identity: services.identity,
            catalog: services.catalog,
            knowledge: services.knowledge,
            channels: services.channels,
            orders: services.orders,
            notifications: services.notifications,
            assistant: services.assistant,
            inbox: services.inbox,
            notes: services.notes,
            meta: MetaState {
                verifier,
                verify_token: meta_settings.verify_token.clone(),
                webhook_body_limit: meta_settings.webhook_body_limit_bytes,
                app_id: meta_settings.app_id.clone(),
                api_version: meta_settings.api_version.clone(),
                oauth_dialog_url: meta_settings.oauth_dialog_url.clone(),
                oauth_redirect_uri: settings.oauth_redirect_uri(),
            },
            widget: WidgetState {
                hub: services.widget_hub,
                messages_per_minute: settings.widget.messages_per_minute,
                script_url: settings.widget_script_url(),
                script_path: settings.widget.script_path.clone(),
            },
            signer,
            events: services.events,
            realtime: services.realtime,
            jobs: services.jobs,
            db,
            rate_limiter: Arc::new(RateLimiter::default()),
            limits: Limits {
                login_attempts: limits.login_attempts,
                login_window: Duration::from_secs(limits.login_window_seconds),
                registrations: limits.registrations,
                registration_window: Duration::from_secs(limits.registration_window_seconds),
            },
            secure_cookies: settings.auth.secure_cookies,
            trust_proxy_headers: settings.server.trust_proxy_headers,
        });
        let metrics = web::Data::new(Metrics::default());
        let json_limit = web::Data::new(JsonLimit(settings.server.json_body_limit_bytes));
        let cors_origins = settings.server.cors_allowed_origins.clone();
        let document = crate::openapi::document();
        let dashboard_dir = settings.server.dashboard_dir.clone();

        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = TcpListener::bind(&address).map_err(|source| StartupError::Listen {
            address: address.clone(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Listen { address, source })?
            .port();

        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(metrics.clone())
                .app_data(json_limit.clone())
                .app_data(web::QueryConfig::default().error_handler(|err, _| {
                    ApiError::new(ErrorCode::ValidationFailed, format!("query: {err}")).into()
                }))
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|_, _| ApiError::not_found("resource").into()),
                )
                .wrap(security_headers())
                .wrap(cors(&cors_origins))
                .wrap(from_fn(request_id::middleware))
                // Before the /api/v1 scope, which would otherwise claim the spec's path.
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .url("/api/v1/openapi.json", document.clone()),
                )
                .into_utoipa_app()
                .openapi(ApiDoc::openapi())
                .configure(crate::routes::operations)
                .service(
                    scope::scope("/api/v1")
                        .wrap(DefaultHeaders::new().add(("Cache-Control", "no-store")))
                        .configure(crate::routes::api_v1),
                )
                .into_app()
                // Last: the dashboard answers only what no other route claimed.
                .service(crate::routes::dashboard::service(dashboard_dir.clone()))
                .default_service(web::to(route_not_found))
        })
        .listen(listener)
        .map_err(|source| StartupError::Listen {
            address: format!("port {port}"),
            source,
        })?
        .shutdown_timeout(10)
        .run();
        Ok(Self {
            port,
            server,
            events,
            worker,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The process's event bus, for whatever listens in-process (tests, a realtime
    /// endpoint) without going through HTTP.
    pub fn events(&self) -> Arc<BroadcastEventBus> {
        self.events.clone()
    }

    /// Serves until the process is told to stop, then lets running jobs finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        if let Some(worker) = self.worker {
            worker.shutdown().await;
        }
        served
    }
}

async fn route_not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::RouteNotFound, "no such endpoint"))
}

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
}

/// Same-origin only unless origins are configured; credentials allowed for the refresh cookie.
/// The public widget API is called from customers' own sites: any origin passes CORS
/// there, and each widget checks its own allowed origins (403 otherwise).
fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_origin_fn(|_, request| request.uri.path().starts_with("/api/v1/widget/"))
        // The widget script itself loads on any site too (with `crossorigin`, or fetched).
        .allowed_origin_fn(|_, request| request.uri.path() == "/widget.js")
        .allowed_methods(["GET", "POST", "PATCH", "PUT", "DELETE"])
        .allowed_headers(["authorization", "content-type", "x-request-id"])
        .expose_headers(["x-request-id", "retry-after"])
        .supports_credentials()
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}
