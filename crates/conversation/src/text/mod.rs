//! Text helpers every analyser shares: folding (case and accents), tokens that remember
//! where they came from, a bounded edit distance and a similarity for whole messages.
//!
//! Chat text is short, misspelt and mixed-case, so everything that compares words
//! compares *folded* words: "Sì", "SI" and "si" are one word here, and the detectors
//! that care about accents (language detection, which tells "sí" from "sì") look at the
//! raw text themselves.

mod distance;
mod fold;
mod similarity;
mod tokens;

pub use distance::{WordMatch, words_match};
pub use fold::{fold, squeeze};
pub use similarity::{containment, similarity};
pub use tokens::{Token, tokenize};

/// How much of a message the analysers read. Customers paste whole emails sometimes; the
/// first few thousand characters say what they want, and the bound keeps a turn fast.
pub const MAX_ANALYSED_CHARS: usize = 2_000;

/// The prefix of `text` the analysers read, cut on a character boundary.
pub fn analysed(text: &str) -> &str {
    match text.char_indices().nth(MAX_ANALYSED_CHARS) {
        Some((index, _)) => &text[..index],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        let long = "è".repeat(MAX_ANALYSED_CHARS + 10);
        assert_eq!(analysed(&long).chars().count(), MAX_ANALYSED_CHARS);
        assert_eq!(analysed("ciao"), "ciao");
    }
}
