//! Text checks shared by the channel values.

/// Length as the platforms count it for their character limits: Unicode scalar
/// values, so an emoji or an Arabic letter counts as one, not as its UTF-8 bytes.
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// A one-line label: trimmed, not empty, no control characters, at most `max` chars.
pub(crate) fn one_line(
    raw: &str,
    field: &'static str,
    max: usize,
) -> Result<String, super::ContactFieldError> {
    use super::ContactFieldError;
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ContactFieldError::Empty(field));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ContactFieldError::ControlCharacter(field));
    }
    if char_len(trimmed) > max {
        return Err(ContactFieldError::TooLong { field, max });
    }
    Ok(trimmed.to_owned())
}

/// Long-form text: line breaks and tabs are fine, other control characters are not.
pub(crate) fn long_form(
    raw: &str,
    field: &'static str,
    max: usize,
) -> Result<String, super::ContactFieldError> {
    use super::ContactFieldError;
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ContactFieldError::Empty(field));
    }
    if has_control_except_whitespace(trimmed) {
        return Err(ContactFieldError::ControlCharacter(field));
    }
    if char_len(trimmed) > max {
        return Err(ContactFieldError::TooLong { field, max });
    }
    Ok(trimmed.to_owned())
}

pub(crate) fn has_control_except_whitespace(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// An absolute http(s) URL with a host and nothing that breaks out of a link
/// (`javascript:`, `data:`, spaces, quotes). Returns the trimmed URL.
pub(crate) fn web_url(raw: &str) -> Option<&str> {
    let trimmed = raw.trim();
    let (scheme, rest) = trimmed.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
    {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with('@') || host.starts_with(':') {
        return None;
    }
    Some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_not_bytes() {
        assert_eq!(
            char_len("👍🏽"),
            2,
            "an emoji with a skin tone is two scalars"
        );
        assert_eq!(char_len("مرحبا"), 5);
        assert_eq!("مرحبا".len(), 10);
    }

    #[test]
    fn only_web_urls_with_hosts() {
        assert_eq!(
            web_url(" https://cdn.example/a.jpg "),
            Some("https://cdn.example/a.jpg")
        );
        assert_eq!(
            web_url("HTTP://localhost:8080/x.png"),
            Some("HTTP://localhost:8080/x.png")
        );
        assert_eq!(web_url("https:///a.jpg"), None);
        assert_eq!(web_url("ftp://x/a"), None);
        assert_eq!(web_url("https://x.example/a b.jpg"), None);
        assert_eq!(web_url("data:image/png;base64,AA"), None);
    }
}
