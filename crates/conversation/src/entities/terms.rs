//! Matching terms: words, with a number and its unit joined ("50 ml" -> "50ml"), so
//! sizes compare the same however they are typed.

use crate::text::Token;

/// Units that follow a number in sizes.
const UNITS: &[&str] = &[
    "ml", "g", "gr", "grs", "oz", "l", "cl", "dl", "kg", "mg", "lt", "mm", "cm", "pz", "pcs", "pc",
    "uds", "ud",
];

/// A word of a message or a catalog name, as matched. `first..=last` are the token
/// positions it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    pub text: String,
    pub first: usize,
    pub last: usize,
}

pub(crate) fn terms(tokens: &[Token<'_>]) -> Vec<Term> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let next = tokens.get(i + 1);
        let unit_follows = next
            .is_some_and(|n| UNITS.contains(&n.folded.as_str()) && n.gap_before.trim().is_empty());
        match next {
            Some(unit) if token.is_number() && unit_follows => {
                out.push(Term {
                    text: format!("{}{}", token.folded, unit.folded),
                    first: i,
                    last: i + 1,
                });
                i += 2;
            }
            _ => {
                out.push(Term {
                    text: token.folded.clone(),
                    first: i,
                    last: i,
                });
                i += 1;
            }
        }
    }
    out
}

/// The terms of a catalog name, as plain strings.
pub(crate) fn name_terms(name: &str) -> Vec<String> {
    terms(&crate::text::tokenize(name))
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn numbers_and_units_join() {
        assert_eq!(name_terms("Glow Serum 50 ml"), ["glow", "serum", "50ml"]);
        assert_eq!(name_terms("50ml"), ["50ml"]);
        assert_eq!(name_terms("2 serums"), ["2", "serums"]);
        let message = tokenize("due da 30 ML");
        let found = terms(&message);
        assert_eq!(found[2].text, "30ml");
        assert_eq!((found[2].first, found[2].last), (2, 3));
    }
}
