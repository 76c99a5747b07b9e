//! Who is calling: the bearer credential (access token or API key) and the client address.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use identity::{AccessError, Principal, Unauthenticated};

use super::error::ApiError;
use crate::state::AppState;

/// An authenticated caller. Extracting it checks the credential against current state.
pub struct Authenticated(pub Principal);

/// The caller when there is one, without failing when there is not (used by logout).
pub struct MaybeAuthenticated(pub Option<Principal>);

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::unexpected("application state is missing"))
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = state(req);
        Box::pin(async move {
            let state = state?;
            let token = token.ok_or(AccessError::Unauthenticated(Unauthenticated::Missing))?;
            Ok(Authenticated(state.identity.authenticate(&token).await?))
        })
    }
}

impl FromRequest for MaybeAuthenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = state(req);
        Box::pin(async move {
            let state = state?;
            match token {
                Some(token) => Ok(MaybeAuthenticated(
                    state.identity.authenticate(&token).await.ok(),
                )),
                None => Ok(MaybeAuthenticated(None)),
            }
        })
    }
}

/// The client's address: the peer, or the first X-Forwarded-For hop when configured to
/// trust a proxy in front.
pub struct ClientIp(pub Option<String>);

impl ClientIp {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl FromRequest for ClientIp {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust_proxy = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.trust_proxy_headers);
        let ip = if trust_proxy {
            req.connection_info().realip_remote_addr().map(|ip| {
                ip.parse::<std::net::SocketAddr>()
                    .map_or_else(|_| ip.to_owned(), |addr| addr.ip().to_string())
            })
        } else {
            req.peer_addr().map(|addr| addr.ip().to_string())
        };
        std::future::ready(Ok(ClientIp(ip)))
    }
}
