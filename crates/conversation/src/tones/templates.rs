//! The shape of one tone's templates in one language. Placeholders in braces are
//! filled by `render`; which ones each kind may use is listed beside its field.

use super::reply::{HandoffReason, ReplyKind};
use super::{Tone, en, es, it};
use crate::language::Language;

pub(super) struct Templates {
    pub greeting: &'static str,
    /// {suggestions}
    pub ask_product: &'static str,
    /// {product} {price} {details}
    pub price: &'static str,
    /// {product} {options}
    pub in_stock: &'static str,
    /// {item} {alternatives}
    pub out_of_stock: &'static str,
    /// {what} {suggestions}
    pub not_found: &'static str,
    /// {product} {kind} {options}
    pub ask_variant: &'static str,
    /// {item}
    pub ask_quantity: &'static str,
    pub ask_location: &'static str,
    /// {lines} {total} {location}
    pub order_summary: &'static str,
    /// {total} {location}
    pub order_confirmation: &'static str,
    pub order_declined: &'static str,
    pub handoff_order_confirmed: &'static str,
    pub handoff_medical_question: &'static str,
    pub handoff_custom_request: &'static str,
    pub handoff_complaint: &'static str,
    pub handoff_low_confidence: &'static str,
    pub handoff_customer_request: &'static str,
    pub handoff_repeated_failure: &'static str,
    pub handoff_outside_hours: &'static str,
    /// {when}
    pub out_of_hours: &'static str,
    /// {answer}
    pub caveat: &'static str,
    pub offer_human: &'static str,
    pub thanks: &'static str,
    pub clarify: &'static str,
    pub chit_chat: &'static str,
    /// {reference} {status}
    pub order_status: &'static str,
    pub no_order_found: &'static str,
}

pub(super) fn templates(tone: Tone, language: Language) -> &'static Templates {
    let set = match language {
        Language::English => &en::TEMPLATES,
        Language::Spanish => &es::TEMPLATES,
        Language::Italian => &it::TEMPLATES,
    };
    match tone {
        Tone::Friendly => &set[0],
        Tone::Luxe => &set[1],
        Tone::Influencer => &set[2],
        Tone::Professional => &set[3],
        Tone::Casual => &set[4],
    }
}

impl Templates {
    pub(super) fn get(&self, kind: ReplyKind) -> &'static str {
        match kind {
            ReplyKind::Greeting => self.greeting,
            ReplyKind::AskProduct => self.ask_product,
            ReplyKind::Price => self.price,
            ReplyKind::InStock => self.in_stock,
            ReplyKind::OutOfStock => self.out_of_stock,
            ReplyKind::NotFound => self.not_found,
            ReplyKind::AskVariant => self.ask_variant,
            ReplyKind::AskQuantity => self.ask_quantity,
            ReplyKind::AskLocation => self.ask_location,
            ReplyKind::OrderSummary => self.order_summary,
            ReplyKind::OrderConfirmation => self.order_confirmation,
            ReplyKind::OrderDeclined => self.order_declined,
            ReplyKind::Handoff(reason) => match reason {
                HandoffReason::OrderConfirmed => self.handoff_order_confirmed,
                HandoffReason::MedicalQuestion => self.handoff_medical_question,
                HandoffReason::CustomRequest => self.handoff_custom_request,
                HandoffReason::Complaint => self.handoff_complaint,
                HandoffReason::LowConfidence => self.handoff_low_confidence,
                HandoffReason::CustomerRequest => self.handoff_customer_request,
                HandoffReason::RepeatedFailure => self.handoff_repeated_failure,
                HandoffReason::OutsideHours => self.handoff_outside_hours,
            },
            ReplyKind::OutOfHours => self.out_of_hours,
            ReplyKind::Caveat => self.caveat,
            ReplyKind::OfferHuman => self.offer_human,
            ReplyKind::Thanks => self.thanks,
            ReplyKind::Clarify => self.clarify,
            ReplyKind::ChitChat => self.chit_chat,
            ReplyKind::OrderStatus => self.order_status,
            ReplyKind::NoOrderFound => self.no_order_found,
        }
    }
}
