//! Prices as the seller types them: a product's list price (always above zero) and a
//! variant's price modifier (may be negative). What a customer pays is computed in
//! `crate::pricing`, never here.

use std::str::FromStr;

use kernel::{Currency, Money, MoneyError};
use rust_decimal::Decimal;
use serde::Serialize;

/// Prices at or above this are refused as typos (a pasted phone number, say).
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// A product's list price: positive, below `MAX_AMOUNT`, within the currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Price(Money);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    #[error("price is required")]
    Missing,
    #[error("'{0}' is not a number; write digits with a decimal point, like 45.50")]
    NotANumber(String),
    #[error("price must be greater than zero")]
    NotPositive,
    #[error("{currency} prices have at most {minor_units} decimal places")]
    TooPrecise {
        currency: Currency,
        minor_units: u32,
    },
    #[error("price must be below {MAX_AMOUNT}")]
    TooLarge,
    #[error("price is in {found}, but this workspace sells in {expected}")]
    CurrencyMismatch { expected: Currency, found: Currency },
}

impl PriceError {
    pub fn code(&self) -> &'static str {
        match self {
            PriceError::Missing => "missing",
            PriceError::NotANumber(_) => "not_a_number",
            PriceError::NotPositive => "not_positive",
            PriceError::TooPrecise { .. } => "too_precise",
            PriceError::TooLarge => "too_large",
            PriceError::CurrencyMismatch { .. } => "currency_mismatch",
        }
    }
}

impl Price {
    pub fn new(money: Money) -> Result<Self, PriceError> {
        if !money.is_positive() {
            return Err(PriceError::NotPositive);
        }
        if money.amount() >= Decimal::from(MAX_AMOUNT) {
            return Err(PriceError::TooLarge);
        }
        Ok(Self(money))
    }

    /// Reads a price typed by a person: `45`, `45.5`, `45.50`, or `45,50` with a decimal comma.
    pub fn parse(raw: &str, currency: Currency) -> Result<Self, PriceError> {
        let amount = parse_amount(raw).map_err(|e| match e {
            AmountError::Missing => PriceError::Missing,
            AmountError::NotANumber => PriceError::NotANumber(raw.trim().to_owned()),
            AmountError::TooLarge => PriceError::TooLarge,
        })?;
        if amount <= Decimal::ZERO {
            return Err(PriceError::NotPositive);
        }
        Self::new(to_money(amount, currency).map_err(|e| too_precise(e, currency))?)
    }

    pub fn money(&self) -> Money {
        self.0
    }

    pub fn amount(&self) -> Decimal {
        self.0.amount()
    }

    pub fn currency(&self) -> Currency {
        self.0.currency()
    }
}

/// How much a variant adds to (or takes off) the product's price. The rule that the
/// result stays above zero needs the product's price, so `Product` enforces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PriceModifier(Money);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriceModifierError {
    #[error("'{0}' is not a number; write digits with a decimal point, like -5 or 10.50")]
    NotANumber(String),
    #[error("{currency} prices have at most {minor_units} decimal places")]
    TooPrecise {
        currency: Currency,
        minor_units: u32,
    },
    #[error("a price modifier must be between -{MAX_AMOUNT} and {MAX_AMOUNT}")]
    TooLarge,
}

impl PriceModifierError {
    pub fn code(&self) -> &'static str {
        match self {
            PriceModifierError::NotANumber(_) => "not_a_number",
            PriceModifierError::TooPrecise { .. } => "too_precise",
            PriceModifierError::TooLarge => "too_large",
        }
    }
}

impl PriceModifier {
    pub fn new(money: Money) -> Result<Self, PriceModifierError> {
        if money.amount().abs() >= Decimal::from(MAX_AMOUNT) {
            return Err(PriceModifierError::TooLarge);
        }
        Ok(Self(money))
    }

    pub fn zero(currency: Currency) -> Self {
        Self(Money::zero(currency))
    }

    /// Reads a modifier such as `10`, `-5` or `2,50`; an empty cell means no difference.
    pub fn parse(raw: &str, currency: Currency) -> Result<Self, PriceModifierError> {
        let amount = match parse_amount(raw) {
            Ok(amount) => amount,
            Err(AmountError::Missing) => return Ok(Self::zero(currency)),
            Err(AmountError::NotANumber) => {
                return Err(PriceModifierError::NotANumber(raw.trim().to_owned()));
            }
            Err(AmountError::TooLarge) => return Err(PriceModifierError::TooLarge),
        };
        let money = to_money(amount, currency).map_err(|e| match e {
            MoneyError::TooPrecise {
                currency,
                minor_units,
            } => PriceModifierError::TooPrecise {
                currency,
                minor_units,
            },
            _ => PriceModifierError::TooLarge,
        })?;
        Self::new(money)
    }

    pub fn money(&self) -> Money {
        self.0
    }

    pub fn amount(&self) -> Decimal {
        self.0.amount()
    }

    pub fn currency(&self) -> Currency {
        self.0.currency()
    }
}

/// Formats an amount with exactly the currency's minor units (`45.00`, `-5.00`, `1500`),
/// which is what people expect to see in a spreadsheet.
pub(crate) fn format_amount(money: Money) -> String {
    let digits = money.currency().minor_units() as usize;
    format!("{:.*}", digits, money.amount())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmountError {
    Missing,
    NotANumber,
    TooLarge,
}

/// Longer input cannot be a price below `MAX_AMOUNT` with sane decimals; refusing it
/// early keeps `Decimal` from overflowing on pasted garbage.
const MAX_AMOUNT_TEXT: usize = 24;

fn parse_amount(raw: &str) -> Result<Decimal, AmountError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(AmountError::Missing);
    }
    // A lone comma is a decimal comma (Italian, Spanish, Vietnamese spreadsheets);
    // thousands separators are refused rather than guessed.
    let text = if !trimmed.contains('.') && trimmed.matches(',').count() == 1 {
        trimmed.replace(',', ".")
    } else {
        trimmed.to_owned()
    };
    let unsigned = text
        .strip_prefix('-')
        .or_else(|| text.strip_prefix('+'))
        .unwrap_or(&text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty()
        || !digits_only(whole)
        || !digits_only(fraction)
        || unsigned.ends_with('.')
    {
        return Err(AmountError::NotANumber);
    }
    if text.len() > MAX_AMOUNT_TEXT {
        return Err(AmountError::TooLarge);
    }
    let amount = Decimal::from_str(&text).map_err(|_| AmountError::NotANumber)?;
    if amount.abs() >= Decimal::from(MAX_AMOUNT) {
        return Err(AmountError::TooLarge);
    }
    Ok(amount)
}

fn to_money(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
    Money::new(amount, currency)
}

fn too_precise(error: MoneyError, currency: Currency) -> PriceError {
    match error {
        MoneyError::TooPrecise {
            currency,
            minor_units,
        } => PriceError::TooPrecise {
            currency,
            minor_units,
        },
        _ => PriceError::TooPrecise {
            currency,
            minor_units: currency.minor_units(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    #[test]
    fn prices_accept_what_people_type() {
        assert_eq!(
            Price::parse("45", eur()).unwrap().amount(),
            Decimal::from(45)
        );
        assert_eq!(
            Price::parse(" 45.5 ", eur()).unwrap().amount(),
            Decimal::new(455, 1)
        );
        assert_eq!(
            Price::parse("45,50", eur()).unwrap().amount(),
            Decimal::new(455, 1)
        );
        assert_eq!(
            Price::parse("0.01", eur()).unwrap().amount(),
            Decimal::new(1, 2)
        );
        let vnd = Currency::parse("VND").unwrap();
        assert_eq!(
            Price::parse("350000", vnd).unwrap().amount(),
            Decimal::from(350_000)
        );
    }

    #[test]
    fn each_bad_price_names_its_problem() {
        assert_eq!(Price::parse("", eur()), Err(PriceError::Missing));
        assert_eq!(Price::parse("   ", eur()), Err(PriceError::Missing));
        assert_eq!(
            Price::parse("abc", eur()),
            Err(PriceError::NotANumber("abc".into()))
        );
        for bad in [
            "$45", "45 EUR", "1,234.56", "1.2.3", "4e5", "1_000", ".", "45.", "NaN",
        ] {
            assert!(
                matches!(Price::parse(bad, eur()), Err(PriceError::NotANumber(_))),
                "{bad}"
            );
        }
        assert_eq!(Price::parse("0", eur()), Err(PriceError::NotPositive));
        assert_eq!(Price::parse("0.00", eur()), Err(PriceError::NotPositive));
        assert_eq!(Price::parse("-5", eur()), Err(PriceError::NotPositive));
        assert!(matches!(
            Price::parse("19.999", eur()),
            Err(PriceError::TooPrecise { minor_units: 2, .. })
        ));
        let jpy = Currency::parse("JPY").unwrap();
        assert!(matches!(
            Price::parse("100.5", jpy),
            Err(PriceError::TooPrecise { minor_units: 0, .. })
        ));
        assert_eq!(Price::parse("1000000000", eur()), Err(PriceError::TooLarge));
        assert_eq!(
            Price::parse("99999999999999999999999999999999", eur()),
            Err(PriceError::TooLarge)
        );
    }

    #[test]
    fn error_messages_are_specific() {
        assert_eq!(
            Price::parse("abc", eur()).unwrap_err().to_string(),
            "'abc' is not a number; write digits with a decimal point, like 45.50"
        );
        assert_eq!(
            Price::parse("1.001", eur()).unwrap_err().to_string(),
            "EUR prices have at most 2 decimal places"
        );
    }

    #[test]
    fn modifiers_may_be_negative_zero_or_blank() {
        assert_eq!(
            PriceModifier::parse("", eur()).unwrap(),
            PriceModifier::zero(eur())
        );
        assert_eq!(
            PriceModifier::parse("-5", eur()).unwrap().amount(),
            Decimal::from(-5)
        );
        assert_eq!(
            PriceModifier::parse("+10,5", eur()).unwrap().amount(),
            Decimal::new(105, 1)
        );
        assert!(matches!(
            PriceModifier::parse("ten", eur()),
            Err(PriceModifierError::NotANumber(_))
        ));
        assert!(matches!(
            PriceModifier::parse("0.001", eur()),
            Err(PriceModifierError::TooPrecise { .. })
        ));
    }

    #[test]
    fn amounts_format_with_the_currency_minor_units() {
        let price = Price::parse("45", eur()).unwrap();
        assert_eq!(format_amount(price.money()), "45.00");
        let modifier = PriceModifier::parse("-5.5", eur()).unwrap();
        assert_eq!(format_amount(modifier.money()), "-5.50");
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(
            format_amount(Price::parse("1500", jpy).unwrap().money()),
            "1500"
        );
    }
}
