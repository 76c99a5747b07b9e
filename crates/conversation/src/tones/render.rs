//! Filling a template with a reply's parameters.

use super::Tone;
use super::locale::{
    Conjunction, alternatives_sentence, format_money, item, join_list, options_sentence,
    order_lines, price_details, status, suggestions_sentence, variant_kind, what, when,
};
use super::reply::Reply;
use super::templates::templates;
use crate::language::Language;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// A template names a placeholder its reply does not provide: a template bug, which
    /// the test rendering every tone, language and kind catches before release.
    #[error(
        "template for {kind} ({tone}, {language}) uses an unknown placeholder {{{placeholder}}}"
    )]
    UnknownPlaceholder {
        kind: String,
        tone: Tone,
        language: Language,
        placeholder: String,
    },
    #[error("template for {kind} ({tone}, {language}) has an unclosed brace")]
    UnclosedBrace {
        kind: String,
        tone: Tone,
        language: Language,
    },
}

impl Reply {
    /// The reply in `tone` and `language`.
    pub fn render(&self, tone: Tone, language: Language) -> Result<String, RenderError> {
        let template = templates(tone, language).get(self.kind());
        let values = self.values(language);
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(RenderError::UnclosedBrace {
                    kind: format!("{:?}", self.kind()),
                    tone,
                    language,
                });
            };
            let name = &after[..close];
            let value = values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, v)| v.as_str())
                .ok_or_else(|| RenderError::UnknownPlaceholder {
                    kind: format!("{:?}", self.kind()),
                    tone,
                    language,
                    placeholder: name.to_owned(),
                })?;
            out.push_str(value);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(tidy(&out))
    }

    /// The placeholder values of this reply, formatted for the language.
    fn values(&self, language: Language) -> Vec<(&'static str, String)> {
        let money = |m| format_money(m, language);
        match self {
            Reply::AskProduct { suggestions } => {
                vec![("suggestions", suggestions_sentence(suggestions, language))]
            }
            Reply::Price {
                product,
                price,
                regular_price,
                variants,
            } => vec![
                ("product", product.clone()),
                ("price", money(*price)),
                ("details", price_details(*regular_price, variants, language)),
            ],
            Reply::InStock { product, options } => vec![
                ("product", product.clone()),
                ("options", options_sentence(options, language)),
            ],
            Reply::OutOfStock {
                product,
                variant,
                alternatives,
            } => vec![
                ("item", item(product, variant.as_deref())),
                (
                    "alternatives",
                    alternatives_sentence(alternatives, language),
                ),
            ],
            Reply::NotFound { query, suggestions } => vec![
                ("what", what(query.as_deref(), language)),
                ("suggestions", suggestions_sentence(suggestions, language)),
            ],
            Reply::AskVariant {
                product,
                kind,
                options,
            } => vec![
                ("product", product.clone()),
                ("kind", variant_kind(*kind, language).to_owned()),
                ("options", join_list(options, language, Conjunction::Or)),
            ],
            Reply::AskQuantity { product, variant } => {
                vec![("item", item(product, variant.as_deref()))]
            }
            Reply::OrderSummary(summary) => vec![
                ("lines", order_lines(&summary.lines, language)),
                ("total", money(summary.total)),
                ("location", summary.location.clone()),
            ],
            Reply::OrderConfirmation(summary) => vec![
                ("total", money(summary.total)),
                ("location", summary.location.clone()),
            ],
            Reply::OutOfHours { back_at } => vec![("when", when(*back_at, language))],
            Reply::Caveat { answer } => vec![("answer", answer.trim().to_owned())],
            Reply::OrderStatus {
                reference,
                status: progress,
            } => vec![
                ("reference", reference.clone()),
                ("status", status(*progress, language).to_owned()),
            ],
            Reply::Greeting
            | Reply::AskLocation
            | Reply::OrderDeclined
            | Reply::Handoff(_)
            | Reply::OfferHuman
            | Reply::Thanks
            | Reply::Clarify
            | Reply::ChitChat
            | Reply::NoOrderFound => Vec::new(),
        }
    }
}

/// Empty fragments leave double spaces or a space before punctuation; lines keep their
/// breaks.
fn tidy(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut out = line
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            for mark in [" .", " ,", " !", " ?"] {
                out = out.replace(mark, &mark[1..]);
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}
