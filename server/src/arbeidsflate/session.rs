//! The arbeidsflate's sessions: an opaque id in a cookie, and on the server what it stands for
//! (a login under way, or the person's token). Nothing secret reaches the browser.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};
use base64::Engine;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The cookie that carries the session id.
pub const COOKIE: &str = "arbeidsflate";
/// How long a session lasts without a new login (the person's token lives an hour).
const LIFETIME: Duration = Duration::from_secs(3600);

/// A login sent to ID-porten and not yet back.
pub struct Pending {
    /// Ties the answer to this login.
    pub state: String,
    verifier: String,
    /// The page asked for before the login, shown after it.
    next: String,
}

impl Pending {
    /// The PKCE challenge for the verifier kept here (S256).
    pub fn challenge(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(self.verifier.as_bytes()))
    }
}

/// A person logged in.
#[derive(Clone)]
pub struct Session {
    token: SecretString,
    pid: String,
}

impl Session {
    /// The person with national identity number `pid`, calling with `token`.
    pub fn new(token: &str, pid: &str) -> Self {
        Self { token: SecretString::from(token.to_owned()), pid: pid.to_owned() }
    }

    /// The person's access token, for the end-user API.
    pub fn token(&self) -> &str {
        self.token.expose_secret()
    }

    /// The person's national identity number.
    pub fn pid(&self) -> &str {
        &self.pid
    }
}

enum State {
    LoggingIn(Pending),
    LoggedIn(Session),
}

/// Every session of one server.
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, (State, Instant)>>);

fn random() -> String {
    format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

/// The `Set-Cookie` value for session `id`: not readable by scripts, sent only to the arbeidsflate.
pub fn cookie(id: &str) -> String {
    format!("{COOKIE}={id}; Path=/arbeidsflate; HttpOnly; SameSite=Lax")
}

/// The session id a request's cookies carry.
fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('=').map(str::to_owned))
        .filter(|id| !id.is_empty())
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (State, Instant)>> {
        let mut sessions = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        sessions.retain(|_, (_, since)| since.elapsed() < LIFETIME);
        sessions
    }

    /// A new session waiting for ID-porten's answer, to show `next` after it: its id (for the
    /// cookie) and the login.
    pub fn begin(&self, next: &str) -> (String, Pending) {
        let id = random();
        let pending = Pending { state: random(), verifier: random(), next: next.to_owned() };
        let kept = Pending { state: pending.state.clone(), verifier: pending.verifier.clone(), next: next.to_owned() };
        self.lock().insert(id.clone(), (State::LoggingIn(kept), Instant::now()));
        (id, pending)
    }

    /// The verifier of the login this request's session started with `state`, and the page to
    /// show after it; once.
    pub fn take_pending(&self, headers: &HeaderMap, state: &str) -> Option<(String, String)> {
        let id = session_id(headers)?;
        let mut sessions = self.lock();
        match sessions.get(&id) {
            Some((State::LoggingIn(pending), _)) if pending.state == state => {}
            _ => return None,
        }
        match sessions.remove(&id) {
            Some((State::LoggingIn(pending), _)) => Some((pending.verifier, pending.next)),
            _ => None,
        }
    }

    /// The login of this request's session is done.
    pub fn log_in(&self, headers: &HeaderMap, session: Session) {
        if let Some(id) = session_id(headers) {
            self.lock().insert(id, (State::LoggedIn(session), Instant::now()));
        }
    }

    /// The person this request's session is logged in as.
    pub fn logged_in(&self, headers: &HeaderMap) -> Option<Session> {
        let id = session_id(headers)?;
        match self.lock().get(&id) {
            Some((State::LoggedIn(session), _)) => Some(session.clone()),
            _ => None,
        }
    }

    /// Ends this request's session.
    pub fn log_out(&self, headers: &HeaderMap) {
        if let Some(id) = session_id(headers) {
            self.lock().remove(&id);
        }
    }
}
