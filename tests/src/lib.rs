//! Shared helpers for the workspace integration tests.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".."))
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
