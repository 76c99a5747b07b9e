//! Cutting a document's text into chunks to embed: about 500-800 tokens each, with
//! about 100 tokens of overlap so a sentence cut at one chunk's end is whole in the
//! next (no overlap where a chunk ends at a heading: the next section starts fresh),
//! breaking where a reader would (before a heading, between paragraphs, at a
//! sentence end) and never inside a heading line. Each chunk keeps the page it starts
//! on and the heading path it falls under ("Shipping > Italy").
//!
//! Tokens are estimated, not counted with a model's tokenizer (the domain knows no
//! tokenizer, and embedders differ): a word is one token, a long word one per six
//! characters. That is close to what BPE and WordPiece tokenizers produce for English,
//! Spanish and Italian prose.

mod layout;
#[cfg(test)]
mod tests;

use kernel::WorkspaceId;
use serde::Serialize;

use crate::{Chunk, DocumentId, ExtractedText};
use layout::{Layout, Word};

/// Chunk sizes, in estimated tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkingOptions {
    min_tokens: usize,
    max_tokens: usize,
    overlap_tokens: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkingOptionsError {
    #[error("max_tokens must be at least {MIN_MAX_TOKENS} (got {0})")]
    MaxTooSmall(usize),
    #[error("min_tokens must be between 1 and max_tokens")]
    MinOutOfRange,
    #[error("overlap_tokens must be below min_tokens and at most half of max_tokens")]
    OverlapTooLarge,
}

/// Words longer than this are cut into pieces, so one "word" (a URL, a base64 blob)
/// is never more than a few tokens and a chunk limit can always be kept.
const WORD_PIECE_CHARS: usize = 60;
/// Smallest sensible `max_tokens`: a few word pieces.
const MIN_MAX_TOKENS: usize = 20;

impl ChunkingOptions {
    pub fn new(
        min_tokens: usize,
        max_tokens: usize,
        overlap_tokens: usize,
    ) -> Result<Self, ChunkingOptionsError> {
        if max_tokens < MIN_MAX_TOKENS {
            return Err(ChunkingOptionsError::MaxTooSmall(max_tokens));
        }
        if min_tokens == 0 || min_tokens > max_tokens {
            return Err(ChunkingOptionsError::MinOutOfRange);
        }
        if overlap_tokens >= min_tokens || overlap_tokens > max_tokens / 2 {
            return Err(ChunkingOptionsError::OverlapTooLarge);
        }
        Ok(Self {
            min_tokens,
            max_tokens,
            overlap_tokens,
        })
    }

    pub fn min_tokens(&self) -> usize {
        self.min_tokens
    }

    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    pub fn overlap_tokens(&self) -> usize {
        self.overlap_tokens
    }

    /// A line starting with `#` longer than this is treated as text, not a heading:
    /// a heading must fit in a chunk with room to spare, since it is never split.
    fn heading_max_tokens(&self) -> usize {
        self.max_tokens / 4
    }
}

impl Default for ChunkingOptions {
    /// 500-800 tokens with 100 of overlap: large enough to hold a policy section whole,
    /// small enough that a chunk is about one topic.
    fn default() -> Self {
        Self {
            min_tokens: 500,
            max_tokens: 800,
            overlap_tokens: 100,
        }
    }
}

/// A chunk before it belongs to a stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChunkDraft {
    pub position: u32,
    pub text: String,
    pub page: Option<u32>,
    pub section: Option<String>,
    pub tokens: usize,
}

impl ChunkDraft {
    pub fn into_chunk(self, workspace_id: WorkspaceId, document_id: DocumentId) -> Chunk {
        Chunk {
            workspace_id,
            document_id,
            position: self.position,
            text: self.text,
            page: self.page,
            section: self.section,
        }
    }
}

/// Estimated tokens of a text (see the module documentation).
pub fn estimate_tokens(text: &str) -> usize {
    text.split_whitespace().map(word_tokens).sum()
}

fn word_tokens(word: &str) -> usize {
    word.chars().count().div_ceil(6).max(1)
}

/// Cuts extracted text into chunks, in reading order, positions from 0. Blank text
/// gives no chunks.
pub fn chunk_text(text: &ExtractedText, options: &ChunkingOptions) -> Vec<ChunkDraft> {
    let layout = Layout::read(text, options.heading_max_tokens());
    windows(&layout.words, options)
        .into_iter()
        .zip(0u32..)
        .map(|((start, end), position)| {
            let words = &layout.words[start..end];
            ChunkDraft {
                position,
                text: render(words),
                page: words.first().and_then(|w| w.page),
                section: words
                    .first()
                    .and_then(|w| w.section)
                    .and_then(|s| layout.sections.get(s).cloned()),
                tokens: words.iter().map(|w| w.tokens).sum(),
            }
        })
        .collect()
}

fn render(words: &[Word]) -> String {
    let mut text = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            text.push_str(word.gap.separator());
        }
        text.push_str(&word.text);
    }
    text
}

/// How good a place it is to end a chunk before word `at`: 0 never (inside a heading
/// line), 1 poor (right after a heading, which would leave it orphaned), then
/// mid-sentence, sentence or line end, paragraph end, and best: before a heading.
fn boundary_score(words: &[Word], at: usize) -> u8 {
    let (before, after) = (&words[at - 1], &words[at]);
    if before.heading.is_some() && before.heading == after.heading {
        0
    } else if after.heading.is_some() {
        5
    } else if before.heading.is_some() {
        1
    } else if after.gap == layout::Gap::Paragraph {
        4
    } else if after.gap == layout::Gap::Line || before.ends_sentence {
        3
    } else {
        2
    }
}

/// The chunks as half-open ranges of word indexes: the first starts at 0, the last ends
/// at the last word, and each starts after the previous one starts and no later than
/// it ends.
fn windows(words: &[Word], options: &ChunkingOptions) -> Vec<(usize, usize)> {
    let mut prefix = Vec::with_capacity(words.len() + 1);
    prefix.push(0usize);
    for word in words {
        prefix.push(prefix[prefix.len() - 1] + word.tokens);
    }
    let mut result = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let end = choose_end(words, &prefix, start, options);
        result.push((start, end));
        if end == words.len() {
            break;
        }
        start = next_start(words, &prefix, start, end, options);
    }
    result
}

fn choose_end(words: &[Word], prefix: &[usize], start: usize, options: &ChunkingOptions) -> usize {
    let n = words.len();
    let tokens = |end: usize| prefix[end] - prefix[start];
    if tokens(n) <= options.max_tokens {
        return n;
    }
    // The furthest end within the limit (at least one word, even an oversized one) and
    // the nearest end that reaches the minimum.
    let hi = (start + 1..=n)
        .take_while(|&end| tokens(end) <= options.max_tokens)
        .last()
        .unwrap_or(start + 1);
    let lo = (start + 1..=hi)
        .find(|&end| tokens(end) >= options.min_tokens)
        .unwrap_or(hi);
    let best = |range: std::ops::Range<usize>| {
        range
            .filter(|&end| end < n)
            .map(|end| (boundary_score(words, end), end))
            .filter(|(score, _)| *score > 0)
            .max()
            .map(|(_, end)| end)
    };
    best(lo..hi + 1)
        .or_else(|| best(start + 1..lo))
        .unwrap_or(hi)
}

fn next_start(
    words: &[Word],
    prefix: &[usize],
    start: usize,
    end: usize,
    options: &ChunkingOptions,
) -> usize {
    // A cut before a heading loses no context: the next section starts fresh.
    if words[end].heading.is_some() {
        return end;
    }
    let overlap = |from: usize| prefix[end] - prefix[from];
    // The earliest start within the overlap budget...
    let mut next = (start + 1..=end)
        .find(|&from| overlap(from) <= options.overlap_tokens)
        .unwrap_or(end);
    // ...moved to where a sentence or line begins, if one is in the overlap, so the
    // next chunk does not open mid-sentence.
    if let Some(clean) = (next..end).find(|&at| at > 0 && boundary_score(words, at) >= 3) {
        next = clean;
    }
    let inside_heading = |at: usize| {
        at > 0
            && at < words.len()
            && words[at].heading.is_some()
            && words[at - 1].heading == words[at].heading
    };
    // Never open inside a heading line: take the whole heading, or none of it when
    // that would not move past the previous start.
    let mut back = next;
    while inside_heading(back) {
        back -= 1;
    }
    if back > start {
        return back;
    }
    while next < end && inside_heading(next) {
        next += 1;
    }
    next
}
