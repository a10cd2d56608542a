//! Checking the bearer tokens this server issues, as the real issuers' tokens are checked
//! (reference: auth-events-migration.md §1.4, enduser-tokens-limits.md §3).
//!
//! Each stand-in is its own issuer, named from the server's configured public URL (never from a
//! request's `Host`): Maskinporten `{url}/`, ID-porten `{url}/idporten/`, Altinn's token exchange
//! `{url}/authentication/api/v1/openid/`. A bearer token must be an access token (`typ` `at+jwt`,
//! RFC 9068: an ID-porten `id_token` or a refresh token is not one) of the expected issuer, with
//! `exp`, `iat` and any `nbf` holding within [`LEEWAY_SECONDS`]. What a development server issued
//! (tokens for clients registered through `/development/clients`, and every token of the
//! development ID-porten) is refused by a server running without `--dev`.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Utc;
use dialogporten::auth::jwt;
use serde_json::Value;

use crate::App;

/// The clock difference a token's times are allowed: Maskinporten's own tolerance for a grant's
/// `iat` (±10 s).
pub const LEEWAY_SECONDS: i64 = 10;

/// The `typ` of an access token (RFC 9068); ID tokens and refresh tokens are plain `JWT`.
pub const ACCESS_TOKEN: &str = "at+jwt";

/// The `typ` of a token that is not an access token.
pub const PLAIN_JWT: &str = "JWT";

/// The claim marking a token a development server issued.
pub const DEVELOPMENT_CLAIM: &str = "development";

/// Who issued a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Service owners' tokens from `/token`.
    Maskinporten,
    /// People's tokens from the development ID-porten.
    IdPorten,
    /// Altinn tokens from the exchange of a Maskinporten token.
    Altinn,
}

impl Kind {
    /// The issuer (`iss`) of this kind of token on a server reached at `public_url`.
    pub fn issuer(self, public_url: &str) -> String {
        let base = public_url.trim_end_matches('/');
        match self {
            Kind::Maskinporten => format!("{base}/"),
            Kind::IdPorten => format!("{base}/idporten/"),
            Kind::Altinn => format!("{base}/authentication/api/v1/openid/"),
        }
    }
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not signed by this server's key.
    Signature,
    /// An ID token, a refresh token or anything else that is not an access token.
    NotAnAccessToken,
    /// Another issuer, or another kind of token of this server's.
    Issuer,
    /// `exp` has passed, or is missing.
    Expired,
    /// `nbf` or `iat` lies ahead, or `iat` is missing.
    NotYetValid,
    /// Issued by a development server; this one runs without `--dev`.
    Development,
}

/// The claims of `token`, if it is an access token of `kind` this server issued and may take now.
pub fn verify(app: &App, token: &str, kind: Kind) -> Result<Value, Refused> {
    let claims = verify_signed(app, token, kind, ACCESS_TOKEN)?;
    let development = kind == Kind::IdPorten || claims[DEVELOPMENT_CLAIM] == true;
    if development && !app.config.dev {
        log_once(kind);
        return Err(Refused::Development);
    }
    Ok(claims)
}

/// The claims of `token` if this server signed it as a `typ` token of `kind`, now valid.
pub fn verify_signed(app: &App, token: &str, kind: Kind, typ: &str) -> Result<Value, Refused> {
    let (header, claims) = jwt::verify(token, app.issuer.public()).map_err(|_| Refused::Signature)?;
    if header["kid"].as_str() != Some(app.issuer.kid()) {
        return Err(Refused::Signature);
    }
    if header["typ"].as_str() != Some(typ) {
        return Err(Refused::NotAnAccessToken);
    }
    if claims["iss"].as_str() != Some(kind.issuer(&app.public_url).as_str()) {
        return Err(Refused::Issuer);
    }
    check_times(&claims, Utc::now().timestamp())?;
    Ok(claims)
}

/// `exp` not passed, `iat` and any `nbf` not ahead, each within [`LEEWAY_SECONDS`].
pub fn check_times(claims: &Value, now: i64) -> Result<(), Refused> {
    let exp = claims["exp"].as_i64().ok_or(Refused::Expired)?;
    if exp + LEEWAY_SECONDS < now {
        return Err(Refused::Expired);
    }
    let iat = claims["iat"].as_i64().ok_or(Refused::NotYetValid)?;
    if iat - LEEWAY_SECONDS > now {
        return Err(Refused::NotYetValid);
    }
    if claims.get("nbf").is_some_and(|nbf| nbf.as_i64().is_none_or(|nbf| nbf - LEEWAY_SECONDS > now)) {
        return Err(Refused::NotYetValid);
    }
    Ok(())
}

/// Says once per kind why development tokens are refused, so an operator who restarted a
/// sandbox's database without `--dev` learns why its old logins stopped working.
fn log_once(kind: Kind) {
    static SERVICE_OWNERS: AtomicBool = AtomicBool::new(false);
    static PEOPLE: AtomicBool = AtomicBool::new(false);
    let (said, what) = match kind {
        Kind::IdPorten => (&PEOPLE, "a token of the development ID-porten"),
        Kind::Maskinporten | Kind::Altinn => (&SERVICE_OWNERS, "a token of a client registered by a --dev server"),
    };
    if !said.swap(true, Ordering::SeqCst) {
        eprintln!("dp-server: refused {what}: this server runs without --dev (further ones are refused silently)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times_hold_within_the_leeway_only() {
        let now = 1_000_000;
        let ok = json!({"iat": now, "exp": now + 60});
        assert_eq!(check_times(&ok, now), Ok(()));
        assert_eq!(check_times(&json!({"iat": now - 120, "exp": now - LEEWAY_SECONDS}), now), Ok(()));
        assert_eq!(
            check_times(&json!({"iat": now - 120, "exp": now - LEEWAY_SECONDS - 1}), now),
            Err(Refused::Expired)
        );
        assert_eq!(
            check_times(&json!({"iat": now + LEEWAY_SECONDS + 1, "exp": now + 60}), now),
            Err(Refused::NotYetValid)
        );
        assert_eq!(
            check_times(&json!({"iat": now, "nbf": now + LEEWAY_SECONDS + 1, "exp": now + 60}), now),
            Err(Refused::NotYetValid)
        );
        assert_eq!(check_times(&json!({"iat": now, "nbf": "soon", "exp": now + 60}), now), Err(Refused::NotYetValid));
        assert_eq!(check_times(&json!({"exp": now + 60}), now), Err(Refused::NotYetValid));
        assert_eq!(check_times(&json!({"iat": now}), now), Err(Refused::Expired));
    }

    #[test]
    fn each_stand_in_is_its_own_issuer() {
        let url = "http://127.0.0.1:5280/";
        assert_eq!(Kind::Maskinporten.issuer(url), "http://127.0.0.1:5280/");
        assert_eq!(Kind::IdPorten.issuer(url), "http://127.0.0.1:5280/idporten/");
        assert_eq!(Kind::Altinn.issuer(url), "http://127.0.0.1:5280/authentication/api/v1/openid/");
    }
}
