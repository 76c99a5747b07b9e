use super::*;

fn level(text: &str) -> Sentiment {
    analyse_sentiment(text).sentiment
}

#[test]
fn lexicons_read_three_languages() {
    assert!(level("I love it, amazing!").eq(&Sentiment::VeryPositive));
    assert_eq!(level("me encanta, es precioso"), Sentiment::VeryPositive);
    assert_eq!(level("bellissimo, adoro"), Sentiment::VeryPositive);
    assert!(level("this is terrible").is_negative());
    assert!(level("es horrible").is_negative());
    assert!(level("pessimo servizio").is_negative());
    assert_eq!(level("how much is the serum?"), Sentiment::Neutral);
}

#[test]
fn negation_flips_and_softens() {
    assert!(level("not good").is_negative());
    assert!(!level("not bad").is_negative());
    assert!(level("non è bello").is_negative());
    assert!(level("no me gusta nada, no es bueno").is_negative());
    assert!(analyse_sentiment("not bad").score < analyse_sentiment("good").score);
}

#[test]
fn intensifiers_exclamations_caps_and_emoji_strengthen() {
    let plain = analyse_sentiment("bad").score;
    let very = analyse_sentiment("very bad").score;
    let shouted = analyse_sentiment("THIS IS VERY BAD!!!").score;
    assert!(very < plain && shouted < very);
    assert!(analyse_sentiment("ok 😍").score > 0.0);
    assert!(analyse_sentiment("ok 😡").score < 0.0);
    // Shouting alone reads as upset.
    assert!(level("WHERE IS MY ORDER").is_negative());
}

#[test]
fn frustration_follows_the_prd_rule() {
    let neutral = analyse_sentiment("how much is the glow serum");
    let calm = detect_frustration("how much is the glow serum", neutral, &[]);
    assert!(!calm.frustrated);

    let angry = "I'm so frustrated, this is useless";
    let signals = detect_frustration(angry, analyse_sentiment(angry), &[]);
    assert!(signals.frustrated);
    assert_eq!(signals.keywords, ["frustrated", "useless"]);

    for escalation in [
        "I need to talk to a human",
        "quiero hablar con alguien ya",
        "voglio parlare con una persona",
    ] {
        let signals = detect_frustration(escalation, analyse_sentiment(escalation), &[]);
        assert!(
            signals.escalation_phrase && signals.frustrated,
            "{escalation}"
        );
    }
}

#[test]
fn a_negative_repeated_question_is_frustration_a_calm_one_is_not() {
    let previous = ["where is my order?", "hello"];
    let again = "where is my order??";
    let calm = detect_frustration(again, analyse_sentiment(again), &previous);
    assert!(calm.repeated_question);
    assert!(!calm.frustrated, "a repeat alone is not frustration");
    let annoyed = "WHERE IS MY ORDER???";
    let signals = detect_frustration(annoyed, analyse_sentiment(annoyed), &previous);
    assert!(signals.repeated_question && signals.shouting && signals.frustrated);
    assert_eq!(signals.exclamations, 0);
    // Short answers repeat by nature.
    let yes = detect_frustration("yes", analyse_sentiment("yes"), &["yes"]);
    assert!(!yes.repeated_question);
}
