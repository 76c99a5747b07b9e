//! How knowledge text is compared: folded (case and accents), split into words, and
//! matched with tolerance for typos.
//!
//! Customers write "serum", "sérum" and "SERUM" for the same thing and misspell freely,
//! so ranking, FAQ duplicate detection and gap grouping all compare folded words. The
//! hashing embedder in `crates/embed` uses the same folding, so lexical and vector
//! signals agree on what "the same word" is. Domain crates cannot take a Unicode
//! normalisation library, so folding is a table covering Latin scripts (English,
//! Spanish, Italian, French, German, Portuguese, Vietnamese); decomposed accents are
//! dropped as combining marks.

/// Lower-cases and removes accents: "Crème BRÛLÉE" becomes "creme brulee". Characters
/// outside the table (other scripts, digits, punctuation) pass through lower-cased.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            match fold_char(lower) {
                Some(base) => folded.push_str(base),
                None => folded.push(lower),
            }
        }
    }
    folded
}

/// Accented letters and the plain letters they fold to, lower-case only (`fold`
/// lower-cases first).
const FOLDS: &[(&str, &str)] = &[
    ("àáâãäåāăąạảấầẩẫậắằẳẵặǎ", "a"),
    ("çćĉċč", "c"),
    ("ďđ", "d"),
    ("èéêëēĕėęěẹẻẽếềểễệ", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįıỉịǐ", "i"),
    ("ĵ", "j"),
    ("ķ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉ", "n"),
    ("òóôõöøōŏőơọỏốồổỗộớờởỡợǒ", "o"),
    ("ŕŗř", "r"),
    ("śŝşšș", "s"),
    ("ţťŧț", "t"),
    ("ùúûüũūŭůűųưụủứừửữựǔ", "u"),
    ("ŵ", "w"),
    ("ýÿŷỳỵỷỹ", "y"),
    ("źżž", "z"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("œ", "oe"),
    ("þ", "th"),
];

fn fold_char(c: char) -> Option<&'static str> {
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

fn is_combining_mark(c: char) -> bool {
    matches!(
        u32::from(c),
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
    )
}

/// The folded words of a text: runs of letters and digits. Punctuation, hyphens and
/// apostrophes separate words, so "all'acqua" is "all" + "acqua" and "GS-30" is
/// "gs" + "30".
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words that carry meaning: `words` without the most common function words of
/// English, Spanish and Italian. A text made only of such words keeps them all, so
/// "how are you" still has something to compare.
pub fn keywords(text: &str) -> Vec<String> {
    let all = words(text);
    let meaningful: Vec<String> = all.iter().filter(|w| !is_stopword(w)).cloned().collect();
    if meaningful.is_empty() {
        all
    } else {
        meaningful
    }
}

/// Whether a folded word is a function word ("the", "de", "il", ...). Single letters
/// count as such: they are articles ("a", "y", "e") or what elision leaves behind
/// ("what's" gives "s", "l'acqua" gives "l").
pub fn is_stopword(word: &str) -> bool {
    let mut chars = word.chars();
    let single_letter =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    single_letter || STOPWORDS.binary_search(&word).is_ok()
}

/// Sorted, so `is_stopword` can binary-search. English, Spanish, Italian, folded.
const STOPWORDS: &[&str] = &[
    "about", "al", "alla", "alle", "an", "and", "any", "are", "as", "at", "be", "by", "can", "che",
    "ci", "come", "con", "cual", "cuales", "da", "dal", "de", "dei", "del", "della", "delle", "di",
    "do", "does", "el", "en", "es", "esta", "este", "for", "from", "gli", "ha", "have", "hay",
    "how", "il", "in", "is", "it", "la", "las", "le", "lo", "los", "me", "mi", "my", "of", "on",
    "or", "para", "per", "por", "que", "se", "si", "sono", "su", "the", "this", "ti", "to", "tu",
    "un", "una", "uno", "unos", "what", "with", "you", "your",
];

/// Whether two folded words should count as the same word: equal, the same stem
/// ("ship"/"shipping"), a plural ending away ("serum"/"serums", "crema"/"creme" is
/// not), or a typo apart ("shiping"/"shipping").
/// Words with digits match only exactly, because "30ml" and "50ml" are different
/// products.
pub fn words_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.chars().any(|c| c.is_ascii_digit()) || b.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let (stem_a, stem_b) = (stem(a), stem(b));
    if stem_a == stem_b && stem_a.chars().count() >= 4 {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long, ls, ll) = if la <= lb {
        (a, b, la, lb)
    } else {
        (b, a, lb, la)
    };
    if ls >= 4 && ll - ls <= 2 && long.starts_with(short) {
        return true;
    }
    // Short words have too many one-letter neighbours ("red"/"bed") to forgive typos.
    let allowed = match ls {
        0..=4 => return false,
        5..=7 => 1,
        _ => 2,
    };
    ll - ls <= allowed && edit_distance(short, long, allowed) <= allowed
}

/// A light English stem: "-ing", "-ed", "-es", "-s" removed when at least three
/// letters remain, then a doubled final consonant undone ("shipping" → "shipp" →
/// "ship"). Spanish and Italian inflections differ by a letter or two and are caught by
/// the prefix and typo rules instead.
fn stem(word: &str) -> &str {
    let mut stem = word;
    for suffix in ["ings", "ing", "ed", "es", "s"] {
        // "dress", "status", "basis" end in an "s" that is not a plural.
        if suffix == "s" && ["ss", "us", "is"].iter().any(|end| word.ends_with(end)) {
            continue;
        }
        if let Some(rest) = word.strip_suffix(suffix)
            && rest.chars().count() >= 3
        {
            stem = rest;
            break;
        }
    }
    let bytes = stem.as_bytes();
    let n = bytes.len();
    if stem.len() < word.len()
        && n >= 4
        && bytes[n - 1] == bytes[n - 2]
        && bytes[n - 1].is_ascii_alphabetic()
        && !b"aeiouls".contains(&bytes[n - 1])
    {
        return &stem[..n - 1];
    }
    stem
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps
/// of neighbours), giving up once it exceeds `limit`: only "within the limit or not"
/// matters to callers.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut before_previous = vec![0usize; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current = vec![0usize; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before_previous[j - 2] + 1);
            }
            current[j] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut before_previous, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_and_accents_in_latin_scripts() {
        assert_eq!(fold("Crème BRÛLÉE"), "creme brulee");
        assert_eq!(fold("Sérum à l'acide"), "serum a l'acide");
        assert_eq!(fold("Sữa rửa mặt"), "sua rua mat");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("PERCHÉ"), "perche");
        // The same accent typed as a combining mark folds the same way.
        assert_eq!(fold("Se\u{0301}rum"), "serum");
        // Other scripts pass through, lower-cased.
        assert_eq!(fold("Привет"), "привет");
    }

    #[test]
    fn words_split_on_punctuation_and_apostrophes() {
        assert_eq!(
            words("Crema all'acqua di rose, 50ml (GS-30)!"),
            ["crema", "all", "acqua", "di", "rose", "50ml", "gs", "30"]
        );
        assert!(words(" ,.- ").is_empty());
    }

    #[test]
    fn keywords_drop_function_words_unless_nothing_else_is_left() {
        assert_eq!(
            keywords("What is the price of the glow serum?"),
            ["price", "glow", "serum"]
        );
        assert_eq!(keywords("¿Cuál es el precio?"), ["precio"]);
        assert_eq!(
            keywords("Qual è il prezzo della crema"),
            ["qual", "prezzo", "crema"]
        );
        assert_eq!(keywords("how are you"), ["how", "are", "you"]);
    }

    #[test]
    fn stopword_list_is_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_match_forgives_plurals_and_typos_but_not_sizes() {
        assert!(words_match("serum", "serums"));
        assert!(words_match("shiping", "shipping"));
        assert!(words_match("lipstik", "lipstick"));
        assert!(words_match("moisturiser", "moisturizer"));
        assert!(
            words_match("sreum", "serum"),
            "swapped neighbours are one edit"
        );
        assert!(!words_match("30ml", "50ml"));
        assert!(!words_match("red", "bed"));
        assert!(!words_match("serum", "cream"));
        assert!(words_match("ship", "shipping"));
        assert!(words_match("shipped", "ships"));
        assert!(!words_match("new", "news"));
        assert!(words_match("ring", "rings"));
        assert!(words_match("process", "processing"));
    }

    #[test]
    fn stems_undo_common_english_endings() {
        assert_eq!(stem("shipping"), "ship");
        assert_eq!(stem("boxes"), "box");
        assert_eq!(stem("dressed"), "dress");
        assert_eq!(stem("gas"), "gas");
        assert_eq!(stem("process"), "process");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("ring"), "ring");
        assert_eq!(stem("bring"), "bring");
    }

    #[test]
    fn edit_distance_counts_edits_up_to_the_limit() {
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("kitten", "sitting", 1), 2);
        assert_eq!(edit_distance("", "abc", 5), 3);
        assert_eq!(edit_distance("ab", "ba", 2), 1);
    }
}
