//! Text clean-up shared by every format.

use std::borrow::Cow;

/// Line breaks normalised to `\n` (CR LF, CR, form feed, Unicode line and paragraph
/// separators), other control characters and stray BOMs removed, trailing spaces cut,
/// and runs of blank lines reduced to one, so a paragraph break is always exactly
/// one blank line.
pub(crate) fn clean(text: &str) -> String {
    let mut unified = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                unified.push('\n');
            }
            '\n' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}' => unified.push('\n'),
            '\t' => unified.push('\t'),
            '\u{FEFF}' => {}
            c if c.is_control() => {}
            c => unified.push(c),
        }
    }
    let mut out = String::with_capacity(unified.len());
    let mut blank_run = 0usize;
    for line in unified.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// A line of body text that would read as a Markdown heading (`# 1 seller`, `## x`)
/// gets a backslash in front, as Markdown escapes it, so chunking does not open a
/// section there. Any other line is returned as it is.
pub fn escape_heading_like(line: &str) -> Cow<'_, str> {
    let trimmed = line.trim_start();
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    let heading_like = (1..=6).contains(&hashes)
        && trimmed[hashes..].starts_with([' ', '\t'])
        && !trimmed[hashes..]
            .trim()
            .trim_end_matches('#')
            .trim()
            .is_empty();
    if heading_like {
        Cow::Owned(format!("\\{trimmed}"))
    } else {
        Cow::Borrowed(line)
    }
}

/// `# Title` at `level` (1-6), the title on one line.
pub(crate) fn heading(level: usize, title: &str) -> Option<String> {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return None;
    }
    Some(format!("{} {title}", "#".repeat(level.clamp(1, 6))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_are_unified_and_controls_dropped() {
        assert_eq!(
            clean("a\r\nb\rc\u{000C}d\u{2028}e\u{0007}f\u{FEFF}\tg"),
            "a\nb\nc\nd\nef\tg"
        );
    }

    #[test]
    fn blank_runs_become_one_paragraph_break() {
        assert_eq!(
            clean("\n\n one  \n\n\n\n two\n   \nthree\n\n"),
            " one\n\n two\n\nthree"
        );
    }

    #[test]
    fn only_heading_like_lines_are_escaped() {
        assert_eq!(escape_heading_like("# 1 in sales"), "\\# 1 in sales");
        assert_eq!(escape_heading_like("  ### x"), "\\### x");
        assert_eq!(escape_heading_like("#hashtag"), "#hashtag");
        assert_eq!(escape_heading_like("####### seven"), "####### seven");
        assert_eq!(escape_heading_like("# "), "# ");
        assert_eq!(escape_heading_like("plain"), "plain");
    }

    #[test]
    fn headings_are_one_line() {
        assert_eq!(heading(2, " Ship\n ping "), Some("## Ship ping".to_owned()));
        assert_eq!(heading(9, "Deep"), Some("###### Deep".to_owned()));
        assert_eq!(heading(1, "  "), None);
    }
}
