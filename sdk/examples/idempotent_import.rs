//! An idempotent, concurrent import: each record gets the same id on every run, so a re-run
//! (or a repeat after a lost answer) never makes a second dialog, and says which were there.
//!
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token DP_COUNT=200 cargo run -p dialogporten --example idempotent_import
//!
//! Prints `created N, already there M, failed K`; exits non-zero if any failed.

use chrono::{Duration, TimeZone, Utc};
use dialogporten::ids::deterministic_v7;
use dialogporten::prelude::*;
use dialogporten::types::{ContentValue, CreateDialog, CreateDialogContent, Localization};

/// A record of the system being migrated, with what identifies it there.
struct Record {
    key: String,
    received: chrono::DateTime<Utc>,
    subject: String,
}

fn body(record: &Record) -> CreateDialog {
    let mut body =
        CreateDialog::new("urn:altinn:organization:identifier-no:991825827", "urn:altinn:resource:my-service");
    // The same record gets the same id every run: the service then refuses a second dialog.
    body.id = Some(deterministic_v7(&record.key, record.received));
    body.content = Some(CreateDialogContent {
        title: Some(ContentValue::new(vec![Localization::nb(record.subject.clone())])),
        ..Default::default()
    });
    body
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    // An unattended import waits out longer trouble than an interactive call would.
    let client = dialogporten::ClientBuilder::from_env()?.retry_policy(RetryPolicy::patient()).build()?;
    let count: u32 = std::env::var("DP_COUNT").ok().and_then(|c| c.parse().ok()).unwrap_or(100);
    let start = Utc.with_ymd_and_hms(2015, 1, 1, 8, 0, 0).single().unwrap_or_else(Utc::now);
    let records = (0..count).map(|n| Record {
        key: format!("example-archive:{n}"),
        received: start + Duration::minutes(i64::from(n)),
        subject: format!("Skjema {n}"),
    });

    let outcomes: Vec<Result<Creation, Error>> = futures::stream::iter(records)
        .map(|record| {
            let client = &client;
            async move { client.create_dialog_idempotent(&body(&record), true).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;

    let created = outcomes.iter().filter(|o| matches!(o, Ok(Creation::Created(_)))).count();
    let existing = outcomes.iter().filter(|o| matches!(o, Ok(Creation::AlreadyExisted { .. }))).count();
    let failed: Vec<&Error> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    for error in failed.iter().take(5) {
        eprintln!("failed: {error}");
    }
    println!("created {created}, already there {existing}, failed {}", failed.len());
    if failed.is_empty() { Ok(()) } else { std::process::exit(1) }
}
