//! Orders captured in chat: carts, order capture state machine, order lifecycle.
//!
//! `models` holds validated values and the order aggregate, `capture` the pure order
//! capture state machine the assistant feeds with each customer message, `ports` what
//! this domain needs from storage and from the catalog, `service` the use cases the
//! HTTP layer and the assistant call, and `open_orders` the meaning of an *open* order
//! that the catalog's `OpenOrderCheck` relies on.
//!
//! Domain crate: depends only on the kernel, the catalog and plain-data libraries,
//! never on adapters (enforced by the architecture test in `tests/`).

pub mod capture;
pub mod models;
pub mod open_orders;
pub mod ports;
mod quoter;
pub mod service;

pub use capture::{
    CaptureInput, CaptureSnapshot, CaptureStage, ItemMention, NextStep, Notice, OrderCapture,
    Outcome, ProductChoice, RemoveTarget, Reply, SnapshotError, VariantChoice, VariantPick,
};
pub use models::*;
pub use service::{
    LATEST_ORDERS_DEFAULT, LATEST_ORDERS_MAX, OrderError, OrderPorts, OrderScope, OrderService,
    PlaceOrder, PlaceOrderError, QuotedCart,
};
