//! Plays one scenario: a fresh server, the shop seeded through the API, the workspace
//! and assistant configured as the scenario says, then every turn through
//! `POST /api/v1/playground/messages`, failing with a readable report at the first turn
//! that does not do what it should.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chatdesk_tests::app::{Owner, TestApp, spawn_app};
use chrono::{Datelike, Utc, Weekday};
use reqwest::Response;
use serde_json::{Map, Value, json};

use super::expect::{self, Context};
use super::scenario::{self, Action, Hours, LANGUAGES, Loaded, Turn};
use super::shop::{self, Prices};

const PLAYGROUND: &str = "/api/v1/playground/messages";

/// Runs `tests/conversations/<file>.yaml`, panicking with the report on a mismatch.
pub async fn run(file: &str) {
    let loaded = scenario::load(file).unwrap_or_else(|problem| panic!("{problem}"));
    let shop = shop::load().unwrap_or_else(|problem| panic!("{problem}"));
    let app = spawn_app().await;
    let owner = app
        .register("owner@bella-beauty.test", &shop.business_name)
        .await;
    let prices = shop::seed(&app, &owner.access_token, &shop).await;
    configure_workspace(&app, &owner, &loaded).await;
    configure_assistant(&app, &owner, &loaded).await;

    let mut play = Play {
        app: &app,
        owner: &owner,
        loaded: &loaded,
        prices: &prices,
        transcript: Vec::new(),
        conversation_amounts: BTreeSet::new(),
        last: None,
        last_order: None,
    };
    for (index, turn) in loaded.turns.iter().enumerate() {
        match turn {
            Turn::Customer { text, expect } => play.customer(index, text, expect).await,
            Turn::Action(action) => play.action(index, *action).await,
        }
    }
}

struct Play<'a> {
    app: &'a TestApp,
    owner: &'a Owner,
    loaded: &'a Loaded,
    prices: &'a Prices,
    /// (who, what) so far, for the report.
    transcript: Vec<(String, String)>,
    conversation_amounts: BTreeSet<i64>,
    /// The last playground response.
    last: Option<Value>,
    /// The id of the last order placed in this scenario.
    last_order: Option<String>,
}

impl Play<'_> {
    async fn customer(&mut self, index: usize, text: &str, expect: &scenario::Expect) {
        let mut body = json!({"text": text, "session": self.loaded.session()});
        if let Some(name) = &self.loaded.scenario.customer_name {
            body["customer_name"] = json!(name);
        }
        let response = self
            .app
            .post_as(&self.owner.access_token, PLAYGROUND, &body)
            .await;
        let status = response.status();
        let raw = response.text().await.unwrap_or_default();
        let parsed: Option<Value> = serde_json::from_str(&raw).ok();
        let Some(json) = parsed.filter(|_| status.is_success()) else {
            self.fail(
                index,
                Some(text),
                &format!("POST {PLAYGROUND} answered {status}"),
                &[],
                &raw,
            );
        };
        self.transcript
            .push(("customer".to_owned(), text.to_owned()));
        let mut context = Context {
            scenario_language: &self.loaded.scenario.language,
            prices: self.prices,
            conversation_amounts: &mut self.conversation_amounts,
        };
        let problems = expect::check(&json, expect, &mut context);
        let pretty = serde_json::to_string_pretty(&json).unwrap_or(raw);
        if !problems.is_empty() {
            let expected = describe_expectation(expect);
            self.fail(index, Some(text), &expected, &problems, &pretty);
        }
        self.transcript.push((
            "assistant".to_owned(),
            json["reply"]["text"]
                .as_str()
                .map_or("(silent)".to_owned(), str::to_owned),
        ));
        if let Some(order) = json["order"]["id"].as_str() {
            self.last_order = Some(order.to_owned());
        }
        self.last = Some(json);
    }

    async fn action(&mut self, index: usize, action: Action) {
        let token = &self.owner.access_token;
        let conversation = self.field("conversation_id");
        let contact = self.field("contact_id");
        let order = self.last_order.clone();
        let need = |what: Option<String>, name: &str| {
            what.unwrap_or_else(|| {
                panic!(
                    "{}: {} needs {name} from an earlier turn",
                    self.loaded.file,
                    action.name()
                )
            })
        };
        let (method, path, response): (&str, String, Response) = match action {
            Action::Takeover | Action::ReturnToAssistant => {
                let verb = if action == Action::Takeover {
                    "takeover"
                } else {
                    "return-to-assistant"
                };
                let path = format!(
                    "/api/v1/conversations/{}/{verb}",
                    need(conversation, "a conversation")
                );
                let response = self.app.post_as(token, &path, &json!({})).await;
                ("POST", path, response)
            }
            Action::BlockContact | Action::UnblockContact => {
                let path = format!("/api/v1/contacts/{}", need(contact, "a contact"));
                let blocked = action == Action::BlockContact;
                let response = self
                    .app
                    .patch_as(token, &path, &json!({"blocked": blocked}))
                    .await;
                ("PATCH", path, response)
            }
            Action::AssistantOff | Action::AssistantOn => {
                let path = format!(
                    "/api/v1/conversations/{}",
                    need(conversation, "a conversation")
                );
                let enabled = action == Action::AssistantOn;
                let response = self
                    .app
                    .patch_as(token, &path, &json!({"assistant_enabled": enabled}))
                    .await;
                ("PATCH", path, response)
            }
            Action::OrderInProgress | Action::OrderCompleted => {
                let path = format!("/api/v1/orders/{}/status", need(order, "an order"));
                let status = if action == Action::OrderInProgress {
                    "in_progress"
                } else {
                    "completed"
                };
                let response = self
                    .app
                    .patch_as(token, &path, &json!({"status": status}))
                    .await;
                ("PATCH", path, response)
            }
            Action::ResetSession => {
                let path = format!("/api/v1/playground/sessions/{}", self.loaded.session());
                let response = self.app.delete_as(token, &path).await;
                ("DELETE", path, response)
            }
        };
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            self.fail(
                index,
                None,
                &format!(
                    "action {}: {method} {path} answered {status}",
                    action.name()
                ),
                &[],
                &body,
            );
        }
        self.transcript
            .push(("team".to_owned(), action.name().to_owned()));
    }

    fn field(&self, name: &str) -> Option<String> {
        self.last
            .as_ref()
            .and_then(|last| last[name].as_str())
            .map(str::to_owned)
    }

    fn fail(
        &self,
        index: usize,
        text: Option<&str>,
        expected: &str,
        problems: &[String],
        response: &str,
    ) -> ! {
        let scenario = &self.loaded.scenario;
        let mut report = String::new();
        let _ = writeln!(
            report,
            "\nscenario {} ({}): {}",
            self.loaded.file,
            self.loaded.path().display(),
            scenario.name
        );
        if let Some(description) = &scenario.description {
            let _ = writeln!(report, "{}", description.trim());
        }
        let _ = writeln!(
            report,
            "turn {} of {}{}",
            index + 1,
            self.loaded.turns.len(),
            text.map(|t| format!(", customer: {t:?}"))
                .unwrap_or_default()
        );
        let _ = writeln!(report, "expected: {expected}");
        if !problems.is_empty() {
            let _ = writeln!(report, "mismatches:");
            for problem in problems {
                let _ = writeln!(report, "  - {problem}");
            }
        }
        if !self.transcript.is_empty() {
            let _ = writeln!(report, "conversation before this turn:");
            for (who, what) in &self.transcript {
                let _ = writeln!(report, "  {who:>9}: {what}");
            }
        }
        let _ = writeln!(report, "response:\n{response}");
        panic!("{report}");
    }
}

/// A one-line summary of what the turn expected, for the report.
fn describe_expectation(expect: &scenario::Expect) -> String {
    let mut parts = Vec::new();
    let mut add = |key: &str, value: String| parts.push(format!("{key}: {value}"));
    if let Some(v) = &expect.intent {
        add("intent", v.describe());
    }
    if let Some(v) = &expect.language {
        add("language", v.clone());
    }
    if let Some(v) = &expect.stage {
        add("stage", v.describe());
    }
    if let Some(lines) = &expect.cart {
        add("cart", format!("{lines:?}"));
    }
    if let Some(v) = &expect.shipping_location {
        add("shipping_location", v.clone());
    }
    if let Some(v) = &expect.decision {
        add("decision", v.describe());
    }
    if let Some(v) = &expect.because {
        add("because", v.clone());
    }
    if let Some(v) = expect.team_available {
        add("team_available", v.to_string());
    }
    add(
        "handoff",
        expect.handoff.clone().unwrap_or_else(|| "none".to_owned()),
    );
    if let Some(v) = &expect.owner {
        add("owner", v.clone());
    }
    if let Some(v) = &expect.lifecycle {
        add("lifecycle", v.clone());
    }
    if let Some(v) = &expect.order {
        add("order", format!("{v:?}"));
    }
    if !expect.reply_contains.is_empty() {
        add("reply_contains", format!("{:?}", expect.reply_contains));
    }
    if !expect.reply_not_contains.is_empty() {
        add(
            "reply_not_contains",
            format!("{:?}", expect.reply_not_contains),
        );
    }
    add("silent", expect.silent.unwrap_or(false).to_string());
    if !expect.sources.is_empty() {
        add("sources", format!("{:?}", expect.sources));
    }
    parts.join("; ")
}

async fn expect_ok(response: Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what} answered {status}: {body:#}");
    body
}

/// Tone, languages, timezone and operating hours (`PATCH /api/v1/workspace`). The
/// scenario's language comes first, so it is the workspace default, unless the scenario
/// lists the languages itself.
async fn configure_workspace(app: &TestApp, owner: &Owner, loaded: &Loaded) {
    let overrides = &loaded.scenario.workspace;
    let language = loaded.scenario.language.as_str();
    let languages = overrides.languages.clone().unwrap_or_else(|| {
        std::iter::once(language)
            .chain(LANGUAGES.into_iter().filter(|l| *l != language))
            .map(str::to_owned)
            .collect()
    });
    let hours = match overrides.operating_hours.unwrap_or(Hours::AlwaysOpen) {
        Hours::AlwaysOpen => json!([]),
        Hours::ClosedNow => {
            let day = closed_day(Utc::now().weekday());
            json!([{"day": day, "opens": "09:00", "closes": "18:00"}])
        }
    };
    let body = json!({
        "brand_tone": overrides.brand_tone.as_deref().unwrap_or("friendly"),
        "languages": languages,
        "timezone": "UTC",
        "operating_hours": hours,
    });
    expect_ok(
        app.patch_as(&owner.access_token, "/api/v1/workspace", &body)
            .await,
        "PATCH /api/v1/workspace",
    )
    .await;
}

/// The weekday three days after `today`: neither yesterday, today nor tomorrow, so a
/// single window on it means "closed now" for the whole run, even across midnight.
fn closed_day(today: Weekday) -> &'static str {
    day_name(today.succ().succ().succ())
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// `PATCH /api/v1/assistant/settings` with the scenario's settings merged into the
/// current ones key by key (so `handoff_triggers: {low_confidence: false}` keeps the
/// other triggers as they are).
async fn configure_assistant(app: &TestApp, owner: &Owner, loaded: &Loaded) {
    let Some(Value::Object(overrides)) = &loaded.scenario.assistant else {
        return;
    };
    const SETTINGS: &str = "/api/v1/assistant/settings";
    let current = expect_ok(
        app.get_as(&owner.access_token, SETTINGS).await,
        "GET /api/v1/assistant/settings",
    )
    .await;
    let mut body = Map::new();
    for (key, value) in overrides {
        let merged = match (&current[key.as_str()], value) {
            (Value::Object(now), Value::Object(change)) => {
                let mut merged = now.clone();
                merged.extend(change.clone());
                Value::Object(merged)
            }
            _ => value.clone(),
        };
        body.insert(key.clone(), merged);
    }
    expect_ok(
        app.patch_as(&owner.access_token, SETTINGS, &Value::Object(body))
            .await,
        "PATCH /api/v1/assistant/settings",
    )
    .await;
}

#[test]
fn the_closed_day_is_never_yesterday_today_or_tomorrow() {
    let mut today = Weekday::Mon;
    for _ in 0..7 {
        let closed = closed_day(today);
        for near in [today.pred(), today, today.succ()] {
            assert_ne!(closed, day_name(near), "today is {today}");
        }
        today = today.succ();
    }
}
