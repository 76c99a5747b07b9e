//! The machine, message by message, as a customer would talk to it: the basic flow,
//! changes of mind, and limits (stock, quantities, snapshots, placement).

mod changes;
mod flow;
mod limits;

use catalog::{ProductId, ProductName, VariantId, VariantName};

use super::*;
use crate::ShippingLocation;

pub(super) fn variant(name: &str, offered: bool, stock: Option<u32>) -> VariantChoice {
    VariantChoice {
        id: VariantId::new(),
        name: VariantName::parse(name).unwrap(),
        offered,
        stock,
    }
}

pub(super) fn product(name: &str, variants: Vec<VariantChoice>) -> ProductChoice {
    ProductChoice {
        product_id: ProductId::new(),
        name: ProductName::parse(name).unwrap(),
        offered: true,
        stock: None,
        variants,
    }
}

/// 30ml and 50ml on sale, 100ml sold out.
pub(super) fn serum() -> ProductChoice {
    product(
        "Glow Serum",
        vec![
            variant("30ml", true, None),
            variant("50ml", true, Some(10)),
            variant("100ml", false, Some(0)),
        ],
    )
}

/// No variants, five on the shelf.
pub(super) fn balm() -> ProductChoice {
    let mut balm = product("Lip Balm", vec![]);
    balm.stock = Some(5);
    balm
}

/// Only Rose may be sold.
pub(super) fn oil() -> ProductChoice {
    product(
        "Lip Oil",
        vec![variant("Rose", true, None), variant("Cherry", false, None)],
    )
}

pub(super) fn sold_out() -> ProductChoice {
    let mut mask = product("Clay Mask", vec![]);
    mask.offered = false;
    mask
}

pub(super) fn name(p: &ProductChoice) -> ProductName {
    p.name.clone()
}

pub(super) fn vname(raw: &str) -> VariantName {
    VariantName::parse(raw).unwrap()
}

pub(super) fn place(raw: &str) -> ShippingLocation {
    ShippingLocation::parse(raw).unwrap()
}

/// A message, built the way the conversation layer would fill it.
#[derive(Default)]
pub(super) struct Msg(pub(super) CaptureInput);

impl Msg {
    pub(super) fn buy() -> Self {
        Self(CaptureInput {
            wants_to_order: true,
            ..CaptureInput::default()
        })
    }
    pub(super) fn new() -> Self {
        Self::default()
    }
    pub(super) fn item(
        mut self,
        p: Option<&ProductChoice>,
        v: Option<&str>,
        q: Option<u32>,
    ) -> Self {
        self.0.items.push(ItemMention {
            product: p.cloned(),
            variant: v.map(|v| VariantPick::Named(v.into())),
            quantity: q,
        });
        self
    }
    pub(super) fn product(self, p: &ProductChoice) -> Self {
        self.item(Some(p), None, None)
    }
    pub(super) fn variant(self, v: &str) -> Self {
        self.item(None, Some(v), None)
    }
    pub(super) fn qty(self, q: u32) -> Self {
        self.item(None, None, Some(q))
    }
    pub(super) fn to(mut self, location: &str) -> Self {
        self.0.location = Some(place(location));
        self
    }
    pub(super) fn yes(mut self) -> Self {
        self.0.reply = Some(Reply::Yes);
        self
    }
    pub(super) fn no(mut self) -> Self {
        self.0.reply = Some(Reply::No);
        self
    }
    pub(super) fn add(mut self) -> Self {
        self.0.add_another = true;
        self
    }
    pub(super) fn remove(mut self, p: &ProductChoice, v: Option<VariantId>) -> Self {
        self.0.remove.push(RemoveTarget {
            product_id: p.product_id,
            variant_id: v,
        });
        self
    }
    pub(super) fn cancel(mut self) -> Self {
        self.0.cancel = true;
        self
    }
    pub(super) fn asking_about(mut self, p: &ProductChoice) -> Self {
        self.0.discussed = Some(p.clone());
        self
    }
}

pub(super) fn send(capture: &mut OrderCapture, msg: Msg) -> Outcome {
    let outcome = capture.apply(msg.0);
    assert_eq!(outcome.stage, capture.stage());
    assert_eq!(outcome.next, capture.next_step());
    outcome
}

pub(super) fn lines(capture: &OrderCapture) -> Vec<(String, Option<String>, u32)> {
    capture
        .cart()
        .lines()
        .iter()
        .map(|l| {
            (
                l.product_name.as_str().to_owned(),
                l.variant.as_ref().map(|v| v.name.as_str().to_owned()),
                l.quantity.get(),
            )
        })
        .collect()
}

pub(super) fn line(
    product: &str,
    variant: Option<&str>,
    quantity: u32,
) -> (String, Option<String>, u32) {
    (product.into(), variant.map(Into::into), quantity)
}

/// A capture at the summary: 2 Glow Serum 50ml to Milan.
pub(super) fn at_summary(serum: &ProductChoice) -> OrderCapture {
    let mut capture = OrderCapture::new();
    send(
        &mut capture,
        Msg::buy()
            .item(Some(serum), Some("50ml"), Some(2))
            .to("Milan"),
    );
    assert_eq!(capture.stage(), CaptureStage::ConfirmingOrder);
    capture
}
