//! `MetaAccounts`: the `PlatformAccounts` port on the Graph API: reading an account's
//! name with a token (which proves the token), subscribing our app to an account's
//! webhooks, the OAuth code exchange, listing a person's Pages, and refreshing
//! long-lived Instagram tokens.

use async_trait::async_trait;
use channels::ports::{IssuedToken, ManagedPage, PlatformAccounts};
use channels::{AccessToken, FailureReason, Platform, PlatformAccountId, SendFailure};
use reqwest::Url;
use serde::Deserialize;
use serde_json::Value;

use super::{MetaConfigError, MetaGraph, MetaGraphConfig};

/// The webhook fields a Page subscription asks for: messages, button taps, read and
/// delivery receipts (what the inbox and the forward-only statuses need).
pub const PAGE_SUBSCRIBED_FIELDS: &str =
    "messages,messaging_postbacks,message_reads,message_deliveries";

/// Our Meta app, for the calls that need it (the OAuth code exchange).
#[derive(Clone, PartialEq, Eq)]
pub struct MetaApp {
    pub app_id: String,
    pub app_secret: String,
}

impl std::fmt::Debug for MetaApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MetaApp({}, ***)", self.app_id)
    }
}

pub struct MetaAccounts {
    graph: MetaGraph,
    app: MetaApp,
}

impl MetaAccounts {
    pub fn new(config: MetaGraphConfig, app: MetaApp) -> Result<Self, MetaConfigError> {
        Ok(Self {
            graph: MetaGraph::new(config)?,
            app,
        })
    }

    async fn get(&self, url: Url, query: &[(&str, &str)]) -> Result<Value, SendFailure> {
        self.graph
            .answer(self.graph.http.get(url).query(query))
            .await
    }

    /// `{base}/{path}` without the version: Instagram's token refresh lives there.
    fn unversioned(&self, path: &str) -> Result<Url, SendFailure> {
        let mut url = self.graph.base.clone();
        url.path_segments_mut()
            .map_err(|()| permanent("the Graph base URL cannot take a path"))?
            .pop_if_empty()
            .push(path);
        Ok(url)
    }
}

fn permanent(message: &str) -> SendFailure {
    SendFailure::Permanent {
        reason: FailureReason::new(message),
    }
}

/// A 2xx answer that does not say what it should: the request was taken but we cannot
/// use the answer, so it counts as refused rather than worth retrying.
fn unreadable(what: &str) -> SendFailure {
    permanent(&format!("the Graph API answer has no {what}"))
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Option<i64>,
}

fn issued(answer: Value) -> Result<IssuedToken, SendFailure> {
    let parsed: TokenAnswer =
        serde_json::from_value(answer).map_err(|_| unreadable("access_token"))?;
    Ok(IssuedToken {
        token: AccessToken::parse(&parsed.access_token).map_err(|_| unreadable("usable token"))?,
        expires_in_seconds: parsed.expires_in.filter(|s| *s > 0),
    })
}

#[derive(Deserialize)]
struct PageList {
    #[serde(default)]
    data: Vec<WirePage>,
}

#[derive(Deserialize)]
struct WirePage {
    id: String,
    name: Option<String>,
    access_token: Option<String>,
    instagram_business_account: Option<WireId>,
}

#[derive(Deserialize)]
struct WireId {
    id: String,
}

#[async_trait]
impl PlatformAccounts for MetaAccounts {
    #[tracing::instrument(skip_all, fields(%platform, account = %account_id))]
    async fn account_name(
        &self,
        platform: Platform,
        account_id: &PlatformAccountId,
        token: &AccessToken,
    ) -> Result<String, SendFailure> {
        let fields = match platform {
            Platform::Messenger => "name",
            Platform::Instagram => "name,username",
            Platform::WhatsApp => "verified_name,display_phone_number",
            Platform::Web | Platform::Playground => {
                return Err(permanent("web widgets are not on the Graph API"));
            }
        };
        let url = self.graph.url(&[account_id.as_str()])?;
        let answer = self
            .get(url, &[("fields", fields), ("access_token", token.expose())])
            .await?;
        ["name", "verified_name", "username", "display_phone_number"]
            .iter()
            .find_map(|key| answer.get(key).and_then(Value::as_str))
            .map(str::to_owned)
            .ok_or_else(|| unreadable("name"))
    }

    #[tracing::instrument(skip_all, fields(%platform, node = %node))]
    async fn subscribe(
        &self,
        platform: Platform,
        node: &PlatformAccountId,
        token: &AccessToken,
    ) -> Result<(), SendFailure> {
        let url = self.graph.url(&[node.as_str(), "subscribed_apps"])?;
        let request = match platform {
            // A WhatsApp Business Account subscription has no fields to choose.
            Platform::WhatsApp => self.graph.http.post(url).bearer_auth(token.expose()),
            Platform::Messenger | Platform::Instagram => self.graph.http.post(url).query(&[
                ("subscribed_fields", PAGE_SUBSCRIBED_FIELDS),
                ("access_token", token.expose()),
            ]),
            Platform::Web | Platform::Playground => {
                return Err(permanent("web widgets are not on the Graph API"));
            }
        };
        let answer = self.graph.answer(request).await?;
        match answer.get("success").and_then(Value::as_bool) {
            Some(true) => Ok(()),
            _ => Err(permanent("the Graph API did not confirm the subscription")),
        }
    }

    #[tracing::instrument(skip_all)]
    async fn exchange_code(
        &self,
        code: &str,
        redirect_uri: &str,
    ) -> Result<IssuedToken, SendFailure> {
        let url = self.graph.url(&["oauth", "access_token"])?;
        let short = issued(
            self.get(
                url.clone(),
                &[
                    ("client_id", &self.app.app_id),
                    ("redirect_uri", redirect_uri),
                    ("client_secret", &self.app.app_secret),
                    ("code", code),
                ],
            )
            .await?,
        )?;
        // A code gives a token for an hour or two, and Page tokens listed with it expire
        // with it; the long-lived user token lists Page tokens that do not expire.
        issued(
            self.get(
                url,
                &[
                    ("grant_type", "fb_exchange_token"),
                    ("client_id", &self.app.app_id),
                    ("client_secret", &self.app.app_secret),
                    ("fb_exchange_token", short.token.expose()),
                ],
            )
            .await?,
        )
    }

    #[tracing::instrument(skip_all)]
    async fn pages(&self, user_token: &AccessToken) -> Result<Vec<ManagedPage>, SendFailure> {
        let url = self.graph.url(&["me", "accounts"])?;
        let answer = self
            .get(
                url,
                &[
                    ("fields", "id,name,access_token,instagram_business_account"),
                    ("limit", "100"),
                    ("access_token", user_token.expose()),
                ],
            )
            .await?;
        let list: PageList = serde_json::from_value(answer).map_err(|_| unreadable("data"))?;
        Ok(list
            .data
            .into_iter()
            .filter_map(|page| {
                // A Page listed without a token (missing permission) cannot be connected.
                Some(ManagedPage {
                    id: PlatformAccountId::parse(&page.id).ok()?,
                    name: page.name.unwrap_or_else(|| page.id.clone()),
                    access_token: AccessToken::parse(page.access_token.as_deref()?).ok()?,
                    instagram_account_id: page
                        .instagram_business_account
                        .and_then(|ig| PlatformAccountId::parse(&ig.id).ok()),
                })
            })
            .collect())
    }

    #[tracing::instrument(skip_all)]
    async fn refresh_instagram_token(
        &self,
        token: &AccessToken,
    ) -> Result<IssuedToken, SendFailure> {
        let url = self.unversioned("refresh_access_token")?;
        issued(
            self.get(
                url,
                &[
                    ("grant_type", "ig_refresh_token"),
                    ("access_token", token.expose()),
                ],
            )
            .await?,
        )
    }
}
