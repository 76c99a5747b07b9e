//! The notifications domain wired to the rest of the server: who the recipients are
//! (identity's members), which domain events raise notifications, and the loop that
//! sends what is due. The senders themselves (email, WhatsApp) live in the `notify`
//! crate.

mod alerts;
mod events;
mod mentions;
mod recipients;
mod sender;
mod triggers;

pub use alerts::NotificationChannelAlerts;
pub use events::NotificationEvents;
pub use mentions::NotificationMentions;
pub use recipients::MemberRecipients;
pub use sender::run_sender;
