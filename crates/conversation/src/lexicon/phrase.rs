//! Lexicon phrases ("how much", "dov'è il mio ordine", "disponib*") and how they are
//! found among a message's tokens.

use crate::text::{Token, WordMatch, fold, words_match};

/// One word of a phrase; `prefix` words ("disponib*") match any word they start;
/// `wide` words may come a few words after the previous one ("what does ... do").
#[derive(Debug, Clone, PartialEq, Eq)]
struct PhraseWord {
    text: String,
    prefix: bool,
    wide: bool,
}

/// How far a word written after "..." may be from the previous one.
const WIDE_GAP: usize = 3;

/// A phrase of one or more folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    words: Vec<PhraseWord>,
}

/// Where a phrase was found: token positions `start..end`, and how well it matched
/// (the weakest word decides: a phrase with one typo is a phrase with a typo).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PhraseMatch {
    pub start: usize,
    pub end: usize,
    pub quality: f32,
}

/// How loosely a phrase may be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Looseness {
    /// Words the customer may put between two words of the phrase ("where is *the*
    /// order"). A phrase widens it where it says "..." ("what does ... do").
    pub max_gap: usize,
    /// Whether words may match with a typo or stretched letters.
    pub typos: bool,
}

impl Looseness {
    pub const EXACT: Looseness = Looseness {
        max_gap: 0,
        typos: false,
    };
    pub const TIGHT: Looseness = Looseness {
        max_gap: 0,
        typos: true,
    };
    pub const LOOSE: Looseness = Looseness {
        max_gap: 1,
        typos: true,
    };
}

impl Phrase {
    /// Folds the phrase and splits it on spaces and apostrophes, as messages are split.
    pub(crate) fn parse(raw: &str) -> Phrase {
        let mut words = Vec::new();
        let mut wide = false;
        for piece in fold(raw).split(|c: char| !(c.is_alphanumeric() || c == '*' || c == '.')) {
            if piece.is_empty() {
                continue;
            }
            if piece.chars().all(|c| c == '.') {
                wide = true;
                continue;
            }
            let piece = piece.trim_matches('.');
            let (text, prefix) = match piece.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (piece, false),
            };
            if text.is_empty() {
                continue;
            }
            words.push(PhraseWord {
                text: text.to_owned(),
                prefix,
                wide,
            });
            wide = false;
        }
        Phrase { words }
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The plain words of the phrase (prefix stems included), for vocabularies.
    pub(crate) fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| w.text.as_str())
    }

    /// The best occurrence of the phrase: highest quality, then earliest.
    pub(crate) fn find(&self, tokens: &[Token<'_>], looseness: Looseness) -> Option<PhraseMatch> {
        let mut best: Option<PhraseMatch> = None;
        for start in 0..tokens.len() {
            if let Some(found) = self.match_at(tokens, start, looseness)
                && best.is_none_or(|b| found.quality > b.quality)
            {
                best = Some(found);
            }
        }
        best
    }

    /// Every non-overlapping occurrence, left to right.
    pub(crate) fn find_all(&self, tokens: &[Token<'_>], looseness: Looseness) -> Vec<PhraseMatch> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < tokens.len() {
            match self.match_at(tokens, start, looseness) {
                Some(m) => {
                    start = m.end;
                    found.push(m);
                }
                None => start += 1,
            }
        }
        found
    }

    /// The phrase starting exactly at `start`, its later words each within `max_gap`
    /// tokens of the previous one.
    fn match_at(
        &self,
        tokens: &[Token<'_>],
        start: usize,
        looseness: Looseness,
    ) -> Option<PhraseMatch> {
        let (first, rest) = self.words.split_first()?;
        let mut quality = word_quality(&tokens.get(start)?.folded, first, looseness.typos)?;
        let mut position = start;
        for word in rest {
            let gap = if word.wide {
                WIDE_GAP
            } else {
                looseness.max_gap
            };
            let window_end = (position + 2 + gap).min(tokens.len());
            let (next, q) = (position + 1..window_end).find_map(|i| {
                word_quality(&tokens[i].folded, word, looseness.typos).map(|q| (i, q))
            })?;
            quality = quality.min(q);
            position = next;
        }
        Some(PhraseMatch {
            start,
            end: position + 1,
            quality,
        })
    }
}

fn word_quality(token: &str, word: &PhraseWord, typos: bool) -> Option<f32> {
    if word.prefix {
        if token.starts_with(word.text.as_str()) {
            return Some(1.0);
        }
    } else if token == word.text {
        return Some(1.0);
    }
    // Typo checks are the slow path: only for words of a plausible length, and never
    // for a real word of our lexicons, which is what the customer meant, not a typo of
    // another.
    if !typos || !plausible_typo(token, &word.text, word.prefix) || super::is_known_word(token) {
        return None;
    }
    if word.prefix {
        return prefix_quality(token, &word.text, true);
    }
    words_match(token, &word.text).map(WordMatch::quality)
}

/// Cheap length test before any typo comparison: a typo (or stretched doubles) changes
/// a word's length by at most two.
fn plausible_typo(token: &str, word: &str, prefix: bool) -> bool {
    let (t, w) = (token.len(), word.len());
    if prefix {
        t + 1 >= w
    } else {
        t.abs_diff(w) <= 2
    }
}

/// A stem matches the words it starts ("disponib" in "disponibilidad"); long stems also
/// match with one typo in the stem ("dispnib...").
fn prefix_quality(token: &str, stem: &str, typos: bool) -> Option<f32> {
    if token.starts_with(stem) {
        return Some(1.0);
    }
    let stem_length = stem.chars().count();
    if !typos || stem_length < 5 {
        return None;
    }
    let token_chars: Vec<char> = token.chars().collect();
    (stem_length.saturating_sub(1)..=stem_length + 1)
        .filter(|&n| n <= token_chars.len())
        .map(|n| token_chars[..n].iter().collect::<String>())
        .find_map(|head| words_match(&head, stem).filter(|m| *m == WordMatch::Typo))
        .map(WordMatch::quality)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn find(phrase: &str, text: &str, looseness: Looseness) -> Option<PhraseMatch> {
        Phrase::parse(phrase).find(&tokenize(text), looseness)
    }

    #[test]
    fn phrases_allow_a_few_words_in_between_when_loose() {
        let found = find(
            "what does ... do",
            "what does the glow serum do?",
            Looseness::LOOSE,
        );
        assert_eq!(found.map(|m| (m.start, m.end)), Some((0, 6)));
        assert!(
            find(
                "what does do",
                "what does the glow serum do?",
                Looseness::LOOSE
            )
            .is_none()
        );
        assert!(
            find(
                "where is my order",
                "where is my last order",
                Looseness::LOOSE
            )
            .is_some()
        );
        assert!(
            find(
                "where is my order",
                "where is my last order",
                Looseness::TIGHT
            )
            .is_none()
        );
        assert!(find("how much", "how much", Looseness::EXACT).is_some());
    }

    #[test]
    fn apostrophes_split_phrases_like_messages() {
        let found = find(
            "dov'è il mio ordine",
            "Dov'e il mio ordine??",
            Looseness::LOOSE,
        );
        assert_eq!(found.map(|m| m.quality), Some(1.0));
    }

    #[test]
    fn stems_and_typos_lower_the_quality() {
        assert_eq!(
            find("disponib*", "¿está disponible?", Looseness::LOOSE).map(|m| m.quality),
            Some(1.0)
        );
        let typo = find("how much", "how mcuh is it", Looseness::LOOSE);
        assert_eq!(typo.map(|m| m.quality), Some(0.8));
        assert!(find("how much", "how mcuh is it", Looseness::EXACT).is_none());
        assert!(find("disponib*", "dispinibile", Looseness::LOOSE).is_some());
    }

    #[test]
    fn find_all_returns_non_overlapping_occurrences() {
        let phrase = Phrase::parse("ok");
        assert_eq!(
            phrase
                .find_all(&tokenize("ok ok, fine ok"), Looseness::EXACT)
                .len(),
            3
        );
    }
}
