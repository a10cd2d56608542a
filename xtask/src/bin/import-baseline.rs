//! The import benchmark's baseline: the same create bodies `dp migrate import`
//! sends, posted by the smallest reqwest loop that does the job, at the same
//! concurrency, on a current-thread runtime like dp's. Built in release by
//! `cargo xtask bench import` and measured the same way as dp.
//!
//! A 429 is waited out (its `Retry-After`) and sent again, as any client must; nothing else is
//! retried.
//!
//! Usage: import-baseline BASE_URL INPUT CONCURRENCY (prints `SECONDS THROTTLED`).
#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

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
        let throttled = AtomicU64::new(0);
        let failures = lines
            .map(|line| {
                let (client, url, throttled) = (&client, &url, &throttled);
                async move {
                    loop {
                        let response = client
                            .post(url)
                            .bearer_auth("dev-token")
                            .header("content-type", "application/json")
                            .body(line.clone())
                            .send()
                            .await;
                        match response {
                            Ok(r) if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                                throttled.fetch_add(1, Ordering::Relaxed);
                                let wait = r
                                    .headers()
                                    .get("retry-after")
                                    .and_then(|v| v.to_str().ok())
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(1);
                                tokio::time::sleep(Duration::from_secs(wait)).await;
                            }
                            Ok(r) => return !r.status().is_success(),
                            Err(_) => return true,
                        }
                    }
                }
            })
            .buffer_unordered(concurrency)
            .filter(|failed| futures::future::ready(*failed))
            .count()
            .await;
        if failures > 0 {
            bail!("{failures} requests failed");
        }
        Ok((started.elapsed().as_secs_f64(), throttled.load(Ordering::Relaxed)))
    })?;
    println!("{} {}", seconds.0, seconds.1);
    Ok(())
}
