//! The words and phrases the analysers look for, per language.
//!
//! Each language file is plain data (`Lexicon`): intent cues with weights, number
//! words, yes/no, sentiment, negators, frustration and escalation phrases, location
//! markers, ordinal references, function words. `compiled()` folds and parses it once
//! per process, so a turn only compares already-folded words.
//!
//! Weights of intent cues (see `crate::intents::score` for how they become confidences):
//! - 2.5 and up: the phrase alone says it ("where is my order", "talk to a human", "eczema");
//! - about 2: a strong keyword ("price", "refund", "ingredients");
//! - 1 to 1.5: a keyword that usually means it ("available", "i want");
//! - below 1: a hint that only helps another cue ("actually", "my order").

mod en;
mod es;
mod it;
mod phrase;

use std::sync::LazyLock;

pub(crate) use phrase::{Looseness, Phrase, PhraseMatch};

use crate::intents::Intent;
use crate::language::Language;

/// When a number word counts as a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberUse {
    /// "two", "dos", "tre": always a quantity.
    Always,
    /// A real word elsewhere ("once" in English, "due" in English): only when the message
    /// is in this lexicon's language.
    OwnLanguageOnly,
    /// Also an article or another word ("one", "una", "sei" = "you are"): only next to a
    /// product, after a buying word, alone, or when we just asked how many.
    NeedsContext,
}

/// An ordinal reference to something listed before ("the first one", "l'ultimo").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ordinal {
    Nth(u8),
    Last,
}

/// Everything one language contributes. Phrases are written naturally (accents,
/// apostrophes) and folded when compiled; a trailing `*` makes a word a prefix.
pub(crate) struct Lexicon {
    /// Function words: evidence of the language, never part of a product match.
    pub stopwords: &'static [&'static str],
    /// Words that nearly prove the language ("hola", "grazie"): double evidence.
    pub markers: &'static [&'static str],
    pub intents: &'static [(Intent, f32, &'static str)],
    pub numbers: &'static [(&'static str, u32, NumberUse)],
    /// Words before a number that make it a quantity ("take", "quiero", "prendo").
    pub quantity_cues: &'static [&'static str],
    pub yes: &'static [&'static str],
    pub no: &'static [&'static str],
    pub negators: &'static [&'static str],
    pub intensifiers: &'static [&'static str],
    pub positive: &'static [(&'static str, f32)],
    pub negative: &'static [(&'static str, f32)],
    pub frustration: &'static [&'static str],
    pub escalation: &'static [&'static str],
    /// Words after which a place name is a shipping location ("to", "a", "in").
    pub location_markers: &'static [&'static str],
    /// Phrases that make a location a shipping location even without a marker.
    pub shipping_cues: &'static [&'static str],
    pub ordinals: &'static [(&'static str, Ordinal)],
    /// "this one", "quello": the product being talked about.
    pub demonstratives: &'static [&'static str],
    /// "number", "opción": followed by a digit, a reference to a listed option.
    pub option_words: &'static [&'static str],
    /// Everyday shop-chat words one typo away from a cue ("color" from "dolor", "stuff"
    /// from "staff"): known words, so never read as typos.
    pub common: &'static [&'static str],
}

pub(crate) fn lexicon(language: Language) -> &'static Lexicon {
    match language {
        Language::English => &en::LEXICON,
        Language::Spanish => &es::LEXICON,
        Language::Italian => &it::LEXICON,
    }
}

/// One intent cue, ready to match.
pub(crate) struct IntentCue {
    pub intent: Intent,
    pub weight: f32,
    pub language: Language,
    pub phrase: Phrase,
}

/// A lexicon with its phrases folded and parsed.
pub(crate) struct Compiled {
    pub numbers: Vec<(Phrase, u32, NumberUse)>,
    pub quantity_cues: Vec<Phrase>,
    pub yes: Vec<Phrase>,
    pub no: Vec<Phrase>,
    pub negators: Vec<Phrase>,
    pub intensifiers: Vec<Phrase>,
    pub positive: Vec<(Phrase, f32)>,
    pub negative: Vec<(Phrase, f32)>,
    pub frustration: Vec<Phrase>,
    pub escalation: Vec<Phrase>,
    pub location_markers: Vec<Phrase>,
    pub shipping_cues: Vec<Phrase>,
    pub ordinals: Vec<(Phrase, Ordinal)>,
    pub demonstratives: Vec<Phrase>,
    pub option_words: Vec<Phrase>,
}

fn phrases(raw: &[&str]) -> Vec<Phrase> {
    raw.iter().map(|p| Phrase::parse(p)).collect()
}

fn compile(lexicon: &Lexicon) -> Compiled {
    Compiled {
        numbers: lexicon
            .numbers
            .iter()
            .map(|(p, n, usage)| (Phrase::parse(p), *n, *usage))
            .collect(),
        quantity_cues: phrases(lexicon.quantity_cues),
        yes: phrases(lexicon.yes),
        no: phrases(lexicon.no),
        negators: phrases(lexicon.negators),
        intensifiers: phrases(lexicon.intensifiers),
        positive: lexicon
            .positive
            .iter()
            .map(|(p, w)| (Phrase::parse(p), *w))
            .collect(),
        negative: lexicon
            .negative
            .iter()
            .map(|(p, w)| (Phrase::parse(p), *w))
            .collect(),
        frustration: phrases(lexicon.frustration),
        escalation: phrases(lexicon.escalation),
        location_markers: phrases(lexicon.location_markers),
        shipping_cues: phrases(lexicon.shipping_cues),
        ordinals: lexicon
            .ordinals
            .iter()
            .map(|(p, o)| (Phrase::parse(p), *o))
            .collect(),
        demonstratives: phrases(lexicon.demonstratives),
        option_words: phrases(lexicon.option_words),
    }
}

static COMPILED: LazyLock<[Compiled; 3]> = LazyLock::new(|| {
    [
        compile(&en::LEXICON),
        compile(&es::LEXICON),
        compile(&it::LEXICON),
    ]
});

/// Every intent cue of every language, heaviest first (the classifier lets a heavy cue
/// claim its words before a lighter cue of the same intent can count them again).
static INTENT_CUES: LazyLock<Vec<IntentCue>> = LazyLock::new(|| {
    let mut cues: Vec<IntentCue> = Language::ALL
        .into_iter()
        .flat_map(|language| {
            lexicon(language)
                .intents
                .iter()
                .map(move |(intent, weight, raw)| IntentCue {
                    intent: *intent,
                    weight: *weight,
                    language,
                    phrase: Phrase::parse(raw),
                })
        })
        .filter(|cue| !cue.phrase.is_empty())
        .collect();
    cues.sort_by(|a, b| {
        b.weight
            .total_cmp(&a.weight)
            .then_with(|| b.phrase.len().cmp(&a.phrase.len()))
    });
    cues
});

pub(crate) fn compiled(language: Language) -> &'static Compiled {
    let index = match language {
        Language::English => 0,
        Language::Spanish => 1,
        Language::Italian => 2,
    };
    &COMPILED[index]
}

pub(crate) fn intent_cues() -> &'static [IntentCue] {
    &INTENT_CUES
}

/// Every word of every lexicon, folded. A word customers really use is not a typo of
/// another one: "cosa" must not match "costa", so typo tolerance skips known words.
static VOCABULARY: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let mut words = std::collections::HashSet::new();
    for language in Language::ALL {
        let l = lexicon(language);
        let phrases = l
            .intents
            .iter()
            .map(|(_, _, p)| *p)
            .chain(l.numbers.iter().map(|(p, _, _)| *p))
            .chain(l.positive.iter().map(|(p, _)| *p))
            .chain(l.negative.iter().map(|(p, _)| *p))
            .chain(l.ordinals.iter().map(|(p, _)| *p))
            .chain(
                [
                    l.stopwords,
                    l.markers,
                    l.quantity_cues,
                    l.yes,
                    l.no,
                    l.negators,
                    l.intensifiers,
                    l.frustration,
                    l.escalation,
                    l.location_markers,
                    l.shipping_cues,
                    l.demonstratives,
                    l.option_words,
                    l.common,
                ]
                .into_iter()
                .flat_map(|group| group.iter().copied()),
            );
        for phrase in phrases {
            words.extend(Phrase::parse(phrase).words().map(str::to_owned));
        }
    }
    words
});

pub(crate) fn is_known_word(folded: &str) -> bool {
    VOCABULARY.contains(folded)
}

/// Function words of every language, folded: never evidence of a product.
static ALL_STOPWORDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    Language::ALL
        .into_iter()
        .flat_map(|l| lexicon(l).stopwords.iter())
        .map(|w| crate::text::fold(w))
        .collect()
});

pub(crate) fn is_stopword(folded: &str) -> bool {
    ALL_STOPWORDS.contains(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lexicon_phrase_parses_to_words() {
        for language in Language::ALL {
            let lexicon = lexicon(language);
            for (_, weight, raw) in lexicon.intents {
                assert!(
                    !Phrase::parse(raw).is_empty(),
                    "{language}: empty cue {raw:?}"
                );
                assert!(
                    *weight > 0.0 && *weight <= 3.5,
                    "{language}: weight of {raw:?}"
                );
            }
            let groups = [
                lexicon.yes,
                lexicon.no,
                lexicon.negators,
                lexicon.frustration,
                lexicon.escalation,
                lexicon.location_markers,
                lexicon.stopwords,
                lexicon.markers,
            ];
            for raw in groups.iter().flat_map(|g| g.iter()) {
                assert!(
                    !Phrase::parse(raw).is_empty(),
                    "{language}: empty phrase {raw:?}"
                );
            }
        }
    }

    #[test]
    fn every_intent_but_unknown_has_cues_in_every_language() {
        for language in Language::ALL {
            for intent in Intent::ALL {
                let has = lexicon(language)
                    .intents
                    .iter()
                    .any(|(i, _, _)| *i == intent);
                assert_eq!(has, intent != Intent::Unknown, "{language} {intent}");
            }
        }
    }

    #[test]
    fn numbers_one_to_twenty_exist_in_every_language() {
        for language in Language::ALL {
            for n in 1..=20 {
                assert!(
                    lexicon(language).numbers.iter().any(|(_, v, _)| *v == n),
                    "{language} lacks {n}"
                );
            }
        }
    }
}
