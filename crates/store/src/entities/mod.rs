//! sea-orm models of the tables, one file per table. They are the store's private
//! business: adapters map them to and from domain values, and nothing outside this
//! crate ever sees one.

pub mod api_keys;
pub mod assistant_settings;
pub mod audit_events;
pub mod categories;
pub mod channels;
pub mod chunks;
pub mod contacts;
pub mod conversation_events;
pub mod conversations;
pub mod documents;
pub mod faqs;
pub mod inbound_events;
pub mod invitations;
pub mod jobs;
pub mod members;
pub mod messages;
pub mod offers;
pub mod one_time_tokens;
pub mod order_counters;
pub mod order_lines;
pub mod order_notes;
pub mod orders;
pub mod products;
pub mod query_log;
pub mod refresh_tokens;
pub mod sessions;
pub mod suppliers;
pub mod users;
pub mod variants;
pub mod workspaces;
