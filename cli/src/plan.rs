//! What a command needs before it runs, and running it with exactly that.
//!
//! Each command family turns its arguments into a [`Plan`]: a command that
//! runs on its own, one that needs a client for Dialogporten, or one that runs
//! on its own but hosts the local sandbox while it does (`dp events listen`
//! delivers the sandbox's webhooks). `main` connects only when a plan asks,
//! and no command is handed an `Option<&Context>` it must unwrap.

use std::future::Future;
use std::pin::Pin;

use crate::context::Tuning;
use anyhow::Result;

use crate::cli::GlobalArgs;
use crate::context::Context;
use crate::output::Output;

/// A boxed future borrowing what it runs with.
pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = Result<()>> + 'a>>;

type Alone = Box<dyn for<'a> FnOnce(&'a Output) -> BoxFuture<'a>>;
type WithClient = Box<dyn for<'a> FnOnce(&'a Context, &'a Output) -> BoxFuture<'a>>;

/// A command, with what it needs.
pub enum Plan {
    /// Needs nothing from Dialogporten: help, templates, profiles, dry runs.
    Alone(Alone),
    /// Needs a client for the target, retrying and pacing as its `Tuning` says (the SDK's default if `None`).
    WithClient(Option<Tuning>, WithClient),
    /// Runs on its own, and if the target is the local sandbox, this process hosts it meanwhile.
    HostingSandbox(Alone),
}

impl Plan {
    /// A command that needs nothing from Dialogporten.
    pub fn alone(run: impl for<'a> FnOnce(&'a Output) -> BoxFuture<'a> + 'static) -> Self {
        Plan::Alone(Box::new(run))
    }

    /// A command that needs a client.
    pub fn with_client(run: impl for<'a> FnOnce(&'a Context, &'a Output) -> BoxFuture<'a> + 'static) -> Self {
        Plan::WithClient(None, Box::new(run))
    }

    /// A command that needs a client retrying and pacing by `tuning` (a progress display of its own shows retries).
    pub fn with_patient_client(
        tuning: Tuning,
        run: impl for<'a> FnOnce(&'a Context, &'a Output) -> BoxFuture<'a> + 'static,
    ) -> Self {
        Plan::WithClient(Some(tuning), Box::new(run))
    }

    /// Runs the command with what it asked for, and closes a connection it opened.
    pub async fn execute(self, global: &GlobalArgs, output: &Output) -> Result<()> {
        match self {
            Plan::Alone(run) => run(output).await,
            Plan::WithClient(tuning, run) => {
                let context = match tuning {
                    Some(tuning) => Context::connect_with(global, Some(tuning)).await?,
                    None => Context::connect(global).await?,
                };
                let result = run(&context, output).await;
                context.close().await?;
                result
            }
            Plan::HostingSandbox(run) => {
                let sandbox = if crate::credentials::uses_sandbox(global)? {
                    Some(Context::connect_delivering(global).await?)
                } else {
                    None
                };
                let result = run(output).await;
                if let Some(sandbox) = sandbox {
                    sandbox.close().await?;
                }
                result
            }
        }
    }
}
