//! The notifications domain wired to the rest of the server: who the recipients are
//! (identity's members), how email goes out (the `Mailer`), which domain events raise
//! notifications, and the loop that sends what is due.

mod alerts;
mod email;
mod events;
mod recipients;
mod sender;

pub use alerts::NotificationChannelAlerts;
pub use email::EmailNotifier;
pub use events::NotificationEvents;
pub use recipients::MemberRecipients;
pub use sender::run_sender;
