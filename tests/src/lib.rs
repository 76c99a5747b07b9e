//! Shared fixtures for the suite: the spawned server and fresh databases.
//!
//! Fixtures fail the test by panicking, like an assertion would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod db;
pub mod orders;
