//! Identity and tenancy: who is calling, for which workspace, allowed to do what.
//!
//! `models` holds validated values and entities, `ports` the capabilities this
//! domain needs from the outside (storage, hashing, tokens, mail), and `service`
//! the use cases the HTTP layer calls.

pub mod models;
pub mod ports;
pub mod service;

pub use models::*;
pub use service::{
    AccessError, AuthError, IdentityPorts, IdentityService, IdentitySettings, Principal,
    PrincipalKind, TeamError, TokenPair, Unauthenticated, WorkspaceError,
};
