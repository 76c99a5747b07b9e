//! What the machine tells the conversation layer after each message: where it stands,
//! what to ask next, and what happened that the reply should mention.

use std::fmt;

use catalog::{ProductId, ProductName, VariantName};
use serde::Serialize;

use crate::{Cart, ConfirmedCart, Quantity, ShippingLocation};

/// The order capture stages of the spec. Each stage but `browsing` and
/// `order_captured` names the one thing the assistant asks next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureStage {
    Browsing,
    CollectingProduct,
    CollectingVariant,
    CollectingQuantity,
    CollectingLocation,
    ConfirmingOrder,
    OrderCaptured,
}

impl CaptureStage {
    pub const ALL: [CaptureStage; 7] = [
        CaptureStage::Browsing,
        CaptureStage::CollectingProduct,
        CaptureStage::CollectingVariant,
        CaptureStage::CollectingQuantity,
        CaptureStage::CollectingLocation,
        CaptureStage::ConfirmingOrder,
        CaptureStage::OrderCaptured,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaptureStage::Browsing => "browsing",
            CaptureStage::CollectingProduct => "collecting_product",
            CaptureStage::CollectingVariant => "collecting_variant",
            CaptureStage::CollectingQuantity => "collecting_quantity",
            CaptureStage::CollectingLocation => "collecting_location",
            CaptureStage::ConfirmingOrder => "confirming_order",
            CaptureStage::OrderCaptured => "order_captured",
        }
    }
}

impl fmt::Display for CaptureStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The one thing to ask or say next, with what the reply template needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum NextStep {
    /// Not ordering: answer whatever the customer asked.
    Nothing,
    AskProduct,
    AskVariant {
        product_id: ProductId,
        product: ProductName,
        /// Only what may be sold, in the seller's order.
        options: Vec<VariantName>,
    },
    AskQuantity {
        product_id: ProductId,
        product: ProductName,
        variant: Option<VariantName>,
        /// The most the customer may ask for (the per-line cap, or less stock).
        max: u32,
    },
    AskLocation,
    /// Show the summary (priced through `OrderService::quote_cart`) and ask for a yes.
    Confirm {
        cart: Cart,
        location: ShippingLocation,
    },
    /// Confirmed: place the order (`OrderService::place_order`) and hand off.
    PlaceOrder {
        confirmed: ConfirmedCart,
    },
}

/// Something that happened to the order in this message, for the reply to mention.
/// Problems (`is_problem`) explain why something the customer said was not taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    Started,
    Resumed,
    Added {
        product: ProductName,
        variant: Option<VariantName>,
        quantity: Option<Quantity>,
    },
    QuantityChanged {
        product: ProductName,
        variant: Option<VariantName>,
        from: Quantity,
        to: Quantity,
    },
    VariantChanged {
        product: ProductName,
        from: VariantName,
        to: VariantName,
    },
    /// The only variant that may be sold was picked for the customer.
    VariantChosen {
        product: ProductName,
        variant: VariantName,
    },
    /// The customer switched product while the previous one was still being collected.
    ProductReplaced {
        from: ProductName,
        to: ProductName,
    },
    Removed {
        product: ProductName,
        variant: Option<VariantName>,
    },
    LocationChanged {
        from: ShippingLocation,
        to: ShippingLocation,
    },
    /// "No" to the summary: ordering stops, the cart is kept.
    Declined,
    /// "No" while collecting: ordering stops, everything said so far is kept.
    Paused,
    /// The customer cancelled: the cart is emptied.
    Cancelled,
    /// The order was already confirmed; nothing in this message changes it.
    AlreadyCaptured,
    // Problems.
    ProductNotOffered {
        product: ProductName,
    },
    VariantNotOffered {
        product: ProductName,
        variant: VariantName,
        offered: Vec<VariantName>,
    },
    VariantUnknown {
        product: ProductName,
        said: String,
        offered: Vec<VariantName>,
    },
    /// A variant for a product that has none.
    VariantNotApplicable {
        product: ProductName,
    },
    /// A variant was named before any product.
    ProductNeeded,
    QuantityZero,
    QuantityTooLarge {
        max: u32,
    },
    NotEnoughStock {
        product: ProductName,
        variant: Option<VariantName>,
        available: u32,
    },
    NotInCart {
        product_id: ProductId,
    },
    CartFull,
}

impl Notice {
    /// Whether something the customer said was refused; a "yes" in the same message
    /// then does not confirm, because the summary they said yes to is not what they
    /// asked for.
    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            Notice::ProductNotOffered { .. }
                | Notice::VariantNotOffered { .. }
                | Notice::VariantUnknown { .. }
                | Notice::VariantNotApplicable { .. }
                | Notice::ProductNeeded
                | Notice::QuantityZero
                | Notice::QuantityTooLarge { .. }
                | Notice::NotEnoughStock { .. }
                | Notice::NotInCart { .. }
                | Notice::CartFull
        )
    }
}

/// The result of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub stage: CaptureStage,
    pub next: NextStep,
    pub notices: Vec<Notice>,
}
