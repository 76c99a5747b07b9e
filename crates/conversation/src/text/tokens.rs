//! Words of a message, folded for comparison and tied back to the original text.

use super::fold::fold_char;

/// One word of a message. Apostrophes split words ("dov'è" is "dov" + "è", "I'd" is
/// "i" + "d"), which is what the lexicons expect in all three languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word as the customer typed it.
    pub raw: &'a str,
    /// Lower-cased, accents stripped, stretched letters ("hiiii") cut to one.
    pub folded: String,
    /// Byte offsets of `raw` in the message.
    pub start: usize,
    pub end: usize,
    /// The text between the previous token and this one (spaces, punctuation).
    pub gap_before: &'a str,
}

impl Token<'_> {
    pub fn is_number(&self) -> bool {
        self.folded.chars().all(|c| c.is_ascii_digit())
    }

    /// Whether the customer wrote it with a capital ("Milano"), a hint for place names.
    pub fn is_capitalised(&self) -> bool {
        self.raw.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits a message into words: runs of letters, digits and combining marks.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start = None;
    let mut previous_end = 0;
    for (index, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || matches!(u32::from(c), 0x0300..=0x036F);
        match (in_word, start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                tokens.push(token(text, previous_end, from, index));
                previous_end = index;
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        tokens.push(token(text, previous_end, from, text.len()));
    }
    tokens
}

fn token(text: &str, previous_end: usize, start: usize, end: usize) -> Token<'_> {
    let raw = &text[start..end];
    Token {
        raw,
        folded: shorten_stretches(raw),
        start,
        end,
        gap_before: &text[previous_end..start],
    }
}

/// Folds a word and cuts runs of three or more equal letters to one ("hiiii" -> "hi",
/// "sooo" -> "so"); doubled letters stay ("good", "prezzo"), digits are never touched.
fn shorten_stretches(raw: &str) -> String {
    let folded: Vec<char> = raw.chars().filter_map(fold_char).collect();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < folded.len() {
        let c = folded[i];
        let run = folded[i..].iter().take_while(|&&d| d == c).count();
        let keep = if run >= 3 && !c.is_ascii_digit() {
            1
        } else {
            run
        };
        for _ in 0..keep {
            out.push(c);
        }
        i += run;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn splits_on_punctuation_and_apostrophes() {
        assert_eq!(
            words("Dov'è il mio ordine?"),
            ["dov", "e", "il", "mio", "ordine"]
        );
        assert_eq!(
            words("I'd like 2x Glow-Serum!!"),
            ["i", "d", "like", "2x", "glow", "serum"]
        );
        assert_eq!(words("¿Cuánto cuesta?"), ["cuanto", "cuesta"]);
    }

    #[test]
    fn tokens_point_back_into_the_message() {
        let text = "Ship to Milano please";
        let tokens = tokenize(text);
        assert_eq!(&text[tokens[2].start..tokens[2].end], "Milano");
        assert!(tokens[2].is_capitalised());
        assert!(!tokens[0].is_number());
    }

    #[test]
    fn stretched_letters_are_cut_but_digits_and_doubles_kept() {
        assert_eq!(words("hiiiii sooo good 1000"), ["hi", "so", "good", "1000"]);
    }
}
