//! Access tokens (HS256 JWTs, RFC 7519) and refresh tokens (random, stored only as SHA-256).
//!
//! Access tokens carry who (`sub`) and which session (`sid`); the role and organisation are
//! read from the database on each request, so a role change or deactivation applies at once.
//!
//! Besides the signature, `exp`, `iss` and `aud`, a token must be in force (`nbf`, when
//! present), issued no later than now (`iat`), and live no longer than the configured
//! access-token lifetime (`exp − iat`): a token minted with a leaked key or by a bug cannot
//! outlive what the server itself would issue. Each check allows [`LEEWAY_SECS`] of clock
//! difference between nodes.

use crate::error::ApiError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// `iss` of every access token.
pub const ISSUER: &str = "custos";
/// `aud` of every access token.
pub const AUDIENCE: &str = "custos-api";
/// Clock difference tolerated between server nodes when checking `exp`, `nbf` and `iat`.
const LEEWAY_SECS: u64 = 5;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// User id.
    pub sub: String,
    /// Session id: the login whose refresh family this token belongs to.
    pub sid: String,
    pub iat: u64,
    pub exp: u64,
}

/// Signs and checks access tokens with the data directory's token key.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl_secs: u64,
}

impl TokenKeys {
    pub fn new(secret: &[u8; 32], access_ttl_secs: u64) -> TokenKeys {
        // Only HS256 is accepted: a token naming `none` or any other algorithm is refused
        // before its signature is looked at (RFC 8725 section 3.1).
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl_secs,
        }
    }

    /// A new access token for `user_id` in `session_id`, valid from `now_secs`.
    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        now_secs: u64,
    ) -> Result<String, ApiError> {
        let claims = AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: user_id.to_owned(),
            sid: session_id.to_owned(),
            iat: now_secs,
            exp: now_secs + self.access_ttl_secs,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| ApiError::internal(format_args!("signing access token: {error}")))
    }

    /// The claims of a valid token at the current time; any fault is a 401 whose detail says
    /// which.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, ApiError> {
        let claims = self.verify_signed(token)?;
        self.check_times(&claims, crate::clock::now_secs())?;
        Ok(claims)
    }

    /// `iat` and the lifetime, which jsonwebtoken does not check.
    fn check_times(&self, claims: &AccessClaims, now_secs: u64) -> Result<(), ApiError> {
        if claims.iat > now_secs + LEEWAY_SECS {
            return Err(ApiError::unauthorized("access token issued in the future"));
        }
        if claims.exp.saturating_sub(claims.iat) > self.access_ttl_secs {
            return Err(ApiError::unauthorized(
                "access token lifetime longer than allowed",
            ));
        }
        Ok(())
    }

    /// The claims of a token whose signature, `alg`, `iss`, `aud`, `exp` and `nbf` hold.
    fn verify_signed(&self, token: &str) -> Result<AccessClaims, ApiError> {
        use jsonwebtoken::errors::ErrorKind;
        // jsonwebtoken cannot even parse a header naming `none`; name the real reason.
        if header_alg(token).is_some_and(|alg| alg != "HS256") {
            return Err(ApiError::unauthorized(
                "access token algorithm not accepted",
            ));
        }
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|error| {
                let detail = match error.kind() {
                    ErrorKind::ExpiredSignature => "access token expired",
                    ErrorKind::ImmatureSignature => "access token not yet valid",
                    ErrorKind::InvalidSignature => "access token signature invalid",
                    ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                        "access token algorithm not accepted"
                    }
                    ErrorKind::InvalidAudience => "access token audience not accepted",
                    ErrorKind::InvalidIssuer => "access token issuer not accepted",
                    ErrorKind::MissingRequiredClaim(_) => "access token lacks a required claim",
                    _ => "access token malformed",
                };
                ApiError::unauthorized(detail)
            })
    }
}

/// The `alg` of a token's header, if it has a readable one.
fn header_alg(token: &str) -> Option<String> {
    let header = token.split('.').next()?;
    let header = URL_SAFE_NO_PAD.decode(header).ok()?;
    let header: serde_json::Value = serde_json::from_slice(&header).ok()?;
    Some(header.get("alg")?.as_str()?.to_owned())
}

/// A fresh refresh token and the hash under which it is stored.
pub fn new_refresh_token() -> Result<(String, String), ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|error| ApiError::internal(format_args!("no OS randomness: {error}")))?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = refresh_token_hash(&token);
    Ok((token, hash))
}

/// Lowercase hex SHA-256 of a refresh token: the only form the database keeps.
pub fn refresh_token_hash(token: &str) -> String {
    custos_core::digest::sha256(token.as_bytes()).to_hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_others_do_not() {
        let keys = TokenKeys::new(&[7; 32], 60);
        let now = jsonwebtoken::get_current_timestamp();
        let token = keys.issue("user", "session", now).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!(
            (claims.sub.as_str(), claims.sid.as_str()),
            ("user", "session")
        );

        let other = TokenKeys::new(&[8; 32], 60);
        let error = other.verify(&token).unwrap_err();
        assert_eq!(error.detail, "access token signature invalid");

        let expired = keys.issue("user", "session", now - 3600).unwrap();
        assert_eq!(
            keys.verify(&expired).unwrap_err().detail,
            "access token expired"
        );
    }

    #[test]
    fn times_outside_what_the_server_issues_are_refused() {
        let keys = TokenKeys::new(&[7; 32], 900);
        let now = 1_800_000_000;
        let claims = |iat: u64, exp: u64| AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: "user".to_owned(),
            sid: "session".to_owned(),
            iat,
            exp,
        };
        let detail = |iat, exp| {
            keys.check_times(&claims(iat, exp), now)
                .err()
                .map(|error| error.detail)
        };
        assert_eq!(detail(now, now + 900), None);
        assert_eq!(detail(now + LEEWAY_SECS, now + LEEWAY_SECS + 900), None);
        assert_eq!(
            detail(now + LEEWAY_SECS + 1, now + 900).as_deref(),
            Some("access token issued in the future")
        );
        assert_eq!(
            detail(now, now + 901).as_deref(),
            Some("access token lifetime longer than allowed")
        );
        assert_eq!(
            detail(0, now + 1).as_deref(),
            Some("access token lifetime longer than allowed")
        );
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let (first, first_hash) = new_refresh_token().unwrap();
        let (second, _) = new_refresh_token().unwrap();
        assert_ne!(first, second);
        assert_eq!(first_hash, refresh_token_hash(&first));
        assert_eq!(
            refresh_token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
