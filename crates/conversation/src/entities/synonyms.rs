//! Words named differently in each language: colours, sizes and scents (a customer
//! writing "rojo" means the variant the catalog calls "Red" or "Rosso") and product types
//! ("siero" is the "Serum" of a product name, "aceite de lavanda" a "Lavender ... Oil").

use std::collections::HashMap;
use std::sync::LazyLock;

/// Concept -> the words for it in English, Spanish and Italian (folded, both genders).
const CONCEPTS: &[(&str, &[&str])] = &[
    ("red", &["red", "rojo", "roja", "rosso", "rossa"]),
    ("pink", &["pink", "rosa", "rosado", "rosada"]),
    ("rose", &["rose", "rosa", "rosas", "rose"]),
    ("black", &["black", "negro", "negra", "nero", "nera"]),
    ("white", &["white", "blanco", "blanca", "bianco", "bianca"]),
    (
        "brown",
        &["brown", "marron", "marrone", "castano", "castana"],
    ),
    (
        "gold",
        &[
            "gold", "golden", "oro", "dorado", "dorada", "dorato", "dorata",
        ],
    ),
    (
        "silver",
        &["silver", "plata", "plateado", "argento", "argentato"],
    ),
    ("blue", &["blue", "azul", "blu", "azzurro", "azzurra"]),
    ("green", &["green", "verde"]),
    (
        "purple",
        &["purple", "morado", "morada", "viola", "lila", "lilla"],
    ),
    ("orange", &["orange", "naranja", "arancione"]),
    (
        "yellow",
        &["yellow", "amarillo", "amarilla", "giallo", "gialla"],
    ),
    ("grey", &["grey", "gray", "gris", "grigio", "grigia"]),
    ("coral", &["coral", "corallo"]),
    ("peach", &["peach", "melocoton", "durazno", "pesca"]),
    ("light", &["light", "claro", "clara", "chiaro", "chiara"]),
    ("dark", &["dark", "oscuro", "oscura", "scuro", "scura"]),
    (
        "medium",
        &["medium", "medio", "media", "mediano", "mediana"],
    ),
    (
        "small",
        &["small", "pequeno", "pequena", "piccolo", "piccola", "mini"],
    ),
    ("large", &["large", "big", "grande", "maxi"]),
    ("vanilla", &["vanilla", "vainilla", "vaniglia"]),
    ("lavender", &["lavender", "lavanda"]),
    ("coconut", &["coconut", "coco", "cocco"]),
    ("lemon", &["lemon", "limon", "limone"]),
    ("jasmine", &["jasmine", "jazmin", "gelsomino"]),
    ("strawberry", &["strawberry", "fresa", "fragola"]),
    // Product types.
    ("serum", &["serum", "serums", "siero", "sieri"]),
    ("cream", &["cream", "creams", "crema", "cremas", "creme"]),
    (
        "lipstick",
        &[
            "lipstick",
            "lipsticks",
            "labial",
            "labiales",
            "pintalabios",
            "rossetto",
            "rossetti",
        ],
    ),
    ("toner", &["toner", "tonico", "tonica"]),
    ("oil", &["oil", "oils", "aceite", "aceites", "olio", "oli"]),
    (
        "mask",
        &["mask", "masks", "mascarilla", "maschera", "maschere"],
    ),
    ("balm", &["balm", "balsamo"]),
    ("cleanser", &["cleanser", "limpiador", "detergente"]),
    ("gloss", &["gloss", "lucidalabbra"]),
    ("mascara", &["mascara", "rimel"]),
    ("lotion", &["lotion", "locion", "lozione"]),
    ("scrub", &["scrub", "exfoliante", "esfoliante"]),
    ("foundation", &["foundation", "fondotinta"]),
    ("perfume", &["perfume", "perfumes", "profumo", "fragrance"]),
    ("shampoo", &["shampoo", "champu", "champus"]),
    ("sunscreen", &["sunscreen", "suncream", "solare", "solar"]),
    ("mist", &["mist", "bruma"]),
    ("powder", &["powder", "polvos", "cipria"]),
    ("blush", &["blush", "colorete"]),
    ("soap", &["soap", "jabon", "sapone"]),
    ("water", &["water", "agua", "acqua"]),
    ("night", &["night", "noche", "notte"]),
    ("face", &["face", "cara", "rostro", "viso"]),
    ("body", &["body", "cuerpo", "corpo"]),
    ("eye", &["eye", "eyes", "ojos", "occhi", "contorno"]),
    ("hand", &["hand", "hands", "manos", "mani"]),
    ("lip", &["lip", "lips", "labios", "labbra"]),
    ("hair", &["hair", "pelo", "cabello", "capelli"]),
];

/// Word -> its concepts, built once.
static BY_WORD: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for (concept, words) in CONCEPTS {
        for word in *words {
            let entry = map.entry(*word).or_default();
            if !entry.contains(concept) {
                entry.push(concept);
            }
        }
    }
    map
});

/// The concepts a folded word names ("rosa" is both pink and rose).
pub(crate) fn concepts(word: &str) -> impl Iterator<Item = &'static str> {
    BY_WORD.get(word).into_iter().flatten().copied()
}

/// Whether two folded words name the same colour, size or scent.
pub(crate) fn same_concept(a: &str, b: &str) -> bool {
    concepts(a).any(|c| concepts(b).any(|d| c == d))
}

/// Whether a word is a colour, size, scent or product-type word (never a place name).
pub(crate) fn is_variant_word(word: &str) -> bool {
    BY_WORD.contains_key(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_match_across_languages() {
        assert!(same_concept("rojo", "red"));
        assert!(same_concept("rosso", "roja"));
        assert!(same_concept("rosa", "pink"));
        assert!(same_concept("rosa", "rose"));
        assert!(!same_concept("red", "pink"));
        assert!(same_concept("siero", "serum"));
        assert!(same_concept("aceite", "oil"));
        assert!(!same_concept("serum", "cream"));
        assert!(!same_concept("glow", "glow"), "no concept, no synonym");
    }
}
