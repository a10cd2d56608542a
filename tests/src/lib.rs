//! Shared helpers for the workspace integration tests.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

pub mod browser;
pub mod contract_check;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".."))
}

/// An example of the SDK (`sdk/examples/{name}.rs`), as cargo built it beside this test binary;
/// it must be newer than its source (`cargo test --workspace` builds the examples).
pub fn example_binary(name: &str) -> PathBuf {
    let debug = std::env::current_exe().ok().and_then(|exe| exe.parent()?.parent().map(PathBuf::from));
    let path = debug.map(|d| d.join("examples").join(name)).unwrap_or_default();
    assert!(path.is_file(), "{} is not built: run `cargo build -p dialogporten --examples`", path.display());
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let source = repo_root().join("sdk/examples").join(format!("{name}.rs"));
    assert!(
        modified(&source) <= modified(&path),
        "{} is older than its source: run `cargo build -p dialogporten --examples` (cargo test --workspace does)",
        path.display()
    );
    path
}

/// `../shared/upstream` beside the checkout, or `None` (with a message) when
/// it is absent. With `DP_REQUIRE_UPSTREAM=1` an absent directory fails the test.
pub fn upstream_dir() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/upstream");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("DP_REQUIRE_UPSTREAM").is_ok_and(|v| v == "1") {
        panic!("DP_REQUIRE_UPSTREAM=1 but {} does not exist", dir.display());
    }
    eprintln!("skipping: {} is absent (set DP_REQUIRE_UPSTREAM=1 to fail instead)", dir.display());
    None
}

/// Reads an upstream JSON file (byte-order mark tolerated).
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The project's own openapi.json.
pub fn project_spec() -> serde_json::Value {
    read_json(&repo_root().join("openapi.json"))
}

/// Every (method, path, operationId) of a spec.
pub fn operations(spec: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    if let Some(paths) = spec["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                if let Some(id) = op["operationId"].as_str() {
                    out.push((method.to_uppercase(), path.clone(), id.to_owned()));
                }
            }
        }
    }
    out.sort();
    out
}

/// A reference server on loopback and an SDK client for it.
pub mod conformance;

/// The one way tests start a reference server: `config` on a free loopback port.
pub async fn spawn(mut config: dialogporten_server::Config) -> dialogporten_server::Running {
    config.listen = ([127, 0, 0, 1], 0).into();
    dialogporten_server::spawn(config).await.expect("the server starts")
}

/// A loopback address that refuses every connection for as long as it lives. Its port is bound
/// but not listened on, so the kernel gives it to no other test's server: a port merely found free
/// and let go can be handed to the next test's server, and a "closed" client then reaches it
/// (seen in CI: such a client took another test's chaos rolls).
pub struct ClosedPort {
    _held: tokio::net::TcpSocket,
    address: std::net::SocketAddr,
}

impl ClosedPort {
    /// Binds a loopback port without listening on it.
    pub fn new() -> Self {
        let held = tokio::net::TcpSocket::new_v4().expect("a socket");
        // Without SO_REUSEADDR no other socket can bind the port while this one holds it.
        held.set_reuseaddr(false).expect("SO_REUSEADDR off");
        held.bind(([127, 0, 0, 1], 0).into()).expect("a loopback port");
        let address = held.local_addr().expect("the bound address");
        Self { _held: held, address }
    }

    /// `127.0.0.1:<port>`.
    pub fn address(&self) -> std::net::SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl Default for ClosedPort {
    fn default() -> Self {
        Self::new()
    }
}

/// A development server with a ready SDK client, for tests that drive the SDK.
pub mod sandbox {
    use std::path::PathBuf;

    use dialogporten::{ApiError, Client, Created, Environment, ResponseValue, input};
    use dialogporten_server::{Config, DEV_TOKEN, Running};
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    /// A running server and a client holding the development token.
    pub struct Sandbox {
        /// The server.
        pub server: Running,
        /// A client for it, as `digdir`.
        pub client: Client,
    }

    impl Sandbox {
        /// A development server with an in-memory database.
        pub async fn start() -> Self {
            Self::with(Config::dev()).await
        }

        /// A server with `config` (its listen address is replaced by loopback port 0).
        pub async fn with(config: Config) -> Self {
            let server = crate::spawn(config).await;
            let client = client_for(&server.base_url, DEV_TOKEN);
            Self { server, client }
        }

        /// A client presenting another token.
        pub fn client_with_token(&self, token: &str) -> Client {
            client_for(&self.server.base_url, token)
        }

        /// An absolute URL on the server.
        pub fn url(&self, path: &str) -> String {
            format!("{}{path}", self.server.base_url)
        }

        /// Creates a dialog from JSON and returns what the server answered.
        pub async fn create(&self, body: Value) -> Created {
            self.client
                .create_dialog()
                .body(typed::<dialogporten::types::CreateDialog>(body))
                .send()
                .await
                .expect("created")
                .into()
        }
    }

    /// A client for `base_url` with a bearer token and no retries. Its bodies go out unchecked:
    /// what the tests send to the server is what the server must judge (the SDK's own checks
    /// are tested in `sdk_local_checks`).
    pub fn client_for(base_url: &str, token: &str) -> Client {
        Client::builder(Environment::Local(base_url.to_owned()))
            .bearer_token(token)
            .retry_policy(dialogporten::RetryPolicy::none())
            .local_checks(false)
            .build()
            .expect("client")
    }

    /// A minimal valid create body.
    pub fn dialog(title: &str) -> Value {
        json!({
            "serviceResource": "urn:altinn:resource:dp-test",
            "party": "urn:altinn:organization:identifier-no:991825827",
            "content": {"title": {"value": [{"languageCode": "nb", "value": title}]}}
        })
    }

    /// JSON as a request type, names matched without case (no validation).
    pub fn typed<T: DeserializeOwned>(value: Value) -> T {
        input::from_value(value).expect("binds to the request type")
    }

    /// The problem the server answered with; panics on success.
    pub fn problem<T: std::fmt::Debug>(result: Result<ResponseValue<T>, dialogporten::Error>) -> ApiError {
        let error = result.expect_err("the request should fail");
        error.api().cloned().unwrap_or_else(|| panic!("not an API error: {error}"))
    }

    /// The status of a failed request.
    pub fn status<T: std::fmt::Debug>(result: Result<ResponseValue<T>, dialogporten::Error>) -> u16 {
        problem(result).status().as_u16()
    }

    /// The `errors` keys of a problem, sorted.
    pub fn error_keys(problem: &ApiError) -> Vec<String> {
        let mut keys: Vec<String> =
            problem.problem().errors.as_ref().map(|e| e.keys().cloned().collect()).unwrap_or_default();
        keys.sort();
        keys
    }

    /// A fresh path for a database file under the system temp dir.
    pub fn temp_db(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("dp-test-{name}-{}.db", uuid::Uuid::new_v4()))
    }
}

#[cfg(test)]
mod tests {
    use super::ClosedPort;

    #[test]
    fn a_closed_port_refuses_connections_and_cannot_be_taken_by_another_server() {
        let closed = ClosedPort::new();
        let refused = std::net::TcpStream::connect(closed.address()).expect_err("nothing listens");
        assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
        assert!(std::net::TcpListener::bind(closed.address()).is_err(), "the port is held");
    }
}
