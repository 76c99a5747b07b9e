use catalog::VariantKind;

use super::fixtures::{beauty_catalog, id_of, product};
use super::*;
use crate::language::Language;

fn context(language: Language) -> ExtractionContext<'static> {
    ExtractionContext {
        language,
        pending: None,
        focus: &[],
    }
}

fn extract(text: &str, language: Language) -> Entities {
    extract_entities(text, &beauty_catalog(), &context(language))
}

fn product_names(entities: &Entities) -> Vec<String> {
    entities
        .products
        .iter()
        .filter_map(|m| m.best().map(|b| b.name.clone()))
        .collect()
}

#[test]
fn products_are_found_by_partial_names_typos_and_accents() {
    let cases = [
        ("how much is the glow serum?", "Glow Serum Vitamin C"),
        ("Glow Serum Vitamin C please", "Glow Serum Vitamin C"),
        ("the vitamin c serum", "Glow Serum Vitamin C"),
        ("quanto costa il glwo serum", "Glow Serum Vitamin C"),
        ("tienes el creme brulee?", "Crème Brûlée Lip Balm"),
        ("CRÈME BRÛLÉE", "Crème Brûlée Lip Balm"),
        ("avete il retinol?", "Retinol Night Cream"),
        ("velvet lipstik in red", "Velvet Lipstick"),
        ("l'olio di argan è disponibile?", "Olio di Argan Puro"),
        ("do you have MSC-001?", "Mascara Volume Extreme"),
        ("msc001", "Mascara Volume Extreme"),
        ("hydra cream 100ml", "Hydra Face Cream"),
    ];
    for (text, expected) in cases {
        let found = extract(text, Language::English);
        assert_eq!(product_names(&found), [expected], "{text}");
    }
}

#[test]
fn full_names_score_higher_than_partial_ones() {
    let full = extract("Glow Serum Vitamin C", Language::English);
    let partial = extract("glow serum", Language::English);
    let typo = extract("glwo serum", Language::English);
    let score = |e: &Entities| e.products[0].candidates[0].score;
    assert!(score(&full) > score(&partial));
    assert!(score(&partial) > score(&typo));
    assert!(score(&typo) >= 0.5);
}

#[test]
fn words_that_are_no_product_find_nothing() {
    // "cream" is in two product names, so it singles out neither.
    for text in [
        "hello",
        "how much is shipping?",
        "I love your page",
        "cream please",
    ] {
        assert!(
            extract(text, Language::English).products.is_empty(),
            "{text}"
        );
    }
    // "serum" is in one name only: the shop's only serum, with a modest score.
    let serum = extract("serum?", Language::English);
    assert_eq!(product_names(&serum), ["Glow Serum Vitamin C"]);
    assert!(serum.products[0].candidates[0].score <= 0.6);
}

#[test]
fn similar_products_make_one_ambiguous_mention() {
    let catalog = CatalogSnapshot::new(vec![
        product("Glow Serum Vitamin C", "24.90", &[]),
        product("Glow Serum Retinol", "29.90", &[]),
        product("Lip Oil", "12.00", &[]),
    ])
    .unwrap();
    let found = extract_entities(
        "how much is the glow serum",
        &catalog,
        &context(Language::English),
    );
    assert_eq!(found.products.len(), 1);
    assert!(found.products[0].is_ambiguous());
    let exact = extract_entities("glow serum retinol", &catalog, &context(Language::English));
    assert!(!exact.products[0].is_ambiguous());
    assert_eq!(exact.products[0].candidates[0].name, "Glow Serum Retinol");
}

#[test]
fn the_exact_shorter_name_beats_a_longer_one_starting_with_it() {
    let catalog = CatalogSnapshot::new(vec![
        product("Glow Serum", "20.00", &[]),
        product("Glow Serum Vitamin C", "24.90", &[]),
    ])
    .unwrap();
    let found = extract_entities("glow serum", &catalog, &context(Language::English));
    assert_eq!(product_names(&found), ["Glow Serum"]);
    assert!(!found.products[0].is_ambiguous());
    let longer = extract_entities(
        "glow serum vitamin c",
        &catalog,
        &context(Language::English),
    );
    assert_eq!(product_names(&longer), ["Glow Serum Vitamin C"]);
}

#[test]
fn a_whole_order_in_one_message_fills_every_slot() {
    let catalog = beauty_catalog();
    let found = extract_entities(
        "2 Glow Serum 50ml to Milan",
        &catalog,
        &context(Language::English),
    );
    let serum = id_of(&catalog, "Glow Serum Vitamin C");
    assert_eq!(found.items.len(), 1);
    let item = &found.items[0];
    assert_eq!(item.product_id, serum);
    assert_eq!(item.quantity, Some(2));
    let fifty = catalog.product(serum).unwrap().variants[1].id;
    assert_eq!(item.variant_id, Some(fifty));
    let location = found.location.unwrap();
    assert_eq!(location.name, "Milan");
    assert!(location.known);
    assert_eq!(found.quantities.len(), 1, "50ml is a size, not a quantity");
}

#[test]
fn several_items_keep_their_own_quantities_and_variants() {
    let catalog = beauty_catalog();
    let found = extract_entities(
        "quiero dos glow serum de 30ml y un velvet lipstick rojo, envío a Sevilla",
        &catalog,
        &context(Language::Spanish),
    );
    assert_eq!(found.items.len(), 2, "{found:#?}");
    let serum = catalog
        .product(id_of(&catalog, "Glow Serum Vitamin C"))
        .unwrap();
    let lipstick = catalog.product(id_of(&catalog, "Velvet Lipstick")).unwrap();
    assert_eq!(found.items[0].product_id, serum.id);
    assert_eq!(found.items[0].quantity, Some(2));
    assert_eq!(found.items[0].variant_id, Some(serum.variants[0].id));
    assert_eq!(found.items[1].product_id, lipstick.id);
    assert_eq!(found.items[1].quantity, Some(1));
    assert_eq!(
        found.items[1].variant_id,
        Some(lipstick.variants[0].id),
        "rojo is Red"
    );
    assert_eq!(found.location.map(|l| l.name), Some("Seville".to_owned()));
}

#[test]
fn variants_match_the_catalog_words_translations_and_spacing() {
    let catalog = beauty_catalog();
    let lipstick = id_of(&catalog, "Velvet Lipstick");
    let cream = id_of(&catalog, "Hydra Face Cream");
    let focus = [lipstick, cream];
    let in_focus = |text: &str| {
        extract_entities(
            text,
            &catalog,
            &ExtractionContext {
                language: Language::Italian,
                pending: Some(PendingQuestion::Variant),
                focus: &focus,
            },
        )
    };
    let rosso = in_focus("quello rosso");
    assert_eq!(rosso.variants.len(), 1);
    assert_eq!(rosso.variants[0].name, "Red");
    assert_eq!(rosso.variants[0].kind, VariantKind::Shade);
    assert!(rosso.variants[0].score < 1.0);
    assert_eq!(rosso.variants_of(lipstick).count(), 1);
    // "50 ml" in the catalog, "50ml" in the message, and the other way round.
    let fifty = in_focus("50ml");
    assert_eq!(fifty.variants_of(cream).count(), 1);
    assert_eq!(in_focus("100 ml").variants_of(cream).count(), 1);
    // Without a product in scope the name is still reported.
    let unscoped = extract("nude", Language::English);
    assert_eq!(unscoped.variants[0].name, "Nude");
    assert!(unscoped.variants[0].matches.is_empty());
}

#[test]
fn quantities_in_digits_and_words_in_every_language() {
    let cases: [(&str, Language, u32); 14] = [
        ("2", Language::English, 2),
        ("x3", Language::English, 3),
        ("two please", Language::English, 2),
        ("a couple", Language::English, 2),
        ("half a dozen", Language::English, 6),
        ("dos", Language::Spanish, 2),
        ("un par", Language::Spanish, 2),
        ("quiero quince", Language::Spanish, 15),
        ("due", Language::Italian, 2),
        ("un paio", Language::Italian, 2),
        ("ne voglio tre", Language::Italian, 3),
        ("una dozzina", Language::Italian, 12),
        ("twenty", Language::English, 20),
        ("diciassette", Language::Italian, 17),
    ];
    for (text, language, expected) in cases {
        assert_eq!(extract(text, language).quantity(), Some(expected), "{text}");
    }
}

#[test]
fn numbers_that_are_not_quantities_are_ignored() {
    for text in [
        "is it 24.90?",
        "I saw it for 20€",
        "€20 is too much",
        "the 50ml one",
        "option 2",
        "sei un bot?",
        "una domanda",
        "I'm the one who asked",
        "order #12345",
    ] {
        let found = extract(text, Language::English);
        assert!(
            found.quantities.is_empty(),
            "{text}: {:?}",
            found.quantities
        );
    }
    // "due" is a quantity in Italian only.
    assert!(
        extract("when is it due", Language::English)
            .quantities
            .is_empty()
    );
}

#[test]
fn ambiguous_number_words_count_in_context() {
    let catalog = beauty_catalog();
    let asked = ExtractionContext {
        language: Language::Spanish,
        pending: Some(PendingQuestion::Quantity),
        focus: &[],
    };
    assert_eq!(
        extract_entities("una", &catalog, &asked).quantity(),
        Some(1)
    );
    assert_eq!(
        extract("I'll take one glow serum", Language::English).quantity(),
        Some(1)
    );
    assert_eq!(extract("quiero uno", Language::Spanish).quantity(), Some(1));
    assert_eq!(extract("one please", Language::English).quantity(), Some(1));
}

#[test]
fn locations_known_marked_or_answered() {
    let known = extract("ship it to New York please", Language::English)
        .location
        .unwrap();
    assert_eq!(
        (known.name.as_str(), known.country),
        ("New York", Some("US"))
    );
    let local = extract("spedizione a Firenze", Language::Italian)
        .location
        .unwrap();
    assert_eq!(local.name, "Florence");
    let address = extract("via Roma 12, Milano", Language::Italian)
        .location
        .unwrap();
    assert_eq!(address.name, "Milan");
    let guessed = extract("can you ship to Sydney?", Language::English)
        .location
        .unwrap();
    assert_eq!((guessed.name.as_str(), guessed.known), ("Sydney", false));
    // Capitalised words after "in" are no place unless the message is about shipping.
    assert!(
        extract("do you have it in Coral?", Language::English)
            .location
            .is_none()
    );
    assert!(
        extract("is it available in Red", Language::English)
            .location
            .is_none()
    );
    let catalog = beauty_catalog();
    let asked = ExtractionContext {
        language: Language::English,
        pending: Some(PendingQuestion::Location),
        focus: &[],
    };
    let answer = extract_entities("brisbane", &catalog, &asked)
        .location
        .unwrap();
    assert_eq!(answer.name, "brisbane");
}

#[test]
fn yes_and_no_in_three_languages() {
    let yes = [
        "yes",
        "Yep!",
        "ok",
        "sí",
        "vale",
        "de acuerdo",
        "sì",
        "va bene",
        "certo",
        "confirm",
        "no problem",
        "perfetto grazie",
    ];
    let no = [
        "no",
        "nope",
        "cancel",
        "no gracias",
        "annulla",
        "non ora",
        "not right",
        "mejor no",
    ];
    for text in yes {
        assert_eq!(
            extract(text, Language::English).confirmation,
            Some(Confirmation::Yes),
            "{text}"
        );
    }
    for text in no {
        assert_eq!(
            extract(text, Language::English).confirmation,
            Some(Confirmation::No),
            "{text}"
        );
    }
    assert_eq!(
        extract(
            "I have no idea which one to choose honestly",
            Language::English
        )
        .confirmation,
        None
    );
}

#[test]
fn references_to_listed_options() {
    assert_eq!(
        extract("the first one", Language::English).reference,
        Some(Reference::Nth(1))
    );
    assert_eq!(
        extract("la segunda", Language::Spanish).reference,
        Some(Reference::Nth(2))
    );
    assert_eq!(
        extract("l'ultimo", Language::Italian).reference,
        Some(Reference::Last)
    );
    assert_eq!(
        extract("number 3", Language::English).reference,
        Some(Reference::Nth(3))
    );
    assert_eq!(
        extract("#2", Language::English).reference,
        Some(Reference::Nth(2))
    );
    assert_eq!(
        extract("quello", Language::Italian).reference,
        Some(Reference::This)
    );
    assert_eq!(extract("how much is it", Language::English).reference, None);
}

#[test]
fn catalog_snapshots_refuse_duplicates_and_mixed_currencies() {
    let serum = product("Glow Serum", "20.00", &[]);
    assert!(matches!(
        CatalogSnapshot::new(vec![serum.clone(), serum.clone()]),
        Err(CatalogSnapshotError::DuplicateProduct(_))
    ));
    let mut mixed = serum;
    mixed.list_price = kernel::Money::new(
        rust_decimal::Decimal::from(20),
        kernel::Currency::parse("USD").unwrap(),
    )
    .unwrap();
    assert!(matches!(
        CatalogSnapshot::new(vec![mixed]),
        Err(CatalogSnapshotError::MixedCurrencies(_))
    ));
}
