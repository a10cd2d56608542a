//! What one record costs dp before it is sent, step by step, in one process: binding a line in the
//! contract's exact names, binding one the slow way (a JSON tree through the case-insensitive
//! binder), the checks, and serializing the checked body. Built in release by
//! `cargo xtask bench record`, which writes the figures to `docs/benchmarks.md`.
//!
//! Usage: record-costs INPUT ROUNDS (prints one JSON object: nanoseconds a record for each step,
//! the median of the rounds).
#![forbid(unsafe_code)]

use std::hint::black_box;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use dialogporten_model::types::CreateDialog;
use dialogporten_model::validate::{self, Rules};
use serde_json::{Value, json};

// dp's allocator, so that the allocations each step makes cost what they cost in dp.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, rounds] = &args[..] else { bail!("usage: record-costs INPUT ROUNDS") };
    let rounds: usize = rounds.parse().context("ROUNDS must be a number")?;
    let text = std::fs::read_to_string(input).with_context(|| format!("cannot read {input}"))?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() || rounds == 0 {
        bail!("{input} has no lines, or no rounds were asked for");
    }
    let bodies: Vec<CreateDialog> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            validate::bind_exact(line).with_context(|| format!("{input}:{}: does not bind exactly", i + 1))
        })
        .collect::<Result<_>>()?;
    let rules = Rules::now();
    let per_record = |started: Instant| started.elapsed().as_nanos() as f64 / lines.len() as f64;
    let mut steps: [Vec<f64>; 4] = Default::default();
    for _ in 0..rounds {
        let started = Instant::now();
        for line in &lines {
            black_box(validate::bind_exact::<CreateDialog>(line));
        }
        steps[0].push(per_record(started));

        let started = Instant::now();
        for line in &lines {
            let tree: Value = serde_json::from_str(line)?;
            black_box(validate::bind_reporting::<CreateDialog>(tree).ok());
        }
        steps[1].push(per_record(started));

        // The checks normalise the body they are given: each round checks fresh copies, and the
        // copying is timed on its own and taken off.
        let started = Instant::now();
        for body in &bodies {
            black_box(body.clone());
        }
        let copying = per_record(started);
        let started = Instant::now();
        for body in &bodies {
            let mut body = body.clone();
            black_box(validate::create_dialog(&mut body, &rules).is_ok());
        }
        steps[2].push((per_record(started) - copying).max(0.0));

        let started = Instant::now();
        for body in &bodies {
            let mut bytes = Vec::with_capacity(1024);
            serde_json::to_writer(&mut bytes, body)?;
            black_box(bytes);
        }
        steps[3].push(per_record(started));
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        (values[values.len() / 2] * 10.0).round() / 10.0
    };
    let [exact, tree, checks, serialize] = &mut steps;
    println!(
        "{}",
        json!({
            "records": lines.len(),
            "rounds": rounds,
            "bind_exact_ns": median(exact),
            "bind_tree_ns": median(tree),
            "checks_ns": median(checks),
            "serialize_ns": median(serialize),
        })
    );
    Ok(())
}
