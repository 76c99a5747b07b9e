//! Language detection for short chat messages.
//!
//! Each word that is known in a language's lexicon (function words, intent cues,
//! numbers, yes/no, sentiment) is evidence for that language: 1 point, 2 for markers
//! such as "hola" or "grazie". Words known in several languages ("no", "si", "a") count
//! for each, so they never decide alone. Characters add evidence ("ñ", "¿" for Spanish;
//! "è", "ò" for Italian) and, for words no lexicon knows, endings do ("-zione", "-ción",
//! "-ing"). A fourth bucket holds common Portuguese, French and German words, so
//! "quanto custa" or "merci" come out as unknown instead of a wrong guess.
//!
//! The winner needs at least `MIN_EVIDENCE` points and a lead of `MIN_LEAD` over the
//! runner-up; otherwise the message is "unknown". Confidence is
//! `(1 - e^(-best/1.5)) * (best - second) / best`: more evidence and a clearer lead
//! both raise it.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{Language, LanguageDetection};
use crate::lexicon::{Phrase, lexicon};
use crate::text::{Token, analysed, squeeze, tokenize};

const MIN_EVIDENCE: f32 = 0.9;
const MIN_LEAD: f32 = 0.6;

/// Bucket index of "some other language".
const OTHER: usize = 3;

/// Common words of languages we do not answer in.
const OTHER_WORDS: &[&str] = &[
    // Portuguese
    "obrigado",
    "obrigada",
    "você",
    "voce",
    "não",
    "nao",
    "custa",
    "custam",
    "tudo",
    "bem",
    "bom",
    "fazer",
    "preço",
    "preco",
    "quero",
    "tem",
    "estoque",
    "com",
    "um",
    "uma",
    "meu",
    "minha",
    "isso",
    "muito",
    "sim",
    "entrega",
    "olá",
    "oi",
    "vocês",
    "está",
    "pra",
    // French
    "bonjour",
    "merci",
    "combien",
    "prix",
    "je",
    "vous",
    "est",
    "les",
    "des",
    "une",
    "et",
    "pour",
    "avec",
    "oui",
    "pas",
    "ça",
    "coûte",
    "coute",
    "voudrais",
    "acheter",
    "plaît",
    "plait",
    "beaucoup",
    "salut",
    "c'est",
    "livraison",
    // German
    "hallo",
    "danke",
    "wie",
    "viel",
    "kostet",
    "ich",
    "nicht",
    "und",
    "ist",
    "das",
    "der",
    "die",
    "ja",
    "nein",
    "bitte",
    "möchte",
    "kaufen",
    "guten",
    "tag",
    "schön",
];

const OTHER_MARKERS: &[&str] = &[
    "obrigado", "obrigada", "você", "não", "bonjour", "merci", "combien", "danke", "hallo",
    "kostet", "bitte", "custa",
];

/// Word -> points, per bucket (en, es, it, other), keyed by folded and by squeezed form.
struct Tables {
    words: [HashMap<String, f32>; 4],
}

static TABLES: LazyLock<Tables> = LazyLock::new(build_tables);

fn build_tables() -> Tables {
    let mut words: [HashMap<String, f32>; 4] = Default::default();
    for (index, language) in Language::ALL.into_iter().enumerate() {
        let lexicon = lexicon(language);
        let table = &mut words[index];
        let phrases = lexicon
            .intents
            .iter()
            .map(|(_, _, p)| *p)
            .chain(lexicon.numbers.iter().map(|(p, _, _)| *p))
            .chain(lexicon.yes.iter().copied())
            .chain(lexicon.no.iter().copied())
            .chain(lexicon.positive.iter().map(|(p, _)| *p))
            .chain(lexicon.negative.iter().map(|(p, _)| *p))
            .chain(lexicon.frustration.iter().copied())
            .chain(lexicon.stopwords.iter().copied());
        for phrase in phrases {
            add_words(table, phrase, 1.0);
        }
        for marker in lexicon.markers {
            add_words(table, marker, 2.0);
        }
    }
    for word in OTHER_WORDS {
        add_words(&mut words[OTHER], word, 1.0);
    }
    for word in OTHER_MARKERS {
        add_words(&mut words[OTHER], word, 2.0);
    }
    Tables { words }
}

fn add_words(table: &mut HashMap<String, f32>, phrase: &str, points: f32) {
    for word in Phrase::parse(phrase).words() {
        for key in [word.to_owned(), squeeze(word)] {
            let entry = table.entry(key).or_insert(0.0);
            *entry = entry.max(points);
        }
    }
}

/// Detects the language of a whole message.
pub fn detect_language(text: &str) -> LanguageDetection {
    let text = analysed(text);
    detect_tokens(text, &tokenize(text), |_| false)
}

/// Detects the language from `tokens` of `text`, skipping tokens for which `masked` is
/// true (product names: "Crema all'acqua di rose" says nothing about the customer).
pub(crate) fn detect_tokens(
    text: &str,
    tokens: &[Token<'_>],
    masked: impl Fn(usize) -> bool,
) -> LanguageDetection {
    let tables = &*TABLES;
    let mut points = [0.0f32; 4];
    for (index, token) in tokens.iter().enumerate() {
        if masked(index) || token.is_number() {
            continue;
        }
        let mut known = false;
        for (bucket, table) in tables.words.iter().enumerate() {
            let hit = table
                .get(&token.folded)
                .or_else(|| table.get(&squeeze(&token.folded)));
            if let Some(p) = hit {
                points[bucket] += p;
                known = true;
            }
        }
        if !known {
            add_ending_points(&token.folded, &mut points);
        }
    }
    add_character_points(text, &mut points);
    decide(points)
}

fn decide(points: [f32; 4]) -> LanguageDetection {
    let mut ranked: Vec<(usize, f32)> = points.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best_bucket, best) = ranked[0];
    let second = ranked[1].1;
    if best < MIN_EVIDENCE || best - second < MIN_LEAD || best_bucket == OTHER {
        return LanguageDetection::UNKNOWN;
    }
    let evidence = 1.0 - (-best / 1.5).exp();
    let lead = (best - second) / best;
    LanguageDetection {
        language: Language::ALL.get(best_bucket).copied(),
        confidence: (evidence * lead).clamp(0.0, 1.0),
    }
}

/// Letters and punctuation only some of the languages use. Spanish never writes a grave
/// accent, Italian rarely an acute one on a, i, o, u; "ã", "ç", "ü" belong to neither.
fn add_character_points(text: &str, points: &mut [f32; 4]) {
    let mut spanish = 0.0f32;
    let mut italian = 0.0f32;
    let mut other = 0.0f32;
    for c in text.chars() {
        match c {
            'ñ' | 'Ñ' | '¿' | '¡' => spanish += 1.5,
            'á' | 'í' | 'ó' | 'ú' | 'Á' | 'Í' | 'Ó' | 'Ú' => spanish += 0.7,
            'à' | 'è' | 'ì' | 'ò' | 'ù' | 'È' | 'À' => italian += 0.7,
            'ã' | 'õ' | 'ç' | 'ê' | 'â' | 'ô' | 'ü' | 'ö' | 'ä' | 'ß' => other += 1.0,
            _ => {}
        }
    }
    points[1] += spanish.min(3.0);
    points[2] += italian.min(2.1);
    points[OTHER] += other.min(3.0);
}

/// Endings typical of one language, for words none of the lexicons know (a customer's
/// "abbronzatura" or "maquillaje"). Worth little: they only tip a close call.
fn add_ending_points(word: &str, points: &mut [f32; 4]) {
    if word.chars().count() < 4 {
        return;
    }
    const ENDINGS: &[(&str, usize, f32)] = &[
        ("zione", 2, 0.6),
        ("zioni", 2, 0.6),
        ("mente", 1, 0.2),
        ("mente", 2, 0.2),
        ("ggi", 2, 0.4),
        ("cchi", 2, 0.4),
        ("etto", 2, 0.3),
        ("etta", 2, 0.3),
        ("ini", 2, 0.3),
        ("are", 2, 0.2),
        ("ere", 2, 0.2),
        ("ire", 2, 0.2),
        ("cion", 1, 0.6),
        ("ciones", 1, 0.6),
        ("dad", 1, 0.5),
        ("ado", 1, 0.3),
        ("ada", 1, 0.3),
        ("aje", 1, 0.5),
        ("os", 1, 0.3),
        ("as", 1, 0.2),
        ("ar", 1, 0.2),
        ("ing", 0, 0.6),
        ("tion", 0, 0.5),
        ("ness", 0, 0.6),
        ("ly", 0, 0.4),
        ("ght", 0, 0.6),
        ("ed", 0, 0.3),
        ("ful", 0, 0.5),
    ];
    for (ending, bucket, weight) in ENDINGS {
        if word.ends_with(ending) {
            points[*bucket] += weight;
        }
    }
    if word.contains("zz") || word.contains("gli") {
        points[2] += 0.4;
    }
    if word.contains("ll") && word.ends_with('o') {
        points[1] += 0.2;
    }
    if word.contains("th") || word.contains('w') || word.contains("sh") {
        points[0] += 0.4;
    }
}

/// The folded form used by tests to assert table contents.
#[cfg(test)]
fn knows(language: Language, word: &str) -> bool {
    let index = Language::ALL
        .iter()
        .position(|l| *l == language)
        .unwrap_or(0);
    TABLES.words[index].contains_key(&crate::text::fold(word))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn lang(text: &str) -> Option<Language> {
        detect_language(text).language
    }

    #[test]
    fn one_word_greetings_and_thanks_are_enough() {
        assert_eq!(lang("hola"), Some(Language::Spanish));
        assert_eq!(lang("Holaaa!!"), Some(Language::Spanish));
        assert_eq!(lang("ciao"), Some(Language::Italian));
        assert_eq!(lang("graziee"), Some(Language::Italian));
        assert_eq!(lang("thanks"), Some(Language::English));
        assert_eq!(lang("gracias"), Some(Language::Spanish));
    }

    #[test]
    fn short_questions_are_recognised() {
        assert_eq!(lang("ciao quanto costa"), Some(Language::Italian));
        assert_eq!(lang("how much"), Some(Language::English));
        assert_eq!(lang("¿cuánto cuesta?"), Some(Language::Spanish));
        assert_eq!(lang("cuanto cuesta el serum"), Some(Language::Spanish));
        assert_eq!(lang("avete il siero?"), Some(Language::Italian));
        assert_eq!(lang("do you ship to Madrid?"), Some(Language::English));
        assert_eq!(lang("me lo llevo"), Some(Language::Spanish));
        assert_eq!(lang("lo prendo"), Some(Language::Italian));
    }

    #[test]
    fn words_shared_by_spanish_and_italian_do_not_decide() {
        assert_eq!(lang("si"), None);
        assert_eq!(lang("no"), None);
        assert_eq!(lang("ok"), None);
        assert_eq!(lang("50ml"), None);
        assert_eq!(lang(""), None);
        // The accent tells them apart.
        assert_eq!(lang("sì"), Some(Language::Italian));
        assert_eq!(lang("sí"), Some(Language::Spanish));
    }

    #[test]
    fn other_languages_come_out_unknown() {
        assert_eq!(lang("quanto custa"), None);
        assert_eq!(lang("merci beaucoup"), None);
        assert_eq!(lang("wie viel kostet das"), None);
        assert_eq!(lang("obrigada"), None);
    }

    #[test]
    fn confidence_grows_with_evidence() {
        let short = detect_language("hola");
        let long = detect_language("hola, ¿cuánto cuesta el sérum? quiero dos por favor");
        assert!(long.confidence > short.confidence);
        assert!(long.confidence > 0.9);
        assert!(knows(Language::Spanish, "cuánto"));
    }

    proptest! {
        #[test]
        fn detection_never_fails_and_confidence_is_a_probability(text in "\\PC{0,80}") {
            let found = detect_language(&text);
            prop_assert!((0.0..=1.0).contains(&found.confidence));
            prop_assert_eq!(found.language.is_none(), found.confidence == 0.0);
        }
    }
}
