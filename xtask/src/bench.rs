//! `cargo xtask bench import --scenario NAME [--count N]`: dp's importer against a minimal reqwest
//! loop, both sending the same creates to a `dp-server` process set up for the scenario:
//!
//! - `loopback`: the server as fast as it goes;
//! - `latency`: 40 ms ± 5 ms per request, dp's ceiling 64;
//! - `ratelimit`: 200 requests a second per client (`--rate-limit 200/s`);
//! - `capacity`: at most 8 requests in work, 5 ms each, the rest queue;
//! - `chaos`: 10 % 429/503, 2 % resets, 2 % lost responses;
//! - `shared-limit`: `--shards N` importers at once (`--shard K/N`, one token) against one
//!   `--rate-limit 200/s` bucket: the whole's throughput and 429s are judged (no baseline).
//!
//! dp runs with no pacing flags (the adaptive pace, up to `--concurrency 64`). The baseline runs at
//! its best fixed concurrency, found by a sweep on a sample. Both are release builds run as their own
//! processes under `/usr/bin/time`: dialogs per second, CPU per dialog (user + sys over N) and peak RSS,
//! written with the machine, the command and the scenario's targets to `docs/benchmarks.md`. With
//! `--runs R` (3 for loopback by default) each runs R times, in turn, and the medians are reported.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};
use serde_json::Value;

/// dp's ceiling in every scenario (its default).
const CEILING: usize = 64;

/// The scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// The server as fast as it goes.
    Loopback,
    /// 40 ms ± 5 ms per request.
    Latency,
    /// 200 requests a second per client.
    Ratelimit,
    /// At most 8 requests in work, 5 ms each; the rest queue.
    Capacity,
    /// 10 % 429/503, 2 % resets, 2 % lost responses.
    Chaos,
    /// Several importers (shards) with one token against one 200/s rate limit.
    SharedLimit,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Loopback => "loopback",
            Scenario::Latency => "latency",
            Scenario::Ratelimit => "ratelimit",
            Scenario::Capacity => "capacity",
            Scenario::Chaos => "chaos",
            Scenario::SharedLimit => "shared-limit",
        }
    }

    fn server_args(self) -> Vec<&'static str> {
        match self {
            Scenario::Loopback => vec![],
            // A distant service with room for every request in flight: the server's default
            // capacity (8 in work) would hold the added latency and cap it at 8 / 40 ms = 200/s.
            Scenario::Latency => vec!["--chaos", "latency=35ms..45ms", "--capacity", "128"],
            Scenario::Ratelimit | Scenario::SharedLimit => vec!["--rate-limit", "200/s"],
            Scenario::Capacity => vec!["--capacity", "8", "--chaos", "latency=5ms"],
            Scenario::Chaos => vec!["--chaos", "429=0.05,503=0.05,reset=0.02,lost=0.02,retry-after=1"],
        }
    }

    fn default_count(self) -> u64 {
        match self {
            Scenario::Loopback => 100_000,
            Scenario::Latency | Scenario::Capacity => 20_000,
            Scenario::Ratelimit => 4_000,
            Scenario::SharedLimit => 8_000,
            Scenario::Chaos => 5_000,
        }
    }

    /// The service's own best, where the scenario sets one: dialogs a second.
    fn service_best(self) -> Option<f64> {
        match self {
            Scenario::Latency => Some(CEILING as f64 / 0.040),
            Scenario::Ratelimit | Scenario::SharedLimit => Some(200.0),
            // What the server gives the best of the baseline's sweep (8 / 5 ms in theory; on a
            // machine the client shares, less).
            Scenario::Capacity => None,
            _ => None,
        }
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn start_server(binary: &Path, scenario: Scenario) -> Result<Server> {
    let mut child = Command::new(binary)
        .args(["--dev", "--listen", "127.0.0.1:0"])
        .args(scenario.server_args())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start dp-server")?;
    let stderr = child.stderr.take().context("no stderr")?;
    let mut reader = BufReader::new(stderr);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .context("dp-server did not say where it listens")?
        .to_owned();
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in reader.lines() {});
    Ok(Server { child, base })
}

/// `count` create bodies with deterministic ids, one JSON line each.
fn write_bodies(path: &Path, count: u64) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for n in 0..count {
        // UUIDv7 with a fixed past timestamp (2020) and n in the random bits: valid, distinct, stable.
        let id = format!("01700000-0000-7000-8{:03x}-{:012x}", (n >> 48) & 0xfff, n & 0xffff_ffff_ffff);
        writeln!(
            out,
            r#"{{"id":"{id}","serviceResource":"urn:altinn:resource:bench","party":"urn:altinn:organization:identifier-no:991825827","status":"Completed","createdAt":"2015-01-01T00:00:00Z","externalReference":"bench-{n}","content":{{"title":{{"value":[{{"languageCode":"nb","value":"Benchmark {n}"}}]}},"summary":{{"value":[{{"languageCode":"nb","value":"Et sammendrag"}}]}}}},"serviceOwnerContext":{{"serviceOwnerLabels":[{{"value":"bench-{n}"}}]}}}}"#
        )?;
    }
    out.flush()?;
    Ok(())
}

struct Run {
    seconds: f64,
    cpu_seconds: f64,
    peak_kib: u64,
}

/// Runs `command` under GNU time; its wall time, CPU time and peak RSS, and its stdout.
fn timed(what: &str, command: &mut Command) -> Result<(Run, String)> {
    let started = Instant::now();
    let output = command.output().context("cannot run /usr/bin/time (GNU time is needed for CPU and RSS figures)")?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("{what} failed: {stderr}");
    }
    let last = stderr.lines().last().unwrap_or_default();
    let fields: Vec<f64> = last.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    let [user, sys, peak] = fields[..] else { bail!("unexpected /usr/bin/time output {last:?}") };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    Ok((Run { seconds, cpu_seconds: user + sys, peak_kib: peak as u64 }, stdout))
}

/// dp's import with no pacing flags (and `extra` arguments), under GNU time.
fn dp_command(dp: &Path, base: &str, input: &Path, journal: &Path, extra: &[String]) -> Command {
    let mut command = Command::new("/usr/bin/time");
    command
        .args(["-f", "%U %S %M"])
        .arg(dp)
        .args(["--base-url", base, "--token", "dev-token", "migrate", "import"])
        .arg(input)
        .args(["--format", "dialogs-jsonl", "--fresh", "-o", "json"])
        .arg("--journal")
        .arg(journal)
        .args(extra)
        .env("DP_CONFIG_DIR", input.with_extension("config"));
    command
}

/// dp with no pacing flags; its run and its summary.
fn run_dp(dp: &Path, base: &str, input: &Path, journal: &Path) -> Result<(Run, Value)> {
    let (run, stdout) = timed("dp", &mut dp_command(dp, base, input, journal, &[]))?;
    let summary = serde_json::from_str(&stdout).context("dp printed no JSON summary")?;
    Ok((run, summary))
}

/// `shards` importers at once, one shard each, all with the development token (one client, one
/// bucket); the wall time until the last ends, and each one's summary.
fn run_shards(dp: &Path, base: &str, input: &Path, work: &Path, shards: u32) -> Result<(f64, Vec<Value>)> {
    let started = Instant::now();
    let mut children = Vec::new();
    for shard in 0..shards {
        let journal = work.join(format!("journal-{shard}"));
        let extra = ["--shard".to_owned(), format!("{shard}/{shards}")];
        let child = dp_command(dp, base, input, &journal, &extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot run /usr/bin/time (GNU time is needed)")?;
        children.push(child);
    }
    let mut summaries = Vec::new();
    for (shard, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output()?;
        if !output.status.success() {
            bail!("shard {shard} failed: {}", String::from_utf8_lossy(&output.stderr));
        }
        summaries.push(serde_json::from_slice(&output.stdout).context("a shard printed no JSON summary")?);
    }
    Ok((started.elapsed().as_secs_f64(), summaries))
}

/// The `shared-limit` scenario: `shards` importers against one 200/s bucket, `runs` times.
fn run_shared(root: &Path, count: u64, runs: u32, shards: u32) -> Result<()> {
    let scenario = Scenario::SharedLimit;
    let target = root.join("target/release");
    let (dp, server_binary) = (target.join("dp"), target.join("dp-server"));
    let work = std::env::temp_dir().join(format!("dp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let input = work.join("dialogs.jsonl");
    write_bodies(&input, count)?;
    let mut results = Vec::new();
    for round in 1..=runs {
        let server = start_server(&server_binary, scenario)?;
        eprintln!(
            "bench shared-limit: run {round} of {runs}: {shards} shards import {count} dialogs into {}",
            server.base
        );
        let (seconds, summaries) = run_shards(&dp, &server.base, &input, &work, shards)?;
        let sum = |key: &str| summaries.iter().map(|s| s[key].as_u64().unwrap_or(0)).sum::<u64>();
        let (created, failed, throttled) = (sum("created"), sum("failed"), sum("throttled"));
        if created != count || failed != 0 {
            bail!("run {round}: {created} of {count} created, {failed} failed");
        }
        let on_server = count_dialogs(&server.base)?;
        if on_server != count {
            bail!("run {round}: the server holds {on_server} dialogs, not {count}");
        }
        // Every shard has as many records: when they share the bucket evenly, they end together.
        let own: Vec<f64> = summaries.iter().filter_map(|s| s["seconds"].as_f64()).collect();
        let first = own.iter().copied().fold(f64::INFINITY, f64::min);
        let last = own.iter().copied().fold(0.0, f64::max);
        results.push((count as f64 / seconds, throttled, count + throttled, first, last));
    }
    let _ = std::fs::remove_dir_all(&work);
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let rows: Vec<String> = results
        .iter()
        .enumerate()
        .map(|(i, (rate, throttled, attempts, first, last))| {
            let share = *throttled as f64 / *attempts as f64;
            let ok = *rate >= 190.0 && share <= 0.01;
            format!(
                "| {} | {rate:.0} dialogs/s ({:.2} × 200/s) | {throttled} of {attempts} ({:.2} %) | {first:.1} to {last:.1} s | {} |",
                i + 1,
                rate / 200.0,
                share * 100.0,
                verdict(ok)
            )
        })
        .collect();
    let report = format!(
        "\n## `cargo xtask bench import --scenario shared-limit --shards {shards} --count {count} --runs {runs}`\n\n\
         Machine: {}. Server: `dp-server --dev --rate-limit 200/s` (in memory, a separate process, restarted between\n\
         runs). {shards} `dp migrate import --shard K/{shards}` processes at once, all with the development token (one client,\n\
         one bucket), no pacing flags. Every record created once in each run (checked on the server).\n\
         Targets: together ≥ 0.95 × 200/s, and ≤ 1 % of their requests answered 429. Each shard has as many\n\
         records: \"Shards took\" is the first and the last to end (close when they share the bucket evenly).\n\n\
         | Run | Together | Answered 429 | Shards took | |\n|---|---|---|---|---|\n{}\n",
        machine(),
        rows.join("\n"),
    );
    print!("{report}");
    write_report(root, &report)
}

/// Puts `report` at the top of docs/benchmarks.md's figures.
fn write_report(root: &Path, report: &str) -> Result<()> {
    let path = root.join("docs/benchmarks.md");
    let mut existing = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nFigures from `cargo xtask bench ...` (release builds, not tests). Newest first.\n".into()
    });
    // New figures go above the older ones, below the summary at the top.
    let split = existing.find("\n## `cargo xtask bench").unwrap_or(existing.len());
    existing.insert_str(split, report);
    std::fs::write(&path, existing)?;
    eprintln!("bench: wrote {}", path.display());
    Ok(())
}

/// The baseline at `concurrency`; its run and how many 429s it waited out.
fn run_baseline(baseline: &Path, base: &str, input: &Path, concurrency: usize) -> Result<(Run, u64)> {
    let mut command = Command::new("/usr/bin/time");
    command.args(["-f", "%U %S %M"]).arg(baseline).arg(base).arg(input).arg(concurrency.to_string());
    let (mut run, stdout) = timed("the baseline", &mut command)?;
    let mut fields = stdout.split_whitespace();
    let inner: f64 = fields.next().and_then(|f| f.parse().ok()).context("the baseline printed no time")?;
    let throttled: u64 = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    // The loop's own clock leaves out process start-up, as dp's figure includes it: use the larger.
    run.seconds = run.seconds.max(inner);
    Ok((run, throttled))
}

/// How many dialogs the server holds: every record exactly once is the chaos scenario's target.
fn count_dialogs(base: &str) -> Result<u64> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let mut total = 0;
        let mut token: Option<String> = None;
        loop {
            let mut url =
                format!("{base}/api/v1/serviceowner/dialogs?limit=1000&serviceResource=urn:altinn:resource:bench");
            if let Some(token) = &token {
                url.push_str("&continuationToken=");
                url.push_str(token);
            }
            let page: Value = loop {
                // The chaos scenario's faults hit this too: ask again.
                if let Ok(response) = client.get(&url).bearer_auth("dev-token").send().await
                    && response.status().is_success()
                    && let Ok(page) = response.json().await
                {
                    break page;
                }
            };
            total += page["items"].as_array().map_or(0, Vec::len) as u64;
            token = page["continuationToken"].as_str().map(str::to_owned);
            if page["hasNextPage"] != true || token.is_none() {
                return Ok(total);
            }
        }
    })
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    format!("{cores} cores, {cpu}")
}

fn build(root: &Path) -> Result<()> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "-p", "dialogporten-cli", "-p", "dialogporten-server"])
        .current_dir(root)
        .status()?;
    if !status.success() {
        bail!("the release build failed");
    }
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "-p", "xtask", "--no-default-features", "--bin", "import-baseline"])
        .current_dir(root)
        .status()?;
    if !status.success() {
        bail!("the release build of the baseline failed");
    }
    Ok(())
}

/// The median of `runs` (the slower middle one of an even count): its wall time (and what came with
/// the run that took it), and, taken on their own, the median CPU time and the largest peak RSS.
fn median_run<'a, T>(runs: impl Iterator<Item = (&'a Run, &'a T)>) -> (Run, &'a T) {
    let mut runs: Vec<(&Run, &T)> = runs.collect();
    let middle = runs.len() / 2;
    let mut cpu: Vec<f64> = runs.iter().map(|(run, _)| run.cpu_seconds).collect();
    cpu.sort_by(f64::total_cmp);
    let peak_kib = runs.iter().map(|(run, _)| run.peak_kib).max().unwrap_or(0);
    runs.sort_by(|a, b| a.0.seconds.total_cmp(&b.0.seconds));
    let (run, extra) = runs[middle];
    (Run { seconds: run.seconds, cpu_seconds: cpu[middle], peak_kib }, extra)
}

pub fn run(scenario: Scenario, count: Option<u64>, runs: Option<u32>, shards: u32) -> Result<()> {
    let root = root();
    build(&root)?;
    let count = count.unwrap_or_else(|| scenario.default_count());
    if scenario == Scenario::SharedLimit {
        return run_shared(&root, count, runs.unwrap_or(1), shards);
    }
    let target = root.join("target/release");
    let (dp, server_binary, baseline) = (target.join("dp"), target.join("dp-server"), target.join("import-baseline"));
    let work = std::env::temp_dir().join(format!("dp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let input = work.join("dialogs.jsonl");
    write_bodies(&input, count)?;

    // The baseline's best fixed concurrency, on a sample. Under chaos there is none: the bare loop
    // retries nothing but 429s, so it loses records; the scenario's target is dp's exactly-once.
    let sample = work.join("sample.jsonl");
    write_bodies(&sample, (count / 5).clamp(200, 20_000))?;
    let mut best = (0.0, 0);
    let mut sweep = Vec::new();
    let concurrencies: &[usize] = if scenario == Scenario::Chaos { &[] } else { &[4, 8, 16, 32, 64] };
    for &concurrency in concurrencies {
        let server = start_server(&server_binary, scenario)?;
        let (run, _) = run_baseline(&baseline, &server.base, &sample, concurrency)?;
        let rate = (count / 5).clamp(200, 20_000) as f64 / run.seconds;
        sweep.push(format!("{concurrency}: {rate:.0}/s"));
        if rate > best.0 {
            best = (rate, concurrency);
        }
    }
    let concurrency = best.1;
    eprintln!("bench {}: the baseline's sweep: {}; best {concurrency}", scenario.name(), sweep.join(", "));
    // The capacity scenario judges dp's latency against the server's unloaded latency as dp
    // measures it on this machine: one request at a time, on a fresh server. The 5 ms the server
    // adds is not it: the timer rounds it up and the CPU the server shares adds to it (7.1 ms at
    // the median on the slower host, 5 ms and a little on the first).
    let unloaded_ms = if scenario == Scenario::Capacity {
        let server = start_server(&server_binary, scenario)?;
        let one = work.join("one-at-a-time.jsonl");
        write_bodies(&one, 300)?;
        let command = &mut dp_command(
            &dp,
            &server.base,
            &one,
            &work.join("journal-unloaded"),
            &["--concurrency".into(), "1".into()],
        );
        let (_, stdout) = timed("dp, one at a time", command)?;
        let summary: Value = serde_json::from_str(&stdout).context("dp printed no JSON summary")?;
        let median = summary["latency_p50_ms"].as_f64().context("dp reported no median latency")?;
        eprintln!("bench capacity: unloaded, one at a time: median latency {median} ms");
        median
    } else {
        f64::NAN
    };

    // dp and the baseline in turn, each on a fresh server: a slow spell of the machine falls on both.
    let runs = runs.unwrap_or(if scenario == Scenario::Loopback { 3 } else { 1 });
    let mut dp_runs = Vec::new();
    let mut baseline_runs = Vec::new();
    // Under chaos: each run's dialogs on the server, and whether every record came out exactly once.
    let mut stored = Vec::new();
    for round in 1..=runs {
        let server = start_server(&server_binary, scenario)?;
        eprintln!("bench {}: run {round} of {runs}: dp imports {count} dialogs into {}", scenario.name(), server.base);
        let (run, summary) = run_dp(&dp, &server.base, &input, &work.join("journal"))?;
        if scenario == Scenario::Chaos {
            let created = summary["created"].as_u64().unwrap_or(0) + summary["already_there"].as_u64().unwrap_or(0);
            let on_server = count_dialogs(&server.base)?;
            stored.push((on_server, on_server == count && created == count && summary["failed"] == 0));
        }
        drop(server);
        dp_runs.push((run, summary));
        if scenario != Scenario::Chaos {
            let server = start_server(&server_binary, scenario)?;
            eprintln!(
                "bench {}: run {round} of {runs}: the baseline sends the same {count} creates, {concurrency} at a time",
                scenario.name()
            );
            baseline_runs.push(run_baseline(&baseline, &server.base, &input, concurrency)?);
        }
    }
    let (dp_run, summary) = median_run(dp_runs.iter().map(|(run, summary)| (run, summary)));
    let (baseline_run, baseline_throttled) = if scenario == Scenario::Chaos {
        (Run { seconds: f64::NAN, cpu_seconds: f64::NAN, peak_kib: 0 }, 0)
    } else {
        let (run, throttled) = median_run(baseline_runs.iter().map(|(run, throttled)| (run, throttled)));
        (run, *throttled)
    };
    let summary = summary.clone();
    let _ = std::fs::remove_dir_all(&work);

    let n = count as f64;
    let (dp_rate, baseline_rate) = (n / dp_run.seconds, n / baseline_run.seconds);
    let ratio = dp_rate / baseline_rate;
    let cpu_us = dp_run.cpu_seconds / n * 1e6;
    let baseline_cpu_us = baseline_run.cpu_seconds / n * 1e6;
    let cpu_ratio = cpu_us / baseline_cpu_us;
    let peak_mib = dp_run.peak_kib as f64 / 1024.0;
    let throttled = summary["throttled"].as_u64().unwrap_or(0);
    let attempts = n + throttled as f64;
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let mut rows = vec![
        format!("| dp throughput | {dp_rate:.0} dialogs/s | | |"),
        format!("| baseline at {concurrency} in flight (best of its sweep) | {baseline_rate:.0} dialogs/s | | |"),
        format!("| dp / baseline throughput | {ratio:.2} | | |"),
        format!("| dp CPU per dialog (user + sys) | {cpu_us:.1} µs | | |"),
        format!("| baseline CPU per dialog | {baseline_cpu_us:.1} µs | | |"),
        format!("| dp peak RSS | {peak_mib:.1} MiB | | |"),
        format!(
            "| dp's pace at the end | limit {}, {} ms, {throttled} answers 429, {} 503 | | |",
            summary["limit"], summary["latency_ms"], summary["overloaded"]
        ),
        format!("| baseline's 429s waited out | {baseline_throttled} | | |"),
    ];
    match scenario {
        Scenario::Loopback => {
            rows[2] = format!("| dp / baseline throughput | {ratio:.2} | ≥ 0.95 | {} |", verdict(ratio >= 0.95));
            rows[3] = format!(
                "| dp CPU per dialog (user + sys) | {cpu_us:.1} µs ({cpu_ratio:.2} × baseline) | ≤ 1.10 × baseline | {} |",
                verdict(cpu_ratio <= 1.10)
            );
            rows[5] = format!(
                "| dp peak RSS | {peak_mib:.1} MiB | ≤ 64 MiB at N = 1,000,000, flat in N | {} |",
                verdict(peak_mib <= 64.0)
            );
        }
        Scenario::Latency => {
            let best = scenario.service_best().unwrap_or(1.0);
            rows[0] = format!(
                "| dp throughput | {dp_rate:.0} dialogs/s ({:.2} × 64 / 40 ms) | ≥ 0.93 × 64 / 40 ms | {} |",
                dp_rate / best,
                verdict(dp_rate >= 0.93 * best)
            );
        }
        Scenario::Ratelimit => {
            let share = throttled as f64 / attempts;
            rows[0] = format!(
                "| dp throughput | {dp_rate:.0} dialogs/s ({:.2} × 200/s) | ≥ 0.95 × 200/s | {} |",
                dp_rate / 200.0,
                verdict(dp_rate >= 190.0)
            );
            rows[6] = format!(
                "| dp requests answered 429 | {throttled} of {attempts:.0} ({:.2} %) | ≤ 1 % | {} |",
                share * 100.0,
                verdict(share <= 0.01)
            );
        }
        Scenario::Capacity => {
            // The server's best: the most the best fixed setting of the baseline got from it.
            let best = best.0.max(baseline_rate);
            let latency = summary["latency_p50_ms"].as_f64().unwrap_or(f64::MAX);
            rows[0] = format!(
                "| dp throughput | {dp_rate:.0} dialogs/s ({:.2} × the server's best, {best:.0}/s by the baseline's sweep) | ≥ 0.95 × the server's best | {} |",
                dp_rate / best,
                verdict(dp_rate >= 0.95 * best)
            );
            rows[6] = format!(
                "| dp median latency | {latency} ms ({:.2} × unloaded, {unloaded_ms} ms one at a time; p99 {} ms) | ≤ 1.5 × unloaded | {} |",
                latency / unloaded_ms,
                summary["latency_p99_ms"],
                verdict(latency <= 1.5 * unloaded_ms)
            );
        }
        Scenario::SharedLimit => {}
        Scenario::Chaos => {
            let created = summary["created"].as_u64().unwrap_or(0) + summary["already_there"].as_u64().unwrap_or(0);
            let on_server: Vec<String> = stored.iter().map(|(n, _)| n.to_string()).collect();
            rows.push(format!(
                "| every record exactly once | {} stored, {created} created or there, {} failed | all {count}, none twice | {} |",
                on_server.join(" / "),
                summary["failed"],
                verdict(stored.iter().all(|(_, once)| *once))
            ));
        }
    }
    let report = format!(
        "\n## `cargo xtask bench import --scenario {} --count {count} --runs {runs}`\n\n\
         Machine: {}. Server: `dp-server --dev {}` (in memory, a separate process, restarted between runs). dp:\n\
         `dp migrate import` with no pacing flags (adaptive, ceiling {CEILING}). Baseline: `xtask/src/bin/import-baseline.rs`\n\
         (release, current-thread runtime, waits out 429s), swept over 4 to 64 in flight on a sample ({}).\n\
         {runs} run(s) of each, taken in turn; figures are medians (wall time and CPU time each on its own), RSS the largest.\n\n\
         | Figure | Value | Target | |\n|---|---|---|---|\n{}\n",
        scenario.name(),
        machine(),
        scenario.server_args().join(" "),
        sweep.join(", "),
        rows.join("\n"),
    );
    print!("{report}");
    write_report(&root, &report)
}

/// `cargo xtask bench record`: what a record costs dp before it is sent, step by step, in one
/// process (`xtask/src/bin/record-costs.rs`, release) on the import bench's lines.
pub fn run_record(count: u64) -> Result<()> {
    const ROUNDS: u32 = 7;
    let root = root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "-p", "xtask", "--no-default-features", "--bin", "record-costs"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("the release build of record-costs failed");
    }
    let work = std::env::temp_dir().join(format!("dp-bench-record-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let input = work.join("records.jsonl");
    eprintln!("bench record: {count} lines, {ROUNDS} rounds of each step");
    let output = write_bodies(&input, count).and_then(|()| {
        Command::new(root.join("target/release/record-costs"))
            .arg(&input)
            .arg(ROUNDS.to_string())
            .stderr(Stdio::inherit())
            .output()
            .context("cannot run record-costs")
    });
    let _ = std::fs::remove_dir_all(&work);
    let output = output?;
    if !output.status.success() {
        bail!("record-costs failed");
    }
    let figures: Value = serde_json::from_slice(&output.stdout).context("record-costs printed no figures")?;
    let figure = |key: &str| figures[key].as_f64().with_context(|| format!("record-costs printed no {key}"));
    let [bind_exact, bind_tree, checks, serialize] =
        [figure("bind_exact_ns")?, figure("bind_tree_ns")?, figure("checks_ns")?, figure("serialize_ns")?];
    let kept = bind_exact + checks + serialize;
    let report = format!(
        "\n## `cargo xtask bench record --count {count}`\n\n\
         Machine: {}. One process (`xtask/src/bin/record-costs.rs`, release, dp's allocator), the import bench's \
         lines, each step over all of them {ROUNDS} times; figures are medians, in µs a record.\n\n\
         | Step | µs a record |\n|---|---|\n\
         | binding a line in the contract's exact names (`validate::bind_exact`) | {:.2} |\n\
         | binding it the slow way (JSON tree, case-insensitive binder) | {:.2} |\n\
         | the checks (`validate::create_dialog`) | {:.2} |\n\
         | serializing the checked body | {:.2} |\n\
         | what an exact line costs before it is sent (binding, checks, serializing) | {:.2} |\n",
        machine(),
        bind_exact / 1000.0,
        bind_tree / 1000.0,
        checks / 1000.0,
        serialize / 1000.0,
        kept / 1000.0,
    );
    print!("{report}");
    write_report(&root, &report)
}
