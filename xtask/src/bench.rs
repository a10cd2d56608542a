//! `cargo xtask bench import --count N`: dp's importer against a minimal
//! reqwest loop, both sending the same creates to a `dp-server` process.
//!
//! Both are release builds run as their own processes under `/usr/bin/time`:
//! dialogs per second, CPU time per dialog (user + sys over N) and peak RSS,
//! written with the machine and the command to `docs/benchmarks.md`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use anyhow::{Context as _, Result, bail};

/// Concurrency of both dp and the baseline.
const CONCURRENCY: usize = 16;

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

fn start_server(binary: &Path) -> Result<Server> {
    let mut child = Command::new(binary)
        .args(["--dev", "--listen", "127.0.0.1:0"])
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

fn run_dp(dp: &Path, base: &str, input: &Path, journal: &Path) -> Result<Run> {
    let mut command = Command::new("/usr/bin/time");
    command
        .args(["-f", "%U %S %M"])
        .arg(dp)
        .args(["--base-url", base, "--token", "dev-token", "migrate", "import"])
        .arg(input)
        .args(["--format", "dialogs-jsonl", "--concurrency", &CONCURRENCY.to_string(), "--fresh", "-o", "json"])
        .arg("--journal")
        .arg(journal)
        .env("DP_CONFIG_DIR", input.with_extension("config"));
    Ok(timed("dp", &mut command)?.0)
}

fn run_baseline(baseline: &Path, base: &str, input: &Path) -> Result<Run> {
    let mut command = Command::new("/usr/bin/time");
    command.args(["-f", "%U %S %M"]).arg(baseline).arg(base).arg(input).arg(CONCURRENCY.to_string());
    let (mut run, stdout) = timed("the baseline", &mut command)?;
    // The loop's own clock leaves out process start-up, as dp's figure includes it: use the larger.
    let inner: f64 = stdout.trim().parse().context("the baseline printed no time")?;
    run.seconds = run.seconds.max(inner);
    Ok(run)
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

pub fn run(count: u64) -> Result<()> {
    let root = root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "-p", "dialogporten-cli", "-p", "dialogporten-server"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("the release build failed");
    }
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "-p", "xtask", "--no-default-features", "--bin", "import-baseline"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("the release build of the baseline failed");
    }
    let target = root.join("target/release");
    let (dp, server_binary, baseline) = (target.join("dp"), target.join("dp-server"), target.join("import-baseline"));
    let work = std::env::temp_dir().join(format!("dp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let input = work.join("dialogs.jsonl");
    write_bodies(&input, count)?;

    let server = start_server(&server_binary)?;
    eprintln!("bench: dp imports {count} dialogs into {}", server.base);
    let dp_run = run_dp(&dp, &server.base, &input, &work.join("journal"))?;
    drop(server);

    let server = start_server(&server_binary)?;
    eprintln!("bench: the baseline sends the same {count} creates");
    let baseline_run = run_baseline(&baseline, &server.base, &input)?;
    drop(server);
    let _ = std::fs::remove_dir_all(&work);

    let n = count as f64;
    let (dp_rate, baseline_rate) = (n / dp_run.seconds, n / baseline_run.seconds);
    let ratio = dp_rate / baseline_rate;
    let cpu_us = dp_run.cpu_seconds / n * 1e6;
    let baseline_cpu_us = baseline_run.cpu_seconds / n * 1e6;
    let baseline_peak_mib = baseline_run.peak_kib as f64 / 1024.0;
    let peak_mib = dp_run.peak_kib as f64 / 1024.0;
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let report = format!(
        "\n## `cargo xtask bench import --count {count}`\n\n\
         Machine: {}. dp and the baseline (`xtask/src/bin/import-baseline.rs`, release, current-thread runtime) use\n\
         {CONCURRENCY} requests in flight against `dp-server --dev` (in memory, a separate process, restarted between the\n\
         two runs). Input: `dialogs-jsonl`, silent creates.\n\n\
         | Figure | Value | Target | |\n|---|---|---|---|\n\
         | dp throughput | {dp_rate:.0} dialogs/s | | |\n\
         | baseline (minimal reqwest loop) | {baseline_rate:.0} dialogs/s | | |\n\
         | dp / baseline | {ratio:.2} | ≥ 0.90 | {} |\n\
         | dp CPU per dialog (user + sys) | {cpu_us:.1} µs | ≤ 30 µs | {} |\n\
         | baseline CPU per dialog (user + sys) | {baseline_cpu_us:.1} µs | | |\n\
         | dp peak RSS | {peak_mib:.1} MiB | ≤ 64 MiB at N = 1,000,000, flat in N | {} |\n\
         | baseline peak RSS | {baseline_peak_mib:.1} MiB | | |\n",
        machine(),
        verdict(ratio >= 0.9),
        verdict(cpu_us <= 30.0),
        verdict(peak_mib <= 64.0),
    );
    print!("{report}");
    let path = root.join("docs/benchmarks.md");
    let mut existing = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nFigures from `cargo xtask bench ...` (release builds, not tests). Newest first.\n".into()
    });
    // New figures go above the older ones, below the summary at the top.
    let split = existing.find("\n## `cargo xtask bench").unwrap_or(existing.len());
    existing.insert_str(split, &report);
    std::fs::write(&path, existing)?;
    eprintln!("bench: wrote {}", path.display());
    Ok(())
}
