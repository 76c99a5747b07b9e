//! Prices in free text ("24,90 €", "€24.90", "24.90 EUR", "$45", "1.234,50 euros") and
//! the prices a text may state.
//!
//! A number is a price only next to a currency sign or word, before or after it, with at
//! most one space between: "50ml", "2-3 days" and "20%" are not prices. Separators are
//! read the way the number shows them: with both "." and ",", the last one is the
//! decimal separator; with one kind only, it is decimal when one or two digits follow it
//! and a thousands separator when three do ("1.234 €" is a thousand and more).

use std::str::FromStr;

use kernel::{Currency, Money};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::entities::CatalogSnapshot;

/// A price found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceMention {
    pub amount: Decimal,
    /// `None` for a bare "$" or a word we cannot pin to one currency.
    pub currency: Option<Currency>,
    pub excerpt: String,
}

/// The prices a text may state: the catalog's, the order's totals, whatever the
/// orchestration computed for this reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedPrices(Vec<Money>);

impl AllowedPrices {
    pub fn new(prices: impl IntoIterator<Item = Money>) -> Self {
        let mut allowed = Self::default();
        allowed.extend(prices);
        allowed
    }

    /// Every price and list price of every product and variant in the snapshot. Broad:
    /// a text may then quote one product's price for another. Prefer the prices of the
    /// products the reply is about, plus totals, when they are known.
    pub fn from_catalog(catalog: &CatalogSnapshot) -> Self {
        Self::new(catalog.products().iter().flat_map(|p| {
            [p.price, p.list_price]
                .into_iter()
                .chain(p.variants.iter().flat_map(|v| [v.price, v.list_price]))
        }))
    }

    pub fn extend(&mut self, prices: impl IntoIterator<Item = Money>) {
        for price in prices {
            let price = price.rounded();
            if !self.0.contains(&price) {
                self.0.push(price);
            }
        }
    }

    /// Same amount, and the same currency when the text says which.
    pub fn allows(&self, price: &PriceMention) -> bool {
        self.0.iter().any(|allowed| {
            allowed.amount() == price.amount
                && price.currency.is_none_or(|c| c == allowed.currency())
        })
    }
}

/// Every price in a text.
pub fn find_prices(text: &str) -> Vec<PriceMention> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        // The number: digits with "." and "," inside, ending on a digit.
        let start = i;
        let mut end = i;
        while end + 1 < chars.len()
            && (chars[end + 1].1.is_ascii_digit()
                || (matches!(chars[end + 1].1, '.' | ',')
                    && chars.get(end + 2).is_some_and(|(_, c)| c.is_ascii_digit())))
        {
            end += 1;
        }
        i = end + 1;
        let preceded_by_digit_or_letter = start > 0 && chars[start - 1].1.is_alphanumeric();
        if preceded_by_digit_or_letter {
            continue;
        }
        let byte_start = chars[start].0;
        let byte_end = chars.get(end + 1).map_or(text.len(), |(b, _)| *b);
        let number = &text[byte_start..byte_end];
        let before = currency_before(text, byte_start);
        let after = currency_after(text, byte_end);
        let Some((marker, from, to)) = pick(before, after, byte_start, byte_end) else {
            continue;
        };
        let Some(amount) = parse_amount(number) else {
            continue;
        };
        found.push(PriceMention {
            amount,
            currency: marker,
            excerpt: text[from..to].to_owned(),
        });
    }
    found
}

type Marker = (Option<Currency>, usize);

fn pick(
    before: Option<Marker>,
    after: Option<Marker>,
    start: usize,
    end: usize,
) -> Option<(Option<Currency>, usize, usize)> {
    match (before, after) {
        (Some((currency, from)), Some((other, to))) => Some((currency.or(other), from, to)),
        (Some((currency, from)), None) => Some((currency, from, end)),
        (None, Some((currency, to))) => Some((currency, start, to)),
        (None, None) => None,
    }
}

/// Currency signs and words, folded, with the currency they name (`None`: ambiguous).
const MARKERS: &[(&str, Option<&str>)] = &[
    ("€", Some("EUR")),
    ("eur", Some("EUR")),
    ("euro", Some("EUR")),
    ("euros", Some("EUR")),
    ("£", Some("GBP")),
    ("gbp", Some("GBP")),
    ("pounds", Some("GBP")),
    ("sterline", Some("GBP")),
    ("usd", Some("USD")),
    ("us$", Some("USD")),
    ("$", None),
    ("dollars", None),
    ("dollar", None),
    ("dolares", None),
    ("dollari", None),
    ("chf", Some("CHF")),
];

fn currency(marker: &str) -> Option<Option<Currency>> {
    let folded = crate::text::fold(marker);
    MARKERS
        .iter()
        .find(|(m, _)| *m == folded)
        .map(|(_, code)| code.and_then(|c| Currency::parse(c).ok()))
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// A marker right before the number (at most one space between): "€24.90", "EUR 24.90".
fn currency_before(text: &str, number_start: usize) -> Option<Marker> {
    let head = &text[..number_start];
    let trimmed = head.strip_suffix(is_space).unwrap_or(head);
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || matches!(c, '€' | '$' | '£'))
        .last()
        .map(|(i, _)| i)?;
    let word = &trimmed[word_start..];
    // "US$24" or "€24": a sign glued to letters before it still counts by its last char.
    currency(word)
        .or_else(|| word.chars().last().and_then(|c| currency(&c.to_string())))
        .map(|c| (c, word_start))
}

/// A marker right after the number: "24,90 €", "24.90 EUR", "45 dollars".
fn currency_after(text: &str, number_end: usize) -> Option<Marker> {
    let tail = &text[number_end..];
    let trimmed = tail.strip_prefix(is_space).unwrap_or(tail);
    let offset = number_end + (tail.len() - trimmed.len());
    let first = trimmed.chars().next()?;
    if matches!(first, '€' | '$' | '£') {
        return currency(&first.to_string()).map(|c| (c, offset + first.len_utf8()));
    }
    let word_len: usize = trimmed
        .chars()
        .take_while(|c| c.is_alphabetic())
        .map(char::len_utf8)
        .sum();
    currency(&trimmed[..word_len]).map(|c| (c, offset + word_len))
}

/// Reads "1.234,50", "1,234.50", "24,90", "24.9", "1.234", "45".
pub(crate) fn parse_amount(number: &str) -> Option<Decimal> {
    let last_dot = number.rfind('.');
    let last_comma = number.rfind(',');
    let decimal_at = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(p), None) | (None, Some(p)) => {
            let separator = number.as_bytes().get(p).copied();
            let count = number.bytes().filter(|b| Some(*b) == separator).count();
            let digits_after = number.len() - p - 1;
            (count == 1 && digits_after != 3).then_some(p)
        }
        (None, None) => None,
    };
    let (whole, fraction) = match decimal_at {
        Some(p) => (&number[..p], &number[p + 1..]),
        None => (number, ""),
    };
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    let plain = if fraction.is_empty() {
        whole
    } else {
        format!("{whole}.{fraction}")
    };
    Decimal::from_str(&plain).ok().map(|d| d.normalize())
}
