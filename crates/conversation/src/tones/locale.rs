//! How each language writes money, lists, weekdays and the small fragments replies are
//! assembled from. Tone-independent: the tone lives in the templates.

use catalog::VariantKind;
use chrono::Weekday;
use kernel::Money;

use super::reply::{Opening, OrderLine, OrderProgress, VariantPrice};
use crate::language::Language;

/// "€24.90" in English, "24,90 €" in Spanish and Italian; thousands grouped ("€1,234.50",
/// "1.234,50 €"); currencies without a common symbol by code ("24.90 CHF").
pub fn format_money(money: Money, language: Language) -> String {
    let money = money.rounded();
    let digits = money.currency().minor_units() as usize;
    let plain = format!("{:.*}", digits, money.amount().abs());
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let (group, decimal) = match language {
        Language::English => (',', '.'),
        Language::Spanish | Language::Italian => ('.', ','),
    };
    let mut number = group_thousands(whole, group);
    if !fraction.is_empty() {
        number.push(decimal);
        number.push_str(fraction);
    }
    let sign = if money.amount().is_sign_negative() && !money.amount().is_zero() {
        "-"
    } else {
        ""
    };
    match (symbol(money.currency().code()), language) {
        (Some(symbol), Language::English) => format!("{sign}{symbol}{number}"),
        (Some(symbol), _) => format!("{sign}{number} {symbol}"),
        (None, _) => format!("{sign}{number} {}", money.currency().code()),
    }
}

fn symbol(code: &str) -> Option<&'static str> {
    match code {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        _ => None,
    }
}

fn group_thousands(whole: &str, separator: char) -> String {
    let digits: Vec<char> = whole.chars().collect();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(*c);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conjunction {
    And,
    Or,
}

/// "A, B or C" / "A, B o C" / "A, B e C". Spanish changes "y" to "e" before an "i"
/// sound and "o" to "u" before an "o" sound ("rojo u oro").
pub fn join_list(items: &[String], language: Language, conjunction: Conjunction) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => {
            let word = match (language, conjunction) {
                (Language::English, Conjunction::And) => "and",
                (Language::English, Conjunction::Or) => "or",
                (Language::Spanish, Conjunction::And) if starts_with_sound(last, &["i", "hi"]) => {
                    "e"
                }
                (Language::Spanish, Conjunction::And) => "y",
                (Language::Spanish, Conjunction::Or) if starts_with_sound(last, &["o", "ho"]) => {
                    "u"
                }
                (Language::Spanish, Conjunction::Or) => "o",
                (Language::Italian, Conjunction::And) => "e",
                (Language::Italian, Conjunction::Or) => "o",
            };
            format!("{} {word} {last}", init.join(", "))
        }
    }
}

fn starts_with_sound(word: &str, sounds: &[&str]) -> bool {
    let folded = crate::text::fold(word);
    sounds.iter().any(|s| folded.starts_with(s)) && !folded.starts_with("hie")
}

pub(super) fn variant_kind(kind: VariantKind, language: Language) -> &'static str {
    match (language, kind) {
        (Language::English, VariantKind::Size) => "size",
        (Language::English, VariantKind::Shade) => "shade",
        (Language::English, VariantKind::Scent) => "scent",
        (Language::English, VariantKind::Color) => "colour",
        (Language::English, VariantKind::Custom) => "option",
        (Language::Spanish, VariantKind::Size) => "tamaño",
        (Language::Spanish, VariantKind::Shade) => "tono",
        (Language::Spanish, VariantKind::Scent) => "aroma",
        (Language::Spanish, VariantKind::Color) => "color",
        (Language::Spanish, VariantKind::Custom) => "opción",
        (Language::Italian, VariantKind::Size) => "formato",
        (Language::Italian, VariantKind::Shade) => "tonalità",
        (Language::Italian, VariantKind::Scent) => "profumazione",
        (Language::Italian, VariantKind::Color) => "colore",
        (Language::Italian, VariantKind::Custom) => "opzione",
    }
}

/// "Glow Serum (50ml)".
pub(super) fn item(product: &str, variant: Option<&str>) -> String {
    match variant {
        Some(v) => format!("{product} ({v})"),
        None => product.to_owned(),
    }
}

/// After a price: the regular price when on offer, and the variants' prices.
pub(super) fn price_details(
    regular: Option<Money>,
    variants: &[VariantPrice],
    language: Language,
) -> String {
    let mut out = String::new();
    if let Some(regular) = regular {
        let was = format_money(regular, language);
        out.push_str(&match language {
            Language::English => format!(" (instead of {was})"),
            Language::Spanish => format!(" (antes {was})"),
            Language::Italian => format!(" (invece di {was})"),
        });
    }
    if !variants.is_empty() {
        let list: Vec<String> = variants
            .iter()
            .map(|v| format!("{} {}", v.name, format_money(v.price, language)))
            .collect();
        let list = join_list(&list, language, Conjunction::And);
        out.push_str(&match language {
            Language::English => format!(". By variant: {list}"),
            Language::Spanish => format!(". Por variante: {list}"),
            Language::Italian => format!(". Per variante: {list}"),
        });
    }
    out
}

/// " It comes in 30ml or 50ml." (empty without options).
pub(super) fn options_sentence(options: &[String], language: Language) -> String {
    if options.is_empty() {
        return String::new();
    }
    let list = join_list(options, language, Conjunction::Or);
    match language {
        Language::English => format!(" Options: {list}."),
        Language::Spanish => format!(" Opciones: {list}."),
        Language::Italian => format!(" Opzioni: {list}."),
    }
}

/// " We have A, B or C." (empty without suggestions).
pub(super) fn suggestions_sentence(suggestions: &[String], language: Language) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let list = join_list(suggestions, language, Conjunction::Or);
    match language {
        Language::English => format!(" For example: {list}."),
        Language::Spanish => format!(" Por ejemplo: {list}."),
        Language::Italian => format!(" Per esempio: {list}."),
    }
}

/// " Similar items in stock: A or B." (empty without alternatives).
pub(super) fn alternatives_sentence(alternatives: &[String], language: Language) -> String {
    if alternatives.is_empty() {
        return String::new();
    }
    let list = join_list(alternatives, language, Conjunction::Or);
    match language {
        Language::English => format!(" Available instead: {list}."),
        Language::Spanish => format!(" Disponible en su lugar: {list}."),
        Language::Italian => format!(" Disponibile al suo posto: {list}."),
    }
}

/// What was not found: the customer's words in quotes, or "that".
pub(super) fn what(query: Option<&str>, language: Language) -> String {
    match (query, language) {
        (Some(q), _) => format!("\u{201c}{q}\u{201d}"),
        (None, Language::English) => "that".to_owned(),
        (None, Language::Spanish) => "eso".to_owned(),
        (None, Language::Italian) => "quello".to_owned(),
    }
}

/// "on Monday at 09:00" / "el lunes a las 09:00" / "lunedì alle 09:00", or "soon".
pub(super) fn when(back_at: Option<Opening>, language: Language) -> String {
    let Some(opening) = back_at else {
        return match language {
            Language::English => "soon",
            Language::Spanish => "pronto",
            Language::Italian => "presto",
        }
        .to_owned();
    };
    let time = opening.time.format("%H:%M");
    let day = weekday(opening.weekday, language);
    match language {
        Language::English => format!("on {day} at {time}"),
        Language::Spanish => format!("el {day} a las {time}"),
        Language::Italian => format!("{day} alle {time}"),
    }
}

fn weekday(day: Weekday, language: Language) -> &'static str {
    let index = day.num_days_from_monday() as usize;
    let names: [&str; 7] = match language {
        Language::English => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
        Language::Spanish => [
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
            "domingo",
        ],
        Language::Italian => [
            "lunedì",
            "martedì",
            "mercoledì",
            "giovedì",
            "venerdì",
            "sabato",
            "domenica",
        ],
    };
    names[index.min(6)]
}

/// "• Glow Serum (50ml) × 2 — €69.80", one line each.
pub(super) fn order_lines(lines: &[OrderLine], language: Language) -> String {
    lines
        .iter()
        .map(|l| {
            format!(
                "• {} × {} — {}",
                item(&l.product, l.variant.as_deref()),
                l.quantity,
                format_money(l.line_total, language)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn status(progress: OrderProgress, language: Language) -> &'static str {
    match (language, progress) {
        (Language::English, OrderProgress::Captured) => {
            "received, and the team will confirm it shortly"
        }
        (Language::English, OrderProgress::InProgress) => "being prepared",
        (Language::English, OrderProgress::Completed) => "completed",
        (Language::English, OrderProgress::Cancelled) => "cancelled",
        (Language::Spanish, OrderProgress::Captured) => {
            "recibido, y el equipo lo confirmará en breve"
        }
        (Language::Spanish, OrderProgress::InProgress) => "en preparación",
        (Language::Spanish, OrderProgress::Completed) => "completado",
        (Language::Spanish, OrderProgress::Cancelled) => "cancelado",
        (Language::Italian, OrderProgress::Captured) => "ricevuto, e il team lo confermerà a breve",
        (Language::Italian, OrderProgress::InProgress) => "in preparazione",
        (Language::Italian, OrderProgress::Completed) => "completato",
        (Language::Italian, OrderProgress::Cancelled) => "annullato",
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use kernel::Currency;
    use rust_decimal::Decimal;

    use super::*;

    fn money(amount: &str, code: &str) -> Money {
        Money::new(
            Decimal::from_str(amount).unwrap(),
            Currency::parse(code).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn money_is_written_the_way_each_language_writes_it() {
        let price = money("24.9", "EUR");
        assert_eq!(format_money(price, Language::English), "€24.90");
        assert_eq!(format_money(price, Language::Spanish), "24,90 €");
        assert_eq!(format_money(price, Language::Italian), "24,90 €");
        let big = money("1234567.5", "EUR");
        assert_eq!(format_money(big, Language::English), "€1,234,567.50");
        assert_eq!(format_money(big, Language::Italian), "1.234.567,50 €");
        assert_eq!(
            format_money(money("45", "USD"), Language::English),
            "$45.00"
        );
        assert_eq!(
            format_money(money("19.9", "CHF"), Language::English),
            "19.90 CHF"
        );
        assert_eq!(
            format_money(money("1500", "JPY"), Language::Spanish),
            "1.500 JPY"
        );
        assert_eq!(
            format_money(money("-5", "GBP"), Language::English),
            "-£5.00"
        );
    }

    #[test]
    fn lists_use_each_language_conjunction() {
        let three = ["30ml".to_owned(), "50ml".to_owned(), "100ml".to_owned()];
        assert_eq!(
            join_list(&three, Language::English, Conjunction::Or),
            "30ml, 50ml or 100ml"
        );
        assert_eq!(
            join_list(&three, Language::Italian, Conjunction::And),
            "30ml, 50ml e 100ml"
        );
        let spanish = ["rojo".to_owned(), "oro".to_owned()];
        assert_eq!(
            join_list(&spanish, Language::Spanish, Conjunction::Or),
            "rojo u oro"
        );
        let and = ["sérum".to_owned(), "iluminador".to_owned()];
        assert_eq!(
            join_list(&and, Language::Spanish, Conjunction::And),
            "sérum e iluminador"
        );
        assert_eq!(join_list(&[], Language::English, Conjunction::Or), "");
    }
}
