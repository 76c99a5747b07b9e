//! Checking one playground response against a turn's expectations, and against the rules
//! every turn of every scenario must keep (the issue's "never an invented price", "no
//! medical claims", and a decision that agrees with what was sent).

use std::collections::BTreeSet;

use serde_json::Value;

use super::money;
use super::scenario::{Expect, LineExpect, OrderExpectation};
use super::shop::Prices;

/// Claims no reply may ever make (the beauty spec's blocked phrases and their Spanish
/// and Italian equivalents), matched case-insensitively.
const FORBIDDEN_CLAIMS: [&str; 21] = [
    "will cure",
    "cures your",
    "cures acne",
    "treats acne",
    "guaranteed to fix",
    "guaranteed to remove",
    "medically proven",
    "clinically proven",
    "eliminates wrinkles",
    "cura el acné",
    "cura tu acné",
    "elimina las arrugas",
    "garantizado que",
    "médicamente probado",
    "clínicamente probado",
    "guarisce",
    "cura l'acne",
    "elimina le rughe",
    "garantito al",
    "clinicamente provato",
    "scientificamente provato",
];

/// What the runner knows while checking a turn.
pub struct Context<'a> {
    pub scenario_language: &'a str,
    pub prices: &'a Prices,
    /// Amounts the conversation made legitimate: cart and order totals seen so far.
    pub conversation_amounts: &'a mut BTreeSet<i64>,
}

/// Every way `response` differs from `expect` or breaks a rule; empty when it passes.
pub fn check(response: &Value, expect: &Expect, context: &mut Context<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let reply = &response["reply"];
    let reply_text = reply["text"].as_str();
    let silent_expected = expect.silent == Some(true);

    // Silence.
    match (silent_expected, reply_text) {
        (true, Some(text)) => problems.push(format!("expected silence, but it replied: {text:?}")),
        (false, None) => problems.push("expected a reply, got none (`reply` is null)".to_owned()),
        _ => {}
    }

    // The structured fields.
    if let Some(intent) = &expect.intent {
        let got = response["intent"]["name"].as_str().unwrap_or("<none>");
        if !intent.options().contains(&got) {
            problems.push(format!("intent: expected {}, got {got}", intent.describe()));
        }
    }
    let language = expect
        .language
        .as_deref()
        .or((!silent_expected).then_some(context.scenario_language));
    if let Some(language) = language {
        let got = response["language"].as_str().unwrap_or("<none>");
        if got != language {
            problems.push(format!("language: expected {language}, got {got}"));
        }
    }
    let state = &response["state"];
    if let Some(stage) = &expect.stage {
        let got = state["order_stage"].as_str().unwrap_or("<none>");
        if !stage.options().contains(&got) {
            problems.push(format!("stage: expected {}, got {got}", stage.describe()));
        }
    }
    if let Some(owner) = &expect.owner {
        expect_str(&mut problems, "state.owner", &state["owner"], owner);
    }
    if let Some(lifecycle) = &expect.lifecycle {
        expect_str(
            &mut problems,
            "state.lifecycle",
            &state["lifecycle"],
            lifecycle,
        );
    }
    if let Some(cart) = &expect.cart {
        check_lines(&mut problems, "cart", &state["cart"]["lines"], cart);
    }
    if let Some(location) = &expect.shipping_location {
        expect_same_text(
            &mut problems,
            "cart.shipping_location",
            &state["cart"]["shipping_location"],
            location,
        );
    }
    let decision = &response["decision"];
    let action = decision["action"].as_str().unwrap_or("<none>");
    if let Some(expected) = &expect.decision
        && !expected.options().contains(&action)
    {
        problems.push(format!(
            "decision: expected {}, got {action}",
            expected.describe()
        ));
    }
    if let Some(because) = &expect.because {
        expect_str(
            &mut problems,
            "decision.because",
            &decision["because"],
            because,
        );
    }
    if let Some(available) = expect.team_available {
        match decision["team_available"].as_bool() {
            Some(got) if got == available => {}
            got => problems.push(format!(
                "decision.team_available: expected {available}, got {got:?}"
            )),
        }
    }
    let handoff = response["handoff"]["reason"].as_str();
    match (expect.handoff.as_deref().unwrap_or("none"), handoff) {
        ("any", _) | ("none", None) => {}
        ("none", Some(got)) => problems.push(format!("handoff: expected none, got {got}")),
        (expected, Some(got)) if expected == got => {}
        (expected, got) => problems.push(format!(
            "handoff: expected {expected}, got {}",
            got.unwrap_or("none")
        )),
    }
    match &expect.order {
        None => {}
        Some(OrderExpectation::Marker(_)) if !response["order"].is_null() => {
            problems.push("order: expected none, one was returned".to_owned());
        }
        Some(OrderExpectation::Marker(_)) => {}
        Some(OrderExpectation::Order(order)) => {
            let got = &response["order"];
            if got.is_null() {
                problems.push("order: expected an order, got none".to_owned());
            } else {
                if let Some(status) = &order.status {
                    expect_str(&mut problems, "order.status", &got["status"], status);
                }
                if let Some(total) = &order.total {
                    expect_amount(&mut problems, "order.total", &got["total"], total);
                }
                if let Some(currency) = &order.currency {
                    expect_str(&mut problems, "order.currency", &got["currency"], currency);
                }
                if let Some(location) = &order.shipping_location {
                    expect_same_text(
                        &mut problems,
                        "order.shipping_location",
                        &got["shipping_location"],
                        location,
                    );
                }
                if let Some(lines) = &order.lines {
                    check_lines(&mut problems, "order.lines", &got["lines"], lines);
                }
            }
        }
    }
    let kinds: Vec<&str> = reply["sources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    for kind in &expect.sources {
        if !kinds.contains(&kind.as_str()) {
            problems.push(format!(
                "sources: expected a {kind} source, got [{}]",
                kinds.join(", ")
            ));
        }
    }

    // Phrases.
    let folded = fold(reply_text.unwrap_or_default());
    for phrase in &expect.reply_contains {
        if !folded.contains(&fold(phrase)) {
            problems.push(format!("reply should contain {phrase:?}"));
        }
    }
    for phrase in &expect.reply_not_contains {
        if folded.contains(&fold(phrase)) {
            problems.push(format!("reply must not contain {phrase:?}"));
        }
    }

    problems.extend(invariants(response, context));
    problems
}

/// The rules every turn keeps, whatever its expectations.
fn invariants(response: &Value, context: &mut Context<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let reply_text = response["reply"]["text"].as_str();
    let action = response["decision"]["action"].as_str();
    if reply_text.is_none() != (action == Some("stay_silent")) {
        problems.push(format!(
            "a reply is sent exactly when the decision is not stay_silent; decision {}, reply {}",
            action.unwrap_or("<none>"),
            if reply_text.is_some() { "sent" } else { "null" }
        ));
    }
    let handoff = response["handoff"]["reason"].as_str();
    if handoff.is_some() != (action == Some("handoff")) {
        problems.push(format!(
            "`handoff` is set exactly when the decision is handoff; decision {}, handoff {}",
            action.unwrap_or("<none>"),
            handoff.unwrap_or("null")
        ));
    }
    if let (Some(handoff), Some(reason)) = (handoff, response["decision"]["reason"].as_str())
        && handoff != reason
    {
        problems.push(format!(
            "handoff.reason {handoff} differs from decision.reason {reason}"
        ));
    }

    // Totals this turn makes legitimate: the cart's (from catalog prices) and the order's.
    let amounts = &mut *context.conversation_amounts;
    let mut cart_total = 0;
    let mut priced = true;
    for line in response["state"]["cart"]["lines"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let quantity = line["quantity"].as_i64().unwrap_or(0);
        match context.prices.unit_price(
            line["product"].as_str().unwrap_or_default(),
            line["variant"].as_str(),
        ) {
            Some(unit) => {
                amounts.insert(unit * quantity);
                cart_total += unit * quantity;
            }
            None => priced = false,
        }
    }
    if priced && cart_total > 0 {
        amounts.insert(cart_total);
    }
    let order = &response["order"];
    for value in std::iter::once(&order["total"]).chain(
        order["lines"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|l| [&l["unit_price"], &l["line_total"]]),
    ) {
        if let Some(cents) = amount_of(value) {
            amounts.insert(cents);
        }
    }

    let Some(text) = reply_text else {
        return problems;
    };
    // "Never an invented price": every euro amount is a catalog price, a multiple of one
    // (a quantity quoted), or a total of this conversation's cart or order.
    for cents in money::euro_amounts(text) {
        let from_catalog = context.prices.catalog.contains(&cents)
            || context
                .prices
                .unit
                .values()
                .any(|unit| *unit > 0 && cents % unit == 0 && cents / unit <= 20);
        if !from_catalog && !context.conversation_amounts.contains(&cents) {
            problems.push(format!(
                "the reply states €{} which is no catalog price nor a total of this cart",
                money::show(cents)
            ));
        }
    }
    let lower = text.to_lowercase();
    for claim in FORBIDDEN_CLAIMS {
        if lower.contains(claim) {
            problems.push(format!("the reply makes a forbidden claim: {claim:?}"));
        }
    }
    problems
}

fn expect_str(problems: &mut Vec<String>, what: &str, got: &Value, expected: &str) {
    let got = got.as_str().unwrap_or("<none>");
    if got != expected {
        problems.push(format!("{what}: expected {expected}, got {got}"));
    }
}

/// Names as people write them: case, accents and surrounding spaces do not matter.
fn expect_same_text(problems: &mut Vec<String>, what: &str, got: &Value, expected: &str) {
    match got.as_str() {
        Some(got) if same_text(got, expected) => {}
        got => problems.push(format!(
            "{what}: expected {expected:?}, got {}",
            got.map_or("null".to_owned(), |g| format!("{g:?}"))
        )),
    }
}

fn same_text(a: &str, b: &str) -> bool {
    fold(a.trim()) == fold(b.trim())
}

/// Lower case without the accents of English, Spanish and Italian ("Málaga" is
/// "malaga"), so a fact matches however the reply spells it.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// An amount as the API writes it: a decimal string, or money `{"amount", "currency"}`.
fn amount_of(value: &Value) -> Option<i64> {
    value
        .as_str()
        .or_else(|| value["amount"].as_str())
        .and_then(money::cents)
}

/// A field under its playground name or its orders API name (`product` or
/// `product_name`): the playground's cart and the order it returns name lines alike.
fn either<'v>(value: &'v Value, short: &str, long: &str) -> &'v Value {
    match &value[short] {
        Value::Null => &value[long],
        found => found,
    }
}

fn expect_amount(problems: &mut Vec<String>, what: &str, got: &Value, expected: &str) {
    let want = money::cents(expected);
    let have = amount_of(got);
    if want.is_none() || want != have {
        problems.push(format!("{what}: expected {expected}, got {got}"));
    }
}

/// A line as (product, variant, quantity) for comparing.
fn line_key(line: &Value) -> (String, Option<String>, i64) {
    (
        either(line, "product", "product_name")
            .as_str()
            .unwrap_or_default()
            .to_lowercase(),
        either(line, "variant", "variant_name")
            .as_str()
            .map(str::to_lowercase),
        line["quantity"].as_i64().unwrap_or(0),
    )
}

/// `got` holds exactly the `expected` lines, in any order.
fn check_lines(problems: &mut Vec<String>, what: &str, got: &Value, expected: &[LineExpect]) {
    let Some(got_lines) = got.as_array() else {
        problems.push(format!("{what}: expected lines, got {got}"));
        return;
    };
    let describe = |lines: &mut dyn Iterator<Item = (String, Option<String>, i64)>| {
        lines
            .map(|(p, v, q)| match v {
                Some(v) => format!("{q} × {p} {v}"),
                None => format!("{q} × {p}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut unmatched: Vec<&Value> = got_lines.iter().collect();
    let mut missing = Vec::new();
    for want in expected {
        let key = (
            want.product.to_lowercase(),
            want.variant.as_deref().map(str::to_lowercase),
            i64::from(want.quantity),
        );
        match unmatched.iter().position(|line| line_key(line) == key) {
            Some(at) => {
                let line = unmatched.remove(at);
                if let Some(unit) = &want.unit_price {
                    expect_amount(
                        problems,
                        &format!("{what} {} unit_price", want.product),
                        &line["unit_price"],
                        unit,
                    );
                }
                if let Some(total) = &want.line_total {
                    expect_amount(
                        problems,
                        &format!("{what} {} line_total", want.product),
                        &line["line_total"],
                        total,
                    );
                }
            }
            None => missing.push(key),
        }
    }
    if !missing.is_empty() || !unmatched.is_empty() {
        problems.push(format!(
            "{what}: expected [{}], got [{}]",
            describe(&mut expected.iter().map(|l| (
                l.product.to_lowercase(),
                l.variant.as_deref().map(str::to_lowercase),
                i64::from(l.quantity)
            ))),
            describe(&mut got_lines.iter().map(line_key)),
        ));
    }
}
