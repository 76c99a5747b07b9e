//! The scenario file format (`tests/conversations/*.yaml`, described in the README there):
//! what a file may say, read strictly, so a misspelt key or an unknown intent fails the
//! suite instead of silently checking nothing.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// Where the scenario files live.
pub fn directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conversations")
}

/// The scenario files' names without `.yaml`, sorted; files starting with `_` are
/// fixtures, not scenarios.
pub fn files_on_disk() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(directory())
        .expect("tests/conversations is readable")
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with('_'))
        .filter_map(|name| name.strip_suffix(".yaml").map(str::to_owned))
        .collect();
    names.sort();
    names
}

pub const LANGUAGES: [&str; 3] = ["en", "es", "it"];
pub const TONES: [&str; 5] = ["friendly", "luxe", "influencer", "professional", "casual"];
pub const INTENTS: [&str; 14] = [
    "greeting",
    "product_inquiry",
    "price_check",
    "availability_check",
    "buying_intent",
    "order_modification",
    "order_status",
    "complaint",
    "custom_request",
    "medical_question",
    "speak_to_human",
    "gratitude",
    "chit_chat",
    "unknown",
];
pub const STAGES: [&str; 7] = [
    "browsing",
    "collecting_product",
    "collecting_variant",
    "collecting_quantity",
    "collecting_location",
    "confirming_order",
    "order_captured",
];
pub const DECISIONS: [&str; 5] = [
    "answer",
    "answer_with_caveat",
    "offer_human",
    "handoff",
    "stay_silent",
];
pub const HANDOFF_REASONS: [&str; 8] = [
    "order_confirmed",
    "medical_question",
    "custom_request",
    "complaint",
    "low_confidence",
    "customer_request",
    "repeated_failure",
    "outside_hours",
];
pub const SILENCE_REASONS: [&str; 5] = [
    "contact_blocked",
    "human_owner",
    "conversation_closed",
    "assistant_off_workspace",
    "assistant_off_conversation",
];
pub const SOURCE_KINDS: [&str; 3] = ["product", "faq", "document"];
pub const OWNERS: [&str; 2] = ["assistant", "human"];
pub const LIFECYCLES: [&str; 7] = [
    "active",
    "waiting",
    "escalated",
    "agent_handling",
    "resolved",
    "abandoned",
    "archived",
];
pub const ORDER_STATUSES: [&str; 4] = ["captured", "in_progress", "completed", "cancelled"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// The customer's language (`en`, `es`, `it`): every reply is expected in it unless a
    /// turn says otherwise, and it is the workspace's default language unless
    /// `workspace.languages` says otherwise.
    pub language: String,
    /// Why the scenario exists, for whoever reads a failure.
    #[serde(default)]
    pub description: Option<String>,
    /// The test customer's display name.
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub workspace: WorkspaceOverrides,
    /// Merged into `PATCH /api/v1/assistant/settings` (nested maps key by key).
    #[serde(default)]
    pub assistant: Option<Value>,
    pub turns: Vec<Step>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceOverrides {
    #[serde(default)]
    pub brand_tone: Option<String>,
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    #[serde(default)]
    pub operating_hours: Option<Hours>,
}

/// Operating hours that give the same answer whenever the suite runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hours {
    /// No windows: always open (the default).
    AlwaysOpen,
    /// One window on a weekday that is neither yesterday, today nor tomorrow (UTC).
    ClosedNow,
}

/// One step as written: a customer line with expectations, or an action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub customer: Option<String>,
    #[serde(default)]
    pub expect: Option<Expect>,
    #[serde(default)]
    pub action: Option<Action>,
}

/// Something the shop's team does between customer lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `POST /conversations/{id}/takeover` as the owner.
    Takeover,
    /// `POST /conversations/{id}/return-to-assistant`.
    ReturnToAssistant,
    /// `PATCH /contacts/{contact_id}` with `{"blocked": true}`.
    BlockContact,
    /// `PATCH /contacts/{contact_id}` with `{"blocked": false}`.
    UnblockContact,
    /// `PATCH /conversations/{id}` with `{"assistant_enabled": false}`.
    AssistantOff,
    /// `PATCH /conversations/{id}` with `{"assistant_enabled": true}`.
    AssistantOn,
    /// `PATCH /orders/{id}/status` to `in_progress` for the last order placed.
    OrderInProgress,
    /// `PATCH /orders/{id}/status` to `completed` for the last order placed.
    OrderCompleted,
    /// `DELETE /playground/sessions/{session}`: the next line starts a new conversation.
    ResetSession,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Takeover => "takeover",
            Action::ReturnToAssistant => "return_to_assistant",
            Action::BlockContact => "block_contact",
            Action::UnblockContact => "unblock_contact",
            Action::AssistantOff => "assistant_off",
            Action::AssistantOn => "assistant_on",
            Action::OrderInProgress => "order_in_progress",
            Action::OrderCompleted => "order_completed",
            Action::ResetSession => "reset_session",
        }
    }
}

/// One value or a list of acceptable values.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn options(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(one) => vec![one.as_str()],
            OneOrMany::Many(many) => many.iter().map(String::as_str).collect(),
        }
    }

    pub fn describe(&self) -> String {
        self.options().join(" or ")
    }
}

/// What a customer line must produce. Everything is optional except where the README
/// gives a default: `handoff` defaults to `none`, `silent` to `false`, `language` to the
/// scenario's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub intent: Option<OneOrMany>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub stage: Option<OneOrMany>,
    /// Every complete line of the cart, in any order; `[]` for an empty cart.
    #[serde(default)]
    pub cart: Option<Vec<LineExpect>>,
    #[serde(default)]
    pub shipping_location: Option<String>,
    /// `decision.action`.
    #[serde(default)]
    pub decision: Option<OneOrMany>,
    /// `decision.because` of a `stay_silent` decision.
    #[serde(default)]
    pub because: Option<String>,
    #[serde(default)]
    pub team_available: Option<bool>,
    /// A handoff reason, `none` (the default) or `any`.
    #[serde(default)]
    pub handoff: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub lifecycle: Option<String>,
    /// `none`, or the order placed by this line.
    #[serde(default)]
    pub order: Option<OrderExpectation>,
    #[serde(default)]
    pub reply_contains: Vec<String>,
    #[serde(default)]
    pub reply_not_contains: Vec<String>,
    #[serde(default)]
    pub silent: Option<bool>,
    /// Source kinds the reply must cite (each at least once).
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineExpect {
    pub product: String,
    /// Absent for a product without variants.
    #[serde(default)]
    pub variant: Option<String>,
    pub quantity: u32,
    #[serde(default)]
    pub unit_price: Option<String>,
    #[serde(default)]
    pub line_total: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OrderExpectation {
    /// Only `none`.
    Marker(String),
    Order(OrderExpect),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderExpect {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub total: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub shipping_location: Option<String>,
    /// Every line, in any order.
    #[serde(default)]
    pub lines: Option<Vec<LineExpect>>,
}

/// A step after reading: what the runner plays.
#[derive(Debug)]
pub enum Turn {
    Customer { text: String, expect: Box<Expect> },
    Action(Action),
}

/// A scenario read from its file and checked for sense.
#[derive(Debug)]
pub struct Loaded {
    pub file: String,
    pub scenario: Scenario,
    pub turns: Vec<Turn>,
}

impl Loaded {
    pub fn path(&self) -> PathBuf {
        directory().join(format!("{}.yaml", self.file))
    }

    /// The `session` of the playground: the file name, which already fits `[a-z0-9_]`.
    pub fn session(&self) -> String {
        self.file.chars().take(64).collect()
    }
}

/// Reads `tests/conversations/<file>.yaml`, or says precisely what is wrong with it.
pub fn load(file: &str) -> Result<Loaded, String> {
    let path = directory().join(format!("{file}.yaml"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut scenario: Scenario =
        serde_norway::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let steps = std::mem::take(&mut scenario.turns);
    let mut problems = validate_scenario(&scenario);
    if steps.is_empty() {
        problems.push("no turns".to_owned());
    }
    let mut turns = Vec::with_capacity(steps.len());
    for (index, step) in steps.into_iter().enumerate() {
        let at = format!("turns[{index}]");
        match (step.customer, step.action, step.expect) {
            (Some(text), None, expect) => {
                let expect = expect.unwrap_or_default();
                problems.extend(
                    validate_expect(&expect)
                        .into_iter()
                        .map(|p| format!("{at}: {p}")),
                );
                if text.trim().is_empty() {
                    problems.push(format!("{at}: the customer line is empty"));
                }
                turns.push(Turn::Customer {
                    text,
                    expect: Box::new(expect),
                });
            }
            (None, Some(action), None) => turns.push(Turn::Action(action)),
            (None, Some(_), Some(_)) => {
                problems.push(format!("{at}: an action has no `expect`"));
            }
            (Some(_), Some(_), _) => {
                problems.push(format!("{at}: give `customer` or `action`, not both"));
            }
            (None, None, _) => problems.push(format!("{at}: give `customer` or `action`")),
        }
    }
    if !matches!(turns.first(), Some(Turn::Customer { .. })) {
        problems.push("the first turn must be a customer line".to_owned());
    }
    if problems.is_empty() {
        Ok(Loaded {
            file: file.to_owned(),
            scenario,
            turns,
        })
    } else {
        Err(format!("{}:\n  {}", path.display(), problems.join("\n  ")))
    }
}

fn check(problems: &mut Vec<String>, what: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value) {
        problems.push(format!(
            "{what} '{value}' is not one of {}",
            allowed.join(", ")
        ));
    }
}

fn validate_scenario(scenario: &Scenario) -> Vec<String> {
    let mut problems = Vec::new();
    if scenario.name.trim().is_empty() {
        problems.push("`name` is empty".to_owned());
    }
    check(&mut problems, "language", &scenario.language, &LANGUAGES);
    if let Some(tone) = &scenario.workspace.brand_tone {
        check(&mut problems, "workspace.brand_tone", tone, &TONES);
    }
    if let Some(languages) = &scenario.workspace.languages {
        if languages.is_empty() {
            problems.push("workspace.languages is empty".to_owned());
        }
        for language in languages {
            check(&mut problems, "workspace.languages", language, &LANGUAGES);
        }
    }
    if let Some(assistant) = &scenario.assistant
        && !assistant.is_object()
    {
        problems.push("`assistant` must be a map of settings".to_owned());
    }
    problems
}

fn validate_expect(expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    let p = &mut problems;
    if let Some(intent) = &expect.intent {
        for i in intent.options() {
            check(p, "intent", i, &INTENTS);
        }
    }
    if let Some(language) = &expect.language {
        check(p, "language", language, &LANGUAGES);
    }
    if let Some(stage) = &expect.stage {
        for s in stage.options() {
            check(p, "stage", s, &STAGES);
        }
    }
    if let Some(decision) = &expect.decision {
        for d in decision.options() {
            check(p, "decision", d, &DECISIONS);
        }
    }
    if let Some(because) = &expect.because {
        check(p, "because", because, &SILENCE_REASONS);
    }
    if let Some(handoff) = &expect.handoff {
        let mut allowed = vec!["none", "any"];
        allowed.extend(HANDOFF_REASONS);
        check(p, "handoff", handoff, &allowed);
    }
    if let Some(owner) = &expect.owner {
        check(p, "owner", owner, &OWNERS);
    }
    if let Some(lifecycle) = &expect.lifecycle {
        check(p, "lifecycle", lifecycle, &LIFECYCLES);
    }
    for kind in &expect.sources {
        check(p, "sources", kind, &SOURCE_KINDS);
    }
    for line in expect.cart.iter().flatten() {
        validate_line(p, "cart", line);
    }
    match &expect.order {
        Some(OrderExpectation::Marker(marker)) if marker != "none" => {
            p.push(format!(
                "order '{marker}': give `none` or the order's fields"
            ));
        }
        Some(OrderExpectation::Order(order)) => {
            if let Some(status) = &order.status {
                check(p, "order.status", status, &ORDER_STATUSES);
            }
            if let Some(total) = &order.total {
                validate_amount(p, "order.total", total);
            }
            for line in order.lines.iter().flatten() {
                validate_line(p, "order.lines", line);
            }
        }
        _ => {}
    }
    for phrase in expect
        .reply_contains
        .iter()
        .chain(&expect.reply_not_contains)
    {
        if phrase.trim().is_empty() {
            p.push("an empty reply phrase".to_owned());
        }
    }
    let silent = expect.silent == Some(true);
    if silent && !expect.reply_contains.is_empty() {
        p.push("a silent turn cannot have `reply_contains`".to_owned());
    }
    if expect.because.is_some() && !silent {
        p.push("`because` needs `silent: true`".to_owned());
    }
    problems
}

fn validate_line(problems: &mut Vec<String>, what: &str, line: &LineExpect) {
    if line.quantity == 0 {
        problems.push(format!("{what}: {} with quantity 0", line.product));
    }
    for amount in line.unit_price.iter().chain(&line.line_total) {
        validate_amount(problems, what, amount);
    }
}

fn validate_amount(problems: &mut Vec<String>, what: &str, amount: &str) {
    if super::money::cents(amount).is_none() {
        problems.push(format!("{what}: '{amount}' is not an amount like 58.00"));
    }
}
