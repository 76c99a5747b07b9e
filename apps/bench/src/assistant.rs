//! The assistant's turn on the 10,000-product catalog the catalog section imported:
//! playground messages (the whole pipeline: store the message, understand it against
//! the catalog, capture the order, decide, render, screen, queue the reply, save the
//! conversation), one client at a time, sending to the platform excluded (it is a job).

use std::time::Instant;

use serde_json::{Value, json};

/// Conversations played; each is the script below, an order placed at its end.
const SESSIONS: usize = 60;

fn script(n: usize) -> Vec<String> {
    let product = format!("Product {n} Skincare serum");
    vec![
        "hi!".to_owned(),
        format!("how much is the {product}?"),
        format!("I want 2 {product}"),
        "Medium".to_owned(),
        "ship it to Milan".to_owned(),
        "yes".to_owned(),
        "do you ship to Spain?".to_owned(),
    ]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub async fn section(client: &reqwest::Client, base: &str, token: &str) -> Result<(), String> {
    let url = format!("{base}/api/v1/playground/messages");
    let send = |text: String, session: String| {
        let request = client
            .post(&url)
            .bearer_auth(token)
            .json(&json!({"text": text, "session": session}));
        async move {
            let started = Instant::now();
            let response = request.send().await.map_err(|e| e.to_string())?;
            let status = response.status();
            let body: Value = response.json().await.map_err(|e| e.to_string())?;
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            if !status.is_success() {
                return Err(format!("playground answered {status}: {body}"));
            }
            Ok::<(f64, Value), String>((elapsed, body))
        }
    };
    // The first turn builds the workspace's catalog snapshot; it is reported apart.
    let (first_ms, _) = send("hello".to_owned(), "warm-up".to_owned()).await?;
    let mut latencies = Vec::new();
    let mut orders = 0;
    for session in 0..SESSIONS {
        let n = 37 + session * 151;
        for text in script(n) {
            let (ms, body) = send(text, format!("bench-{session}")).await?;
            latencies.push(ms);
            if body["order"].is_object() {
                orders += 1;
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "Assistant turn (POST /api/v1/playground/messages, 10,000 products, grounded engine, 1 client)"
    );
    println!(
        "| {:<34} | {:>6} | {:>8} | {:>8} | {:>8} |",
        "turns", "count", "p50 ms", "p99 ms", "max ms"
    );
    println!(
        "|{:-<36}|{:->8}|{:->10}|{:->10}|{:->10}|",
        "", "", "", "", ""
    );
    println!(
        "| {:<34} | {:>6} | {:>8.2} | {:>8.2} | {:>8.2} |",
        "price, order capture, FAQ",
        latencies.len(),
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or_default()
    );
    println!(
        "  first turn (builds the catalog snapshot): {first_ms:.0} ms; orders placed: {orders} of {SESSIONS}"
    );
    Ok(())
}
