//! A real browser for tests: Debian's Chromium, driven through its ChromeDriver (WebDriver) with
//! fantoccini. Headless, with a profile of its own, and with nothing of Chromium's own traffic
//! (the machine's network is closed; the background services would only be refused).

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

/// Where the browser tests leave their screenshots (CI keeps them as artifacts): `screenshots/`
/// in cargo's target folder (the test binary is in `target/debug/deps/`).
pub fn screenshot_dir() -> PathBuf {
    let exe = std::env::current_exe().ok();
    let target = exe.as_deref().and_then(|exe| exe.parent()?.parent()?.parent().map(Path::to_path_buf));
    target.unwrap_or_else(std::env::temp_dir).join("screenshots")
}

/// A ChromeDriver process and one browser session through it; both end when this is dropped.
pub struct Chromium {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    _profile: TempProfile,
}

/// Chromium's user data directory, removed afterwards.
struct TempProfile(PathBuf);

impl Drop for TempProfile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        // ChromeDriver leads a process group of its own with the browser it started: ending the
        // group ends Chromium too, also when a test panics before it could close the session.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |name| dir.join(name))).find(|p| p.is_file())
}

impl Chromium {
    /// Starts ChromeDriver and a headless Chromium, or says why not: `None` (with a message) when
    /// they are not installed, unless `DP_REQUIRE_BROWSER=1` (as CI sets), which fails instead.
    pub async fn start() -> Option<Self> {
        let driver = find_program(&["chromedriver"]);
        let browser = find_program(&["chromium", "chromium-browser", "google-chrome"]);
        let (Some(driver), Some(browser)) = (driver, browser) else {
            let how = "install Debian's chromium and chromium-driver (`.ci/run` does)";
            if std::env::var("DP_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                panic!("DP_REQUIRE_BROWSER=1 but Chromium or ChromeDriver is missing: {how}");
            }
            eprintln!("skipping: Chromium or ChromeDriver is missing ({how}; DP_REQUIRE_BROWSER=1 fails instead)");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let mut child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", driver.display()));
        // It says when it listens.
        let stdout = child.stdout.take().expect("chromedriver's stdout");
        let started = tokio::task::spawn_blocking(move || {
            let mut lines = BufReader::new(stdout).lines();
            let ready = lines.by_ref().map_while(Result::ok).any(|line| line.contains("started successfully"));
            // Whatever it says later is not read; keep the pipe drained so it never blocks.
            std::thread::spawn(move || lines.for_each(drop));
            ready
        })
        .await
        .expect("joined");
        assert!(started, "chromedriver ended before it listened");

        let profile = std::env::temp_dir().join(format!("dp-chromium-{}-{port}", std::process::id()));
        let capabilities = serde_json::json!({
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": {
                "binary": browser,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1000,640",
                    "--lang=nb", format!("--user-data-dir={}", profile.display()),
                ],
            },
        });
        let capabilities = capabilities.as_object().cloned().unwrap_or_default();
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("no browser session: {e}"));
        Some(Self { client, driver: child, _profile: TempProfile(profile) })
    }

    /// Ends the browser session (Chromium quits), then the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    /// Saves what the browser shows as `{name}.png` in [`screenshot_dir`], and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("the screenshot folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot written");
        path
    }
}
