//! Black-box tests of `/api/v1` through a real server on a fresh database.

mod api_keys;
mod audit;
mod auth;
mod catalog_fixtures;
mod catalog_import;
mod catalog_postgres;
mod categories;
mod conventions;
mod offers;
mod passwords;
mod postgres;
mod products;
mod suppliers;
mod team;
mod variants;
mod workspace;
