//! These tests need the model files (`make models`); without them they say so and
//! pass, because CI without the download must still run the rest.

use std::path::PathBuf;
use std::time::Instant;

use super::*;

fn model_dir() -> PathBuf {
    std::env::var_os("CHATDESK_MINILM_DIR").map_or_else(
        || default_model_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")),
        PathBuf::from,
    )
}

fn load() -> Option<MiniLmEmbedder> {
    let dir = model_dir();
    if !model_present(&dir) {
        eprintln!(
            "SKIPPED: MiniLM model not found in {}; run `make models` to test it",
            dir.display()
        );
        return None;
    }
    let started = Instant::now();
    let embedder = MiniLmEmbedder::load(&dir).unwrap();
    eprintln!("MiniLM loaded in {:?}", started.elapsed());
    Some(embedder)
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

async fn embed(embedder: &MiniLmEmbedder, texts: &[&str]) -> Vec<Vec<f32>> {
    let texts: Vec<String> = texts.iter().map(|t| (*t).to_owned()).collect();
    embedder.embed(&texts).await.unwrap()
}

#[tokio::test]
async fn meaning_not_spelling_decides_similarity() {
    let Some(embedder) = load() else { return };
    let v = embed(
        &embedder,
        &["red lipstick", "rouge lip colour", "shipping to Milan"],
    )
    .await;
    let close = cosine(&v[0], &v[1]);
    let far = cosine(&v[0], &v[2]);
    eprintln!("red lipstick ~ rouge lip colour {close:.3}, ~ shipping to Milan {far:.3}");
    assert!(close > far + 0.2, "close {close}, far {far}");
}

#[tokio::test]
async fn vectors_are_384_long_and_unit_length() {
    let Some(embedder) = load() else { return };
    assert_eq!(embedder.spec().name(), "all-minilm-l6-v2");
    for v in embed(&embedder, &["glow serum", "", "¿Hacen envíos a Italia?"]).await {
        assert_eq!(v.len(), 384);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
    assert!(embedder.embed(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn padding_does_not_change_a_sentence_vector() {
    // Embedded alone, "glow serum" has no padding; next to a long sentence it is padded
    // to that length. Pooling with the mask must give the same vector both ways.
    let Some(embedder) = load() else { return };
    let alone = embed(&embedder, &["glow serum"]).await;
    let padded = embed(
        &embedder,
        &[
            "glow serum",
            "a much longer sentence about shipping times, return policies and the opening hours of the shop in Milan",
        ],
    )
    .await;
    let same = cosine(&alone[0], &padded[0]);
    assert!(same > 0.9999, "cosine {same}");
    assert!(cosine(&padded[0], &padded[1]) < 0.5);
}

#[tokio::test]
async fn long_batches_are_split_and_keep_their_order() {
    let Some(embedder) = load() else { return };
    let texts: Vec<String> = (0..70).map(|i| format!("product number {i}")).collect();
    let started = Instant::now();
    let vectors = embedder.embed(&texts).await.unwrap();
    eprintln!("70 short texts in {:?}", started.elapsed());
    assert_eq!(vectors.len(), 70);
    let single = embedder.embed(&texts[42..43]).await.unwrap();
    assert!(cosine(&vectors[42], &single[0]) > 0.9999);
}

#[test]
fn a_folder_without_the_model_is_named_in_the_error() {
    let dir = std::env::temp_dir().join(format!("chatdesk-no-model-{}", std::process::id()));
    let Err(error) = MiniLmEmbedder::load(&dir) else {
        panic!("loaded a model from an empty folder")
    };
    assert!(matches!(
        error,
        EmbedderBuildError::ModelMissing {
            file: "config.json",
            ..
        }
    ));
    assert!(error.to_string().contains("make models"), "{error}");
    assert!(!model_present(&dir));
}

#[test]
fn broken_model_files_are_reported_not_panicked_on() {
    let dir = std::env::temp_dir().join(format!("chatdesk-bad-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for file in MINILM_FILES {
        std::fs::write(dir.join(file), b"{ not json").unwrap();
    }
    let Err(error) = MiniLmEmbedder::load(&dir) else {
        panic!("loaded a broken model")
    };
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(error, EmbedderBuildError::ModelInvalid(_)));
    assert!(error.to_string().contains("config.json"), "{error}");
}
