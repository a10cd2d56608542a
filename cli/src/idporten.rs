//! An end user's login with ID-porten: the authorization code flow with PKCE (S256) and `state`, a
//! loopback redirect on 127.0.0.1 with a port the OS picks (RFC 8252 §7.3), the system browser (or
//! `BROWSER`, or the URL printed), and refresh tokens where ID-porten issues them. Tokens are kept
//! like every other secret dp holds.

use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use dialogporten::IdPorten;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, RefreshToken, Scope,
    TokenResponse, TokenUrl,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::exit::{NoCredentials, UsageError};

/// The ID-porten client id dp uses with a local server's development ID-porten.
pub const LOCAL_CLIENT: &str = "dp-cli";

/// What the end-user API asks of an ID-porten token.
pub const SCOPES: [&str; 2] = ["openid", "digdir:dialogporten"];
/// How long the browser has to come back.
const LOGIN_TIMEOUT: Duration = Duration::from_secs(300);

/// An end user's tokens, as kept in the secret store.
pub struct EndUserTokens {
    /// The access token the end-user API takes.
    pub access: SecretString,
    /// The refresh token, when ID-porten issued one.
    pub refresh: Option<SecretString>,
    /// When the access token stops working.
    pub expires_at: Option<DateTime<Utc>>,
}

impl EndUserTokens {
    /// As stored: JSON, a secret as a whole.
    pub fn to_secret(&self) -> String {
        json!({
            "access_token": self.access.expose_secret(),
            "refresh_token": self.refresh.as_ref().map(|r| r.expose_secret().to_owned()),
            "expires_at": self.expires_at.map(|t| t.to_rfc3339()),
        })
        .to_string()
    }

    /// From the secret store's text.
    pub fn from_secret(text: &str) -> Option<Self> {
        let value: Value = serde_json::from_str(text).ok()?;
        Some(Self {
            access: SecretString::from(value["access_token"].as_str()?.to_owned()),
            refresh: value["refresh_token"].as_str().map(|r| SecretString::from(r.to_owned())),
            expires_at: value["expires_at"].as_str().and_then(|t| DateTime::parse_from_rfc3339(t).ok()).map(Into::into),
        })
    }

    /// Whether the access token is still good for a minute.
    pub fn is_fresh(&self) -> bool {
        self.expires_at.is_none_or(|at| at > Utc::now() + chrono::Duration::seconds(60))
    }
}

/// How the person reaches the login page.
pub enum Browser {
    /// The system browser, or the command in `BROWSER`; the URL is printed too.
    System,
    /// No browser: the URL is printed for the person to open.
    Print,
    /// dp-server's development login for this national identity number, followed by dp itself:
    /// no browser and no account (local servers only).
    Development(String),
}

type Client = oauth2::Client<
    oauth2::basic::BasicErrorResponse,
    oauth2::basic::BasicTokenResponse,
    oauth2::basic::BasicTokenIntrospectionResponse,
    oauth2::StandardRevocableToken,
    oauth2::basic::BasicRevocationErrorResponse,
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

fn client(idporten: &IdPorten, client_id: &str) -> Result<Client> {
    Ok(BasicClient::new(ClientId::new(client_id.to_owned()))
        .set_auth_uri(AuthUrl::new(idporten.authorization_endpoint.clone()).context("ID-porten's authorize URL")?)
        .set_token_uri(TokenUrl::new(idporten.token_endpoint.clone()).context("ID-porten's token URL")?))
}

/// oauth2's requests, sent by dp's own HTTP client (TLS, timeouts, no redirects).
async fn send(
    http: &dialogporten::reqwest::Client,
    request: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, HttpError> {
    let request = dialogporten::reqwest::Request::try_from(request).map_err(|e| HttpError(e.to_string()))?;
    let response = http.execute(request).await.map_err(|e| HttpError(dialogporten::transport::describe_failure(&e)))?;
    let mut answer = oauth2::http::Response::builder().status(response.status().as_u16());
    for (name, value) in response.headers() {
        answer = answer.header(name.as_str(), value.as_bytes());
    }
    let body = response.bytes().await.map_err(|e| HttpError(e.to_string()))?;
    answer.body(body.to_vec()).map_err(|e| HttpError(e.to_string()))
}

#[derive(Debug)]
struct HttpError(String);

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HttpError {}

fn tokens_of(response: &oauth2::basic::BasicTokenResponse) -> EndUserTokens {
    EndUserTokens {
        access: SecretString::from(response.access_token().secret().clone()),
        refresh: response.refresh_token().map(|r| SecretString::from(r.secret().clone())),
        expires_at: response.expires_in().and_then(|d| chrono::Duration::from_std(d).ok()).map(|d| Utc::now() + d),
    }
}

fn refused(error: oauth2::RequestTokenError<HttpError, oauth2::basic::BasicErrorResponse>) -> anyhow::Error {
    match error {
        oauth2::RequestTokenError::ServerResponse(response) => {
            let why = response.error_description().cloned().unwrap_or_else(|| response.error().to_string());
            NoCredentials(format!("ID-porten refused the login: {why}")).into()
        }
        oauth2::RequestTokenError::Request(e) => anyhow!("cannot reach ID-porten: {e}"),
        other => anyhow!("ID-porten's answer was not understood: {other}"),
    }
}

/// Logs a person in and returns their tokens.
pub async fn login(idporten: &IdPorten, client_id: &str, browser: Browser) -> Result<EndUserTokens> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.context("cannot listen on 127.0.0.1 for the redirect")?;
    let redirect = format!("http://127.0.0.1:{}/callback", listener.local_addr()?.port());
    let client = client(idporten, client_id)?.set_redirect_uri(RedirectUrl::new(redirect.clone())?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let nonce = CsrfToken::new_random();
    let (mut url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(SCOPES.map(|s| Scope::new(s.to_owned())))
        .add_extra_param("nonce", nonce.secret())
        .set_pkce_challenge(challenge)
        .url();
    let http = dialogporten::transport::http_client();
    match &browser {
        Browser::Development(pid) => {
            url.query_pairs_mut().append_pair("pid", pid);
            // The development login answers with the redirect a browser would follow; anything else
            // is its refusal, said here rather than waited for.
            let no_redirects = dialogporten::transport::http_client_builder()
                .redirect(dialogporten::reqwest::redirect::Policy::none())
                .build()
                .context("cannot build an HTTP client")?;
            let answer = no_redirects.get(url.as_str()).send().await.map_err(|e| {
                anyhow!(
                    "cannot reach ID-porten at {}: {}",
                    idporten.authorization_endpoint,
                    dialogporten::transport::describe_failure(&e)
                )
            })?;
            let Some(location) = answer.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned)
            else {
                let status = answer.status();
                let body: Value = answer.json().await.unwrap_or(Value::Null);
                let why = body["error_description"].as_str().or(body["error"].as_str()).unwrap_or("no redirect");
                // A server error is the service failing, not a refusal of the person.
                if status.is_server_error() {
                    bail!("the development login failed ({status}): {why}; try again, or see dp-server's log");
                }
                return Err(NoCredentials(format!("the development login refused ({status}): {why}")).into());
            };
            let http = http.clone();
            tokio::spawn(async move {
                let _ = http.get(location).send().await;
            });
        }
        Browser::System => {
            eprintln!("dp: opening ID-porten in your browser; if none opens, visit:\n  {url}");
            if let Err(why) = open_browser(url.as_str()) {
                eprintln!("dp: {why}");
            }
        }
        Browser::Print => eprintln!("dp: log in with ID-porten at:\n  {url}"),
    }
    let query = tokio::time::timeout(LOGIN_TIMEOUT, callback(&listener))
        .await
        .map_err(|_| NoCredentials("no login came back within 5 minutes: run the command again".into()))??;
    let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Some(error) = get("error") {
        let why = get("error_description").unwrap_or_default();
        return Err(NoCredentials(format!("ID-porten refused the login: {error} {why}").trim().to_owned()).into());
    }
    if get("state").as_deref() != Some(state.secret().as_str()) {
        bail!("the login came back with another state: it was not the one dp started; run the command again");
    }
    let code = get("code").ok_or_else(|| anyhow!("the login came back without a code"))?;
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(verifier)
        .request_async(&|request| send(&http, request))
        .await
        .map_err(refused)?;
    Ok(tokens_of(&response))
}

/// New tokens for a refresh token.
pub async fn refresh(idporten: &IdPorten, client_id: &str, refresh: &SecretString) -> Result<EndUserTokens> {
    let http = dialogporten::transport::http_client();
    let response = client(idporten, client_id)?
        .exchange_refresh_token(&RefreshToken::new(refresh.expose_secret().to_owned()))
        .request_async(&|request| send(&http, request))
        .await
        .map_err(refused)?;
    let mut tokens = tokens_of(&response);
    if tokens.refresh.is_none() {
        tokens.refresh = Some(refresh.clone());
    }
    Ok(tokens)
}

/// The person's tokens kept for profile `name`, renewed with the refresh token when the access
/// token has expired (and the renewed ones kept). `environment` is where the profile logs in;
/// `None` is the local sandbox, whose ID-porten is gone once dp exits, so nothing renews there.
pub async fn stored_tokens(
    secrets: &crate::secrets::Secrets,
    name: &str,
    client_id: Option<&str>,
    environment: Option<&dialogporten::Environment>,
) -> Result<EndUserTokens> {
    let secret = crate::credentials::idporten_secret(name);
    let absent = || {
        NoCredentials(format!(
            "profile {name:?} has no ID-porten login (logged out, or never logged in): run `dp auth login --idporten --profile {name}`"
        ))
    };
    let expired = || {
        NoCredentials(format!(
            "the ID-porten login of profile {name:?} has expired: run `dp auth login --idporten --profile {name}`"
        ))
    };
    let tokens = secrets.get(&secret).and_then(|(text, _)| EndUserTokens::from_secret(&text)).ok_or_else(absent)?;
    if tokens.is_fresh() {
        return Ok(tokens);
    }
    let (Some(refresh_token), Some(environment)) = (&tokens.refresh, environment) else {
        return Err(expired().into());
    };
    let renewed = refresh(&environment.idporten(), client_id.unwrap_or(LOCAL_CLIENT), refresh_token).await?;
    secrets.set(&secret, &renewed.to_secret())?;
    Ok(renewed)
}

/// Waits for the browser's redirect to the loopback listener and answers it; returns its query.
async fn callback(listener: &TcpListener) -> Result<Vec<(String, String)>> {
    loop {
        let (mut stream, _) = listener.accept().await.context("the redirect listener failed")?;
        let mut buffer = vec![0u8; 16 * 1024];
        let mut read = 0;
        while read < buffer.len() {
            let n = stream.read(&mut buffer[read..]).await.unwrap_or(0);
            if n == 0 {
                break;
            }
            read += n;
            if buffer[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        let request = String::from_utf8_lossy(&buffer[..read]);
        let target = request.lines().next().and_then(|line| line.split(' ').nth(1)).unwrap_or_default();
        let Some(query) = target.strip_prefix("/callback") else {
            let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
            continue;
        };
        let pairs: Vec<(String, String)> =
            oauth2::url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        let page = if pairs.iter().any(|(k, _)| k == "code") {
            "<!doctype html><title>dp</title><p>You are logged in to dp. You can close this tab."
        } else {
            "<!doctype html><title>dp</title><p>The login did not complete; see the terminal."
        };
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = stream.write_all(answer.as_bytes()).await;
        return Ok(pairs);
    }
}

/// Opens `url` with `BROWSER` (a command, `%s` standing for the URL if present) or the system's opener.
pub fn open_browser(url: &str) -> Result<()> {
    let spawn = |program: &str, args: Vec<String>| {
        std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map(|_| ())
    };
    if let Some(browser) = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty()) {
        let mut words = browser.split_whitespace();
        let program = words.next().unwrap_or_default().to_owned();
        let mut args: Vec<String> = words.map(|w| w.replace("%s", url)).collect();
        if !browser.contains("%s") {
            args.push(url.to_owned());
        }
        return spawn(&program, args).map_err(|e| anyhow!("BROWSER ({program}) could not be started: {e}"));
    }
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    spawn(opener, vec![url.to_owned()])
        .map_err(|_| UsageError("no browser could be opened: open the URL above".into()).into())
}
