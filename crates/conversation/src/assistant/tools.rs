//! The language model's tools, executed against the real catalog, cart and orders.
//! Cart tools go through the same order capture machine as the grounded engine, so the
//! same rules hold whichever engine talks.

use catalog::ProductId;
use handoff::HandoffReason;
use orders::{
    CaptureInput, ItemMention, NextStep, OrderCapture, RemoveTarget, Reply as YesNo,
    ShippingLocation, VariantPick,
};
use serde_json::{Value, json};

use super::capture_input::choice_of;
use super::turn::TurnInputs;
use super::{AssistantError, AssistantService};
use crate::entities::{CatalogSnapshot, SnapshotProduct};
use crate::llm::ToolName;
use crate::tones::{OrderSummary, format_money};
use crate::understanding::{TurnContext, understand};

/// What the tools changed during one turn.
pub(super) struct ToolState {
    pub capture: OrderCapture,
    pub order: Option<orders::Order>,
    pub summary: Option<OrderSummary>,
    pub handoff: Option<HandoffReason>,
    /// Passages and products the model looked at, for the reply's sources.
    pub sources: Vec<super::Source>,
}

fn money(m: kernel::Money) -> Value {
    json!({ "amount": m.amount().to_string(), "currency": m.currency().code() })
}

fn product_json(product: &SnapshotProduct) -> Value {
    json!({
        "product_id": product.id.to_string(),
        "name": product.name.as_str(),
        "price": money(product.price),
        "regular_price": (product.list_price != product.price).then(|| money(product.list_price)),
        "available": product.available,
        "variants": product.variants.iter().map(|v| json!({
            "variant_id": v.id.to_string(),
            "name": v.name.as_str(),
            "price": money(v.price),
            "available": v.available && product.available,
        })).collect::<Vec<_>>(),
    })
}

fn product_arg(args: &Value, catalog: &CatalogSnapshot) -> Result<ProductId, String> {
    let raw = args
        .get("product_id")
        .and_then(Value::as_str)
        .ok_or("product_id is required")?;
    let id: ProductId = raw
        .parse()
        .map_err(|_| format!("'{raw}' is not a product id; use search_products"))?;
    catalog
        .product(id)
        .map(|p| p.id)
        .ok_or_else(|| format!("no product {raw} in this shop"))
}

fn variant_arg(args: &Value) -> Option<VariantPick> {
    let raw = args.get("variant").and_then(Value::as_str)?.trim();
    Some(match raw.parse() {
        Ok(id) => VariantPick::Id(id),
        Err(_) => VariantPick::Named(raw.to_owned()),
    })
}

fn cart_json(capture: &OrderCapture) -> Value {
    let missing = match capture.next_step() {
        NextStep::Nothing => "nothing is being ordered".to_owned(),
        NextStep::AskProduct => "which product".to_owned(),
        NextStep::AskVariant {
            product, options, ..
        } => format!(
            "the variant of {} (one of: {})",
            product.as_str(),
            options
                .iter()
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        NextStep::AskQuantity { product, max, .. } => {
            format!("how many {} (at most {max})", product.as_str())
        }
        NextStep::AskLocation => "the shipping location".to_owned(),
        NextStep::Confirm { .. } => {
            "the customer's yes to the summary with the total (then call create_order)".to_owned()
        }
        NextStep::PlaceOrder { .. } => "nothing: the order is being placed".to_owned(),
    };
    json!({
        "stage": capture.stage().as_str(),
        "lines": capture.cart().lines().iter().map(|l| json!({
            "product_id": l.product_id.to_string(),
            "product": l.product_name.as_str(),
            "variant": l.variant.as_ref().map(|v| v.name.as_str()),
            "quantity": l.quantity.get(),
        })).collect::<Vec<_>>(),
        "shipping_location": capture.location().map(|l| l.as_str()),
        "missing": missing,
    })
}

fn notices_json(outcome: &orders::Outcome) -> Value {
    serde_json::to_value(&outcome.notices).unwrap_or(Value::Null)
}

impl AssistantService {
    /// Runs one tool call; the `Ok` value is the JSON the model reads. Refusals the
    /// model can act on are results too (`{"error": ...}`); only storage failures fail.
    pub(super) async fn run_tool(
        &self,
        inputs: &TurnInputs<'_>,
        state: &mut ToolState,
        name: &str,
        args: &Value,
    ) -> Result<Value, AssistantError> {
        let refuse = |message: String| Ok(json!({ "error": message }));
        let Ok(tool) = ToolName::parse(name) else {
            return refuse(format!("unknown tool {name}"));
        };
        let catalog = inputs.catalog;
        match tool {
            ToolName::SearchProducts => {
                let query = args
                    .get("query")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let limit = args
                    .get("limit")
                    .and_then(Value::as_u64)
                    .map_or(5, |l| l.clamp(1, 10) as usize);
                let found = understand(query, catalog, &TurnContext::fresh(inputs.shop.language));
                let mut products: Vec<&SnapshotProduct> = found
                    .entities
                    .products
                    .iter()
                    .flat_map(|m| m.candidates.iter())
                    .filter_map(|c| catalog.product(c.product_id))
                    .collect();
                products.dedup_by_key(|p| p.id);
                products.truncate(limit);
                for p in &products {
                    state.sources.push(super::Source {
                        kind: crate::ports::SourceKind::Product,
                        id: p.id.as_uuid(),
                        title: p.name.as_str().to_owned(),
                        score: 1.0,
                    });
                }
                Ok(
                    json!({ "products": products.iter().map(|p| product_json(p)).collect::<Vec<_>>() }),
                )
            }
            ToolName::GetProductInfo => match product_arg(args, catalog) {
                Ok(id) => Ok(catalog.product(id).map(product_json).unwrap_or(Value::Null)),
                Err(e) => refuse(e),
            },
            ToolName::AddToCart => {
                let id = match product_arg(args, catalog) {
                    Ok(id) => id,
                    Err(e) => return refuse(e),
                };
                let product = catalog.product(id).map(choice_of);
                let quantity = args
                    .get("quantity")
                    .and_then(Value::as_u64)
                    .map(|q| u32::try_from(q).unwrap_or(u32::MAX));
                let outcome = state.capture.apply(CaptureInput {
                    wants_to_order: true,
                    items: vec![ItemMention {
                        product,
                        variant: variant_arg(args),
                        quantity: quantity.or(Some(1)),
                    }],
                    add_another: true,
                    ..CaptureInput::default()
                });
                Ok(json!({ "notices": notices_json(&outcome), "cart": cart_json(&state.capture) }))
            }
            ToolName::RemoveFromCart => {
                let id = match product_arg(args, catalog) {
                    Ok(id) => id,
                    Err(e) => return refuse(e),
                };
                let variant_id = match variant_arg(args) {
                    Some(VariantPick::Id(v)) => Some(v),
                    _ => None,
                };
                let outcome = state.capture.apply(CaptureInput {
                    remove: vec![RemoveTarget {
                        product_id: id,
                        variant_id,
                    }],
                    ..CaptureInput::default()
                });
                Ok(json!({ "notices": notices_json(&outcome), "cart": cart_json(&state.capture) }))
            }
            ToolName::GetCart => {
                if let Some(raw) = args.get("shipping_location").and_then(Value::as_str)
                    && let Ok(location) = ShippingLocation::parse(raw)
                {
                    state.capture.apply(CaptureInput {
                        location: Some(location),
                        ..CaptureInput::default()
                    });
                }
                let mut cart = cart_json(&state.capture);
                if let NextStep::Confirm {
                    cart: lines,
                    location,
                } = state.capture.next_step()
                    && let Some(summary) = self
                        .price_summary(&inputs.scope, &lines, &location, &mut state.capture)
                        .await
                {
                    cart["total"] = money(summary.total);
                    cart["total_text"] =
                        json!(format_money(summary.total, inputs.understanding.language));
                    state.summary = Some(summary);
                }
                Ok(cart)
            }
            ToolName::CreateOrder => {
                if let Some(raw) = args.get("shipping_location").and_then(Value::as_str)
                    && let Ok(location) = ShippingLocation::parse(raw)
                {
                    state.capture.apply(CaptureInput {
                        location: Some(location),
                        ..CaptureInput::default()
                    });
                }
                if let NextStep::Confirm { cart, location } = state.capture.next_step() {
                    // The summary must be what the customer agreed to: price it now.
                    if self
                        .price_summary(&inputs.scope, &cart, &location, &mut state.capture)
                        .await
                        .is_none()
                    {
                        return refuse("the cart cannot be sold as it is any more".into());
                    }
                    state.capture.apply(CaptureInput {
                        reply: Some(YesNo::Yes),
                        ..CaptureInput::default()
                    });
                }
                let NextStep::PlaceOrder { confirmed } = state.capture.next_step() else {
                    return Ok(
                        json!({ "error": "the order is not complete", "cart": cart_json(&state.capture) }),
                    );
                };
                match self.place(inputs, &confirmed, &mut state.capture).await? {
                    Some(order) => {
                        let result = json!({
                            "order_number": order.number().value(),
                            "total": money(order.total()),
                            "status": order.status().as_str(),
                        });
                        state.order = Some(order);
                        Ok(result)
                    }
                    None => refuse("the order could not be placed: prices or stock changed".into()),
                }
            }
            ToolName::GetOrderStatus => {
                let orders = self.orders_of(inputs).await?;
                let wanted = args.get("order_number").and_then(Value::as_u64);
                Ok(json!({ "orders": orders.iter()
                    .filter(|o| wanted.is_none_or(|n| o.number().value() == n))
                    .map(|o| json!({
                        "order_number": o.number().value(),
                        "status": o.status().as_str(),
                        "total": money(o.total()),
                        "captured_at": o.captured_at().to_rfc3339(),
                    })).collect::<Vec<_>>() }))
            }
            ToolName::GetFaqAnswer => {
                let question = args
                    .get("question")
                    .and_then(Value::as_str)
                    .unwrap_or(inputs.text);
                let hits = self
                    .knowledge_for(inputs.conversation.workspace_id, question)
                    .await;
                for hit in &hits {
                    state.sources.push(super::Source {
                        kind: hit.kind,
                        id: hit.id,
                        title: hit.title.clone(),
                        score: hit.score,
                    });
                }
                Ok(json!({ "passages": hits.iter().map(|h| json!({
                    "title": h.title, "text": h.text, "score": h.score, "kind": h.kind,
                })).collect::<Vec<_>>() }))
            }
            ToolName::HandoffToHuman => {
                let reason = args
                    .get("reason")
                    .and_then(Value::as_str)
                    .and_then(|r| HandoffReason::parse(r).ok())
                    .filter(|r| r.is_switchable())
                    .unwrap_or(HandoffReason::CustomerRequest);
                state.handoff = Some(reason);
                Ok(json!({ "handed_off": true, "reason": reason.as_str() }))
            }
        }
    }
}
