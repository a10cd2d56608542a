//! Puts the commit dp is built from into `dp --version` and `dp-server --version` (`0.1.0
//! (1a2b3c4d5e6f)`; server/build.rs is a link to this file), so a bug report
//! names the exact source: from `.cargo_vcs_info.json` in a packaged crate, else from this
//! checkout's git. Without either (or inside someone else's repository) the version stands alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned()).filter(|s| !s.is_empty())
}

/// The commit `cargo package` recorded, if this is a packaged crate.
fn packaged_commit(manifest_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest_dir.join(".cargo_vcs_info.json")).ok()?;
    let at = text.find("\"sha1\"")?;
    let rest = &text[at + 6..];
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    Some(rest[start..end].chars().take(12).collect())
}

/// The commit of this checkout, if the manifest's directory lies in a git work tree of dp's own.
fn checkout_commit(manifest_dir: &Path) -> Option<String> {
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    let workspace = manifest_dir.parent()?;
    if std::fs::canonicalize(&top).ok()? != std::fs::canonicalize(workspace).ok()? {
        return None;
    }
    // A new commit moves HEAD's ref: a loose file under refs/, or a line of packed-refs. Only files
    // that exist are watched (cargo reruns a build script on every build for a missing one, and dp
    // would be relinked each time); the refs directory is watched as a whole, so a ref that is
    // written, packed or removed later is seen too.
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned(), "refs/heads".to_owned()];
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(reference);
    }
    for path in watched {
        if let Some(file) = git(&["rev-parse", "--git-path", &path]).filter(|file| Path::new(file).exists()) {
            println!("cargo:rerun-if-changed={file}");
        }
    }
    git(&["rev-parse", "--short=12", "HEAD"])
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=build.rs");
    let described = match packaged_commit(&manifest_dir).or_else(|| checkout_commit(&manifest_dir)) {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=DP_VERSION={described}");
}
