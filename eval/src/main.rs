//! `make eval`: how well the knowledge service finds the right product or FAQ, per
//! embedder, on the labelled sample in `eval/data` (a beauty shop's catalog and FAQ in
//! English, Spanish and Italian; queries with typos, variant names and SKUs).
//!
//! Embedders evaluated: the hashing embedder always; MiniLM when `make models`
//! installed it (in `data/models/all-MiniLM-L6-v2`, or `CHATDESK_MODEL_DIR`); an
//! OpenAI-compatible API when `CHATDESK_EVAL_OPENAI_MODEL` is set (with
//! `CHATDESK_EVAL_OPENAI_BASE_URL`, `CHATDESK_EVAL_OPENAI_DIMENSION`, `OPENAI_API_KEY`).
//! `-v` lists every query whose expected source did not come first.

mod data;
mod ports;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use knowledge::Embedder;

use data::Sample;
use run::Outcome;

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// An embedder to evaluate, by label, or why it could not be built.
type Candidate = (String, Result<Arc<dyn Embedder>, String>);

fn embedders() -> Vec<Candidate> {
    let mut list: Vec<Candidate> = vec![(
        "hashing".into(),
        embed::build_embedder(&embed::EmbedderConfig::Hashing).map_err(|e| e.to_string()),
    )];
    let model_dir = std::env::var("CHATDESK_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| embed::default_model_dir(&repository_root().join("data")));
    if embed::model_present(&model_dir) {
        list.push((
            "minilm".into(),
            embed::build_embedder(&embed::EmbedderConfig::MiniLm { model_dir })
                .map_err(|e| e.to_string()),
        ));
    } else {
        println!(
            "MiniLM not installed in {} (run `make models`); skipping it",
            model_dir.display()
        );
    }
    if let Ok(model) = std::env::var("CHATDESK_EVAL_OPENAI_MODEL") {
        let base = std::env::var("CHATDESK_EVAL_OPENAI_BASE_URL")
            .unwrap_or_else(|_| "https://api.openai.com".into());
        let dimension = std::env::var("CHATDESK_EVAL_OPENAI_DIMENSION")
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(1536);
        let mut config = embed::OpenAiEmbeddingsConfig::new(&base, &model, dimension);
        config.api_key = std::env::var("OPENAI_API_KEY")
            .ok()
            .map(secrecy::SecretString::from);
        list.push((
            "openai".into(),
            embed::build_embedder(&embed::EmbedderConfig::OpenAi(config))
                .map_err(|e| e.to_string()),
        ));
    }
    list
}

fn print_summary(outcomes: &[Outcome]) {
    println!();
    println!(
        "{:<34} {:>7} {:>9} {:>9} {:>6} {:>9} {:>8} {:>8}",
        "embedder", "queries", "recall@1", "recall@5", "MRR", "index s", "p50 ms", "p99 ms"
    );
    for o in outcomes {
        println!(
            "{:<34} {:>7} {:>9.3} {:>9.3} {:>6.3} {:>9.2} {:>8.2} {:>8.2}",
            o.embedder,
            o.overall.queries,
            o.overall.recall_at_1(),
            o.overall.recall_at_5(),
            o.mrr(),
            o.index_seconds,
            o.query_ms_at(0.5),
            o.query_ms_at(0.99),
        );
    }
    for o in outcomes {
        println!();
        println!(
            "{}: recall@1 / recall@5 by language and by kind",
            o.embedder
        );
        for (group, tally) in o.by_language.iter().chain(&o.by_kind) {
            println!(
                "  {:<12} {:>3} queries  {:>6.3}  {:>6.3}",
                group,
                tally.queries,
                tally.recall_at_1(),
                tally.recall_at_5()
            );
        }
        if o.unavailable_hits > 0 {
            println!(
                "  !! {} hits for products that may not be offered",
                o.unavailable_hits
            );
        }
    }
}

fn print_misses(outcome: &Outcome) {
    println!();
    println!(
        "{}: queries whose expected source was not first",
        outcome.embedder
    );
    for miss in &outcome.misses {
        let rank = miss.rank.map_or("-".to_owned(), |r| r.to_string());
        println!(
            "  rank {rank:>2}  {:<48} want {:<20} got {}",
            miss.query,
            miss.expected,
            miss.found.join(", ")
        );
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let verbose = std::env::args().any(|a| a == "-v" || a == "--verbose");
    let sample = match Sample::load(&repository_root().join("eval").join("data")) {
        Ok(sample) => sample,
        Err(e) => {
            eprintln!("cannot read the sample: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "sample: {} products, {} FAQs, {} labelled queries",
        sample.products.len(),
        sample.faqs.len(),
        sample.queries.len()
    );
    let mut outcomes = Vec::new();
    let mut failed = false;
    for (label, embedder) in embedders() {
        let embedder = match embedder {
            Ok(embedder) => embedder,
            Err(e) => {
                eprintln!("{label}: cannot build the embedder: {e}");
                failed = true;
                continue;
            }
        };
        match run::evaluate(embedder, &sample).await {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => {
                eprintln!("{label}: evaluation failed: {e}");
                failed = true;
            }
        }
    }
    print_summary(&outcomes);
    if verbose {
        for outcome in &outcomes {
            print_misses(outcome);
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
