//! How alike two messages are, for "the customer is asking the same thing again".

use std::collections::HashSet;

use super::fold::fold;

/// Dice coefficient over character trigrams of the folded, punctuation-free text, in
/// 0..1. Trigrams rather than words so "how much is the glow serum??" and "how much is
/// glow serum" still score high, and a typo changes a few trigrams instead of a word.
pub fn similarity(a: &str, b: &str) -> f32 {
    let a = trigrams(&normalise(a));
    let b = trigrams(&normalise(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    (2 * shared) as f32 / (a.len() + b.len()) as f32
}

/// How much of `part` (its trigrams) appears in `whole`, in 0..1: an earlier question
/// asked again with more words around it ("where is my order?? this is ridiculous").
pub fn containment(part: &str, whole: &str) -> f32 {
    let part = trigrams(&normalise(part));
    let whole = trigrams(&normalise(whole));
    if part.is_empty() {
        return 0.0;
    }
    part.intersection(&whole).count() as f32 / part.len() as f32
}

fn normalise(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn trigrams(text: &str) -> HashSet<[char; 3]> {
    let padded: Vec<char> = format!(" {text} ").chars().collect();
    padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_question_reworded_slightly_is_similar() {
        let a = "how much is the glow serum??";
        let b = "How much is the Glow Serum";
        assert!(similarity(a, b) > 0.95);
        assert!(similarity("quanto costa il siero glow", "quanto costa il siero glow?") > 0.95);
        assert!(similarity("how much is the glow serum", "do you ship to Madrid") < 0.3);
        assert_eq!(similarity("", "anything"), 0.0);
        assert!(
            containment(
                "where is my order",
                "where is my order?? this is ridiculous"
            ) > 0.95
        );
        assert!(containment("where is my order", "what is your name") < 0.5);
    }
}
