//! The local arbeidsflate (`/arbeidsflate/` on a `--dev` dp-server), over HTTP as a browser uses it:
//! the development ID-porten login, the list with its unread marker and views, one dialog with its
//! GUI actions by priority, a write action sent with the dialog token, languages, and untrusted
//! texts rendered inert. (Issue "Local arbeidsflate"; the browser walk-through is its next slice.)

use std::sync::{Arc, Mutex};

use dialogporten::bodies::{en, nb};
use dialogporten::dialog_token::{DialogTokenVerifier, Requirements};
use dialogporten::enums::{DialogGuiActionPriority, HttpVerb};
use dialogporten::reqwest;
use dialogporten::types::{CreateDialog, CreateDialogGuiAction};
use dialogporten::{Client, Environment, RetryPolicy};
use dialogporten_server::{ActsFor, Config, DEV_TOKEN, EndUser};
use dp_integration_tests::spawn;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PERSON: &str = "08844397713";
const PERSON_URN: &str = "urn:altinn:person:identifier-no:08844397713";
const COMPANY: &str = "urn:altinn:organization:identifier-no:991825827";

/// A browser without JavaScript: follows nothing by itself, keeps the one cookie.
struct Browser {
    http: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

impl Browser {
    fn new(base: &str) -> Self {
        let http = dialogporten::transport::http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http");
        Self { http, base: base.to_owned(), cookie: None }
    }

    async fn send(&mut self, method: reqwest::Method, url: &str) -> (u16, Option<String>, String) {
        let url = if url.starts_with("http") { url.to_owned() } else { format!("{}{url}", self.base) };
        let mut request = self.http.request(method, &url);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("{url}: {e}"));
        if let Some(set) = response.headers().get(SET_COOKIE).and_then(|v| v.to_str().ok()) {
            self.cookie = set.split(';').next().map(str::to_owned).filter(|c| !c.ends_with('='));
        }
        let status = response.status().as_u16();
        let location = response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
        (status, location, response.text().await.expect("a body"))
    }

    async fn get(&mut self, url: &str) -> (u16, Option<String>, String) {
        self.send(reqwest::Method::GET, url).await
    }

    /// Asks for `page`, logs in as `pid` through the development ID-porten as a person at the login
    /// form does, and says where the arbeidsflate went after the login.
    async fn log_in_at(&mut self, page: &str, pid: &str) -> Option<String> {
        let (status, to_login, _) = self.get(page).await;
        assert_eq!(status, 303, "not logged in yet");
        let to_login = to_login.expect("to the login");
        assert!(to_login.starts_with("/arbeidsflate/login?next="), "{to_login}");
        let (status, authorize, _) = self.get(&to_login).await;
        assert_eq!(status, 303);
        let authorize = authorize.expect("to ID-porten");
        assert!(authorize.contains("/idporten/authorize?") && authorize.contains("code_challenge_method=S256"));
        let (_, _, form) = self.get(&authorize).await;
        assert!(form.contains("pid"), "the development login asks for the national identity number: {form}");
        let (status, callback, _) = self.get(&format!("{authorize}&pid={pid}")).await;
        assert_eq!(status, 302);
        let (status, next, body) = self.get(&callback.expect("back to the arbeidsflate")).await;
        assert_eq!(status, 303, "{body}");
        next
    }

    async fn log_in(&mut self, pid: &str) {
        let next = self.log_in_at("/arbeidsflate/", pid).await;
        assert!(next.as_deref().is_some_and(|n| n.starts_with("/arbeidsflate")), "{next:?}");
    }
}

/// A service owner's endpoint for a write action: answers 200 and keeps each request's head.
async fn service(seen: Arc<Mutex<Vec<String>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bound");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = vec![0_u8; 16 * 1024];
            let read = socket.read(&mut head).await.unwrap_or(0);
            seen.lock().expect("lock").push(String::from_utf8_lossy(&head[..read]).into_owned());
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
        }
    });
    format!("http://{address}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_logs_in_reads_their_dialogs_and_uses_an_action() {
    let server = spawn(Config::dev().with_end_user(EndUser {
        pid: PERSON.into(),
        name: Some("Ola Nordmann".into()),
        acts_for: vec![ActsFor { party: COMPANY.into(), name: Some("Digitaliseringsdirektoratet".into()) }],
        denied_actions: vec!["sign".into()],
    }))
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let service = service(Arc::clone(&seen)).await;
    let owner = Client::builder(Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a client");
    let action = |name: &str, priority, method, title: &str, url: String| {
        let mut action = CreateDialogGuiAction::new(name, priority, nb(title), url);
        action.http_method = Some(method);
        action
    };
    let body = CreateDialog::new(
        PERSON_URN,
        "urn:altinn:resource:dp-test",
        [nb("Søknad om barnehageplass"), en("Kindergarten application")],
    )
    .summary(nb("<script>alert('x')</script> **fet** <b>rå</b>"))
    .additional_info(dialogporten::types::ContentValue {
        media_type: Some("text/markdown".into()),
        ..dialogporten::types::ContentValue::from(nb(
            "Les **vilkårene** [her](https://example.no/v) <img src=x onerror=alert(1)>",
        ))
    })
    .gui_action(action(
        "read",
        DialogGuiActionPriority::Primary,
        HttpVerb::Get,
        "Åpne skjemaet",
        format!("{service}/skjema"),
    ))
    .gui_action(action(
        "write",
        DialogGuiActionPriority::Secondary,
        HttpVerb::Post,
        "Bekreft",
        format!("{service}/bekreft"),
    ))
    .gui_action(action(
        "read",
        DialogGuiActionPriority::Tertiary,
        HttpVerb::Get,
        "Skriv ut",
        format!("{service}/print"),
    ))
    .gui_action(action(
        "sign",
        DialogGuiActionPriority::Tertiary,
        HttpVerb::Post,
        "Signer",
        format!("{service}/sign"),
    ));
    let id = owner.create_dialog().body(body).created().await.expect("created").id;

    let mut browser = Browser::new(&server.base_url);
    browser.log_in(PERSON).await;

    // The list: the person's own dialogs first, unread until opened.
    let (status, _, list) = browser.get("/arbeidsflate/").await;
    assert_eq!(status, 200, "{list}");
    assert!(list.contains("Søknad om barnehageplass"), "{list}");
    assert!(list.contains(&format!(r#"class="unread" data-dialog="{id}""#)), "unread before it is opened: {list}");
    assert!(list.contains("Digitaliseringsdirektoratet"), "the parties to act for: {list}");
    assert!(!list.contains("<script>"), "untrusted text is escaped: {list}");
    let (_, _, english) = browser.get(&format!("/arbeidsflate/?party={PERSON_URN}&lang=en")).await;
    assert!(english.contains("Kindergarten application"), "{english}");
    let (_, _, archive) = browser.get(&format!("/arbeidsflate/?party={PERSON_URN}&view=archive")).await;
    assert!(!archive.contains("Søknad om barnehageplass"), "the archive view shows archived dialogs only");

    // One dialog: opening it is a sighting the service owner sees.
    let (status, _, page) = browser.get(&format!("/arbeidsflate/dialogs/{id}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt;") && !page.contains("<b>rå</b>"), "inert: {page}");
    assert!(
        page.contains("<strong>vilkårene</strong>") && page.contains(r#"<a href="https://example.no/v">her</a>"#),
        "markdown: {page}"
    );
    assert!(!page.contains("<img") && page.contains("&lt;img"), "raw HTML in markdown is text: {page}");
    let primary = page.find("Åpne skjemaet").expect("the primary action");
    let secondary = page.find("Bekreft").expect("the secondary action");
    let menu = page.find("<details").expect("a menu for the tertiary action");
    assert!(primary < secondary && secondary < menu && page[menu..].contains("Skriv ut"), "by priority: {page}");
    assert!(page.contains(&format!(r#"href="{service}/skjema""#)), "a GET action is a link: {page}");
    let sign = page.find("Signer").expect("the refused action is shown");
    assert!(page[..sign].rfind("<button").is_some_and(|b| page[b..sign].contains("disabled")), "disabled: {page}");
    let seen_log = owner.search_dialog_seen_logs().dialog_id(id).send().await.expect("the seen log").into_inner();
    assert_eq!(seen_log.len(), 1, "opening the dialog logged a sighting: {seen_log:?}");
    let (_, _, list) = browser.get("/arbeidsflate/").await;
    assert!(!list.contains(&format!(r#"class="unread" data-dialog="{id}""#)), "read now: {list}");

    // A write action: sent from the back channel with the dialog token, the dialog shown again.
    let bekreft = page[..secondary].rfind(" action=\"").map(|at| &page[at + 9..]).expect("a form");
    let target = bekreft[..bekreft.find('"').expect("quoted")].replace("&amp;", "&");
    let (status, _, after) = browser.send(reqwest::Method::POST, &target).await;
    assert_eq!(status, 200, "{after}");
    assert!(after.contains("Søknad om barnehageplass"), "the dialog again: {after}");
    let requests = seen.lock().expect("lock").clone();
    let sent = requests.iter().find(|r| r.starts_with("POST /bekreft")).expect("the service got the POST");
    let token = sent
        .lines()
        .find_map(|l| l.strip_prefix("authorization: Bearer ").or_else(|| l.strip_prefix("Authorization: Bearer ")))
        .expect("the dialog token")
        .trim()
        .to_owned();
    let verifier = DialogTokenVerifier::for_environment(&Environment::Local(server.base_url.clone()));
    let claims = verifier.verify(&token, &Requirements::for_dialog(id).action("write")).await;
    assert_eq!(claims.expect("a dialog token the SDK accepts, for this dialog and action").dialog_id, id);

    // Logged out, the pages ask for a login again, and come back to the page asked for.
    browser.get("/arbeidsflate/logout").await;
    let page = format!("/arbeidsflate/dialogs/{id}?lang=en");
    let next = browser.log_in_at(&page, PERSON).await;
    assert_eq!(next.as_deref(), Some(page.as_str()), "back to the dialog asked for");
    // A login that was told to go elsewhere afterwards stays in the arbeidsflate.
    let mut stranger = Browser::new(&server.base_url);
    for elsewhere in ["https://evil.example/", "//evil.example/arbeidsflate"] {
        let (_, authorize, _) = stranger.get(&format!("/arbeidsflate/login?next={elsewhere}")).await;
        let (_, callback, _) = stranger.get(&format!("{}&pid={PERSON}", authorize.expect("to ID-porten"))).await;
        let (_, next, _) = stranger.get(&callback.expect("back")).await;
        assert_eq!(next.as_deref(), Some("/arbeidsflate/"), "{elsewhere}");
    }
}

#[tokio::test]
async fn a_server_without_dev_serves_no_arbeidsflate() {
    let mut config = Config::dev();
    config.dev = false;
    let server = spawn(config).await;
    let mut browser = Browser::new(&server.base_url);
    let (status, _, _) = browser.get("/arbeidsflate/").await;
    assert_eq!(status, 404);
}
