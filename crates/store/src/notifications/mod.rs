//! `NotificationRepository` on sea-orm: the feed, preferences, deliveries and the
//! "new message" batches (migration `m20261122_000010_notifications`).

mod digest;
mod entities;
mod repository;
mod rows;

pub use digest::SeaOrmDigestSource;
pub use repository::SeaOrmNotificationRepository;
