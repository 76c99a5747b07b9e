//! Case and accent folding, so "Sérum", "SERUM" and "serum" compare equal.

/// Lower-cases and strips the accents of Latin letters. Combining marks (accents typed
/// as separate code points) are dropped, so composed and decomposed input fold alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Folds one character; `None` for a combining mark, which folding drops.
pub fn fold_char(c: char) -> Option<char> {
    if is_combining_mark(c) {
        return None;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(strip_accent(lower))
}

/// Collapses every run of one repeated letter: "hiii" and "hii" both become "hi". Used
/// as a second chance when an exact word does not match ("graziee", "holaa"), never as
/// the first comparison, because it also turns "good" into "god".
pub fn squeeze(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if Some(c) != last || c.is_ascii_digit() {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

fn push_folded(c: char, out: &mut String) {
    match fold_char(c) {
        Some('ß') => out.push_str("ss"),
        Some(folded) => out.push(folded),
        None => {}
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F)
}

/// The base letter of the accented Latin letters our languages (and their neighbours')
/// use. Anything else is kept as it is.
fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' => 's',
        'ť' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn folds_case_and_accents_in_our_languages() {
        assert_eq!(fold("Sérum ÉCLAT"), "serum eclat");
        assert_eq!(fold("¿Cuánto cuesta el Niño?"), "¿cuanto cuesta el nino?");
        assert_eq!(fold("Perché È così"), "perche e cosi");
        // "e" followed by a combining acute accent folds like the composed "é".
        assert_eq!(fold("cre\u{0301}me"), fold("crème"));
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn squeeze_collapses_stretched_letters_but_not_digits() {
        assert_eq!(squeeze("hiiii"), "hi");
        assert_eq!(squeeze("holaaa"), "hola");
        assert_eq!(squeeze("1000"), "1000");
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(text in "\\PC{0,40}") {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
