//! `cargo xtask audit`: Cargo.lock against a RustSec advisory database on disk, as
//! `cargo audit --db DIR --no-fetch --deny warnings` does, with the `rustsec` library cargo-audit is
//! built on (without its git feature). It shares the workspace's build, so CI does not compile
//! cargo-audit (about 11 minutes on 2 cores) to run it.

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use rustsec::advisory::Informational;
use rustsec::report::{Report, Settings};
use rustsec::{Database, Lockfile};

/// Fails on any vulnerability, and on any informational advisory (unmaintained, unsound, notice)
/// for a crate in the lock file: warnings are denied, as CI asks.
pub fn run(database: &Path, lock_file: &Path) -> Result<()> {
    let findings = findings(database, lock_file)?;
    if findings.is_empty() {
        println!("no vulnerabilities, no warnings");
        return Ok(());
    }
    for finding in &findings {
        eprintln!("  {finding}");
    }
    bail!(
        "{} advisories apply to {}: upgrade (cargo update -p NAME) or replace the crates named",
        findings.len(),
        lock_file.display()
    )
}

/// Each advisory that applies to a crate of the lock file, as a line.
fn findings(database: &Path, lock_file: &Path) -> Result<Vec<String>> {
    let db = Database::open(database)
        .with_context(|| format!("cannot read the advisory database {}", database.display()))?;
    let lockfile = Lockfile::load(lock_file).with_context(|| format!("cannot read {}", lock_file.display()))?;
    let settings = Settings {
        informational_warnings: vec![Informational::Unmaintained, Informational::Unsound, Informational::Notice],
        ..Settings::default()
    };
    let report = Report::generate(&db, &lockfile, &settings);
    let mut findings = Vec::new();
    for vulnerability in &report.vulnerabilities.list {
        let advisory = &vulnerability.advisory;
        let patched: Vec<String> = vulnerability.versions.patched().iter().map(ToString::to_string).collect();
        let fix =
            if patched.is_empty() { "no fixed version".to_owned() } else { format!("fixed in {}", patched.join(", ")) };
        findings.push(format!(
            "{} {} {}: {} ({fix})",
            advisory.id, vulnerability.package.name, vulnerability.package.version, advisory.title
        ));
    }
    for (kind, warnings) in &report.warnings {
        for warning in warnings {
            let about = warning.advisory.as_ref().map(|a| format!("{} {}", a.id, a.title)).unwrap_or_default();
            findings.push(format!("{kind:?} {} {}: {about}", warning.package.name, warning.package.version));
        }
    }
    println!(
        "audited {} crates of {} against {} advisories in {}",
        lockfile.packages.len(),
        lock_file.display(),
        db.iter().count(),
        database.display()
    );
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vulnerable_and_an_unmaintained_crate_are_found() {
        let database = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/advisory-db");
        if !database.join("crates").is_dir() {
            assert!(std::env::var("DP_REQUIRE_UPSTREAM").is_err(), "{} is missing", database.display());
            eprintln!("skipped: no advisory database at {}", database.display());
            return;
        }
        let lock = std::env::temp_dir().join(format!("dp-audit-{}.lock", std::process::id()));
        let package = |name: &str, version: &str| {
            format!(
                "[[package]]\nname = \"{name}\"\nversion = \"{version}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n"
            )
        };
        std::fs::write(&lock, format!("version = 4\n\n{}{}", package("rsa", "0.9.6"), package("atty", "0.2.14")))
            .unwrap();
        let found = findings(&database, &lock).unwrap();
        let _ = std::fs::remove_file(&lock);
        assert!(found.iter().any(|f| f.starts_with("RUSTSEC-2023-0071 rsa 0.9.6")), "{found:?}");
        assert!(found.iter().any(|f| f.starts_with("Unmaintained atty")), "{found:?}");
        let own = findings(&database, &Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock")).unwrap();
        assert!(own.is_empty(), "the workspace's own lock: {own:?}");
    }
}
