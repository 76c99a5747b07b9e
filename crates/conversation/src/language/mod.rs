//! Which language a customer writes in, and which one to answer in.
//!
//! Detection reads words (function words, greetings, the intent and number lexicons)
//! and a few character signals ("ñ", "¿", "è"), because chat messages are too short for
//! statistics alone: "hola" is one word. When a message says too little ("ok", "50ml",
//! "si"), detection answers "unknown" and `reply_language` falls back to the language
//! of the conversation so far, then to the workspace default.

pub(crate) mod detect;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use detect::detect_language;

/// A language the assistant understands and answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "es")]
    Spanish,
    #[serde(rename = "it")]
    Italian,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::English, Language::Spanish, Language::Italian];

    /// The ISO 639-1 code, as workspaces store languages (`identity::Languages`).
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
            Language::Italian => "it",
        }
    }

    /// Reads a language code with or without region ("es", "es-MX", "IT_it"); `None`
    /// for languages the assistant does not speak.
    pub fn from_code(raw: &str) -> Option<Self> {
        let base = raw.trim().split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .into_iter()
            .find(|language| language.code().eq_ignore_ascii_case(base))
    }

    /// The workspace's default reply language: the first of its languages that the
    /// assistant speaks, else English (every template exists in English).
    pub fn workspace_default<'a>(codes: impl IntoIterator<Item = &'a str>) -> Self {
        codes
            .into_iter()
            .find_map(Language::from_code)
            .unwrap_or(Language::English)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What detection concluded about one message.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LanguageDetection {
    /// `None` when the message is too short, mixed or in another language.
    pub language: Option<Language>,
    /// 0..1: how much evidence there was, times how clearly it pointed one way.
    pub confidence: f32,
}

impl LanguageDetection {
    pub const UNKNOWN: LanguageDetection = LanguageDetection {
        language: None,
        confidence: 0.0,
    };
}

/// The language to answer in: the message's own when detected, else the language the
/// conversation was already in, else the workspace default. A customer who wrote
/// Spanish and now says "ok" keeps getting Spanish.
pub fn reply_language(
    detected: LanguageDetection,
    previous: Option<Language>,
    workspace_default: Language,
) -> Language {
    detected.language.or(previous).unwrap_or(workspace_default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_with_regions_and_any_case_are_read() {
        assert_eq!(Language::from_code("es-MX"), Some(Language::Spanish));
        assert_eq!(Language::from_code("IT_it"), Some(Language::Italian));
        assert_eq!(Language::from_code("en"), Some(Language::English));
        assert_eq!(Language::from_code("pt-BR"), None);
        assert_eq!(Language::from_code(""), None);
    }

    #[test]
    fn the_workspace_default_is_its_first_spoken_language() {
        assert_eq!(
            Language::workspace_default(["pt-BR", "it", "en"]),
            Language::Italian
        );
        assert_eq!(Language::workspace_default(["de"]), Language::English);
    }

    #[test]
    fn reply_language_falls_back_to_the_conversation_then_the_workspace() {
        let spanish = LanguageDetection {
            language: Some(Language::Spanish),
            confidence: 0.9,
        };
        assert_eq!(
            reply_language(spanish, Some(Language::Italian), Language::English),
            Language::Spanish
        );
        assert_eq!(
            reply_language(
                LanguageDetection::UNKNOWN,
                Some(Language::Italian),
                Language::English
            ),
            Language::Italian
        );
        assert_eq!(
            reply_language(LanguageDetection::UNKNOWN, None, Language::Spanish),
            Language::Spanish
        );
    }
}
