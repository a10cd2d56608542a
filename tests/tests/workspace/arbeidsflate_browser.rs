//! The service owner's loop of issue "Local arbeidsflate", in a real browser (headless Chromium
//! through WebDriver): dp-server `--dev`, the SDK's example service (`sdk/examples/dialog_service.rs`)
//! and a person who logs in, reads, clicks and deletes. Screenshots of the list and of one dialog
//! are left in `target/screenshots/` (`UPDATE_SCREENSHOTS=1` also copies the dialog's to
//! `docs/images/`, where README.md shows it).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dialogporten::auth::StaticToken;
use dialogporten::bodies::{en, nb};
use dialogporten::enums::{DialogGuiActionPriority, HttpVerb};
use dialogporten::events::{EventQuery, EventType, EventsClient};
use dialogporten::types::{ContentValue, CreateDialog, CreateDialogGuiAction};
use dialogporten::{Client, Environment, RetryPolicy};
use dialogporten_server::{Config, DEV_TOKEN, EndUser};
use dp_integration_tests::browser::Chromium;
use dp_integration_tests::spawn;
use fantoccini::Locator;
use uuid::Uuid;

const PERSON: &str = "08844397713";
const PERSON_URN: &str = "urn:altinn:person:identifier-no:08844397713";
/// How long the browser may take to show what a step waits for.
const PATIENCE: Duration = Duration::from_secs(20);

/// The example service, stopped when dropped.
struct ExampleService(Child);

impl Drop for ExampleService {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the example service against `base_url`; returns it and the dialog it created.
async fn example_service(base_url: &str) -> (ExampleService, Uuid) {
    let mut child = Command::new(dp_integration_tests::example_binary("dialog_service"))
        .env_remove("DP_ENV")
        .env_remove("DP_CLIENT_ID")
        .env_remove("DP_PROFILE")
        .env("DP_BASE_URL", base_url)
        .env("DP_TOKEN", DEV_TOKEN)
        .env("DP_LISTEN", "127.0.0.1:0")
        .env("DP_PERSON", PERSON)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the example service starts");
    let stdout = child.stdout.take().expect("its stdout");
    let said = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("joined")
    .expect("its first line");
    // "dialog {id} created; open …"
    let id = said.split_whitespace().nth(1).and_then(|id| id.parse().ok());
    (ExampleService(child), id.unwrap_or_else(|| panic!("the example says which dialog it made: {said:?}")))
}

/// The text of the first element `css` finds, once there is one.
async fn text_of(browser: &Chromium, css: &str) -> String {
    let element = browser.client.wait().at_most(PATIENCE).for_element(Locator::Css(css)).await;
    element.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.expect("its text")
}

async fn click(browser: &Chromium, css: &str) {
    let element = browser.client.wait().at_most(PATIENCE).for_element(Locator::Css(css)).await;
    element.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

async fn count(browser: &Chromium, css: &str) -> usize {
    browser.client.find_all(Locator::Css(css)).await.expect("a query").len()
}

/// Waits until the browser is at an address `arrived` accepts (after a click that navigates).
async fn wait_for_url(browser: &Chromium, what: &str, arrived: impl Fn(&str, Option<&str>) -> bool) {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let url = browser.client.current_url().await.expect("the address");
        if arrived(url.path(), url.query()) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "never reached {what}; at {url}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits for the page at a path starting with `path`.
async fn wait_for_path(browser: &Chromium, path: &str) {
    wait_for_url(browser, path, |at, _| at.starts_with(path)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_walks_through_a_dialog_of_the_example_service_in_a_real_browser() {
    let Some(browser) = Chromium::start().await else { return };
    // The development token may send HTML (the legacy scope), to see it shown safely.
    let config = Config::dev().with_dev_scopes(&[dialogporten_server::auth::scopes::LEGACY_HTML]);
    let server = spawn(config.with_end_user(EndUser {
        pid: PERSON.into(),
        name: Some("Ola Nordmann".into()),
        acts_for: Vec::new(),
        denied_actions: vec!["sign".into()],
    }))
    .await;
    let base = server.base_url.clone();
    let owner = Client::builder(Environment::Local(base.clone()))
        .bearer_token(DEV_TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a client");
    // A dialog of another service, with untrusted texts and an action the person may not take.
    let hostile = CreateDialog::new(
        PERSON_URN,
        "urn:altinn:resource:dp-test",
        [nb("<script>window.pwned = 1</script> Skattemelding"), en("<script>window.pwned = 1</script> Tax return")],
    )
    .additional_info(ContentValue {
        media_type: Some("text/markdown".into()),
        ..ContentValue::from(nb("Se **fristen**. <b>rå</b> <img src=x onerror=\"window.pwned = 2\">"))
    })
    .gui_action(
        CreateDialogGuiAction::new("sign", DialogGuiActionPriority::Primary, nb("Signer"), "http://127.0.0.1:9/sign")
            .method(HttpVerb::Post),
    );
    let hostile = owner.create_dialog().body(hostile).created().await.expect("created").id;
    let legacy = CreateDialog::new(PERSON_URN, "urn:altinn:resource:dp-test", nb("Gammel melding")).additional_info(
        ContentValue {
            media_type: Some("text/html".into()),
            ..ContentValue::from(nb("<p>Hei <strong>fra</strong> Altinn 2.</p>"))
        },
    );
    let legacy = owner.create_dialog().body(legacy).created().await.expect("created").id;
    let (_service, id) = example_service(&base).await;

    // Login through the development ID-porten's form.
    browser.client.goto(&format!("{base}/arbeidsflate/")).await.expect("the arbeidsflate");
    let login = browser.client.wait().at_most(PATIENCE).for_element(Locator::Css("input[name=pid]")).await;
    login.expect("the login form").send_keys(PERSON).await.expect("typed");
    click(&browser, "form button").await;
    wait_for_path(&browser, "/arbeidsflate").await;

    // The list: both dialogs, the new one unread.
    let item = format!("li[data-dialog=\"{id}\"]");
    assert!(text_of(&browser, &item).await.contains("Søknad om byggetillatelse"));
    assert_eq!(count(&browser, &format!("li.unread[data-dialog=\"{id}\"]")).await, 1, "unread before it is opened");
    assert!(text_of(&browser, &format!("li[data-dialog=\"{hostile}\"]")).await.contains("<script>"), "shown as text");
    browser.screenshot("arbeidsflate-list").await;

    // One dialog: the embed fetched by the browser from the service with the dialog token.
    click(&browser, &format!("{item} a")).await;
    wait_for_path(&browser, &format!("/arbeidsflate/dialogs/{id}")).await;
    assert_eq!(text_of(&browser, "h1").await, "Søknad om byggetillatelse");
    let shown = browser.client.wait().at_most(PATIENCE).for_element(Locator::Css(".embed[data-state]")).await;
    let embed = shown.expect("the embed settles").text().await.expect("its text");
    assert!(embed.contains("Søknaden er ikke sendt inn ennå."), "the service's markdown, rendered: {embed}");
    assert_eq!(count(&browser, ".embed strong").await, 1, "its markdown is rendered");
    browser.screenshot("arbeidsflate-dialog").await;
    if std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        let docs = dp_integration_tests::repo_root().join("docs/images/arbeidsflate-dialog.png");
        std::fs::create_dir_all(docs.parent().expect("a folder")).expect("docs/images");
        std::fs::copy(dp_integration_tests::browser::screenshot_dir().join("arbeidsflate-dialog.png"), docs)
            .expect("copied");
    }

    // Opening it is a sighting: in the seen log and as an event, through the service-owner API.
    let seen = owner.search_dialog_seen_logs().dialog_id(id).send().await.expect("the seen log").into_inner();
    assert_eq!(seen.len(), 1, "one sighting: {seen:?}");
    let events = EventsClient::new(&base, std::sync::Arc::new(StaticToken::new(DEV_TOKEN)));
    let page = events
        .page(&EventQuery::new("urn:altinn:resource:my-service").event_type(EventType::DialogSeen).size(10))
        .await
        .expect("the events");
    assert!(
        page.events.iter().any(|e| e.resourceinstance.as_deref() == Some(&id.to_string())),
        "a dialogporten.dialog.seen.v1 for it: {:?}",
        page.events
    );

    // Actions by priority: the tertiary one in the menu, hidden until it is opened.
    let buttons = browser.client.find_all(Locator::Css(".actions > a, .actions > form button")).await.expect("actions");
    let mut titles = Vec::new();
    for button in &buttons {
        titles.push(button.text().await.expect("a title"));
    }
    assert_eq!(titles, ["Gå til søknaden", "Send inn"], "primary, then secondary");
    let withdraw = browser.client.find(Locator::Css("details.tertiary button")).await.expect("in the menu");
    assert!(!withdraw.is_displayed().await.expect("shown?"), "the menu is closed");

    // The primary action (GET) takes the browser to the service's page.
    click(&browser, ".actions a.primary").await;
    wait_for_url(&browser, "the service's page", |path, _| path == format!("/dialogs/{id}")).await;
    assert!(text_of(&browser, "h1").await.contains(&id.to_string()));
    browser.client.back().await.expect("back");
    wait_for_path(&browser, &format!("/arbeidsflate/dialogs/{id}")).await;

    // The secondary action (POST): sent with the dialog token to the service, which verifies it
    // and completes the dialog with a receipt; the page shows the dialog as it is now.
    click(&browser, ".actions button.secondary").await;
    let receipt = text_of(&browser, "li[data-transmission]").await;
    assert!(receipt.contains("Kvittering"), "the receipt: {receipt}");
    assert!(text_of(&browser, "p.meta").await.contains("completed"), "completed");
    let shown = browser.client.wait().at_most(PATIENCE).for_element(Locator::Css(".embed[data-state=shown]")).await;
    assert!(shown.expect("the embed").text().await.expect("text").contains("Søknaden er sendt inn."));

    // The language switch.
    click(&browser, "header a[href$=\"lang=en\"]").await;
    let english = browser.client.wait().at_most(PATIENCE);
    english
        .for_element(Locator::XPath("//h1[text()='Building permit application']"))
        .await
        .expect("the title in English");
    assert!(text_of(&browser, "li[data-transmission]").await.contains("Receipt"));

    // Delete: it asks first; no is no, yes sends it and the dialog goes to the bin.
    click(&browser, "details.tertiary summary").await;
    click(&browser, "details.tertiary button").await;
    let asked = browser.client.get_alert_text().await.expect("a question");
    assert!(asked.contains("Are you sure"), "{asked}");
    browser.client.dismiss_alert().await.expect("no");
    assert_eq!(count(&browser, "h1").await, 1, "still the dialog");
    click(&browser, "details.tertiary button").await;
    browser.client.accept_alert().await.expect("yes");
    wait_for_url(&browser, "the bin", |_, query| query.is_some_and(|q| q.contains("view=bin"))).await;
    assert!(text_of(&browser, &item).await.contains("Building permit application"), "in the bin");
    assert_eq!(count(&browser, &format!("li.unread[data-dialog=\"{id}\"]")).await, 0, "read");

    // The other dialog: untrusted texts inert, the refused action disabled, and it can be archived.
    browser.client.goto(&format!("{base}/arbeidsflate/dialogs/{hostile}?lang=nb")).await.expect("the dialog");
    assert!(text_of(&browser, "h1").await.starts_with("<script>"), "the title as text");
    assert_eq!(count(&browser, ".additional b, .additional img, .additional script").await, 0, "no raw HTML");
    assert!(text_of(&browser, ".additional").await.contains("<b>rå</b>"), "shown as text");
    let pwned = browser.client.execute("return window.pwned === undefined", Vec::new()).await.expect("a script");
    assert_eq!(pwned, serde_json::Value::Bool(true), "nothing of the dialog's ran");
    let sign = browser.client.find(Locator::Css(".actions button.primary")).await.expect("the refused action");
    assert!(!sign.is_enabled().await.expect("enabled?"), "disabled");
    click(&browser, "form.move button[formaction*=\"/move/archive\"]").await;
    assert_eq!(text_of(&browser, "p.done").await, "Archived.");
    browser.client.goto(&format!("{base}/arbeidsflate/?view=archive")).await.expect("the archive");
    assert_eq!(count(&browser, &format!("li[data-dialog=\"{hostile}\"]")).await, 1, "in the archive");

    // HTML (the legacy scope; the service allows a few tags) is shown in a frame where nothing
    // could run or load, should anything ever get past the service's rule.
    browser.client.goto(&format!("{base}/arbeidsflate/dialogs/{legacy}")).await.expect("the dialog");
    let frame = browser.client.wait().at_most(PATIENCE).for_element(Locator::Css(".additional iframe")).await;
    let frame = frame.expect("a frame");
    assert_eq!(frame.attr("sandbox").await.expect("an attribute").as_deref(), Some(""), "sandboxed, nothing allowed");
    frame.enter_frame().await.expect("into the frame");
    assert_eq!(text_of(&browser, "strong").await, "fra", "the HTML is shown");
    browser.client.enter_parent_frame().await.expect("back out");
    browser.close().await;
}
