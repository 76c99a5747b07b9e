//! Telling the team what needs them, without spamming them.
//!
//! - [`kind`]: what happened ([`NotificationKind`]) and how urgent it is ([`Priority`]).
//! - [`preferences`]: per member, per kind and per [`Medium`], plus [`QuietHours`] in the
//!   member's own time zone.
//! - [`plan`]: the pure rule of who gets what, when: quiet hours hold back email and
//!   WhatsApp, and hold back the in-app feed too except for high-priority kinds.
//! - [`batching`]: "new message" notifications gather into one summary per member per
//!   five minutes.
//! - [`digest`]: which week a Monday digest covers, and what it reads.
//! - [`templates`]: the words of every notification (feed title, email in plain text and
//!   HTML, WhatsApp text), including the order-captured email and the weekly digest.
//! - [`ports`] and [`service`]: storage (a notification and its deliveries are written in
//!   one step, so a crash cannot lose an accepted delivery) and the [`ports::Notifier`]
//!   that sends one delivery through one medium.

pub mod batching;
pub mod digest;
pub mod kind;
pub mod notification;
pub mod plan;
pub mod ports;
pub mod preferences;
pub mod quiet_hours;
pub mod service;
pub mod templates;

pub use kind::{Medium, NotificationKind, Priority};
pub use notification::{Delivery, DeliveryId, MemberId, Notification, NotificationId};
pub use plan::{DeliveryPlan, plan_delivery};
pub use preferences::{Preferences, PreferencesError};
pub use quiet_hours::{QuietHours, QuietHoursError};
