//! Snapshots (snapbox) of what people read: tables, the detail view, errors
//! and every command family's help, kept in `tests/golden/`. Review a change
//! with `git diff cli/tests/golden`; rewrite them with
//! `SNAPSHOTS=overwrite cargo test -p dialogporten-cli --test cli golden`.

use crate::support::*;
use serde_json::{Value, json};

const ID: &str = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a5b";
const PARTY_WITHOUT_DIALOGS: &str = "urn:altinn:organization:identifier-no:991825827";
const SECOND: &str = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a5c";

fn fixed_dialog(id: &str, title: &str) -> Value {
    json!({
        "id": id,
        "serviceResource": "urn:altinn:resource:super-simple-service",
        "party": "urn:altinn:person:identifier-no:08844397713",
        "status": "InProgress",
        "progress": 40,
        "createdAt": "2024-07-01T08:00:00Z",
        "updatedAt": "2024-07-02T09:30:00Z",
        "dueAt": "2024-08-01T12:00:00Z",
        "externalReference": "case-123",
        "serviceOwnerContext": {"serviceOwnerLabels": [{"value": "batch-7"}]},
        "content": {
            "title": {"value": [{"languageCode": "nb", "value": title}, {"languageCode": "en", "value": "Application received"}]},
            "summary": {"value": [{"languageCode": "nb", "value": "Vi har mottatt søknaden din."}]}
        },
        "attachments": [{"id": "0190a0b1-2c3d-7e4f-8a9b-000000000001", "displayName": [{"languageCode": "nb", "value": "Kvittering"}],
            "urls": [{"id": "0190a0b1-2c3d-7e4f-8a9b-000000000002", "url": "https://example.com/receipt.pdf", "consumerType": "Gui"}]}],
        "guiActions": [{"id": "0190a0b1-2c3d-7e4f-8a9b-000000000003", "action": "read", "url": "https://example.com/case/123",
            "priority": "Primary", "title": [{"languageCode": "nb", "value": "Se saken"}]}],
        "transmissions": [{"id": "0190a0b1-2c3d-7e4f-8a9b-000000000004", "createdAt": "2024-07-01T08:05:00Z", "type": "Information",
            "sender": {"actorType": "ServiceOwner"}, "content": {"title": {"value": [{"languageCode": "nb", "value": "Kvittering sendt"}]}}}],
        "activities": [{"id": "0190a0b1-2c3d-7e4f-8a9b-000000000005", "createdAt": "2024-07-01T08:00:00Z", "type": "DialogCreated",
            "performedBy": {"actorType": "ServiceOwner"}}]
    })
}

fn create(server: &Running, body: Value) {
    let output =
        dp_at(server).args(["dialog", "create", "--silent", "-f", "-"]).write_stdin(body.to_string()).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_detail_and_errors() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    create(&server, fixed_dialog(ID, "Søknad mottatt"));
    let mut second = fixed_dialog(SECOND, "Søknad om tilskudd til et veldig langt prosjektnavn");
    second["createdAt"] = json!("2024-07-03T08:00:00Z");
    second["updatedAt"] = json!("2024-07-03T08:00:00Z");
    for list in ["attachments", "guiActions", "transmissions", "activities"] {
        second[list] = json!([]);
    }
    create(&server, second);

    let table = dp_at(&server).args(["dialog", "list", "-o", "table", "--order-by", "createdAt_asc"]).output().unwrap();
    golden("dialog-list.table.txt", &String::from_utf8_lossy(&table.stdout));
    // Nothing found: said in words on stderr, nothing on stdout.
    let empty =
        dp_at(&server).args(["dialog", "list", "-o", "table", "--party", PARTY_WITHOUT_DIALOGS]).output().unwrap();
    assert!(empty.status.success());
    golden(
        "dialog-list.empty.txt",
        &format!(
            "stdout:\n{}stderr:\n{}",
            String::from_utf8_lossy(&empty.stdout),
            String::from_utf8_lossy(&empty.stderr)
        ),
    );

    let json: Value =
        serde_json::from_slice(&dp_at(&server).args(["dialog", "get", ID, "-o", "json"]).output().unwrap().stdout)
            .unwrap();
    let revision = json["revision"].as_str().unwrap().to_owned();
    let detail = dp_at(&server).args(["dialog", "get", ID, "-o", "table"]).output().unwrap();
    golden("dialog-get.detail.txt", &String::from_utf8_lossy(&detail.stdout).replace(&revision, "<revision>"));
    // -o tsv (and a pipe): `field<TAB>value` rows, values whole.
    let tsv = dp_at(&server).args(["dialog", "get", ID, "-o", "tsv"]).output().unwrap();
    let tsv = String::from_utf8_lossy(&tsv.stdout).into_owned();
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 2 && !r[0].starts_with(' ')), "{tsv}");
    assert!(rows.contains(&vec!["Status", "InProgress (40%)"]), "{tsv}");
    assert!(rows.iter().any(|r| r[0] == "2024-07-01 08:05:00 UTC" && r[1].starts_with("transmission")), "{tsv}");

    let yaml = dp_at(&server).args(["dialog", "activity", "list", ID, "-o", "yaml"]).output().unwrap();
    golden("activity-list.yaml.txt", &String::from_utf8_lossy(&yaml.stdout));

    let invalid = dp_at(&server)
        .args(["dialog", "create", "--party", "urn:altinn:organization:identifier-no:991825828", "--progress", "101"])
        .args(["--title", "no=Hei"])
        .output()
        .unwrap();
    golden("create-invalid.stderr.txt", &String::from_utf8_lossy(&invalid.stderr));

    let missing = dp_at(&server).args(["dialog", "get", "0190a0b1-2c3d-7e4f-8a9b-ffffffffffff"]).output().unwrap();
    golden("get-missing.stderr.txt", &String::from_utf8_lossy(&missing.stderr));
}

/// Tables fit any terminal: no row is wider than it, ids are cut in the middle (both ends stay
/// readable), times and statuses are never cut, and text takes what is left. One golden file per
/// command holds it at 60, 80, 120 and 200 columns; ids and times made at run time are masked
/// character for character, so the layout shows as it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_fit_every_width() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let mut body = fixed_dialog(ID, "Søknad om tilskudd til et veldig langt prosjektnavn");
    // Not silent (so it makes events), so no due date in the past.
    body.as_object_mut().unwrap().remove("dueAt");
    let created = dp_at(&server).args(["dialog", "create", "-f", "-"]).write_stdin(body.to_string()).output().unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let mut second = fixed_dialog(SECOND, "Søknad mottatt");
    for list in ["attachments", "guiActions", "transmissions", "activities"] {
        second[list] = json!([]);
    }
    create(&server, second);
    let person = "urn:altinn:person:identifier-no:08844397713";
    let seen = format!("/api/v1/serviceowner/dialogs/{ID}?endUserId={person}");
    assert!(dp_at(&server).args(["api", "GET", &seen]).output().unwrap().status.success());
    let home = Home::new();
    let made_now = regex::Regex::new(r"\b[0-9a-f]{6,8}[-…][0-9a-f…-]*").unwrap();
    let time = regex::Regex::new(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC").unwrap();
    let mask = |text: &str| {
        let text = made_now.replace_all(text, |found: &regex::Captures<'_>| {
            let found = &found[0];
            if found.starts_with("0190a0") {
                found.to_owned()
            } else {
                found.replace(|c: char| c.is_ascii_hexdigit(), "x")
            }
        });
        time.replace_all(&text, "YYYY-MM-DD HH:MM:SS UTC").into_owned()
    };
    for (name, args) in [
        ("dialog-list.widths.txt", vec!["dialog", "list", "--order-by", "createdAt_asc"]),
        ("seenlog-list.widths.txt", vec!["dialog", "seenlog", "list", ID]),
        ("events-tail.widths.txt", vec!["events", "tail", "-r", "super-simple-service"]),
    ] {
        let mut shown = String::new();
        for width in [60, 80, 120, 200] {
            // A tail goes on from where the last one stopped: each width starts from the beginning.
            let state = home.path(&format!("tail-{width}.json")).display().to_string();
            let mut args = args.clone();
            if name.starts_with("events") {
                args.extend(["--state", &state]);
            }
            let output =
                dp_at(&server).env("COLUMNS", width.to_string()).args(&args).args(["-o", "table"]).output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            let text = String::from_utf8_lossy(&output.stdout).into_owned();
            for line in text.lines() {
                let used = unicode_width::UnicodeWidthStr::width(line);
                assert!(used <= width, "{name} at {width} columns: a row of {used}:\n{text}");
            }
            shown.push_str(&format!("== {width} columns\n{}", mask(&text)));
        }
        golden(name, &shown);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_table_and_show() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let mut body = fixed_dialog(ID, "Søknad mottatt");
    body["process"] = json!("urn:altinn:process:application");
    // Not silent (so it makes events), so no due date in the past.
    body.as_object_mut().unwrap().remove("dueAt");
    let output = dp_at(&server).args(["dialog", "create", "-f", "-"]).write_stdin(body.to_string()).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let listed = dp_at(&server).args(["events", "list", "-r", "super-simple-service", "-o", "json"]).output().unwrap();
    let events: Value = serde_json::from_slice(&listed.stdout).unwrap();
    // Event ids and times are new on every run: stable placeholders of the same width keep the columns.
    let stable = |text: &str| {
        let mut text = text.replace(&server.base_url, "http://<server>");
        for (n, event) in events.as_array().unwrap().iter().enumerate() {
            text = text.replace(event["id"].as_str().unwrap(), &format!("<event {n}>"));
            let time: chrono::DateTime<chrono::Utc> = event["time"].as_str().unwrap().parse().unwrap();
            text = text.replace(&time.format("%Y-%m-%d %H:%M:%S UTC").to_string(), "YYYY-MM-DD HH:MM:SS UTC");
            text = text.replace(event["time"].as_str().unwrap(), "<time>");
        }
        text
    };
    // A wide terminal: nothing is cut, so the placeholders replace whole ids.
    let table = dp_at(&server)
        .env("COLUMNS", "220")
        .args(["events", "list", "-r", "super-simple-service", "-o", "table"])
        .output()
        .unwrap();
    golden("events-list.table.txt", &stable(&String::from_utf8_lossy(&table.stdout)));
    let activity_event = events[1]["id"].as_str().unwrap();
    let shown = dp_at(&server).args(["events", "show", activity_event, "-r", "super-simple-service"]).output().unwrap();
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let revision = serde_json::from_slice::<Value>(
        &dp_at(&server).args(["dialog", "get", ID, "-o", "json"]).output().unwrap().stdout,
    )
    .unwrap()["revision"]
        .as_str()
        .unwrap()
        .to_owned();
    let readable = stable(&String::from_utf8_lossy(&shown.stdout)).replace(&revision, "<revision>");
    golden("events-show.txt", &readable);
}

#[test]
fn help_of_every_command_family() {
    let families: [&[&str]; 19] = [
        &["events"],
        &["events", "tail"],
        &["events", "listen"],
        &["migrate"],
        &["migrate", "import"],
        &["auth"],
        &["profile"],
        &[],
        &["dialog"],
        &["dialog", "create"],
        &["dialog", "list"],
        &["dialog", "patch"],
        &["dialog", "activity"],
        &["dialog", "transmission"],
        &["dialog", "label"],
        &["dialog", "system-label"],
        &["dialog", "seenlog"],
        &["api"],
        &["completions"],
    ];
    for family in families {
        let output = dp().args(family.iter().copied()).arg("--help").output().unwrap();
        assert!(output.status.success());
        let name = if family.is_empty() { "dp".to_owned() } else { format!("dp-{}", family.join("-")) };
        golden(&format!("{name}.help.txt"), &String::from_utf8_lossy(&output.stdout));
    }
}

/// Each message a person acts on, as dp prints it: what is wrong and what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_a_person_can_act_on() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    create(&server, fixed_dialog(ID, "Søknad mottatt"));
    let stale = "0190a0b1-2c3d-7e4f-8a9b-000000000099";
    let config = std::env::temp_dir().join(format!("dp-golden-messages-{}", std::process::id()));
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[profiles.tt02]\nenv = \"tt02\"\nclient_id = \"my-client\"\n").unwrap();
    let runs: [(&str, Vec<&str>, bool); 9] = [
        ("--jq with a syntax error", vec!["--jq", ".[] | select(.status ==", "dialog", "list"], false),
        ("--jq with an unknown filter", vec!["--jq", ".[] | nosuchfilter", "dialog", "list"], false),
        ("a time that is not one", vec!["dialog", "list", "--updated-after", "yesterday"], false),
        ("--limit 0", vec!["dialog", "list", "--limit", "0"], false),
        ("401", vec!["--token", "expired-token", "dialog", "list"], false),
        ("403 naming the scope", vec!["dialog", "freeze", ID], true),
        ("412", vec!["dialog", "delete", ID, "--if-match", stale], true),
        ("--env nonsense", vec!["--env", "nonsense", "dialog", "list"], false),
        ("profile show --profile", vec!["--profile", "tt02", "profile", "show"], false),
    ];
    let mut shown = String::new();
    for (what, args, as_owner) in runs {
        let mut command = dp();
        command.env("DP_CONFIG_DIR", &config).env("DP_SECRET_STORE", "file");
        if as_owner || !args.contains(&"--token") {
            command.args(["--base-url", &server.base_url, "--token", DEV_TOKEN]);
        } else {
            command.args(["--base-url", &server.base_url]);
        }
        let output = command.args(&args).output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        shown.push_str(&format!("$ dp {}   # {what}, exit {:?}\n{text}\n", args.join(" "), output.status.code()));
    }
    let _ = std::fs::remove_dir_all(&config);
    golden(
        "messages.txt",
        &shown.replace(&server.base_url, "http://<server>").replace(&config.display().to_string(), "<config>"),
    );
}
