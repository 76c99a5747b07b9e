//! Live-update fan-out: 1,000 dashboards on `GET /api/v1/realtime`, one playground
//! customer asking for a person per round (a `conversation.escalated` event), and the
//! delay from the event's `at` (set by the server as it logs the event) to its arrival
//! at each dashboard. Server and bench share the machine's clock.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::{StreamExt, stream};
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

const CLIENTS: usize = 1_000;
const ROUNDS: usize = 5;
/// Handshakes in flight at once while the dashboards connect.
const CONNECTING: usize = 64;

/// One dashboard's arrival: which conversation, how late.
type Arrival = (String, f64);

/// `chatdesk-bench realtime`: a fresh server and this section alone.
pub async fn bench(password: &str) -> Result<(), String> {
    let graph = crate::webhooks::graph_stub().await;
    let server = crate::server::Server::start(&crate::webhooks::server_env(&graph)).await?;
    let client = reqwest::Client::builder()
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
    section(&client, &base, access).await
}

pub async fn section(client: &reqwest::Client, base: &str, access: &str) -> Result<(), String> {
    let url = format!(
        "{}/api/v1/realtime?token={access}",
        base.replace("http://", "ws://")
    );
    let (arrivals, mut received) = mpsc::unbounded_channel::<Arrival>();
    let sockets: Vec<_> = stream::iter(0..CLIENTS)
        .map(|_| tokio_tungstenite::connect_async(url.clone()))
        .buffer_unordered(CONNECTING)
        .collect()
        .await;
    let mut connected = 0;
    for socket in sockets {
        let (socket, _) = socket.map_err(|e| format!("realtime connect: {e}"))?;
        connected += 1;
        tokio::spawn(listen(socket, arrivals.clone()));
    }
    drop(arrivals);

    let mut latencies = Vec::with_capacity(CLIENTS * ROUNDS);
    let mut slowest_round = 0f64;
    for round in 0..ROUNDS {
        let answer: Value = client
            .post(format!("{base}/api/v1/playground/messages"))
            .bearer_auth(access)
            .json(&json!({"text": "I want to talk to a person", "session": format!("realtime-bench-{round}")}))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        let conversation = answer["conversation_id"]
            .as_str()
            .ok_or_else(|| format!("playground answered {answer}"))?
            .to_owned();
        let mut seen = 0;
        while seen < connected {
            let (of, late_ms) = tokio::time::timeout(Duration::from_secs(60), received.recv())
                .await
                .map_err(|_| format!("round {round}: {seen}/{connected} dashboards got the event"))?
                .ok_or("every dashboard disconnected")?;
            if of == conversation {
                seen += 1;
                slowest_round = slowest_round.max(late_ms);
                latencies.push(late_ms);
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q).round() as usize];
    println!("Realtime fan-out (WebSocket, event `at` to arrival at each dashboard):");
    println!(
        "| {:<40} | {:>8} | {:>6} | {:>10} | {:>8} | {:>8} | {:>8} |",
        "scenario", "clients", "events", "deliveries", "p50 ms", "p99 ms", "max ms"
    );
    println!(
        "|{:-<42}|{:->10}|{:->8}|{:->12}|{:->10}|{:->10}|{:->10}|",
        "", "", "", "", "", "", ""
    );
    println!(
        "| {:<40} | {:>8} | {:>6} | {:>10} | {:>8.2} | {:>8.2} | {:>8.2} |",
        "one escalation to every dashboard",
        connected,
        ROUNDS,
        latencies.len(),
        at(0.50),
        at(0.99),
        slowest_round
    );
    println!("  target: p99 under 50 ms");
    Ok(())
}

/// Reads one dashboard's frames, reporting each escalation's delay.
async fn listen<S>(
    mut socket: tokio_tungstenite::WebSocketStream<S>,
    arrivals: mpsc::UnboundedSender<Arrival>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    while let Some(Ok(frame)) = socket.next().await {
        let Message::Text(text) = frame else { continue };
        let now = Utc::now();
        let Ok(envelope) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if envelope["type"] != "conversation.escalated" {
            continue;
        }
        let Some(at) = envelope["at"]
            .as_str()
            .and_then(|at| at.parse::<DateTime<Utc>>().ok())
        else {
            continue;
        };
        let late_ms = (now - at).num_microseconds().unwrap_or(i64::MAX) as f64 / 1000.0;
        let conversation = envelope["data"]["conversation_id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if arrivals.send((conversation, late_ms)).is_err() {
            break;
        }
    }
    let _ = socket.close(None).await;
}
