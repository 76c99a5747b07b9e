//! The tools a language model may call, with their argument schemas. The domain
//! executes them against the real catalog, cart and orders (see `assistant`).

use std::fmt;

use serde_json::json;

use super::ToolSpec;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolName {
    SearchProducts,
    GetProductInfo,
    AddToCart,
    RemoveFromCart,
    GetCart,
    CreateOrder,
    GetOrderStatus,
    GetFaqAnswer,
    HandoffToHuman,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tool '{0}'")]
pub struct UnknownTool(pub String);

impl ToolName {
    pub const ALL: [ToolName; 9] = [
        ToolName::SearchProducts,
        ToolName::GetProductInfo,
        ToolName::AddToCart,
        ToolName::RemoveFromCart,
        ToolName::GetCart,
        ToolName::CreateOrder,
        ToolName::GetOrderStatus,
        ToolName::GetFaqAnswer,
        ToolName::HandoffToHuman,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ToolName::SearchProducts => "search_products",
            ToolName::GetProductInfo => "get_product_info",
            ToolName::AddToCart => "add_to_cart",
            ToolName::RemoveFromCart => "remove_from_cart",
            ToolName::GetCart => "get_cart",
            ToolName::CreateOrder => "create_order",
            ToolName::GetOrderStatus => "get_order_status",
            ToolName::GetFaqAnswer => "get_faq_answer",
            ToolName::HandoffToHuman => "handoff_to_human",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, UnknownTool> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == raw)
            .ok_or_else(|| UnknownTool(raw.to_owned()))
    }
}

impl fmt::Display for ToolName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn spec(name: ToolName, description: &str, parameters: serde_json::Value) -> ToolSpec {
    ToolSpec {
        name: name.as_str().to_owned(),
        description: description.to_owned(),
        parameters,
    }
}

/// Every tool, in the order the model sees them.
pub fn tool_specs() -> Vec<ToolSpec> {
    vec![
        spec(
            ToolName::SearchProducts,
            "Search this shop's catalog. Returns matching products with their current price, variants and availability. Never state a product, price or stock that no tool returned.",
            json!({
                "type": "object",
                "properties": {
                    "query": { "type": "string", "description": "What the customer is looking for, in their words." },
                    "limit": { "type": "integer", "minimum": 1, "maximum": 10 }
                },
                "required": ["query"],
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::GetProductInfo,
            "Full details of one product: description, variants with prices, availability, active offers.",
            json!({
                "type": "object",
                "properties": { "product_id": { "type": "string", "description": "An id returned by search_products." } },
                "required": ["product_id"],
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::AddToCart,
            "Add a product to the customer's cart, or set its quantity when it is already there. Ask for the variant when the product has variants and the customer did not say.",
            json!({
                "type": "object",
                "properties": {
                    "product_id": { "type": "string" },
                    "variant": { "type": "string", "description": "The variant's name or id, when the product has variants." },
                    "quantity": { "type": "integer", "minimum": 1, "maximum": 100 }
                },
                "required": ["product_id"],
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::RemoveFromCart,
            "Remove a product (or one variant of it) from the cart.",
            json!({
                "type": "object",
                "properties": {
                    "product_id": { "type": "string" },
                    "variant": { "type": "string" }
                },
                "required": ["product_id"],
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::GetCart,
            "The cart with current prices and total, the shipping location if known, and what is still missing before the order can be confirmed. Pass the shipping location when the customer just gave it: the total to show them comes back.",
            json!({
                "type": "object",
                "properties": { "shipping_location": { "type": "string" } },
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::CreateOrder,
            "Place the order in the cart. Only after the customer saw the summary with the total and said yes. Pass the shipping location if the customer just gave it.",
            json!({
                "type": "object",
                "properties": { "shipping_location": { "type": "string" } },
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::GetOrderStatus,
            "This customer's latest orders and their status.",
            json!({
                "type": "object",
                "properties": { "order_number": { "type": "integer", "minimum": 1 } },
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::GetFaqAnswer,
            "Search the shop's FAQs and documents (shipping, returns, ingredients, how to use). Returns the best passages with their source and score.",
            json!({
                "type": "object",
                "properties": { "question": { "type": "string" } },
                "required": ["question"],
                "additionalProperties": false
            }),
        ),
        spec(
            ToolName::HandoffToHuman,
            "Hand the conversation to the shop's team. Use for medical questions, complaints, custom requests, when the customer asks for a person, or when you cannot help.",
            json!({
                "type": "object",
                "properties": {
                    "reason": {
                        "type": "string",
                        "enum": ["medical_question", "custom_request", "complaint", "customer_request", "low_confidence"]
                    }
                },
                "required": ["reason"],
                "additionalProperties": false
            }),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_has_a_spec_under_its_name() {
        let specs = tool_specs();
        assert_eq!(specs.len(), ToolName::ALL.len());
        for (tool, spec) in ToolName::ALL.into_iter().zip(&specs) {
            assert_eq!(spec.name, tool.as_str());
            assert_eq!(ToolName::parse(&spec.name), Ok(tool));
            assert_eq!(spec.parameters["type"], "object");
        }
        assert!(ToolName::parse("delete_everything").is_err());
    }
}
