//! `spawn_app()`: the real server on port 0 with a fresh database and data folder.

use std::path::PathBuf;
use std::sync::Arc;

use chatdesk_server::events::BroadcastEventBus;
use chatdesk_server::{Application, Settings};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::db::TestDatabase;

pub const PASSWORD: &str = "Sunflower2024";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    /// The server's event bus: subscribe before a request to see what it published.
    pub events: Arc<BroadcastEventBus>,
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
    let events = application.events();
    tokio::spawn(application.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        data_dir,
        events,
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

    /// Posts a raw body with the given content type, as file uploads are sent.
    pub async fn post_body_as(
        &self,
        token: &str,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request")
    }

    /// Posts `bytes` as the file field `field` of a multipart/form-data form, the way a
    /// browser uploads a file (an extra text field comes first, as forms often have).
    pub async fn post_file_as(
        &self,
        token: &str,
        path: &str,
        field: &str,
        bytes: &[u8],
    ) -> Response {
        let boundary = "chatdesk-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nfrom the test\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"products.csv\"\r\n\
                 Content-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.post_body_as(
            token,
            path,
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await
    }

    /// Invites `email` into the owner's workspace as `role` and accepts as a new account;
    /// returns the member's access token.
    pub async fn join_as(&self, owner: &Owner, email: &str, role: &str) -> String {
        let response = self
            .post_as(
                &owner.access_token,
                "/api/v1/invitations",
                &json!({"email": email, "role": role}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let token = self.token_from_email(email, "/invitations/");
        let response = self
            .post(
                &format!("/api/v1/invitations/{token}/accept"),
                &json!({"password": PASSWORD, "name": "Teammate"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("json");
        body["access_token"].as_str().expect("access").to_owned()
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
