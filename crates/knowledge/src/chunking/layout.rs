//! Extracted text read into words, each knowing its page, its heading path, whether it
//! belongs to a heading line and what separates it from the word before.

use crate::ExtractedText;

use super::{WORD_PIECE_CHARS, word_tokens};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    Start,
    Space,
    Line,
    Paragraph,
}

impl Gap {
    pub(super) fn separator(self) -> &'static str {
        match self {
            Gap::Start => "",
            Gap::Space => " ",
            Gap::Line => "\n",
            Gap::Paragraph => "\n\n",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) tokens: usize,
    /// What separates this word from the previous one.
    pub(super) gap: Gap,
    pub(super) page: Option<u32>,
    /// Index into `Layout::sections` of the heading path in force.
    pub(super) section: Option<usize>,
    /// The heading line this word is part of (a running count), if any.
    pub(super) heading: Option<usize>,
    pub(super) ends_sentence: bool,
}

#[derive(Debug, Default)]
pub(super) struct Layout {
    pub(super) words: Vec<Word>,
    /// Heading paths such as "Shipping > Italy", one per heading line, in order.
    pub(super) sections: Vec<String>,
}

impl Layout {
    pub(super) fn read(text: &ExtractedText, heading_max_tokens: usize) -> Self {
        let mut layout = Layout::default();
        let mut path: Vec<(usize, String)> = Vec::new();
        let mut section = None;
        let mut headings = 0usize;
        let mut pending = Gap::Start;
        for block in &text.blocks {
            if !layout.words.is_empty() {
                pending = Gap::Paragraph;
            }
            for line in block.text.lines() {
                let line = line.trim();
                if line.is_empty() {
                    if !layout.words.is_empty() {
                        pending = Gap::Paragraph;
                    }
                    continue;
                }
                let heading = parse_heading(line).filter(|(_, title)| {
                    title.split_whitespace().map(word_tokens).sum::<usize>() <= heading_max_tokens
                });
                let (content, heading_line) = match heading {
                    Some((level, title)) => {
                        while path.last().is_some_and(|(l, _)| *l >= level) {
                            path.pop();
                        }
                        path.push((level, title.to_owned()));
                        let joined: Vec<&str> = path.iter().map(|(_, t)| t.as_str()).collect();
                        layout.sections.push(joined.join(" > "));
                        section = Some(layout.sections.len() - 1);
                        headings += 1;
                        (title, Some(headings))
                    }
                    None => (line, None),
                };
                let line_gap = if layout.words.is_empty() {
                    Gap::Start
                } else if heading_line.is_some() {
                    Gap::Paragraph
                } else {
                    pending
                };
                for (k, piece) in pieces(content).enumerate() {
                    layout.words.push(Word {
                        tokens: word_tokens(&piece),
                        ends_sentence: ends_sentence(&piece),
                        text: piece,
                        gap: if k == 0 { line_gap } else { Gap::Space },
                        page: block.page,
                        section,
                        heading: heading_line,
                    });
                }
                pending = Gap::Line;
            }
        }
        layout
    }
}

/// `## Title` gives `(2, "Title")`; levels 1-6, a space after the marks, a title after.
fn parse_heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let title = rest.trim().trim_end_matches('#').trim();
    (!title.is_empty()).then_some((level, title))
}

/// The whitespace-separated words of a line, long ones cut into pieces.
fn pieces(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split_whitespace().flat_map(|word| {
        let chars: Vec<char> = word.chars().collect();
        chars
            .chunks(WORD_PIECE_CHARS)
            .map(|piece| piece.iter().collect::<String>())
            .collect::<Vec<_>>()
    })
}

fn ends_sentence(word: &str) -> bool {
    word.trim_end_matches(['"', '\'', ')', '»', '”', '’'])
        .ends_with(['.', '!', '?', '…', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_need_marks_a_space_and_a_title() {
        assert_eq!(parse_heading("## Shipping ##"), Some((2, "Shipping")));
        assert_eq!(parse_heading("#hashtag"), None);
        assert_eq!(parse_heading("####### seven"), None);
        assert_eq!(parse_heading("# "), None);
    }

    #[test]
    fn heading_paths_follow_levels() {
        let text = ExtractedText::plain(
            "# Policies\n## Shipping\nText.\n## Returns\n### Italy\nMore.\n# FAQ\nEnd",
        );
        let layout = Layout::read(&text, 50);
        assert_eq!(
            layout.sections,
            [
                "Policies",
                "Policies > Shipping",
                "Policies > Returns",
                "Policies > Returns > Italy",
                "FAQ"
            ]
        );
        let more = layout.words.iter().find(|w| w.text == "More.").unwrap();
        assert_eq!(
            layout.sections[more.section.unwrap()],
            "Policies > Returns > Italy"
        );
    }

    #[test]
    fn long_words_are_cut_and_gaps_recorded() {
        let text = ExtractedText::paged(["one two\nthree\n\nfour", &"x".repeat(130)]);
        let layout = Layout::read(&text, 50);
        let gaps: Vec<Gap> = layout.words.iter().map(|w| w.gap).collect();
        assert_eq!(
            gaps,
            [
                Gap::Start,
                Gap::Space,
                Gap::Line,
                Gap::Paragraph,
                Gap::Paragraph,
                Gap::Space,
                Gap::Space
            ]
        );
        assert_eq!(layout.words[4].text.len(), 60);
        assert_eq!(layout.words[6].text.len(), 10);
        assert_eq!(layout.words[6].page, Some(2));
        assert_eq!(layout.words[4].tokens, 10);
    }
}
