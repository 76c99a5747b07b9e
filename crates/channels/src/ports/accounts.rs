use async_trait::async_trait;

use crate::models::{AccessToken, Platform, PlatformAccountId, SendFailure};

/// A token the platform issued, and for how long it is good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub token: AccessToken,
    /// Seconds from now; `None` for tokens that do not expire.
    pub expires_in_seconds: Option<i64>,
}

/// A Facebook Page the signed-in person manages, with its own Page token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedPage {
    pub id: PlatformAccountId,
    pub name: String,
    pub access_token: AccessToken,
    /// The Instagram professional account linked to the Page, when there is one.
    pub instagram_account_id: Option<PlatformAccountId>,
}

/// Everything connecting a channel needs from a platform, besides messaging: proving a
/// token works, subscribing our app to an account's webhooks, the OAuth code exchange,
/// and refreshing long-lived tokens. Failures are classified like sends
/// (`SendFailure`), so a refused token reads the same wherever it was found.
#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait PlatformAccounts: Send + Sync {
    /// The account's name as the platform shows it; reading it proves the token works
    /// for this account.
    async fn account_name(
        &self,
        platform: Platform,
        account_id: &PlatformAccountId,
        token: &AccessToken,
    ) -> Result<String, SendFailure>;

    /// Subscribes our app to the messaging webhooks of `node`: the Page (Messenger and
    /// Instagram) or the WhatsApp Business Account.
    async fn subscribe(
        &self,
        platform: Platform,
        node: &PlatformAccountId,
        token: &AccessToken,
    ) -> Result<(), SendFailure>;

    /// Trades an OAuth `code` for a long-lived user token.
    async fn exchange_code(
        &self,
        code: &str,
        redirect_uri: &str,
    ) -> Result<IssuedToken, SendFailure>;

    /// The Pages the user token manages, each with its Page token.
    async fn pages(&self, user_token: &AccessToken) -> Result<Vec<ManagedPage>, SendFailure>;

    /// A fresh long-lived Instagram token for one that has not expired yet.
    async fn refresh_instagram_token(
        &self,
        token: &AccessToken,
    ) -> Result<IssuedToken, SendFailure>;
}
