//! Street addresses inside a message. Streets are often named after cities ("Via Roma 1",
//! "Calle Madrid 3") and end with a house number, so neither the city nor the number
//! of a street may be read as the shipping city or the quantity.

use crate::text::Token;

/// Words that open a street name ("via Roma", "calle Mayor", "rue de Paris").
const BEFORE_NAME: &[&str] = &[
    "via",
    "viale",
    "corso",
    "piazza",
    "piazzale",
    "largo",
    "vicolo",
    "calle",
    "avenida",
    "avda",
    "paseo",
    "plaza",
    "carrer",
    "camino",
    "rua",
    "rue",
    "boulevard",
    "blvd",
];

/// Words that close a street name ("Main Street", "Oxford Rd").
const AFTER_NAME: &[&str] = &[
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "lane",
    "ln",
    "drive",
    "dr",
    "way",
    "boulevard",
    "blvd",
    "square",
    "sq",
];

/// How many words a street's name may have between its opening word and the number.
const NAME_WORDS: usize = 3;

/// Whether `tokens[start..end]` is (part of) a street's name.
pub(crate) fn in_street_name(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let opened = start > 0 && BEFORE_NAME.contains(&tokens[start - 1].folded.as_str());
    let closed = tokens
        .get(end)
        .is_some_and(|t| AFTER_NAME.contains(&t.folded.as_str()));
    opened || closed
}

/// Whether the number at `i` is a house number: right after a street's name ("Via Roma
/// 1") or right before one ("12 Main Street").
pub(crate) fn is_house_number(tokens: &[Token<'_>], i: usize) -> bool {
    let after_name = (1..=NAME_WORDS + 1)
        .filter_map(|back| i.checked_sub(back))
        .any(|j| BEFORE_NAME.contains(&tokens[j].folded.as_str()));
    let before_name = (i + 1..=(i + NAME_WORDS + 1).min(tokens.len().saturating_sub(1)))
        .any(|j| AFTER_NAME.contains(&tokens[j].folded.as_str()));
    after_name || before_name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn a_city_in_a_street_name_and_its_house_number_are_the_street() {
        let tokens = tokenize("Ship to Milan, Via Roma 1");
        let roma = tokens.iter().position(|t| t.folded == "roma").unwrap();
        let milan = tokens.iter().position(|t| t.folded == "milan").unwrap();
        assert!(in_street_name(&tokens, roma, roma + 1));
        assert!(!in_street_name(&tokens, milan, milan + 1));
        assert!(is_house_number(&tokens, tokens.len() - 1));
    }

    #[test]
    fn a_number_before_a_street_is_a_house_number_and_a_quantity_is_not() {
        let street = tokenize("12 Main Street, London");
        assert!(is_house_number(&street, 0));
        let order = tokenize("I want 2 Glow Serum 50ml");
        let two = order.iter().position(|t| t.folded == "2").unwrap();
        assert!(!is_house_number(&order, two));
    }
}
