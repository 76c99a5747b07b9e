//! One customer message, understood: the input of the assistant turn.
//!
//! `understand` runs the analysers in the order that lets each help the next:
//! 1. catalog products and variants (language-independent), so their names do not count
//!    as evidence of a language ("Crema all'acqua di rose" in an English message);
//! 2. language detection on the remaining words, then the reply language (detected, else
//!    the conversation's, else the workspace's);
//! 3. quantities, location, yes/no and references, which read language-specific words;
//! 4. intents, with hints from the entities (a named product, a quantity next to it, an
//!    answer to the question just asked);
//! 5. sentiment and frustration, with the customer's earlier messages for repeats.

use catalog::ProductId;
use serde::Serialize;

use crate::entities::{
    CatalogSnapshot, Entities, ExtractionContext, PendingQuestion, complete, match_catalog,
};
use crate::intents::{Intent, IntentHints, RankedIntents, classify::classify_tokens};
use crate::language::{Language, LanguageDetection, detect::detect_tokens, reply_language};
use crate::sentiment::{
    FrustrationSignals, SentimentReading, analyse_sentiment, detect_frustration,
};
use crate::text::{analysed, tokenize};

/// What the turn knows besides the message.
#[derive(Debug, Clone, Copy)]
pub struct TurnContext<'a> {
    /// The language the conversation was in so far, if any.
    pub previous_language: Option<Language>,
    /// The workspace's default (`Language::workspace_default` of its languages).
    pub workspace_language: Language,
    /// The question the assistant asked last, if it awaits an answer.
    pub pending: Option<PendingQuestion>,
    /// Products in play: being ordered, in the cart, or just listed.
    pub focus: &'a [ProductId],
    /// The customer's earlier messages, oldest first (the last few are enough).
    pub previous_messages: &'a [&'a str],
}

impl<'a> TurnContext<'a> {
    /// A first message: no history, nothing pending.
    pub fn fresh(workspace_language: Language) -> Self {
        Self {
            previous_language: None,
            workspace_language,
            pending: None,
            focus: &[],
            previous_messages: &[],
        }
    }
}

/// Everything the language half understood about one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Understanding {
    /// What the message itself showed (may be unknown).
    pub detected_language: LanguageDetection,
    /// The language to answer in.
    pub language: Language,
    pub intents: RankedIntents,
    pub entities: Entities,
    pub sentiment: SentimentReading,
    pub frustration: FrustrationSignals,
}

impl Understanding {
    pub fn intent(&self) -> Intent {
        self.intents.intent()
    }

    /// The top known intent's confidence (0 when unknown): the "intent clarity" input of
    /// a reply's confidence.
    pub fn clarity(&self) -> f32 {
        self.intents.clarity()
    }
}

pub fn understand(
    message: &str,
    catalog: &CatalogSnapshot,
    context: &TurnContext<'_>,
) -> Understanding {
    let text = analysed(message);
    let tokens = tokenize(text);
    let found = match_catalog(text, &tokens, catalog, context.focus);
    let detected_language = detect_tokens(text, &tokens, |i| {
        found.covered.get(i).copied().unwrap_or(false)
    });
    let language = reply_language(
        detected_language,
        context.previous_language,
        context.workspace_language,
    );
    let extraction = ExtractionContext {
        language,
        pending: context.pending,
        focus: context.focus,
    };
    let entities = complete(text, &tokens, found, &extraction);
    let hints = hints(&entities, context.pending);
    let intents = classify_tokens(&tokens, detected_language.language, hints);
    let sentiment = analyse_sentiment(text);
    let frustration = detect_frustration(text, sentiment, context.previous_messages);
    Understanding {
        detected_language,
        language,
        intents,
        entities,
        sentiment,
        frustration,
    }
}

fn hints(entities: &Entities, pending: Option<PendingQuestion>) -> IntentHints {
    let answers_pending_question = match pending {
        Some(PendingQuestion::Product) => !entities.products.is_empty(),
        Some(PendingQuestion::Variant) => !entities.variants.is_empty(),
        Some(PendingQuestion::Quantity) => !entities.quantities.is_empty(),
        Some(PendingQuestion::Location) => entities.location.is_some(),
        Some(PendingQuestion::Confirmation) | None => false,
    };
    IntentHints {
        product_mentioned: !entities.products.is_empty(),
        variant_mentioned: !entities.variants.is_empty(),
        quantity_mentioned: !entities.quantities.is_empty(),
        location_mentioned: entities.location.is_some(),
        answers_pending_question,
    }
}

#[cfg(test)]
mod tests;
