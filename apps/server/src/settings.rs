//! Layered configuration: built-in defaults, `config/default.toml`, `config/<CHATDESK_ENV>.toml`,
//! then `CHATDESK__SECTION__KEY` environment variables (and `DATABASE_URL`).

use std::path::{Path, PathBuf};

use config::{Config, Environment, File, FileFormat};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

const BUILT_IN_DEFAULTS: &str = include_str!("../../../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub security: SecuritySettings,
    pub rate_limits: RateLimitSettings,
    pub workspace: WorkspaceSettings,
    pub mail: MailSettings,
    pub telemetry: TelemetrySettings,
    pub worker: JobWorkerSettings,
    pub meta: MetaSettings,
    pub widget: WidgetSettings,
    pub knowledge: KnowledgeConfig,
    pub llm: LlmSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub public_url: String,
    pub cors_allowed_origins: Vec<String>,
    pub trust_proxy_headers: bool,
    pub json_body_limit_bytes: usize,
    /// The built dashboard (`make frontend`), served at `/`.
    pub dashboard_dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: SecretString,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    pub jwt_secret: SecretString,
    pub access_token_ttl_seconds: i64,
    pub refresh_token_ttl_days: i64,
    pub secure_cookies: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SecuritySettings {
    pub data_key: SecretString,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RateLimitSettings {
    pub login_attempts: u32,
    pub login_window_seconds: u64,
    pub registrations: u32,
    pub registration_window_seconds: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WorkspaceSettings {
    pub default_currency: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    pub from: String,
    /// `file` writes `.eml` files to `{data_dir}/outbox`; `smtp` hands email to a relay.
    pub transport: MailTransportChoice,
    pub smtp_host: String,
    pub smtp_port: u16,
    /// Empty: no SMTP AUTH.
    pub smtp_username: String,
    pub smtp_password: SecretString,
    pub smtp_tls: SmtpTlsChoice,
    pub smtp_timeout_seconds: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportChoice {
    File,
    Smtp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTlsChoice {
    /// Plain text: a relay on the same machine or private network only.
    None,
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    Starttls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
}

/// The in-process job runner (every replica runs one).
#[derive(Debug, Clone, Deserialize)]
pub struct JobWorkerSettings {
    pub enabled: bool,
    pub concurrency: usize,
}

/// Meta's platforms (Messenger, Instagram, WhatsApp Cloud): our app and the Graph API.
#[derive(Debug, Clone, Deserialize)]
pub struct MetaSettings {
    /// Our Meta app's id: echoes carrying it are our own sends; OAuth needs it.
    pub app_id: String,
    /// Keys `X-Hub-Signature-256` and the OAuth code exchange. Empty: webhooks are
    /// refused (nothing unsigned is ever stored).
    pub app_secret: SecretString,
    /// What Meta must echo when it verifies the webhook URL. Empty: never verifies.
    pub verify_token: SecretString,
    pub graph_base_url: String,
    pub api_version: String,
    pub timeout_seconds: u64,
    /// Largest webhook body read before answering 413.
    pub webhook_body_limit_bytes: usize,
    /// Where Facebook's OAuth dialog lives.
    pub oauth_dialog_url: String,
    /// Where Facebook sends the person back after the dialog. Empty:
    /// `{public_url}/channels/meta/callback` (the dashboard's page).
    pub oauth_redirect_uri: String,
}

/// The public website widget.
#[derive(Debug, Clone, Deserialize)]
pub struct WidgetSettings {
    /// Messages one visitor may send per minute.
    pub messages_per_minute: u32,
    /// The embeddable script. Empty: `{public_url}/widget.js`.
    pub script_url: String,
    /// The built widget script served at `/widget.js` (`make widget`); relative to the
    /// working directory.
    pub script_path: PathBuf,
}

/// The knowledge base: which embedder turns text into vectors, and where vectors live.
#[derive(Debug, Clone, Deserialize)]
pub struct KnowledgeConfig {
    pub embedder: EmbedderChoice,
    /// Where `make models` put MiniLM. Empty: `{data_dir}/models/all-MiniLM-L6-v2`.
    pub model_dir: String,
    /// An OpenAI-compatible `/v1/embeddings` API (`embedder = "openai"`).
    pub openai_base_url: String,
    pub openai_api_key: SecretString,
    pub openai_model: String,
    pub openai_dimension: usize,
    pub vector_index: VectorIndexChoice,
    /// Qdrant's gRPC address (`vector_index = "qdrant"`).
    pub qdrant_url: String,
    pub qdrant_api_key: SecretString,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmbedderChoice {
    /// MiniLM when its files are installed, else hashing.
    Auto,
    Hashing,
    Minilm,
    Openai,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VectorIndexChoice {
    /// In process, persisted under `{data_dir}/vectors`.
    Embedded,
    Qdrant,
}

/// The language model that drafts the assistant's answers and calls its tools
/// (`crate::language_model` builds it).
#[derive(Debug, Clone, Deserialize)]
pub struct LlmSettings {
    pub provider: LlmProviderChoice,
    /// An OpenAI-compatible API (with or without `/v1`), or `https://api.anthropic.com`.
    pub base_url: String,
    /// Empty: no key is sent (local servers such as Ollama need none).
    pub api_key: SecretString,
    /// Required unless `provider = "none"`.
    pub model: String,
    pub temperature: f32,
    pub max_tokens: u32,
    pub timeout_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LlmProviderChoice {
    /// The assistant answers with its grounded engine alone.
    None,
    /// Any OpenAI-compatible `/v1/chat/completions` API (OpenAI, Groq, OpenRouter,
    /// Ollama, vLLM).
    #[serde(alias = "openai_compatible", alias = "openai-compatible")]
    Openai,
    Anthropic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TelemetrySettings {
    pub format: LogFormat,
    pub level: String,
}

impl Settings {
    /// Loads settings from the working directory's `config/` and the process environment.
    pub fn load() -> Result<Self, config::ConfigError> {
        let environment = std::env::var("CHATDESK_ENV").unwrap_or_else(|_| "development".into());
        let config_dir = std::env::var("CHATDESK_CONFIG_DIR").unwrap_or_else(|_| "config".into());
        Self::load_from(Path::new(&config_dir), &environment, std::env::vars())
    }

    /// The same layering with explicit inputs, so tests need not touch the process environment.
    pub fn load_from(
        config_dir: &Path,
        environment: &str,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, config::ConfigError> {
        let vars: std::collections::HashMap<String, String> = vars.into_iter().collect();
        let mut builder = Config::builder()
            .add_source(File::from_str(BUILT_IN_DEFAULTS, FileFormat::Toml))
            .add_source(File::from(config_dir.join("default.toml")).required(false))
            .add_source(File::from(config_dir.join(environment)).required(false))
            .add_source(
                Environment::with_prefix("CHATDESK")
                    .prefix_separator("__")
                    .separator("__")
                    .list_separator(",")
                    .with_list_parse_key("server.cors_allowed_origins")
                    .try_parsing(true)
                    .source(Some(
                        vars.iter()
                            .filter(|(k, _)| k.starts_with("CHATDESK__"))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    )),
            );
        if let Some(url) = vars.get("DATABASE_URL").filter(|u| !u.is_empty()) {
            builder = builder.set_override("database.url", url.clone())?;
        }
        builder.build()?.try_deserialize()
    }

    /// The database to use: the configured URL, else a SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        let configured = self.database.url.expose_secret();
        if configured.is_empty() {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("chatdesk.db").display()
            )
        } else {
            configured.to_owned()
        }
    }

    pub fn oauth_redirect_uri(&self) -> String {
        match self.meta.oauth_redirect_uri.trim() {
            "" => format!("{}/channels/meta/callback", self.public_url()),
            configured => configured.to_owned(),
        }
    }

    pub fn widget_script_url(&self) -> String {
        match self.widget.script_url.trim() {
            "" => format!("{}/widget.js", self.public_url()),
            configured => configured.to_owned(),
        }
    }

    /// The MiniLM folder: configured, or under the data folder.
    pub fn model_dir(&self) -> PathBuf {
        match self.knowledge.model_dir.trim() {
            "" => self.data_dir.join("models/all-MiniLM-L6-v2"),
            configured => PathBuf::from(configured),
        }
    }

    pub fn public_url(&self) -> String {
        let configured = self.server.public_url.trim_end_matches('/');
        if configured.is_empty() {
            format!("http://{}:{}", self.server.host, self.server.port)
        } else {
            configured.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn starts_with_no_configuration_at_all() {
        let empty = tempfile::tempdir().unwrap();
        let settings = Settings::load_from(empty.path(), "development", vars(&[])).unwrap();
        assert_eq!(settings.server.host, "127.0.0.1");
        assert_eq!(settings.server.port, 8080);
        assert_eq!(
            settings.server.dashboard_dir,
            PathBuf::from("frontend/dist")
        );
        assert_eq!(settings.data_dir, PathBuf::from("./data"));
        assert_eq!(
            settings.widget.script_path,
            PathBuf::from("frontend/widget/dist/widget.js")
        );
        assert_eq!(
            settings.database_url(),
            "sqlite://./data/chatdesk.db?mode=rwc"
        );
    }

    #[test]
    fn environment_overrides_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("staging.toml"), "[server]\nport = 7000\n").unwrap();
        let settings = Settings::load_from(
            dir.path(),
            "staging",
            vars(&[
                ("CHATDESK__DATA_DIR", "/tmp/cd"),
                ("CHATDESK__SERVER__HOST", "0.0.0.0"),
                (
                    "CHATDESK__SERVER__CORS_ALLOWED_ORIGINS",
                    "https://a.example,https://b.example",
                ),
                ("DATABASE_URL", "postgres://u:p@db/chatdesk"),
            ]),
        )
        .unwrap();
        assert_eq!(settings.server.port, 7000);
        assert_eq!(settings.server.host, "0.0.0.0");
        assert_eq!(settings.data_dir, PathBuf::from("/tmp/cd"));
        assert_eq!(settings.server.cors_allowed_origins.len(), 2);
        assert_eq!(settings.database_url(), "postgres://u:p@db/chatdesk");
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::load_from(
            dir.path(),
            "development",
            vars(&[
                ("CHATDESK__AUTH__JWT_SECRET", "super-secret-value"),
                ("DATABASE_URL", "postgres://u:hunter2@db/chatdesk"),
            ]),
        )
        .unwrap();
        let printed = format!("{settings:?}");
        assert!(!printed.contains("super-secret-value"));
        assert!(!printed.contains("hunter2"));
    }

    #[test]
    fn mail_defaults_to_the_file_outbox_and_env_switches_to_smtp() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::load_from(dir.path(), "development", vars(&[])).unwrap();
        assert_eq!(settings.mail.transport, MailTransportChoice::File);
        assert_eq!(settings.mail.smtp_tls, SmtpTlsChoice::Starttls);
        let settings = Settings::load_from(
            dir.path(),
            "development",
            vars(&[
                ("CHATDESK__MAIL__TRANSPORT", "smtp"),
                ("CHATDESK__MAIL__SMTP_HOST", "smtp.example.com"),
                ("CHATDESK__MAIL__SMTP_PORT", "465"),
                ("CHATDESK__MAIL__SMTP_TLS", "tls"),
                ("CHATDESK__MAIL__SMTP_USERNAME", "desk"),
                ("CHATDESK__MAIL__SMTP_PASSWORD", "smtp-pass-123"),
            ]),
        )
        .unwrap();
        assert_eq!(settings.mail.transport, MailTransportChoice::Smtp);
        assert_eq!(settings.mail.smtp_host, "smtp.example.com");
        assert_eq!(settings.mail.smtp_port, 465);
        assert_eq!(settings.mail.smtp_tls, SmtpTlsChoice::Tls);
        assert_eq!(settings.mail.smtp_password.expose_secret(), "smtp-pass-123");
        assert!(!format!("{settings:?}").contains("smtp-pass-123"));
    }

    #[test]
    fn knowledge_defaults_embed_locally_and_env_switches_embedder_and_index() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::load_from(dir.path(), "development", vars(&[])).unwrap();
        assert_eq!(settings.knowledge.embedder, EmbedderChoice::Auto);
        assert_eq!(settings.knowledge.vector_index, VectorIndexChoice::Embedded);
        assert_eq!(
            settings.model_dir(),
            PathBuf::from("./data/models/all-MiniLM-L6-v2")
        );
        let settings = Settings::load_from(
            dir.path(),
            "development",
            vars(&[
                ("CHATDESK__KNOWLEDGE__EMBEDDER", "openai"),
                ("CHATDESK__KNOWLEDGE__OPENAI_DIMENSION", "768"),
                ("CHATDESK__KNOWLEDGE__VECTOR_INDEX", "qdrant"),
                ("CHATDESK__KNOWLEDGE__QDRANT_URL", "http://qdrant:6334"),
                ("CHATDESK__KNOWLEDGE__MODEL_DIR", "/models/minilm"),
            ]),
        )
        .unwrap();
        assert_eq!(settings.knowledge.embedder, EmbedderChoice::Openai);
        assert_eq!(settings.knowledge.openai_dimension, 768);
        assert_eq!(settings.knowledge.vector_index, VectorIndexChoice::Qdrant);
        assert_eq!(settings.knowledge.qdrant_url, "http://qdrant:6334");
        assert_eq!(settings.model_dir(), PathBuf::from("/models/minilm"));
        assert!(
            Settings::load_from(
                dir.path(),
                "development",
                vars(&[("CHATDESK__KNOWLEDGE__EMBEDDER", "word2vec")])
            )
            .is_err()
        );
    }
}
