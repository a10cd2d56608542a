//! Many creates at once: [`Client::create_dialogs`].

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use futures::StreamExt;
use uuid::Uuid;

use crate::types::CreateDialog;
use crate::{Client, Creation, Error};

/// Creates many dialogs, each as [`Client::create_dialog_idempotent`] does, some at a time;
/// awaiting it gives the [`Tally`]. Made by [`Client::create_dialogs`].
#[must_use = "nothing is created until it is awaited"]
pub struct CreateDialogs<'a, I> {
    client: &'a Client,
    bodies: I,
    concurrency: usize,
    silent: bool,
}

/// How many creates are in flight at once unless [`CreateDialogs::concurrency`] says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;

impl<I> CreateDialogs<'_, I> {
    /// At most `n` creates in flight at once (at least one; [`DEFAULT_CONCURRENCY`] unless set).
    /// A client with a [`Pace`](crate::pace::Pace) holds them to what the service takes.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Creates them silently (`isSilentUpdate`): no events, no alerts to end users, and times in
    /// the past allowed: what a migration of historic records wants.
    pub fn silent(mut self) -> Self {
        self.silent = true;
        self
    }
}

/// What came of [`Client::create_dialogs`]. Its `Display` is one line:
/// `created 1998, already there 2, failed 0`.
#[derive(Debug, Default)]
pub struct Tally {
    /// Created by this call.
    pub created: u64,
    /// There already (a repeated id or `idempotentKey`): an earlier run's work.
    pub already_there: u64,
    /// Those that failed, each with its place in the input (from 0), its `id` when the body
    /// named one, and why. Nothing that failed is counted as created.
    pub failed: Vec<Failure>,
}

/// One create of [`Client::create_dialogs`] that failed.
#[derive(Debug)]
pub struct Failure {
    /// Its place in the input, from 0.
    pub index: usize,
    /// The dialog's id, when the body gave one.
    pub id: Option<Uuid>,
    /// Why.
    pub error: Error,
}

impl Tally {
    /// Whether every create came to a dialog (created now or there already).
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "created {}, already there {}, failed {}", self.created, self.already_there, self.failed.len())
    }
}

impl<'a, I> IntoFuture for CreateDialogs<'a, I>
where
    I: Iterator<Item = CreateDialog> + Send + 'a,
{
    type Output = Tally;
    type IntoFuture = Pin<Box<dyn Future<Output = Tally> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        let CreateDialogs { client, bodies, concurrency, silent } = self;
        Box::pin(async move {
            let outcomes = futures::stream::iter(bodies.enumerate())
                .map(|(index, body)| async move {
                    let outcome = client.create_idempotently(&body, silent).await;
                    (index, body.id, outcome)
                })
                .buffer_unordered(concurrency);
            let mut outcomes = std::pin::pin!(outcomes);
            let mut tally = Tally::default();
            while let Some((index, id, outcome)) = outcomes.next().await {
                match outcome {
                    Ok(Creation::Created(_)) => tally.created += 1,
                    Ok(Creation::AlreadyExisted { .. }) => tally.already_there += 1,
                    Err(error) => tally.failed.push(Failure { index, id, error }),
                }
            }
            tally.failed.sort_by_key(|failure| failure.index);
            tally
        })
    }
}

impl Client {
    /// Creates every dialog of `bodies`, each idempotently (as
    /// [`create_dialog_idempotent`](Self::create_dialog_idempotent): give each its own `id`,
    /// say from [`ids::deterministic_v7`](crate::ids::deterministic_v7), or an `idempotentKey`,
    /// so a re-run makes no second dialog), [`DEFAULT_CONCURRENCY`] at a time unless
    /// [`concurrency`](CreateDialogs::concurrency) says otherwise. Bodies are taken from the
    /// iterator as places free up, so a long import is never all in memory. Awaiting it gives
    /// the [`Tally`]; a create that fails is counted there and the others go on.
    ///
    /// ```no_run
    /// # async fn demo(client: &dialogporten::Client, bodies: Vec<dialogporten::types::CreateDialog>) {
    /// let tally = client.create_dialogs(bodies).concurrency(32).silent().await;
    /// println!("{tally}");
    /// for failure in &tally.failed {
    ///     eprintln!("record {}: {}", failure.index, failure.error);
    /// }
    /// # }
    /// ```
    pub fn create_dialogs<I>(&self, bodies: I) -> CreateDialogs<'_, I::IntoIter>
    where
        I: IntoIterator<Item = CreateDialog>,
    {
        CreateDialogs { client: self, bodies: bodies.into_iter(), concurrency: DEFAULT_CONCURRENCY, silent: false }
    }
}
