//! Webhook ingest: signed Messenger text webhooks POSTed the way Meta sends them, each
//! a new message (so each is verified, parsed and stored with its job), first at a
//! fixed rate (open loop: requests leave on schedule whether or not earlier ones were
//! answered, as Meta's do), then as fast as a few connections can go. The worker
//! processes the stored events meanwhile, as it would in production.
//!
//! The Graph API the server talks to while connecting the Page (and reading profiles)
//! is a local stub, so nothing leaves the machine.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const APP_SECRET: &str = "bench-app-secret";
pub const PAGE: &str = "106540352242922";

/// A Graph API stand-in that accepts any token for the bench Page.
pub async fn graph_stub() -> MockServer {
    let graph = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(format!("^/v[0-9.]+/{PAGE}$")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "Bench Page"})))
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(format!("^/v[0-9.]+/{PAGE}/subscribed_apps$")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .mount(&graph)
        .await;
    graph
}

/// Meta's signer: HMAC-SHA256 keyed with the app secret.
fn signer() -> Result<Hmac<Sha256>, String> {
    Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).map_err(|e| e.to_string())
}

/// One Messenger text webhook as Meta sends it, signed.
fn signed_webhook(signer: &Hmac<Sha256>, n: usize) -> (Vec<u8>, String) {
    let now = 1_767_225_600_000_i64 + n as i64;
    let body = json!({
        "object": "page",
        "entry": [{
            "id": PAGE,
            "time": now,
            "messaging": [{
                "sender": { "id": format!("69526187047{:05}", n % 1000) },
                "recipient": { "id": PAGE },
                "timestamp": now,
                "message": {
                    "mid": format!("m_bench_{n}_AG5Hz2Uq7tuwNEhXfYYKj8mJEM"),
                    "text": "Hi! Do you have the vitamin C serum in 30 ml? Delivery to Milano? 🙏"
                }
            }]
        }]
    })
    .to_string()
    .into_bytes();
    let mut mac = signer.clone();
    mac.update(&body);
    let tag: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (body, format!("sha256={tag}"))
}

pub struct IngestReport {
    pub name: String,
    pub sent: usize,
    pub acked: usize,
    pub errors: usize,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl IngestReport {
    fn from(
        name: String,
        sent: usize,
        mut latencies: Vec<Duration>,
        errors: usize,
        seconds: f64,
    ) -> Self {
        latencies.sort();
        let pick = |p: f64| {
            if latencies.is_empty() {
                return 0.0;
            }
            let index = ((latencies.len() as f64 - 1.0) * p).round() as usize;
            latencies[index].as_secs_f64() * 1000.0
        };
        Self {
            name,
            sent,
            acked: latencies.len(),
            errors,
            seconds,
            p50_ms: pick(0.50),
            p99_ms: pick(0.99),
            max_ms: pick(1.0),
        }
    }

    pub fn print_header() {
        println!(
            "| {:<34} | {:>6} | {:>6} | {:>6} | {:>8} | {:>7} | {:>7} | {:>7} |",
            "webhook ingest", "sent", "acked", "errors", "acks/s", "p50 ms", "p99 ms", "max ms"
        );
        println!(
            "|{:-<36}|{:->8}|{:->8}|{:->8}|{:->10}|{:->9}|{:->9}|{:->9}|",
            "", "", "", "", "", "", "", ""
        );
    }

    pub fn print(&self) {
        println!(
            "| {:<34} | {:>6} | {:>6} | {:>6} | {:>8.0} | {:>7.2} | {:>7.2} | {:>7.2} |",
            self.name,
            self.sent,
            self.acked,
            self.errors,
            self.acked as f64 / self.seconds.max(f64::EPSILON),
            self.p50_ms,
            self.p99_ms,
            self.max_ms
        );
    }
}

async fn post(client: &reqwest::Client, url: &str, body: Vec<u8>, signature: &str) -> bool {
    match client
        .post(url)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await
    {
        Ok(response) if response.status().is_success() => {
            let _ = response.bytes().await;
            true
        }
        _ => false,
    }
}

/// `rate` signed POSTs a second for `seconds`, each leaving on schedule. Latency is
/// measured from when the request was due, so a slow server shows as queueing.
pub async fn fixed_rate(
    client: &reqwest::Client,
    url: &str,
    first: usize,
    rate: usize,
    seconds: u64,
) -> Result<IngestReport, String> {
    let total = rate * seconds as usize;
    let signer = signer()?;
    let bodies: Vec<_> = (first..first + total)
        .map(|n| signed_webhook(&signer, n))
        .collect();
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for (i, (body, signature)) in bodies.into_iter().enumerate() {
        let due = started + interval.mul_f64(i as f64);
        tokio::time::sleep_until(due.into()).await;
        let client = client.clone();
        let url = url.to_owned();
        tasks.push(tokio::spawn(async move {
            let ok = post(&client, &url, body, &signature).await;
            (ok, due.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let mut errors = 0;
    for task in tasks {
        match task.await {
            Ok((true, latency)) => latencies.push(latency),
            _ => errors += 1,
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok(IngestReport::from(
        format!("{rate}/s for {seconds} s"),
        total,
        latencies,
        errors,
        elapsed,
    ))
}

/// As fast as `connections` clients can go, `total` signed POSTs.
pub async fn flat_out(
    client: &reqwest::Client,
    url: &str,
    first: usize,
    total: usize,
    connections: usize,
) -> Result<IngestReport, String> {
    let signer = signer()?;
    let bodies = Arc::new(
        (first..first + total)
            .map(|n| signed_webhook(&signer, n))
            .collect::<Vec<_>>(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..connections {
        let (client, url, bodies, next) =
            (client.clone(), url.to_owned(), bodies.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((body, signature)) = bodies.get(i) else {
                    break;
                };
                let sent = Instant::now();
                if post(&client, &url, body.clone(), signature).await {
                    latencies.push(sent.elapsed());
                } else {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    let mut errors = 0;
    for worker in workers {
        if let Ok((mut l, e)) = worker.await {
            latencies.append(&mut l);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok(IngestReport::from(
        format!("as fast as possible, {connections} conns"),
        total,
        latencies,
        errors,
        elapsed,
    ))
}

/// The section on a server of its own (`chatdesk-bench webhooks`).
pub async fn bench(password: &str) -> Result<(), String> {
    let graph = graph_stub().await;
    let server = crate::server::Server::start(&server_env(&graph)).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let base = server.base_url();
    let registered: Value = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "bench@chatdesk.local", "password": password, "business_name": "Bench Shop"}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let access = registered["tokens"]["access_token"]
        .as_str()
        .ok_or("registration returned no token")?;
    println!(
        "ChatDesk bench: server on {base} ({})",
        server.database_kind()
    );
    println!();
    section(&client, &base, access).await?;
    println!();
    println!(
        "Server peak RSS: {}",
        server.peak_rss().unwrap_or_else(|| "unknown".into())
    );
    Ok(())
}

/// What the server needs to accept the bench's webhooks and reach the stub.
pub fn server_env(graph: &MockServer) -> Vec<(&'static str, String)> {
    vec![
        ("CHATDESK__META__APP_SECRET", APP_SECRET.to_owned()),
        ("CHATDESK__META__GRAPH_BASE_URL", graph.uri()),
    ]
}

/// Connects the bench Page, then measures signed webhook POSTs to their 200.
pub async fn section(client: &reqwest::Client, base: &str, access: &str) -> Result<(), String> {
    let connected = client
        .post(format!("{base}/api/v1/channels/messenger"))
        .bearer_auth(access)
        .json(&json!({"page_id": PAGE, "access_token": "EAAGbenchpagetoken"}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !connected.status().is_success() {
        return Err(format!(
            "connecting the bench Page answered {}",
            connected.status()
        ));
    }
    let url = format!("{base}/api/v1/webhooks/meta");
    IngestReport::print_header();
    let steady = fixed_rate(client, &url, 0, 500, 4).await?;
    steady.print();
    let burst = flat_out(client, &url, 1_000_000, 3_000, 16).await?;
    burst.print();
    println!("  each POST: signature check, parse, one transaction storing the event and its job;");
    println!("  the worker processes the events meanwhile. Target: p99 under 20 ms at 500/s.");
    Ok(())
}
