//! HTML: parsed by html5ever (through `scraper`) exactly as a browser would, including
//! broken markup, then walked without recursion (a page nested 100,000 deep cannot
//! overflow the stack). Scripts, styles and other non-content elements are skipped;
//! `h1`-`h6` become `#` lines, block elements paragraphs, `li` items `- ` lines,
//! table rows cells joined by ` | `, and `pre` keeps its line breaks.

use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use knowledge::ExtractError;
use scraper::{Html, Node};

use crate::lines::{escape_heading_like, heading};
use crate::text::decode;

/// Elements whose content is never text a reader sees.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "canvas", "iframe", "object",
    "embed", "audio", "video", "select", "button", "nav",
];

/// Elements that stand on their own lines, separated from the text around them by a
/// blank line.
const PARAGRAPHS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "table",
    "form",
    "fieldset",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "hr",
    "body",
];

/// Elements that start a new line without a blank one.
const LINES: &[&str] = &["li", "dt", "dd", "tr", "br", "caption", "option"];

/// Deeper nesting is refused before parsing: building a tree checks the stack of
/// open elements at every tag, so a page of nothing but `<div>`s costs time that grows
/// with the square of its depth. Browsers stop nesting at the same depth.
pub(crate) const MAX_DEPTH: usize = 512;

pub(crate) fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    let source = decode(bytes, "an HTML page", declared_charset(bytes))?;
    let depth = nesting_depth(&source);
    if depth > MAX_DEPTH {
        return Err(ExtractError::Corrupt {
            format: "HTML page",
            detail: format!("its elements are nested more than {MAX_DEPTH} deep"),
        });
    }
    let document = Html::parse_document(&source);
    let mut writer = Writer::default();
    // The page title stands in for a main heading when the page has none.
    let has_h1 = document
        .tree
        .values()
        .any(|node| matches!(node, Node::Element(e) if e.name() == "h1"));
    if !has_h1 && let Some(title) = page_title(&document) {
        writer.lines.push(title);
        writer.lines.push(String::new());
    }
    let mut skipping = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if skipping > 0 || SKIPPED.contains(&name) {
                        skipping += 1;
                        continue;
                    }
                    writer.open(name);
                }
                Node::Text(text) if skipping == 0 => writer.text(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    if skipping > 0 {
                        skipping -= 1;
                        continue;
                    }
                    writer.close(element.name());
                }
            }
        }
    }
    writer.paragraph();
    while writer.lines.last().is_some_and(String::is_empty) {
        writer.lines.pop();
    }
    Ok(writer.lines.join("\n"))
}

/// `<meta charset="...">` or `content="...; charset=..."` in the first kilobytes, for
/// pages that are not UTF-8.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out: the parser closes them itself, so they do
/// not nest when unclosed.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// The deepest nesting of elements that must be closed, from a scan of the tags (a
/// close tag pops one level): a bound on the depth the parser will build, without
/// parsing. Stops counting once past `MAX_DEPTH`.
fn nesting_depth(source: &str) -> usize {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut at = 0usize;
    while let Some(offset) = bytes[at..].iter().position(|b| *b == b'<') {
        at += offset + 1;
        if bytes[at..].starts_with(b"!--") {
            at = find(bytes, at, b"-->").unwrap_or(bytes.len());
            continue;
        }
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = if closing { at + 1 } else { at };
        let name_length = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_length == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = source[name_start..name_start + name_length].to_ascii_lowercase();
        let tag_end = find(bytes, name_start, b">").unwrap_or(bytes.len());
        let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        at = (tag_end + 1).min(bytes.len());
        if VOID.contains(&name.as_str()) || OPTIONAL_END.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if self_closing {
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let end = format!("</{name}");
            at = find_ignoring_case(source, at, &end).unwrap_or(bytes.len());
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
        if deepest > MAX_DEPTH {
            break;
        }
    }
    deepest
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

fn find_ignoring_case(source: &str, from: usize, needle: &str) -> Option<usize> {
    source
        .as_bytes()
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
        .map(|i| from + i)
}

fn page_title(document: &Html) -> Option<String> {
    let title = document
        .tree
        .nodes()
        .find(|node| matches!(node.value(), Node::Element(e) if e.name() == "title"))?;
    let text: String = title
        .descendants()
        .filter_map(|node| match node.value() {
            Node::Text(text) => Some(&**text),
            _ => None,
        })
        .collect();
    heading(1, &text)
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    line: String,
    pending_space: bool,
    /// The level of the heading being read, if any.
    heading: Option<usize>,
    pre: usize,
    /// Cells of the table rows being read, innermost last.
    rows: Vec<Vec<String>>,
    /// Where each open cell's text starts in `line`.
    cell_starts: Vec<usize>,
}

impl Writer {
    fn open(&mut self, name: &str) {
        if let Some(level) = heading_level(name) {
            self.paragraph();
            self.heading = Some(level);
        } else if name == "tr" {
            self.end_line();
            self.rows.push(Vec::new());
        } else if matches!(name, "td" | "th") {
            self.pending_space = false;
            self.cell_starts.push(self.line.len());
        } else if PARAGRAPHS.contains(&name) {
            self.paragraph();
            if name == "pre" {
                self.pre += 1;
            }
        } else if LINES.contains(&name) {
            self.end_line();
            if name == "li" {
                self.line.push_str("- ");
            }
        }
    }

    fn close(&mut self, name: &str) {
        if heading_level(name).is_some() {
            self.paragraph();
        } else if matches!(name, "td" | "th") {
            let start = self.cell_starts.pop().unwrap_or(0).min(self.line.len());
            let cell = self.line.split_off(start);
            let cell = cell.trim().to_owned();
            self.pending_space = !self.line.trim().is_empty();
            if let Some(row) = self.rows.last_mut() {
                row.push(cell);
            } else {
                self.line.push_str(&cell);
            }
        } else if name == "tr" {
            let cells = self.rows.pop().unwrap_or_default();
            let joined = cells
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" | ");
            self.write_words(&joined);
            self.end_line();
        } else if PARAGRAPHS.contains(&name) {
            self.paragraph();
            if name == "pre" {
                self.pre = self.pre.saturating_sub(1);
            }
        } else if LINES.contains(&name) {
            self.end_line();
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 && self.heading.is_none() {
            let mut parts = text.split('\n');
            if let Some(first) = parts.next() {
                self.line.push_str(first);
            }
            for part in parts {
                self.end_line();
                self.line.push_str(part);
            }
            return;
        }
        self.write_words(text);
    }

    /// Adds text with its white space collapsed, as a browser shows it.
    fn write_words(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = !self.line.is_empty();
                continue;
            }
            if self.pending_space && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            self.pending_space = false;
            self.line.push(c);
        }
    }

    fn end_line(&mut self) {
        if !self.cell_starts.is_empty() {
            // Inside a table cell a line break is a space: the row stays one line.
            self.pending_space = !self.line.is_empty();
            return;
        }
        let line = std::mem::take(&mut self.line);
        self.pending_space = false;
        // Preformatted text keeps its indentation.
        let text = if self.pre > 0 {
            line.trim_end()
        } else {
            line.trim()
        };
        if text.trim().is_empty() || text == "-" {
            return;
        }
        match self.heading.take() {
            Some(level) => {
                if let Some(h) = heading(level, text) {
                    self.lines.push(h);
                }
            }
            None => self.lines.push(escape_heading_like(text).into_owned()),
        }
    }

    /// Ends the current line and leaves a blank one, once.
    fn paragraph(&mut self) {
        self.end_line();
        self.heading = None;
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }
}

fn heading_level(name: &str) -> Option<usize> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(source: &str) -> String {
        extract(source.as_bytes()).unwrap()
    }

    #[test]
    fn headings_paragraphs_and_lists_keep_their_shape() {
        let page = r#"<!doctype html><html><head><title>Glow</title>
            <style>body { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><nav><a href="/">Home</a></nav>
            <h1>Shipping   &amp; Returns</h1>
            <p>We ship <b>everywhere</b>
               in Italy.</p><p>Returns take 14&nbsp;days.</p>
            <h2>Costs</h2><ul><li>Italy: free</li><li>EU: 9 &euro;</li></ul>
            <noscript>Enable JS</noscript></body></html>"#;
        assert_eq!(
            html(page),
            "# Shipping & Returns\n\nWe ship everywhere in Italy.\n\nReturns take 14 days.\n\n\
             ## Costs\n\n- Italy: free\n- EU: 9 €"
        );
    }

    #[test]
    fn tables_become_rows_of_cells_and_pre_keeps_lines() {
        let page = "<table><tr><th>Size</th><th>Price</th></tr><tr><td>50 ml</td><td>45 €</td></tr></table>\
                    <pre>line one\n  line two</pre>";
        assert_eq!(
            html(page),
            "Size | Price\n50 ml | 45 €\n\nline one\n  line two"
        );
    }

    #[test]
    fn broken_markup_still_reads() {
        assert_eq!(html("<p>one<p>two<h3>three"), "one\n\ntwo\n\n### three");
        assert_eq!(html("<div>unclosed <b>bold"), "unclosed bold");
    }

    #[test]
    fn body_text_that_looks_like_a_heading_is_escaped() {
        assert_eq!(html("<p># 1 in Milan</p>"), "\\# 1 in Milan");
    }

    #[test]
    fn nesting_as_deep_as_browsers_allow_is_read() {
        let page = format!(
            "{}deep{}",
            "<div><span>".repeat(MAX_DEPTH / 2),
            "</span></div>".repeat(MAX_DEPTH / 2)
        );
        assert_eq!(html(&page), "deep");
        // Unclosed paragraphs and list items do not nest, whatever their number.
        let flat = format!("<ul>{}</ul>", "<li>item<p>text".repeat(5_000));
        assert!(extract(flat.as_bytes()).is_ok());
    }

    #[test]
    fn deeper_nesting_is_refused_at_once() {
        let started = std::time::Instant::now();
        let bomb = "<div>".repeat(2_000_000);
        let err = extract(bomb.as_bytes()).unwrap_err();
        assert_eq!(err.code(), "corrupt_file");
        assert!(
            err.to_string().contains("nested more than 512 deep"),
            "{err}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Tags inside comments and scripts are not elements.
        let quoted = format!(
            "<!-- {} --><script>var s = '{}';</script><p>ok</p>",
            "<div>".repeat(1_000),
            "<div>".repeat(1_000)
        );
        assert_eq!(html(&quoted), "ok");
    }

    #[test]
    fn a_declared_legacy_charset_is_honoured() {
        let page =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xE9</p></body></html>";
        assert_eq!(extract(page).unwrap(), "café");
    }

    #[test]
    fn binary_named_html_is_refused() {
        assert_eq!(
            extract(b"\x00\x01PK\x03\x04"),
            Err(ExtractError::Binary {
                expected: "an HTML page"
            })
        );
    }
}
