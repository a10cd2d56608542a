//! What a write tells the caller: the new revision, and for creates the id
//! and location.

use progenitor_client::ResponseValue;
use reqwest::header::{ETAG, LOCATION};
use uuid::Uuid;

/// A created dialog, activity or transmission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    /// The new entity's id.
    pub id: Uuid,
    /// The dialog's revision after the write (the `Etag` header).
    pub revision: Option<Uuid>,
    /// Where the entity can be read (the `Location` header, relative).
    pub location: Option<String>,
}

impl From<ResponseValue<Uuid>> for Created {
    fn from(response: ResponseValue<Uuid>) -> Self {
        let revision = response.revision();
        let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Created { id: response.into_inner(), revision, location }
    }
}

/// What a create with a client-chosen id or an `idempotentKey` came to.
///
/// ```no_run
/// # async fn demo(client: &dialogporten::Client, body: dialogporten::types::CreateDialog) -> Result<(), dialogporten::Error> {
/// use dialogporten::Creation;
/// match client.create_dialog_idempotent(&body).silent().await? {
///     Creation::Created(created) => println!("created {}", created.id),
///     Creation::AlreadyExisted { id } => println!("{id} was there already"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Creation {
    /// This call created it, also when the SDK repeated the request after a lost answer
    /// and the repeat found the dialog the first attempt had made.
    Created(Created),
    /// It existed before this call: its id or `idempotentKey` was used already.
    AlreadyExisted {
        /// The existing dialog's id.
        id: Uuid,
    },
}

impl Creation {
    /// The dialog's id, either way.
    pub fn id(&self) -> Uuid {
        match self {
            Creation::Created(created) => created.id,
            Creation::AlreadyExisted { id } => *id,
        }
    }

    /// Whether this call created it.
    pub fn is_created(&self) -> bool {
        matches!(self, Creation::Created(_))
    }
}

/// Reads the revision a write returned.
///
/// ```no_run
/// # async fn demo(client: &dialogporten::Client, id: uuid::Uuid, rev: uuid::Uuid) -> Result<(), dialogporten::Error> {
/// use dialogporten::{Revision, JsonPatch};
/// let patch = JsonPatch::new().progress(50);
/// let response = client.patch_dialog().dialog_id(id).if_match(rev).body(patch).send().await?;
/// let next_revision = response.revision();
/// # Ok(()) }
/// ```
pub trait Revision {
    /// The `Etag` of the response as a revision id, when it is one.
    fn revision(&self) -> Option<Uuid>;
}

impl<T> Revision for ResponseValue<T> {
    fn revision(&self) -> Option<Uuid> {
        let raw = self.headers().get(ETAG)?.to_str().ok()?;
        Uuid::parse_str(raw.trim().trim_start_matches("W/").trim_matches('"')).ok()
    }
}

macro_rules! created {
    ($($operation:ident: $what:literal),+ $(,)?) => {$(
        impl crate::builder::$operation<'_> {
            #[doc = concat!("Sends the request and returns the ", $what, " as [`Created`]: its id, the dialog's new revision and")]
            /// its location.
            ///
            /// ```no_run
            /// # async fn demo(client: &dialogporten::Client, body: dialogporten::types::CreateDialog) -> Result<(), dialogporten::Error> {
            /// let created = client.create_dialog().body(body).created().await?;
            /// println!("{} at revision {:?}", created.id, created.revision);
            /// # Ok(()) }
            /// ```
            pub async fn created(self) -> Result<Created, crate::Error> {
                self.send().await.map(Created::from)
            }
        }
    )+};
}

created!(
    CreateDialogBuilder: "new dialog",
    CreateDialogActivityBuilder: "new activity",
    CreateDialogTransmissionBuilder: "new transmission",
);
