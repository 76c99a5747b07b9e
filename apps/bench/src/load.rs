//! A fixed-count load loop: `concurrency` workers share `requests` requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Scenario {
    pub name: &'static str,
    pub url: String,
    pub bearer: Option<String>,
    pub body: Option<serde_json::Value>,
    pub requests: usize,
    pub concurrency: usize,
}

impl Scenario {
    pub fn get(
        name: &'static str,
        url: String,
        bearer: Option<String>,
        requests: usize,
        concurrency: usize,
    ) -> Self {
        Self {
            name,
            url,
            bearer,
            body: None,
            requests,
            concurrency,
        }
    }

    pub fn post(
        name: &'static str,
        url: String,
        body: serde_json::Value,
        requests: usize,
        concurrency: usize,
    ) -> Self {
        Self {
            name,
            url,
            bearer: None,
            body: Some(body),
            requests,
            concurrency,
        }
    }
}

pub struct Report {
    pub requests: usize,
    pub errors: usize,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

pub async fn run(client: &reqwest::Client, scenario: &Scenario) -> Report {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..scenario.concurrency {
        let client = client.clone();
        let next = next.clone();
        let (url, bearer, body, total) = (
            scenario.url.clone(),
            scenario.bearer.clone(),
            scenario.body.clone(),
            scenario.requests,
        );
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let mut request = match &body {
                    Some(body) => client.post(&url).json(body),
                    None => client.get(&url),
                };
                if let Some(token) = &bearer {
                    request = request.bearer_auth(token);
                }
                let sent = Instant::now();
                match request.send().await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(scenario.requests);
    let mut errors = 0;
    for worker in workers {
        if let Ok((mut l, e)) = worker.await {
            latencies.append(&mut l);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        if latencies.is_empty() {
            return 0.0;
        }
        let index = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[index].as_secs_f64() * 1000.0
    };
    Report {
        requests: scenario.requests,
        errors,
        per_second: latencies.len() as f64 / elapsed.max(f64::EPSILON),
        p50_ms: percentile(0.50),
        p99_ms: percentile(0.99),
    }
}
