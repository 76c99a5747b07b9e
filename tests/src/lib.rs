//! Shared fixtures for the suite: the spawned server and fresh databases.

pub mod app;
