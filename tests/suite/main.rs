//! The one integration test binary: black-box API tests, the store contract suite
//! (SQLite and PostgreSQL) and the architecture rule.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api;
mod architecture;
mod conversations;
mod store_contract;
mod vector_contract;
mod worker;
