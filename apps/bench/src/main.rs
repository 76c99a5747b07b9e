//! Speed figures for ChatDesk, printed as a table. Not a test: numbers depend on the machine.
//!
//! Starts `target/release/chatdesk` as a child process on a fresh data folder (SQLite, or
//! PostgreSQL when `BENCH_DATABASE_URL` is set), then drives it from this process over
//! loopback with a fixed number of requests per scenario, so runs are comparable.

mod load;
mod server;

use std::time::Duration;

use serde_json::json;

use load::{Scenario, run};

const PASSWORD: &str = "Sunflower2024";

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match bench().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn bench() -> Result<(), String> {
    let server = server::Server::start().await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let base = server.base_url();

    let registered: serde_json::Value = client
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
        "ChatDesk bench: server on {} ({})",
        base,
        server.database_kind()
    );
    println!();
    println!(
        "| {:<34} | {:>8} | {:>5} | {:>9} | {:>8} | {:>8} | {:>8} |",
        "scenario", "requests", "conc", "req/s", "p50 ms", "p99 ms", "errors"
    );
    println!(
        "|{:-<36}|{:->10}|{:->7}|{:->11}|{:->10}|{:->10}|{:->10}|",
        "", "", "", "", "", "", ""
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
        Scenario::post(
            "POST /api/v1/auth/login (argon2id)",
            format!("{base}/api/v1/auth/login"),
            json!({"email": "bench@chatdesk.local", "password": PASSWORD}),
            // Login is rate limited to 5 per 15 minutes, so the bench raises the limit.
            200,
            4,
        ),
    ];
    for scenario in scenarios {
        let report = run(&client, &scenario).await;
        println!(
            "| {:<34} | {:>8} | {:>5} | {:>9.0} | {:>8.2} | {:>8.2} | {:>8} |",
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
    println!(
        "Server peak RSS: {}",
        server.peak_rss().unwrap_or_else(|| "unknown".into())
    );
    Ok(())
}
