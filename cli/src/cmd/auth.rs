//! `dp auth login|status|token|logout|keygen`: Maskinporten credentials.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use dialogporten::Environment;
use dialogporten::auth::{AltinnTokenProvider, ClientKey, DevelopmentClient, MaskinportenProvider, TokenProvider, jwt};
use dialogporten::transport::RequestLog;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, Profile, config_dir};
use crate::context::Context;
use crate::credentials::{DEFAULT_SCOPES, key_from_file, key_secret, password_secret};
use crate::exit::{NoCredentials, UsageError};
use crate::output::Output;
use crate::sandbox::Sandbox;
use crate::secrets::{SecretTokenStore, Secrets};
use crate::wire::StderrLog;

#[derive(Args, Debug)]
pub struct AuthArgs {
    #[command(subcommand)]
    pub command: AuthCommand,
}

#[derive(Subcommand, Debug)]
pub enum AuthCommand {
    /// Save a Maskinporten client as a profile, or log a person in with --idporten.
    Login(Box<LoginArgs>),
    /// Where credentials come from, which store holds them, and the current token's expiry and scopes.
    Status,
    /// Print a bearer token, for curl and scripts.
    Token(TokenArgs),
    /// Forget everything a profile holds: key, certificate password, cached tokens, a person's ID-porten tokens.
    Logout,
    /// Make an RSA key pair: keeps the private key, prints the public JWK for Maskinporten.
    Keygen(KeygenArgs),
}

/// Save a Maskinporten client as a profile, or (--idporten) log a person in.
///
/// The profile is --profile (or "default"). Give --env or --base-url for where it
/// is used. The key is imported into the OS keyring (or a 0600 file when no
/// keyring answers), so the key file may be deleted afterwards.
///
/// Examples:
///   dp auth login --profile tt02 --env tt02 --client-id 0f3c... --key-file client.jwk
///   dp auth login --profile prod --env prod --client-id ... --pkcs12 virksomhet.p12   # password from DP_PKCS12_PASSWORD or a prompt
///   dp auth login --env local          # the local sandbox: registers a fresh key by itself
///   dp auth login --profile me --idporten --env tt02 --client-id ...   # a person, in the browser (for dp inbox)
///   dp auth login --profile me --idporten --pid 08844397713            # a person, through the sandbox's development ID-porten
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct LoginArgs {
    /// The Maskinporten client id (integration id).
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// The key id the public key is registered under (needed with a PEM key).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
    /// A private key: PEM (PKCS#1 or PKCS#8) or JWK.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, conflicts_with = "pkcs12")]
    pub key_file: Option<PathBuf>,
    /// An enterprise certificate (virksomhetssertifikat) as PKCS#12; it stays where it is.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub pkcs12: Option<PathBuf>,
    /// A scope to ask for; repeat for more [default: serviceprovider and serviceprovider.search].
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// Restrict tokens to this audience (resource).
    #[arg(long, value_name = "URI")]
    pub resource: Option<String>,
    /// Act for this customer (a supplier with a delegation), 9 digits.
    #[arg(long, value_name = "ORGNR")]
    pub consumer_org: Option<String>,
    /// Act as this system user's organisation, 9 digits.
    #[arg(long, value_name = "ORGNR")]
    pub system_user_org: Option<String>,
    /// The system user's external reference.
    #[arg(long, value_name = "REF", requires = "system_user_org")]
    pub system_user_ref: Option<String>,
    /// Save without fetching a token to check.
    #[arg(long)]
    pub no_verify: bool,
    /// Log in as a person with ID-porten instead (authorization code with PKCE, in the browser): an
    /// end user's profile, for `dp inbox`. --client-id is then the ID-porten client.
    #[arg(long, conflicts_with_all = ["kid", "key_file", "pkcs12", "scopes", "resource", "consumer_org", "system_user_org"])]
    pub idporten: bool,
    /// With --idporten against a local server: log in as this person (11-digit national identity
    /// number) through its development login, with no browser.
    #[arg(long, value_name = "PID", requires = "idporten")]
    pub pid: Option<String>,
    /// With --idporten: print the login URL instead of opening a browser.
    #[arg(long, requires = "idporten", conflicts_with = "pid")]
    pub no_browser: bool,
    /// Replace a profile of the other kind (a service owner's with a person's login, or the
    /// reverse) and its stored secrets, or point a profile holding a client for a real
    /// environment elsewhere.
    #[arg(long)]
    pub force: bool,
}

/// Print a token.
#[derive(Args, Debug)]
pub struct TokenArgs {
    /// The Altinn token exchanged from the Maskinporten one (for Altinn Events).
    #[arg(long)]
    pub altinn: bool,
    /// The token's header and claims as JSON instead of the token.
    #[arg(long)]
    pub decode: bool,
}

/// Make a key pair.
#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// Key size in bits (2048 or more).
    #[arg(long, default_value_t = 2048)]
    pub bits: usize,
    /// The key id [default: the key's RFC 7638 thumbprint].
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
}

fn profile_name(global: &GlobalArgs) -> String {
    global.profile.clone().unwrap_or_else(|| "default".to_owned())
}

/// Asks on the terminal, or explains which flag to give when there is none.
fn ask(question: &str, flag: &str, secret: bool) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        return Err(UsageError(format!("{question}: give {flag} (no terminal to ask on)")).into());
    }
    let answer = if secret {
        rpassword::prompt_password(format!("{question}: ")).context("cannot read from the terminal")?
    } else {
        eprint!("{question}: ");
        std::io::stderr().flush()?;
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).context("cannot read from the terminal")?;
        line
    };
    let answer = answer.trim().to_owned();
    if answer.is_empty() { Err(UsageError(format!("{question}: nothing given")).into()) } else { Ok(answer) }
}

pub async fn run(args: AuthArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    match args.command {
        AuthCommand::Login(login) => self::login(*login, global, output).await,
        AuthCommand::Status => status(global, output).await,
        AuthCommand::Token(token) => self::token(token, global, output).await,
        AuthCommand::Logout => logout(global, output),
        AuthCommand::Keygen(keygen) => self::keygen(keygen, global, output),
    }
}

fn is_local(global: &GlobalArgs, profile: &Profile) -> bool {
    let env = global.env.as_deref().or(profile.env.as_deref());
    global.base_url.is_none() && profile.base_url.is_none() && matches!(env, None | Some("local"))
}

/// Whether a service owner's profile holds a client for a real Dialogporten (an environment other
/// than the local sandbox, or a base URL off this machine): a key registered by hand, not to be
/// lost to a login that points the profile elsewhere.
fn is_real_environment(profile: &Profile) -> bool {
    if profile.is_end_user() || profile.client_id.is_none() {
        return false;
    }
    match (&profile.base_url, &profile.env) {
        // Over https, or plain http to another machine: a dp-server here is plain http on loopback.
        (Some(url), _) => url.starts_with("https://") || !dialogporten::transport::is_safe_for_tokens(url),
        (None, Some(env)) => env != "local",
        (None, None) => false,
    }
}

/// Refuses a login of one kind onto a profile of the other: it would replace that login.
fn other_kind(name: &str, existing: &str, wanted: &str) -> anyhow::Error {
    UsageError(format!(
        "profile {name:?} is {existing}; this login would replace it with {wanted}: name another profile with --profile NAME, or pass --force to replace it"
    ))
    .into()
}

/// Every secret a profile may hold, with what it is: logout removes them all, and a forced login
/// of the other kind removes the old kind's.
fn profile_secrets(name: &str) -> [(&'static str, String); 5] {
    [
        ("private key", key_secret(name)),
        ("certificate password", password_secret(name)),
        ("cached token", format!("token-{name}")),
        ("cached Altinn token", format!("altinn-{name}")),
        ("ID-porten access and refresh tokens", crate::credentials::idporten_secret(name)),
    ]
}

/// The local sandbox, started for a login against it (to register and to check a key).
async fn sandbox_for_login(environment: Option<Environment>) -> Result<(Environment, Option<Sandbox>)> {
    match environment {
        Some(environment) => Ok((environment, None)),
        None => {
            let sandbox = Sandbox::start(false).await?;
            Ok((Environment::Local(sandbox.base_url().to_owned()), Some(sandbox)))
        }
    }
}

async fn login(args: LoginArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    if args.idporten {
        return login_idporten(args, global, output).await;
    }
    let name = profile_name(global);
    let mut config = ConfigFile::load()?;
    let secrets = Secrets::open(&config_dir()?)?;
    let existing = config.profile(&name);
    let replaces_end_user = existing.as_ref().is_some_and(Profile::is_end_user);
    if replaces_end_user && !args.force {
        return Err(other_kind(&name, "an end user's (dp auth login --idporten)", "a service owner's"));
    }
    // Worked on in memory: the file and the secrets change only once the login has succeeded.
    let mut profile = if replaces_end_user { Profile::default() } else { existing.unwrap_or_default() };
    let before = profile.clone();
    if let Some(url) = &global.base_url {
        profile.base_url = Some(url.trim_end_matches('/').to_owned());
        profile.env = None;
    } else if let Some(env) = &global.env {
        profile.env = Some(env.clone());
        profile.base_url = None;
    }
    let wants_registration = args.client_id.is_none() && args.key_file.is_none() && args.pkcs12.is_none();
    let dev_server = global.base_url.clone().or_else(|| profile.base_url.clone());
    let moved = (profile.base_url.as_ref(), profile.env.as_ref()) != (before.base_url.as_ref(), before.env.as_ref());
    // A client registered for a real environment is not given up for another place by a login
    // that only meant to log in somewhere (a local key is registered anew in a second).
    if moved && !args.force && is_real_environment(&before) {
        let client = before.client_id.as_deref().unwrap_or_default();
        let place = before.base_url.as_deref().or(before.env.as_deref()).unwrap_or_default();
        return Err(UsageError(format!(
            "profile {name:?} holds the Maskinporten client {client} for {place}; this login would point it elsewhere: name another profile with --profile NAME, or pass --force to repoint it"
        ))
        .into());
    }
    // A client is registered with a development server for a profile that has none there yet: a
    // new one, or one whose client belongs to the server it pointed at before.
    let registered_here = wants_registration
        && (is_local(global, &profile) || (dev_server.is_some() && (profile.client_id.is_none() || moved)));
    let target = crate::credentials::target(global, Some((&name, &profile)), config.path())?;
    let needs_server = registered_here || !args.no_verify;
    let (environment, sandbox) = match target.environment {
        Some(environment) => (Some(environment), None),
        None if needs_server => {
            let (environment, sandbox) = sandbox_for_login(None).await?;
            (Some(environment), sandbox)
        }
        None => (None, None),
    };
    let result =
        login_as_service_owner(&args, global, &name, &mut profile, registered_here, environment.as_ref(), &secrets)
            .await;
    if let Some(sandbox) = sandbox {
        sandbox.stop().await?;
    }
    let (pending, token) = result?;

    for (secret, text) in &pending {
        secrets.set(secret, text)?;
    }
    if replaces_end_user {
        secrets.delete(&crate::credentials::idporten_secret(&name));
    }
    if profile.env.is_none() && profile.base_url.is_none() && registered_here {
        profile.env = Some("local".into());
    }
    config.set_profile(&name, &profile);
    let previous_default = config.default_profile();
    let default_is_end_user =
        previous_default.as_ref().is_some_and(|d| config.profile(d).is_some_and(|p| p.is_end_user()));
    if previous_default.is_none() || default_is_end_user {
        config.set_default_profile(&name);
    }
    config.save()?;
    let tokens = SecretTokenStore::new(secrets.clone(), "token", &name);
    tokens.forget();
    eprintln!("dp: saved profile {name:?} in {}", config.path().display());
    if previous_default.as_deref() != config.default_profile().as_deref() {
        eprintln!("dp: profile {name:?} is now the default");
    }
    let Some((token, cache_key)) = token else { return Ok(()) };
    // The token the check got serves the next command too.
    dialogporten::auth::TokenStore::save(&tokens, &cache_key, &token);
    let (_, claims) = jwt::decode_unverified(token.expose()).unwrap_or_default();
    output.record(&without_nulls(json!({
        "profile": name,
        "client": claims["client_id"],
        "organisation": claims["consumer"]["ID"],
        "scopes": claims["scope"],
        "expires": token.expires_at().map(|t| t.to_rfc3339()),
    })))?;
    Ok(())
}

/// What a service owner's login stores once it has succeeded (secret name and text), and the
/// token its check got with the token cache's key (none with `--no-verify`).
type Login = (Vec<(String, String)>, Option<(dialogporten::auth::AccessToken, String)>);

/// Fills `profile` for a service owner's login and checks that it gets a token, storing nothing.
async fn login_as_service_owner(
    args: &LoginArgs,
    global: &GlobalArgs,
    name: &str,
    profile: &mut Profile,
    registered_here: bool,
    environment: Option<&Environment>,
    secrets: &Secrets,
) -> Result<Login> {
    let mut pending = Vec::new();
    let key = if registered_here {
        let environment = environment.context("no server to register the key with")?;
        let (client_id, key) = register_locally(environment.base_url()).await?;
        pending.push((key_secret(name), key.private_jwk().to_string()));
        profile.client_id = Some(client_id);
        profile.kid = key.public_jwk()["kid"].as_str().map(str::to_owned);
        profile.key = Some("stored".into());
        Some((key, "a key registered now".to_owned()))
    } else {
        profile.client_id = match args.client_id.clone().or(profile.client_id.take()) {
            Some(id) => Some(id),
            None => Some(ask("Maskinporten client id", "--client-id", false)?),
        };
        if let Some(path) = &args.key_file {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            let kid = match (&args.kid, text.trim_start().starts_with('{')) {
                (Some(kid), _) => Some(kid.clone()),
                (None, true) => None,
                (None, false) => Some(ask("Key id (kid) the public key is registered under", "--kid", false)?),
            };
            let key = crate::credentials::key_from_text(&text, kid.as_deref(), &path.display().to_string())?;
            pending.push((key_secret(name), text));
            profile.key = Some("stored".into());
            profile.kid = kid;
            Some((key, format!("file {}", path.display())))
        } else if let Some(path) = &args.pkcs12 {
            let path = std::fs::canonicalize(path).with_context(|| format!("cannot find {}", path.display()))?;
            let password = match std::env::var("DP_PKCS12_PASSWORD").ok().filter(|p| !p.is_empty()) {
                Some(password) => password,
                None => ask(&format!("Password for {}", path.display()), "DP_PKCS12_PASSWORD", true)?,
            };
            let key = key_from_file(&path, None, Some(password.clone()))?;
            pending.push((password_secret(name), password));
            profile.key = Some(format!("pkcs12:{}", path.display()));
            profile.kid = None;
            Some((key, format!("file {}", path.display())))
        } else {
            if let Some(kid) = &args.kid {
                profile.kid = Some(kid.clone());
            }
            None
        }
    };
    if profile.key.is_none() {
        return Err(UsageError(
            "no key: give --key-file (PEM or JWK) or --pkcs12, or make one with `dp auth keygen`".into(),
        )
        .into());
    }
    if !args.scopes.is_empty() {
        profile.scopes.clone_from(&args.scopes);
    } else if registered_here {
        // A local server is the whole platform: ask for Altinn Events too, so `dp events` works;
        // scopes the profile asked for before stay (every one dp asks for is registered).
        for scope in DevelopmentClient::SCOPES {
            if !profile.scopes.iter().any(|s| s == scope) {
                profile.scopes.push(scope.to_owned());
            }
        }
    } else if profile.scopes.is_empty() {
        profile.scopes = DEFAULT_SCOPES.map(str::to_owned).to_vec();
    }
    if args.resource.is_some() {
        profile.resource.clone_from(&args.resource);
    }
    if args.consumer_org.is_some() {
        profile.consumer_org.clone_from(&args.consumer_org);
    }
    if args.system_user_org.is_some() {
        profile.system_user_org.clone_from(&args.system_user_org);
        profile.system_user_ref.clone_from(&args.system_user_ref);
    }
    if args.no_verify {
        return Ok((pending, None));
    }
    let environment = environment.context("no server to check the credentials with")?;
    // A key kept from an earlier login (or a file the profile names) is checked as it is.
    let (key, key_source) = match key {
        Some(key) => key,
        None => crate::credentials::profile_key(name, profile, secrets)?,
    };
    let credentials = crate::credentials::profile_credentials(profile, key, key_source)
        .with_context(|| format!("profile {name:?} has no client id"))?;
    let config = credentials.config(environment);
    let cache_key = config.cache_key();
    let log = StderrLog::new(global.debug, false).map(|log| Arc::new(log) as Arc<dyn RequestLog>);
    let provider = MaskinportenProvider::new(config, credentials.key)
        .with_http_client(crate::context::token_http_client(global.timeout)?)
        .with_request_log(log);
    let token = provider
        .token()
        .await
        .map_err(|e| anyhow::Error::from(dialogporten::Error::from(e)))
        .context("no token could be had with these credentials, so nothing was saved")?;
    Ok((pending, Some((token, cache_key))))
}

/// `dp auth login --idporten`: a person's login, kept as an end user's profile.
async fn login_idporten(args: LoginArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    // A person's login has a profile of its own unless one is named: it never takes the place of
    // the service owner's default.
    let name = global.profile.clone().unwrap_or_else(|| END_USER_PROFILE.to_owned());
    let mut config = ConfigFile::load()?;
    let secrets = Secrets::open(&config_dir()?)?;
    let existing = config.profile(&name);
    let replaces_service_owner = existing.as_ref().is_some_and(|p| !p.is_end_user());
    if replaces_service_owner && !args.force {
        return Err(other_kind(&name, "a service owner's", "a person's (an end user's, for dp inbox)"));
    }
    let before = existing.filter(Profile::is_end_user);
    let mut profile = Profile { kind: Some(crate::config::END_USER.into()), ..Profile::default() };
    if let Some(url) = &global.base_url {
        profile.base_url = Some(url.trim_end_matches('/').to_owned());
    } else if let Some(env) = &global.env {
        profile.env = Some(env.clone());
    } else if let Some(before) = &before {
        (profile.env, profile.base_url) = (before.env.clone(), before.base_url.clone());
    }
    let target = crate::credentials::target(global, Some((&name, &profile)), config.path())?;
    let (environment, sandbox) = sandbox_for_login(target.environment.clone()).await?;
    let local = matches!(environment, Environment::Local(_));
    let client_id = match args.client_id.clone().or_else(|| before.and_then(|b| b.client_id)) {
        Some(id) => id,
        None if local => crate::idporten::LOCAL_CLIENT.to_owned(),
        None => ask("ID-porten client id (registered for dp's loopback redirect)", "--client-id", false)?,
    };
    let browser = match (&args.pid, args.no_browser) {
        (Some(_), _) if !local => {
            return Err(UsageError(format!(
                "--pid is the development login of a local dp-server; {} is ID-porten itself: log in in the browser",
                environment.base_url()
            ))
            .into());
        }
        (Some(pid), _) => crate::idporten::Browser::Development(pid.clone()),
        (None, true) => crate::idporten::Browser::Print,
        (None, false) => crate::idporten::Browser::System,
    };
    let result = crate::idporten::login(&environment.idporten(), &client_id, browser).await;
    if let Some(sandbox) = sandbox {
        sandbox.stop().await?;
    }
    let tokens = result?;
    let store = secrets.set(&crate::credentials::idporten_secret(&name), &tokens.to_secret())?;
    if replaces_service_owner {
        for (_, secret) in profile_secrets(&name).into_iter().filter(|(what, _)| !what.starts_with("ID-porten")) {
            secrets.delete(&secret);
        }
    }
    profile.client_id = Some(client_id);
    config.set_profile(&name, &profile);
    let previous = config.end_user_profile();
    config.set_default_end_user_profile(&name);
    if replaces_service_owner && config.default_profile().as_deref() == Some(name.as_str()) {
        // The service owner's default is gone with it; another service owner's profile takes its place.
        let next = config.profiles().into_iter().find(|(_, p)| !p.is_end_user()).map(|(n, _)| n);
        match next {
            Some(next) => config.set_default_profile(&next),
            None => config.clear_default_profile(),
        }
    }
    config.save()?;
    eprintln!("dp: logged in; profile {name:?} is an end user's, for `dp inbox`; the tokens are kept in the {store}");
    if previous.as_deref() != Some(name.as_str()) {
        eprintln!("dp: `dp inbox` now reads as profile {name:?} when no --profile is given");
    }
    let (_, claims) = jwt::decode_unverified(tokens.access.expose_secret()).unwrap_or_default();
    output.record(&without_nulls(json!({
        "profile": name,
        "person": claims["pid"],
        "level": claims["acr"],
        "expires": tokens.expires_at.map(|t| t.to_rfc3339()),
        "refresh token": tokens.refresh.is_some(),
    })))?;
    Ok(())
}

/// The profile an end user's login uses when none is named.
pub const END_USER_PROFILE: &str = "me";

/// A record without the members that have no value (they are left out, not shown as null).
fn without_nulls(mut record: Value) -> Value {
    if let Some(map) = record.as_object_mut() {
        map.retain(|_, value| !value.is_null());
    }
    record
}

/// Registers a fresh key with a `--dev` server (or the sandbox) as a new client; returns the
/// client id and the key (kept by the caller once the login has succeeded).
async fn register_locally(base: &str) -> Result<(String, ClientKey)> {
    let key = ClientKey::generate(2048)?;
    let client_id = format!("dp-local-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    match DevelopmentClient::new(client_id.clone(), &key)
        .register(&dialogporten::Environment::Local(base.to_owned()))
        .await
    {
        Ok(()) => {}
        Err(dialogporten::Error::Transport(error)) => {
            return Err(anyhow::anyhow!(
                "cannot reach {base} to register a key: {} (is a dp-server --dev listening there?)",
                dialogporten::transport::describe_failure(&error)
            ));
        }
        Err(refused @ dialogporten::Error::Config(_)) => return Err(NoCredentials(refused.to_string()).into()),
        // A server error is a failure (exit 1), as from any token endpoint.
        Err(other) => return Err(other.into()),
    }
    eprintln!("dp: registered client {client_id} with a new key at {base}");
    Ok((client_id, key))
}

/// The profile `auth status|token|logout` are about: --profile, else the default (a service
/// owner's), else the end user's `dp inbox` uses.
fn chosen_profile(global: &GlobalArgs, config: &ConfigFile) -> Option<(String, Profile)> {
    let name = global.profile.clone().or_else(|| config.default_profile()).or_else(|| config.end_user_profile())?;
    config.profile(&name).map(|profile| (name, profile))
}

/// The chosen profile when it is an end user's (and no --token stands in for it).
fn end_user(global: &GlobalArgs) -> Result<Option<(String, Profile, Option<Environment>)>> {
    if global.token.is_some() {
        return Ok(None);
    }
    let config = ConfigFile::load()?;
    let Some((name, profile)) = chosen_profile(global, &config).filter(|(_, p)| p.is_end_user()) else {
        return Ok(None);
    };
    let target = crate::credentials::target(global, Some((&name, &profile)), config.path())?;
    Ok(Some((name, profile, target.environment)))
}

async fn status(global: &GlobalArgs, output: &Output) -> Result<()> {
    if let Some((name, profile, environment)) = end_user(global)? {
        let secrets = Secrets::open(&config_dir()?)?;
        let place = environment.as_ref().map_or_else(|| "the local sandbox".to_owned(), |e| e.base_url().to_owned());
        let store = secrets.get(&crate::credentials::idporten_secret(&name)).map(|(_, store)| store.to_string());
        let mut report = json!({
            "credentials": format!("profile {name} (a person, ID-porten)"),
            "dialogporten": place,
            "secret store": store.unwrap_or_else(|| "none".into()),
        });
        let tokens =
            crate::idporten::stored_tokens(&secrets, &name, profile.client_id.as_deref(), environment.as_ref()).await;
        return match tokens {
            Ok(tokens) => {
                let (_, claims) = jwt::decode_unverified(tokens.access.expose_secret()).unwrap_or_default();
                report["token"] = json!("usable");
                report["person"] = claims["pid"].clone();
                report["level"] = claims["acr"].clone();
                report["scopes granted"] = claims["scope"].clone();
                report["expires"] = json!(tokens.expires_at.map(|t| t.to_rfc3339()));
                report["refresh token"] = json!(tokens.refresh.is_some());
                output.record(&without_nulls(report))?;
                Ok(())
            }
            Err(error) => {
                report["token"] = json!("unusable");
                output.record(&report)?;
                Err(error)
            }
        };
    }
    let context = Context::connect(global).await?;
    let mut report = json!({
        "credentials": context.source,
        "dialogporten": context.environment.base_url(),
        "chosen by": context.target.chosen_by,
    });
    if !context.target.overridden.is_empty() {
        report["overrides"] = json!(context.target.overridden.join(", "));
    }
    if let Some(provider) = &context.maskinporten {
        report["client"] = json!(provider.config().client_id);
        report["token endpoint"] = json!(provider.config().token_endpoint);
        report["scopes asked"] = json!(provider.config().scopes.join(" "));
    }
    if let Some(profile) = &context.profile {
        let secrets = Secrets::open(&config_dir()?)?;
        let store = crate::credentials::key_store(&secrets, profile)
            .or_else(|| secrets.get(&password_secret(profile)).map(|(_, s)| s))
            .map_or_else(|| "none".to_owned(), |s| s.to_string());
        report["secret store"] = json!(store);
    }
    let result = context.tokens.token().await;
    context.close().await?;
    match result {
        Ok(token) => {
            let claims = jwt::decode_unverified(token.expose()).map(|(_, c)| c).unwrap_or(Value::Null);
            report["token"] = json!("usable");
            report["expires"] = json!(token.expires_at().map(|t| t.to_rfc3339()));
            if let Some(scope) = claims["scope"].as_str() {
                report["scopes granted"] = json!(scope);
            }
            if let Some(consumer) = claims["consumer"]["ID"].as_str() {
                report["organisation"] = json!(consumer);
            }
            output.record(&without_nulls(report))?;
            Ok(())
        }
        Err(error) => {
            report["token"] = json!("unusable");
            output.record(&without_nulls(report))?;
            Err(dialogporten::Error::from(error)).context("no token could be had")
        }
    }
}

async fn token(args: TokenArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    if let Some((name, profile, environment)) = end_user(global)? {
        if args.altinn {
            return Err(UsageError(format!(
                "profile {name:?} is an end user's: --altinn exchanges a service owner's Maskinporten token"
            ))
            .into());
        }
        let secrets = Secrets::open(&config_dir()?)?;
        let tokens =
            crate::idporten::stored_tokens(&secrets, &name, profile.client_id.as_deref(), environment.as_ref()).await?;
        return print_token(tokens.access.expose_secret(), args.decode, output);
    }
    let context = Context::connect(global).await?;
    let provider: Arc<dyn TokenProvider> = if args.altinn {
        let mut altinn = AltinnTokenProvider::new(&context.environment, Arc::clone(&context.tokens))
            .with_http_client(crate::context::token_http_client(context.timeout())?)
            .with_request_log(context.request_log());
        if let Some(profile) = &context.profile {
            let store = SecretTokenStore::new(Secrets::open(&config_dir()?)?, "altinn", profile);
            altinn = altinn.with_store(Arc::new(store), "altinn");
        }
        Arc::new(altinn)
    } else {
        Arc::clone(&context.tokens)
    };
    let result = provider.token().await;
    context.close().await?;
    let token = result.map_err(dialogporten::Error::from)?;
    print_token(token.expose(), args.decode, output)
}

fn print_token(token: &str, decode: bool, output: &Output) -> Result<()> {
    if decode {
        let (header, claims) = jwt::decode_unverified(token)
            .map_err(|e| UsageError(format!("the token is not a JWT, so it cannot be decoded: {e}")))?;
        output.json(&json!({"header": header, "claims": claims}))?;
    } else {
        output.line(token)?;
    }
    Ok(())
}

fn logout(global: &GlobalArgs, output: &Output) -> Result<()> {
    let config = ConfigFile::load()?;
    let name = match chosen_profile(global, &config) {
        Some((name, _)) => name,
        None => global.profile.clone().unwrap_or_else(|| "default".into()),
    };
    let secrets = Secrets::open(&config_dir()?)?;
    let removed: Vec<&str> =
        profile_secrets(&name).into_iter().filter(|(_, secret)| secrets.delete(secret)).map(|(what, _)| what).collect();
    let message = if removed.is_empty() {
        format!("profile {name:?} had nothing stored")
    } else {
        format!("removed from profile {name:?}: {}", removed.join(", "))
    };
    output.line(&message)?;
    Ok(())
}

fn keygen(args: KeygenArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    let name = profile_name(global);
    let mut key = ClientKey::generate(args.bits)?;
    if let Some(kid) = args.kid {
        key = key.with_kid(kid);
    }
    let secrets = Secrets::open(&config_dir()?)?;
    let store = secrets.set(&key_secret(&name), &key.private_jwk().to_string())?;
    let mut config = ConfigFile::load()?;
    let mut profile = config.profile(&name).unwrap_or_default();
    profile.key = Some("stored".into());
    profile.kid = key.public_jwk()["kid"].as_str().map(str::to_owned);
    config.set_profile(&name, &profile);
    if config.default_profile().is_none() {
        config.set_default_profile(&name);
    }
    config.save()?;
    eprintln!(
        "dp: made an RSA-{} key for profile {name:?}; the private key is kept in the {store}.\n\
         Register the public key below on your Maskinporten client (self-service: Samarbeidsportalen, \"Nøkler\"),\n\
         then: dp auth login --profile {name} --env tt02 --client-id <your client id>",
        args.bits
    );
    output.json(&json!({"keys": [key.public_jwk()]}))?;
    Ok(())
}
