//! The ChatDesk server: HTTP in front, domain services behind, adapters chosen by settings.

pub mod assistant_adapters;
pub mod events;
pub mod http;
pub mod jobs;
pub mod knowledge_adapters;
pub mod language_model;
pub mod notifications_adapters;
pub mod openapi;
pub mod realtime;
pub mod routes;
pub mod secrets;
pub mod services;
pub mod settings;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod worker;

pub use settings::Settings;
pub use startup::Application;
