//! Where an order came from.

use std::fmt;

use serde::Serialize;

/// The kind of channel the order was captured on; the orders list filters by it.
/// `Playground` is the dashboard's test chat: its orders are real rows (so operators
/// see the whole flow) but say where they came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SalesChannel {
    Messenger,
    Instagram,
    #[serde(rename = "whatsapp")]
    WhatsApp,
    Web,
    Playground,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a channel; use messenger, instagram, whatsapp, web or playground")]
pub struct UnknownSalesChannel(pub String);

impl SalesChannel {
    pub const ALL: [SalesChannel; 5] = [
        SalesChannel::Messenger,
        SalesChannel::Instagram,
        SalesChannel::WhatsApp,
        SalesChannel::Web,
        SalesChannel::Playground,
    ];

    /// The same names as `channels::Platform`, plus `playground`.
    pub fn as_str(self) -> &'static str {
        match self {
            SalesChannel::Messenger => "messenger",
            SalesChannel::Instagram => "instagram",
            SalesChannel::WhatsApp => "whatsapp",
            SalesChannel::Web => "web",
            SalesChannel::Playground => "playground",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, UnknownSalesChannel> {
        let lower = raw.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == lower)
            .ok_or_else(|| UnknownSalesChannel(raw.trim().to_owned()))
    }
}

impl fmt::Display for SalesChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_parse_their_names() {
        for channel in SalesChannel::ALL {
            assert_eq!(SalesChannel::parse(channel.as_str()), Ok(channel));
        }
        assert_eq!(SalesChannel::parse("WhatsApp"), Ok(SalesChannel::WhatsApp));
        assert!(SalesChannel::parse("telegram").is_err());
    }
}
