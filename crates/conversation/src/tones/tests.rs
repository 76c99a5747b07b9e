use std::str::FromStr;

use catalog::VariantKind;
use chrono::{NaiveTime, Weekday};
use kernel::{Currency, Money};
use rust_decimal::Decimal;

use super::*;
use crate::language::Language;

fn eur(amount: &str) -> Money {
    Money::new(
        Decimal::from_str(amount).unwrap(),
        Currency::parse("EUR").unwrap(),
    )
    .unwrap()
}

fn summary() -> OrderSummary {
    OrderSummary {
        lines: vec![
            OrderLine {
                product: "Glow Serum Vitamin C".into(),
                variant: Some("50ml".into()),
                quantity: 2,
                unit_price: eur("34.90"),
                line_total: eur("69.80"),
            },
            OrderLine {
                product: "Velvet Lipstick".into(),
                variant: Some("Red".into()),
                quantity: 1,
                unit_price: eur("19"),
                line_total: eur("19"),
            },
        ],
        total: eur("88.80"),
        location: "Milan".into(),
    }
}

/// One reply of every kind, with parameters.
fn sample(kind: ReplyKind) -> Reply {
    match kind {
        ReplyKind::Greeting => Reply::Greeting,
        ReplyKind::AskProduct => Reply::AskProduct {
            suggestions: vec!["Glow Serum Vitamin C".into(), "Velvet Lipstick".into()],
        },
        ReplyKind::Price => Reply::Price {
            product: "Glow Serum Vitamin C".into(),
            price: eur("24.90"),
            regular_price: Some(eur("29.90")),
            variants: vec![
                VariantPrice {
                    name: "30ml".into(),
                    price: eur("24.90"),
                },
                VariantPrice {
                    name: "50ml".into(),
                    price: eur("34.90"),
                },
            ],
        },
        ReplyKind::InStock => Reply::InStock {
            product: "Velvet Lipstick".into(),
            options: vec!["Red".into(), "Nude".into()],
        },
        ReplyKind::OutOfStock => Reply::OutOfStock {
            product: "Lavender Body Oil".into(),
            variant: None,
            alternatives: vec!["Rose Water Toner".into()],
        },
        ReplyKind::NotFound => Reply::NotFound {
            query: Some("blue mascara".into()),
            suggestions: vec!["Mascara Volume Extreme".into()],
        },
        ReplyKind::AskVariant => Reply::AskVariant {
            product: "Glow Serum Vitamin C".into(),
            kind: VariantKind::Size,
            options: vec!["30ml".into(), "50ml".into()],
        },
        ReplyKind::AskQuantity => Reply::AskQuantity {
            product: "Glow Serum Vitamin C".into(),
            variant: Some("50ml".into()),
        },
        ReplyKind::AskLocation => Reply::AskLocation,
        ReplyKind::OrderSummary => Reply::OrderSummary(summary()),
        ReplyKind::OrderConfirmation => Reply::OrderConfirmation(summary()),
        ReplyKind::OrderDeclined => Reply::OrderDeclined,
        ReplyKind::Handoff(reason) => Reply::Handoff(reason),
        ReplyKind::OutOfHours => Reply::OutOfHours {
            back_at: Some(Opening {
                weekday: Weekday::Mon,
                time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            }),
        },
        ReplyKind::Caveat => Reply::Caveat {
            answer: "Shipping takes 2-3 working days.".into(),
        },
        ReplyKind::OfferHuman => Reply::OfferHuman,
        ReplyKind::Thanks => Reply::Thanks,
        ReplyKind::Clarify => Reply::Clarify,
        ReplyKind::ChitChat => Reply::ChitChat,
        ReplyKind::OrderStatus => Reply::OrderStatus {
            reference: "#1042".into(),
            status: OrderProgress::InProgress,
        },
        ReplyKind::NoOrderFound => Reply::NoOrderFound,
    }
}

#[test]
fn every_tone_language_and_kind_renders_without_placeholders() {
    let kinds = ReplyKind::all();
    assert_eq!(kinds.len(), 28);
    let mut rendered = 0;
    for tone in Tone::ALL {
        for language in Language::ALL {
            for kind in &kinds {
                let reply = sample(*kind);
                assert_eq!(reply.kind(), *kind);
                let text = reply
                    .render(tone, language)
                    .unwrap_or_else(|e| panic!("{tone} {language} {kind:?}: {e}"));
                assert!(
                    !text.trim().is_empty(),
                    "{tone} {language} {kind:?} is empty"
                );
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{tone} {language} {kind:?} left a placeholder: {text}"
                );
                assert!(
                    !text.contains("  "),
                    "{tone} {language} {kind:?}: double space in {text}"
                );
                rendered += 1;
            }
        }
    }
    assert_eq!(rendered, 5 * 3 * 28);
}

#[test]
fn tones_word_every_reply_differently() {
    for language in Language::ALL {
        for kind in ReplyKind::all() {
            let reply = sample(kind);
            let texts: Vec<String> = Tone::ALL
                .iter()
                .map(|tone| reply.render(*tone, language).unwrap())
                .collect();
            for (i, a) in texts.iter().enumerate() {
                for (j, b) in texts.iter().enumerate().skip(i + 1) {
                    assert_ne!(
                        a,
                        b,
                        "{language} {kind:?}: {} and {} say the same",
                        Tone::ALL[i],
                        Tone::ALL[j]
                    );
                }
            }
        }
    }
}

#[test]
fn languages_word_every_reply_differently() {
    for tone in Tone::ALL {
        for kind in ReplyKind::all() {
            let reply = sample(kind);
            let en = reply.render(tone, Language::English).unwrap();
            let es = reply.render(tone, Language::Spanish).unwrap();
            let it = reply.render(tone, Language::Italian).unwrap();
            assert!(en != es && es != it && en != it, "{tone} {kind:?}");
        }
    }
}

#[test]
fn parameters_appear_formatted_for_the_language() {
    let price = sample(ReplyKind::Price);
    let en = price.render(Tone::Friendly, Language::English).unwrap();
    assert!(
        en.contains("Glow Serum Vitamin C") && en.contains("€24.90") && en.contains("€29.90"),
        "{en}"
    );
    assert!(en.contains("30ml €24.90 and 50ml €34.90"), "{en}");
    let it = price.render(Tone::Luxe, Language::Italian).unwrap();
    assert!(
        it.contains("24,90 €") && it.contains("invece di 29,90 €"),
        "{it}"
    );
    let summary = sample(ReplyKind::OrderSummary)
        .render(Tone::Professional, Language::Spanish)
        .unwrap();
    assert!(
        summary.contains("• Glow Serum Vitamin C (50ml) × 2 — 69,80 €"),
        "{summary}"
    );
    assert!(
        summary.contains("88,80 €") && summary.contains("Milan"),
        "{summary}"
    );
    let variant = sample(ReplyKind::AskVariant)
        .render(Tone::Casual, Language::Italian)
        .unwrap();
    assert!(
        variant.contains("formato") && variant.contains("30ml o 50ml"),
        "{variant}"
    );
    let hours = sample(ReplyKind::OutOfHours)
        .render(Tone::Friendly, Language::Spanish)
        .unwrap();
    assert!(hours.contains("el lunes a las 09:00"), "{hours}");
    let status = sample(ReplyKind::OrderStatus)
        .render(Tone::Casual, Language::English)
        .unwrap();
    assert!(
        status.contains("#1042") && status.contains("being prepared"),
        "{status}"
    );
}

#[test]
fn optional_parts_disappear_cleanly() {
    let plain = Reply::Price {
        product: "Retinol Night Cream".into(),
        price: eur("29.90"),
        regular_price: None,
        variants: vec![],
    };
    let text = plain.render(Tone::Luxe, Language::English).unwrap();
    assert_eq!(
        text,
        "The Retinol Night Cream is priced at €29.90. Would you like to place an order?"
    );
    let unknown = Reply::NotFound {
        query: None,
        suggestions: vec![],
    };
    assert_eq!(
        unknown
            .render(Tone::Professional, Language::English)
            .unwrap(),
        "We could not find that in our catalog. Can I help you with anything else?"
    );
    let back = Reply::OutOfHours { back_at: None };
    assert!(
        back.render(Tone::Casual, Language::Italian)
            .unwrap()
            .contains("torniamo presto")
    );
}

#[test]
fn a_reply_lists_the_prices_it_states() {
    let prices = sample(ReplyKind::Price).prices();
    assert_eq!(
        prices,
        vec![eur("24.90"), eur("29.90"), eur("24.90"), eur("34.90")]
    );
    let order = sample(ReplyKind::OrderSummary).prices();
    assert!(order.contains(&eur("88.80")) && order.contains(&eur("69.80")));
    assert!(Reply::Greeting.prices().is_empty());
}

#[test]
fn tone_and_reason_names_round_trip() {
    for tone in Tone::ALL {
        assert_eq!(Tone::parse(tone.as_str()), Some(tone));
    }
    for reason in HandoffReason::ALL {
        assert_eq!(HandoffReason::parse(reason.as_str()), Some(reason));
    }
    assert_eq!(Tone::parse("grumpy"), None);
}
