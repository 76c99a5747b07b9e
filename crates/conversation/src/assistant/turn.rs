//! One turn: the burst of customer messages since the last answer, answered.

use channels::MessageId;
use handoff::{AssistantGate, Decision, HandoffReason, TurnSignals, decide, next_unhelpful_streak};
use kernel::{DomainEvent, WorkspaceId};
use orders::{
    CaptureStage, ConversationId as OrderConversationId, CustomerId, NextStep, OrderCapture,
    OrderScope, OrderSource, PlaceOrder, PlacementKey, SalesChannel,
};

use super::capture_input::capture_input;
use super::cart_cues::cart_cues;
use super::compose::{Draft, Facts, Said, compose, summary_of_order};
use super::finish::{Voice, screened, words};
use super::report::{
    CartLineReport, CartReport, ReplyReport, StateReport, TurnOutcome, TurnReport,
};
use super::{AssistantError, AssistantService};
use crate::conversations::{Conversation, ConversationId, SAVE_ATTEMPTS};
use crate::entities::Confirmation;
use crate::guardrails::AllowedPrices;
use crate::intents::Intent;
use crate::ports::{ConversationRepositoryError, CustomerLine, KnowledgeHit};
use crate::sentiment::Sentiment;
use crate::text::tokenize;
use crate::tones::{OrderLine, OrderSummary, Reply};
use crate::understanding::{TurnContext, understand};

/// Knowledge passages read per turn.
const KNOWLEDGE_HITS: usize = 3;

fn sales_channel(platform: channels::Platform) -> SalesChannel {
    match platform {
        channels::Platform::Messenger => SalesChannel::Messenger,
        channels::Platform::Instagram => SalesChannel::Instagram,
        channels::Platform::WhatsApp => SalesChannel::WhatsApp,
        channels::Platform::Web => SalesChannel::Web,
        channels::Platform::Playground => SalesChannel::Playground,
    }
}

/// Intents whose answer may sit in the FAQs or documents.
fn may_need_knowledge(intent: Intent) -> bool {
    matches!(
        intent,
        Intent::ProductInquiry
            | Intent::Complaint
            | Intent::Unknown
            | Intent::ChitChat
            | Intent::MedicalQuestion
            | Intent::CustomRequest
            | Intent::PriceCheck
            | Intent::AvailabilityCheck
    )
}

fn cart_report(capture: &OrderCapture) -> CartReport {
    CartReport {
        lines: capture
            .cart()
            .lines()
            .iter()
            .map(|line| CartLineReport {
                product_id: line.product_id,
                product: line.product_name.as_str().to_owned(),
                variant: line.variant.as_ref().map(|v| v.name.as_str().to_owned()),
                quantity: line.quantity.get(),
            })
            .collect(),
        shipping_location: capture.location().map(|l| l.as_str().to_owned()),
    }
}

fn reply_kind(draft: &Draft, decision: &Decision) -> String {
    let template_kind = |said: &Said| match said {
        Said::Template(reply) => serde_json::to_value(reply.kind())
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "reply".to_owned()),
        Said::Passage(_) => "answer".to_owned(),
        Said::Model(_) => "model".to_owned(),
    };
    match decision {
        Decision::Handoff { .. } => "handoff".to_owned(),
        Decision::OfferHuman { .. } => "offer_human".to_owned(),
        Decision::AnswerWithCaveat if draft.asks.is_none() => "caveat".to_owned(),
        _ => template_kind(&draft.said),
    }
}

impl AssistantService {
    /// Answers the burst that ends with `through`, unless a later message took it over
    /// or it was answered before.
    #[tracing::instrument(skip_all, fields(conversation = %conversation_id))]
    pub async fn take_turn(
        &self,
        workspace_id: WorkspaceId,
        conversation_id: ConversationId,
        through: MessageId,
    ) -> Result<TurnOutcome, AssistantError> {
        for _ in 0..SAVE_ATTEMPTS {
            let conversation = self
                .ports
                .conversations
                .get(workspace_id, conversation_id)
                .await?
                .ok_or(AssistantError::ConversationNotFound)?;
            match self.turn_once(conversation, through).await {
                Err(TurnError::Conflict) => continue,
                Err(TurnError::Failed(e)) => return Err(e),
                Ok(outcome) => return Ok(outcome),
            }
        }
        Err(AssistantError::Unexpected(
            "the conversation kept changing during the turn".into(),
        ))
    }

    async fn turn_once(
        &self,
        mut conversation: Conversation,
        through: MessageId,
    ) -> Result<TurnOutcome, TurnError> {
        let workspace_id = conversation.workspace_id;
        let lines: Vec<CustomerLine> = self
            .ports
            .messages
            .customer_messages_after(
                workspace_id,
                conversation.channel_id,
                conversation.contact_id,
                conversation.answered_through,
            )
            .await
            .map_err(AssistantError::from)?;
        let Some(last) = lines.last() else {
            return Ok(TurnOutcome::AlreadyAnswered);
        };
        if last.message_id != through {
            return Ok(if lines.iter().any(|l| l.message_id == through) {
                TurnOutcome::LeftToLaterMessage
            } else {
                TurnOutcome::AlreadyAnswered
            });
        }
        let text = lines
            .iter()
            .map(|l| l.text.trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n");

        let now = self.now();
        let settings = self.settings_of(workspace_id).await?;
        let shop = self
            .ports
            .shops
            .profile(workspace_id, now)
            .await
            .map_err(AssistantError::from)?;
        let catalog = self
            .ports
            .catalogs
            .snapshot(workspace_id, shop.currency)
            .await
            .map_err(AssistantError::from)?;

        let recent: Vec<&str> = conversation
            .dialogue
            .recent
            .iter()
            .map(String::as_str)
            .collect();
        let understanding = understand(
            &text,
            &catalog,
            &TurnContext {
                previous_language: conversation.dialogue.language,
                workspace_language: shop.language,
                pending: conversation.dialogue.pending,
                focus: &conversation.dialogue.focus,
                previous_messages: &recent,
            },
        );
        let intent = understanding.intent();
        let contact_blocked = self
            .ports
            .customers
            .is_blocked(workspace_id, conversation.contact_id)
            .await
            .map_err(AssistantError::from)?;
        let gate = AssistantGate {
            contact_blocked,
            workspace_assistant_on: settings.enabled,
            conversation_assistant_on: conversation.assistant_enabled,
        };
        let silence = decide(
            &settings.handoff,
            &conversation.state,
            &gate,
            &TurnSignals::confident(),
        );

        let capture = OrderCapture::restore(conversation.capture.clone()).unwrap_or_default();
        let scope = OrderScope::new(workspace_id, shop.currency);
        let inputs = TurnInputs {
            conversation: &conversation,
            through,
            text: &text,
            understanding: &understanding,
            catalog: &catalog,
            scope,
            shop: &shop,
            settings: &settings,
        };
        let mut model_fallback = None;
        let mut engine = "grounded".to_owned();
        let composed = if silence.is_silent() {
            None
        } else if let Some(model) = self.ports.model.clone() {
            match self
                .model_turn(model.as_ref(), &inputs, capture.clone())
                .await
            {
                Ok(composed) => {
                    engine = model.name().to_owned();
                    Some(composed)
                }
                Err(reason) => {
                    tracing::warn!(%reason, "the language model failed; answering grounded");
                    model_fallback = Some(reason);
                    Some(self.grounded(&inputs, capture.clone()).await?)
                }
            }
        } else {
            Some(self.grounded(&inputs, capture.clone()).await?)
        };
        let stage = composed
            .as_ref()
            .map_or(capture.stage(), |c| c.capture.stage());
        let capture = composed.as_ref().map_or(capture, |c| c.capture.clone());
        let report_order = composed.as_ref().and_then(|c| c.order.clone());
        let summary = composed.as_ref().and_then(|c| c.summary.clone());
        let confirmed_summary = report_order.as_ref().map(summary_of_order);
        let model_handoff = composed.as_ref().and_then(|c| c.model_handoff);
        let draft = composed.map(|c| c.draft);

        // The policy.
        let (mut decision, mut draft) = match draft {
            None => (silence, None),
            Some(draft) => {
                let would_fail = draft.fell_back;
                // Unhelpful answers already sent; this turn's counts once it is sent.
                let streak = if would_fail {
                    conversation.dialogue.unhelpful_streak
                } else {
                    0
                };
                let accepts_human = conversation.dialogue.offered_human
                    && understanding.entities.confirmation == Some(Confirmation::Yes)
                    && understanding.entities.products.is_empty();
                let signals = TurnSignals {
                    confidence: handoff::Confidence::new(draft.confidence)
                        .unwrap_or(handoff::Confidence::ZERO),
                    medical: intent == Intent::MedicalQuestion
                        || model_handoff == Some(HandoffReason::MedicalQuestion),
                    custom_request: intent == Intent::CustomRequest
                        || model_handoff == Some(HandoffReason::CustomRequest),
                    // "What's your return policy?" reads like a complaint but is a
                    // question the shop's FAQ answers; a negative one stays a complaint.
                    complaint: (intent == Intent::Complaint
                        && !(matches!(draft.said, Said::Passage(_))
                            && understanding.sentiment.score >= 0.0))
                        || understanding.sentiment.sentiment == Sentiment::VeryNegative
                        || model_handoff == Some(HandoffReason::Complaint),
                    frustrated: understanding.frustration.frustrated
                        && intent != Intent::SpeakToHuman,
                    asked_for_human: intent == Intent::SpeakToHuman
                        || accepts_human
                        || understanding.frustration.escalation_phrase
                        || model_handoff == Some(HandoffReason::CustomerRequest),
                    unhelpful_streak: streak,
                    order_confirmed: report_order.is_some(),
                    open_now: shop.open_now,
                };
                let mut decision = decide(&settings.handoff, &conversation.state, &gate, &signals);
                // The model asked for a person for a reason the table has no row for.
                if model_handoff == Some(HandoffReason::LowConfidence)
                    && !matches!(decision, Decision::Handoff { .. })
                    && settings.handoff.is_enabled(HandoffReason::LowConfidence)
                {
                    decision = Decision::Handoff {
                        reason: HandoffReason::LowConfidence,
                        team_available: shop.open_now,
                    };
                }
                (decision, Some(draft))
            }
        };

        let voice = Voice {
            tone: shop.tone,
            language: understanding.language,
            back_at: shop.back_at,
        };
        let mut allowed = AllowedPrices::from_catalog(&catalog);
        if let Some(Said::Template(reply)) = draft.as_ref().map(|d| &d.said) {
            allowed.extend(reply.prices());
        }
        if let Some(s) = summary.as_ref().or(confirmed_summary.as_ref()) {
            allowed.extend(Reply::OrderSummary(s.clone()).prices());
        }

        // The shop's own words (a passage) and a model's are screened before any
        // template wraps them, so a rewrite never leaves a template's filler alone.
        let mut verdict = crate::guardrails::Verdict::Allowed;
        if let Some(d) = draft.as_mut()
            && let Said::Passage(text) | Said::Model(text) = &mut d.said
        {
            let (found, kept) = screened(text, &allowed);
            if let Some(kept) = kept {
                *text = kept;
            }
            verdict = found;
        }
        let mut text_out = match &draft {
            Some(d) if !matches!(verdict, crate::guardrails::Verdict::Blocked { .. }) => {
                words(&voice, d, &decision, confirmed_summary.as_ref())
                    .map_err(AssistantError::from)?
            }
            _ => None,
        };
        if let Some(out) = &text_out {
            let (found, kept) = screened(out, &allowed);
            if !matches!(found, crate::guardrails::Verdict::Allowed) {
                verdict = found;
            }
            text_out = kept;
        }
        if matches!(verdict, crate::guardrails::Verdict::Blocked { .. }) && draft.is_some() {
            // Never sent: a person answers instead.
            decision = Decision::Handoff {
                reason: HandoffReason::LowConfidence,
                team_available: shop.open_now,
            };
            text_out = match &draft {
                Some(d) => words(&voice, d, &decision, confirmed_summary.as_ref())
                    .map_err(AssistantError::from)?,
                None => None,
            };
        }
        // The workspace's own welcome is not screened: its prices and promises are the
        // seller's to make.
        if let (Some(out), Some(welcome), 0) = (
            text_out.as_mut(),
            settings.welcome_message(),
            conversation.dialogue.turns,
        ) {
            *out = format!("{welcome}\n\n{out}");
        }
        let to_send = text_out;

        // Send first, then save: a crash between the two re-runs the turn, which finds
        // the reply already queued under its key.
        let mut reply_report = None;
        if let Some(out) = &to_send {
            let key = format!("reply:{through}");
            let queued = self
                .ports
                .outbox
                .queue(&conversation, &key, out)
                .await
                .map_err(AssistantError::from)?;
            if let Some(draft) = &draft {
                reply_report = Some(ReplyReport {
                    text: out.clone(),
                    kind: reply_kind(draft, &decision),
                    sources: draft.sources.clone(),
                    confidence: draft.confidence,
                    message_id: queued.message_id,
                });
            }
        }

        // Remember the turn.
        let mut timeline = Vec::new();
        let mut domain_events = vec![DomainEvent::ConversationUpdated {
            workspace_id,
            conversation_id: conversation.id.as_uuid(),
        }];
        if let Some(draft) = &draft {
            let dialogue = &mut conversation.dialogue;
            dialogue.language = Some(understanding.language);
            dialogue.pending = draft.asks;
            if let Some(product) = understanding
                .entities
                .products
                .iter()
                .find(|m| !m.is_ambiguous())
                .and_then(|m| m.best())
            {
                dialogue.focus_on(product.product_id);
            }
            if let Some(focus) = capture.focus() {
                dialogue.focus_on(focus.product_id);
            }
            dialogue.unhelpful_streak =
                next_unhelpful_streak(dialogue.unhelpful_streak, &decision, draft.fell_back);
            for line in &lines {
                dialogue.remember_message(&line.text);
            }
            dialogue.turns += 1;
            dialogue.offered_human = matches!(decision, Decision::OfferHuman { .. });
            conversation.capture = capture.snapshot();
            match decision {
                Decision::Handoff { reason, .. } => {
                    conversation.dialogue.pending = None;
                    if let Ok(event) = conversation.hand_off(reason, now) {
                        timeline.push(event);
                    }
                    domain_events.push(DomainEvent::HandoffRequested {
                        workspace_id,
                        conversation_id: conversation.id.as_uuid(),
                        reason: reason.as_str().to_owned(),
                    });
                }
                Decision::StaySilent { .. } => {}
                _ => {
                    let _ = conversation.state.assistant_replied(now);
                }
            }
        }
        if let Some(order) = &report_order {
            domain_events.push(DomainEvent::OrderCaptured {
                workspace_id,
                order_id: order.id().as_uuid(),
                conversation_id: conversation.id.as_uuid(),
            });
            // The next "I want..." starts a new order.
            let mut fresh = OrderCapture::restore(conversation.capture.clone()).unwrap_or_default();
            if fresh.stage() == CaptureStage::OrderCaptured {
                fresh = OrderCapture::new();
            }
            conversation.capture = fresh.snapshot();
        }
        conversation.answered_through = Some(through);
        conversation.answered_at = Some(now);
        conversation.updated_at = now;
        match self
            .ports
            .conversations
            .save(&conversation, &timeline)
            .await
        {
            Ok(version) => conversation.version = version,
            Err(ConversationRepositoryError::VersionConflict) => return Err(TurnError::Conflict),
            Err(e) => return Err(TurnError::Failed(e.into())),
        }
        self.publish(domain_events).await;

        let state = StateReport {
            lifecycle: conversation.state.lifecycle(),
            owner: conversation.state.owner(),
            order_stage: if report_order.is_some() {
                CaptureStage::OrderCaptured
            } else {
                stage
            },
            cart: cart_report(&capture),
        };
        Ok(TurnOutcome::Answered(Box::new(TurnReport {
            conversation_id: conversation.id,
            through,
            text,
            reply: reply_report,
            language: understanding.language,
            handoff: decision.handoff_reason(),
            decision,
            understanding,
            state,
            order: report_order,
            guardrail: verdict,
            engine,
            model_fallback,
        })))
    }
}

enum TurnError {
    Conflict,
    Failed(AssistantError),
}

impl From<AssistantError> for TurnError {
    fn from(e: AssistantError) -> Self {
        TurnError::Failed(e)
    }
}

/// What a turn reads, for either engine.
pub(super) struct TurnInputs<'a> {
    pub conversation: &'a Conversation,
    pub through: MessageId,
    pub text: &'a str,
    pub understanding: &'a crate::understanding::Understanding,
    pub catalog: &'a crate::entities::CatalogSnapshot,
    pub scope: OrderScope,
    pub shop: &'a crate::ports::ShopProfile,
    pub settings: &'a crate::conversations::AssistantSettings,
}

/// What an engine made of the turn, before the policy.
pub(super) struct Composed {
    pub draft: Draft,
    pub capture: OrderCapture,
    pub order: Option<orders::Order>,
    pub summary: Option<OrderSummary>,
    /// A handoff the model asked for (`handoff_to_human`).
    pub model_handoff: Option<HandoffReason>,
}

impl AssistantService {
    pub(super) fn customer_of(conversation: &Conversation) -> CustomerId {
        CustomerId::from_uuid(conversation.contact_id.as_uuid())
    }

    /// Prices the cart for the summary; `None` (and the capture reopened) when it cannot
    /// be sold as it is any more.
    pub(super) async fn price_summary(
        &self,
        scope: &OrderScope,
        cart: &orders::Cart,
        location: &orders::ShippingLocation,
        capture: &mut OrderCapture,
    ) -> Option<OrderSummary> {
        match self.ports.orders.quote_cart(scope, cart).await {
            Ok(quoted) => Some(OrderSummary {
                lines: quoted
                    .lines
                    .iter()
                    .map(|line| OrderLine {
                        product: line.product_name().as_str().to_owned(),
                        variant: line.variant_name().map(|v| v.as_str().to_owned()),
                        quantity: line.quantity().get(),
                        unit_price: line.unit_price(),
                        line_total: line.line_total(),
                    })
                    .collect(),
                total: quoted.total,
                location: location.as_str().to_owned(),
            }),
            Err(e) => {
                tracing::info!(error = %e, "the cart could not be priced");
                capture.reopen();
                None
            }
        }
    }

    /// Places the confirmed order, once: the placement key is the confirming message.
    pub(super) async fn place(
        &self,
        inputs: &TurnInputs<'_>,
        confirmed: &orders::ConfirmedCart,
        capture: &mut OrderCapture,
    ) -> Result<Option<orders::Order>, AssistantError> {
        let conversation = inputs.conversation;
        let placement_key = PlacementKey::parse(&format!("msg:{}", inputs.through))
            .map_err(|e| AssistantError::Unexpected(e.to_string()))?;
        let place = PlaceOrder {
            confirmed: confirmed.clone(),
            source: OrderSource {
                customer_id: Self::customer_of(conversation),
                conversation_id: OrderConversationId::from_uuid(conversation.id.as_uuid()),
                channel: sales_channel(conversation.platform),
                channel_id: Some(orders::ChannelId::from_uuid(
                    conversation.channel_id.as_uuid(),
                )),
            },
            placement_key,
            shown_total: None,
        };
        match self.ports.orders.place_order(&inputs.scope, place).await {
            Ok(order) => Ok(Some(order)),
            Err(orders::PlaceOrderError::Unexpected(e)) => Err(AssistantError::Unexpected(e)),
            Err(e) => {
                // Sold out or repriced since the summary: show it again.
                tracing::info!(error = %e, "the confirmed order could not be placed");
                capture.reopen();
                Ok(None)
            }
        }
    }

    pub(super) async fn knowledge_for(
        &self,
        workspace_id: WorkspaceId,
        question: &str,
    ) -> Vec<KnowledgeHit> {
        self.ports
            .knowledge
            .lookup(workspace_id, question, KNOWLEDGE_HITS)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "knowledge lookup failed; answering without it");
                Vec::new()
            })
    }

    pub(super) async fn orders_of(
        &self,
        inputs: &TurnInputs<'_>,
    ) -> Result<Vec<orders::Order>, AssistantError> {
        Ok(self
            .ports
            .orders
            .customer_orders(
                &inputs.scope,
                Self::customer_of(inputs.conversation),
                orders::LATEST_ORDERS_DEFAULT,
            )
            .await?)
    }

    /// The grounded engine: rules, the catalog, the knowledge, the tone's templates.
    async fn grounded(
        &self,
        inputs: &TurnInputs<'_>,
        mut capture: OrderCapture,
    ) -> Result<Composed, AssistantError> {
        let understanding = inputs.understanding;
        let intent = understanding.intent();
        let pending = inputs.conversation.dialogue.pending;
        let stage_before = capture.stage();
        let input = capture_input(
            understanding,
            inputs.catalog,
            stage_before,
            pending,
            cart_cues(&tokenize(inputs.text)),
        );
        let outcome = capture.apply(input);
        let order_moved = !outcome.notices.is_empty()
            || outcome.stage != stage_before
            || (pending.is_some() && !matches!(outcome.next, NextStep::Nothing));
        let mut summary = None;
        let mut order = None;
        match &outcome.next {
            NextStep::Confirm { cart, location } => {
                summary = self
                    .price_summary(&inputs.scope, cart, location, &mut capture)
                    .await;
            }
            NextStep::PlaceOrder { confirmed } => {
                order = self.place(inputs, confirmed, &mut capture).await?;
            }
            _ => {}
        }
        // The catalog answers prices, stock and order steps: no need to search the
        // knowledge base for those (the slowest read of a turn).
        let catalog_answers = order_moved
            || (matches!(intent, Intent::PriceCheck | Intent::AvailabilityCheck)
                && (!understanding.entities.products.is_empty()
                    || !understanding.entities.variants.is_empty()));
        let knowledge = if may_need_knowledge(intent) && !catalog_answers {
            self.knowledge_for(inputs.conversation.workspace_id, inputs.text)
                .await
        } else {
            Vec::new()
        };
        let customer_orders = if intent == Intent::OrderStatus {
            Some(self.orders_of(inputs).await?)
        } else {
            None
        };
        let next = capture.next_step();
        let draft = compose(&Facts {
            understanding,
            catalog: inputs.catalog,
            stage: capture.stage(),
            next: &next,
            notices: &outcome.notices,
            summary: summary.as_ref(),
            placed: order.as_ref(),
            knowledge: &knowledge,
            customer_orders: customer_orders.as_deref(),
            order_moved,
        });
        Ok(Composed {
            draft,
            capture,
            order,
            summary,
            model_handoff: None,
        })
    }
}
