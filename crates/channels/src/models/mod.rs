//! Validated values and the channel domain's entities.

mod channel;
mod contact;
mod delivery;
mod failure;
mod ids;
mod inbound;
mod outbound;
mod platform;
mod record;
mod secret;
pub(crate) mod text;
mod widget;
mod widget_theme;
mod window;

pub use channel::*;
pub use contact::*;
pub use delivery::*;
pub use failure::*;
pub use ids::*;
pub use inbound::*;
pub use outbound::*;
pub use platform::*;
pub use record::*;
pub use secret::*;
pub use widget::*;
pub use widget_theme::*;
pub use window::*;

#[cfg(test)]
pub(crate) mod fixtures {
    //! Builders shared by the service tests.
    pub(crate) use super::channel::tests::{at, page_channel};
    pub(crate) use super::inbound::tests::{event, text_message};
    pub(crate) use super::secret::tests::ReversingCipher;
}
