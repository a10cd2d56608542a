//! `--dev`: a small arbeidsflate at `/arbeidsflate/`, so a service owner sees their dialogs as the
//! person does, on one laptop. The person logs in through the development ID-porten (the code flow
//! with PKCE, as any web client of ID-porten), picks the party they act for, and reads the list and
//! each dialog through the end-user API, with their own token, as Altinn's arbeidsflate does.
//!
//! Pages are rendered on the server (`pages`); every text from a dialog is untrusted: escaped, or
//! for markdown rendered without raw HTML or unsafe links (`markdown`).
//! The person's token stays on the server, in a session the browser holds by an opaque cookie.

mod markdown;
mod pages;
mod session;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use dialogporten::enduser::Client as EndUserClient;
use dialogporten::enduser::types::SetDialogSystemLabelRequest;
use dialogporten::enums::SystemLabel;
use dialogporten::{Environment, RetryPolicy};
use serde::Deserialize;
use uuid::Uuid;

pub use session::Sessions;
use session::{COOKIE, Session};

use crate::App;

/// The client id the arbeidsflate logs in with at the development ID-porten.
const CLIENT_ID: &str = "arbeidsflate";
/// The languages the pages are offered in.
const LANGUAGES: [&str; 3] = ["nb", "nn", "en"];

/// The arbeidsflate's routes.
pub fn routes() -> Router<App> {
    Router::new()
        // The server reaches a path with or without its trailing slash alike.
        .route("/arbeidsflate", get(list))
        .route("/arbeidsflate/login", get(login))
        .route("/arbeidsflate/callback", get(callback))
        .route("/arbeidsflate/logout", get(logout))
        .route("/arbeidsflate/dialogs/{id}", get(dialog))
        .route("/arbeidsflate/dialogs/{id}/actions/{action}", post(act))
        .route("/arbeidsflate/dialogs/{id}/move/{to}", post(move_to))
        .route("/arbeidsflate/app.js", get(script))
        .route("/arbeidsflate/render", post(render))
        .layer(axum::middleware::map_response(with_policy))
}

/// What the pages may load and run: their own script and styles; fetches anywhere (a front-channel
/// embed is the service owner's); no plugins, no framing by others, forms only to this server.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     connect-src 'self' http: https:; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

async fn with_policy(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, header::HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("same-origin"));
    response
}

/// `GET /arbeidsflate/app.js`: the pages' one script (`app.js`).
async fn script(State(app): State<App>) -> Response {
    if !app.config.dev {
        return not_dev();
    }
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("app.js")).into_response()
}

/// `POST /arbeidsflate/render`: markdown a page fetched from a service owner (a front-channel
/// embed), as HTML that is safe to show: the same rendering as the dialog's own markdown.
async fn render(State(app): State<App>, headers: HeaderMap, body: String) -> Response {
    if !app.config.dev {
        return not_dev();
    }
    if app.arbeidsflate.logged_in(&headers).is_none() {
        return (StatusCode::UNAUTHORIZED, "log in first").into_response();
    }
    Html(markdown::render(&body)).into_response()
}

/// What the list shows: which party, which view, what search, in which language.
#[derive(Deserialize, Default)]
struct ListQuery {
    party: Option<String>,
    view: Option<String>,
    search: Option<String>,
    lang: Option<String>,
}

/// The language asked for, if offered, else Bokmål.
fn language(asked: Option<&str>) -> &'static str {
    asked.and_then(|l| LANGUAGES.iter().find(|known| known.eq_ignore_ascii_case(l)).copied()).unwrap_or("nb")
}

/// The three views of the inbox and the system label each shows.
fn view(asked: Option<&str>) -> (&'static str, SystemLabel) {
    match asked {
        Some("archive") => ("archive", SystemLabel::Archive),
        Some("bin") => ("bin", SystemLabel::Bin),
        _ => ("inbox", SystemLabel::Default),
    }
}

/// To the login, coming back to `uri` after it.
fn to_login(uri: &Uri) -> Response {
    let here = uri.path_and_query().map_or("/arbeidsflate/", |p| p.as_str());
    Redirect::to(&format!("/arbeidsflate/login?next={}", encode(here))).into_response()
}

/// Where to go after the login: a page of the arbeidsflate, never elsewhere.
fn next_page(asked: Option<&str>) -> &str {
    asked
        .filter(|next| next.starts_with("/arbeidsflate") && !next.contains("//") && !next.contains('\\'))
        .unwrap_or("/arbeidsflate/")
}

/// The person logged in to a page that needs one; else `not_logged_in` (or a 404 off a --dev server).
fn person(app: &App, headers: &HeaderMap, not_logged_in: impl FnOnce() -> Response) -> Result<Session, Box<Response>> {
    if !app.config.dev {
        return Err(Box::new(not_dev()));
    }
    app.arbeidsflate.logged_in(headers).ok_or_else(|| Box::new(not_logged_in()))
}

fn not_dev() -> Response {
    (StatusCode::NOT_FOUND, "The arbeidsflate is served only by a --dev server.").into_response()
}

/// The end-user API as the person calls it, on this server.
fn api(app: &App, token: &str) -> Result<EndUserClient, dialogporten::Error> {
    dialogporten::Client::builder(Environment::Local(app.public_url.to_string()))
        .bearer_token(token)
        .allow_plain_http(true)
        .retry_policy(RetryPolicy::none())
        .user_agent_product("arbeidsflate")
        .build_end_user()
}

/// A call to the end-user API failed: a 401 means the login is over; anything else is shown.
fn failure(error: &dialogporten::Error) -> Response {
    if error.kind() == Some(dialogporten::ErrorKind::Unauthorized) {
        return Redirect::to("/arbeidsflate/login").into_response();
    }
    (StatusCode::BAD_GATEWAY, Html(pages::problem(&error.to_string()))).into_response()
}

/// `GET /arbeidsflate/`: the party's dialogs in one view, newest first.
async fn list(State(app): State<App>, headers: HeaderMap, uri: Uri, Query(query): Query<ListQuery>) -> Response {
    let session = match person(&app, &headers, || to_login(&uri)) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let client = match api(&app, session.token()) {
        Ok(client) => client,
        Err(error) => return failure(&error),
    };
    let parties = match client.get_parties().send().await {
        Ok(parties) => parties.into_inner().authorized_parties.unwrap_or_default(),
        Err(error) => return failure(&error),
    };
    let lang = language(query.lang.as_deref());
    let party = query
        .party
        .clone()
        .filter(|p| parties.iter().any(|known| &known.party == p))
        .or_else(|| parties.iter().find(|p| p.is_current_end_user).map(|p| p.party.clone()))
        .or_else(|| parties.first().map(|p| p.party.clone()));
    let Some(party) = party else {
        return Html(pages::no_parties(&session)).into_response();
    };
    let (view_name, label) = view(query.view.as_deref());
    let search = query.search.clone().filter(|s| s.trim().chars().count() >= 3);
    let mut request = client
        .search_dialogs()
        .party([party.clone()])
        .system_label(vec![label])
        .order_by("contentUpdatedAt_desc")
        .limit(100)
        .accept_language(lang);
    if let Some(text) = &search {
        request = request.search(text.trim());
    }
    let page = match request.send().await {
        Ok(page) => page.into_inner(),
        Err(error) => return failure(&error),
    };
    let shown = pages::ListPage {
        person: session.pid(),
        parties: &parties,
        party: &party,
        view: view_name,
        search: query.search.as_deref().unwrap_or_default(),
        lang,
        dialogs: page.items.as_deref().unwrap_or_default(),
    };
    Html(pages::list(&shown)).into_response()
}

/// `GET /arbeidsflate/dialogs/{id}`: one dialog, as the end-user API gives it (reading it logs
/// that the person saw it).
async fn dialog(
    State(app): State<App>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    Query(query): Query<ListQuery>,
) -> Response {
    let session = match person(&app, &headers, || to_login(&uri)) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return (StatusCode::NOT_FOUND, Html(pages::problem("There is no such dialog."))).into_response();
    };
    let client = match api(&app, session.token()) {
        Ok(client) => client,
        Err(error) => return failure(&error),
    };
    let lang = language(query.lang.as_deref());
    match client.get_dialog().dialog_id(id).accept_language(lang).send().await {
        Ok(dialog) => Html(pages::dialog(&dialog.into_inner(), session.pid(), lang, None)).into_response(),
        Err(error) if error.kind() == Some(dialogporten::ErrorKind::NotFound) => {
            (StatusCode::NOT_FOUND, Html(pages::problem("There is no such dialog, or it is not yours to see.")))
                .into_response()
        }
        Err(error) => failure(&error),
    }
}

/// `POST /arbeidsflate/dialogs/{id}/actions/{action}`: a GUI action that writes, sent as the
/// arbeidsflate sends it: from the back channel to the action's URL with the dialog token as
/// `Authorization: Bearer`, then the dialog shown again (a failure with the service owner's words).
async fn act(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Response {
    let session = match person(&app, &headers, || Redirect::to("/arbeidsflate/login").into_response()) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let (Ok(id), Ok(action_id)) = (id.parse::<Uuid>(), action.parse::<Uuid>()) else {
        return (StatusCode::NOT_FOUND, Html(pages::problem("There is no such action."))).into_response();
    };
    let client = match api(&app, session.token()) {
        Ok(client) => client,
        Err(error) => return failure(&error),
    };
    let lang = language(query.lang.as_deref());
    let dialog = match client.get_dialog().dialog_id(id).accept_language(lang).send().await {
        Ok(dialog) => dialog.into_inner(),
        Err(error) => return failure(&error),
    };
    let Some(action) = dialog.gui_actions.iter().flatten().find(|a| a.id == action_id) else {
        return (StatusCode::NOT_FOUND, Html(pages::problem("The dialog has no such action."))).into_response();
    };
    let mut failed = if !action.is_authorized {
        Some("You are not authorised to do this.".to_owned())
    } else {
        send_action(action, dialog.dialog_token.as_deref()).await.err()
    };
    let list = format!("/arbeidsflate/?party={}&lang={lang}", encode(&dialog.party));
    if failed.is_none() && action.is_delete_dialog_action {
        // The service owner has deleted it on their side; to the person it goes to the bin.
        let moved = client
            .set_dialog_system_labels()
            .dialog_id(id)
            .body(SetDialogSystemLabelRequest { add_labels: Some(vec![SystemLabel::Bin]), ..Default::default() })
            .send()
            .await;
        match moved {
            Ok(_) => return Redirect::to(&format!("{list}&view=bin")).into_response(),
            // The service owner may have deleted it outright: then it is gone from every view.
            Err(error)
                if matches!(error.kind(), Some(dialogporten::ErrorKind::Gone | dialogporten::ErrorKind::NotFound)) =>
            {
                return Redirect::to(&list).into_response();
            }
            Err(error) => {
                failed = Some(format!(
                    "The service carried out the action, but the dialog could not be moved to the bin: {error}"
                ));
            }
        }
    }
    // Shown again as it is now: the service owner may have changed it.
    let dialog = match client.get_dialog().dialog_id(id).accept_language(lang).send().await {
        Ok(dialog) => dialog.into_inner(),
        Err(error) if failed.is_none() && error.kind() == Some(dialogporten::ErrorKind::Gone) => {
            return Redirect::to(&list).into_response();
        }
        Err(error) => return failure(&error),
    };
    let (status, notice) = match &failed {
        Some(said) => (StatusCode::BAD_GATEWAY, Some(pages::Notice::Failed(said))),
        None => (StatusCode::OK, None),
    };
    (status, Html(pages::dialog(&dialog, session.pid(), lang, notice))).into_response()
}

/// `POST /arbeidsflate/dialogs/{id}/move/{to}`: to the inbox, the archive or the bin, by setting
/// the dialog's system label as the person (their label log records it).
async fn move_to(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, to)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Response {
    let session = match person(&app, &headers, || Redirect::to("/arbeidsflate/login").into_response()) {
        Ok(session) => session,
        Err(response) => return *response,
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return (StatusCode::NOT_FOUND, Html(pages::problem("There is no such dialog."))).into_response();
    };
    let (label, done) = match to.as_str() {
        "inbox" => (SystemLabel::Default, "Moved to the inbox."),
        "archive" => (SystemLabel::Archive, "Archived."),
        "bin" => (SystemLabel::Bin, "Moved to the bin."),
        _ => return (StatusCode::NOT_FOUND, Html(pages::problem("There is no such place."))).into_response(),
    };
    let client = match api(&app, session.token()) {
        Ok(client) => client,
        Err(error) => return failure(&error),
    };
    let moved = client
        .set_dialog_system_labels()
        .dialog_id(id)
        .body(SetDialogSystemLabelRequest { add_labels: Some(vec![label]), ..Default::default() })
        .send()
        .await;
    let lang = language(query.lang.as_deref());
    let dialog = match client.get_dialog().dialog_id(id).accept_language(lang).send().await {
        Ok(dialog) => dialog.into_inner(),
        Err(error) => return failure(&error),
    };
    let failed = moved.err().map(|error| format!("It could not be moved: {error}"));
    let (status, notice) = match &failed {
        Some(said) => (StatusCode::BAD_GATEWAY, pages::Notice::Failed(said)),
        None => (StatusCode::OK, pages::Notice::Done(done)),
    };
    (status, Html(pages::dialog(&dialog, session.pid(), lang, Some(notice)))).into_response()
}

fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Sends a GUI action to the service owner; a failure in words for the person.
async fn send_action(
    action: &dialogporten::enduser::types::DialogGuiAction,
    dialog_token: Option<&str>,
) -> Result<(), String> {
    let method = reqwest::Method::from_bytes(action.http_method.to_string().as_bytes())
        .map_err(|_| format!("The action's method {} cannot be sent.", action.http_method))?;
    let url = reqwest::Url::parse(&action.url).map_err(|_| "The action's address is not a URL.".to_owned())?;
    let mut request = dialogporten::transport::http_client().request(method, url);
    if let Some(token) = dialog_token {
        request = request.bearer_auth(token);
    }
    match request.send().await {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => {
            let status = response.status();
            let said = response.text().await.unwrap_or_default();
            let said: String = said.chars().take(500).collect();
            Err(if said.trim().is_empty() {
                format!("The service answered {status}: the action was not carried out.")
            } else {
                format!("The service answered {status}: {said}")
            })
        }
        Err(_) => Err("The service could not be reached: the action was not carried out.".to_owned()),
    }
}

#[derive(Deserialize)]
struct Login {
    next: Option<String>,
}

/// `GET /arbeidsflate/login`: to the development ID-porten, with a new session waiting for the code.
async fn login(State(app): State<App>, Query(login): Query<Login>) -> Response {
    if !app.config.dev {
        return not_dev();
    }
    let (id, pending) = app.arbeidsflate.begin(next_page(login.next.as_deref()));
    let mut authorize = match reqwest::Url::parse(&format!("{}/idporten/authorize", app.public_url)) {
        Ok(url) => url,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "the public URL is not a URL").into_response(),
    };
    authorize
        .query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", CLIENT_ID)
        .append_pair("redirect_uri", &callback_url(&app))
        .append_pair("scope", "openid digdir:dialogporten")
        .append_pair("state", &pending.state)
        .append_pair("code_challenge", &pending.challenge())
        .append_pair("code_challenge_method", "S256");
    let mut response = Redirect::to(authorize.as_str()).into_response();
    if let Ok(cookie) = session::cookie(&id).parse() {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

fn callback_url(app: &App) -> String {
    format!("{}/arbeidsflate/callback", app.public_url)
}

#[derive(Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error_description: Option<String>,
}

/// `GET /arbeidsflate/callback`: the code exchanged for the person's tokens, kept in the session.
async fn callback(State(app): State<App>, headers: HeaderMap, Query(answer): Query<Callback>) -> Response {
    if !app.config.dev {
        return not_dev();
    }
    if let Some(why) = answer.error_description {
        return (StatusCode::UNAUTHORIZED, Html(pages::problem(&format!("The login failed: {why}")))).into_response();
    }
    let (Some(code), Some(state)) = (answer.code, answer.state) else {
        return (StatusCode::BAD_REQUEST, Html(pages::problem("The login answered without a code."))).into_response();
    };
    let Some((verifier, next)) = app.arbeidsflate.take_pending(&headers, &state) else {
        return (
            StatusCode::BAD_REQUEST,
            Html(pages::problem("This login was not started here, or has been used: log in again.")),
        )
            .into_response();
    };
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", &code)
        .append_pair("redirect_uri", &callback_url(&app))
        .append_pair("client_id", CLIENT_ID)
        .append_pair("code_verifier", &verifier)
        .finish();
    let exchanged = dialogporten::transport::http_client()
        .post(format!("{}/idporten/token", app.public_url))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await;
    let tokens: serde_json::Value = match exchanged {
        Ok(response) if response.status().is_success() => response.json().await.unwrap_or_default(),
        _ => {
            return (StatusCode::BAD_GATEWAY, Html(pages::problem("The code could not be exchanged for a token.")))
                .into_response();
        }
    };
    let pid = pid_of(&tokens);
    let (Some(token), Some(pid)) = (tokens["access_token"].as_str(), pid.as_deref()) else {
        return (StatusCode::BAD_GATEWAY, Html(pages::problem("ID-porten gave no usable token."))).into_response();
    };
    app.arbeidsflate.log_in(&headers, Session::new(token, pid));
    Redirect::to(&next).into_response()
}

/// The person's national identity number, from the ID token's claims.
fn pid_of(tokens: &serde_json::Value) -> Option<String> {
    use base64::Engine;
    let claims = tokens["id_token"].as_str()?.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims["pid"].as_str().map(str::to_owned)
}

/// `GET /arbeidsflate/logout`: the session ends here.
async fn logout(State(app): State<App>, headers: HeaderMap) -> Response {
    app.arbeidsflate.log_out(&headers);
    let mut response = Html(pages::logged_out()).into_response();
    if let Ok(cookie) = format!("{COOKIE}=; Path=/arbeidsflate; Max-Age=0; HttpOnly; SameSite=Lax").parse() {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
