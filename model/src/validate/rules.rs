//! The inputs to the rules that are not in the body: when, how, and what the
//! caller's token permits.

use chrono::{DateTime, Utc};

/// The scope that makes a caller an admin: time ordering and some time rules are relaxed.
pub const SCOPE_ADMIN: &str = "digdir:dialogporten.serviceprovider.admin";
/// The scope that allows `text/html` content.
pub const SCOPE_LEGACY_HTML: &str = "digdir:dialogporten.serviceprovider.legacyhtml";
/// The scope that allows longer transmission texts and activity descriptions.
pub const SCOPE_CORRESPONDENCE: &str = "digdir:dialogporten.correspondence";

/// What the caller is allowed and when the request happens.
///
/// What a token permits is the caller's decision: the server reads it from the
/// token's scopes, a client from what it knows of its own token. By default
/// nothing extra is permitted.
#[derive(Clone, Debug)]
pub struct Rules {
    /// The time the request is checked at.
    pub now: DateTime<Utc>,
    /// `isSilentUpdate=true`: time fields may lie in the past.
    pub silent: bool,
    /// Scope `digdir:dialogporten.serviceprovider.admin`: time ordering and some time rules are relaxed.
    pub admin: bool,
    /// Scope `digdir:dialogporten.serviceprovider.legacyhtml`: `text/html` content is allowed.
    pub legacy_html: bool,
    /// Scope `digdir:dialogporten.correspondence`: longer transmission texts and activity descriptions.
    pub correspondence: bool,
    /// A local development server (`dp-server --dev`) only: `http://` URLs to a loopback host
    /// (`127.0.0.1`, `localhost`, `[::1]`) pass where the service takes only HTTPS, so a service
    /// running on the same laptop can be reached. The real service never takes them.
    pub loopback_http: bool,
}

impl Rules {
    /// Rules for an ordinary caller, checked now.
    pub fn now() -> Self {
        Self::at(Utc::now())
    }

    /// Rules for an ordinary caller, checked at `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        Self { now, silent: false, admin: false, legacy_html: false, correspondence: false, loopback_http: false }
    }

    /// The same rules with what `scopes` (a token's, or those asked for) permit.
    ///
    /// ```
    /// use dialogporten_model::validate::Rules;
    /// let rules = Rules::now().permitted_by(["digdir:dialogporten.serviceprovider", "digdir:dialogporten.serviceprovider.legacyhtml"]);
    /// assert!(rules.legacy_html && !rules.admin && !rules.correspondence);
    /// ```
    pub fn permitted_by<'a>(mut self, scopes: impl IntoIterator<Item = &'a str>) -> Self {
        for scope in scopes {
            match scope {
                SCOPE_ADMIN => self.admin = true,
                SCOPE_LEGACY_HTML => self.legacy_html = true,
                SCOPE_CORRESPONDENCE => self.correspondence = true,
                _ => {}
            }
        }
        self
    }

    /// The same rules taking `http://` loopback URLs where HTTPS is required, as `dp-server --dev` does.
    pub fn loopback_http(mut self, allowed: bool) -> Self {
        self.loopback_http = allowed;
        self
    }

    /// The same rules for a silent update.
    pub fn silent(mut self, silent: bool) -> Self {
        self.silent = silent;
        self
    }
}
