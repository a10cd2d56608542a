//! The arbeidsflate's pages, rendered on the server (maud: checked when compiled, and every value
//! escaped unless marked otherwise, which nothing here does: a dialog's texts are untrusted).

use dialogporten::enduser::types::{AuthorizedParty, ContentValue, Dialog, DialogGuiAction, DialogListItem};
use dialogporten::enums::{DialogGuiActionPriority, DialogStatus, HttpVerb};
use dialogporten::reading::pick;
use dialogporten::types::Localization;
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The page around every view.
fn page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="nb" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – arbeidsflate (dp-server)" }
                style { (STYLE) }
                script src="/arbeidsflate/app.js" defer {}
            }
            body { (body) }
        }
    }
    .into_string()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1e2b3c}
a{color:#0062ba}header{display:flex;gap:1rem;align-items:center;flex-wrap:wrap;border-bottom:1px solid #ccc;padding-bottom:.5rem}
nav a{margin-right:.75rem}nav a.current{font-weight:bold;text-decoration:none;color:inherit}
ul.dialogs{list-style:none;padding:0}ul.dialogs li{border-bottom:1px solid #eee;padding:.6rem 0}
.unread>a{font-weight:bold}.unread::before{content:'● ';color:#e02e49}.meta{color:#555;font-size:.9rem}
.actions button,.actions a.button{font:inherit;margin-right:.5rem;padding:.4rem .9rem;text-decoration:none;display:inline-block}.primary{background:#0062ba;color:#fff;border:0}
.secondary{background:#fff;color:#0062ba;border:1px solid #0062ba}details.tertiary{display:inline-block}
button[disabled]{opacity:.5;cursor:not-allowed}ol.timeline{padding-left:1.2rem}.problem{color:#b00020}
.done{color:#06893a}.embed{border-left:3px solid #0062ba;padding:.2rem .8rem;margin:1rem 0}
.embed iframe,iframe.html{width:100%;min-height:12rem;border:1px solid #ddd}form.move{margin-top:1rem}
form.move button{font:inherit;font-size:.9rem;background:none;border:0;color:#0062ba;text-decoration:underline;cursor:pointer;padding:0;margin-right:1rem}";

/// A dialog's status as the person reads it after the sender, or nothing when it has none to tell.
fn status(status: &DialogStatus) -> String {
    let said = match status {
        DialogStatus::NotApplicable => return String::new(),
        DialogStatus::InProgress => "in progress",
        DialogStatus::Draft => "draft",
        DialogStatus::RequiresAttention => "requires attention",
        DialogStatus::Completed => "completed",
        DialogStatus::Awaiting => "awaiting",
        other => return format!(" · {other}"),
    };
    format!(" · {said}")
}

/// The texts of `value` in `lang`, or the closest there is.
fn text<'a>(value: Option<&'a ContentValue>, lang: &str) -> &'a str {
    value.and_then(|v| pick(v.value.as_deref()?, lang)).unwrap_or_default()
}

fn texts<'a>(value: Option<&'a Vec<Localization>>, lang: &str) -> &'a str {
    value.and_then(|v| pick(v, lang)).unwrap_or_default()
}

/// The header: who is logged in, the languages, logging out.
fn header(person: &str, lang: &str, here: &str) -> Markup {
    html! {
        header {
            strong { "Arbeidsflate" }
            span.meta { "Logged in as " (person) }
            span {
                @for code in super::LANGUAGES {
                    @if code == lang { strong { (code) } " " } @else { a href=(with_lang(here, code)) { (code) } " " }
                }
            }
            a href="/arbeidsflate/logout" { "Log out" }
        }
    }
}

/// `here` with `lang=code` in its query.
fn with_lang(here: &str, code: &str) -> String {
    let (path, query) = here.split_once('?').unwrap_or((here, ""));
    let kept: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
    let mut pairs = kept.join("&");
    if !pairs.is_empty() {
        pairs.push('&');
    }
    format!("{path}?{pairs}lang={code}")
}

fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// What the list page shows.
pub struct ListPage<'a> {
    pub person: &'a str,
    pub parties: &'a [AuthorizedParty],
    pub party: &'a str,
    pub view: &'a str,
    pub search: &'a str,
    pub lang: &'a str,
    pub dialogs: &'a [DialogListItem],
}

/// The party's dialogs in one view.
pub fn list(shown: &ListPage<'_>) -> String {
    let base = format!("/arbeidsflate/?party={}&lang={}", encode(shown.party), shown.lang);
    let here = format!("{base}&view={}&search={}", shown.view, encode(shown.search));
    let body = html! {
        (header(shown.person, shown.lang, &here))
        form method="get" action="/arbeidsflate/" {
            input type="hidden" name="lang" value=(shown.lang);
            input type="hidden" name="view" value=(shown.view);
            label { "Acting for " select name="party" {
                @for party in shown.parties {
                    option value=(party.party) selected[party.party == shown.party] {
                        @if party.name.is_empty() { (party.party) } @else { (party.name) }
                        " (" (party.party_type) ")"
                    }
                }
            } }
            " "
            input type="search" name="search" value=(shown.search) placeholder="Search (3 letters or more)";
            button type="submit" { "Show" }
        }
        nav {
            @for (view, name) in [("inbox", "Inbox"), ("archive", "Archive"), ("bin", "Bin")] {
                a.current[view == shown.view] href=(format!("{base}&view={view}")) { (name) }
            }
        }
        @if shown.dialogs.is_empty() {
            p { "No dialogs here." }
        } @else {
            ul.dialogs {
                @for dialog in shown.dialogs {
                    @let unread = dialog.seen_since_last_update.as_ref().is_none_or(|seen| !seen.iter().any(|s| s.is_current_end_user));
                    @let content = dialog.content.as_ref();
                    li.unread[unread] data-dialog=(dialog.id) {
                        a href=(format!("/arbeidsflate/dialogs/{}?lang={}", dialog.id, shown.lang)) {
                            (text(content.map(|c| &c.title), shown.lang))
                        }
                        div.meta {
                            (text(content.and_then(|c| c.sender_name.as_ref()), shown.lang))
                            @if content.and_then(|c| c.sender_name.as_ref()).is_none() { (dialog.org) }
                            (status(&dialog.status))
                            " · " (dialog.content_updated_at.format("%Y-%m-%d %H:%M"))
                            @if let Some(due) = dialog.due_at { " · due " (due.format("%Y-%m-%d")) }
                        }
                        div { (text(content.and_then(|c| c.summary.as_ref()), shown.lang)) }
                    }
                }
            }
        }
    };
    page("Dialogs", body)
}

/// What the last thing the person did came to.
pub enum Notice<'a> {
    Done(&'a str),
    Failed(&'a str),
}

/// One dialog, with what the last action said when there is something to say.
pub fn dialog(dialog: &Dialog, person: &str, lang: &str, notice: Option<Notice<'_>>) -> String {
    let content = &dialog.content;
    let title = text(Some(&content.title), lang);
    let here = format!("/arbeidsflate/dialogs/{}?lang={lang}", dialog.id);
    let mut actions: Vec<&DialogGuiAction> = dialog.gui_actions.iter().flatten().collect();
    actions.sort_by_key(|a| match a.priority {
        DialogGuiActionPriority::Primary => 0,
        DialogGuiActionPriority::Secondary => 1,
        _ => 2,
    });
    let (tertiary, buttons): (Vec<&DialogGuiAction>, Vec<&DialogGuiAction>) = actions
        .into_iter()
        .partition(|a| !matches!(a.priority, DialogGuiActionPriority::Primary | DialogGuiActionPriority::Secondary));
    let body = html! {
        (header(person, lang, &here))
        p { a href=(format!("/arbeidsflate/?party={}&lang={lang}", encode(&dialog.party))) { "← All dialogs" } }
        @match notice {
            Some(Notice::Done(said)) => p.done role="status" { (said) },
            Some(Notice::Failed(said)) => p.problem role="alert" { (said) },
            None => {},
        }
        h1 { (title) }
        p.meta {
            (text(content.sender_name.as_ref(), lang))
            @if content.sender_name.is_none() { (dialog.org) }
            (status(&dialog.status)) " · updated " (dialog.content_updated_at.format("%Y-%m-%d %H:%M"))
        }
        p.summary { (text(content.summary.as_ref(), lang)) }
        @if let Some(info) = &content.additional_info {
            div.additional { (rich(info, lang)) }
        }
        @if let Some(reference) = &content.main_content_reference {
            (embed(reference, dialog.dialog_token.as_deref(), lang))
        }
        @if !buttons.is_empty() || !tertiary.is_empty() {
            div.actions {
                @for action in &buttons { (gui_action(dialog, action, lang)) }
                @if !tertiary.is_empty() {
                    details.tertiary {
                        summary { "More" }
                        @for action in &tertiary { div { (gui_action(dialog, action, lang)) } }
                    }
                }
            }
        }
        (moves(dialog, lang))
        @if let Some(attachments) = dialog.attachments.as_ref().filter(|a| !a.is_empty()) {
            h2 { "Attachments" }
            ul {
                @for attachment in attachments {
                    @for url in attachment.urls.iter().flatten() {
                        li { a href=(safe_url(&url.url)) { (texts(attachment.display_name.as_ref(), lang)) } }
                    }
                }
            }
        }
        @if let Some(transmissions) = dialog.transmissions.as_ref().filter(|t| !t.is_empty()) {
            h2 { "Messages" }
            ol.timeline {
                @for transmission in transmissions {
                    li data-transmission=(transmission.id) {
                        strong { (text(Some(&transmission.content.title), lang)) }
                        " " span.meta { (transmission.type_) " · " (transmission.created_at.format("%Y-%m-%d %H:%M")) }
                        div { (text(transmission.content.summary.as_ref(), lang)) }
                        @if let Some(reference) = &transmission.content.content_reference {
                            (embed(reference, dialog.dialog_token.as_deref(), lang))
                        }
                    }
                }
            }
        }
        @if let Some(activities) = dialog.activities.as_ref().filter(|a| !a.is_empty()) {
            h2 { "History" }
            ol.timeline {
                @for activity in activities {
                    li { (activity.type_) " · " (activity.created_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default())
                        " " (texts(activity.description.as_ref(), lang)) }
                }
            }
        }
    };
    page(title, body)
}

/// A text that may be markdown (`text/markdown`), rendered safe; HTML (the legacy scope) in a
/// frame where nothing runs or loads; anything else as plain text.
fn rich(value: &ContentValue, lang: &str) -> Markup {
    let shown = text(Some(value), lang);
    if value.media_type.eq_ignore_ascii_case("text/markdown") {
        html! { (PreEscaped(super::markdown::render(shown))) }
    } else if value.media_type.eq_ignore_ascii_case("text/html") {
        html! { iframe.html sandbox="" title="Content from the service" srcdoc=(format!("{FRAME_POLICY}{shown}")) {} }
    } else {
        html! { (shown) }
    }
}

/// What a frame of the service owner's HTML may do: show it, with its own styles, and nothing else.
const FRAME_POLICY: &str =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";

/// A front-channel embed: its URL, for the page's script to fetch with the dialog token (`app.js`).
fn embed(reference: &ContentValue, dialog_token: Option<&str>, lang: &str) -> Markup {
    let url = safe_url(text(Some(reference), lang));
    let kind = if reference.media_type.to_ascii_lowercase().contains("html") { "html" } else { "markdown" };
    html! {
        div.embed data-embed-url=(url) data-embed-type=(kind) data-dialog-token=[dialog_token] {
            "Fetching the content from the service…"
        }
    }
}

/// Moving the dialog between the inbox, the archive and the bin (its system label).
fn moves(dialog: &Dialog, lang: &str) -> Markup {
    use dialogporten::enums::SystemLabel;
    let labels = dialog.end_user_context.system_labels.as_deref().unwrap_or_default();
    let now = if labels.contains(&SystemLabel::Bin) {
        "bin"
    } else if labels.contains(&SystemLabel::Archive) {
        "archive"
    } else {
        "inbox"
    };
    html! {
        form.move method="post" data-now=(now) {
            @for (to, label) in [("inbox", "Move to the inbox"), ("archive", "Archive"), ("bin", "Move to the bin")] {
                @if to != now {
                    button type="submit" formaction=(format!("/arbeidsflate/dialogs/{}/move/{to}?lang={lang}", dialog.id)) { (label) }
                }
            }
        }
    }
}

/// Only http(s) links are followed; anything else (`javascript:`) goes nowhere.
fn safe_url(url: &str) -> &str {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") { url } else { "#" }
}

/// A GUI action as a button by its priority; one the person may not use is shown disabled. A GET
/// action takes the browser to its URL; any other is sent from the server with the dialog token
/// (`actions`), asking first when it deletes the dialog.
fn gui_action(dialog: &Dialog, action: &DialogGuiAction, lang: &str) -> Markup {
    let class = match action.priority {
        DialogGuiActionPriority::Primary => "primary",
        DialogGuiActionPriority::Secondary => "secondary",
        _ => "tertiary",
    };
    let title = texts(action.title.as_ref(), lang);
    let prompt = texts(action.prompt.as_ref(), lang);
    // An action asks first when it has a prompt; the delete action always does.
    let confirm = match (prompt.is_empty(), action.is_delete_dialog_action) {
        (false, _) => Some(prompt),
        (true, true) => Some("Are you sure? The dialog will be deleted."),
        (true, false) => None,
    };
    html! {
        @if !action.is_authorized {
            button class=(class) disabled title="You are not authorised to do this" data-action=(action.id) { (title) }
        } @else if action.http_method == HttpVerb::Get {
            a class=(format!("button {class}")) href=(safe_url(&action.url)) data-action=(action.id) { (title) }
        } @else {
            form method="post" action=(format!("/arbeidsflate/dialogs/{}/actions/{}?lang={lang}", dialog.id, action.id))
                style="display:inline" data-confirm=[confirm] {
                button class=(class) type="submit" data-action=(action.id) { (title) }
            }
        }
    }
}

/// An error page.
pub fn problem(message: &str) -> String {
    page(
        "Something went wrong",
        html! {
            p.problem { (message) }
            p { a href="/arbeidsflate/" { "Back to the list" } " · " a href="/arbeidsflate/login" { "Log in again" } }
        },
    )
}

/// When the person may act for nobody.
pub fn no_parties(session: &super::Session) -> String {
    page(
        "No parties",
        html! {
            p { "You (" (session.pid()) ") may not act for any party. Add the person to the server's endUsers." }
            a href="/arbeidsflate/logout" { "Log out" }
        },
    )
}

/// After logging out.
pub fn logged_out() -> String {
    page("Logged out", html! { p { "You are logged out. " a href="/arbeidsflate/login" { "Log in" } } })
}
