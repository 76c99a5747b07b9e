//! Text PostgreSQL can store.
//!
//! PostgreSQL refuses U+0000 in `text` and `jsonb` ("\u0000 cannot be converted to
//! text"), and a customer's message is data we do not choose: one NUL in one webhook
//! event would fail the whole batch on every redelivery, and the platform would
//! eventually drop it with the other customers' messages in it. So the store replaces
//! U+0000 with U+FFFD (the replacement character) in what it writes, on both databases
//! alike, so they read back the same. No other character is touched.

use std::borrow::Cow;

use serde_json::Value;

const NUL: char = '\0';
const REPLACEMENT: &str = "\u{FFFD}";

/// `text` with every U+0000 replaced; borrowed when there is none (nearly always).
pub(crate) fn storable_str(text: &str) -> Cow<'_, str> {
    if text.contains(NUL) {
        Cow::Owned(text.replace(NUL, REPLACEMENT))
    } else {
        Cow::Borrowed(text)
    }
}

/// The same, for every string (and object key) in a JSON document.
pub(crate) fn storable_json(value: Value) -> Value {
    match value {
        Value::String(text) if text.contains(NUL) => Value::String(text.replace(NUL, REPLACEMENT)),
        Value::Array(items) => Value::Array(items.into_iter().map(storable_json).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| (storable_str(&key).into_owned(), storable_json(value)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_nul_is_replaced_anywhere_in_the_document() {
        let document = json!({
            "text": "a\u{0}b",
            "nested": [{"caption": "\u{0}"}, 7, null, "שלום 👍🏽\n\t"],
            "k\u{0}": true
        });
        assert_eq!(
            storable_json(document),
            json!({
                "text": "a\u{FFFD}b",
                "nested": [{"caption": "\u{FFFD}"}, 7, null, "שלום 👍🏽\n\t"],
                "k\u{FFFD}": true
            })
        );
        assert!(matches!(storable_str("plain"), Cow::Borrowed("plain")));
        assert_eq!(storable_str("x\u{0}"), "x\u{FFFD}");
    }
}
