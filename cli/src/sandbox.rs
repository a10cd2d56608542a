//! The local sandbox: a reference Dialogporten (`dialogporten-server`, on
//! SQLite) inside the dp process, with its data in
//! `$XDG_DATA_HOME/dialogporten/local.db`, used when no `--env`, `--base-url`
//! or profile names a server. It is the cargo feature `sandbox` (on by
//! default); a client-only build (`--no-default-features`) has neither axum
//! nor SQLite and says so when the sandbox would be needed.

use anyhow::Result;

/// The token the sandbox accepts.
pub const TOKEN: &str = "dev-token";

#[cfg(feature = "sandbox")]
pub use embedded::Sandbox;

#[cfg(not(feature = "sandbox"))]
pub use absent::Sandbox;

#[cfg(feature = "sandbox")]
mod embedded {
    use std::path::PathBuf;

    use anyhow::{Context as _, Result};
    use dialogporten_server::{Config, Running};
    use etcetera::BaseStrategy;

    /// The sandbox server, running in this process.
    pub struct Sandbox(Running);

    impl Sandbox {
        /// Starts the embedded reference server on the sandbox database; it delivers
        /// webhooks only if `delivers`.
        pub async fn start(delivers: bool) -> Result<Self> {
            let path = database()?;
            let first_use = !path.exists();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let mut config = Config::dev().with_database_file(&path);
            config.deliver_webhooks = delivers;
            config.log_deliveries = delivers;
            let server = dialogporten_server::spawn(config)
                .await
                .with_context(|| format!("cannot start the local sandbox on {}", path.display()))?;
            // Both are asked, so the first use also counts as this terminal's telling.
            let new_terminal = first_time_in_this_terminal();
            if first_use || new_terminal {
                eprintln!(
                    "dp: using the local sandbox ({}); pass --env or --base-url for a real Dialogporten",
                    path.display()
                );
            }
            Ok(Self(server))
        }

        /// Where it listens, `http://127.0.0.1:PORT`.
        pub fn base_url(&self) -> &str {
            &self.0.base_url
        }

        /// Stops it after its last request.
        pub async fn stop(self) -> Result<()> {
            self.0.shutdown().await.context("the local sandbox did not stop cleanly")
        }
    }

    /// Whether this terminal session has not been told about the sandbox yet. A
    /// session is the terminal and the shell dp runs under; scripts and CI (no
    /// terminal on stderr) are told only when the sandbox is first made.
    fn first_time_in_this_terminal() -> bool {
        use std::io::IsTerminal;
        if !std::io::stderr().is_terminal() {
            return false;
        }
        let terminal = std::fs::read_link("/proc/self/fd/2").map(|p| p.display().to_string()).unwrap_or_default();
        let session = format!("{terminal} {}", login_session());
        let Ok(strategy) = etcetera::choose_base_strategy() else { return true };
        let marker =
            strategy.state_dir().unwrap_or_else(|| strategy.data_dir()).join("dialogporten").join("sandbox-notice");
        if std::fs::read_to_string(&marker).is_ok_and(|seen| seen == session) {
            return false;
        }
        if let Some(dir) = marker.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // A marker that cannot be written only means the notice shows again next time.
        let _ = std::fs::write(&marker, session);
        true
    }

    /// The terminal session dp runs in: on Linux its session id, which a `( … )` subshell, a
    /// pipeline and a script started from the shell share; elsewhere the parent process.
    fn login_session() -> String {
        // `/proc/self/stat`: "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses.
        let from_proc = std::fs::read_to_string("/proc/self/stat").ok().and_then(|stat| {
            stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(3).map(str::to_owned))
        });
        #[cfg(unix)]
        let parent = std::os::unix::process::parent_id();
        #[cfg(not(unix))]
        let parent = 0;
        from_proc.map_or_else(|| format!("parent {parent}"), |session| format!("session {session}"))
    }

    /// `$XDG_DATA_HOME/dialogporten/local.db` (or the platform's data directory).
    fn database() -> Result<PathBuf> {
        let strategy =
            etcetera::choose_base_strategy().context("cannot find the home directory for the sandbox's data")?;
        Ok(strategy.data_dir().join("dialogporten").join("local.db"))
    }
}

#[cfg(not(feature = "sandbox"))]
mod absent {
    use anyhow::Result;

    use crate::exit::UsageError;

    /// No sandbox: this dp was built without it.
    pub enum Sandbox {}

    impl Sandbox {
        /// Says what to do instead.
        pub async fn start(_delivers: bool) -> Result<Self> {
            Err(UsageError(
                "this dp is built without the local sandbox (cargo feature `sandbox`): give --env or --base-url (or a profile) for a Dialogporten"
                    .into(),
            )
            .into())
        }

        /// Never called: there is no sandbox.
        pub fn base_url(&self) -> &str {
            match *self {}
        }

        /// Never called: there is no sandbox.
        pub async fn stop(self) -> Result<()> {
            match self {}
        }
    }
}

/// Starts the sandbox (or says it is not built in).
pub async fn start(delivers: bool) -> Result<Sandbox> {
    Sandbox::start(delivers).await
}

#[cfg(all(test, feature = "sandbox"))]
mod tests {
    #[test]
    fn the_token_is_the_one_the_sandbox_accepts() {
        assert_eq!(super::TOKEN, dialogporten_server::DEV_TOKEN);
    }
}
