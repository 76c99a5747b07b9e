//! The server under test, as a child process of its own.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Server {
    child: Child,
    port: u16,
    postgres: bool,
    _data: tempfile::TempDir,
}

impl Server {
    /// Starts the server with `extra_env` on top of the bench's own settings.
    pub async fn start(extra_env: &[(&str, String)]) -> Result<Self, String> {
        let database_url = std::env::var("BENCH_DATABASE_URL").unwrap_or_default();
        Self::start_on(extra_env, database_url).await
    }

    /// Starts the server on `database_url` (empty: SQLite in its data folder).
    pub async fn start_on(
        extra_env: &[(&str, String)],
        database_url: String,
    ) -> Result<Self, String> {
        let binary = sibling_binary("chatdesk")?;
        let data = tempfile::tempdir().map_err(|e| e.to_string())?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let mut command = Command::new(binary);
        for (key, value) in extra_env {
            command.env(key, value);
        }
        let child = command
            .env("CHATDESK__SERVER__PORT", port.to_string())
            .env("CHATDESK__DATA_DIR", data.path())
            .env("CHATDESK__TELEMETRY__LEVEL", "warn")
            .env("CHATDESK__RATE_LIMITS__LOGIN_ATTEMPTS", "1000000")
            .env("CHATDESK__DATABASE__URL", &database_url)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let server = Self {
            child,
            port,
            postgres: !database_url.is_empty(),
            _data: data,
        };
        for _ in 0..100 {
            if let Ok(response) = reqwest::get(format!("{}/readyz", server.base_url())).await
                && response.status().is_success()
            {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err("the server did not become ready within 10 s".into())
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn database_kind(&self) -> &'static str {
        if self.postgres {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    /// The server's peak resident memory, read from /proc.
    pub fn peak_rss(&self) -> Option<String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server binary built next to this one (`make bench` builds both in release).
fn sibling_binary(name: &str) -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let path = me.with_file_name(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found: build it with `cargo build --release -p chatdesk-server`",
            path.display()
        ))
    }
}
