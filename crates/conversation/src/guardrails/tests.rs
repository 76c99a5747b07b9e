use std::str::FromStr;

use kernel::{Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::prices::parse_amount;
use super::*;
use crate::entities::fixtures::beauty_catalog;
use crate::language::Language;
use crate::tones::format_money;

fn eur(amount: &str) -> Money {
    Money::new(
        Decimal::from_str(amount).unwrap(),
        Currency::parse("EUR").unwrap(),
    )
    .unwrap()
}

fn allowed() -> AllowedPrices {
    AllowedPrices::new([eur("24.90"), eur("34.90"), eur("1234.50")])
}

#[test]
fn prices_are_read_in_every_usual_spelling() {
    let cases = [
        ("It is 24,90 €.", "24.90", Some("EUR")),
        ("It is €24.90!", "24.90", Some("EUR")),
        ("It is 24.90 EUR", "24.90", Some("EUR")),
        ("Cuesta 24,90€", "24.90", Some("EUR")),
        ("Costa 24,9 euro", "24.9", Some("EUR")),
        ("Total 1.234,50 €", "1234.50", Some("EUR")),
        ("Total €1,234.50", "1234.50", Some("EUR")),
        ("Only $45", "45", None),
        ("Only 45 USD", "45", Some("USD")),
        ("From £12", "12", Some("GBP")),
        ("1.234 €", "1234", Some("EUR")),
    ];
    for (text, amount, code) in cases {
        let found = find_prices(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(
            found[0].amount,
            Decimal::from_str(amount).unwrap(),
            "{text}"
        );
        assert_eq!(found[0].currency.map(|c| c.code()), code, "{text}");
    }
}

#[test]
fn numbers_without_a_currency_are_not_prices() {
    for text in [
        "the 50ml size",
        "ships in 2-3 days",
        "20% off",
        "order #1042",
        "24.90",
    ] {
        assert!(find_prices(text).is_empty(), "{text}");
    }
}

#[test]
fn catalog_prices_pass_and_invented_ones_block() {
    assert_eq!(
        screen("The Glow Serum is €24.90. Want one?", &allowed()),
        Verdict::Allowed
    );
    assert_eq!(
        screen("Il totale è 1.234,50 €.", &allowed()),
        Verdict::Allowed
    );
    let invented = screen("The Glow Serum is €19.90, a steal! Want one?", &allowed());
    assert!(
        matches!(
            &invented,
            Verdict::Blocked { violations } if violations == &[Violation::UnknownPrice { excerpt: "€19.90".into() }]
        ),
        "{invented:?}"
    );
    // A price in another currency than the catalog's is not the catalog's price.
    assert!(matches!(
        screen("It is 24.90 USD", &allowed()),
        Verdict::Blocked { .. }
    ));
    // A bare "$" names no currency for sure: the amount decides.
    assert_eq!(screen("It is $24.90", &allowed()), Verdict::Allowed);
}

#[test]
fn medical_claims_are_cut_out_in_three_languages() {
    let cases = [
        "This serum contains vitamin C. It cures acne in a week!",
        "Este sérum tiene vitamina C. Trata el acné en una semana.",
        "Questo siero contiene vitamina C. Elimina le rughe in una settimana.",
        "This serum contains vitamin C. It treats your stubborn acne.",
        "This serum contains vitamin C. Medically proven formula.",
        "Questo siero contiene vitamina C. Guarisce la pelle.",
    ];
    for text in cases {
        match screen(text, &allowed()) {
            Verdict::Rewritten {
                text: rewritten,
                violations,
            } => {
                assert_eq!(violations[0].code(), "medical_claim", "{text}");
                assert!(rewritten.contains("vitamin"), "{text} -> {rewritten}");
                assert!(
                    !rewritten.contains("acn") && !rewritten.contains("rughe"),
                    "{rewritten}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn guarantees_are_cut_out() {
    for text in [
        "Guaranteed to fix your skin.",
        "Resultados garantizados.",
        "Risultati garantiti al 100%.",
        "We guarantee you will love it.",
    ] {
        let verdict = screen(text, &allowed());
        assert!(
            matches!(verdict, Verdict::Blocked { .. }),
            "{text}: {verdict:?}"
        );
        assert_eq!(verdict.violations()[0].code(), "guarantee", "{text}");
    }
}

#[test]
fn harmless_wording_passes() {
    for text in [
        "This serum contains vitamin C, which is known for brightening.",
        "Our skin care routine is gentle. La cura della pelle è importante.",
        "Treat yourself to something nice!",
        "It does not cure acne; for skin conditions please ask a dermatologist.",
        "Questo prodotto non cura l'acne.",
        "Shipping takes 2-3 days and the 50ml bottle lasts about two months.",
    ] {
        assert_eq!(screen(text, &allowed()), Verdict::Allowed, "{text}");
    }
}

#[test]
fn a_text_that_is_only_a_claim_is_blocked() {
    let verdict = screen("It cures acne!", &allowed());
    assert!(matches!(verdict, Verdict::Blocked { .. }));
    assert_eq!(verdict.text_to_send("It cures acne!"), None);
}

#[test]
fn every_rendered_template_passes_the_filter() {
    use crate::tones::{Reply, ReplyKind, Tone};
    let catalog = beauty_catalog();
    let prices = AllowedPrices::from_catalog(&catalog);
    for tone in Tone::ALL {
        for language in Language::ALL {
            for kind in ReplyKind::all() {
                if matches!(kind, ReplyKind::Price) {
                    continue;
                }
                let reply = match kind {
                    ReplyKind::Handoff(reason) => Reply::Handoff(reason),
                    ReplyKind::Greeting => Reply::Greeting,
                    ReplyKind::OfferHuman => Reply::OfferHuman,
                    ReplyKind::Thanks => Reply::Thanks,
                    ReplyKind::Clarify => Reply::Clarify,
                    ReplyKind::ChitChat => Reply::ChitChat,
                    _ => continue,
                };
                let text = reply.render(tone, language).unwrap();
                assert_eq!(
                    screen(&text, &prices),
                    Verdict::Allowed,
                    "{tone} {language}: {text}"
                );
            }
            let product = &catalog.products()[0];
            let price = Reply::Price {
                product: product.name.as_str().to_owned(),
                price: product.price,
                regular_price: None,
                variants: vec![],
            };
            let text = price.render(tone, language).unwrap();
            assert_eq!(
                screen(&text, &prices),
                Verdict::Allowed,
                "{tone} {language}: {text}"
            );
        }
    }
}

#[test]
fn overly_long_texts_are_blocked() {
    let long = "Lovely. ".repeat(400);
    assert!(matches!(
        screen(&long, &allowed()),
        Verdict::Blocked { violations } if violations[0].code() == "too_long"
    ));
}

proptest! {
    #[test]
    fn any_price_formatted_for_any_language_reads_back(cents in 1i64..100_000_000, lang in 0usize..3) {
        let money = Money::new(Decimal::new(cents, 2), Currency::parse("EUR").unwrap()).unwrap();
        let language = Language::ALL[lang];
        let text = format!("Total: {}. Thanks!", format_money(money, language));
        let found = find_prices(&text);
        prop_assert_eq!(found.len(), 1, "{}", text);
        prop_assert_eq!(found[0].amount, money.amount());
        prop_assert_eq!(screen(&text, &AllowedPrices::new([money])), Verdict::Allowed);
    }

    #[test]
    fn amounts_parse_whatever_the_separators(whole in 0u32..10_000_000, fraction in 0u32..100) {
        let amount = Decimal::from_str(&format!("{whole}.{fraction:02}")).unwrap().normalize();
        let english = format!("{}.{fraction:02}", group(whole, ','));
        let european = format!("{},{fraction:02}", group(whole, '.'));
        prop_assert_eq!(parse_amount(&english), Some(amount));
        prop_assert_eq!(parse_amount(&european), Some(amount));
    }

    #[test]
    fn screening_never_fails(text in "\\PC{0,200}") {
        let verdict = screen(&text, &allowed());
        if let Verdict::Rewritten { text: rewritten, .. } = verdict {
            prop_assert!(rewritten.len() <= text.len());
        }
    }
}

fn group(n: u32, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}
