use std::fmt;

use chrono::{DateTime, Utc};
use identity::ports::{AccessClaims, AccessTokenError, AccessTokens};
use identity::{SessionId, UserId};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use kernel::WorkspaceId;
use serde::{Deserialize, Serialize};

const ISSUER: &str = "chatdesk";

/// RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
const MIN_SECRET_BYTES: usize = 32;

/// The secret is shorter than the 32 bytes HS256 needs to be as strong as its hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the JWT secret must be at least {MIN_SECRET_BYTES} bytes, got {0}")]
pub struct JwtSecretTooShort(pub usize);

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: UserId,
    wid: WorkspaceId,
    sid: SessionId,
    iat: i64,
    exp: i64,
    iss: String,
}

/// HS256 access tokens. Every replica must share the secret (see the crate docs).
///
/// `iat` and expiry checks use the system clock, because that is what jsonwebtoken
/// validates against; the issuer chooses `expires_at` from the domain clock.
#[derive(Clone)]
pub struct JwtAccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtAccessTokens {
    pub fn new(secret: &[u8]) -> Result<Self, JwtSecretTooShort> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(JwtSecretTooShort(secret.len()));
        }
        // Pinning the algorithm list to HS256 is what stops `alg: none` and
        // algorithm-confusion tokens; requiring sub and iss rejects tokens that were
        // signed with this key for some other purpose.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        Ok(Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        })
    }
}

impl fmt::Debug for JwtAccessTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtAccessTokens([redacted])")
    }
}

impl AccessTokens for JwtAccessTokens {
    #[tracing::instrument(skip_all)]
    fn issue(&self, claims: &AccessClaims) -> Result<String, AccessTokenError> {
        let body = Claims {
            sub: claims.user_id,
            wid: claims.workspace_id,
            sid: claims.session_id,
            iat: Utc::now().timestamp(),
            exp: claims.expires_at.timestamp(),
            iss: ISSUER.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &body, &self.encoding)
            .map_err(|error| AccessTokenError::Unexpected(error.to_string()))
    }

    #[tracing::instrument(skip_all)]
    fn verify(&self, token: &str) -> Result<AccessClaims, AccessTokenError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|error| match error.kind() {
                // Reached only after the signature checked out, so "expired" is never
                // told to someone holding a forged token.
                ErrorKind::ExpiredSignature => AccessTokenError::Expired,
                _ => AccessTokenError::Invalid,
            })?;
        let expires_at =
            DateTime::<Utc>::from_timestamp(data.claims.exp, 0).ok_or(AccessTokenError::Invalid)?;
        Ok(AccessClaims {
            user_id: data.claims.sub,
            workspace_id: data.claims.wid,
            session_id: data.claims.sid,
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use chrono::{Duration, SubsecRound};

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn tokens() -> JwtAccessTokens {
        JwtAccessTokens::new(SECRET).unwrap()
    }

    fn claims(expires_in: Duration) -> AccessClaims {
        AccessClaims {
            user_id: UserId::new(),
            workspace_id: WorkspaceId::new(),
            session_id: SessionId::new(),
            expires_at: (Utc::now() + expires_in).trunc_subsecs(0),
        }
    }

    fn sign(secret: &[u8], alg: Algorithm, body: &serde_json::Value) -> String {
        jsonwebtoken::encode(&Header::new(alg), body, &EncodingKey::from_secret(secret)).unwrap()
    }

    #[test]
    fn a_token_round_trips_its_claims() {
        let tokens = tokens();
        let issued = claims(Duration::minutes(15));
        let token = tokens.issue(&issued).unwrap();
        assert_eq!(tokens.verify(&token), Ok(issued));
    }

    #[test]
    fn the_token_carries_the_documented_claim_names() {
        let issued = claims(Duration::minutes(15));
        let token = tokens().issue(&issued).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(json["sub"], issued.user_id.to_string());
        assert_eq!(json["wid"], issued.workspace_id.to_string());
        assert_eq!(json["sid"], issued.session_id.to_string());
        assert_eq!(json["iss"], "chatdesk");
        assert_eq!(json["exp"], issued.expires_at.timestamp());
        assert!(json["iat"].as_i64().unwrap() <= Utc::now().timestamp());
    }

    #[test]
    fn an_expired_token_is_expired() {
        let tokens = tokens();
        let token = tokens.issue(&claims(-Duration::seconds(5))).unwrap();
        assert_eq!(tokens.verify(&token), Err(AccessTokenError::Expired));
    }

    #[test]
    fn a_tampered_token_is_invalid() {
        let tokens = tokens();
        let token = tokens.issue(&claims(Duration::minutes(15))).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        // Swap in another user's payload and keep the original signature.
        let other = tokens.issue(&claims(Duration::minutes(15))).unwrap();
        parts[1] = other.split('.').nth(1).unwrap().to_owned();
        assert_eq!(
            tokens.verify(&parts.join(".")),
            Err(AccessTokenError::Invalid)
        );
    }

    #[test]
    fn a_token_signed_with_another_secret_is_invalid() {
        let other = JwtAccessTokens::new(b"another-secret-another-secret-32").unwrap();
        let token = other.issue(&claims(Duration::minutes(15))).unwrap();
        assert_eq!(tokens().verify(&token), Err(AccessTokenError::Invalid));
    }

    #[test]
    fn an_expired_token_with_a_bad_signature_is_invalid_not_expired() {
        let other = JwtAccessTokens::new(b"another-secret-another-secret-32").unwrap();
        let token = other.issue(&claims(-Duration::minutes(15))).unwrap();
        assert_eq!(tokens().verify(&token), Err(AccessTokenError::Invalid));
    }

    #[test]
    fn another_algorithm_is_invalid() {
        let c = claims(Duration::minutes(15));
        let body = serde_json::json!({
            "sub": c.user_id, "wid": c.workspace_id, "sid": c.session_id,
            "iat": 0, "exp": c.expires_at.timestamp(), "iss": "chatdesk",
        });
        let token = sign(SECRET, Algorithm::HS512, &body);
        assert_eq!(tokens().verify(&token), Err(AccessTokenError::Invalid));
    }

    #[test]
    fn a_missing_claim_or_wrong_issuer_is_invalid() {
        let c = claims(Duration::minutes(15));
        let exp = c.expires_at.timestamp();
        let without_session = serde_json::json!({
            "sub": c.user_id, "wid": c.workspace_id, "iat": 0, "exp": exp, "iss": "chatdesk",
        });
        let wrong_issuer = serde_json::json!({
            "sub": c.user_id, "wid": c.workspace_id, "sid": c.session_id,
            "iat": 0, "exp": exp, "iss": "someone-else",
        });
        let without_expiry = serde_json::json!({
            "sub": c.user_id, "wid": c.workspace_id, "sid": c.session_id,
            "iat": 0, "iss": "chatdesk",
        });
        for body in [without_session, wrong_issuer, without_expiry] {
            let token = sign(SECRET, Algorithm::HS256, &body);
            assert_eq!(
                tokens().verify(&token),
                Err(AccessTokenError::Invalid),
                "{body}"
            );
        }
    }

    #[test]
    fn garbage_is_invalid() {
        let tokens = tokens();
        for garbage in ["", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30."] {
            assert_eq!(
                tokens.verify(garbage),
                Err(AccessTokenError::Invalid),
                "{garbage}"
            );
        }
    }

    #[test]
    fn a_short_secret_is_refused() {
        assert_eq!(
            JwtAccessTokens::new(b"short").map(|_| ()),
            Err(JwtSecretTooShort(5))
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        assert!(!format!("{:?}", tokens()).contains("0123456789"));
    }
}
