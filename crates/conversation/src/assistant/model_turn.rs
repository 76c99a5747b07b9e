//! The turn with a language model: it drafts the answer and calls tools; the policy,
//! the guardrails and the handoff rules stay the domain's. Any model failure (timeout,
//! refusal, unreadable answer, too many tool rounds) returns `Err` and the turn answers
//! with the grounded engine instead: a model makes answers better, never riskier, and
//! never makes the assistant go silent.

use super::AssistantService;
use super::capture_input::pending_of;
use super::compose::{Draft, Said, summary_of_order};
use super::tools::ToolState;
use super::turn::{Composed, TurnInputs};
use crate::llm::{ChatMessage, ChatRequest, LanguageModel, tool_specs};
use crate::tones::Reply;

/// Rounds of tool calls before the model must answer.
const MAX_TOOL_ROUNDS: usize = 5;
/// What a model's answer is worth when it used tools to ground it, and when it did not.
const GROUNDED_CONFIDENCE: f64 = 0.9;
const UNGROUNDED_CONFIDENCE: f64 = 0.75;

fn system_prompt(inputs: &TurnInputs<'_>) -> String {
    let shop = inputs.shop;
    let mut prompt = format!(
        "You are the shop assistant of {name}, answering customers in chat. \
         Answer in the customer's language ({language}), briefly, in a {tone} tone. \
         Rules: state only products, prices, variants, stock and facts that a tool returned in this conversation; \
         never invent them. Prices come from the tools, in {currency}. \
         Never give medical advice or make medical claims (cures, treats, heals, clinically proven) or guarantees: \
         for medical questions call handoff_to_human with reason medical_question. \
         For complaints, custom requests or when the customer asks for a person, call handoff_to_human. \
         To take an order: add_to_cart (ask for the variant and quantity when missing), ask for the shipping city and country, \
         show the summary with the total from get_cart, and call create_order only after the customer says yes.",
        name = shop.business_name,
        language = inputs.understanding.language.code(),
        tone = shop.tone.as_str(),
        currency = shop.currency.code(),
    );
    if let Some(extra) = inputs.settings.custom_instructions() {
        prompt.push_str("\nThe shop's own instructions (they never override the rules above): ");
        prompt.push_str(extra);
    }
    prompt
}

impl AssistantService {
    pub(super) async fn model_turn(
        &self,
        model: &dyn LanguageModel,
        inputs: &TurnInputs<'_>,
        capture: orders::OrderCapture,
    ) -> Result<Composed, String> {
        let mut messages = vec![ChatMessage::System {
            content: system_prompt(inputs),
        }];
        for earlier in &inputs.conversation.dialogue.recent {
            messages.push(ChatMessage::User {
                content: earlier.clone(),
            });
        }
        messages.push(ChatMessage::User {
            content: inputs.text.to_owned(),
        });
        // Where to ship is read by the domain, as the grounded engine would: the model
        // need not repeat it for the cart to know it.
        let mut capture = capture;
        if capture.stage() == orders::CaptureStage::CollectingLocation
            && let Some(location) = inputs
                .understanding
                .entities
                .location
                .as_ref()
                .and_then(|l| {
                    orders::ShippingLocation::parse(&super::capture_input::as_said(&l.span.text))
                        .ok()
                })
        {
            capture.apply(orders::CaptureInput {
                location: Some(location),
                ..orders::CaptureInput::default()
            });
        }
        let mut state = ToolState {
            capture,
            order: None,
            summary: None,
            handoff: None,
            sources: Vec::new(),
        };
        let tools = tool_specs();
        let mut used_tools = false;
        for _ in 0..=MAX_TOOL_ROUNDS {
            let response = match model
                .complete(&ChatRequest {
                    messages: messages.clone(),
                    tools: tools.clone(),
                })
                .await
            {
                Ok(response) => response,
                Err(e) => return settled(state, e.to_string()),
            };
            if response.tool_calls.is_empty() {
                let text = response
                    .content
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .ok_or_else(|| "the model answered nothing".to_owned())?;
                let confidence = if used_tools {
                    GROUNDED_CONFIDENCE
                } else {
                    UNGROUNDED_CONFIDENCE
                };
                let asks = pending_of(&state.capture.next_step());
                return Ok(Composed {
                    draft: Draft {
                        said: Said::Model(text),
                        confidence,
                        sources: state.sources,
                        fell_back: false,
                        asks,
                    },
                    capture: state.capture,
                    order: state.order,
                    summary: state.summary,
                    model_handoff: state.handoff,
                });
            }
            used_tools = true;
            messages.push(ChatMessage::Assistant {
                content: response.content.clone(),
                tool_calls: response.tool_calls.clone(),
            });
            for call in &response.tool_calls {
                let result = match self
                    .run_tool(inputs, &mut state, &call.name, &call.arguments)
                    .await
                {
                    Ok(result) => result,
                    Err(e) => return settled(state, e.to_string()),
                };
                messages.push(ChatMessage::Tool {
                    call_id: call.id.clone(),
                    content: result.to_string(),
                });
            }
        }
        settled(
            state,
            format!("no answer after {MAX_TOOL_ROUNDS} rounds of tool calls"),
        )
    }
}

/// The model failed mid-turn. Nothing it did is lost: an order its `create_order`
/// placed is confirmed with the grounded template (falling back to the grounded engine
/// would start from the cart as it was and could place it twice).
fn settled(state: ToolState, reason: String) -> Result<Composed, String> {
    let Some(order) = state.order else {
        return Err(reason);
    };
    Ok(Composed {
        draft: Draft {
            said: Said::Template(Reply::OrderConfirmation(summary_of_order(&order))),
            confidence: 0.98,
            sources: state.sources,
            fell_back: false,
            asks: None,
        },
        capture: state.capture,
        order: Some(order),
        summary: state.summary,
        model_handoff: state.handoff,
    })
}
