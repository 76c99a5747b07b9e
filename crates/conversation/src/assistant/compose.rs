//! The grounded answer to one message, before the handoff policy has its say: what to
//! say, how sure the assistant is, and what it rests on. Pure: every fact comes in.

use catalog::VariantKind;
use orders::{CaptureStage, NextStep, Notice, Order, OrderStatus};
use serde::Serialize;

use crate::entities::{CatalogSnapshot, PendingQuestion, SnapshotProduct};
use crate::intents::Intent;
use crate::ports::{KnowledgeHit, SourceKind};
use crate::tones::{OrderProgress, OrderSummary, Reply, VariantPrice};
use crate::understanding::Understanding;

/// A passage scoring at least this is good enough to answer with.
pub(crate) const PASSAGE_MIN_SCORE: f32 = 0.35;

/// What an answer rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub kind: SourceKind,
    pub id: uuid::Uuid,
    pub title: String,
    pub score: f32,
}

/// The answer's words: a template reply, a passage of the shop's own knowledge, or
/// what a language model wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Said {
    Template(Reply),
    Passage(String),
    Model(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub said: Said,
    /// 0..1, combining how clear the request was and how well the facts fit it.
    pub confidence: f64,
    pub sources: Vec<Source>,
    /// A "didn't catch that": counts towards the repeated-failure handoff.
    pub fell_back: bool,
    /// What the reply asks the customer, if anything.
    pub asks: Option<PendingQuestion>,
}

impl Draft {
    fn template(reply: Reply, confidence: f64) -> Self {
        Self {
            said: Said::Template(reply),
            confidence,
            sources: Vec::new(),
            fell_back: false,
            asks: None,
        }
    }

    fn asking(mut self, question: PendingQuestion) -> Self {
        self.asks = Some(question);
        self
    }

    fn from(mut self, source: Source) -> Self {
        self.sources.push(source);
        self
    }
}

/// Everything the turn found out, for the composer.
pub(crate) struct Facts<'a> {
    pub understanding: &'a Understanding,
    pub catalog: &'a CatalogSnapshot,
    pub stage: CaptureStage,
    pub next: &'a NextStep,
    pub notices: &'a [Notice],
    /// The priced summary, when the next step is to confirm.
    pub summary: Option<&'a OrderSummary>,
    /// The order placed this turn.
    pub placed: Option<&'a Order>,
    pub knowledge: &'a [KnowledgeHit],
    /// The customer's latest orders, when they asked about one.
    pub customer_orders: Option<&'a [Order]>,
    /// The capture moved this turn (something was added, changed or asked).
    pub order_moved: bool,
}

fn product_source(product: &SnapshotProduct, score: f32) -> Source {
    Source {
        kind: SourceKind::Product,
        id: product.id.as_uuid(),
        title: product.name.as_str().to_owned(),
        score,
    }
}

fn hit_source(hit: &KnowledgeHit) -> Source {
    Source {
        kind: hit.kind,
        id: hit.id,
        title: hit.title.clone(),
        score: hit.score,
    }
}

/// Confidence of a product answer from how well the words named it: the full name is
/// sure, a typo or a scattered match less so.
fn product_confidence(match_score: f32, clarity: f32) -> f64 {
    let grounding = 0.55 + 0.45 * f64::from(match_score.clamp(0.0, 1.0));
    let clarity = 0.8 + 0.2 * f64::from(clarity.clamp(0.0, 1.0));
    (grounding * clarity).min(0.99)
}

fn passage_confidence(score: f32) -> f64 {
    (0.5 + f64::from(score.clamp(0.0, 1.0)) * 0.6).min(0.97)
}

pub(crate) fn progress_of(status: OrderStatus) -> OrderProgress {
    match status {
        OrderStatus::Captured => OrderProgress::Captured,
        OrderStatus::InProgress => OrderProgress::InProgress,
        OrderStatus::Completed => OrderProgress::Completed,
        OrderStatus::Cancelled => OrderProgress::Cancelled,
    }
}

pub(crate) fn summary_of_order(order: &Order) -> OrderSummary {
    OrderSummary {
        lines: order
            .lines()
            .iter()
            .map(|line| crate::tones::OrderLine {
                product: line.product_name().as_str().to_owned(),
                variant: line.variant_name().map(|v| v.as_str().to_owned()),
                quantity: line.quantity().get(),
                unit_price: line.unit_price(),
                line_total: line.line_total(),
            })
            .collect(),
        total: order.total(),
        location: order.shipping_location().as_str().to_owned(),
    }
}

fn variant_kind_of(product: Option<&SnapshotProduct>) -> VariantKind {
    product
        .and_then(|p| p.variants.first())
        .map_or(VariantKind::Size, |v| v.kind)
}

/// A few products the shop can sell, for "we don't have that, but...".
fn suggestions(catalog: &CatalogSnapshot) -> Vec<String> {
    catalog
        .products()
        .iter()
        .filter(|p| p.available)
        .take(3)
        .map(|p| p.name.as_str().to_owned())
        .collect()
}

/// The step of the order to ask about, shaped by what went wrong this turn.
fn order_step(facts: &Facts<'_>) -> Option<Draft> {
    const SURE: f64 = 0.95;
    for notice in facts.notices {
        match notice {
            Notice::ProductNotOffered { product } => {
                return Some(Draft::template(
                    Reply::OutOfStock {
                        product: product.as_str().to_owned(),
                        variant: None,
                        alternatives: suggestions(facts.catalog)
                            .into_iter()
                            .filter(|s| s != product.as_str())
                            .collect(),
                    },
                    0.9,
                ));
            }
            Notice::Declined | Notice::Paused | Notice::Cancelled => {
                return Some(Draft::template(Reply::OrderDeclined, SURE));
            }
            _ => {}
        }
    }
    let draft = match facts.next {
        NextStep::Nothing => return None,
        NextStep::AskProduct => Draft::template(
            Reply::AskProduct {
                suggestions: suggestions(facts.catalog),
            },
            SURE,
        )
        .asking(PendingQuestion::Product),
        NextStep::AskVariant {
            product_id,
            product,
            options,
        } => Draft::template(
            Reply::AskVariant {
                product: product.as_str().to_owned(),
                kind: variant_kind_of(facts.catalog.product(*product_id)),
                options: options.iter().map(|o| o.as_str().to_owned()).collect(),
            },
            SURE,
        )
        .asking(PendingQuestion::Variant),
        NextStep::AskQuantity {
            product, variant, ..
        } => Draft::template(
            Reply::AskQuantity {
                product: product.as_str().to_owned(),
                variant: variant.as_ref().map(|v| v.as_str().to_owned()),
            },
            SURE,
        )
        .asking(PendingQuestion::Quantity),
        NextStep::AskLocation => {
            Draft::template(Reply::AskLocation, SURE).asking(PendingQuestion::Location)
        }
        NextStep::Confirm { .. } => match facts.summary {
            Some(summary) => Draft::template(Reply::OrderSummary(summary.clone()), SURE)
                .asking(PendingQuestion::Confirmation),
            // The cart could not be priced (sold out meanwhile): ask again what to order.
            None => Draft::template(Reply::OrderDeclined, 0.9),
        },
        NextStep::PlaceOrder { .. } => match facts.placed {
            Some(order) => Draft::template(Reply::OrderConfirmation(summary_of_order(order)), 0.98),
            None => Draft::template(Reply::OrderDeclined, 0.9),
        },
    };
    Some(draft)
}

fn is_question(intent: Intent) -> bool {
    matches!(
        intent,
        Intent::PriceCheck | Intent::ProductInquiry | Intent::AvailabilityCheck
    )
}

/// The answer about the product the message names.
fn product_answer(facts: &Facts<'_>, intent: Intent) -> Option<Draft> {
    let understanding = facts.understanding;
    let entities = &understanding.entities;
    // The product named, or, for "and the 50ml one?", the product in focus whose
    // variant the message names.
    let (product_id, match_score) = match entities.products.first() {
        Some(mention) if mention.is_ambiguous() => {
            return Some(Draft::template(
                Reply::AskProduct {
                    suggestions: mention.candidates.iter().map(|c| c.name.clone()).collect(),
                },
                0.9,
            ));
        }
        Some(mention) => {
            let best = mention.best()?;
            (best.product_id, best.score)
        }
        None => {
            let only = entities
                .variants
                .iter()
                .flat_map(|v| v.matches.iter())
                .next()?;
            (only.product_id, 0.9)
        }
    };
    let product = facts.catalog.product(product_id)?;
    let variant = entities
        .variants_of(product_id)
        .next()
        .and_then(|m| product.variants.iter().find(|v| v.id == m.variant_id));
    let confidence = product_confidence(match_score, understanding.clarity());
    let source = product_source(product, match_score);
    let name = product.name.as_str().to_owned();
    if !product.available {
        let alternatives = suggestions(facts.catalog)
            .into_iter()
            .filter(|s| *s != name)
            .collect();
        return Some(
            Draft::template(
                Reply::OutOfStock {
                    product: name,
                    variant: None,
                    alternatives,
                },
                confidence,
            )
            .from(source),
        );
    }
    if let Some(variant) = variant
        && intent != Intent::AvailabilityCheck
    {
        if !variant.available {
            return Some(
                Draft::template(
                    Reply::OutOfStock {
                        product: name,
                        variant: Some(variant.name.as_str().to_owned()),
                        alternatives: product
                            .variants
                            .iter()
                            .filter(|v| v.available)
                            .map(|v| v.name.as_str().to_owned())
                            .collect(),
                    },
                    confidence,
                )
                .from(source),
            );
        }
        return Some(
            Draft::template(
                Reply::Price {
                    product: format!("{name} {}", variant.name.as_str()),
                    price: variant.price,
                    regular_price: (variant.list_price != variant.price)
                        .then_some(variant.list_price),
                    variants: Vec::new(),
                },
                confidence,
            )
            .from(source),
        );
    }
    let offered: Vec<_> = product.variants.iter().filter(|v| v.available).collect();
    let reply = if intent == Intent::AvailabilityCheck {
        Reply::InStock {
            product: name,
            options: offered.iter().map(|v| v.name.as_str().to_owned()).collect(),
        }
    } else {
        let differ = offered.windows(2).any(|w| w[0].price != w[1].price);
        let price = offered
            .iter()
            .map(|v| v.price)
            .min_by_key(|m| m.amount())
            .unwrap_or(product.price);
        let list = offered
            .iter()
            .find(|v| v.price == price)
            .map_or(product.list_price, |v| v.list_price);
        Reply::Price {
            product: name,
            price,
            regular_price: (list != price).then_some(list),
            variants: if differ {
                offered
                    .iter()
                    .map(|v| VariantPrice {
                        name: v.name.as_str().to_owned(),
                        price: v.price,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    };
    Some(Draft::template(reply, confidence).from(source))
}

/// A question about the shop: prices and stock come from the catalog; anything else
/// about a product ("what's in it?", "how do I use it?") from the FAQs and documents
/// first, the catalog's facts when they say nothing.
fn question_answer(facts: &Facts<'_>, intent: Intent) -> Option<Draft> {
    // A variant named ("and the 50ml?") asks about that variant, not the FAQs.
    if intent == Intent::ProductInquiry && facts.understanding.entities.variants.is_empty() {
        passage_answer(facts).or_else(|| product_answer(facts, intent))
    } else {
        product_answer(facts, intent).or_else(|| passage_answer(facts))
    }
}

fn passage_answer(facts: &Facts<'_>) -> Option<Draft> {
    let best = facts
        .knowledge
        .iter()
        .find(|hit| hit.kind != SourceKind::Product && hit.score >= PASSAGE_MIN_SCORE)?;
    let clarity = f64::from(facts.understanding.clarity());
    let confidence = passage_confidence(best.score) * (0.85 + 0.15 * clarity);
    Some(Draft {
        said: Said::Passage(best.text.clone()),
        confidence,
        sources: vec![hit_source(best)],
        fell_back: false,
        asks: None,
    })
}

fn order_status_answer(orders: &[Order]) -> Draft {
    match orders.first() {
        Some(order) => Draft::template(
            Reply::OrderStatus {
                reference: order.number().to_string(),
                status: progress_of(order.status()),
            },
            0.95,
        ),
        None => Draft::template(Reply::NoOrderFound, 0.9),
    }
}

fn clarify() -> Draft {
    Draft {
        said: Said::Template(Reply::Clarify),
        confidence: 0.6,
        sources: Vec::new(),
        fell_back: true,
        asks: None,
    }
}

pub(crate) fn compose(facts: &Facts<'_>) -> Draft {
    let understanding = facts.understanding;
    let intent = understanding.intent();
    let clarity = f64::from(understanding.clarity());

    // A question about a product comes first, even mid-order; the order's question
    // is asked again on the next turn.
    if is_question(intent)
        && !facts.order_moved
        && let Some(draft) = question_answer(facts, intent)
    {
        return draft;
    }
    if facts.order_moved
        && facts.stage != CaptureStage::OrderCaptured
        && let Some(draft) = order_step(facts)
    {
        return draft;
    }
    if facts.placed.is_some()
        && let Some(draft) = order_step(facts)
    {
        return draft;
    }
    match intent {
        Intent::Greeting => Draft::template(Reply::Greeting, 0.9 + 0.09 * clarity),
        Intent::Gratitude => Draft::template(Reply::Thanks, 0.9 + 0.09 * clarity),
        Intent::ChitChat => Draft::template(Reply::ChitChat, 0.86 + 0.1 * clarity),
        Intent::OrderStatus => order_status_answer(facts.customer_orders.unwrap_or_default()),
        Intent::PriceCheck | Intent::ProductInquiry | Intent::AvailabilityCheck => {
            if let Some(draft) = question_answer(facts, intent) {
                return draft;
            }
            // Nothing in the catalog or the knowledge fits: say so, never invent.
            Draft {
                said: Said::Template(Reply::NotFound {
                    query: None,
                    suggestions: suggestions(facts.catalog),
                }),
                confidence: 0.6,
                sources: Vec::new(),
                fell_back: true,
                asks: None,
            }
        }
        Intent::BuyingIntent | Intent::OrderModification => {
            order_step(facts).unwrap_or_else(clarify)
        }
        _ => passage_answer(facts)
            .or_else(|| order_step(facts).filter(|_| facts.stage != CaptureStage::Browsing))
            .unwrap_or_else(clarify),
    }
}
