//! Medical claims and guarantees, in English, Spanish and Italian.
//!
//! Two shapes: phrases that are a claim on their own ("medically proven", "guaranteed
//! results", "cures"), and a claim verb followed within a few words by a condition
//! ("treats acne", "elimina le rughe", "trata la dermatitis"). The second shape keeps
//! "la cura della pelle" (Italian for skin care) and "treat yourself" legal. A negation
//! right before ("does not cure", "non cura") is no claim: it is what we want said.

use std::sync::LazyLock;

use super::Violation;
use crate::lexicon::{Looseness, Phrase};
use crate::text::{Token, tokenize};

/// Claims on their own.
const CLAIMS: &[&str] = &[
    "cure",
    "cures",
    "cured",
    "curing",
    "heal",
    "heals",
    "healed",
    "will cure",
    "medically proven",
    "clinically proven",
    "scientifically proven",
    "proven to cure",
    "proven to treat",
    "curar",
    "cura definitivamente",
    "médicamente probado",
    "clínicamente probado",
    "científicamente probado",
    "clínicamente demostrado",
    "guarisce",
    "guarire",
    "medicalmente provato",
    "clinicamente provato",
    "clinicamente dimostrato",
    "scientificamente provato",
    "scientificamente dimostrato",
    "dimostrato scientificamente",
];

const GUARANTEES: &[&str] = &[
    "guaranteed to",
    "guaranteed results",
    "results guaranteed",
    "100% guaranteed",
    "we guarantee",
    "i guarantee",
    "guarantees results",
    "guaranteed fix",
    "guaranteed cure",
    "resultados garantizados",
    "garantizado",
    "garantizada",
    "garantizamos",
    "te garantizo",
    "le garantizo",
    "garantiza resultados",
    "risultati garantiti",
    "garantito",
    "garantita",
    "garantiamo",
    "ti garantisco",
    "le garantisco",
    "garantisce risultati",
];

/// Verbs that claim an effect on a condition.
const CLAIM_VERBS: &[&str] = &[
    "treat",
    "treats",
    "treating",
    "fix",
    "fixes",
    "eliminate",
    "eliminates",
    "get rid of",
    "gets rid of",
    "clear up",
    "clears up",
    "reverse",
    "reverses",
    "prevent",
    "prevents",
    "erase",
    "erases",
    "cura",
    "trata",
    "tratar",
    "elimina",
    "eliminar",
    "acaba con",
    "previene",
    "quita",
    "cura",
    "curare",
    "tratta",
    "trattare",
    "elimina",
    "eliminare",
    "previene",
    "toglie",
    "sconfigge",
];

const CONDITIONS: &[&str] = &[
    "acne",
    "eczema",
    "psoriasis",
    "rosacea",
    "dermatitis",
    "wrinkles",
    "scars",
    "pimples",
    "breakouts",
    "rash",
    "rashes",
    "infection",
    "infections",
    "cellulite",
    "hair loss",
    "stretch marks",
    "acné",
    "eccema",
    "rosácea",
    "arrugas",
    "cicatrices",
    "granos",
    "celulitis",
    "infección",
    "caída del cabello",
    "alopecia",
    "estrías",
    "psoriasi",
    "dermatite",
    "rughe",
    "cicatrici",
    "brufoli",
    "infezione",
    "infezioni",
    "caduta dei capelli",
    "smagliature",
];

const NEGATORS: &[&str] = &["not", "never", "t", "no", "nunca", "non", "mai"];

/// How far after the verb the condition may come ("treats *your stubborn* acne").
const CONDITION_REACH: usize = 4;

struct Compiled {
    claims: Vec<Phrase>,
    guarantees: Vec<Phrase>,
    verbs: Vec<Phrase>,
    conditions: Vec<Phrase>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let parse = |list: &[&str]| list.iter().map(|p| Phrase::parse(p)).collect();
    Compiled {
        claims: parse(CLAIMS),
        guarantees: parse(GUARANTEES),
        verbs: parse(CLAIM_VERBS),
        conditions: parse(CONDITIONS),
    }
});

pub(super) fn find_claims(sentence: &str) -> Vec<Violation> {
    let tokens = tokenize(sentence);
    let compiled = &*COMPILED;
    let excerpt = |start: usize, end: usize| {
        let from = tokens.get(start).map_or(0, |t| t.start);
        let to = tokens.get(end.saturating_sub(1)).map_or(from, |t| t.end);
        sentence.get(from..to).unwrap_or_default().to_owned()
    };
    let mut found = Vec::new();
    for phrase in &compiled.guarantees {
        for m in phrase.find_all(&tokens, Looseness::EXACT) {
            if !negated(&tokens, m.start) {
                found.push(Violation::Guarantee {
                    excerpt: excerpt(m.start, m.end),
                });
            }
        }
    }
    for phrase in &compiled.claims {
        for m in phrase.find_all(&tokens, Looseness::EXACT) {
            if !negated(&tokens, m.start) {
                found.push(Violation::MedicalClaim {
                    excerpt: excerpt(m.start, m.end),
                });
            }
        }
    }
    for verb in &compiled.verbs {
        for m in verb.find_all(&tokens, Looseness::EXACT) {
            if negated(&tokens, m.start) {
                continue;
            }
            let reach = (m.end + CONDITION_REACH).min(tokens.len());
            let window = &tokens[m.end..reach];
            let condition = compiled
                .conditions
                .iter()
                .filter_map(|c| c.find(window, Looseness::EXACT))
                .map(|c| m.end + c.end)
                .min();
            if let Some(end) = condition {
                found.push(Violation::MedicalClaim {
                    excerpt: excerpt(m.start, end),
                });
            }
        }
    }
    found.dedup();
    found
}

/// A negation up to two words before: "does not cure", "no cura", "non elimina".
fn negated(tokens: &[Token<'_>], start: usize) -> bool {
    tokens[start.saturating_sub(2)..start]
        .iter()
        .any(|t| NEGATORS.contains(&t.folded.as_str()))
}
