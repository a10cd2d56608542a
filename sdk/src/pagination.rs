//! Streams over paged and list operations.
//!
//! SearchDialogs and SearchDialogEndUserContexts page with an opaque
//! `continuationToken`; the streams here follow it until `hasNextPage` is
//! false. The per-dialog lists (activities, transmissions, seen log, labels)
//! come in one response and are streamed item by item for a uniform API.

use futures::stream::{self, Stream, TryStreamExt};
use uuid::Uuid;

use crate::types::{
    DialogActivitySearchItem, DialogEndUserContextItem, DialogListItem, DialogSeenLogSearchItem,
    DialogTransmissionSearchItem, PaginatedListOfDialogEndUserContextItem, PaginatedListOfDialogListItem,
    ServiceOwnerLabel,
};
use crate::{Client, Error, builder};

enum Cursor {
    Start,
    Next(String),
    Done,
}

impl Client {
    /// Every page of a dialog search, following continuation tokens.
    ///
    /// `filter` sets the search parameters; it is applied to each page's request.
    ///
    /// ```no_run
    /// # async fn demo(client: &dialogporten::Client) -> Result<(), dialogporten::Error> {
    /// use futures::TryStreamExt;
    /// let pages = client.search_dialogs_pages(|search| search.party(vec!["urn:altinn:organization:identifier-no:991825827".to_string()]).limit(500));
    /// let pages: Vec<_> = pages.try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn search_dialogs_pages<'a, F>(
        &'a self,
        filter: F,
    ) -> impl Stream<Item = Result<PaginatedListOfDialogListItem, Error>> + 'a
    where
        F: Fn(builder::SearchDialogsBuilder<'a>) -> builder::SearchDialogsBuilder<'a> + 'a,
    {
        stream::try_unfold(Cursor::Start, move |cursor| {
            let request = match cursor {
                Cursor::Done => None,
                Cursor::Start => Some(filter(self.search_dialogs())),
                Cursor::Next(token) => Some(filter(self.search_dialogs()).continuation_token(token)),
            };
            async move {
                let Some(request) = request else {
                    return Ok::<_, Error>(None);
                };
                let page = request.send().await?.into_inner();
                let next = next_cursor(page.has_next_page, page.continuation_token.as_deref());
                Ok(Some((page, next)))
            }
        })
    }

    /// Every dialog a search matches, across pages.
    ///
    /// ```no_run
    /// # async fn demo(client: &dialogporten::Client) -> Result<(), dialogporten::Error> {
    /// use futures::TryStreamExt;
    /// let mut dialogs = std::pin::pin!(client.search_dialogs_stream(|s| s.limit(1000)));
    /// while let Some(dialog) = dialogs.try_next().await? {
    ///     println!("{} {}", dialog.id, dialog.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn search_dialogs_stream<'a, F>(&'a self, filter: F) -> impl Stream<Item = Result<DialogListItem, Error>> + 'a
    where
        F: Fn(builder::SearchDialogsBuilder<'a>) -> builder::SearchDialogsBuilder<'a> + 'a,
    {
        self.search_dialogs_pages(filter).map_ok(|page| stream::iter(page.items.into_iter().map(Ok))).try_flatten()
    }

    /// Every end-user context (system labels per dialog) a search matches, across pages.
    pub fn end_user_contexts_stream<'a, F>(
        &'a self,
        filter: F,
    ) -> impl Stream<Item = Result<DialogEndUserContextItem, Error>> + 'a
    where
        F: Fn(builder::SearchDialogEndUserContextsBuilder<'a>) -> builder::SearchDialogEndUserContextsBuilder<'a> + 'a,
    {
        stream::try_unfold(Cursor::Start, move |cursor| {
            let request = match cursor {
                Cursor::Done => None,
                Cursor::Start => Some(filter(self.search_dialog_end_user_contexts())),
                Cursor::Next(token) => Some(filter(self.search_dialog_end_user_contexts()).continuation_token(token)),
            };
            async move {
                let Some(request) = request else {
                    return Ok::<_, Error>(None);
                };
                let page: PaginatedListOfDialogEndUserContextItem = request.send().await?.into_inner();
                let next = next_cursor(page.has_next_page, page.continuation_token.as_deref());
                Ok(Some((page, next)))
            }
        })
        .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten()
    }

    /// A dialog's activities.
    pub fn activities_stream(
        &self,
        dialog_id: Uuid,
    ) -> impl Stream<Item = Result<DialogActivitySearchItem, Error>> + '_ {
        list_stream(async move { Ok(self.search_dialog_activities().dialog_id(dialog_id).send().await?.into_inner()) })
    }

    /// A dialog's transmissions.
    pub fn transmissions_stream(
        &self,
        dialog_id: Uuid,
    ) -> impl Stream<Item = Result<DialogTransmissionSearchItem, Error>> + '_ {
        list_stream(
            async move { Ok(self.search_dialog_transmissions().dialog_id(dialog_id).send().await?.into_inner()) },
        )
    }

    /// A dialog's seen log.
    pub fn seen_logs_stream(&self, dialog_id: Uuid) -> impl Stream<Item = Result<DialogSeenLogSearchItem, Error>> + '_ {
        list_stream(async move { Ok(self.search_dialog_seen_logs().dialog_id(dialog_id).send().await?.into_inner()) })
    }

    /// A dialog's service-owner labels.
    pub fn service_owner_labels_stream(
        &self,
        dialog_id: Uuid,
    ) -> impl Stream<Item = Result<ServiceOwnerLabel, Error>> + '_ {
        list_stream(async move { Ok(self.get_service_owner_labels().dialog_id(dialog_id).send().await?.into_inner()) })
    }
}

fn next_cursor(has_next_page: bool, token: Option<&str>) -> Cursor {
    match token {
        Some(token) if has_next_page && !token.is_empty() => Cursor::Next(token.to_owned()),
        _ => Cursor::Done,
    }
}

fn list_stream<'a, T: 'a>(
    fetch: impl std::future::Future<Output = Result<Vec<T>, Error>> + 'a,
) -> impl Stream<Item = Result<T, Error>> + 'a {
    stream::once(fetch).map_ok(|items| stream::iter(items.into_iter().map(Ok))).try_flatten()
}
