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

/// Two replicas of the server on one fresh PostgreSQL database, sharing their secrets
/// (as a deployment's replicas do), so a token from one is valid on the other. `None`
/// when PostgreSQL is unreachable outside CI. The first replica owns the database.
pub async fn spawn_replicas_on_postgres() -> Option<(TestApp, TestApp)> {
    let database = TestDatabase::postgres().await?;
    let url = database.url.clone();
    let shared = move |s: &mut Settings| {
        s.database.url = url.clone().into();
        s.auth.jwt_secret =
            "replicas-share-this-jwt-secret-of-sixty-four-characters-0123456".into();
        s.security.data_key = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into();
    };
    let mut first = spawn_app_with(shared.clone()).await;
    let second = spawn_app_with(shared).await;
    first._database = Some(database);
    Some((first, second))
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

// ------------------------------------------------------------------------ channels

/// The Meta app the channel tests configure: webhooks are signed with this secret.
pub const META_APP_SECRET: &str = "chatdesk-test-app-secret";
pub const META_VERIFY_TOKEN: &str = "chatdesk-test-verify-token";
/// The app id the echo fixture names, so its echo is recognised as our own send.
pub const META_APP_ID: &str = "1517776481860111";
pub const GRAPH_VERSION: &str = "v25.0";

/// Configures the Meta app and points the Graph API at `graph_url` (a wiremock server).
pub fn with_meta(settings: &mut Settings, graph_url: &str) {
    settings.meta.app_secret = META_APP_SECRET.to_owned().into();
    settings.meta.verify_token = META_VERIFY_TOKEN.to_owned().into();
    settings.meta.app_id = META_APP_ID.to_owned();
    settings.meta.graph_base_url = graph_url.to_owned();
    settings.meta.api_version = GRAPH_VERSION.to_owned();
    settings.meta.timeout_seconds = 2;
}

/// Spawns with settings adjusted by `configure` and adapters replaced by `overrides`
/// (a responder that answers, for tests that need replies).
pub async fn spawn_app_with_overrides(
    configure: impl FnOnce(&mut Settings),
    overrides: chatdesk_server::services::Overrides,
) -> TestApp {
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
    let application = Application::build_with(settings, overrides)
        .await
        .expect("server starts");
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

/// A responder that answers every customer message with `text`.
pub struct FixedReply(pub &'static str);

#[async_trait::async_trait]
impl channels::ports::Responder for FixedReply {
    async fn reply(
        &self,
        _: &channels::ports::ReplyRequest,
    ) -> Result<Option<channels::OutboundContent>, channels::ports::ResponderError> {
        Ok(Some(channels::OutboundContent::text(self.0)))
    }
}

/// A fixture from `crates/meta/tests/fixtures`, e.g. `meta/text_message.json`.
pub fn meta_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/meta/tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// The `X-Hub-Signature-256` Meta would send for `body`.
pub fn meta_signature(body: &[u8]) -> String {
    meta::HmacSha256Verifier::new(META_APP_SECRET)
        .expect("verifier")
        .sign(body)
}

/// A Messenger text webhook for `page` from `psid`, stamped now (so the messaging
/// window is open and a reply may go out).
pub fn messenger_text_webhook(page: &str, psid: &str, mid: &str, text: &str) -> Vec<u8> {
    let now = chrono::Utc::now().timestamp_millis();
    serde_json::to_vec(&json!({
        "object": "page",
        "entry": [{
            "id": page,
            "time": now,
            "messaging": [{
                "sender": { "id": psid },
                "recipient": { "id": page },
                "timestamp": now,
                "message": { "mid": mid, "text": text }
            }]
        }]
    }))
    .expect("json")
}

impl TestApp {
    /// POSTs `body` to a webhook path with a valid signature.
    pub async fn post_webhook(&self, path: &str, body: &[u8]) -> Response {
        self.post_webhook_with(path, body, Some(&meta_signature(body)))
            .await
    }

    /// POSTs `body` with the given signature header (or none).
    pub async fn post_webhook_with(
        &self,
        path: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request.header("x-hub-signature-256", signature);
        }
        request.send().await.expect("request")
    }

    /// Where this app's database is.
    pub fn database_url(&self) -> String {
        match &self._database {
            Some(database) => database.url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("chatdesk.db").display()
            ),
        }
    }

    /// The first column of the first row of `sql`, as a number (a `COUNT(*)`).
    pub async fn count(&self, sql: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let db = store::connect(&self.database_url())
            .await
            .expect("database");
        let statement = Statement::from_string(db.get_database_backend(), sql.to_owned());
        let row = db
            .query_one_raw(statement)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .expect("a row");
        let value = row.try_get_by_index::<i64>(0).expect("a number");
        db.close().await.ok();
        value
    }

    /// Polls `sql` until it counts `expected` or `within` passes; returns the last count.
    pub async fn eventually_count(
        &self,
        sql: &str,
        expected: i64,
        within: std::time::Duration,
    ) -> i64 {
        let deadline = std::time::Instant::now() + within;
        loop {
            let count = self.count(sql).await;
            if count == expected || std::time::Instant::now() >= deadline {
                return count;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Connects a Messenger Page through the API, with the Graph API at `graph`
    /// accepting the token; returns the channel as the API answered it.
    pub async fn connect_messenger(
        &self,
        graph: &wiremock::MockServer,
        owner: &Owner,
        page_id: &str,
        token: &str,
    ) -> Value {
        use wiremock::matchers::{method, path, query_param};
        use wiremock::{Mock, ResponseTemplate};
        Mock::given(method("GET"))
            .and(path(format!("/{GRAPH_VERSION}/{page_id}")))
            .and(query_param("access_token", token))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"name": "Glow Beauty", "id": page_id})),
            )
            .mount(graph)
            .await;
        Mock::given(method("POST"))
            .and(path(format!("/{GRAPH_VERSION}/{page_id}/subscribed_apps")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
            .mount(graph)
            .await;
        let response = self
            .post_as(
                &owner.access_token,
                "/api/v1/channels/messenger",
                &json!({"page_id": page_id, "access_token": token}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.expect("channel json")
    }
}

// ------------------------------------------------------------------------ knowledge

impl TestApp {
    /// Uploads `bytes` as the `file` field of a form, named `file_name` and declared as
    /// `content_type`, to `/api/v1/knowledge/documents`.
    pub async fn upload_document_as(
        &self,
        token: &str,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Response {
        let boundary = "chatdesk-knowledge-boundary-3fQ9xZ";
        let mut body = Vec::with_capacity(bytes.len() + 512);
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
                 Content-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.post_body_as(
            token,
            "/api/v1/knowledge/documents",
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await
    }

    /// `POST /api/v1/knowledge/test` and its JSON, failing the test on anything but 200.
    pub async fn knowledge_test(&self, token: &str, query: &str, top_k: u32) -> Value {
        let response = self
            .post_as(
                token,
                "/api/v1/knowledge/test",
                &json!({"query": query, "top_k": top_k}),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "knowledge test '{query}'"
        );
        response.json().await.expect("knowledge test json")
    }

    /// Calls `GET path` until `done` accepts the JSON, failing the test with the last
    /// answer once `deadline` has passed. For background work (document processing,
    /// indexing) whose end the API shows.
    pub async fn poll_until(
        &self,
        token: &str,
        path: &str,
        deadline: std::time::Duration,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let started = std::time::Instant::now();
        loop {
            let response = self.get_as(token, path).await;
            let body: Value = response.json().await.expect("json");
            if done(&body) {
                return body;
            }
            if started.elapsed() > deadline {
                panic!("GET {path}: not done after {deadline:?}: {body}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}
