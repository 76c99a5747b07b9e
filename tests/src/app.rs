//! `spawn_app()`: the real server on port 0 with a fresh database and data folder.

use std::path::PathBuf;

use chatdesk_server::{Application, Settings};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::db::TestDatabase;

pub const PASSWORD: &str = "Sunflower2024";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    _data: tempfile::TempDir,
    _database: Option<TestDatabase>,
}

/// A registered owner, signed in.
#[derive(Debug, Clone)]
pub struct Owner {
    pub email: String,
    pub access_token: String,
    pub refresh_token: String,
    pub user_id: String,
    pub workspace_id: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Spawns with settings adjusted by `configure` (the data folder and port are already set).
/// Spawns on a fresh PostgreSQL database; `None` when PostgreSQL is unreachable outside CI.
pub async fn spawn_app_on_postgres() -> Option<TestApp> {
    let database = TestDatabase::postgres().await?;
    let url = database.url.clone();
    let mut app = spawn_app_with(|s| s.database.url = url.into()).await;
    app._database = Some(database);
    Some(app)
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let data = tempfile::tempdir().expect("temp dir");
    let vars = vec![
        (
            "CHATDESK__DATA_DIR".to_owned(),
            data.path().display().to_string(),
        ),
        ("CHATDESK__SERVER__PORT".to_owned(), "0".to_owned()),
        ("CHATDESK__TELEMETRY__LEVEL".to_owned(), "warn".to_owned()),
    ];
    let no_config_dir = data.path().join("no-config");
    let mut settings = Settings::load_from(&no_config_dir, "test", vars).expect("settings");
    configure(&mut settings);
    let data_dir = settings.data_dir.clone();
    let application = Application::build(settings).await.expect("server starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        data_dir,
        _data: data,
        _database: None,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_as(&self, token: &str, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn patch_as(&self, token: &str, path: &str, body: &Value) -> Response {
        self.client
            .patch(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete_as(&self, token: &str, path: &str) -> Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// Registers an owner with a fresh workspace and returns their tokens.
    pub async fn register(&self, email: &str, business: &str) -> Owner {
        let response = self
            .post(
                "/api/v1/auth/register",
                &json!({"email": email, "password": PASSWORD, "business_name": business}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        Owner {
            email: email.to_owned(),
            access_token: body["tokens"]["access_token"]
                .as_str()
                .expect("access")
                .to_owned(),
            refresh_token: body["tokens"]["refresh_token"]
                .as_str()
                .expect("refresh")
                .to_owned(),
            user_id: body["user"]["id"].as_str().expect("user id").to_owned(),
            workspace_id: body["workspace"]["id"]
                .as_str()
                .expect("workspace id")
                .to_owned(),
        }
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Every email written to the outbox so far, oldest first.
    pub fn emails(&self) -> Vec<String> {
        let dir = self.data_dir.join("outbox");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }

    /// The token following `marker` in the newest email to `to`.
    pub fn token_from_email(&self, to: &str, marker: &str) -> String {
        let email = self
            .emails()
            .into_iter()
            .rev()
            .find(|e| e.contains(&format!("To: {to}")))
            .unwrap_or_else(|| panic!("no email to {to}"));
        let start = email
            .find(marker)
            .unwrap_or_else(|| panic!("no {marker} in {email}"))
            + marker.len();
        email[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    }
}

/// The `error.code` of an error response.
pub async fn error_code(response: Response) -> String {
    let body: Value = response.json().await.expect("json error body");
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
