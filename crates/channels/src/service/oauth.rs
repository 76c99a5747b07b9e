//! Connecting through "Log in with Facebook": the code becomes a long-lived user token,
//! the token lists the person's Pages, and the chosen Page (or its Instagram account)
//! is connected like any other, with the Page's own token.
//!
//! A code works once. When the person manages several Pages and has not chosen yet,
//! the answer lists them with a `selection`: the user token sealed by the cipher with
//! an expiry, which the client sends back with its choice instead of a second code.

use chrono::{DateTime, Duration, Utc};
use kernel::WorkspaceId;

use super::{ChannelError, ChannelsService, ConnectRequest, Connected};
use crate::models::*;
use crate::ports::ManagedPage;

/// How long a person has to pick a Page.
const SELECTION_TTL_MINUTES: i64 = 15;
const SELECTION_PREFIX: &str = "oauth-selection:v1:";

/// Where the user token comes from.
#[derive(Debug, Clone)]
pub enum OAuthSource {
    Code {
        code: String,
        redirect_uri: String,
    },
    /// A `selection` from an earlier answer.
    Selection(String),
}

/// A Page the person may connect, without its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageChoice {
    pub id: PlatformAccountId,
    pub name: String,
    pub instagram_account_id: Option<PlatformAccountId>,
}

#[derive(Debug, Clone)]
pub enum OAuthOutcome {
    /// Boxed: a connected channel carries its whole view, far larger than a choice.
    Connected(Box<Connected>),
    /// Several Pages and no choice yet: ask the person, then send `selection` back.
    ChoosePage {
        pages: Vec<PageChoice>,
        selection: String,
        expires_at: DateTime<Utc>,
    },
}

impl ChannelsService {
    /// Connects the Page `page_id` (or, for Instagram, the Instagram account linked to
    /// it) that the OAuth user manages; see the module docs.
    pub async fn connect_oauth(
        &self,
        workspace_id: WorkspaceId,
        platform: Platform,
        source: OAuthSource,
        page_id: Option<PlatformAccountId>,
    ) -> Result<OAuthOutcome, ChannelError> {
        let accounts = self.ports.accounts.as_ref();
        let user_token = match source {
            OAuthSource::Code { code, redirect_uri } => {
                accounts.exchange_code(&code, &redirect_uri).await?.token
            }
            OAuthSource::Selection(selection) => self.open_selection(&selection)?,
        };
        let pages: Vec<ManagedPage> = accounts
            .pages(&user_token)
            .await?
            .into_iter()
            .filter(|p| platform != Platform::Instagram || p.instagram_account_id.is_some())
            .collect();
        let chosen = match page_id {
            Some(id) => pages.into_iter().find(|p| p.id == id).ok_or_else(|| {
                ChannelError::PageNotManaged(format!(
                    "the Facebook account does not manage a Page {id}{}",
                    if platform == Platform::Instagram {
                        " linked to an Instagram account"
                    } else {
                        ""
                    }
                ))
            })?,
            None if pages.len() == 1 => pages.into_iter().next().ok_or(ChannelError::NotFound)?,
            None if pages.is_empty() => {
                return Err(ChannelError::PageNotManaged(format!(
                    "the Facebook account manages no Page{}",
                    if platform == Platform::Instagram {
                        " linked to an Instagram account"
                    } else {
                        ""
                    }
                )));
            }
            None => {
                let expires_at = self.now() + Duration::minutes(SELECTION_TTL_MINUTES);
                let selection = self.seal_selection(&user_token, expires_at)?;
                return Ok(OAuthOutcome::ChoosePage {
                    pages: pages
                        .into_iter()
                        .map(|p| PageChoice {
                            id: p.id,
                            name: p.name,
                            instagram_account_id: p.instagram_account_id,
                        })
                        .collect(),
                    selection,
                    expires_at,
                });
            }
        };
        let account_id = match platform {
            Platform::Instagram => chosen
                .instagram_account_id
                .clone()
                .ok_or_else(|| ChannelError::PageNotManaged("no Instagram account".into()))?,
            _ => chosen.id.clone(),
        };
        let connected = self
            .connect(ConnectRequest {
                workspace_id,
                platform,
                account_id,
                subscribe_node: chosen.id,
                access_token: chosen.access_token,
                display_name: None,
                // Page tokens from a long-lived user token do not expire.
                token_expires_at: None,
            })
            .await?;
        Ok(OAuthOutcome::Connected(Box::new(connected)))
    }

    fn seal_selection(
        &self,
        user_token: &AccessToken,
        expires_at: DateTime<Utc>,
    ) -> Result<String, ChannelError> {
        let text = format!(
            "{SELECTION_PREFIX}{}:{}",
            expires_at.timestamp(),
            user_token.expose()
        );
        let token =
            AccessToken::parse(&text).map_err(|e| ChannelError::Unexpected(e.to_string()))?;
        Ok(Credentials::seal(self.ports.cipher.as_ref(), &token)?
            .ciphertext()
            .to_owned())
    }

    fn open_selection(&self, selection: &str) -> Result<AccessToken, ChannelError> {
        let sealed = Credentials::from_ciphertext(selection.to_owned());
        let opened = sealed
            .open(self.ports.cipher.as_ref())
            .map_err(|_| ChannelError::SelectionExpired)?;
        let (expiry, token) = opened
            .expose()
            .strip_prefix(SELECTION_PREFIX)
            .and_then(|rest| rest.split_once(':'))
            .ok_or(ChannelError::SelectionExpired)?;
        let expiry = expiry
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or(ChannelError::SelectionExpired)?;
        if expiry <= self.now() {
            return Err(ChannelError::SelectionExpired);
        }
        AccessToken::parse(token).map_err(|_| ChannelError::SelectionExpired)
    }
}
