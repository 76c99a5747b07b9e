//! Meta's messaging platforms behind the channels domain's ports: Messenger and
//! Instagram (Messenger Platform Send API) and WhatsApp (Cloud API), all on the Graph API.
//!
//! - `webhook`: turns webhook bodies into `channels::InboundEvent`s, batch by batch,
//!   reporting what it cannot read instead of failing the whole delivery.
//! - `HmacSha256Verifier`: checks `X-Hub-Signature-256` over the raw body.
//! - `MetaGraph`: the `ChannelGateway` (send, mark seen, typing, profile), with per
//!   account rate limiting and every failure classified as a `channels::SendFailure`.
//! - `MetaAccounts`: the `PlatformAccounts` port (verify a token, subscribe the app,
//!   OAuth code exchange, list Pages, refresh Instagram tokens).

mod graph;
mod signature;
pub mod webhook;

pub use graph::{
    MetaAccounts, MetaApp, MetaConfigError, MetaGraph, MetaGraphConfig, PAGE_SUBSCRIBED_FIELDS,
    RateLimits,
};
pub use signature::{AppSecretError, HmacSha256Verifier, SIGNATURE_HEADER};
pub use webhook::{
    MAX_WEBHOOK_BODY_BYTES, ParsedWebhook, SkippedItem, WebhookParseError, parse_meta_webhook,
    parse_webhook, parse_whatsapp_webhook,
};
