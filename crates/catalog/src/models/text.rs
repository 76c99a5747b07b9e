//! Helpers shared by the text values: how long a text is to a person, and which
//! characters never belong in a name.

/// Length as a person counts it: combining marks (the tone marks of Vietnamese typed in
/// decomposed form, for example) do not add a character. We cannot normalise Unicode
/// without a new dependency, so "Sữa" counts 3 whether it arrived composed or decomposed.
pub(crate) fn visible_length(text: &str) -> usize {
    text.chars().filter(|c| !is_combining_mark(*c)).count()
}

fn is_combining_mark(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
    )
}

/// Control characters break one-line labels in chats and CSV files.
pub(crate) fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Like `has_control`, but line breaks and tabs are fine in long-form text.
pub(crate) fn has_control_except_whitespace(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// How two names are compared for "the same thing": case-insensitive, with runs of
/// whitespace collapsed, so "Glow  serum" matches "Glow Serum".
pub(crate) fn match_key(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_and_composed_vietnamese_count_the_same() {
        let composed = "S\u{1EEF}a";
        let decomposed = "Su\u{031B}\u{0303}a";
        assert_eq!(visible_length(composed), 3);
        assert_eq!(visible_length(decomposed), 3);
    }

    #[test]
    fn match_keys_ignore_case_and_spacing() {
        assert_eq!(match_key("  Glow   SERUM "), "glow serum");
        assert_eq!(match_key("Crème Brûlée"), match_key("CRÈME  BRÛLÉE"));
    }

    #[test]
    fn long_form_text_may_break_lines_but_names_may_not() {
        assert!(has_control("a\nb"));
        assert!(!has_control_except_whitespace("a\nb\tc"));
        assert!(has_control_except_whitespace("a\u{0007}b"));
    }
}
