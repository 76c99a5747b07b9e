//! sea-orm models of the tables, one file per table. They are the store's private
//! business: adapters map them to and from domain values, and nothing outside this
//! crate ever sees one.

pub mod api_keys;
pub mod audit_events;
pub mod invitations;
pub mod members;
pub mod one_time_tokens;
pub mod refresh_tokens;
pub mod sessions;
pub mod users;
pub mod workspaces;
