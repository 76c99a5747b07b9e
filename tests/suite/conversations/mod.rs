//! The conversation scenario suite (issue 6, "Show"): every file in
//! `tests/conversations/` is a conversation with the assistant, customer lines in and
//! expected state, cart, order, handoff and key facts out, played through
//! `POST /api/v1/playground/messages` on a fresh server with the shop of `_shop.yaml`.
//! The format is described in `tests/conversations/README.md`.
//!
//! One test per file, so nextest runs them in parallel and names the one that failed;
//! `every_scenario_file_is_listed` fails when a file is added without a line below.

mod expect;
mod money;
mod runner;
mod scenario;
mod shop;

use std::collections::BTreeSet;

use scenario::{Action, Hours, OrderExpectation, Turn};

macro_rules! scenarios {
    ($($file:ident),+ $(,)?) => {
        /// The scenario files this module runs, by name without `.yaml`.
        const LISTED: &[&str] = &[$(stringify!($file)),+];
        $(
            #[tokio::test]
            async fn $file() {
                runner::run(stringify!($file)).await;
            }
        )+
    };
}

scenarios! {
    en_assistant_off_for_conversation,
    en_blocked_contact,
    en_change_variant_quantity_location,
    en_complaint,
    en_custom_request,
    en_explicit_human,
    en_faq_answers,
    en_greeting_thanks_chit_chat,
    en_guarantee_bait,
    en_language_follows_customer,
    en_limited_stock,
    en_medical_question,
    en_multi_item_cart_remove_line,
    en_order_in_one_message,
    en_out_of_hours_hand_off,
    en_price_check,
    en_refuse_summary,
    en_street_address_after_the_order,
    en_takeover_mid_order,
    en_three_unhelpful_answers,
    en_typo_and_change_of_mind,
    en_unavailable_product,
    en_variant_choice_quantity_in_words,
    en_where_is_my_order,
    es_asistente_apagado,
    es_cambio_de_cantidad_y_direccion,
    es_carrito_con_varios_productos,
    es_consulta_de_precio_y_envio,
    es_contacto_bloqueado,
    es_donde_esta_mi_pedido,
    es_errata_y_cambio_de_idea,
    es_fuera_de_horario_sigue_respondiendo,
    es_hablar_con_una_persona,
    es_pedido_en_un_mensaje,
    es_pedido_personalizado,
    es_pregunta_medica,
    es_producto_agotado_y_pocas_unidades,
    es_queja,
    es_rechazo_del_resumen,
    es_saludo_y_gracias,
    es_toma_de_control,
    es_tres_respuestas_inutiles,
    es_variante_y_cantidad_en_palabras,
    it_assistente_spento,
    it_cambio_di_idea,
    it_carrello_con_piu_prodotti,
    it_contatto_bloccato,
    it_domanda_medica,
    it_dove_il_mio_ordine,
    it_fuori_orario,
    it_ordine_in_un_messaggio,
    it_parlare_con_una_persona,
    it_presa_in_carico,
    it_prezzo_in_offerta,
    it_prodotto_esaurito,
    it_reclamo,
    it_richiesta_personalizzata,
    it_rifiuto_del_riepilogo,
    it_saluti_e_chiacchiere,
    it_spedizione_e_resi,
    it_tre_risposte_inutili,
    it_variante_e_quantita_in_lettere,
}

#[test]
fn every_scenario_file_is_listed() {
    let mut listed: Vec<String> = LISTED.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(
        listed,
        scenario::files_on_disk(),
        "the `scenarios!` list in tests/suite/conversations/mod.rs must name every \
         tests/conversations/*.yaml file (fixtures start with `_`)"
    );
}

#[test]
fn the_shop_fixture_reads() {
    let shop = shop::load().unwrap_or_else(|problem| panic!("{problem}"));
    assert!(shop.products.len() >= 8, "about eight products");
    assert!(
        shop.products.iter().any(|p| p.variants.len() >= 2),
        "products with variants"
    );
    assert!(!shop.offers.is_empty(), "an active offer");
    assert!(
        shop.products.iter().any(|p| p.stock == Some(0)),
        "a sold-out product"
    );
    assert!(
        shop.products
            .iter()
            .any(|p| matches!(p.stock, Some(n) if n > 0)),
        "a product with limited stock"
    );
    for offer in &shop.offers {
        for name in &offer.products {
            assert!(
                shop.products.iter().any(|p| &p.name == name),
                "offer {} names {name}, which is not in the shop",
                offer.name
            );
        }
    }
    assert!(
        shop.faqs.len() >= 3,
        "FAQs on shipping, returns, ingredients"
    );
}

/// Every file reads, and together they cover what issue 6 asks the suite to show.
#[test]
fn the_scenarios_read_and_cover_the_issue() {
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for file in scenario::files_on_disk() {
        match scenario::load(&file) {
            Ok(scenario) => loaded.push(scenario),
            Err(problem) => problems.push(problem),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(loaded.len() >= 40, "at least 40 conversations");

    let mut languages = std::collections::BTreeMap::new();
    let mut tones = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for one in &loaded {
        *languages.entry(one.scenario.language.as_str()).or_insert(0) += 1;
        tones.insert(
            one.scenario
                .workspace
                .brand_tone
                .clone()
                .unwrap_or_else(|| "friendly".to_owned()),
        );
        if one.scenario.workspace.operating_hours == Some(Hours::ClosedNow) {
            let behaviour = one
                .scenario
                .assistant
                .as_ref()
                .and_then(|a| a["out_of_hours"].as_str())
                .unwrap_or("hand_off");
            seen.insert(format!("out_of_hours:{behaviour}"));
        }
        for turn in &one.turns {
            match turn {
                Turn::Action(action) => {
                    seen.insert(format!("action:{}", action.name()));
                }
                Turn::Customer { expect, .. } => {
                    for intent in expect.intent.iter().flat_map(|i| i.options()) {
                        seen.insert(format!("intent:{intent}"));
                    }
                    for stage in expect.stage.iter().flat_map(|s| s.options()) {
                        seen.insert(format!("stage:{stage}"));
                    }
                    if let Some(handoff) = &expect.handoff {
                        seen.insert(format!("handoff:{handoff}"));
                    }
                    if let Some(because) = &expect.because {
                        seen.insert(format!("because:{because}"));
                    }
                    for kind in &expect.sources {
                        seen.insert(format!("source:{kind}"));
                    }
                    if matches!(expect.order, Some(OrderExpectation::Order(_))) {
                        seen.insert("order placed".to_owned());
                    }
                    if expect.cart.as_ref().is_some_and(|c| c.len() >= 2) {
                        seen.insert("multi-item cart".to_owned());
                    }
                }
            }
        }
    }
    for language in scenario::LANGUAGES {
        let count = languages.get(language).copied().unwrap_or(0);
        assert!(
            count * 4 >= loaded.len(),
            "roughly a third of the scenarios in {language}: {languages:?}"
        );
    }
    assert_eq!(
        tones.iter().map(String::as_str).collect::<Vec<_>>(),
        {
            let mut all = scenario::TONES.to_vec();
            all.sort_unstable();
            all
        },
        "every brand tone is used"
    );
    let required = [
        "intent:price_check",
        "intent:order_status",
        "intent:medical_question",
        "intent:complaint",
        "intent:custom_request",
        "intent:speak_to_human",
        "intent:greeting",
        "intent:gratitude",
        "intent:chit_chat",
        "stage:collecting_variant",
        "stage:collecting_quantity",
        "stage:collecting_location",
        "stage:confirming_order",
        "stage:order_captured",
        "handoff:order_confirmed",
        "handoff:medical_question",
        "handoff:complaint",
        "handoff:custom_request",
        "handoff:customer_request",
        "handoff:repeated_failure",
        "handoff:outside_hours",
        "because:human_owner",
        "because:contact_blocked",
        "because:assistant_off_conversation",
        "because:assistant_off_workspace",
        "source:product",
        "source:faq",
        "out_of_hours:hand_off",
        "out_of_hours:keep_answering",
        "order placed",
        "multi-item cart",
    ];
    let mut missing: Vec<&str> = required
        .into_iter()
        .filter(|r| !seen.contains(*r))
        .collect();
    for action in [
        Action::Takeover,
        Action::ReturnToAssistant,
        Action::BlockContact,
        Action::AssistantOff,
    ] {
        if !seen.contains(&format!("action:{}", action.name())) {
            missing.push(action.name());
        }
    }
    assert!(missing.is_empty(), "no scenario shows: {missing:?}");
}
