//! The import benchmark's baseline: the same create bodies `dp migrate import`
//! sends, posted by the smallest reqwest loop that does the job, at the same
//! concurrency, on a current-thread runtime like dp's. Built in release by
//! `cargo xtask bench import` and measured the same way as dp.
//!
//! Usage: import-baseline BASE_URL INPUT CONCURRENCY (prints the seconds taken).
#![forbid(unsafe_code)]

use std::time::Instant;

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use std::io::BufRead;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, input, concurrency] = &args[..] else { bail!("usage: import-baseline BASE_URL INPUT CONCURRENCY") };
    let concurrency: usize = concurrency.parse().context("CONCURRENCY must be a number")?;
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let seconds = runtime.block_on(async {
        let client = reqwest::Client::new();
        let url = format!("{base}/api/v1/serviceowner/dialogs?isSilentUpdate=true");
        let file = std::fs::File::open(input).with_context(|| format!("cannot open {input}"))?;
        // Read as needed, as dp does, so memory stays flat.
        let lines = futures::stream::iter(std::io::BufReader::new(file).lines().map_while(Result::ok));
        let started = Instant::now();
        let failures = lines
            .map(|line| {
                let (client, url) = (&client, &url);
                async move {
                    let response = client
                        .post(url)
                        .bearer_auth("dev-token")
                        .header("content-type", "application/json")
                        .body(line)
                        .send()
                        .await;
                    !matches!(response, Ok(r) if r.status().is_success())
                }
            })
            .buffer_unordered(concurrency)
            .filter(|failed| futures::future::ready(*failed))
            .count()
            .await;
        if failures > 0 {
            bail!("{failures} requests failed");
        }
        Ok(started.elapsed().as_secs_f64())
    })?;
    println!("{seconds}");
    Ok(())
}
