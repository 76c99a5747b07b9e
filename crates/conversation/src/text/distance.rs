//! Typo tolerance: is a word the keyword, give or take one slip of the finger?

use super::fold::squeeze;

/// How a customer's word matched a keyword; each kind discounts the evidence it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WordMatch {
    /// One edit away ("pirce" for "price", "prezo" for "prezzo").
    Typo,
    /// Equal once stretched letters are collapsed ("holaaa", "graziee").
    Stretched,
    Exact,
}

impl WordMatch {
    /// How much of a keyword's weight a match of this kind earns. A typo could also be a
    /// different real word ("older" for "order"), so it earns less than an exact match.
    pub fn quality(self) -> f32 {
        match self {
            WordMatch::Exact => 1.0,
            WordMatch::Stretched => 0.95,
            WordMatch::Typo => 0.8,
        }
    }
}

/// Keywords this long tolerate any single edit; shorter ones only a swap of two
/// neighbouring letters ("mcuh"), because one edit turns most short words into other
/// real words ("cost" and "cast", "hola" and "hora").
const ANY_EDIT_FROM: usize = 5;
const SWAP_FROM: usize = 4;

/// Compares a folded message word with a folded keyword. Words with digits never match
/// loosely: "30ml" is one edit from "50ml" and means something else.
pub fn words_match(word: &str, keyword: &str) -> Option<WordMatch> {
    if word == keyword {
        return Some(WordMatch::Exact);
    }
    if word.is_empty() || keyword.is_empty() {
        return None;
    }
    if has_digit(word) || has_digit(keyword) || word.len().abs_diff(keyword.len()) > 2 {
        return None;
    }
    // Stretched letters keep the first letter; skip the two allocations otherwise.
    if word.chars().next() == keyword.chars().next() && squeeze(word) == squeeze(keyword) {
        return Some(WordMatch::Stretched);
    }
    let length = keyword.chars().count();
    if length >= ANY_EDIT_FROM && within_one_edit(word, keyword) {
        return Some(WordMatch::Typo);
    }
    if length >= SWAP_FROM && is_adjacent_swap(word, keyword) {
        return Some(WordMatch::Typo);
    }
    None
}

fn has_digit(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
}

/// Optimal-string-alignment distance of at most one: one insertion, deletion,
/// substitution, or swap of two neighbouring characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return within_one_edit_of(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    within_one_edit_of(&a, &b)
}

fn within_one_edit_of<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    match a.len().abs_diff(b.len()) {
        0 => {
            let mut differing = (0..a.len()).filter(|&i| a[i] != b[i]);
            match (differing.next(), differing.next(), differing.next()) {
                (None, _, _) | (Some(_), None, _) => true,
                (Some(i), Some(j), None) => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => {
            let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
            let prefix = short
                .iter()
                .zip(long.iter())
                .take_while(|(x, y)| x == y)
                .count();
            short[prefix..] == long[prefix + 1..]
        }
        _ => false,
    }
}

fn is_adjacent_swap(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() != b.len() {
        return false;
    }
    let differing: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(differing.as_slice(), [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn one_edit_of_any_kind_is_tolerated_on_long_keywords() {
        assert_eq!(words_match("price", "price"), Some(WordMatch::Exact));
        assert_eq!(words_match("pirce", "price"), Some(WordMatch::Typo));
        // A doubled letter typed once reads like a stretched one.
        assert_eq!(words_match("prezo", "prezzo"), Some(WordMatch::Stretched));
        assert_eq!(words_match("prexzo", "prezzo"), Some(WordMatch::Typo));
        assert_eq!(words_match("precioo", "precio"), Some(WordMatch::Stretched));
        assert_eq!(
            words_match("disponibile", "disponible"),
            Some(WordMatch::Typo)
        );
        assert_eq!(words_match("prize", "price"), Some(WordMatch::Typo));
        assert_eq!(words_match("prices", "price"), Some(WordMatch::Typo));
        assert_eq!(words_match("priced", "pricing"), None);
    }

    #[test]
    fn short_keywords_only_forgive_a_swap() {
        assert_eq!(words_match("mcuh", "much"), Some(WordMatch::Typo));
        assert_eq!(words_match("cast", "cost"), None);
        assert_eq!(words_match("hora", "hola"), None);
        assert_eq!(words_match("hi", "ho"), None);
    }

    #[test]
    fn words_with_digits_match_only_exactly() {
        assert_eq!(words_match("30ml", "50ml"), None);
        assert_eq!(words_match("50ml", "50ml"), Some(WordMatch::Exact));
    }

    proptest! {
        #[test]
        fn within_one_edit_is_symmetric(a in "[a-e]{0,6}", b in "[a-e]{0,6}") {
            prop_assert_eq!(within_one_edit(&a, &b), within_one_edit(&b, &a));
        }

        #[test]
        fn deleting_or_swapping_one_letter_stays_within_one_edit(word in "[a-z]{2,10}", at in 0usize..10) {
            let chars: Vec<char> = word.chars().collect();
            let i = at % chars.len();
            let mut deleted = chars.clone();
            deleted.remove(i);
            prop_assert!(within_one_edit(&word, &deleted.iter().collect::<String>()));
            if i + 1 < chars.len() {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                prop_assert!(within_one_edit(&word, &swapped.iter().collect::<String>()));
            }
        }

        #[test]
        fn two_substitutions_are_not_one_edit(word in "[a-m]{4,10}") {
            // Replace the first and last letters with letters the word cannot contain.
            let mut chars: Vec<char> = word.chars().collect();
            let last = chars.len() - 1;
            chars[0] = 'x';
            chars[last] = 'z';
            prop_assert!(!within_one_edit(&word, &chars.iter().collect::<String>()));
        }
    }
}
