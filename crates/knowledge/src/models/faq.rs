//! Frequently asked questions: a question, the seller's answer, and how to file it.

use std::fmt;

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::Serialize;

use crate::text;

kernel::typed_id!(
    /// A FAQ in one workspace's knowledge base.
    FaqId
);

pub const QUESTION_MIN: usize = 3;
pub const QUESTION_MAX: usize = 500;
pub const ANSWER_MAX: usize = 5_000;
pub const CATEGORY_MAX: usize = 50;
pub const FAQ_TAG_MAX: usize = 30;
pub const FAQ_TAGS_MAX: usize = 20;

/// Characters as a person counts them: a combining accent is not a character.
fn visible_length(text: &str) -> usize {
    text.chars()
        .filter(|c| !matches!(u32::from(*c), 0x0300..=0x036F))
        .count()
}

/// 3-500 characters on one line (line breaks become spaces: a question pasted from a
/// document often carries them, and a question is one line to a customer).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct FaqQuestion(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaqQuestionError {
    #[error("question is required")]
    Missing,
    #[error("question must be at least {QUESTION_MIN} characters (it has {0})")]
    TooShort(usize),
    #[error("question must be at most {QUESTION_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("question must not contain control characters")]
    ControlCharacter,
}

impl FaqQuestionError {
    pub fn code(&self) -> &'static str {
        match self {
            FaqQuestionError::Missing => "missing",
            FaqQuestionError::TooShort(_) => "too_short",
            FaqQuestionError::TooLong(_) => "too_long",
            FaqQuestionError::ControlCharacter => "control_character",
        }
    }
}

impl FaqQuestion {
    pub fn parse(raw: &str) -> Result<Self, FaqQuestionError> {
        if raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(FaqQuestionError::ControlCharacter);
        }
        let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.is_empty() {
            return Err(FaqQuestionError::Missing);
        }
        let length = visible_length(&one_line);
        if length < QUESTION_MIN {
            return Err(FaqQuestionError::TooShort(length));
        }
        if length > QUESTION_MAX {
            return Err(FaqQuestionError::TooLong(length));
        }
        Ok(Self(one_line))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Two questions with the same key are the same FAQ: folded (case, accents),
    /// punctuation and function words ignored, so "What is your refund policy?" and
    /// "what's your REFUND policy" collide, but "refund policy" and "return policy" do
    /// not. Storage keeps this key unique per workspace.
    pub fn dedupe_key(&self) -> String {
        text::keywords(&self.0).join(" ")
    }
}

impl fmt::Display for FaqQuestion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 1-5,000 characters; line breaks kept (answers are often numbered steps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FaqAnswer(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaqAnswerError {
    #[error("answer is required")]
    Missing,
    #[error("answer must be at most {ANSWER_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("answer must not contain control characters other than line breaks and tabs")]
    ControlCharacter,
}

impl FaqAnswerError {
    pub fn code(&self) -> &'static str {
        match self {
            FaqAnswerError::Missing => "missing",
            FaqAnswerError::TooLong(_) => "too_long",
            FaqAnswerError::ControlCharacter => "control_character",
        }
    }
}

impl FaqAnswer {
    pub fn parse(raw: &str) -> Result<Self, FaqAnswerError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FaqAnswerError::Missing);
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(FaqAnswerError::ControlCharacter);
        }
        let length = visible_length(trimmed);
        if length > ANSWER_MAX {
            return Err(FaqAnswerError::TooLong(length));
        }
        Ok(Self(trimmed.replace("\r\n", "\n")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A free label grouping FAQs ("shipping", "returns"), 1-50 characters, one line,
/// kept as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct FaqCategory(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaqCategoryError {
    #[error("category must not be blank")]
    Empty,
    #[error("category must be at most {CATEGORY_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("category must be on one line, without control characters")]
    ControlCharacter,
}

impl FaqCategoryError {
    pub fn code(&self) -> &'static str {
        match self {
            FaqCategoryError::Empty => "missing",
            FaqCategoryError::TooLong(_) => "too_long",
            FaqCategoryError::ControlCharacter => "control_character",
        }
    }
}

impl FaqCategory {
    pub fn parse(raw: &str) -> Result<Self, FaqCategoryError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(FaqCategoryError::Empty);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(FaqCategoryError::ControlCharacter);
        }
        let length = visible_length(trimmed);
        if length > CATEGORY_MAX {
            return Err(FaqCategoryError::TooLong(length));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A FAQ's tags: at most 20, each 1-30 characters, lower-cased, no repeats, in the
/// order given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct FaqTags(Vec<String>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaqTagsError {
    #[error("a FAQ can have at most {FAQ_TAGS_MAX} tags (it has {0})")]
    TooMany(usize),
    #[error("tag '{0}' is longer than {FAQ_TAG_MAX} characters")]
    TooLong(String),
    #[error("tags must not contain control characters")]
    ControlCharacter,
}

impl FaqTagsError {
    pub fn code(&self) -> &'static str {
        match self {
            FaqTagsError::TooMany(_) => "too_many_tags",
            FaqTagsError::TooLong(_) => "too_long",
            FaqTagsError::ControlCharacter => "control_character",
        }
    }
}

impl FaqTags {
    /// Blank tags are dropped, so "refund, ,policy" is two tags.
    pub fn new<S: AsRef<str>>(raw: &[S]) -> Result<Self, FaqTagsError> {
        let mut tags: Vec<String> = Vec::new();
        for tag in raw {
            let tag = tag.as_ref().trim();
            if tag.is_empty() {
                continue;
            }
            if tag.chars().any(char::is_control) {
                return Err(FaqTagsError::ControlCharacter);
            }
            if visible_length(tag) > FAQ_TAG_MAX {
                return Err(FaqTagsError::TooLong(tag.to_owned()));
            }
            let tag = tag.to_lowercase();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > FAQ_TAGS_MAX {
            return Err(FaqTagsError::TooMany(tags.len()));
        }
        Ok(Self(tags))
    }

    /// One CSV cell: tags separated by commas, semicolons or `|`.
    pub fn parse_list(cell: &str) -> Result<Self, FaqTagsError> {
        let parts: Vec<&str> = cell.split([',', ';', '|']).collect();
        Self::new(&parts)
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// How strongly a FAQ should be preferred when several answer a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaqPriority {
    High,
    #[default]
    Medium,
    Low,
}

impl FaqPriority {
    pub fn as_str(self) -> &'static str {
        match self {
            FaqPriority::High => "high",
            FaqPriority::Medium => "medium",
            FaqPriority::Low => "low",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [FaqPriority::High, FaqPriority::Medium, FaqPriority::Low]
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(raw.trim()))
    }
}

/// What a seller fills in to create a FAQ (or what one CSV row holds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFaq {
    pub question: FaqQuestion,
    pub answer: FaqAnswer,
    pub category: Option<FaqCategory>,
    pub tags: FaqTags,
    pub priority: FaqPriority,
    pub active: bool,
}

impl NewFaq {
    /// An active, medium-priority FAQ without category or tags.
    pub fn new(question: FaqQuestion, answer: FaqAnswer) -> Self {
        Self {
            question,
            answer,
            category: None,
            tags: FaqTags::default(),
            priority: FaqPriority::Medium,
            active: true,
        }
    }
}

/// A FAQ. Every field is a validated value and no rule spans two fields, so fields are
/// public; an inactive FAQ stays stored but is never offered to customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faq {
    pub id: FaqId,
    pub workspace_id: WorkspaceId,
    pub question: FaqQuestion,
    pub answer: FaqAnswer,
    pub category: Option<FaqCategory>,
    pub tags: FaqTags,
    pub priority: FaqPriority,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Faq {
    pub fn new(workspace_id: WorkspaceId, new: NewFaq, at: DateTime<Utc>) -> Self {
        Self {
            id: FaqId::new(),
            workspace_id,
            question: new.question,
            answer: new.answer,
            category: new.category,
            tags: new.tags,
            priority: new.priority,
            active: new.active,
            created_at: at,
            updated_at: at,
        }
    }

    /// See `FaqQuestion::dedupe_key`.
    pub fn dedupe_key(&self) -> String {
        self.question.dedupe_key()
    }

    /// The text embedded for search: the question carries what customers ask, the
    /// answer the words they may use instead.
    pub fn index_text(&self) -> String {
        format!("{}\n{}", self.question.as_str(), self.answer.as_str())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn question(raw: &str) -> FaqQuestion {
        FaqQuestion::parse(raw).unwrap()
    }

    #[test]
    fn questions_are_one_line_and_measured_in_characters() {
        assert_eq!(
            question("  How do I\n reset my   password? ").as_str(),
            "How do I reset my password?"
        );
        assert_eq!(FaqQuestion::parse(" \n "), Err(FaqQuestionError::Missing));
        assert_eq!(FaqQuestion::parse("Hi"), Err(FaqQuestionError::TooShort(2)));
        assert!(FaqQuestion::parse("¿Qué?").is_ok());
        assert_eq!(
            FaqQuestion::parse(&"é".repeat(501)),
            Err(FaqQuestionError::TooLong(501))
        );
        assert_eq!(
            FaqQuestion::parse("bell\u{0007}?"),
            Err(FaqQuestionError::ControlCharacter)
        );
    }

    #[test]
    fn dedupe_keys_ignore_case_accents_punctuation_and_function_words() {
        let a = question("What is your refund policy?");
        let b = question("what's your REFUND policy");
        assert_eq!(a.dedupe_key(), "refund policy");
        assert_eq!(a.dedupe_key(), b.dedupe_key());
        assert_eq!(
            question("Refund policy?").dedupe_key(),
            question("refund  POLICY").dedupe_key()
        );
        assert_eq!(
            question("¿Cuál es la política de reembolso?").dedupe_key(),
            question("cual es la politica de reembolso").dedupe_key()
        );
        assert_ne!(
            question("refund policy").dedupe_key(),
            question("return policy").dedupe_key()
        );
    }

    #[test]
    fn answers_keep_line_breaks_but_not_other_controls() {
        let answer = FaqAnswer::parse(" 1. Go to login\r\n2. Click 'Forgot' ").unwrap();
        assert_eq!(answer.as_str(), "1. Go to login\n2. Click 'Forgot'");
        assert_eq!(FaqAnswer::parse("  "), Err(FaqAnswerError::Missing));
        assert_eq!(
            FaqAnswer::parse("a\u{0000}b"),
            Err(FaqAnswerError::ControlCharacter)
        );
        assert_eq!(
            FaqAnswer::parse(&"x".repeat(5_001)),
            Err(FaqAnswerError::TooLong(5_001))
        );
    }

    #[test]
    fn categories_and_tags_are_validated() {
        assert_eq!(
            FaqCategory::parse(" Shipping ").unwrap().as_str(),
            "Shipping"
        );
        assert_eq!(FaqCategory::parse(""), Err(FaqCategoryError::Empty));
        assert_eq!(
            FaqCategory::parse(&"c".repeat(51)),
            Err(FaqCategoryError::TooLong(51))
        );
        let tags = FaqTags::parse_list("Refund, policy;REFUND| ,").unwrap();
        assert_eq!(tags.as_slice(), ["refund", "policy"]);
        let many = (0..21)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(FaqTags::parse_list(&many), Err(FaqTagsError::TooMany(21)));
        assert!(matches!(
            FaqTags::parse_list(&"t".repeat(31)),
            Err(FaqTagsError::TooLong(_))
        ));
    }

    #[test]
    fn priorities_parse_case_insensitively() {
        assert_eq!(FaqPriority::parse(" HIGH "), Some(FaqPriority::High));
        assert_eq!(FaqPriority::parse("urgent"), None);
        assert_eq!(FaqPriority::default(), FaqPriority::Medium);
    }

    #[test]
    fn a_new_faq_is_indexed_by_question_and_answer() {
        let at = Utc::now();
        let faq = Faq::new(
            WorkspaceId::new(),
            NewFaq::new(
                question("Do you ship to Milan?"),
                FaqAnswer::parse("Yes, in 2 days.").unwrap(),
            ),
            at,
        );
        assert!(faq.active);
        assert_eq!(faq.created_at, at);
        assert_eq!(faq.index_text(), "Do you ship to Milan?\nYes, in 2 days.");
        assert_eq!(faq.dedupe_key(), "ship milan");
    }
}
