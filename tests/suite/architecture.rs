//! The hexagon's rule: domain crates never depend, even transitively, on adapter
//! technology or on adapter crates. Read from `cargo metadata`, so it cannot drift.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::process::Command;

use serde_json::Value;

const DOMAIN_CRATES: &[&str] = &[
    "kernel",
    "identity",
    "catalog",
    "knowledge",
    "channels",
    "conversation",
    "orders",
    "handoff",
    "notifications",
];
const ADAPTER_CRATES: &[&str] = &[
    "store",
    "migrations",
    "crypto",
    "notify",
    "vector",
    "embed",
    "llm",
    "meta",
    "chatdesk-server",
];
const FORBIDDEN_PREFIXES: &[&str] = &[
    "sea-orm",
    "sea-query",
    "sqlx",
    "actix",
    "reqwest",
    "qdrant",
    "tokio",
    "lettre",
    "candle",
    "hyper",
];

fn forbidden(name: &str) -> bool {
    ADAPTER_CRATES.contains(&name) || FORBIDDEN_PREFIXES.iter().any(|p| name.starts_with(p))
}

#[test]
fn domain_crates_depend_on_no_adapter_technology() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();

    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    // Normal (non-dev, non-build) edges only: tests may use tokio and mocks.
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for node in metadata["resolve"]["nodes"].as_array().unwrap() {
        let from = node["id"].as_str().unwrap();
        for dep in node["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null());
            if normal {
                edges
                    .entry(from)
                    .or_default()
                    .push(dep["pkg"].as_str().unwrap());
            }
        }
    }

    let mut checked = 0;
    let mut violations = BTreeSet::new();
    for (id, name) in &names {
        if !DOMAIN_CRATES.contains(name) {
            continue;
        }
        checked += 1;
        let mut queue = VecDeque::from([(*id, vec![*name])]);
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = queue.pop_front() {
            for next in edges.get(at).into_iter().flatten() {
                let next_name = names[next];
                if forbidden(next_name) {
                    violations.insert(format!("{} -> {}", path.join(" -> "), next_name));
                } else if seen.insert(*next) {
                    let mut longer = path.clone();
                    longer.push(next_name);
                    queue.push_back((next, longer));
                }
            }
        }
    }
    assert_eq!(
        checked,
        DOMAIN_CRATES.len(),
        "every domain crate is in the workspace"
    );
    assert!(
        violations.is_empty(),
        "domain crates reach adapters:\n{}",
        violations.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_rule_would_catch_a_violation() {
    assert!(forbidden("sea-orm"));
    assert!(forbidden("tokio-util"));
    assert!(forbidden("store"));
    assert!(!forbidden("serde"));
    assert!(!forbidden("chrono-tz"));
}
