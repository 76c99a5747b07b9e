//! Amounts as integer cents: read from the API's decimal strings and found in reply
//! texts, so "€78.00", "78,00 €" and "78.00" compare equal.

/// `"58.00"`, `"58"`, `"58.5"` as cents; `None` for anything else.
pub fn cents(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 2
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(fraction)
}

pub fn show(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Every amount written next to a euro sign ("€1,234.50", "29,00 €", "29.00 EUR") as
/// cents. Amounts without a currency are not prices (times such as "18.00", sizes).
pub fn euro_amounts(text: &str) -> Vec<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit()
                || (matches!(chars[end], '.' | ',')
                    && chars.get(end + 1).is_some_and(char::is_ascii_digit)))
        {
            end += 1;
        }
        let number: String = chars[start..end].iter().collect();
        if has_euro_around(&chars, start, end)
            && let Some(value) = amount_in(&number)
        {
            found.push(value);
        }
        i = end.max(start + 1);
    }
    found
}

/// The euro sign (or `EUR`) right before or after the number, a space allowed:
/// "€29.00", "29,00 €", "29.00 EUR", but not the "2" of "× 2 — €78.00".
fn has_euro_around(chars: &[char], start: usize, end: usize) -> bool {
    let before = |n: usize| start.checked_sub(n).and_then(|i| chars.get(i)).copied();
    let after: String = chars[end..(end + 4).min(chars.len())].iter().collect();
    before(1) == Some('€')
        || (before(1) == Some(' ') && before(2) == Some('€'))
        || after.starts_with('€')
        || after.starts_with(" €")
        || after.starts_with("EUR")
        || after.starts_with(" EUR")
}

/// "1,234.50" (English) or "1.234,50" (Spanish, Italian) or "29" as cents: the last
/// separator followed by exactly two digits is the decimal one.
fn amount_in(number: &str) -> Option<i64> {
    let last = number.rfind(['.', ',']);
    let (whole, fraction) = match last {
        Some(at) if number.len() - at - 1 == 2 => (&number[..at], &number[at + 1..]),
        _ => (number, ""),
    };
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    cents(&format!("{digits}.{fraction}"))
        .or_else(|| cents(&digits))
        .filter(|_| !digits.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_strings_become_cents() {
        assert_eq!(cents("58.00"), Some(5800));
        assert_eq!(cents("58"), Some(5800));
        assert_eq!(cents("18.5"), Some(1850));
        assert_eq!(cents("0.07"), Some(7));
        assert_eq!(cents("58,00"), None);
        assert_eq!(cents("-3"), None);
        assert_eq!(cents(""), None);
        assert_eq!(show(5850), "58.50");
    }

    #[test]
    fn euro_amounts_in_every_locale() {
        assert_eq!(
            euro_amounts("The Glow Serum is €29.00 (30ml) or €1,039.00 (50ml)."),
            vec![2900, 103_900]
        );
        assert_eq!(
            euro_amounts("Il totale è 78,00 € e 1.234,50 €"),
            vec![7800, 123_450]
        );
        assert_eq!(euro_amounts("Total: 87.00 EUR"), vec![8700]);
        assert_eq!(
            euro_amounts("30ml, 2 units, back at 18.00, call 333 1234"),
            Vec::<i64>::new()
        );
        assert_eq!(euro_amounts("solo €24"), vec![2400]);
        assert_eq!(
            euro_amounts("• Glow Serum (50ml) × 2 — €78.00\nBy variant: 30ml €29.00"),
            vec![7800, 2900]
        );
    }
}
