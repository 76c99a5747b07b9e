//! Words that say what to do with the cart: add another line, take one out, cancel.
//! Folded single words and short phrases per language; intents say *that* the order
//! changes, these say *how*.

use crate::text::Token;

const ADD: &[&str] = &[
    "add",
    "also",
    "another",
    "extra",
    "anadir",
    "anade",
    "anademe",
    "agrega",
    "agregar",
    "tambien",
    "otro",
    "otra",
    "aggiungi",
    "aggiungere",
    "anche",
    "altro",
    "altra",
    "inoltre",
];
const REMOVE: &[&str] = &[
    "remove",
    "delete",
    "without",
    "drop",
    "quita",
    "quitar",
    "elimina",
    "eliminar",
    "sin",
    "saca",
    "togli",
    "togliere",
    "rimuovi",
    "rimuovere",
    "senza",
    "leva",
];
const CANCEL: &[&str] = &[
    "cancel",
    "cancela",
    "cancelar",
    "cancelo",
    "anula",
    "anular",
    "annulla",
    "annullare",
    "annullo",
    "cancella",
];
const PHRASES_ADD: &[&[&str]] = &[&["one", "more"], &["un", "altro"], &["uno", "mas"]];
const PHRASES_REMOVE: &[&[&str]] = &[&["take", "out"], &["take", "off"], &["no", "longer"]];

/// What the message says to do with the cart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CartCues {
    pub add: bool,
    pub remove: bool,
    pub cancel: bool,
}

fn has_phrase(words: &[String], phrase: &[&str]) -> bool {
    words
        .windows(phrase.len())
        .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

pub(crate) fn cart_cues(tokens: &[Token<'_>]) -> CartCues {
    let words: Vec<String> = tokens.iter().map(|t| t.folded.clone()).collect();
    let any = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    CartCues {
        add: any(ADD) || PHRASES_ADD.iter().any(|p| has_phrase(&words, p)),
        remove: any(REMOVE) || PHRASES_REMOVE.iter().any(|p| has_phrase(&words, p)),
        cancel: any(CANCEL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn cues(text: &str) -> CartCues {
        cart_cues(&tokenize(text))
    }

    #[test]
    fn reads_add_remove_and_cancel_in_three_languages() {
        assert!(cues("also add a Lip Oil").add);
        assert!(cues("añade también un serum").add);
        assert!(cues("aggiungi anche una crema").add);
        assert!(cues("please remove the lip oil").remove);
        assert!(cues("quita el serum").remove);
        assert!(cues("togli la crema").remove);
        assert!(cues("cancel my order").cancel);
        assert!(cues("annulla tutto").cancel);
        assert_eq!(cues("how much is the serum?"), CartCues::default());
    }
}
