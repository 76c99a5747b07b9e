//! The sentiment score of one message.

use super::{Sentiment, SentimentReading};
use crate::language::Language;
use crate::lexicon::{Looseness, PhraseMatch, compiled};
use crate::text::{Token, analysed, tokenize};

const NEGATION_REACH: usize = 3;
/// "not good" is nearly "bad"; "not bad" is only mildly good.
const NEGATED_POSITIVE: f32 = -0.8;
const NEGATED_NEGATIVE: f32 = -0.4;
const INTENSIFIED_FACTOR: f32 = 1.5;
const SHOUTING_FACTOR: f32 = 1.4;
const SCALE: f32 = 3.0;

const POSITIVE_EMOJI: &[char] = &[
    '😍', '❤', '😊', '💕', '💖', '🥰', '😘', '👍', '🙏', '✨', '🤩', '😁', '😃', '🙂', '💗', '😻',
    '🥳', '💯',
];
const NEGATIVE_EMOJI: &[char] = &[
    '😡', '😠', '🤬', '😤', '😞', '😢', '😭', '👎', '💔', '😒', '🙄', '😩', '😫',
];

pub fn analyse_sentiment(text: &str) -> SentimentReading {
    let text = analysed(text);
    let tokens = tokenize(text);
    // Words shared by two languages ("terrible", "problema") count once: every match,
    // longest first, claims its words.
    let mut matches: Vec<(PhraseMatch, f32)> = Vec::new();
    for language in Language::ALL {
        let lexicon = compiled(language);
        let polar = lexicon
            .positive
            .iter()
            .map(|(p, w)| (p, *w))
            .chain(lexicon.negative.iter().map(|(p, w)| (p, -*w)));
        for (phrase, weight) in polar {
            for m in phrase.find_all(&tokens, Looseness::TIGHT) {
                matches.push((m, weight));
            }
        }
    }
    matches.sort_by_key(|(m, _)| std::cmp::Reverse(m.end - m.start));
    let mut claimed = vec![false; tokens.len()];
    let mut sum = 0.0f32;
    for (m, weight) in matches {
        if claimed[m.start..m.end].iter().any(|c| *c) {
            continue;
        }
        for c in &mut claimed[m.start..m.end] {
            *c = true;
        }
        sum += weight * m.quality * modifier(&tokens, m, weight > 0.0);
    }
    for c in text.chars() {
        if POSITIVE_EMOJI.contains(&c) {
            sum += 1.0;
        } else if NEGATIVE_EMOJI.contains(&c) {
            sum -= 1.5;
        }
    }
    let exclamations = text.chars().filter(|c| *c == '!').count().min(3) as f32;
    sum *= 1.0 + 0.15 * exclamations;
    if is_shouting(text) {
        sum = if sum < 0.0 {
            sum * SHOUTING_FACTOR
        } else if sum == 0.0 {
            -1.0
        } else {
            sum
        };
    }
    let score = (sum / SCALE).tanh();
    SentimentReading {
        sentiment: Sentiment::from_score(score),
        score,
    }
}

/// Negation flips (and weakens); an intensifier right before strengthens.
fn modifier(tokens: &[Token<'_>], m: PhraseMatch, positive: bool) -> f32 {
    let mut factor = 1.0;
    if m.start > 0 && is_any(tokens, m.start - 1, |l| &compiled(l).intensifiers) {
        factor *= INTENSIFIED_FACTOR;
    }
    let mut i = m.start;
    for _ in 0..NEGATION_REACH {
        if i == 0 || tokens[i].gap_before.contains([',', '.', ';', '!', '?']) {
            break;
        }
        i -= 1;
        if is_any(tokens, i, |l| &compiled(l).negators) {
            factor *= if positive {
                NEGATED_POSITIVE
            } else {
                NEGATED_NEGATIVE
            };
            break;
        }
    }
    factor
}

fn is_any(
    tokens: &[Token<'_>],
    i: usize,
    group: impl Fn(Language) -> &'static Vec<crate::lexicon::Phrase>,
) -> bool {
    Language::ALL.into_iter().any(|l| {
        group(l)
            .iter()
            .any(|p| p.len() == 1 && p.find(&tokens[i..=i], Looseness::EXACT).is_some())
    })
}

/// Mostly capitals over enough letters to mean it ("WHERE IS MY ORDER").
pub(crate) fn is_shouting(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 8 && upper * 10 >= letters.len() * 8
}
