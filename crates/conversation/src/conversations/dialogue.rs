//! What the assistant remembers between turns, besides the order being captured.

use catalog::ProductId;
use serde::{Deserialize, Serialize};

use crate::entities::PendingQuestion;
use crate::language::Language;

/// How many of the customer's latest messages are kept, to notice a repeated question.
pub const RECENT_MESSAGES: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dialogue {
    /// The language the conversation is in so far.
    pub language: Option<Language>,
    /// The question the assistant asked last and awaits an answer to.
    pub pending: Option<PendingQuestion>,
    /// Products in play (being ordered, or just shown), most recent first.
    pub focus: Vec<ProductId>,
    /// Unhelpful answers sent in a row (`handoff::next_unhelpful_streak`).
    pub unhelpful_streak: u32,
    /// The customer's latest messages, oldest first.
    pub recent: Vec<String>,
    /// Assistant turns so far; the first one may carry the welcome message.
    pub turns: u32,
    /// The last reply offered a person: a "yes" now asks for one.
    pub offered_human: bool,
}

impl Dialogue {
    pub fn remember_message(&mut self, text: &str) {
        self.recent.push(text.to_owned());
        if self.recent.len() > RECENT_MESSAGES {
            let extra = self.recent.len() - RECENT_MESSAGES;
            self.recent.drain(..extra);
        }
    }

    /// Puts `product` first among the products in play.
    pub fn focus_on(&mut self, product: ProductId) {
        self.focus.retain(|p| *p != product);
        self.focus.insert(0, product);
        self.focus.truncate(RECENT_MESSAGES);
    }
}
