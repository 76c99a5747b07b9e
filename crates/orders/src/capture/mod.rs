//! The order capture state machine: a pure value the conversation layer keeps per
//! conversation and feeds with what each customer message gave.
//!
//! `browsing -> collecting_product -> collecting_variant -> collecting_quantity ->
//! collecting_location -> confirming_order -> order_captured`
//!
//! The stage is never stored: it is read from what is known (the lines, the location,
//! whether the customer is ordering), so a message that answers several questions at
//! once ("2 Glow Serum 50ml to Milan") skips every step it answered, a change of an
//! earlier answer moves the stage back by itself, and no stage can disagree with the
//! data. One rule the data cannot express is kept explicitly: an order is captured
//! only by a "yes" to the summary the customer was shown, in a message that changed
//! nothing and had nothing refused.
//!
//! Rules where the spec was silent:
//! - A "no" without anything else stops ordering (back to `browsing`) but forgets
//!   nothing; any later buying intent, "yes", or order detail resumes where it was.
//!   Only `cancel` empties the cart. A "no" with corrections ("no, make it 3") is a
//!   correction, not a refusal.
//! - A product named without "add"/"also" while another product is still being
//!   collected replaces it (a change of mind); several products in one message, or
//!   any product with "add", are added. Naming a product already in the cart with a
//!   quantity sets that quantity; with "add" it adds to it.
//! - Naming another variant of the only line of that product changes its variant.
//! - When exactly one variant may be sold, it is chosen for the customer (and said).
//! - Removing the last line ends ordering: there is nothing left to ask about.
//! - A quantity said before any product ("I want 2") is kept for the next product.
//! - Once captured, messages change nothing (`AlreadyCaptured`) until the customer
//!   starts another order; cancelling a placed order is the seller's status change.
//!
//! With a language model, its cart tools map onto the same input, so both engines
//! share these rules: `add_to_cart` is `items` with `add_another`, `remove_from_cart`
//! is `remove`, `get_cart` reads `cart()`/`next_step()`, and `create_order` is a
//! `Reply::Yes`, which only confirms at `confirming_order`.

mod input;
mod lines;
mod outcome;
mod snapshot;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;

use catalog::{ProductId, VariantId};

pub use input::*;
pub use outcome::*;
pub use snapshot::*;

use crate::{Cart, CartLine, CartVariant, ConfirmedCart, MAX_QUANTITY, Quantity, ShippingLocation};

/// One line as it is being collected; complete lines are the cart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    /// Stable within a capture, so "the line touched last" survives removals.
    no: u32,
    product: ProductChoice,
    /// Always one the product offered when it was set.
    variant: Option<VariantId>,
    quantity: Option<Quantity>,
}

impl Line {
    fn needs_variant(&self) -> bool {
        self.product.has_variants() && self.variant.is_none()
    }

    fn is_complete(&self) -> bool {
        !self.needs_variant() && self.quantity.is_some()
    }

    fn key(&self) -> (ProductId, Option<VariantId>) {
        (self.product.product_id, self.variant)
    }

    fn variant_name(&self) -> Option<catalog::VariantName> {
        self.variant
            .and_then(|id| self.product.variant(id))
            .map(|v| v.name.clone())
    }

    fn to_cart_line(&self) -> Option<CartLine> {
        if !self.is_complete() {
            return None;
        }
        let variant = match self.variant {
            None => None,
            Some(id) => {
                let choice = self.product.variant(id)?;
                Some(CartVariant {
                    id,
                    name: choice.name.clone(),
                })
            }
        };
        Some(CartLine {
            product_id: self.product.product_id,
            product_name: self.product.name.clone(),
            variant,
            quantity: self.quantity?,
        })
    }
}

/// The order being captured in one conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderCapture {
    /// The customer is ordering (as opposed to browsing, or having said no).
    engaged: bool,
    lines: Vec<Line>,
    location: Option<ShippingLocation>,
    /// The product talked about last, which "yes, I'll take it" refers to.
    focus: Option<ProductChoice>,
    last_line: Option<u32>,
    /// "Add another": ask for a product even though the cart is complete.
    awaiting_more: bool,
    /// A quantity said before any product.
    loose_quantity: Option<Quantity>,
    next_line_no: u32,
    captured: bool,
}

/// What the data looked like before a message, to tell whether it changed anything.
type View = (
    Vec<(ProductId, Option<VariantId>, Option<Quantity>)>,
    Option<ShippingLocation>,
);

impl OrderCapture {
    /// A conversation that has not started ordering.
    pub fn new() -> Self {
        Self::default()
    }

    pub fn stage(&self) -> CaptureStage {
        if self.captured {
            return CaptureStage::OrderCaptured;
        }
        if !self.engaged {
            return CaptureStage::Browsing;
        }
        if let Some(line) = self.first_incomplete() {
            return if line.needs_variant() {
                CaptureStage::CollectingVariant
            } else {
                CaptureStage::CollectingQuantity
            };
        }
        if self.awaiting_more || self.lines.is_empty() {
            return CaptureStage::CollectingProduct;
        }
        if self.location.is_none() {
            return CaptureStage::CollectingLocation;
        }
        CaptureStage::ConfirmingOrder
    }

    /// What to ask next; always agrees with `stage()`.
    pub fn next_step(&self) -> NextStep {
        match self.stage() {
            CaptureStage::Browsing => NextStep::Nothing,
            CaptureStage::CollectingProduct => NextStep::AskProduct,
            CaptureStage::CollectingVariant | CaptureStage::CollectingQuantity => {
                match self.first_incomplete() {
                    Some(line) if line.needs_variant() => NextStep::AskVariant {
                        product_id: line.product.product_id,
                        product: line.product.name.clone(),
                        options: line.product.offered_variant_names(),
                    },
                    Some(line) => NextStep::AskQuantity {
                        product_id: line.product.product_id,
                        product: line.product.name.clone(),
                        variant: line.variant_name(),
                        max: line
                            .product
                            .stock_limit(line.variant)
                            .map_or(MAX_QUANTITY, |s| s.min(MAX_QUANTITY)),
                    },
                    // Unreachable: these stages exist only with an incomplete line.
                    None => NextStep::AskProduct,
                }
            }
            CaptureStage::CollectingLocation => NextStep::AskLocation,
            CaptureStage::ConfirmingOrder => match &self.location {
                Some(location) => NextStep::Confirm {
                    cart: self.cart(),
                    location: location.clone(),
                },
                None => NextStep::AskLocation,
            },
            CaptureStage::OrderCaptured => match self.confirmed() {
                Some(confirmed) => NextStep::PlaceOrder { confirmed },
                None => NextStep::Nothing,
            },
        }
    }

    /// The complete lines, in the order they were added.
    pub fn cart(&self) -> Cart {
        let lines = self.lines.iter().filter_map(Line::to_cart_line).collect();
        // The machine merges equal lines and caps their number, so this cannot fail;
        // an empty cart is the honest answer if it ever did.
        Cart::new(lines).unwrap_or_default()
    }

    pub fn location(&self) -> Option<&ShippingLocation> {
        self.location.as_ref()
    }

    /// The product talked about last.
    pub fn focus(&self) -> Option<&ProductChoice> {
        self.focus.as_ref()
    }

    /// Lines still being collected (a variant or a quantity missing).
    pub fn pending_lines(&self) -> usize {
        self.lines.iter().filter(|l| !l.is_complete()).count()
    }

    /// The confirmed cart, once the customer said yes to the summary.
    pub fn confirmed(&self) -> Option<ConfirmedCart> {
        if !self.captured {
            return None;
        }
        ConfirmedCart::new(self.cart(), self.location.clone()?)
    }

    /// Placing the order failed after the "yes" (a price changed, stock ran out):
    /// back to the stage the data calls for, usually the summary again, so the
    /// customer confirms what can really be ordered.
    pub fn reopen(&mut self) {
        if self.captured {
            self.captured = false;
            self.engaged = true;
        }
    }

    /// Applies fresh catalog facts to the lines (the conversation layer passes them
    /// before showing a summary or placing the order): lines of products no longer
    /// sold go, variants no longer sold are asked again, quantities above the stock
    /// now counted are asked again.
    pub fn refresh_catalog(&mut self, fresh: &[ProductChoice]) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(focus) = &self.focus
            && let Some(choice) = fresh.iter().find(|p| p.product_id == focus.product_id)
        {
            self.focus = Some(choice.clone());
        }
        let mut kept = Vec::with_capacity(self.lines.len());
        for mut line in std::mem::take(&mut self.lines) {
            let Some(choice) = fresh
                .iter()
                .find(|p| p.product_id == line.product.product_id)
            else {
                kept.push(line);
                continue;
            };
            if !choice.offered {
                notices.push(Notice::ProductNotOffered {
                    product: choice.name.clone(),
                });
                continue;
            }
            let old_variant = line.variant_name();
            line.product = choice.clone();
            if let Some(id) = line.variant
                && !line.product.is_variant_offered(id)
            {
                line.variant = None;
                if let Some(variant) = old_variant {
                    notices.push(Notice::VariantNotOffered {
                        product: line.product.name.clone(),
                        variant,
                        offered: line.product.offered_variant_names(),
                    });
                }
            }
            lines::enforce_stock(&mut line, None, &mut notices);
            kept.push(line);
        }
        self.lines = kept;
        if !notices.is_empty() {
            self.reopen();
            if self.lines.is_empty() {
                self.engaged = false;
            }
        }
        notices
    }

    /// Feeds one customer message.
    pub fn apply(&mut self, input: CaptureInput) -> Outcome {
        let mut notices = Vec::new();
        if self.captured {
            if !(input.wants_to_order || input.add_another) {
                return self.outcome(vec![Notice::AlreadyCaptured]);
            }
            // A new order after the last one was placed starts from nothing.
            *self = Self::new();
        }
        if input.cancel {
            *self = Self {
                focus: self.focus.take(),
                ..Self::new()
            };
            return self.outcome(vec![Notice::Cancelled]);
        }
        let was_confirming = self.stage() == CaptureStage::ConfirmingOrder;
        let before = self.view();
        if let Some(product) = input.discussed.clone() {
            self.focus = Some(product);
        }

        let mut input = input;
        if !self.engaged {
            if !self.resumes(&input) {
                // Products named while browsing are remembered for a later "yes".
                if let Some(product) = input.items.iter().rev().find_map(|i| i.product.clone()) {
                    self.focus = Some(product);
                }
                return self.outcome(notices);
            }
            notices.push(if self.lines.is_empty() {
                Notice::Started
            } else {
                Notice::Resumed
            });
            self.engaged = true;
            self.seed_from_focus(&mut input);
        }

        if input.reply == Some(Reply::No) && !input.gives_order_data() {
            self.engaged = false;
            self.awaiting_more = false;
            notices.push(if was_confirming {
                Notice::Declined
            } else {
                Notice::Paused
            });
            return self.outcome(notices);
        }

        let mut removed = false;
        for target in &input.remove {
            removed |= self.remove(*target, &mut notices);
        }
        let collecting = self.first_incomplete().map(|l| l.no);
        let named_product = input.items.iter().any(|i| i.product.is_some());
        for (i, item) in input.items.iter().enumerate() {
            let adding = input.add_another || i > 0;
            let replaceable = if i == 0 { collecting } else { None };
            self.apply_item(item, adding, replaceable, &mut notices);
        }
        // "Add another" with nothing to add yet means "ask me what".
        let adds_nothing = input
            .items
            .iter()
            .all(|i| i.product.is_none() && i.variant.is_none() && i.quantity.is_none());
        if input.add_another && adds_nothing {
            self.awaiting_more = true;
        } else if named_product {
            self.awaiting_more = false;
        }
        if let Some(location) = input.location.clone() {
            match self.location.replace(location.clone()) {
                Some(from) if from != location => {
                    notices.push(Notice::LocationChanged { from, to: location })
                }
                _ => {}
            }
        }
        self.merge_equal_lines(&mut notices);
        if removed && self.lines.is_empty() {
            self.engaged = false;
            self.awaiting_more = false;
        }

        // A "yes" confirms only the summary shown, in a message that asked for nothing
        // else: no change, nothing refused, nothing to add or remove.
        let confirms = was_confirming
            && input.reply == Some(Reply::Yes)
            && !input.add_another
            && input.remove.is_empty()
            && self.view() == before
            && !self.awaiting_more
            && !notices.iter().any(Notice::is_problem)
            && self.stage() == CaptureStage::ConfirmingOrder;
        if confirms {
            self.captured = true;
        }
        self.outcome(notices)
    }

    /// Whether a message resumes (or starts) ordering from `browsing`.
    fn resumes(&self, input: &CaptureInput) -> bool {
        let has_order = !self.lines.is_empty();
        let yes = input.reply == Some(Reply::Yes);
        input.wants_to_order
            || input.add_another
            || (yes && (has_order || self.focus.is_some()))
            || (has_order && input.gives_details())
    }

    /// An order started without naming a product is for the product under discussion.
    fn seed_from_focus(&self, input: &mut CaptureInput) {
        if !self.lines.is_empty()
            || input.add_another
            || input.items.iter().any(|i| i.product.is_some())
        {
            return;
        }
        let Some(focus) = self.focus.clone() else {
            return;
        };
        match input.items.first_mut() {
            Some(first) => first.product = Some(focus),
            None => input.items.push(ItemMention {
                product: Some(focus),
                ..ItemMention::default()
            }),
        }
    }

    fn first_incomplete(&self) -> Option<&Line> {
        self.lines.iter().find(|l| !l.is_complete())
    }

    fn view(&self) -> View {
        (
            self.lines
                .iter()
                .map(|l| (l.product.product_id, l.variant, l.quantity))
                .collect(),
            self.location.clone(),
        )
    }

    fn outcome(&self, notices: Vec<Notice>) -> Outcome {
        Outcome {
            stage: self.stage(),
            next: self.next_step(),
            notices,
        }
    }
}
