//! The `dp-server` binary as a user runs it: a real process on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server {
    child: Child,
    base: String,
    /// Held open so the server's later messages do not hit a closed pipe.
    _stderr: BufReader<std::process::ChildStderr>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `dp-server` on port 0 and reads the address it announces on stderr.
fn start(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dp-server"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("DP_SERVER_DEV_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dp-server starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut stderr = BufReader::new(stderr);
    let mut first = String::new();
    stderr.read_line(&mut first).expect("dp-server announces itself");
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .trim_start_matches("http://")
        .to_owned();
    Server { child, base, _stderr: stderr }
}

/// One HTTP/1.1 request; returns the status line and the body.
fn request(server: &Server, method: &str, path: &str, token: Option<&str>, body: &str) -> (String, String) {
    let mut stream = TcpStream::connect(&server.base).expect("connects");
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.base,
        body.len()
    );
    stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response.lines().next().unwrap_or_default().to_owned();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn dev_mode_serves_with_its_token_and_refuses_others() {
    let server = start(&["--dev", "--dev-token", "secret-dev"]);
    let (status, body) = request(&server, "GET", "/health", None, "");
    assert!(status.contains("200"), "{status}");
    assert_eq!(body, "Healthy");
    let dialog = r#"{"serviceResource":"urn:altinn:resource:x","party":"urn:altinn:organization:identifier-no:991825827",
        "content":{"title":{"value":[{"languageCode":"nb","value":"Hei"}]}}}"#;
    let (status, _) = request(&server, "POST", "/api/v1/serviceowner/dialogs", Some("dev-token"), dialog);
    assert!(status.contains("401"), "only the configured token is accepted: {status}");
    let (status, body) = request(&server, "POST", "/api/v1/serviceowner/dialogs", Some("secret-dev"), dialog);
    assert!(status.contains("201"), "{status} {body}");
}

#[test]
fn a_database_file_survives_a_restart_of_the_process() {
    let path = std::env::temp_dir().join(format!("dp-server-bin-{}.db", std::process::id()));
    let db = path.to_string_lossy().into_owned();
    let dialog = r#"{"serviceResource":"urn:altinn:resource:x","party":"urn:altinn:organization:identifier-no:991825827",
        "content":{"title":{"value":[{"languageCode":"nb","value":"Varig"}]}}}"#;
    let id = {
        let server = start(&["--dev", "--db", &db]);
        let (status, body) = request(&server, "POST", "/api/v1/serviceowner/dialogs", Some("dev-token"), dialog);
        assert!(status.contains("201"), "{status}");
        body.trim().trim_matches('"').to_owned()
    };
    let server = start(&["--dev", "--db", &db]);
    let (status, body) = request(&server, "GET", &format!("/api/v1/serviceowner/dialogs/{id}"), Some("dev-token"), "");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("Varig"));
    drop(server);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}

#[test]
fn a_bad_registry_file_is_named_with_its_line() {
    let path = std::env::temp_dir().join(format!("dp-registry-{}.json", std::process::id()));
    std::fs::write(&path, "[\n  {\"id\": \"urn:altinn:resource:x\", \"owner\": \"digdir\"}\n]\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_dp-server"))
        .args(["--listen", "127.0.0.1:0", "--registry"])
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .expect("dp-server runs");
    let _ = std::fs::remove_file(&path);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&path.display().to_string()) && stderr.contains("line 2"), "{stderr}");
    assert!(stderr.contains("owner"), "the unknown field is named: {stderr}");
}
