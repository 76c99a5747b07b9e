//! Black-box tests of `/api/v1` through a real server on a fresh database.

mod api_keys;
mod audit;
mod auth;
mod conventions;
mod passwords;
mod postgres;
mod team;
mod workspace;
