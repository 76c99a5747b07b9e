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
    let mut turns = Vec::new();
    let mut orders = 0;
    for session in 0..SESSIONS {
        let n = 37 + session * 151;
        for text in script(n) {
            let (ms, body) = send(text, format!("bench-{session}")).await?;
            latencies.push(ms);
            turns.push(body["turn_ms"].as_f64().unwrap_or_default());
            if body["order"].is_object() {
                orders += 1;
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    turns.sort_by(f64::total_cmp);
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
        "| {:<34} | {:>6} | {:>8.2} | {:>8.2} | {:>8.2} |",
        "  the turn alone (server side)",
        turns.len(),
        percentile(&turns, 50.0),
        percentile(&turns, 99.0),
        turns.last().copied().unwrap_or_default()
    );
    understanding()?;
    println!(
        "  first turn (builds the catalog snapshot): {first_ms:.0} ms; orders placed: {orders} of {SESSIONS}"
    );
    Ok(())
}

/// The language half alone, in process: `understand` against a 10,000-product snapshot
/// built like the imported catalog, for the same script.
pub fn understanding() -> Result<(), String> {
    use catalog::{ProductId, ProductName, VariantId, VariantKind, VariantName};
    use conversation::{CatalogSnapshot, Language, SnapshotProduct, SnapshotVariant, TurnContext};
    let eur = kernel::Currency::parse("EUR").map_err(|e| e.to_string())?;
    let money = |cents: i64| {
        kernel::Money::new(rust_decimal::Decimal::new(cents, 2), eur).map_err(|e| e.to_string())
    };
    let categories = ["Skincare", "Makeup", "Haircare", "Fragrance", "Bodycare"];
    let mut products = Vec::with_capacity(10_000);
    for n in 0..10_000usize {
        let price = money(590 + (n as i64 % 95) * 100)?;
        products.push(SnapshotProduct {
            id: ProductId::new(),
            name: ProductName::parse(&format!("Product {n} {} serum", categories[n % 5]))
                .map_err(|e| e.to_string())?,
            sku: None,
            price,
            list_price: price,
            available: true,
            stock: None,
            variants: ["Light", "Medium", "Deep"]
                .iter()
                .map(|shade| {
                    Ok(SnapshotVariant {
                        id: VariantId::new(),
                        kind: VariantKind::Shade,
                        name: VariantName::parse(shade).map_err(|e| e.to_string())?,
                        price,
                        list_price: price,
                        available: true,
                        stock: None,
                    })
                })
                .collect::<Result<_, String>>()?,
        });
    }
    let started = Instant::now();
    let snapshot = CatalogSnapshot::new(products).map_err(|e| e.to_string())?;
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut times = Vec::new();
    for session in 0..SESSIONS {
        for text in script(37 + session * 151) {
            let started = Instant::now();
            let understood =
                conversation::understand(&text, &snapshot, &TurnContext::fresh(Language::English));
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(understood);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "| {:<34} | {:>6} | {:>8.2} | {:>8.2} | {:>8.2} |",
        "  understanding alone (in process)",
        times.len(),
        percentile(&times, 50.0),
        percentile(&times, 99.0),
        times.last().copied().unwrap_or_default()
    );
    println!("  building the 10,000-product snapshot in process: {build_ms:.0} ms");
    Ok(())
}
