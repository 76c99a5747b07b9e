//! The one integration test binary: black-box API tests, the store contract suite
//! (SQLite and PostgreSQL) and the architecture rule.

mod api;
mod architecture;
mod store_contract;
