//! A client configured from the environment, with the variables `dp` reads
//! (`dp help environment`), so a program and the CLI share one setup.

use std::sync::Arc;
use std::time::Duration;

use crate::auth::{ClientKey, MaskinportenConfig, MaskinportenProvider};
use crate::{Client, ClientBuilder, Environment, Error, LOCAL_URL};

/// The scopes asked for when `DP_SCOPES` is not set: what a service owner's dialogs need.
pub const DEFAULT_SCOPES: [&str; 2] =
    ["digdir:dialogporten.serviceprovider", "digdir:dialogporten.serviceprovider.search"];

impl ClientBuilder {
    /// A builder set up from the environment, as `dp` reads it:
    ///
    /// - where: `DP_BASE_URL` (a URL), else `DP_ENV` (`local`, `test`, `tt02`, `yt01`, `prod` or a URL),
    ///   else `local` ([`LOCAL_URL`], a `dp-server`);
    /// - who: `DP_TOKEN` (a ready bearer token), else `DP_CLIENT_ID` with `DP_KEY` (PEM or JWK text)
    ///   or `DP_KEY_FILE` (PEM, JWK, `.p12`/`.pfx` with `DP_PKCS12_PASSWORD`), `DP_KID` for a PEM key,
    ///   `DP_SCOPES` (space- or comma-separated; [`DEFAULT_SCOPES`] otherwise), `DP_RESOURCE` and
    ///   `DP_CONSUMER_ORG`;
    /// - how: `DP_TIMEOUT` (`30`, `2.5`, `500ms`, `2m`), `DP_ALLOW_INSECURE_HTTP=1`.
    ///
    /// Settings made on the builder afterwards override these. Which credentials were taken,
    /// when several are set, [`credentials`](ClientBuilder::credentials) says.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), dialogporten::Error> {
    /// // DP_ENV=tt02 DP_CLIENT_ID=… DP_KEY_FILE=key.pem DP_KID=… cargo run
    /// let client = dialogporten::Client::from_env()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) with the variables read from `lookup` (a map, a config
    /// file's section, a test's fixture) instead of the process environment.
    ///
    /// ```
    /// use dialogporten::ClientBuilder;
    /// let vars = [("DP_ENV", "tt02"), ("DP_TOKEN", "ey…")];
    /// let builder = ClientBuilder::from_vars(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()));
    /// assert!(builder.is_ok());
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let environment: Environment = match (var("DP_BASE_URL"), var("DP_ENV")) {
            (Some(url), _) => url.parse().map_err(|e| Error::Config(format!("DP_BASE_URL: {e}")))?,
            (None, Some(name)) => name.parse().map_err(|e| Error::Config(format!("DP_ENV: {e}")))?,
            (None, None) => Environment::Local(LOCAL_URL.to_owned()),
        };
        let mut builder = Client::builder(environment.clone());
        if let Some(timeout) = var("DP_TIMEOUT") {
            builder = builder.timeout(parse_duration(&timeout).ok_or_else(|| {
                Error::Config(format!("DP_TIMEOUT {timeout:?} is not a duration: write 30, 2.5, 500ms or 2m"))
            })?);
        }
        if var("DP_ALLOW_INSECURE_HTTP")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
        {
            builder = builder.allow_plain_http(true);
        }
        if let Some(token) = var("DP_TOKEN") {
            let source = match var("DP_CLIENT_ID") {
                Some(_) => "DP_TOKEN (DP_CLIENT_ID is set too and not used: unset DP_TOKEN to use the client's key)",
                None => "DP_TOKEN",
            };
            return Ok(builder.bearer_token(token).credentials_from(source));
        }
        let Some(client_id) = var("DP_CLIENT_ID") else {
            return Err(Error::Config(
                "no credentials in the environment: set DP_TOKEN, or DP_CLIENT_ID with DP_KEY or DP_KEY_FILE".into(),
            ));
        };
        let kid = var("DP_KID");
        let source = match (var("DP_KEY"), var("DP_KEY_FILE")) {
            (Some(_), Some(_)) => "DP_CLIENT_ID with DP_KEY (DP_KEY_FILE is set too and not used)",
            (Some(_), None) => "DP_CLIENT_ID with DP_KEY",
            _ => "DP_CLIENT_ID with DP_KEY_FILE",
        };
        let key = match (var("DP_KEY"), var("DP_KEY_FILE")) {
            (Some(text), _) => {
                ClientKey::from_text(&text, kid.as_deref()).map_err(|e| Error::Config(format!("DP_KEY: {e}")))?
            }
            (None, Some(path)) => {
                let password = var("DP_PKCS12_PASSWORD");
                ClientKey::from_file(std::path::Path::new(&path), kid.as_deref(), password.as_deref())
                    .map_err(|e| Error::Config(format!("DP_KEY_FILE: {e}")))?
            }
            (None, None) => {
                return Err(Error::Config(
                    "DP_CLIENT_ID is set: also set DP_KEY (PEM or JWK text) or DP_KEY_FILE".into(),
                ));
            }
        };
        let scopes: Vec<String> = var("DP_SCOPES").map_or_else(
            || DEFAULT_SCOPES.map(str::to_owned).to_vec(),
            |s| s.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        );
        let mut config = MaskinportenConfig::new(&environment, client_id).scopes(scopes);
        config.resource = var("DP_RESOURCE");
        config.consumer_org = var("DP_CONSUMER_ORG");
        Ok(builder.shared_token_provider(Arc::new(MaskinportenProvider::new(config, key))).credentials_from(source))
    }
}

impl Client {
    /// A client configured from the environment: see [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }
}

/// `30`, `2.5`, `500ms`, `2m` (seconds when no unit is given).
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(m) = text.strip_suffix('m') {
        (m, 60.0)
    } else {
        (text.strip_suffix('s').unwrap_or(text), 1.0)
    };
    let value: f64 = number.trim().parse().ok()?;
    (value.is_finite() && value > 0.0).then(|| Duration::from_secs_f64(value * scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_dp_reads_them() {
        assert_eq!(parse_duration("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("2.5"), Some(Duration::from_millis(2500)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("0"), None);
    }
}
