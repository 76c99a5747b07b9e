//! The labelled message table: every intent in every language, with typos, run through
//! the public `understand` entry point against a small beauty catalog. Prints the
//! accuracy and every miss; fails below the floors at the end.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use catalog::{ProductId, ProductName, VariantId, VariantKind, VariantName};
use conversation::{
    CatalogSnapshot, Intent, Language, SnapshotProduct, SnapshotVariant, TurnContext, understand,
};
use kernel::{Currency, Money};
use rust_decimal::Decimal;

use Intent::*;
use Language::{English as En, Italian as It, Spanish as Es};

fn eur(amount: &str) -> Money {
    Money::new(
        Decimal::from_str(amount).unwrap(),
        Currency::parse("EUR").unwrap(),
    )
    .unwrap()
}

fn product(name: &str, price: &str, variants: &[(VariantKind, &str)]) -> SnapshotProduct {
    SnapshotProduct {
        id: ProductId::new(),
        name: ProductName::parse(name).unwrap(),
        sku: None,
        price: eur(price),
        list_price: eur(price),
        available: true,
        stock: None,
        variants: variants
            .iter()
            .map(|(kind, name)| SnapshotVariant {
                id: VariantId::new(),
                kind: *kind,
                name: VariantName::parse(name).unwrap(),
                price: eur(price),
                list_price: eur(price),
                available: true,
                stock: None,
            })
            .collect(),
    }
}

fn catalog() -> CatalogSnapshot {
    CatalogSnapshot::new(vec![
        product(
            "Glow Serum Vitamin C",
            "24.90",
            &[(VariantKind::Size, "30ml"), (VariantKind::Size, "50ml")],
        ),
        product("Retinol Night Cream", "29.90", &[]),
        product(
            "Velvet Lipstick",
            "19.00",
            &[
                (VariantKind::Shade, "Red"),
                (VariantKind::Shade, "Nude"),
                (VariantKind::Shade, "Coral"),
            ],
        ),
        product("Crème Brûlée Lip Balm", "9.50", &[]),
        product(
            "Hydra Face Cream",
            "32.00",
            &[(VariantKind::Size, "50 ml"), (VariantKind::Size, "100ml")],
        ),
        product("Rose Water Toner", "15.00", &[]),
        product("Lavender Body Oil", "22.00", &[]),
        product("Mascara Volume Extreme", "16.00", &[]),
    ])
    .unwrap()
}

/// (language, message, expected intent). Messages marked `typo` in the comment carry a
/// misspelling on purpose.
const TABLE: &[(Language, &str, Intent)] = &[
    // ---------------------------------------------------------------- English
    (En, "hi", Greeting),
    (En, "Hello there!", Greeting),
    (En, "hey :)", Greeting),
    (En, "good morning", Greeting),
    (En, "heyyy", Greeting),
    (En, "helo", Greeting), // typo
    (
        En,
        "what are the ingredients of the glow serum?",
        ProductInquiry,
    ),
    (
        En,
        "is the hydra face cream good for dry skin?",
        ProductInquiry,
    ),
    (En, "how do I use the retinol night cream", ProductInquiry),
    (En, "tell me more about the velvet lipstick", ProductInquiry),
    (En, "is it vegan?", ProductInquiry),
    (
        En,
        "can you recommend something for oily skin",
        ProductInquiry,
    ),
    (En, "what does the glow serum do?", ProductInquiry),
    (En, "ingredienets list please", ProductInquiry), // typo
    (En, "how much is the glow serum?", PriceCheck),
    (En, "price of velvet lipstick pls", PriceCheck),
    (En, "how mcuh does the toner cost", PriceCheck), // typo
    (En, "whats the pirce", PriceCheck),              // typo
    (En, "how much for 2 lip balms?", PriceCheck),
    (En, "is the mascara expensive?", PriceCheck),
    (
        En,
        "do you have the velvet lipstick in nude?",
        AvailabilityCheck,
    ),
    (En, "is the rose water toner in stock?", AvailabilityCheck),
    (En, "is the lavender body oil available?", AvailabilityCheck),
    (En, "when will it be back in stock", AvailabilityCheck),
    (En, "any glow serum left?", AvailabilityCheck),
    (En, "is it avaliable?", AvailabilityCheck), // typo
    (En, "I want to buy the glow serum", BuyingIntent),
    (En, "I'll take 2 velvet lipsticks", BuyingIntent),
    (En, "can I order the hydra face cream 50ml?", BuyingIntent),
    (En, "2 Glow Serum 50ml to Milan", BuyingIntent),
    (En, "i wanna purchse the mascara", BuyingIntent), // typo
    (En, "add the lip balm to my cart please", BuyingIntent),
    (En, "can I change my order to the 100ml?", OrderModification),
    (En, "actually make it 3 instead", OrderModification),
    (En, "remove the lipstick please", OrderModification),
    (En, "I want to cancel my order", OrderModification),
    (En, "change the address to Rome please", OrderModification),
    (En, "switch the shade to coral", OrderModification),
    (En, "where is my order?", OrderStatus),
    (En, "wher is my order??", OrderStatus), // typo
    (En, "has my order shipped yet?", OrderStatus),
    (En, "I'm still waiting for my package", OrderStatus),
    (En, "what's the tracking number", OrderStatus),
    (En, "when will my order arrive", OrderStatus),
    (En, "my serum arrived broken", Complaint),
    (En, "this is the worst service ever", Complaint),
    (En, "I received the wrong item", Complaint),
    (En, "I want a refund, the cream is terrible", Complaint),
    (En, "my package never arrived!!", Complaint),
    (En, "very dissapointed with the lipstick", Complaint), // typo
    (En, "can you do a custom gift box?", CustomRequest),
    (En, "do you offer gift wrapping?", CustomRequest),
    (
        En,
        "I'd like a personalised set for my wedding",
        CustomRequest,
    ),
    (En, "can you engrave the lipstick case?", CustomRequest),
    (En, "do you sell wholesale?", CustomRequest),
    (
        En,
        "I need a special order of 50 pieces for an event",
        CustomRequest,
    ),
    (En, "does the serum cure acne?", MedicalQuestion),
    (
        En,
        "I'm pregnant, is the retinol cream safe?",
        MedicalQuestion,
    ),
    (En, "I got a rash after using the toner", MedicalQuestion),
    (En, "can I use it if I have eczema?", MedicalQuestion),
    (
        En,
        "my dermatologist said to avoid retinol, what do you think",
        MedicalQuestion,
    ),
    (En, "is it safe for rosacea", MedicalQuestion),
    (En, "can I talk to a human?", SpeakToHuman),
    (En, "I want to speak with a real person", SpeakToHuman),
    (En, "agent please", SpeakToHuman),
    (En, "let me talk to the owner", SpeakToHuman),
    (En, "connect me with customer service", SpeakToHuman),
    (
        En,
        "I don't want a bot, get me someone from the team",
        SpeakToHuman,
    ),
    (En, "thanks!", Gratitude),
    (En, "thank you so much", Gratitude),
    (En, "thx", Gratitude),
    (En, "great, thanks a lot", Gratitude),
    (En, "appreciate it!", Gratitude),
    (En, "thnks ❤️", Gratitude), // typo
    (En, "how are you?", ChitChat),
    (En, "are you a bot?", ChitChat),
    (En, "lol", ChitChat),
    (En, "what's your name", ChitChat),
    (En, "nice weather today", ChitChat),
    (En, "haha you're funny", ChitChat),
    (En, "hmm", Unknown),
    (En, "asdkjh", Unknown),
    (En, "...", Unknown),
    // ---------------------------------------------------------------- Spanish
    (Es, "hola", Greeting),
    (Es, "buenos días", Greeting),
    (Es, "holaaa", Greeting),
    (Es, "buenas tardes!", Greeting),
    (Es, "ola", Greeting), // typo
    (Es, "hola buenas", Greeting),
    (Es, "¿qué ingredientes tiene el glow serum?", ProductInquiry),
    (
        Es,
        "¿para qué sirve la crema de noche retinol?",
        ProductInquiry,
    ),
    (
        Es,
        "¿cómo se usa el tónico de agua de rosas?",
        ProductInquiry,
    ),
    (Es, "¿es bueno para piel grasa?", ProductInquiry),
    (Es, "cuéntame más del velvet lipstick", ProductInquiry),
    (Es, "¿me recomiendas algo para piel seca?", ProductInquiry),
    (Es, "¿cuánto cuesta el glow serum?", PriceCheck),
    (Es, "precio del labial velvet?", PriceCheck),
    (Es, "cuanto vale la crema hydra", PriceCheck),
    (Es, "cuánto cuestan los velvet lipstick?", PriceCheck),
    (Es, "q precio tiene el rimel", PriceCheck),
    (Es, "cuanto cueta el serum", PriceCheck), // typo
    (Es, "¿tienes el velvet lipstick en rojo?", AvailabilityCheck),
    (
        Es,
        "¿está disponible el aceite de lavanda?",
        AvailabilityCheck,
    ),
    (Es, "¿hay stock del glow serum?", AvailabilityCheck),
    (Es, "¿les queda mascara?", AvailabilityCheck),
    (Es, "¿está agotado el tónico?", AvailabilityCheck),
    (Es, "esta disponibel?", AvailabilityCheck), // typo
    (Es, "quiero comprar el glow serum", BuyingIntent),
    (Es, "me llevo dos velvet lipstick", BuyingIntent),
    (Es, "quiero hacer un pedido", BuyingIntent),
    (Es, "lo compro!", BuyingIntent),
    (Es, "quisiera pedir la crema hydra de 50 ml", BuyingIntent),
    (
        Es,
        "quiero 3 mascara volume extreme para Madrid",
        BuyingIntent,
    ),
    (Es, "quiero cambiar mi pedido", OrderModification),
    (Es, "mejor pon 3 en vez de 2", OrderModification),
    (Es, "quita el labial por favor", OrderModification),
    (Es, "quiero cancelr mi pedido", OrderModification), // typo
    (Es, "cambia la dirección a Valencia", OrderModification),
    (Es, "me equivoqué, quería el de 100ml", OrderModification),
    (Es, "¿dónde está mi pedido?", OrderStatus),
    (Es, "¿cuándo llega mi paquete?", OrderStatus),
    (Es, "¿ya enviaron mi pedido?", OrderStatus),
    (Es, "número de seguimiento por favor", OrderStatus),
    (Es, "sigo esperando mi pedido", OrderStatus),
    (Es, "estado de mi pedido?", OrderStatus),
    (Es, "el sérum llegó roto", Complaint),
    (Es, "quiero un reembolso", Complaint),
    (Es, "me enviaron el producto equivocado", Complaint),
    (Es, "pésimo servicio, estoy muy enfadada", Complaint),
    (Es, "mi pedido nunca llegó", Complaint),
    (Es, "la crema es de mala calidad", Complaint),
    (Es, "¿hacen cajas de regalo personalizadas?", CustomRequest),
    (Es, "¿pueden grabar mi nombre en el labial?", CustomRequest),
    (Es, "quiero un pedido especial para mi boda", CustomRequest),
    (Es, "¿venden al por mayor?", CustomRequest),
    (Es, "¿me lo envuelven para regalo?", CustomRequest),
    (Es, "quiero un set a medida", CustomRequest),
    (Es, "¿el sérum cura el acné?", MedicalQuestion),
    (
        Es,
        "estoy embarazada, ¿puedo usar la crema de retinol?",
        MedicalQuestion,
    ),
    (Es, "me salió una erupción con el tónico", MedicalQuestion),
    (Es, "tengo dermatitis, ¿me sirve?", MedicalQuestion),
    (Es, "me arde la cara después de usarlo", MedicalQuestion),
    (Es, "¿sirve para la rosácea?", MedicalQuestion),
    (Es, "quiero hablar con una persona", SpeakToHuman),
    (Es, "¿puedo hablar con alguien?", SpeakToHuman),
    (Es, "pásame con un agente", SpeakToHuman),
    (Es, "quiero hablar con el dueño", SpeakToHuman),
    (Es, "necesito una persona real, no un bot", SpeakToHuman),
    (Es, "atención al cliente por favor", SpeakToHuman),
    (Es, "gracias!", Gratitude),
    (Es, "muchas gracias", Gratitude),
    (Es, "mil gracias guapa", Gratitude),
    (Es, "te lo agradezco", Gratitude),
    (Es, "graciass", Gratitude), // typo
    (Es, "muy amable, gracias", Gratitude),
    (Es, "¿cómo estás?", ChitChat),
    (Es, "¿eres un bot?", ChitChat),
    (Es, "jajaja", ChitChat),
    (Es, "¿cómo te llamas?", ChitChat),
    (Es, "qué calor hace hoy", ChitChat),
    (Es, "¿de dónde eres?", ChitChat),
    (Es, "mmm", Unknown),
    (Es, "asdf", Unknown),
    (Es, "¿?", Unknown),
    // ---------------------------------------------------------------- Italian
    (It, "ciao", Greeting),
    (It, "buongiorno", Greeting),
    (It, "salve!", Greeting),
    (It, "ciaooo", Greeting),
    (It, "buonasera", Greeting),
    (It, "ehi ciao", Greeting),
    (
        It,
        "quali sono gli ingredienti del glow serum?",
        ProductInquiry,
    ),
    (It, "a cosa serve la crema retinol?", ProductInquiry),
    (It, "come si usa il tonico?", ProductInquiry),
    (It, "va bene per pelle grassa?", ProductInquiry),
    (
        It,
        "mi consigli qualcosa per la pelle secca?",
        ProductInquiry,
    ),
    (It, "parlami del velvet lipstick", ProductInquiry),
    (It, "quanto costa il glow serum?", PriceCheck),
    (It, "prezzo del rossetto velvet?", PriceCheck),
    (It, "quanto viene la crema hydra?", PriceCheck),
    (It, "ciao quanto costa", PriceCheck),
    (It, "quanto costano i velvet lipstick", PriceCheck),
    (It, "qual è il prezo del mascara", PriceCheck), // typo
    (It, "avete il velvet lipstick rosso?", AvailabilityCheck),
    (It, "il glow serum è disponibile?", AvailabilityCheck),
    (
        It,
        "è ancora disponibile l'olio alla lavanda?",
        AvailabilityCheck,
    ),
    (It, "ce l'avete in magazzino?", AvailabilityCheck),
    (It, "il tonico è esaurito?", AvailabilityCheck),
    (It, "quando tornerà disponibile?", AvailabilityCheck),
    (It, "voglio comprare il glow serum", BuyingIntent),
    (It, "lo prendo!", BuyingIntent),
    (It, "vorrei ordinare due velvet lipstick", BuyingIntent),
    (It, "vorrei acquistare la crema hydra 100ml", BuyingIntent),
    (It, "come posso fare un ordine?", BuyingIntent),
    (It, "ne prendo 2 da spedire a Roma", BuyingIntent),
    (It, "vorrei modificare l'ordine", OrderModification),
    (It, "invece di 2 mettine 3", OrderModification),
    (It, "togli il rossetto", OrderModification),
    (It, "voglio annullare l'ordine", OrderModification),
    (It, "cambia indirizzo, spedisci a Torino", OrderModification),
    (
        It,
        "ho sbagliato, intendevo quello da 50ml",
        OrderModification,
    ),
    (It, "dov'è il mio ordine?", OrderStatus),
    (It, "quando arriva il mio pacco?", OrderStatus),
    (It, "è stato spedito il mio ordine?", OrderStatus),
    (It, "mi dai il numero di tracking?", OrderStatus),
    (It, "sto ancora aspettando il mio ordine", OrderStatus),
    (It, "stato del mio ordine?", OrderStatus),
    (It, "il siero è arrivato rotto", Complaint),
    (It, "voglio un rimborzo", Complaint), // typo
    (It, "mi avete mandato il prodotto sbagliato", Complaint),
    (It, "servizio pessimo, sono arrabbiata", Complaint),
    (It, "il mio ordine non è mai arrivato", Complaint),
    (It, "sono molto delusa dalla crema", Complaint),
    (It, "fate confezioni regalo personalizzate?", CustomRequest),
    (It, "potete incidere il mio nome?", CustomRequest),
    (
        It,
        "vorrei un ordine speciale per il matrimonio",
        CustomRequest,
    ),
    (It, "vendete all'ingrosso?", CustomRequest),
    (It, "me lo fate un pacchetto regalo?", CustomRequest),
    (It, "vorrei un set su misura", CustomRequest),
    (It, "il siero cura l'acne?", MedicalQuestion),
    (
        It,
        "sono incinta, posso usare la crema al retinolo?",
        MedicalQuestion,
    ),
    (
        It,
        "mi è venuta un'irritazione con il tonico",
        MedicalQuestion,
    ),
    (It, "ho la dermatite, va bene?", MedicalQuestion),
    (It, "mi brucia la pelle dopo averlo usato", MedicalQuestion),
    (It, "va bene per la rosacea?", MedicalQuestion),
    (It, "voglio parlare con una persona", SpeakToHuman),
    (It, "posso parlare con qualcuno?", SpeakToHuman),
    (It, "mi passi un operatore?", SpeakToHuman),
    (It, "vorrei parlare con il titolare", SpeakToHuman),
    (It, "voglio una persona vera, non un bot", SpeakToHuman),
    (It, "servizio clienti per favore", SpeakToHuman),
    (It, "grazie!", Gratitude),
    (It, "grazie mille", Gratitude),
    (It, "ti ringrazio", Gratitude),
    (It, "gentilissima, grazie", Gratitude),
    (It, "grazzie", Gratitude), // typo
    (It, "grz", Gratitude),
    (It, "come stai?", ChitChat),
    (It, "sei un bot?", ChitChat),
    (It, "ahahah", ChitChat),
    (It, "come ti chiami?", ChitChat),
    (It, "che caldo oggi", ChitChat),
    (It, "di dove sei?", ChitChat),
    (It, "mah", Unknown),
    (It, "boh", Unknown),
    (It, "asdkj", Unknown),
];

/// A second table, written after the lexicons in other words than their cues. Its first
/// run scored 43/66 (65%); the vocabulary it exposed as missing ("charge", "cracked",
/// "initials", "peeling", "someone real", "ponme", "spellando"...) was then added to the
/// lexicons, so it now guards those words rather than measuring unseen phrasings.
const SECOND: &[(Language, &str, Intent)] = &[
    (En, "hiii there", Greeting),
    (En, "what's in the toner exactly", ProductInquiry),
    (En, "does the lipstick last all day?", ProductInquiry),
    (En, "how much r u selling the mascara for", PriceCheck),
    (En, "what do you charge for the face cream", PriceCheck),
    (En, "got the nude shade?", AvailabilityCheck),
    (En, "is the 50ml out of stock?", AvailabilityCheck),
    (En, "ok I'm ready to order", BuyingIntent),
    (En, "gimme 3 of the lip balm", BuyingIntent),
    (En, "can I swap the red for nude", OrderModification),
    (En, "pls add one more serum to my order", OrderModification),
    (En, "any update on my delivery?", OrderStatus),
    (En, "the lid was cracked when it came", Complaint),
    (
        En,
        "this mascara is a joke, total waste of money",
        Complaint,
    ),
    (
        En,
        "could you put my initials on the bottle?",
        CustomRequest,
    ),
    (
        En,
        "does the cream help with dark spots from acne",
        MedicalQuestion,
    ),
    (
        En,
        "my skin is peeling and red after the serum",
        MedicalQuestion,
    ),
    (En, "is there someone real I can chat with", SpeakToHuman),
    (En, "cheers mate", Gratitude),
    (En, "you guys are awesome thank u", Gratitude),
    (En, "what are you up to", ChitChat),
    (En, "do you like cats?", ChitChat),
    (Es, "buenas, ¿qué tal?", Greeting),
    (Es, "¿qué lleva el sérum?", ProductInquiry),
    (Es, "¿el labial dura todo el día?", ProductInquiry),
    (Es, "¿a cuánto lo tienes?", PriceCheck),
    (Es, "¿qué precio tiene la máscara?", PriceCheck),
    (Es, "¿te quedan en tono nude?", AvailabilityCheck),
    (Es, "¿el de 50ml está agotado?", AvailabilityCheck),
    (Es, "vale, lo quiero", BuyingIntent),
    (Es, "ponme 3 bálsamos", BuyingIntent),
    (Es, "¿puedo cambiar el rojo por el nude?", OrderModification),
    (Es, "añade otro sérum a mi pedido", OrderModification),
    (Es, "¿hay novedades de mi envío?", OrderStatus),
    (Es, "la tapa venía rota", Complaint),
    (Es, "este rímel es una estafa", Complaint),
    (
        Es,
        "¿podéis poner mis iniciales en el frasco?",
        CustomRequest,
    ),
    (
        Es,
        "¿la crema ayuda con las manchas del acné?",
        MedicalQuestion,
    ),
    (
        Es,
        "se me está pelando la piel después del sérum",
        MedicalQuestion,
    ),
    (Es, "¿hay alguien real con quien hablar?", SpeakToHuman),
    (Es, "genial, gracias", Gratitude),
    (Es, "sois lo más, gracias!", Gratitude),
    (Es, "¿qué haces?", ChitChat),
    (Es, "¿te gustan los gatos?", ChitChat),
    (It, "ciao ragazze!", Greeting),
    (It, "cosa contiene il tonico?", ProductInquiry),
    (It, "il rossetto dura tutto il giorno?", ProductInquiry),
    (It, "a quanto lo vendete?", PriceCheck),
    (It, "che prezzo ha il mascara?", PriceCheck),
    (It, "ce l'avete nella tonalità nude?", AvailabilityCheck),
    (It, "il 50ml è finito?", AvailabilityCheck),
    (It, "ok, lo voglio", BuyingIntent),
    (It, "mettimene 3 di balsamo", BuyingIntent),
    (
        It,
        "posso cambiare il rosso con il nude?",
        OrderModification,
    ),
    (
        It,
        "aggiungi un altro siero al mio ordine",
        OrderModification,
    ),
    (It, "novità sulla mia spedizione?", OrderStatus),
    (It, "il tappo era rotto quando è arrivato", Complaint),
    (It, "questo mascara è una truffa", Complaint),
    (
        It,
        "potete mettere le mie iniziali sul flacone?",
        CustomRequest,
    ),
    (
        It,
        "la crema aiuta con le macchie dell'acne?",
        MedicalQuestion,
    ),
    (
        It,
        "mi si sta spellando la pelle dopo il siero",
        MedicalQuestion,
    ),
    (
        It,
        "c'è qualcuno in carne e ossa con cui parlare?",
        SpeakToHuman,
    ),
    (It, "perfetto, grazie", Gratitude),
    (It, "siete fantastiche, grazie!", Gratitude),
    (It, "che fai di bello?", ChitChat),
    (It, "ti piacciono i gatti?", ChitChat),
];

#[test]
fn intent_accuracy_on_the_second_table() {
    let catalog = catalog();
    let mut correct = 0;
    for (language, message, expected) in SECOND {
        let understood = understand(message, &catalog, &TurnContext::fresh(*language));
        if understood.intent() == *expected {
            correct += 1;
        } else {
            println!(
                "  [{language}] {message:?}: expected {expected}, got {} ({:?})",
                understood.intent(),
                understood.intents.candidates()
            );
        }
    }
    let accuracy = correct as f32 / SECOND.len() as f32;
    println!(
        "second-table accuracy: {correct}/{} = {:.1}%",
        SECOND.len(),
        accuracy * 100.0
    );
    assert!(accuracy >= 0.9, "accuracy {accuracy}");
}

#[test]
fn the_labelled_table_covers_every_intent_in_every_language() {
    for language in Language::ALL {
        for intent in Intent::ALL {
            let count = TABLE
                .iter()
                .filter(|(l, _, i)| *l == language && *i == intent)
                .count();
            assert!(count >= 3, "{language} {intent}: only {count} examples");
        }
    }
    assert!(TABLE.len() >= 100);
}

#[test]
fn intent_accuracy_on_the_labelled_table() {
    let catalog = catalog();
    let mut misses = Vec::new();
    let mut per_language = [(0usize, 0usize); 3];
    for (language, message, expected) in TABLE {
        let understood = understand(message, &catalog, &TurnContext::fresh(*language));
        let got = understood.intent();
        let slot = Language::ALL.iter().position(|l| l == language).unwrap();
        per_language[slot].1 += 1;
        if got == *expected {
            per_language[slot].0 += 1;
        } else {
            misses.push(format!(
                "  [{language}] {message:?}: expected {expected}, got {got} ({:?})",
                understood.intents.candidates()
            ));
        }
    }
    let correct: usize = per_language.iter().map(|(c, _)| c).sum();
    let accuracy = correct as f32 / TABLE.len() as f32;
    println!(
        "intent accuracy: {correct}/{} = {:.1}%",
        TABLE.len(),
        accuracy * 100.0
    );
    for (language, (c, n)) in Language::ALL.iter().zip(per_language) {
        println!(
            "  {language}: {c}/{n} = {:.1}%",
            c as f32 * 100.0 / n as f32
        );
    }
    for miss in &misses {
        println!("{miss}");
    }
    assert!(accuracy >= 0.9, "accuracy {accuracy}");
    for (c, n) in per_language {
        assert!(c as f32 / n as f32 >= 0.85);
    }
}

#[test]
fn every_medical_question_is_flagged_whatever_ranks_first() {
    // Safety: a medical question must reach the handoff policy even when another
    // reading ranks first.
    let catalog = catalog();
    for (language, message, expected) in TABLE {
        if *expected != MedicalQuestion {
            continue;
        }
        let understood = understand(message, &catalog, &TurnContext::fresh(*language));
        assert!(
            understood.intents.confidence_of(MedicalQuestion) >= 0.5,
            "{message}: {:?}",
            understood.intents.candidates()
        );
    }
}

#[test]
fn the_reply_language_follows_the_message() {
    let catalog = catalog();
    let mut wrong = Vec::new();
    for (language, message, expected) in TABLE {
        if *expected == Unknown {
            continue;
        }
        // The workspace default is deliberately another language, so falling back
        // silently would show up as a miss.
        let other = if *language == En { Es } else { En };
        let understood = understand(message, &catalog, &TurnContext::fresh(other));
        if understood.language != *language {
            wrong.push(format!(
                "  [{language}] {message:?} -> {}",
                understood.language
            ));
        }
    }
    let checked = TABLE.iter().filter(|(_, _, i)| *i != Unknown).count();
    println!(
        "reply language right for {}/{checked} messages",
        checked - wrong.len()
    );
    for w in &wrong {
        println!("{w}");
    }
    assert!(wrong.len() * 10 <= checked, "too many wrong languages");
}

/// A third table, written after all tuning and never used to change a lexicon: its
/// accuracy is the honest estimate for phrasings the lexicons were not written for.
/// The floor only guards against regressions.
const HELD_OUT: &[(Language, &str, Intent)] = &[
    (En, "yo! anyone there?", Greeting),
    (En, "does this have fragrance in it?", ProductInquiry),
    (En, "what's the cost of shipping to Paris", PriceCheck),
    (
        En,
        "can I still get the coral lipstick or is it gone",
        AvailabilityCheck,
    ),
    (En, "I'd love to grab two of the night creams", BuyingIntent),
    (En, "oops, I meant the 30ml not the 50ml", OrderModification),
    (En, "did you send my stuff yet?", OrderStatus),
    (
        En,
        "the color looks nothing like the photo, really upset",
        Complaint,
    ),
    (
        En,
        "do you do bridal kits made for a specific skin tone?",
        CustomRequest,
    ),
    (En, "is this ok to use while breastfeeding", MedicalQuestion),
    (En, "pls put me through to a person", SpeakToHuman),
    (En, "thank youuu 💕", Gratitude),
    (En, "what's your favourite product lol", ChitChat),
    (En, "which serum is best for a glow?", ProductInquiry),
    (En, "how pricey is the mascara", PriceCheck),
    (Es, "¡hola hola!", Greeting),
    (Es, "¿el tónico lleva alcohol?", ProductInquiry),
    (Es, "¿qué vale el envío a Bilbao?", PriceCheck),
    (Es, "¿todavía hay del labial coral?", AvailabilityCheck),
    (Es, "me quedo con dos cremas de noche", BuyingIntent),
    (
        Es,
        "perdona, quería el de 30ml y no el de 50",
        OrderModification,
    ),
    (Es, "¿me lo habéis mandado ya?", OrderStatus),
    (
        Es,
        "el color no se parece nada a la foto, qué rabia",
        Complaint,
    ),
    (Es, "¿hacéis packs para novias?", CustomRequest),
    (Es, "¿lo puedo usar durante la lactancia?", MedicalQuestion),
    (Es, "pásame con una persona porfa", SpeakToHuman),
    (Es, "graciaaas 💕", Gratitude),
    (Es, "¿cuál es tu producto favorito jaja?", ChitChat),
    (Es, "¿cuál me recomiendas para tener glow?", ProductInquiry),
    (Es, "¿es muy caro el rímel?", PriceCheck),
    (It, "ehilà, c'è qualcuno?", Greeting),
    (It, "il tonico contiene alcol?", ProductInquiry),
    (It, "quanto costa la spedizione a Bari?", PriceCheck),
    (It, "c'è ancora il rossetto corallo?", AvailabilityCheck),
    (It, "prendo due creme notte", BuyingIntent),
    (
        It,
        "scusa, volevo quello da 30ml e non da 50",
        OrderModification,
    ),
    (It, "me l'avete già spedito?", OrderStatus),
    (
        It,
        "il colore non c'entra niente con la foto, che rabbia",
        Complaint,
    ),
    (It, "fate kit per spose?", CustomRequest),
    (It, "posso usarlo durante l'allattamento?", MedicalQuestion),
    (It, "mi passi una persona per favore", SpeakToHuman),
    (It, "grazieee 💕", Gratitude),
    (It, "qual è il tuo prodotto preferito ahah?", ChitChat),
    (
        It,
        "quale mi consigli per una pelle luminosa?",
        ProductInquiry,
    ),
    (It, "è caro il mascara?", PriceCheck),
];

#[test]
fn intent_accuracy_on_the_held_out_table() {
    let catalog = catalog();
    let mut correct = 0;
    for (language, message, expected) in HELD_OUT {
        let understood = understand(message, &catalog, &TurnContext::fresh(*language));
        if understood.intent() == *expected {
            correct += 1;
        } else {
            println!(
                "  [{language}] {message:?}: expected {expected}, got {} ({:?})",
                understood.intent(),
                understood.intents.candidates()
            );
        }
    }
    let accuracy = correct as f32 / HELD_OUT.len() as f32;
    println!(
        "held-out accuracy: {correct}/{} = {:.1}%",
        HELD_OUT.len(),
        accuracy * 100.0
    );
    assert!(accuracy >= 0.6, "accuracy {accuracy}");
}
