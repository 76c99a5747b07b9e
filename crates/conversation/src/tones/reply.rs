//! Replies with their typed parameters.

use std::fmt;

use catalog::VariantKind;
use chrono::{NaiveTime, Weekday};
use kernel::Money;
use serde::Serialize;

/// Why the conversation goes to a person (issue 6's handoff reasons). Same names as the
/// handoff domain's reasons, so the orchestration maps them by `as_str`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoffReason {
    OrderConfirmed,
    MedicalQuestion,
    CustomRequest,
    Complaint,
    LowConfidence,
    CustomerRequest,
    RepeatedFailure,
    OutsideHours,
}

impl HandoffReason {
    pub const ALL: [HandoffReason; 8] = [
        HandoffReason::OrderConfirmed,
        HandoffReason::MedicalQuestion,
        HandoffReason::CustomRequest,
        HandoffReason::Complaint,
        HandoffReason::LowConfidence,
        HandoffReason::CustomerRequest,
        HandoffReason::RepeatedFailure,
        HandoffReason::OutsideHours,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HandoffReason::OrderConfirmed => "order_confirmed",
            HandoffReason::MedicalQuestion => "medical_question",
            HandoffReason::CustomRequest => "custom_request",
            HandoffReason::Complaint => "complaint",
            HandoffReason::LowConfidence => "low_confidence",
            HandoffReason::CustomerRequest => "customer_request",
            HandoffReason::RepeatedFailure => "repeated_failure",
            HandoffReason::OutsideHours => "outside_hours",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        HandoffReason::ALL
            .into_iter()
            .find(|r| r.as_str() == raw.trim())
    }
}

impl fmt::Display for HandoffReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an order stands, as the customer is told. Same names as the order statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderProgress {
    Captured,
    InProgress,
    Completed,
    Cancelled,
}

/// A variant with its price, for price replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantPrice {
    pub name: String,
    pub price: Money,
}

/// One line of an order summary, with prices from the catalog snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub product: String,
    pub variant: Option<String>,
    pub quantity: u32,
    pub unit_price: Money,
    pub line_total: Money,
}

/// What the customer is about to order (or ordered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub lines: Vec<OrderLine>,
    pub total: Money,
    pub location: String,
}

/// When the team is back, in the workspace's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub weekday: Weekday,
    pub time: NaiveTime,
}

/// A reply and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Greeting,
    /// "Which product would you like?", with a few suggestions when given.
    AskProduct {
        suggestions: Vec<String>,
    },
    /// A product's price; `regular_price` when an offer lowers it; the variants' prices
    /// when they differ.
    Price {
        product: String,
        price: Money,
        regular_price: Option<Money>,
        variants: Vec<VariantPrice>,
    },
    InStock {
        product: String,
        options: Vec<String>,
    },
    OutOfStock {
        product: String,
        variant: Option<String>,
        alternatives: Vec<String>,
    },
    /// The catalog has nothing that matches (`query` as the customer put it, if known).
    NotFound {
        query: Option<String>,
        suggestions: Vec<String>,
    },
    AskVariant {
        product: String,
        kind: VariantKind,
        options: Vec<String>,
    },
    AskQuantity {
        product: String,
        variant: Option<String>,
    },
    AskLocation,
    /// The summary, asking the customer to confirm.
    OrderSummary(OrderSummary),
    /// The order is captured.
    OrderConfirmation(OrderSummary),
    /// The customer did not confirm: what to change?
    OrderDeclined,
    Handoff(HandoffReason),
    /// Out of hours, answering anyway or not; `back_at` when the team is back.
    OutOfHours {
        back_at: Option<Opening>,
    },
    /// An answer the assistant is not sure of (confidence 0.70-0.85), with a caveat.
    Caveat {
        answer: String,
    },
    /// Confidence 0.50-0.70: offer a person.
    OfferHuman,
    /// An answer to thanks.
    Thanks,
    /// The message was not understood.
    Clarify,
    /// Small talk, steered back to the shop.
    ChitChat,
    OrderStatus {
        reference: String,
        status: OrderProgress,
    },
    NoOrderFound,
}

/// The kind of a reply, without its parameters: what templates are keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "reason")]
pub enum ReplyKind {
    Greeting,
    AskProduct,
    Price,
    InStock,
    OutOfStock,
    NotFound,
    AskVariant,
    AskQuantity,
    AskLocation,
    OrderSummary,
    OrderConfirmation,
    OrderDeclined,
    Handoff(HandoffReason),
    OutOfHours,
    Caveat,
    OfferHuman,
    Thanks,
    Clarify,
    ChitChat,
    OrderStatus,
    NoOrderFound,
}

impl ReplyKind {
    /// Every kind, each handoff reason on its own.
    pub fn all() -> Vec<ReplyKind> {
        let mut kinds = vec![
            ReplyKind::Greeting,
            ReplyKind::AskProduct,
            ReplyKind::Price,
            ReplyKind::InStock,
            ReplyKind::OutOfStock,
            ReplyKind::NotFound,
            ReplyKind::AskVariant,
            ReplyKind::AskQuantity,
            ReplyKind::AskLocation,
            ReplyKind::OrderSummary,
            ReplyKind::OrderConfirmation,
            ReplyKind::OrderDeclined,
        ];
        kinds.extend(HandoffReason::ALL.into_iter().map(ReplyKind::Handoff));
        kinds.extend([
            ReplyKind::OutOfHours,
            ReplyKind::Caveat,
            ReplyKind::OfferHuman,
            ReplyKind::Thanks,
            ReplyKind::Clarify,
            ReplyKind::ChitChat,
            ReplyKind::OrderStatus,
            ReplyKind::NoOrderFound,
        ]);
        kinds
    }
}

impl Reply {
    pub fn kind(&self) -> ReplyKind {
        match self {
            Reply::Greeting => ReplyKind::Greeting,
            Reply::AskProduct { .. } => ReplyKind::AskProduct,
            Reply::Price { .. } => ReplyKind::Price,
            Reply::InStock { .. } => ReplyKind::InStock,
            Reply::OutOfStock { .. } => ReplyKind::OutOfStock,
            Reply::NotFound { .. } => ReplyKind::NotFound,
            Reply::AskVariant { .. } => ReplyKind::AskVariant,
            Reply::AskQuantity { .. } => ReplyKind::AskQuantity,
            Reply::AskLocation => ReplyKind::AskLocation,
            Reply::OrderSummary(_) => ReplyKind::OrderSummary,
            Reply::OrderConfirmation(_) => ReplyKind::OrderConfirmation,
            Reply::OrderDeclined => ReplyKind::OrderDeclined,
            Reply::Handoff(reason) => ReplyKind::Handoff(*reason),
            Reply::OutOfHours { .. } => ReplyKind::OutOfHours,
            Reply::Caveat { .. } => ReplyKind::Caveat,
            Reply::OfferHuman => ReplyKind::OfferHuman,
            Reply::Thanks => ReplyKind::Thanks,
            Reply::Clarify => ReplyKind::Clarify,
            Reply::ChitChat => ReplyKind::ChitChat,
            Reply::OrderStatus { .. } => ReplyKind::OrderStatus,
            Reply::NoOrderFound => ReplyKind::NoOrderFound,
        }
    }

    /// Every price the reply states, for the guardrail's allowed prices.
    pub fn prices(&self) -> Vec<Money> {
        match self {
            Reply::Price {
                price,
                regular_price,
                variants,
                ..
            } => std::iter::once(*price)
                .chain(*regular_price)
                .chain(variants.iter().map(|v| v.price))
                .collect(),
            Reply::OrderSummary(summary) | Reply::OrderConfirmation(summary) => summary
                .lines
                .iter()
                .flat_map(|l| [l.unit_price, l.line_total])
                .chain([summary.total])
                .collect(),
            _ => Vec::new(),
        }
    }
}
