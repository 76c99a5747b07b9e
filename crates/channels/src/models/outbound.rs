//! What we send: text with quick replies, up to three buttons, a list, an image or a
//! WhatsApp template, checked against the limits of the platform it goes to.
//!
//! `OutboundContent` is plain data (what the assistant or an agent composed, and what
//! storage keeps); an `OutboundMessage` exists only once that content has been found
//! valid for its platform, so the sender never discovers a limit by being refused.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::Platform;
use super::text::{char_len, has_control_except_whitespace, web_url};

pub const IDEMPOTENCY_KEY_MAX: usize = 200;

/// Makes a send happen once: storage keeps outbound keys unique per workspace, so the
/// same reply to the same inbound event (a webhook redelivered, a job run twice) is one
/// message. Printable ASCII without spaces, e.g. `reply:0190f5a2-...`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdempotencyKeyError {
    #[error("idempotency key must not be empty")]
    Empty,
    #[error("idempotency key must be at most {IDEMPOTENCY_KEY_MAX} characters")]
    TooLong,
    #[error("idempotency key may hold only letters, digits and . _ : @ - /")]
    InvalidCharacter,
}

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Result<Self, IdempotencyKeyError> {
        if raw.is_empty() {
            return Err(IdempotencyKeyError::Empty);
        }
        if raw.len() > IDEMPOTENCY_KEY_MAX {
            return Err(IdempotencyKeyError::TooLong);
        }
        if !raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '@' | '-' | '/'))
        {
            return Err(IdempotencyKeyError::InvalidCharacter);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IdempotencyKey {
    type Error = IdempotencyKeyError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<IdempotencyKey> for String {
    fn from(key: IdempotencyKey) -> Self {
        key.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutboundContent {
    Text {
        text: String,
        #[serde(default)]
        quick_replies: Vec<QuickReply>,
    },
    /// Text with one to three buttons (Messenger button template, WhatsApp reply buttons).
    Buttons { text: String, buttons: Vec<Button> },
    /// A menu of rows (WhatsApp list message). Messenger and Instagram have no list
    /// message any more, so there it goes out as the body with one quick reply per row.
    List {
        header: Option<String>,
        body: String,
        footer: Option<String>,
        button_label: String,
        sections: Vec<ListSection>,
    },
    Image {
        url: String,
        caption: Option<String>,
    },
    /// A pre-approved WhatsApp template: the only thing WhatsApp lets a business send
    /// once 24 hours have passed since the customer last wrote.
    Template {
        name: String,
        language: String,
        #[serde(default)]
        body_parameters: Vec<String>,
    },
}

impl OutboundContent {
    pub fn text(text: &str) -> Self {
        OutboundContent::Text {
            text: text.to_owned(),
            quick_replies: Vec::new(),
        }
    }

    pub fn is_template(&self) -> bool {
        matches!(self, OutboundContent::Template { .. })
    }

    /// A one-line summary for inboxes and logs.
    pub fn preview(&self) -> &str {
        match self {
            OutboundContent::Text { text, .. } | OutboundContent::Buttons { text, .. } => text,
            OutboundContent::List { body, .. } => body,
            OutboundContent::Image { caption, url } => caption.as_deref().unwrap_or(url),
            OutboundContent::Template { name, .. } => name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickReply {
    pub title: String,
    pub payload: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub title: String,
    pub action: ButtonAction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ButtonAction {
    /// Comes back as a postback (Messenger) or a button reply (WhatsApp) carrying this.
    Postback { payload: String },
    /// Opens a web page (Messenger and Instagram only).
    Url { url: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSection {
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// How a platform counts its text limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextLimit {
    Chars(usize),
    /// Instagram counts UTF-8 bytes: 1000 bytes is 250 emoji.
    Bytes(usize),
}

impl TextLimit {
    fn exceeded_by(self, text: &str) -> bool {
        match self {
            TextLimit::Chars(max) => char_len(text) > max,
            TextLimit::Bytes(max) => text.len() > max,
        }
    }

    fn describe(self) -> String {
        match self {
            TextLimit::Chars(max) => format!("{max} characters"),
            TextLimit::Bytes(max) => format!("{max} bytes"),
        }
    }
}

/// The documented limits of one platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformLimits {
    pub text: TextLimit,
    /// `None`: the platform has no quick replies.
    pub quick_replies: Option<usize>,
    pub quick_reply_title: usize,
    pub payload: usize,
    pub buttons_text: TextLimit,
    pub buttons: usize,
    pub button_title: usize,
    pub button_payload: usize,
    pub url_buttons: bool,
    pub list_body: TextLimit,
    pub list_rows: usize,
    pub list_sections: usize,
    pub list_row_title: usize,
    pub list_row_description: usize,
    pub list_row_id: usize,
    pub list_header_footer: usize,
    pub list_button_label: usize,
    /// `None`: images go without a caption.
    pub caption: Option<usize>,
    pub templates: bool,
}

impl PlatformLimits {
    pub fn of(platform: Platform) -> Self {
        // Messenger: text 2000 characters, 13 quick replies with 20-character titles and
        // 1000-character payloads, button template text 640 and 1-3 buttons of 20.
        let messenger = PlatformLimits {
            text: TextLimit::Chars(2_000),
            quick_replies: Some(13),
            quick_reply_title: 20,
            payload: 1_000,
            buttons_text: TextLimit::Chars(640),
            buttons: 3,
            button_title: 20,
            button_payload: 1_000,
            url_buttons: true,
            // Rendered as quick replies, so a list obeys the quick-reply limits.
            list_body: TextLimit::Chars(2_000),
            list_rows: 13,
            list_sections: 13,
            list_row_title: 20,
            list_row_description: 0,
            list_row_id: 1_000,
            list_header_footer: 0,
            list_button_label: 20,
            caption: None,
            templates: false,
        };
        match platform {
            Platform::Messenger => messenger,
            Platform::Instagram => PlatformLimits {
                text: TextLimit::Bytes(1_000),
                list_body: TextLimit::Bytes(1_000),
                ..messenger
            },
            // WhatsApp: text body 4096; reply buttons: body 1024, 3 buttons, titles 20,
            // ids 256; lists: 10 sections, 10 rows in all, row title 24, description 72,
            // row id 200, button label 20, header and footer 60; image caption 1024.
            Platform::WhatsApp => PlatformLimits {
                text: TextLimit::Chars(4_096),
                quick_replies: None,
                quick_reply_title: 0,
                payload: 0,
                buttons_text: TextLimit::Chars(1_024),
                buttons: 3,
                button_title: 20,
                button_payload: 256,
                url_buttons: false,
                list_body: TextLimit::Chars(4_096),
                list_rows: 10,
                list_sections: 10,
                list_row_title: 24,
                list_row_description: 72,
                list_row_id: 200,
                list_header_footer: 60,
                list_button_label: 20,
                caption: Some(1_024),
                templates: true,
            },
            // Our own widget renders everything; only text length is ours to choose.
            Platform::Web | Platform::Playground => PlatformLimits {
                text: TextLimit::Chars(4_096),
                list_body: TextLimit::Chars(4_096),
                caption: Some(1_024),
                ..messenger
            },
        }
    }
}

/// One thing wrong with outbound content, with the field path (`buttons[1].title`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundViolation {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// Every violation in the content, so a composer can fix them all at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("outbound message is not valid for {platform}: {}", describe(.violations))]
pub struct OutboundError {
    pub platform: Platform,
    pub violations: Vec<OutboundViolation>,
}

fn describe(violations: &[OutboundViolation]) -> String {
    violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl OutboundError {
    pub fn has(&self, field: &str, code: &str) -> bool {
        self.violations
            .iter()
            .any(|v| v.field == field && v.code == code)
    }
}

/// Content proven valid for `platform`, with the key that makes sending it idempotent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundMessage {
    platform: Platform,
    idempotency_key: IdempotencyKey,
    content: OutboundContent,
}

impl OutboundMessage {
    pub fn new(
        platform: Platform,
        idempotency_key: IdempotencyKey,
        content: OutboundContent,
    ) -> Result<Self, OutboundError> {
        let mut check = Checker {
            limits: PlatformLimits::of(platform),
            violations: Vec::new(),
        };
        check.content(&content);
        if check.violations.is_empty() {
            Ok(Self {
                platform,
                idempotency_key,
                content,
            })
        } else {
            Err(OutboundError {
                platform,
                violations: check.violations,
            })
        }
    }

    pub fn platform(&self) -> Platform {
        self.platform
    }

    pub fn idempotency_key(&self) -> &IdempotencyKey {
        &self.idempotency_key
    }

    pub fn content(&self) -> &OutboundContent {
        &self.content
    }
}

struct Checker {
    limits: PlatformLimits,
    violations: Vec<OutboundViolation>,
}

impl Checker {
    fn fail(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.violations.push(OutboundViolation {
            field: field.into(),
            code,
            message: message.into(),
        });
    }

    /// Required, not blank, no control characters but line breaks, within `limit`.
    fn body(&mut self, field: &str, text: &str, limit: TextLimit) {
        if text.trim().is_empty() {
            self.fail(field, "missing", "must not be empty");
        } else if has_control_except_whitespace(text) {
            self.fail(
                field,
                "control_character",
                "must not contain control characters",
            );
        } else if limit.exceeded_by(text) {
            self.fail(
                field,
                "too_long",
                format!("must be at most {}", limit.describe()),
            );
        }
    }

    /// A one-line label (titles, ids, payloads) of at most `max` characters.
    fn label(&mut self, field: &str, text: &str, max: usize) {
        if text.trim().is_empty() {
            self.fail(field, "missing", "must not be empty");
        } else if text.chars().any(char::is_control) {
            self.fail(
                field,
                "control_character",
                "must be one line without control characters",
            );
        } else if char_len(text) > max {
            self.fail(
                field,
                "too_long",
                format!("must be at most {max} characters"),
            );
        }
    }

    fn optional_label(&mut self, field: &str, text: Option<&str>, max: usize) {
        if let Some(text) = text {
            if max == 0 {
                self.fail(field, "unsupported", "this platform does not show it");
            } else {
                self.label(field, text, max);
            }
        }
    }

    fn url(&mut self, field: &str, url: &str) {
        if url.len() > 2_048 || web_url(url).is_none() {
            self.fail(field, "invalid_url", "must be an http(s) URL with a host");
        }
    }

    fn content(&mut self, content: &OutboundContent) {
        let limits = self.limits;
        match content {
            OutboundContent::Text {
                text,
                quick_replies,
            } => {
                self.body("text", text, limits.text);
                self.quick_replies(quick_replies);
            }
            OutboundContent::Buttons { text, buttons } => {
                self.body("text", text, limits.buttons_text);
                self.buttons(buttons);
            }
            OutboundContent::List {
                header,
                body,
                footer,
                button_label,
                sections,
            } => {
                self.optional_label("header", header.as_deref(), limits.list_header_footer);
                self.body("body", body, limits.list_body);
                self.optional_label("footer", footer.as_deref(), limits.list_header_footer);
                self.label("button_label", button_label, limits.list_button_label);
                self.list(sections);
            }
            OutboundContent::Image { url, caption } => {
                self.url("url", url);
                if let Some(caption) = caption {
                    match limits.caption {
                        Some(max) => self.body("caption", caption, TextLimit::Chars(max)),
                        None => self.fail(
                            "caption",
                            "unsupported",
                            "this platform sends images without captions; send the text separately",
                        ),
                    }
                }
            }
            OutboundContent::Template {
                name,
                language,
                body_parameters,
            } => self.template(name, language, body_parameters),
        }
    }

    fn quick_replies(&mut self, quick_replies: &[QuickReply]) {
        if quick_replies.is_empty() {
            return;
        }
        let Some(max) = self.limits.quick_replies else {
            self.fail(
                "quick_replies",
                "unsupported",
                "this platform has no quick replies; send up to 3 buttons instead",
            );
            return;
        };
        if quick_replies.len() > max {
            self.fail(
                "quick_replies",
                "too_many",
                format!("at most {max} quick replies"),
            );
        }
        for (i, reply) in quick_replies.iter().enumerate() {
            self.label(
                &format!("quick_replies[{i}].title"),
                &reply.title,
                self.limits.quick_reply_title,
            );
            self.label(
                &format!("quick_replies[{i}].payload"),
                &reply.payload,
                self.limits.payload,
            );
        }
    }

    fn buttons(&mut self, buttons: &[Button]) {
        let max = self.limits.buttons;
        if buttons.is_empty() || buttons.len() > max {
            self.fail(
                "buttons",
                "button_count",
                format!("between 1 and {max} buttons"),
            );
        }
        let mut titles = HashSet::new();
        let mut payloads = HashSet::new();
        for (i, button) in buttons.iter().enumerate() {
            let field = format!("buttons[{i}]");
            self.label(
                &format!("{field}.title"),
                &button.title,
                self.limits.button_title,
            );
            // WhatsApp refuses two reply buttons with the same title or id; the same
            // title twice is a confusing choice on any platform.
            if !titles.insert(button.title.trim().to_lowercase()) {
                self.fail(
                    format!("{field}.title"),
                    "duplicate",
                    "button titles must differ",
                );
            }
            match &button.action {
                ButtonAction::Postback { payload } => {
                    self.label(
                        &format!("{field}.payload"),
                        payload,
                        self.limits.button_payload,
                    );
                    if !payloads.insert(payload.as_str()) {
                        self.fail(
                            format!("{field}.payload"),
                            "duplicate",
                            "button payloads must differ",
                        );
                    }
                }
                ButtonAction::Url { url } => {
                    if self.limits.url_buttons {
                        self.url(&format!("{field}.url"), url);
                    } else {
                        self.fail(
                            format!("{field}.action"),
                            "unsupported",
                            "this platform only has reply buttons",
                        );
                    }
                }
            }
        }
    }

    fn list(&mut self, sections: &[ListSection]) {
        let limits = self.limits;
        let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
        if sections.is_empty() || sections.len() > limits.list_sections {
            self.fail(
                "sections",
                "section_count",
                format!("between 1 and {} sections", limits.list_sections),
            );
        }
        if rows == 0 || rows > limits.list_rows {
            self.fail(
                "sections",
                "row_count",
                format!("between 1 and {} rows in all", limits.list_rows),
            );
        }
        let mut ids = HashSet::new();
        for (s, section) in sections.iter().enumerate() {
            // WhatsApp requires a title on every section once there is more than one.
            match &section.title {
                Some(title) => self.label(&format!("sections[{s}].title"), title, 24),
                None if sections.len() > 1 => self.fail(
                    format!("sections[{s}].title"),
                    "missing",
                    "every section needs a title when there are several",
                ),
                None => {}
            }
            for (r, row) in section.rows.iter().enumerate() {
                let field = format!("sections[{s}].rows[{r}]");
                self.label(&format!("{field}.id"), &row.id, limits.list_row_id);
                self.label(&format!("{field}.title"), &row.title, limits.list_row_title);
                self.optional_label(
                    &format!("{field}.description"),
                    row.description.as_deref(),
                    limits.list_row_description,
                );
                if !ids.insert(row.id.as_str()) {
                    self.fail(format!("{field}.id"), "duplicate", "row ids must differ");
                }
            }
        }
    }

    fn template(&mut self, name: &str, language: &str, parameters: &[String]) {
        if !self.limits.templates {
            self.fail("type", "unsupported", "templates are a WhatsApp feature");
            return;
        }
        if name.is_empty()
            || name.len() > 512
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            self.fail(
                "name",
                "invalid_template_name",
                "lowercase letters, digits and underscores",
            );
        }
        let mut parts = language.splitn(2, '_');
        let lang = parts.next().unwrap_or_default();
        let region_ok = parts.next().is_none_or(|r| {
            (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !(2..=3).contains(&lang.len())
            || !lang.chars().all(|c| c.is_ascii_lowercase())
            || !region_ok
        {
            self.fail(
                "language",
                "invalid_language",
                "a template language code such as en or en_US",
            );
        }
        for (i, parameter) in parameters.iter().enumerate() {
            let field = format!("body_parameters[{i}]");
            // WhatsApp rejects parameters with line breaks, tabs or more than four
            // spaces in a row (error 132018).
            if parameter.trim().is_empty() {
                self.fail(field, "missing", "must not be empty");
            } else if parameter.chars().any(char::is_control) || parameter.contains("     ") {
                self.fail(
                    field,
                    "invalid_parameter",
                    "one line, no tabs, at most 4 spaces in a row",
                );
            } else if char_len(parameter) > 1_024 {
                self.fail(field, "too_long", "must be at most 1024 characters");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> IdempotencyKey {
        IdempotencyKey::parse("reply:0190f5a2-7b1c-7d3e-9f00-aa11bb22cc33").unwrap()
    }

    fn new(platform: Platform, content: OutboundContent) -> Result<OutboundMessage, OutboundError> {
        OutboundMessage::new(platform, key(), content)
    }

    fn qr(n: usize) -> Vec<QuickReply> {
        (0..n)
            .map(|i| QuickReply {
                title: format!("Option {i}"),
                payload: format!("OPT_{i}"),
            })
            .collect()
    }

    fn postback(title: &str, payload: &str) -> Button {
        Button {
            title: title.into(),
            action: ButtonAction::Postback {
                payload: payload.into(),
            },
        }
    }

    #[test]
    fn idempotency_keys_are_plain_tokens() {
        assert!(IdempotencyKey::parse("reply:evt-1/2").is_ok());
        assert_eq!(IdempotencyKey::parse(""), Err(IdempotencyKeyError::Empty));
        assert_eq!(
            IdempotencyKey::parse("has space"),
            Err(IdempotencyKeyError::InvalidCharacter)
        );
        assert_eq!(
            IdempotencyKey::parse(&"k".repeat(201)),
            Err(IdempotencyKeyError::TooLong)
        );
    }

    #[test]
    fn text_limits_follow_each_platform_and_count_characters() {
        let arabic = "م".repeat(2_000);
        assert!(new(Platform::Messenger, OutboundContent::text(&arabic)).is_ok());
        let err = new(
            Platform::Messenger,
            OutboundContent::text(&"a".repeat(2_001)),
        )
        .unwrap_err();
        assert!(err.has("text", "too_long"));
        // Instagram counts bytes: 300 emoji are 1200 bytes.
        assert!(
            new(
                Platform::Instagram,
                OutboundContent::text(&"😊".repeat(250))
            )
            .is_ok()
        );
        let err = new(
            Platform::Instagram,
            OutboundContent::text(&"😊".repeat(251)),
        )
        .unwrap_err();
        assert!(err.has("text", "too_long"));
        assert!(
            new(
                Platform::WhatsApp,
                OutboundContent::text(&"a".repeat(4_096))
            )
            .is_ok()
        );
        assert!(
            new(
                Platform::WhatsApp,
                OutboundContent::text(&"a".repeat(4_097))
            )
            .is_err()
        );
        assert!(
            new(Platform::Messenger, OutboundContent::text("   "))
                .unwrap_err()
                .has("text", "missing")
        );
        assert!(new(Platform::Messenger, OutboundContent::text("bell\u{7}")).is_err());
        assert!(new(Platform::Messenger, OutboundContent::text("two\nlines")).is_ok());
    }

    #[test]
    fn at_most_thirteen_quick_replies_and_none_on_whatsapp() {
        let content = |n| OutboundContent::Text {
            text: "Pick a shade".into(),
            quick_replies: qr(n),
        };
        assert!(new(Platform::Messenger, content(13)).is_ok());
        assert!(
            new(Platform::Messenger, content(14))
                .unwrap_err()
                .has("quick_replies", "too_many")
        );
        assert!(
            new(Platform::WhatsApp, content(2))
                .unwrap_err()
                .has("quick_replies", "unsupported")
        );
        let long_title = OutboundContent::Text {
            text: "Pick".into(),
            quick_replies: vec![QuickReply {
                title: "x".repeat(21),
                payload: "P".into(),
            }],
        };
        assert!(
            new(Platform::Instagram, long_title)
                .unwrap_err()
                .has("quick_replies[0].title", "too_long")
        );
    }

    #[test]
    fn one_to_three_distinct_buttons() {
        let content = |buttons| OutboundContent::Buttons {
            text: "What next?".into(),
            buttons,
        };
        let three = vec![
            postback("Buy", "BUY"),
            postback("Ask", "ASK"),
            postback("Later", "LATER"),
        ];
        assert!(new(Platform::WhatsApp, content(three.clone())).is_ok());
        let mut four = three;
        four.push(postback("More", "MORE"));
        assert!(
            new(Platform::Messenger, content(four))
                .unwrap_err()
                .has("buttons", "button_count")
        );
        assert!(
            new(Platform::Messenger, content(vec![]))
                .unwrap_err()
                .has("buttons", "button_count")
        );
        let twins = vec![postback("Buy", "A"), postback("buy", "B")];
        assert!(
            new(Platform::WhatsApp, content(twins))
                .unwrap_err()
                .has("buttons[1].title", "duplicate")
        );
        let url = vec![Button {
            title: "Shop".into(),
            action: ButtonAction::Url {
                url: "https://shop.example/glow".into(),
            },
        }];
        assert!(new(Platform::Messenger, content(url.clone())).is_ok());
        assert!(
            new(Platform::WhatsApp, content(url))
                .unwrap_err()
                .has("buttons[0].action", "unsupported")
        );
        let err = new(
            Platform::WhatsApp,
            OutboundContent::Buttons {
                text: "x".repeat(1_025),
                buttons: vec![postback("Ok", "OK")],
            },
        )
        .unwrap_err();
        assert!(err.has("text", "too_long"));
    }

    fn list(rows_per_section: &[usize]) -> OutboundContent {
        OutboundContent::List {
            header: None,
            body: "Our serums".into(),
            footer: None,
            button_label: "See all".into(),
            sections: rows_per_section
                .iter()
                .enumerate()
                .map(|(s, n)| ListSection {
                    title: Some(format!("Section {s}")),
                    rows: (0..*n)
                        .map(|r| ListRow {
                            id: format!("s{s}r{r}"),
                            title: format!("Serum {r}"),
                            description: None,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn lists_have_at_most_ten_rows_in_all_on_whatsapp() {
        assert!(new(Platform::WhatsApp, list(&[5, 5])).is_ok());
        assert!(
            new(Platform::WhatsApp, list(&[6, 5]))
                .unwrap_err()
                .has("sections", "row_count")
        );
        assert!(
            new(Platform::WhatsApp, list(&[]))
                .unwrap_err()
                .has("sections", "section_count")
        );
        // On Messenger a list becomes quick replies: up to 13 rows.
        assert!(new(Platform::Messenger, list(&[13])).is_ok());
        assert!(new(Platform::Messenger, list(&[14])).is_err());
        let OutboundContent::List { mut sections, .. } = list(&[1, 1]) else {
            unreachable!()
        };
        sections[1].title = None;
        sections[0].rows[0].description = Some("d".repeat(73));
        let err = new(
            Platform::WhatsApp,
            OutboundContent::List {
                header: Some("h".repeat(61)),
                body: "Serums".into(),
                footer: None,
                button_label: "See".into(),
                sections,
            },
        )
        .unwrap_err();
        assert!(err.has("sections[1].title", "missing"));
        assert!(err.has("sections[0].rows[0].description", "too_long"));
        assert!(err.has("header", "too_long"));
        assert_eq!(err.violations.len(), 3, "{err}");
    }

    #[test]
    fn images_need_web_urls_and_captions_only_where_shown() {
        let image = |url: &str, caption: Option<&str>| OutboundContent::Image {
            url: url.into(),
            caption: caption.map(Into::into),
        };
        assert!(
            new(
                Platform::WhatsApp,
                image("https://cdn.example/a.jpg", Some("Rose serum 🌹"))
            )
            .is_ok()
        );
        assert!(
            new(
                Platform::Messenger,
                image("https://cdn.example/a.jpg", None)
            )
            .is_ok()
        );
        assert!(
            new(
                Platform::Messenger,
                image("https://cdn.example/a.jpg", Some("x"))
            )
            .unwrap_err()
            .has("caption", "unsupported")
        );
        assert!(
            new(Platform::WhatsApp, image("file:///etc/passwd", None))
                .unwrap_err()
                .has("url", "invalid_url")
        );
    }

    #[test]
    fn templates_are_whatsapp_only_and_well_formed() {
        let template = |name: &str, language: &str, params: &[&str]| OutboundContent::Template {
            name: name.into(),
            language: language.into(),
            body_parameters: params.iter().map(|p| (*p).to_owned()).collect(),
        };
        assert!(
            new(
                Platform::WhatsApp,
                template("order_update", "en_US", &["Ada", "#1234"])
            )
            .is_ok()
        );
        assert!(
            new(Platform::Messenger, template("order_update", "en", &[]))
                .unwrap_err()
                .has("type", "unsupported")
        );
        let err = new(
            Platform::WhatsApp,
            template("Order Update", "english", &["a\nb", "x     y"]),
        )
        .unwrap_err();
        assert!(err.has("name", "invalid_template_name"));
        assert!(err.has("language", "invalid_language"));
        assert!(err.has("body_parameters[0]", "invalid_parameter"));
        assert!(err.has("body_parameters[1]", "invalid_parameter"));
    }

    #[test]
    fn content_round_trips_as_plain_data() {
        let content = OutboundContent::Buttons {
            text: "Ready?".into(),
            buttons: vec![postback("Yes", "YES")],
        };
        let message = new(Platform::WhatsApp, content.clone()).unwrap();
        assert_eq!(message.content(), &content);
        assert_eq!(message.platform(), Platform::WhatsApp);
        assert_eq!(message.idempotency_key(), &key());
        assert_eq!(content.preview(), "Ready?");
        assert!(!content.is_template());
    }
}
