use std::cell::RefCell;
use std::sync::Arc;

use argon2::password_hash::{self, Output, ParamsString, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use async_trait::async_trait;
use identity::ports::{Credentials, CredentialsError};
use identity::{Password, PasswordHash, TokenHash};
use rand::Rng;
use rand::distributions::Alphanumeric;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

use crate::hashing_pool::HashingPool;

/// Hashed with the same default parameters as real hashes, so verifying against it
/// costs what a real verification costs. Its password does not matter: the result of
/// checking against it is always thrown away.
const DUMMY_PHC: &str = concat!(
    "$argon2id$v=19$m=19456,t=2,p=1$CqHwf1pUn6D9dX/vyrhIqA",
    "$d5Nm0WayJtp2R0+32YATToK81drLb6ZmOK0HpLDJzHw"
);

/// 40 base62 characters carry about 238 bits, far beyond guessing, which is why a
/// fast digest is enough to store them.
const SECRET_LENGTH: usize = 40;

/// Passwords with argon2id (the crate's defaults, which follow OWASP: 19 MiB, two
/// passes, one lane) and opaque secrets with SHA-256.
///
/// Hashing takes tens of milliseconds of pure CPU and 19 MiB, so it runs on a small
/// pool of dedicated threads (see `hashing_pool`) rather than on the async workers that
/// serve other requests.
#[derive(Clone)]
pub struct Argon2Credentials {
    pool: Arc<HashingPool>,
}

impl Argon2Credentials {
    pub fn new() -> Self {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
        Self {
            pool: Arc::new(HashingPool::new(threads)),
        }
    }
}

impl Default for Argon2Credentials {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Argon2Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Argon2Credentials")
    }
}

thread_local! {
    /// This hashing thread's argon2 working memory (19 MiB with the default parameters),
    /// allocated once and reused by every hash the thread computes. Allocating it per hash
    /// made glibc keep each freed buffer in the heap: 20 sign-ins held 200 MB.
    static WORKING_MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Computes an argon2 output in this thread's reusable working memory.
fn compute(
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: Salt<'_>,
    output_len: usize,
) -> password_hash::Result<Output> {
    let mut salt_buffer = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_buffer)?;
    let blocks = argon2.params().block_count();
    WORKING_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Output::init_with(output_len, |out| {
            argon2
                .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
                .map_err(password_hash::Error::from)
        })
    })
}

fn hash_blocking(plain: &[u8]) -> password_hash::Result<String> {
    let argon2 = Argon2::default();
    let salt = SaltString::generate(&mut OsRng);
    let output_len = argon2
        .params()
        .output_len()
        .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = compute(&argon2, plain, salt.as_salt(), output_len)?;
    let hash = password_hash::PasswordHash {
        algorithm: Algorithm::default().ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(argon2.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Checks a candidate against a parsed PHC hash with that hash's own parameters, so
/// hashes made with older parameters keep verifying.
fn verify_parsed(
    candidate: &[u8],
    parsed: &password_hash::PasswordHash<'_>,
) -> password_hash::Result<bool> {
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Ok(false);
    };
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let argon2 = Argon2::new(algorithm, version, Params::try_from(parsed)?);
    let computed = compute(&argon2, candidate, salt, expected.len())?;
    // `Output`'s equality is constant-time.
    Ok(computed == expected)
}

fn verify_blocking(candidate: &[u8], phc: &str) -> bool {
    match password_hash::PasswordHash::new(phc).and_then(|parsed| verify_parsed(candidate, &parsed))
    {
        Ok(verified) => verified,
        Err(error) => {
            // A stored hash we cannot use is a data problem, not a wrong password;
            // still spend the usual time so the failure is not visible from outside.
            tracing::warn!(%error, "stored password hash is not a usable argon2 PHC string");
            verify_dummy(candidate);
            false
        }
    }
}

fn verify_dummy(candidate: &[u8]) {
    if let Ok(parsed) = password_hash::PasswordHash::new(DUMMY_PHC) {
        let _ = verify_parsed(candidate, &parsed);
    }
}

#[async_trait]
impl Credentials for Argon2Credentials {
    #[tracing::instrument(skip_all)]
    async fn hash_password(&self, password: &Password) -> Result<PasswordHash, CredentialsError> {
        let plain = password.expose().to_owned();
        self.pool
            .run(move || {
                hash_blocking(plain.as_bytes())
                    .map(PasswordHash::from_phc)
                    .map_err(|error| CredentialsError::Unexpected(error.to_string()))
            })
            .await?
    }

    #[tracing::instrument(skip_all)]
    async fn verify_password<'a>(&self, candidate: &str, hash: Option<&'a PasswordHash>) -> bool {
        let candidate = candidate.to_owned();
        let phc = hash.map(|hash| hash.as_phc().to_owned());
        let outcome = self
            .pool
            .run(move || match phc {
                Some(phc) => verify_blocking(candidate.as_bytes(), &phc),
                None => {
                    verify_dummy(candidate.as_bytes());
                    false
                }
            })
            .await;
        match outcome {
            Ok(verified) => verified,
            Err(error) => {
                tracing::error!(%error, "password verification task failed");
                false
            }
        }
    }

    #[tracing::instrument(skip_all)]
    fn new_secret(&self, prefix: &str) -> (String, TokenHash) {
        let random: String = OsRng
            .sample_iter(&Alphanumeric)
            .take(SECRET_LENGTH)
            .map(char::from)
            .collect();
        let secret = format!("{prefix}{random}");
        let digest = self.digest(&secret);
        (secret, digest)
    }

    #[tracing::instrument(skip_all)]
    fn digest(&self, secret: &str) -> TokenHash {
        TokenHash::from_hex(hex::encode(Sha256::digest(secret.as_bytes())))
    }
}

#[cfg(test)]
mod tests {
    use argon2::{PasswordHasher, PasswordVerifier};

    use super::*;

    fn password(raw: &str) -> Password {
        Password::parse(raw).unwrap()
    }

    #[tokio::test]
    async fn hashes_are_standard_phc_both_ways() {
        // Made by the argon2 crate's own API, checked by ours.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"Correct1Horse", &salt)
            .unwrap()
            .to_string();
        let credentials = Argon2Credentials::new();
        let theirs = PasswordHash::from_phc(theirs);
        assert!(
            credentials
                .verify_password("Correct1Horse", Some(&theirs))
                .await
        );
        assert!(
            !credentials
                .verify_password("Correct1Horsf", Some(&theirs))
                .await
        );
        // Made by ours, checked by theirs.
        let ours = credentials
            .hash_password(&password("Correct1Horse"))
            .await
            .unwrap();
        let parsed = password_hash::PasswordHash::new(ours.as_phc()).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"Correct1Horse", &parsed)
                .is_ok()
        );
    }

    #[tokio::test]
    async fn hashes_made_with_other_parameters_still_verify() {
        let weaker = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let phc = weaker
            .hash_password(b"Old1Password", &salt)
            .unwrap()
            .to_string();
        let credentials = Argon2Credentials::new();
        let hash = PasswordHash::from_phc(phc);
        assert!(
            credentials
                .verify_password("Old1Password", Some(&hash))
                .await
        );
        assert!(
            !credentials
                .verify_password("Old1Passwore", Some(&hash))
                .await
        );
    }

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let credentials = Argon2Credentials::new();
        let hash = credentials
            .hash_password(&password("Correct1Horse"))
            .await
            .unwrap();

        assert!(hash.as_phc().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            credentials
                .verify_password("Correct1Horse", Some(&hash))
                .await
        );
        assert!(
            !credentials
                .verify_password("Correct1Horsf", Some(&hash))
                .await
        );
        assert!(!credentials.verify_password("", Some(&hash)).await);
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let credentials = Argon2Credentials::new();
        let first = credentials
            .hash_password(&password("Correct1Horse"))
            .await
            .unwrap();
        let second = credentials
            .hash_password(&password("Correct1Horse"))
            .await
            .unwrap();
        assert_ne!(first.as_phc(), second.as_phc());
    }

    #[tokio::test]
    async fn no_hash_answers_false() {
        let credentials = Argon2Credentials::new();
        assert!(!credentials.verify_password("Correct1Horse", None).await);
        assert!(!credentials.verify_password("", None).await);
    }

    #[tokio::test]
    async fn a_corrupt_stored_hash_answers_false() {
        let credentials = Argon2Credentials::new();
        let corrupt = PasswordHash::from_phc("not a phc string".to_owned());
        assert!(
            !credentials
                .verify_password("Correct1Horse", Some(&corrupt))
                .await
        );
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_hash_costs() {
        let parsed = password_hash::PasswordHash::new(DUMMY_PHC).unwrap();
        assert_eq!(parsed.algorithm, Algorithm::Argon2id.ident());
        assert_eq!(parsed.version, Some(Version::V0x13 as u32));
        let params = Params::try_from(&parsed).unwrap();
        let defaults = Params::default();
        assert_eq!(params.m_cost(), defaults.m_cost());
        assert_eq!(params.t_cost(), defaults.t_cost());
        assert_eq!(params.p_cost(), defaults.p_cost());
    }

    #[test]
    fn secrets_carry_the_prefix_and_forty_base62_characters() {
        let credentials = Argon2Credentials::new();
        let (secret, digest) = credentials.new_secret("cd_live_");

        let random = secret.strip_prefix("cd_live_").unwrap();
        assert_eq!(random.len(), SECRET_LENGTH);
        assert!(random.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(digest, credentials.digest(&secret));
    }

    #[test]
    fn secrets_are_distinct() {
        let credentials = Argon2Credentials::new();
        let secrets: std::collections::HashSet<String> =
            (0..100).map(|_| credentials.new_secret("rt_").0).collect();
        assert_eq!(secrets.len(), 100);
    }

    #[test]
    fn digest_is_stable_sha256_hex() {
        let credentials = Argon2Credentials::new();
        // SHA-256("abc") from FIPS 180-2, so the digest is the standard one and not
        // merely self-consistent.
        assert_eq!(
            credentials.digest("abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(credentials.digest("rt_x"), credentials.digest("rt_x"));
        assert_ne!(credentials.digest("rt_x"), credentials.digest("rt_y"));
    }
}
