//! Speed figures for ChatDesk, printed as tables. Not a test: numbers depend on the machine.
//!
//! Starts `target/release/chatdesk` as a child process on a fresh data folder (SQLite, or
//! PostgreSQL when `BENCH_DATABASE_URL` is set), then drives it from this process over
//! loopback with a fixed number of requests per scenario, so runs are comparable. Then
//! measures the embedded vector index in process (`vector.rs`; `chatdesk-bench vector`
//! runs that section alone). `chatdesk-bench inbox` (also part of the whole run) seeds
//! 100,000 conversations on a PostgreSQL database of its own and times the inbox list.

mod assistant;
mod catalog;
mod inbox;
mod load;
mod realtime;
mod server;
mod vector;
mod webhooks;

use std::time::Duration;

use serde_json::{Value, json};

use load::{Scenario, run};

const PASSWORD: &str = "Sunflower2024";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // `chatdesk-bench vector` runs only the in-process vector index section, and
    // `chatdesk-bench webhooks` only the webhook ingest section.
    let section = std::env::args().nth(1);
    let result = if section.as_deref() == Some("vector") {
        vector::bench().await
    } else if section.as_deref() == Some("assistant") {
        assistant_only().await
    } else if section.as_deref() == Some("webhooks") {
        webhooks::bench(PASSWORD).await
    } else if section.as_deref() == Some("realtime") {
        realtime::bench(PASSWORD).await
    } else if section.as_deref() == Some("inbox") {
        inbox::bench(PASSWORD).await
    } else {
        match bench().await {
            Ok(()) => {
                println!();
                // Needs a PostgreSQL cluster; without one the rest still runs.
                if let Err(e) = inbox::bench(PASSWORD).await {
                    println!("Inbox list at scale: not measured ({e})");
                }
                println!();
                vector::bench().await
            }
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn get_json(client: &reqwest::Client, url: String, token: &str) -> Result<Value, String> {
    client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())
}

async fn bench() -> Result<(), String> {
    let graph = webhooks::graph_stub().await;
    let server = server::Server::start(&webhooks::server_env(&graph)).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| e.to_string())?;
    let base = server.base_url();

    let registered: Value = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "bench@chatdesk.local", "password": PASSWORD, "business_name": "Bench Shop"}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let access = registered["tokens"]["access_token"]
        .as_str()
        .ok_or("registration returned no token")?
        .to_owned();

    println!(
        "ChatDesk bench: server on {base} ({})",
        server.database_kind()
    );
    println!();

    let csv = catalog::catalog_csv(10_000);
    let megabytes = csv.len() as f64 / 1_048_576.0;
    let (seconds, summary) = catalog::import(&client, &base, &access, csv).await?;
    println!(
        "Catalog import: 10,000 products x 3 variants (30,000 rows, {megabytes:.1} MB) in one request: {seconds:.2} s"
    );
    println!("  answer: {}", summary.get("summary").unwrap_or(&summary));
    let categories = get_json(&client, format!("{base}/api/v1/categories"), &access).await?;
    let category = categories["items"][0]["id"]
        .as_str()
        .or_else(|| categories[0]["id"].as_str())
        .ok_or_else(|| format!("no category in {categories}"))?
        .to_owned();
    println!();

    let filtered = format!(
        "{base}/api/v1/products?category={category}&available=true&min_price=10&max_price=50&sort=price"
    );
    let scenarios = [
        Scenario::get("GET /healthz", format!("{base}/healthz"), None, 5_000, 32),
        Scenario::get(
            "GET /api/v1/auth/me (JWT + 2 lookups)",
            format!("{base}/api/v1/auth/me"),
            Some(access.clone()),
            5_000,
            32,
        ),
        Scenario::get(
            "GET /api/v1/members",
            format!("{base}/api/v1/members"),
            Some(access.clone()),
            5_000,
            32,
        ),
        Scenario::get(
            "GET /products category+price+available",
            filtered.clone(),
            Some(access.clone()),
            1_000,
            1,
        ),
        Scenario::get(
            "  same filter, 8 clients",
            filtered,
            Some(access.clone()),
            2_000,
            8,
        ),
        Scenario::get(
            "GET /products?q=vitamin",
            format!("{base}/api/v1/products?q=vitamin"),
            Some(access.clone()),
            1_000,
            1,
        ),
        Scenario::get(
            "GET /products (newest first)",
            format!("{base}/api/v1/products"),
            Some(access.clone()),
            1_000,
            1,
        ),
        Scenario::post(
            "POST /api/v1/auth/login (argon2id)",
            format!("{base}/api/v1/auth/login"),
            json!({"email": "bench@chatdesk.local", "password": PASSWORD}),
            // Sign-in is rate limited; the bench server raises the limit.
            200,
            4,
        ),
    ];
    println!(
        "| {:<40} | {:>8} | {:>5} | {:>9} | {:>8} | {:>8} | {:>6} |",
        "scenario", "requests", "conc", "req/s", "p50 ms", "p99 ms", "errors"
    );
    println!(
        "|{:-<42}|{:->10}|{:->7}|{:->11}|{:->10}|{:->10}|{:->8}|",
        "", "", "", "", "", "", ""
    );
    for scenario in scenarios {
        let report = run(&client, &scenario).await;
        println!(
            "| {:<40} | {:>8} | {:>5} | {:>9.0} | {:>8.2} | {:>8.2} | {:>6} |",
            scenario.name,
            report.requests,
            scenario.concurrency,
            report.per_second,
            report.p50_ms,
            report.p99_ms,
            report.errors
        );
    }
    println!();

    webhooks::section(&client, &base, &access).await?;
    println!();
    realtime::section(&client, &base, &access).await?;
    println!();
    assistant::section(&client, &base, &access).await?;
    println!();
    println!(
        "Server peak RSS: {}",
        server.peak_rss().unwrap_or_else(|| "unknown".into())
    );
    Ok(())
}

/// `chatdesk-bench assistant`: a fresh server, the 10,000-product catalog, then turns.
async fn assistant_only() -> Result<(), String> {
    let graph = webhooks::graph_stub().await;
    let server = server::Server::start(&webhooks::server_env(&graph)).await?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| e.to_string())?;
    let base = server.base_url();
    let registered: Value = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "bench@chatdesk.local", "password": PASSWORD, "business_name": "Bench Shop"}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let access = registered["tokens"]["access_token"]
        .as_str()
        .ok_or("registration returned no token")?
        .to_owned();
    catalog::import(&client, &base, &access, catalog::catalog_csv(10_000)).await?;
    assistant::section(&client, &base, &access).await?;
    println!(
        "Server peak RSS: {}",
        server.peak_rss().unwrap_or_else(|| "unknown".into())
    );
    Ok(())
}
