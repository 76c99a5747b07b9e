//! Cryptographic adapters for the identity ports, plus encryption of stored secrets.
//!
//! - [`Argon2Credentials`] implements [`identity::ports::Credentials`]: argon2id
//!   password hashes (PHC strings) and high-entropy opaque secrets stored as SHA-256.
//! - [`JwtAccessTokens`] implements [`identity::ports::AccessTokens`]: short-lived
//!   HS256 access tokens.
//! - [`DataCipher`] encrypts small secrets at rest (channel access tokens) with
//!   AES-256-GCM, and is the channels domain's `SecretCipher`.
//! - [`Signer`] tags values the server hands out and checks them later (OAuth state).
//!
//! Every replica of the API must be built with the same JWT secret and data key, or a
//! token issued (or a value encrypted) by one replica is rejected by the next.

mod cipher;
mod hashing_pool;
mod password;
mod signed;
mod token;

pub use cipher::{CipherError, DataCipher};
pub use password::Argon2Credentials;
pub use signed::{Signer, SignerError};
pub use token::{JwtAccessTokens, JwtSecretTooShort};
