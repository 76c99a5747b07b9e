//! From the draft and the policy's decision to the words the customer gets, screened by
//! the guardrails.

use handoff::{Decision, HandoffReason as PolicyReason};

use super::compose::{Draft, Said};
use crate::guardrails::{AllowedPrices, Verdict, screen};
use crate::language::Language;
use crate::tones::{HandoffReason, Opening, OrderSummary, RenderError, Reply, Tone};

/// The conversation layer's name for a policy reason (same names).
pub(crate) fn reason_of(reason: PolicyReason) -> HandoffReason {
    HandoffReason::parse(reason.as_str()).unwrap_or(HandoffReason::LowConfidence)
}

/// How to say it: tone, language, and when the team is back.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Voice {
    pub tone: Tone,
    pub language: Language,
    pub back_at: Option<Opening>,
}

impl Voice {
    pub fn say(&self, reply: &Reply) -> Result<String, RenderError> {
        reply.render(self.tone, self.language)
    }

    fn said(&self, said: &Said) -> Result<String, RenderError> {
        match said {
            Said::Template(reply) => self.say(reply),
            Said::Passage(text) | Said::Model(text) => Ok(text.trim().to_owned()),
        }
    }
}

/// The words to send for `decision`, or `None` when the assistant stays silent.
pub(crate) fn words(
    voice: &Voice,
    draft: &Draft,
    decision: &Decision,
    confirmed: Option<&OrderSummary>,
) -> Result<Option<String>, RenderError> {
    let join = |parts: Vec<String>| parts.join("\n\n");
    Ok(Some(match decision {
        Decision::StaySilent { .. } => return Ok(None),
        Decision::Answer => voice.said(&draft.said)?,
        Decision::AnswerWithCaveat => match &draft.said {
            // Questions and order steps are not claims: a caveat on "how many?" reads oddly.
            Said::Template(reply) if reply.prices().is_empty() && draft.asks.is_some() => {
                voice.say(reply)?
            }
            said => voice.say(&Reply::Caveat {
                answer: voice.said(said)?,
            })?,
        },
        Decision::OfferHuman { .. } => {
            if draft.fell_back {
                voice.say(&Reply::OfferHuman)?
            } else {
                join(vec![
                    voice.said(&draft.said)?,
                    voice.say(&Reply::OfferHuman)?,
                ])
            }
        }
        Decision::Handoff {
            reason,
            team_available,
        } => {
            let reason = reason_of(*reason);
            let mut parts = Vec::new();
            if let Some(summary) = confirmed {
                parts.push(voice.say(&Reply::OrderConfirmation(summary.clone()))?);
            }
            if reason == HandoffReason::OutsideHours {
                parts.push(voice.say(&Reply::OutOfHours {
                    back_at: voice.back_at,
                })?);
            } else {
                parts.push(voice.say(&Reply::Handoff(reason))?);
                if !team_available {
                    parts.push(voice.say(&Reply::OutOfHours {
                        back_at: voice.back_at,
                    })?);
                }
            }
            join(parts)
        }
    }))
}

/// The screened text: what the guardrails let through, or a safe handoff line when they
/// block it (a template that trips them is a bug the tests catch; a model's text may).
pub(crate) fn screened(text: &str, allowed: &AllowedPrices) -> (Verdict, Option<String>) {
    let verdict = screen(text, allowed);
    let to_send = verdict.text_to_send(text).map(str::to_owned);
    (verdict, to_send)
}
