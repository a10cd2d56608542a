//! Search: every orderBy pages through each matching dialog exactly once,
//! also while dialogs are being created, and the filters select what they say.

use std::collections::HashSet;

use chrono::{Duration, TimeZone, Utc};
use dialogporten::Client;
use dialogporten::enums::DialogStatus;
use dp_integration_tests::sandbox::{Sandbox, dialog, status};
use futures::TryStreamExt;
use serde_json::json;
use uuid::Uuid;

const ORDERS: [&str; 8] = [
    "createdAt_desc",
    "createdAt_asc",
    "updatedAt_desc",
    "updatedAt_asc",
    "contentUpdatedAt_desc",
    "contentUpdatedAt_asc",
    "dueAt_desc",
    "dueAt_asc",
];

/// 40 dialogs with many equal sort keys (ties are where paging goes wrong) and some without due dates.
async fn seed(sandbox: &Sandbox) -> Vec<Uuid> {
    let base = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let mut ids = Vec::new();
    for n in 0..40i64 {
        let mut body = dialog(&format!("Dialog {n}"));
        let created = base + Duration::hours(n / 4);
        body["createdAt"] = json!(created.to_rfc3339());
        body["updatedAt"] = json!((created + Duration::minutes(n % 3)).to_rfc3339());
        if n % 5 != 0 {
            body["dueAt"] = json!((Utc::now() + Duration::days(1 + n % 4)).to_rfc3339());
        }
        ids.push(sandbox.create(body).await.id);
    }
    ids
}

async fn all_ids(client: &Client, order: &str, limit: i32) -> Vec<Uuid> {
    let pages: Vec<_> = client
        .search_dialogs_pages(move |search| search.order_by(order).limit(limit))
        .try_collect()
        .await
        .expect("every page loads");
    pages.into_iter().flat_map(|p| p.items).map(|d| d.id).collect()
}

#[tokio::test]
async fn every_order_returns_each_dialog_exactly_once() {
    let sandbox = Sandbox::start().await;
    let ids = seed(&sandbox).await;
    let expected: HashSet<_> = ids.iter().copied().collect();
    for order in ORDERS {
        for limit in [1, 7, 40, 1000] {
            let seen = all_ids(&sandbox.client, order, limit).await;
            assert_eq!(seen.len(), ids.len(), "{order} limit {limit}: no duplicates, no gaps");
            assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), expected, "{order} limit {limit}");
        }
        let page = sandbox.client.search_dialogs().order_by(order).limit(5).send().await.unwrap().into_inner();
        // Upstream's OrderSet renders keys in lower case, then id (descending unless asked).
        assert_eq!(page.order_by, format!("{},id_desc", order.to_lowercase()));
        let items = page.items;
        let keys: Vec<_> = items
            .iter()
            .map(|d| match order.split('_').next().unwrap() {
                "createdAt" => Some(d.created_at),
                "updatedAt" => Some(d.updated_at),
                "contentUpdatedAt" => Some(d.content_updated_at),
                _ => d.due_at,
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if order.ends_with("desc") {
            sorted.reverse();
        }
        assert_eq!(keys, sorted, "{order} sorts its page");
    }
}

#[tokio::test]
async fn paging_stays_exact_while_dialogs_are_created() {
    let sandbox = Sandbox::start().await;
    let ids = seed(&sandbox).await;
    for order in ORDERS {
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut request = sandbox.client.search_dialogs().order_by(order).limit(6);
            if let Some(t) = &token {
                request = request.continuation_token(t.clone());
            }
            let page = request.send().await.unwrap().into_inner();
            seen.extend(page.items.into_iter().map(|d| d.id));
            sandbox.create(dialog("Ny underveis")).await;
            if !page.has_next_page {
                break;
            }
            token = page.continuation_token;
        }
        let unique: HashSet<_> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{order}: nothing twice");
        assert!(ids.iter().all(|id| unique.contains(id)), "{order}: every dialog that existed before was returned");
    }
}

#[tokio::test]
async fn filters_select_what_they_name() {
    let sandbox = Sandbox::start().await;
    let person = "urn:altinn:person:identifier-no:08844397713";
    let mut a = dialog("Byggesøknad for hytte");
    a["party"] = json!(person);
    a["status"] = json!("InProgress");
    a["externalReference"] = json!("ref-a");
    a["extendedStatus"] = json!("urn:ext:a");
    a["process"] = json!("urn:process:a");
    a["serviceOwnerContext"] = json!({"serviceOwnerLabels": [{"value": "migrated-2012"}, {"value": "batch-1"}]});
    let a = sandbox.create(a).await.id;
    let mut b = dialog("Skattemelding");
    b["serviceResource"] = json!("urn:altinn:resource:other");
    b["isApiOnly"] = json!(true);
    b["createdAt"] = json!("2020-01-01T00:00:00Z");
    let b = sandbox.create(b).await.id;
    let client = &sandbox.client;
    let ids = |page: dialogporten::types::PaginatedListOfDialogListItem| -> Vec<Uuid> {
        page.items.into_iter().map(|d| d.id).collect()
    };
    let search = || client.search_dialogs();
    assert_eq!(ids(search().party(vec![person.to_owned()]).send().await.unwrap().into_inner()), [a]);
    assert_eq!(ids(search().service_resource(["urn:altinn:resource:other"]).send().await.unwrap().into_inner()), [b]);
    assert_eq!(ids(search().status(vec![DialogStatus::InProgress]).send().await.unwrap().into_inner()), [a]);
    assert_eq!(ids(search().external_reference("ref-a").send().await.unwrap().into_inner()), [a]);
    assert_eq!(ids(search().extended_status(["urn:ext:a"]).send().await.unwrap().into_inner()), [a]);
    assert_eq!(ids(search().process("urn:process:a").send().await.unwrap().into_inner()), [a]);
    assert_eq!(ids(search().exclude_api_only(true).send().await.unwrap().into_inner()), [a]);
    assert_eq!(
        ids(search()
            .created_before(Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap())
            .send()
            .await
            .unwrap()
            .into_inner()),
        [b]
    );
    let labels = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        ids(search().service_owner_labels(labels(&["migrated-*", "BATCH-1"])).send().await.unwrap().into_inner()),
        [a]
    );
    assert!(
        ids(search().service_owner_labels(labels(&["migrated-*", "batch-2"])).send().await.unwrap().into_inner())
            .is_empty()
    );
    let free_text = search().end_user_id(person).party(vec![person.to_owned()]).search("hytte").send().await;
    assert_eq!(ids(free_text.unwrap().into_inner()), [a]);
    assert_eq!(status(search().search("hytte").send().await), 400, "search needs endUserId");
    assert_eq!(status(search().limit(0).send().await), 400);
    assert_eq!(status(search().order_by("title_asc").send().await), 400);
    assert_eq!(status(search().continuation_token("not-a-token").send().await), 400);
    let after = Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).unwrap();
    let before = Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap();
    assert_eq!(status(search().created_after(after).created_before(before).send().await), 400);
}

/// Search tags live apart from the dialog's document (as upstream's `DialogSearchTag` table): they
/// must still be found by `search` (without regard to case or language), shown by GET, kept by
/// writes that do not name them, and replaced by PUT and PATCH.
#[tokio::test]
async fn search_tags_are_found_kept_by_other_writes_and_replaced_by_put_and_patch() {
    let sandbox = Sandbox::start().await;
    let person = "urn:altinn:person:identifier-no:08844397713";
    let mut body = dialog("Melding");
    body["party"] = json!(person);
    body["searchTags"] = json!([{"value": "Fjellhytte"}, {"value": "Ærfugl"}]);
    let id = sandbox.create(body).await.id;
    let http = dialogporten::reqwest::Client::new();
    let dialog_url = sandbox.url(&format!("/api/v1/serviceowner/dialogs/{id}"));
    let found = |text: &'static str, language: Option<&'static str>| {
        let (http, url) = (http.clone(), sandbox.url("/api/v1/serviceowner/dialogs"));
        async move {
            let mut query = vec![("endUserId", person), ("party", person), ("search", text)];
            query.extend(language.map(|l| ("searchLanguageCode", l)));
            let page: serde_json::Value = http
                .get(url)
                .query(&query)
                .bearer_auth(dialogporten_server::DEV_TOKEN)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            page["items"].as_array().unwrap().len()
        }
    };
    let tags = || {
        let (http, url) = (http.clone(), dialog_url.clone());
        async move {
            let dialog: serde_json::Value =
                http.get(url).bearer_auth(dialogporten_server::DEV_TOKEN).send().await.unwrap().json().await.unwrap();
            dialog["searchTags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["value"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(found("FJELL", None).await, 1);
    assert_eq!(found("ærfugl", Some("en")).await, 1, "a tag has no language: it matches whichever is asked for");
    assert_eq!(found("melding", Some("en")).await, 0, "the title is Norwegian");
    assert_eq!(tags().await, ["Fjellhytte", "Ærfugl"]);

    let transmission = json!({"type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Vedtak"}]}}});
    let added = http
        .post(format!("{dialog_url}/transmissions"))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .json(&transmission)
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    assert_eq!(tags().await, ["Fjellhytte", "Ærfugl"], "a write that does not name them keeps them");
    assert_eq!(found("fjell", None).await, 1);

    let mut put: serde_json::Value =
        http.get(&dialog_url).bearer_auth(dialogporten_server::DEV_TOKEN).send().await.unwrap().json().await.unwrap();
    for member in ["transmissions", "activities"] {
        put[member] = json!([]);
    }
    put["searchTags"] = json!([{"value": "Naust"}]);
    let replaced = http.put(&dialog_url).bearer_auth(dialogporten_server::DEV_TOKEN).json(&put).send().await.unwrap();
    assert_eq!(replaced.status(), 204, "{}", replaced.text().await.unwrap());
    assert_eq!(tags().await, ["Naust"]);
    assert_eq!((found("fjell", None).await, found("naust", None).await), (0, 1));

    let patch = json!([{"op": "add", "path": "/searchTags/-", "value": {"value": "Båthus"}}]);
    let patched = http
        .patch(&dialog_url)
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .header("content-type", "application/json-patch+json")
        .body(patch.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 204, "{}", patched.text().await.unwrap());
    assert_eq!(tags().await, ["Naust", "Båthus"]);
    assert_eq!(found("båt", None).await, 1);
}
