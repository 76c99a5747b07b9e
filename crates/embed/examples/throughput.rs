//! Embedding speed on this machine: `cargo run --release -p embed --example throughput`
//! (after `make models` for the MiniLM figures). Prints load time and texts per second
//! for short queries and for document-sized chunks.

use std::path::PathBuf;
use std::time::Instant;

use embed::{HashingEmbedder, MiniLmEmbedder, default_model_dir, model_present};
use knowledge::Embedder;

fn queries(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("do you have the glow serum {i} in 50ml and can you ship it to Milan?"))
        .collect()
}

fn chunks(count: usize) -> Vec<String> {
    let paragraph = "Our returns policy lets you send back any unopened product within thirty days \
        of delivery for a full refund. Opened skincare can be returned within fourteen days if it \
        caused a reaction; please include a photo. Shipping to Italy takes two to three working \
        days and is free above fifty euros. ";
    (0..count)
        .map(|i| format!("Section {i}. {}", paragraph.repeat(3)))
        .collect()
}

async fn measure(name: &str, embedder: &dyn Embedder, texts: &[String]) {
    // One warm-up call, so allocation and thread-pool start-up are not counted.
    let _ = embedder.embed(&texts[..1]).await;
    let started = Instant::now();
    let vectors = match embedder.embed(texts).await {
        Ok(vectors) => vectors,
        Err(error) => {
            eprintln!("{name}: {error}");
            return;
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{name:<34} {:>5} texts  {:>8.1} ms  {:>9.1} texts/s",
        vectors.len(),
        seconds * 1000.0,
        vectors.len() as f64 / seconds
    );
}

#[tokio::main]
async fn main() {
    let words = |texts: &[String]| {
        texts
            .iter()
            .map(|t| t.split_whitespace().count())
            .sum::<usize>()
            / texts.len()
    };
    let (short, long) = (queries(256), chunks(64));
    println!(
        "short texts ~{} words, chunks ~{} words",
        words(&short),
        words(&long)
    );

    let hashing = HashingEmbedder::new();
    measure("hashing, short queries", &hashing, &queries(5_000)).await;
    measure("hashing, chunks", &hashing, &chunks(1_000)).await;

    let dir = std::env::var_os("CHATDESK_MINILM_DIR")
        .map_or_else(|| default_model_dir(&PathBuf::from("data")), PathBuf::from);
    if !model_present(&dir) {
        println!("MiniLM: not found in {} (run `make models`)", dir.display());
        return;
    }
    let started = Instant::now();
    let minilm = match MiniLmEmbedder::load(&dir) {
        Ok(minilm) => minilm,
        Err(error) => {
            eprintln!("MiniLM: {error}");
            return;
        }
    };
    println!(
        "MiniLM load: {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    measure("MiniLM, short queries", &minilm, &short).await;
    measure("MiniLM, chunks (256-token cap)", &minilm, &long).await;
    let single = vec![short[0].clone()];
    let started = Instant::now();
    for _ in 0..20 {
        let _ = minilm.embed(&single).await;
    }
    println!(
        "MiniLM, one query: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0 / 20.0
    );
}
