//! Validated values and the orders domain's entities.

mod cart;
mod channel;
mod filter;
mod ids;
mod line;
mod location;
mod note;
mod order;
mod placement;
mod quantity;
mod status;

pub use cart::*;
pub use channel::*;
pub use filter::*;
pub use ids::*;
pub use line::*;
pub use location::*;
pub use note::*;
pub use order::*;
pub use placement::*;
pub use quantity::*;
pub use status::*;

#[cfg(test)]
pub(crate) mod fixtures {
    //! Builders shared by the tests of the capture machine and the service.
    pub(crate) use super::order::tests::{at, eur, money, new_order, quote, snapshot, source};
}
