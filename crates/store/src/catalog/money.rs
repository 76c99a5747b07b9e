//! Money as the catalog tables store it: integer minor units beside a currency code
//! (4500 and "EUR" for 45.00 EUR), so SQL compares and sorts amounts exactly.

use kernel::{Currency, Money, MoneyError};
use sea_orm::prelude::Decimal;

/// The amount in minor units. `Money` never has more decimals than its currency
/// allows, so nothing is rounded.
pub(crate) fn to_minor(money: Money) -> Result<i64, String> {
    let mut amount = money.amount();
    amount.rescale(money.currency().minor_units());
    if amount.normalize() != money.amount().normalize() {
        return Err(format!("{money} has more decimals than its currency"));
    }
    i64::try_from(amount.mantissa()).map_err(|_| format!("{money} is out of range"))
}

pub(crate) fn from_minor(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
    Money::new(Decimal::new(minor, currency.minor_units()), currency)
}

/// Hundredths of a percent (1250 for 12.5%); offers allow two decimals.
pub(crate) fn to_hundredths(percent: Decimal) -> Result<i64, String> {
    let mut scaled = percent;
    scaled.rescale(2);
    if scaled.normalize() != percent.normalize() {
        return Err(format!("{percent}% has more than two decimals"));
    }
    i64::try_from(scaled.mantissa()).map_err(|_| format!("{percent}% is out of range"))
}

pub(crate) fn from_hundredths(hundredths: i64) -> Decimal {
    Decimal::new(hundredths, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(amount: &str, code: &str) -> Money {
        let currency = Currency::parse(code).unwrap();
        Money::new(amount.parse().unwrap(), currency).unwrap()
    }

    #[test]
    fn amounts_round_trip_through_minor_units_in_every_precision() {
        for (amount, code, minor) in [
            ("45", "EUR", 4500),
            ("0.01", "EUR", 1),
            ("-5.5", "EUR", -550),
            ("350000", "VND", 350_000),
            ("1.234", "BHD", 1234),
            ("999999999.99", "EUR", 99_999_999_999),
        ] {
            let value = money(amount, code);
            assert_eq!(to_minor(value), Ok(minor), "{amount} {code}");
            assert_eq!(from_minor(minor, value.currency()), Ok(value));
        }
    }

    #[test]
    fn percentages_round_trip_through_hundredths() {
        for (percent, hundredths) in [("12.5", 1250), ("10", 1000), ("99.99", 9999)] {
            let percent: Decimal = percent.parse().unwrap();
            assert_eq!(to_hundredths(percent), Ok(hundredths));
            assert_eq!(from_hundredths(hundredths), percent);
        }
        assert!(to_hundredths("1.234".parse().unwrap()).is_err());
    }
}
