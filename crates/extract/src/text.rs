//! Plain text and Markdown: decoding bytes into text, and telling text from binary.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use knowledge::ExtractError;

use crate::lines::escape_heading_like;

/// Invalid UTF-8 with more bytes above 0x7F than this (per mille) is not a legacy
/// single-byte text (those are mostly ASCII) but binary data.
const HIGH_BYTES_PER_MILLE_MAX: usize = 300;
/// Decoded text with more control or replacement characters than this (per mille)
/// is binary data that happened to decode.
const SUSPICIOUS_PER_MILLE_MAX: usize = 50;

pub(crate) fn plain(bytes: &[u8]) -> Result<String, ExtractError> {
    decode(bytes, "plain text", None)
}

pub(crate) fn markdown(bytes: &[u8]) -> Result<String, ExtractError> {
    let text = decode(bytes, "Markdown", None)?;
    Ok(normalize_markdown(&text))
}

/// Text out of bytes that should be text: a BOM decides the encoding when there is
/// one (UTF-8, UTF-16 LE/BE); otherwise UTF-8, else `fallback` (a charset the file
/// declared) or Windows-1252, which decodes Latin-1 too. NUL bytes, invalid UTF-8 that
/// is mostly high bytes, and text full of control characters are binary.
pub(crate) fn decode(
    bytes: &[u8],
    expected: &'static str,
    fallback: Option<&'static Encoding>,
) -> Result<String, ExtractError> {
    let binary = || ExtractError::Binary { expected };
    let text = if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_length..];
        if encoding == UTF_8 {
            decode_unmarked(body, fallback).ok_or_else(binary)?
        } else {
            encoding
                .decode_without_bom_handling_and_without_replacement(body)
                .ok_or_else(binary)?
                .into_owned()
        }
    } else {
        if bytes.contains(&0) {
            return Err(binary());
        }
        decode_unmarked(bytes, fallback).ok_or_else(binary)?
    };
    let total = text.chars().count().max(1);
    let suspicious = text
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{000C}' | '\u{001B}'))
                || *c == '\u{FFFD}'
        })
        .count();
    if suspicious * 1000 > total * SUSPICIOUS_PER_MILLE_MAX {
        return Err(binary());
    }
    Ok(text)
}

fn decode_unmarked(bytes: &[u8], fallback: Option<&'static Encoding>) -> Option<String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    if high * 1000 > bytes.len() * HIGH_BYTES_PER_MILLE_MAX {
        return None;
    }
    let encoding = fallback.filter(|e| *e != UTF_8).unwrap_or(WINDOWS_1252);
    Some(encoding.decode_without_bom_handling(bytes).0.into_owned())
}

/// Markdown as chunking reads it: YAML front matter dropped, setext headings
/// (`Title` over `===` or `---`) rewritten as `#` lines, and `#` lines inside fenced
/// code escaped (a shell comment is not a heading).
fn normalize_markdown(text: &str) -> String {
    let body = strip_front_matter(text);
    let mut out: Vec<String> = Vec::new();
    // The fence character and length of the open code block, if any.
    let mut fence: Option<(char, usize)> = None;
    // Whether the last line written is a one-line paragraph, which an underline
    // would make a heading.
    let mut paragraph_line = false;
    let mut previous_blank = true;
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some(marker) = fence_marker(trimmed) {
            match fence {
                Some((c, n))
                    if marker.0 == c
                        && marker.1 >= n
                        && trimmed.trim_start_matches(c).trim().is_empty() =>
                {
                    fence = None
                }
                Some(_) => {}
                None => fence = Some(marker),
            }
            out.push(line.to_owned());
            paragraph_line = false;
            previous_blank = false;
            continue;
        }
        if fence.is_some() {
            out.push(escape_heading_like(line).into_owned());
            continue;
        }
        if paragraph_line && let Some(level) = setext_level(trimmed) {
            if let Some(title) = out.pop() {
                out.push(format!("{} {}", "#".repeat(level), title.trim()));
            }
            paragraph_line = false;
            previous_blank = false;
            continue;
        }
        paragraph_line = previous_blank && is_paragraph_text(trimmed);
        previous_blank = trimmed.is_empty();
        out.push(line.to_owned());
    }
    out.join("\n")
}

fn strip_front_matter(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return &rest[offset..];
        }
    }
    text
}

fn fence_marker(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = trimmed.chars().take_while(|x| *x == c).count();
    (count >= 3).then_some((c, count))
}

fn setext_level(trimmed: &str) -> Option<usize> {
    let c = trimmed.chars().next()?;
    let all_same = trimmed.len() >= 2 && trimmed.chars().all(|x| x == c);
    match c {
        '=' if all_same => Some(1),
        '-' if all_same => Some(2),
        _ => None,
    }
}

/// A line that can be a setext heading's title: text, not a heading, list item,
/// quote, table row or thematic break.
fn is_paragraph_text(trimmed: &str) -> bool {
    !trimmed.is_empty()
        && !trimmed.starts_with(['#', '>', '|', '-', '*', '+', '='])
        && !trimmed
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary(expected: &'static str) -> ExtractError {
        ExtractError::Binary { expected }
    }

    #[test]
    fn utf8_with_or_without_a_bom() {
        assert_eq!(plain("Crème brûlée".as_bytes()).unwrap(), "Crème brûlée");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("¿Envían a Milán?".as_bytes());
        assert_eq!(plain(&with_bom).unwrap(), "¿Envían a Milán?");
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Hé".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(plain(&le).unwrap(), "Hé");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Hé".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(plain(&be).unwrap(), "Hé");
        // An odd number of bytes after the BOM is not UTF-16.
        assert_eq!(plain(&[0xFF, 0xFE, 0x41]), Err(binary("plain text")));
    }

    #[test]
    fn legacy_latin_text_is_read_as_windows_1252() {
        // "Il café costa 5€ – per tutti." in Windows-1252.
        let bytes = b"Il caf\xE9 costa 5\x80 \x96 per tutti.";
        assert_eq!(plain(bytes).unwrap(), "Il café costa 5€ – per tutti.");
    }

    #[test]
    fn binary_data_is_refused() {
        // PNG signature and header: NUL bytes.
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        assert_eq!(plain(png), Err(binary("plain text")));
        // No NUL, but mostly high bytes: not a legacy text either.
        let noise: Vec<u8> = (0..2000u32)
            .map(|i| (i * 7919 % 251 + 1) as u8 | 0x80)
            .collect();
        assert_eq!(markdown(&noise), Err(binary("Markdown")));
        // Valid UTF-8 full of control characters.
        let controls = "a\u{1}\u{2}\u{3}b\u{4}\u{5}\u{6}".repeat(50);
        assert_eq!(plain(controls.as_bytes()), Err(binary("plain text")));
    }

    #[test]
    fn a_few_stray_controls_do_not_make_text_binary() {
        let text = format!("{}\u{7}", "Real text. ".repeat(20));
        assert!(plain(text.as_bytes()).is_ok());
    }

    #[test]
    fn markdown_setext_headings_become_hash_lines() {
        let md = "Shipping\n========\n\nWe ship.\n\nItaly\n-----\nTwo days.\n\n---\n\n- item\n---";
        assert_eq!(
            markdown(md.as_bytes()).unwrap(),
            "# Shipping\n\nWe ship.\n\n## Italy\nTwo days.\n\n---\n\n- item\n---"
        );
    }

    #[test]
    fn markdown_code_is_not_read_as_headings() {
        let md = "# Install\n```sh\n# fetch the deps\nmake\n```\n## Run\n~~~\n## still code\n~~~";
        assert_eq!(
            markdown(md.as_bytes()).unwrap(),
            "# Install\n```sh\n\\# fetch the deps\nmake\n```\n## Run\n~~~\n\\## still code\n~~~"
        );
    }

    #[test]
    fn markdown_front_matter_is_dropped() {
        let md = "---\ntitle: Guide\ntags: [a]\n---\n# Guide\nBody";
        assert_eq!(markdown(md.as_bytes()).unwrap(), "# Guide\nBody");
        // A thematic break at the top with no closing marker is kept.
        assert_eq!(markdown(b"---\nBody").unwrap(), "---\nBody");
    }
}
