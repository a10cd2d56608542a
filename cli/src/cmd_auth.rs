//! `dp auth login|status|token|logout|keygen`: Maskinporten credentials.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use dialogporten::auth::{AltinnTokenProvider, ClientKey, DevelopmentClient, TokenProvider, jwt};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, Profile, config_dir};
use crate::context::Context;
use crate::credentials::{DEFAULT_SCOPES, key_from_file, key_secret, password_secret};
use crate::exit::{NoCredentials, UsageError};
use crate::output::Output;
use crate::secrets::{SecretTokenStore, Secrets};

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
    /// Forget a profile's stored key, certificate password and cached tokens.
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
    #[arg(long, value_name = "FILE", conflicts_with = "pkcs12")]
    pub key_file: Option<PathBuf>,
    /// An enterprise certificate (virksomhetssertifikat) as PKCS#12; it stays where it is.
    #[arg(long, value_name = "FILE")]
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
}

/// The ID-porten client id dp uses with a local server's development ID-porten.
pub const LOCAL_IDPORTEN_CLIENT: &str = "dp-cli";

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

async fn login(args: LoginArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    if args.idporten {
        return login_idporten(args, global, output).await;
    }
    let name = profile_name(global);
    let mut config = ConfigFile::load()?;
    let secrets = Secrets::open(&config_dir()?)?;
    let mut profile = config.profile(&name).unwrap_or_default();
    if let Some(url) = &global.base_url {
        profile.base_url = Some(url.trim_end_matches('/').to_owned());
        profile.env = None;
    } else if let Some(env) = &global.env {
        profile.env = Some(env.clone());
        profile.base_url = None;
    }
    let wants_registration = args.client_id.is_none() && args.key_file.is_none() && args.pkcs12.is_none();
    let dev_server = global.base_url.clone().or_else(|| profile.base_url.clone());
    let registered_here =
        wants_registration && (is_local(global, &profile) || (dev_server.is_some() && profile.client_id.is_none()));
    if registered_here {
        register_locally(&name, &mut profile, dev_server, &secrets).await?;
    } else {
        profile.client_id = match args.client_id.or(profile.client_id.take()) {
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
            crate::credentials::key_from_text(&text, kid.as_deref(), &path.display().to_string())?;
            let store = secrets.set(&key_secret(&name), &text)?;
            eprintln!("dp: the private key is kept in the {store}; {} is no longer needed by dp", path.display());
            profile.key = Some("stored".into());
            profile.kid = kid;
        } else if let Some(path) = &args.pkcs12 {
            let path = std::fs::canonicalize(path).with_context(|| format!("cannot find {}", path.display()))?;
            let password = match std::env::var("DP_PKCS12_PASSWORD").ok().filter(|p| !p.is_empty()) {
                Some(password) => password,
                None => ask(&format!("Password for {}", path.display()), "DP_PKCS12_PASSWORD", true)?,
            };
            key_from_file(&path, None, Some(password.clone()))?;
            let store = secrets.set(&password_secret(&name), &password)?;
            eprintln!("dp: the certificate password is kept in the {store}");
            profile.key = Some(format!("pkcs12:{}", path.display()));
            profile.kid = None;
        } else if let Some(kid) = args.kid {
            profile.kid = Some(kid);
        }
        if profile.key.is_none() {
            return Err(UsageError(
                "no key: give --key-file (PEM or JWK) or --pkcs12, or make one with `dp auth keygen`".into(),
            )
            .into());
        }
    }
    if !args.scopes.is_empty() {
        profile.scopes = args.scopes;
    } else if registered_here {
        // A local server is the whole platform: ask for Altinn Events too, so `dp events` works;
        // scopes the profile asked for before stay (every one dp asks for is registered).
        let mut scopes = profile.scopes.clone();
        // The scopes the SDK registers a development client with: the API's and Altinn Events'.
        for scope in DevelopmentClient::SCOPES {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
        profile.scopes = scopes;
    } else if profile.scopes.is_empty() {
        profile.scopes = DEFAULT_SCOPES.map(str::to_owned).to_vec();
    }
    profile.resource = args.resource.or(profile.resource);
    profile.consumer_org = args.consumer_org.or(profile.consumer_org);
    if args.system_user_org.is_some() {
        profile.system_user_org = args.system_user_org;
        profile.system_user_ref = args.system_user_ref;
    }
    config.set_profile(&name, &profile);
    if config.default_profile().is_none() {
        config.set_default_profile(&name);
    }
    config.save()?;
    eprintln!("dp: saved profile {name:?} in {}", config.path().display());
    SecretTokenStore::new(secrets.clone(), "token", &name).forget();
    if args.no_verify {
        return Ok(());
    }
    let mut global = global.clone();
    global.profile = Some(name.clone());
    global.token = None;
    let context = Context::connect(&global).await?;
    let result = context.tokens.token().await.map_err(|e| anyhow::Error::from(dialogporten::Error::from(e)));
    context.close().await?;
    let token = result.context("the profile is saved, but no token could be had with it")?;
    let (_, claims) = jwt::decode_unverified(token.expose()).unwrap_or_default();
    output.record(&json!({
        "profile": name,
        "client": claims["client_id"],
        "organisation": claims["consumer"]["ID"],
        "scopes": claims["scope"],
        "expires": token.expires_at().map(|t| t.to_rfc3339()),
    }))?;
    Ok(())
}

/// `dp auth login --idporten`: a person's login, kept as an end user's profile.
async fn login_idporten(args: LoginArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    let name = profile_name(global);
    let mut config = ConfigFile::load()?;
    let secrets = Secrets::open(&config_dir()?)?;
    let mut profile = Profile { kind: Some(crate::config::END_USER.into()), ..Profile::default() };
    let before = config.profile(&name).filter(Profile::is_end_user);
    if let Some(url) = &global.base_url {
        profile.base_url = Some(url.trim_end_matches('/').to_owned());
    } else if let Some(env) = &global.env {
        profile.env = Some(env.clone());
    } else if let Some(before) = &before {
        (profile.env, profile.base_url) = (before.env.clone(), before.base_url.clone());
    }
    let target = crate::credentials::target(global, Some((&name, &profile)), config.path())?;
    let (environment, sandbox) = match target.environment.clone() {
        Some(environment) => (environment, None),
        None => {
            let sandbox = crate::sandbox::start(false).await?;
            (dialogporten::Environment::Local(sandbox.base_url().to_owned()), Some(sandbox))
        }
    };
    let local = matches!(environment, dialogporten::Environment::Local(_));
    let client_id = match args.client_id.or_else(|| before.and_then(|b| b.client_id)) {
        Some(id) => id,
        None if local => LOCAL_IDPORTEN_CLIENT.to_owned(),
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
    profile.client_id = Some(client_id);
    config.set_profile(&name, &profile);
    if config.default_profile().is_none() {
        config.set_default_profile(&name);
    }
    config.save()?;
    SecretTokenStore::new(secrets.clone(), "token", &name).forget();
    eprintln!("dp: logged in; profile {name:?} is an end user's, for `dp inbox`; the tokens are kept in the {store}");
    let (_, claims) = jwt::decode_unverified(tokens.access.expose_secret()).unwrap_or_default();
    output.record(&json!({
        "profile": name,
        "person": claims["pid"],
        "level": claims["acr"],
        "expires": tokens.expires_at.map(|t| t.to_rfc3339()),
        "refresh token": tokens.refresh.is_some(),
    }))?;
    Ok(())
}

/// Registers a fresh key with a `--dev` server (or the sandbox) as a new client.
async fn register_locally(
    name: &str,
    profile: &mut Profile,
    base_url: Option<String>,
    secrets: &Secrets,
) -> Result<()> {
    let key = ClientKey::generate(2048)?;
    let client_id = format!("dp-local-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let registration = DevelopmentClient::new(client_id.clone(), &key);
    let sandbox = match &base_url {
        Some(_) => None,
        None => Some(crate::sandbox::start(false).await?),
    };
    let base = base_url.clone().or_else(|| sandbox.as_ref().map(|s| s.base_url().to_owned())).unwrap_or_default();
    let registered = registration.register(&base).await;
    if let Some(server) = sandbox {
        server.stop().await?;
    }
    match registered {
        Ok(()) => {}
        Err(dialogporten::Error::Transport(error)) => {
            return Err(anyhow::Error::new(error).context(format!("cannot reach {base}")));
        }
        Err(refused) => return Err(NoCredentials(refused.to_string()).into()),
    }
    let store = secrets.set(&key_secret(name), &key.private_jwk().to_string())?;
    eprintln!("dp: registered client {client_id} with a new key at {base}; the private key is kept in the {store}");
    profile.client_id = Some(client_id);
    profile.kid = key.public_jwk()["kid"].as_str().map(str::to_owned);
    profile.key = Some("stored".into());
    if base_url.is_none() {
        profile.env = Some("local".into());
    }
    Ok(())
}

async fn status(global: &GlobalArgs, output: &Output) -> Result<()> {
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
            output.record(&report)?;
            Ok(())
        }
        Err(error) => {
            report["token"] = json!("unusable");
            output.record(&report)?;
            Err(dialogporten::Error::from(error)).context("no token could be had")
        }
    }
}

async fn token(args: TokenArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
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
    if args.decode {
        let (header, claims) = jwt::decode_unverified(token.expose())
            .map_err(|e| UsageError(format!("the token is not a JWT, so it cannot be decoded: {e}")))?;
        output.json(&json!({"header": header, "claims": claims}))?;
    } else {
        output.line(token.expose())?;
    }
    Ok(())
}

fn logout(global: &GlobalArgs, output: &Output) -> Result<()> {
    let config = ConfigFile::load()?;
    let name = global.profile.clone().or_else(|| config.default_profile()).unwrap_or_else(|| "default".into());
    let secrets = Secrets::open(&config_dir()?)?;
    let mut removed = Vec::new();
    for (what, secret) in [
        ("private key", key_secret(&name)),
        ("certificate password", password_secret(&name)),
        ("cached token", format!("token-{name}")),
        ("cached Altinn token", format!("altinn-{name}")),
    ] {
        if secrets.delete(&secret) {
            removed.push(what);
        }
    }
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
