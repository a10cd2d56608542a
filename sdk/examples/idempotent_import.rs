//! An idempotent import: each record gets the same id on every run, so a re-run (or a repeat
//! after a lost answer) never makes a second dialog, and the tally says which were there.
//!
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token DP_COUNT=2000 cargo run -p dialogporten --example idempotent_import
//!
//! Prints `created N, already there M, failed K`; exits non-zero if any failed.

use chrono::{Duration, TimeZone, Utc};
use dialogporten::ids::deterministic_v7;
use dialogporten::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let count: i64 = std::env::var("DP_COUNT").ok().and_then(|c| c.parse().ok()).unwrap_or(2000);
    let start = Utc.with_ymd_and_hms(2015, 1, 1, 8, 0, 0).single().unwrap_or_else(Utc::now);

    // Record n of the archive being migrated: the same key and time give the same id every run.
    // (A body that sets its own createdAt leaves a repeat after a lost answer unable to tell
    // "created by this run" from "there before", and counts as created.)
    let bodies = (0..count).map(|n| {
        let received = start + Duration::minutes(n);
        CreateDialog::new(
            "urn:altinn:organization:identifier-no:991825827",
            "urn:altinn:resource:my-service",
            nb(format!("Skjema {n}")),
        )
        .id(deterministic_v7(&format!("example-archive:{n}"), received))
    });
    let tally = client.create_dialogs(bodies).concurrency(32).silent().await;

    for failure in tally.failed.iter().take(5) {
        eprintln!("record {} failed: {}", failure.index, failure.error);
    }
    println!("{tally}");
    if tally.is_complete() { Ok(()) } else { std::process::exit(1) }
}
