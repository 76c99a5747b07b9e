//! From evidence to confidences.
//!
//! The classifier adds up *evidence* per intent: the weights of the lexicon cues found
//! in the message (times 0.8 for a cue matched through a typo, 0.95 through stretched
//! letters, 0.85 for a cue of another language than the message's), plus small bonuses
//! from entities (a catalog product named, a quantity next to it). Evidence becomes a
//! confidence in two steps:
//!
//! 1. *strength* = `1 - e^(-evidence / 1.2)`: one strong cue ("how much", 2.2) gives
//!    0.84, a strong cue plus a named product 0.9, a lone weak hint ("i want", 1.0) 0.57.
//! 2. *share* = `evidence / (evidence + sum of the other intents' evidence)`, where a
//!    pleasantry (greeting, gratitude, chit-chat) weighs only 0.15 against a real
//!    request, so "hi! how much is it?" stays a clear price question.
//!
//! confidence = strength * sqrt(share). Two requests of equal weight in one message get
//! about 0.7 of their strength each: ambiguity lowers confidence instead of hiding.
//!
//! `unknown` is added when nothing matched (confidence 1: we are sure we don't know) or
//! when the best intent is below 0.35 (confidence `1 - best`). `RankedIntents::clarity`
//! is what a reply-confidence formula should use: the top *known* intent's confidence,
//! or 0 when the top is `unknown`.

use serde::Serialize;

use super::Intent;

/// One candidate intent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IntentScore {
    pub intent: Intent,
    /// 0..1, see the module documentation.
    pub confidence: f32,
    /// The summed cue weights behind the confidence, for explanations and tuning.
    pub evidence: f32,
}

/// Candidate intents, best first; never empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct RankedIntents(Vec<IntentScore>);

const STRENGTH_SCALE: f32 = 1.2;
const SOCIAL_WEIGHT: f32 = 0.15;
const UNKNOWN_BELOW: f32 = 0.35;
const KEEP_AT_MOST: usize = 5;
const KEEP_ABOVE: f32 = 0.05;

impl RankedIntents {
    /// Builds the ranking from evidence per intent (index = position in `Intent::ALL`).
    pub(crate) fn from_evidence(evidence: &[f32; 14]) -> Self {
        let mut scores: Vec<IntentScore> = Intent::ALL
            .into_iter()
            .zip(evidence.iter().copied())
            .filter(|(intent, e)| *intent != Intent::Unknown && *e > 0.0)
            .map(|(intent, e)| IntentScore {
                intent,
                confidence: confidence(intent, e, evidence),
                evidence: e,
            })
            .collect();
        scores.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then_with(|| a.intent.cmp(&b.intent))
        });
        let best = scores.first().map_or(0.0, |s| s.confidence);
        if best < UNKNOWN_BELOW {
            scores.push(IntentScore {
                intent: Intent::Unknown,
                confidence: 1.0 - best,
                evidence: 0.0,
            });
            scores.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        }
        scores.retain(|s| s.confidence >= KEEP_ABOVE);
        scores.truncate(KEEP_AT_MOST);
        RankedIntents(scores)
    }

    /// The best candidate.
    pub fn top(&self) -> IntentScore {
        self.0.first().copied().unwrap_or(IntentScore {
            intent: Intent::Unknown,
            confidence: 1.0,
            evidence: 0.0,
        })
    }

    pub fn intent(&self) -> Intent {
        self.top().intent
    }

    /// How clearly the customer said what they want: the top intent's confidence, or 0
    /// when the top is `unknown`.
    pub fn clarity(&self) -> f32 {
        let top = self.top();
        if top.intent == Intent::Unknown {
            0.0
        } else {
            top.confidence
        }
    }

    /// The confidence of one intent, 0 if it is not among the candidates. Lets a policy
    /// act on a strong second reading ("how much is it, I'm pregnant" is a price
    /// question and also a medical one).
    pub fn confidence_of(&self, intent: Intent) -> f32 {
        self.0
            .iter()
            .find(|s| s.intent == intent)
            .map_or(0.0, |s| s.confidence)
    }

    pub fn candidates(&self) -> &[IntentScore] {
        &self.0
    }
}

fn confidence(intent: Intent, own: f32, evidence: &[f32; 14]) -> f32 {
    let strength = 1.0 - (-own / STRENGTH_SCALE).exp();
    let others: f32 = Intent::ALL
        .into_iter()
        .zip(evidence.iter().copied())
        .filter(|(other, _)| *other != intent)
        .map(|(other, e)| {
            if other.is_social() && !intent.is_social() {
                e * SOCIAL_WEIGHT
            } else {
                e
            }
        })
        .sum();
    let share = own / (own + others);
    (strength * share.sqrt()).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn evidence(pairs: &[(Intent, f32)]) -> [f32; 14] {
        let mut e = [0.0; 14];
        for (intent, w) in pairs {
            if let Some(i) = Intent::ALL.iter().position(|x| x == intent) {
                e[i] = *w;
            }
        }
        e
    }

    #[test]
    fn nothing_found_is_a_confident_unknown_with_zero_clarity() {
        let ranked = RankedIntents::from_evidence(&[0.0; 14]);
        assert_eq!(ranked.intent(), Intent::Unknown);
        assert_eq!(ranked.top().confidence, 1.0);
        assert_eq!(ranked.clarity(), 0.0);
    }

    #[test]
    fn one_strong_cue_gives_a_high_confidence() {
        let ranked = RankedIntents::from_evidence(&evidence(&[(Intent::PriceCheck, 2.7)]));
        assert_eq!(ranked.intent(), Intent::PriceCheck);
        assert!(ranked.clarity() > 0.85, "{}", ranked.clarity());
    }

    #[test]
    fn a_greeting_does_not_make_a_request_ambiguous() {
        let alone = RankedIntents::from_evidence(&evidence(&[(Intent::PriceCheck, 2.2)]));
        let greeted = RankedIntents::from_evidence(&evidence(&[
            (Intent::PriceCheck, 2.2),
            (Intent::Greeting, 1.6),
        ]));
        assert_eq!(greeted.intent(), Intent::PriceCheck);
        assert!(alone.clarity() - greeted.clarity() < 0.05);
    }

    #[test]
    fn two_equal_requests_lower_each_other() {
        let ranked = RankedIntents::from_evidence(&evidence(&[
            (Intent::PriceCheck, 2.2),
            (Intent::AvailabilityCheck, 2.2),
        ]));
        assert!(ranked.clarity() < 0.65);
        assert!(ranked.confidence_of(Intent::AvailabilityCheck) > 0.5);
    }

    #[test]
    fn a_weak_hint_alone_falls_back_to_unknown() {
        let ranked = RankedIntents::from_evidence(&evidence(&[(Intent::OrderModification, 0.4)]));
        assert_eq!(ranked.intent(), Intent::Unknown);
        assert!(ranked.confidence_of(Intent::OrderModification) > 0.0);
    }

    proptest! {
        #[test]
        fn confidences_are_probabilities_sorted_best_first(
            weights in proptest::collection::vec(0.0f32..5.0, 14)
        ) {
            let mut e = [0.0f32; 14];
            e.copy_from_slice(&weights);
            e[13] = 0.0;
            let ranked = RankedIntents::from_evidence(&e);
            prop_assert!(!ranked.candidates().is_empty());
            for pair in ranked.candidates().windows(2) {
                prop_assert!(pair[0].confidence >= pair[1].confidence);
            }
            for s in ranked.candidates() {
                prop_assert!((0.0..=1.0).contains(&s.confidence));
            }
        }
    }
}
