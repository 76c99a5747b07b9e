//! Money: an exact decimal amount in an ISO 4217 currency.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

/// ISO 4217 active codes with their minor units (digits after the decimal point).
const ISO_4217: &[(&str, u32)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("UYU", 2),
    ("UZS", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// An ISO 4217 currency code such as `EUR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    #[error("'{0}' is not an ISO 4217 currency code")]
    Unknown(String),
}

impl Currency {
    pub fn parse(raw: &str) -> Result<Self, CurrencyError> {
        let upper = raw.trim().to_ascii_uppercase();
        ISO_4217
            .iter()
            .find(|(code, _)| *code == upper)
            .map(|&(code, minor_units)| Self { code, minor_units })
            .ok_or_else(|| CurrencyError::Unknown(raw.to_owned()))
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> Self {
        currency.code.to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// An exact amount in a currency. Arithmetic across currencies is refused, never guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{currency} allows at most {minor_units} decimal places")]
    TooPrecise {
        currency: Currency,
        minor_units: u32,
    },
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("amount is out of range")]
    Overflow,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Result<Self, MoneyError> {
        let normalized = amount.normalize();
        if normalized.scale() > currency.minor_units {
            return Err(MoneyError::TooPrecise {
                currency,
                minor_units: currency.minor_units,
            });
        }
        Ok(Self {
            amount: normalized,
            currency,
        })
    }

    pub fn zero(currency: Currency) -> Self {
        Self {
            amount: Decimal::ZERO,
            currency,
        }
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_positive(&self) -> bool {
        self.amount > Decimal::ZERO
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_add(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, ..self })
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        let amount = self
            .amount
            .checked_sub(other.amount)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, ..self })
    }

    pub fn checked_mul(self, quantity: u32) -> Result<Money, MoneyError> {
        let amount = self
            .amount
            .checked_mul(Decimal::from(quantity))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money { amount, ..self })
    }

    /// Rounds to the currency's minor units, half away from zero (how shops round).
    pub fn rounded(self) -> Money {
        let amount = self.amount.round_dp_with_strategy(
            self.currency.minor_units,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        );
        Money { amount, ..self }
    }

    fn same_currency(&self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.currency.minor_units as usize;
        write!(f, "{:.*} {}", digits, self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proptest::prelude::*;

    use super::*;

    fn eur() -> Currency {
        Currency::parse("eur").unwrap()
    }

    #[test]
    fn currency_codes_are_checked() {
        assert_eq!(eur().code(), "EUR");
        assert_eq!(Currency::parse("JPY").unwrap().minor_units(), 0);
        assert!(matches!(
            Currency::parse("XYZ"),
            Err(CurrencyError::Unknown(_))
        ));
        assert!(Currency::parse("").is_err());
    }

    #[test]
    fn money_refuses_more_precision_than_the_currency_has() {
        assert!(Money::new(Decimal::from_str("19.99").unwrap(), eur()).is_ok());
        assert!(Money::new(Decimal::from_str("19.990").unwrap(), eur()).is_ok());
        assert!(Money::new(Decimal::from_str("19.995").unwrap(), eur()).is_err());
        let jpy = Currency::parse("JPY").unwrap();
        assert!(Money::new(Decimal::from_str("100.5").unwrap(), jpy).is_err());
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies() {
        let a = Money::new(Decimal::from(10), eur()).unwrap();
        let b = Money::new(Decimal::from(10), Currency::parse("USD").unwrap()).unwrap();
        assert!(matches!(
            a.checked_add(b),
            Err(MoneyError::CurrencyMismatch(..))
        ));
    }

    #[test]
    fn displays_with_the_currency_minor_units() {
        let price = Money::new(Decimal::from_str("24.5").unwrap(), eur()).unwrap();
        assert_eq!(price.to_string(), "24.50 EUR");
    }

    proptest! {
        #[test]
        fn add_then_sub_is_identity(a in 0i64..1_000_000_000, b in 0i64..1_000_000_000) {
            let x = Money::new(Decimal::new(a, 2), eur()).unwrap();
            let y = Money::new(Decimal::new(b, 2), eur()).unwrap();
            prop_assert_eq!(x.checked_add(y).unwrap().checked_sub(y).unwrap(), x);
        }

        #[test]
        fn multiplying_by_quantity_matches_repeated_addition(cents in 1i64..100_000, qty in 1u32..20) {
            let unit = Money::new(Decimal::new(cents, 2), eur()).unwrap();
            let mut sum = Money::zero(eur());
            for _ in 0..qty { sum = sum.checked_add(unit).unwrap(); }
            prop_assert_eq!(unit.checked_mul(qty).unwrap(), sum);
        }
    }
}
