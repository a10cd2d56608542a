//! Who is calling: the bearer token mapped to a service owner and its scopes.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use secrecy::ExposeSecret;

use crate::App;
use crate::domain_error::DomainError;

/// Scope names, as Maskinporten issues them.
pub mod scopes {
    /// Every service-owner operation.
    pub const SERVICE_PROVIDER: &str = "digdir:dialogporten.serviceprovider";
    /// Search operations.
    pub const SEARCH: &str = "digdir:dialogporten.serviceprovider.search";
    /// Correcting a transmission (PUT).
    pub const CHANGE_TRANSMISSIONS: &str = "digdir:dialogporten.serviceprovider.changetransmissions";
    /// All orgs, freeze, and relaxed time rules.
    pub const ADMIN: &str = dialogporten_model::validate::SCOPE_ADMIN;
    /// `text/html` content.
    pub const LEGACY_HTML: &str = dialogporten_model::validate::SCOPE_LEGACY_HTML;
    /// Correspondence resources and activity types.
    pub const CORRESPONDENCE: &str = dialogporten_model::validate::SCOPE_CORRESPONDENCE;
    /// Altinn Notifications' condition check.
    pub const NOTIFICATIONS: &str = "altinn:system/notifications.condition.check";
    /// Reading events and managing subscriptions in Altinn Events.
    pub const EVENTS_SUBSCRIBE: &str = "altinn:events.subscribe";
    /// Dialogporten's own test endpoints (`GET /api/v1/exception`), in test environments.
    pub const TESTING: &str = "digdir:dialogporten.developer.test";
}

/// The authenticated service owner.
#[derive(Clone, Debug)]
pub struct Caller {
    /// Org code.
    pub org: String,
    /// Organisation number.
    pub org_number: String,
    scopes: Vec<String>,
}

impl Caller {
    /// The token's scopes.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scopes.iter().map(String::as_str)
    }

    /// Whether the token carries `scope`.
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// 403 unless the token carries `scope`.
    pub fn require(&self, scope: &str) -> Result<(), DomainError> {
        if self.has(scope) {
            Ok(())
        } else {
            Err(DomainError::forbidden(format!("The token lacks the scope '{scope}'.")))
        }
    }

    /// Admins act for every org.
    pub fn is_admin(&self) -> bool {
        self.has(scopes::ADMIN)
    }

    /// Whether this caller may see a dialog owned by `org`.
    pub fn owns(&self, org: &str) -> bool {
        self.is_admin() || self.org == org
    }
}

/// The bearer token of a request; 401 without one.
pub(crate) fn bearer(parts: &Parts) -> Result<&str, DomainError> {
    let header = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (scheme, token) = header.split_once(' ').unwrap_or_default();
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(DomainError::unauthorized());
    }
    Ok(token.trim())
}

impl FromRequestParts<App> for Caller {
    type Rejection = DomainError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, DomainError> {
        let token = bearer(parts)?;
        if let Some(grant) = app.config.tokens.iter().find(|g| g.token.expose_secret() == token) {
            return Ok(Caller {
                org: grant.org.clone(),
                org_number: grant.org_number.clone(),
                scopes: grant.scopes.clone(),
            });
        }
        let holder = crate::idp::maskinporten::holder(app, token).ok_or_else(DomainError::unauthorized)?;
        let owner = app.config.service_owners.iter().find(|o| o.org_number == holder.org_number).ok_or_else(|| {
            DomainError::forbidden(format!("Organisation {} is not a registered service owner.", holder.org_number))
        })?;
        Ok(Caller { org: owner.org.clone(), org_number: holder.org_number, scopes: holder.scopes })
    }
}

/// A caller of the service-owner API: a [`Caller`] whose token carries
/// [`scopes::SERVICE_PROVIDER`] (401 without a token, 403 without the scope).
#[derive(Clone, Debug)]
pub struct ServiceOwnerCaller(pub Caller);

impl FromRequestParts<App> for ServiceOwnerCaller {
    type Rejection = DomainError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, DomainError> {
        let caller = Caller::from_request_parts(parts, app).await?;
        caller.require(scopes::SERVICE_PROVIDER)?;
        Ok(ServiceOwnerCaller(caller))
    }
}

/// A caller of the Altinn Events API: an exchanged Altinn token (or a static
/// grant). A Maskinporten token is refused, as Altinn refuses it.
#[derive(Clone, Debug)]
pub struct AltinnCaller {
    /// The organisation number (subscriptions belong to it).
    pub org_number: String,
    /// The org code, when the organisation is a service owner: it reads every event of its dialogs.
    pub org: Option<String>,
    scopes: Vec<String>,
}

impl AltinnCaller {
    /// 403 unless the token carries `scope`.
    pub fn require(&self, scope: &str) -> Result<(), DomainError> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(DomainError::forbidden(format!("The token lacks the scope '{scope}'.")))
        }
    }
}

impl FromRequestParts<App> for AltinnCaller {
    type Rejection = DomainError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, DomainError> {
        let token = bearer(parts)?;
        if let Some(grant) = app.config.tokens.iter().find(|g| g.token.expose_secret() == token) {
            return Ok(AltinnCaller {
                org_number: grant.org_number.clone(),
                org: Some(grant.org.clone()),
                scopes: grant.scopes.clone(),
            });
        }
        if let Some(holder) = crate::idp::maskinporten::altinn_holder(app, token) {
            // Altinn names the org (and so grants service-owner reading) only for altinn:serviceowner tokens.
            return Ok(AltinnCaller { org_number: holder.org_number, org: holder.org, scopes: holder.scopes });
        }
        if crate::idp::maskinporten::holder(app, token).is_some() {
            return Err(DomainError::unauthorized_because(
                "Altinn Events needs an Altinn token: exchange the Maskinporten token at /authentication/api/v1/exchange/maskinporten.",
            ));
        }
        Err(DomainError::unauthorized())
    }
}
