//! Where Dialogporten and its Maskinporten live, per environment.

use std::fmt;
use std::str::FromStr;

/// A Dialogporten environment.
///
/// ```
/// use dialogporten::Environment;
/// let tt02: Environment = "tt02".parse().unwrap();
/// assert_eq!(tt02.base_url(), "https://platform.tt02.altinn.no/dialogporten");
/// assert_eq!(tt02.maskinporten().issuer, "https://test.maskinporten.no/");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// A reference server (`dp-server`) or any other base URL, such as
    /// `http://127.0.0.1:5280`. Its Maskinporten-compatible token endpoint is
    /// served from the same base.
    Local(String),
    /// at23, Digdir's test environment (Maskinporten TEST).
    Test,
    /// tt02, the staging environment service owners integrate against (Maskinporten TEST).
    Tt02,
    /// yt01, the performance-test environment (Maskinporten TEST).
    Yt01,
    /// Production (Maskinporten PROD).
    Prod,
}

/// Where end users log in: an ID-porten issuer and its endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdPorten {
    /// The issuer (`https://test.idporten.no/`), the `iss` of its tokens.
    pub issuer: String,
    /// Where the browser is sent to log in (authorization code with PKCE).
    pub authorization_endpoint: String,
    /// Where the code is exchanged for tokens.
    pub token_endpoint: String,
    /// The keys its tokens are signed with.
    pub jwks_uri: String,
}

/// A Maskinporten issuer and token endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Maskinporten {
    /// The issuer identifier: the `aud` of every JWT grant.
    pub issuer: String,
    /// Where grants are exchanged for access tokens.
    pub token_endpoint: String,
}

impl Environment {
    /// Every named (remote) environment.
    pub const NAMED: &'static [Environment] =
        &[Environment::Test, Environment::Tt02, Environment::Yt01, Environment::Prod];

    /// The short name used on the command line and in config files.
    pub fn name(&self) -> &str {
        match self {
            Environment::Local(_) => "local",
            Environment::Test => "test",
            Environment::Tt02 => "tt02",
            Environment::Yt01 => "yt01",
            Environment::Prod => "prod",
        }
    }

    /// The Dialogporten base URL; operations live under `{base}/api/v1/...`.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Local(url) => url.trim_end_matches('/'),
            Environment::Test => "https://platform.at23.altinn.cloud/dialogporten",
            Environment::Tt02 => "https://platform.tt02.altinn.no/dialogporten",
            Environment::Yt01 => "https://platform.yt01.altinn.cloud/dialogporten",
            Environment::Prod => "https://platform.altinn.no/dialogporten",
        }
    }

    /// The Altinn platform base, home of the token exchange and Altinn Events.
    pub fn altinn_platform_url(&self) -> &str {
        match self {
            Environment::Local(url) => url.trim_end_matches('/'),
            Environment::Test => "https://platform.at23.altinn.cloud",
            Environment::Tt02 => "https://platform.tt02.altinn.no",
            Environment::Yt01 => "https://platform.yt01.altinn.cloud",
            Environment::Prod => "https://platform.altinn.no",
        }
    }

    /// The Maskinporten instance that issues tokens for this environment.
    pub fn maskinporten(&self) -> Maskinporten {
        match self {
            Environment::Local(url) => {
                let base = url.trim_end_matches('/');
                Maskinporten { issuer: format!("{base}/"), token_endpoint: format!("{base}/token") }
            }
            Environment::Prod => Maskinporten {
                issuer: "https://maskinporten.no/".into(),
                token_endpoint: "https://maskinporten.no/token".into(),
            },
            Environment::Test | Environment::Tt02 | Environment::Yt01 => Maskinporten {
                issuer: "https://test.maskinporten.no/".into(),
                token_endpoint: "https://test.maskinporten.no/token".into(),
            },
        }
    }

    /// The ID-porten end users of this environment log in at (a `dp-server --dev` serves its own
    /// at `{base}/idporten`).
    ///
    /// ```
    /// use dialogporten::Environment;
    /// assert_eq!(Environment::Tt02.idporten().token_endpoint, "https://test.idporten.no/token");
    /// assert_eq!(Environment::Prod.idporten().authorization_endpoint, "https://login.idporten.no/authorize");
    /// ```
    pub fn idporten(&self) -> IdPorten {
        let (issuer, login) = match self {
            Environment::Local(url) => {
                let base = format!("{}/idporten", url.trim_end_matches('/'));
                return IdPorten {
                    issuer: format!("{base}/"),
                    authorization_endpoint: format!("{base}/authorize"),
                    token_endpoint: format!("{base}/token"),
                    jwks_uri: format!("{base}/jwks.json"),
                };
            }
            Environment::Prod => ("https://idporten.no", "https://login.idporten.no"),
            Environment::Test | Environment::Tt02 | Environment::Yt01 => {
                ("https://test.idporten.no", "https://login.test.idporten.no")
            }
        };
        IdPorten {
            issuer: format!("{issuer}/"),
            authorization_endpoint: format!("{login}/authorize"),
            token_endpoint: format!("{issuer}/token"),
            jwks_uri: format!("{issuer}/jwks.json"),
        }
    }

    /// The Altinn token exchange endpoint for Maskinporten tokens.
    pub fn token_exchange_url(&self) -> String {
        format!("{}/authentication/api/v1/exchange/maskinporten", self.altinn_platform_url())
    }
}

/// Where `dp-server` listens unless told otherwise: what `"local"` names.
pub const LOCAL_URL: &str = "http://127.0.0.1:5280";

/// An environment name that is not one of `local`, `test`, `tt02`, `yt01`, `prod`, or a URL.
#[derive(Debug, thiserror::Error)]
#[error("unknown environment `{0}`: use local, test, tt02, yt01, prod or an http(s) base URL")]
pub struct UnknownEnvironment(pub String);

impl FromStr for Environment {
    type Err = UnknownEnvironment;

    /// Parses a named environment (`local` is a `dp-server` on [`LOCAL_URL`]), or any
    /// `http://`/`https://` URL as `Local`.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let lower = value.trim().to_ascii_lowercase();
        match lower.as_str() {
            "local" => Ok(Environment::Local(LOCAL_URL.to_owned())),
            "test" | "at23" => Ok(Environment::Test),
            "tt02" | "staging" => Ok(Environment::Tt02),
            "yt01" => Ok(Environment::Yt01),
            "prod" | "production" => Ok(Environment::Prod),
            _ if lower.starts_with("http://") || lower.starts_with("https://") => {
                Ok(Environment::Local(value.trim().to_owned()))
            }
            _ => Err(UnknownEnvironment(value.to_owned())),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Environment::Local(url) => f.write_str(url),
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prod_uses_prod_maskinporten_and_the_rest_use_test() {
        assert_eq!(Environment::Prod.maskinporten().issuer, "https://maskinporten.no/");
        for env in [Environment::Test, Environment::Tt02, Environment::Yt01] {
            assert_eq!(env.maskinporten().token_endpoint, "https://test.maskinporten.no/token");
        }
    }

    #[test]
    fn urls_parse_as_local() {
        let env: Environment = "http://127.0.0.1:5280/".parse().unwrap();
        assert_eq!(env.base_url(), "http://127.0.0.1:5280");
        assert_eq!(env.maskinporten().token_endpoint, "http://127.0.0.1:5280/token");
        assert!("staging2".parse::<Environment>().is_err());
        let local: Environment = "Local".parse().unwrap();
        assert_eq!(local.base_url(), LOCAL_URL, "local is dp-server's default address");
    }
}
