//! The end-user API v1 against dp-server: each of the 16 operations of upstream's end-user contract
//! (`../shared/upstream/openapi.v1.enduser.verified.json`), with an ID-porten token from dp-server's
//! development ID-porten, every answer checked against the contract's schema.
//! Upstream: `Features/V1/EndUser/Dialogs/Queries/Get/GetDialogQuery.cs` (visibility, seen log,
//! dialog token, authorisation of actions), `.../Search/SearchDialogQueryValidator.cs`,
//! `DialogEndUserContext.cs` (label log), `DialogSeenLogWriter.cs`.

use dialogporten::Environment;
use dialogporten::dialog_token::{DialogTokenVerifier, Requirements};
use dialogporten::reqwest::Method;
use dialogporten_server::{ActsFor, Config, EndUser};
use dp_integration_tests::conformance::{Answer, Dp, dialog};
use dp_integration_tests::contract_check::{find_operation, validate};
use serde_json::{Value, json};
use uuid::Uuid;

const PERSON: &str = "08844397713";
const PERSON_URN: &str = "urn:altinn:person:identifier-no:08844397713";
const COMPANY: &str = "urn:altinn:organization:identifier-no:991825827";
const STRANGER: &str = "urn:altinn:organization:identifier-no:974760673";
const EU: &str = "/api/v1/enduser";

/// A person acting for the company, refused `write`.
async fn server() -> Dp {
    Dp::with(Config::dev().with_end_user(EndUser {
        pid: PERSON.into(),
        name: Some("Ola Nordmann".into()),
        acts_for: vec![ActsFor { party: COMPANY.into(), name: Some("Digitaliseringsdirektoratet".into()) }],
        denied_actions: vec!["write".into()],
    }))
    .await
}

/// An end user's access token (the development ID-porten's PKCE flow).
async fn login(dp: &Dp, pid: &str) -> String {
    dp_integration_tests::conformance::end_user_token(dp, pid).await
}

/// Checks answers against the end-user contract and says which operations were exercised.
struct Contract {
    spec: Value,
    /// dp's own end-user contract (`openapi.enduser.json`), which also says which members are always there.
    ours: Value,
    seen: std::collections::BTreeSet<String>,
    problems: Vec<String>,
}

impl Contract {
    fn load() -> Option<Self> {
        let dir = dp_integration_tests::upstream_dir()?;
        let spec = dp_integration_tests::read_json(&dir.join("openapi.v1.enduser.verified.json"));
        let ours = dp_integration_tests::read_json(&dp_integration_tests::repo_root().join("openapi.enduser.json"));
        Some(Self { spec, ours, seen: Default::default(), problems: Vec::new() })
    }

    fn check(&mut self, method: &Method, path: &str, answer: &Answer) {
        let bare = path.split('?').next().unwrap_or_default();
        let Some((id, operation)) = find_operation(&self.spec, method, bare) else {
            self.problems.push(format!("{method} {bare} is no operation of the end-user contract"));
            return;
        };
        let status = answer.status.to_string();
        // Upstream answers a failed validation with 400 everywhere, though its end-user contract
        // leaves 400 out for SearchDialogs (as its service-owner contract did; see docs/openapi.md).
        let undeclared_validation = answer.status == 400 && id == "SearchDialogs";
        let Some(declared) = operation["responses"].get(&status).or(undeclared_validation.then_some(&Value::Null))
        else {
            self.problems.push(format!("{id}: status {status} is not declared"));
            return;
        };
        self.seen.insert(id.clone());
        if let Some(schema) = declared["content"].as_object().and_then(|c| c.values().next()).map(|c| &c["schema"])
            && answer.status < 300
        {
            let mut errors = Vec::new();
            validate(&self.spec, schema, &answer.body, "$", &mut errors);
            self.problems.extend(errors.into_iter().map(|e| format!("{id}: {e}")));
        }
        if answer.status < 300
            && let Some((_, ours)) = find_operation(&self.ours, method, bare)
            && let Some(schema) = ours["responses"][&status]["content"]["application/json"].get("schema")
        {
            let mut errors = Vec::new();
            validate(&self.ours, schema, &answer.body, "$", &mut errors);
            self.problems.extend(errors.into_iter().map(|e| format!("{id} (openapi.enduser.json): {e}")));
        }
    }
}

async fn call(
    dp: &Dp,
    token: &str,
    contract: &mut Contract,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Answer {
    let answer = dp.as_token(token).send(method.clone(), path, body).await;
    contract.check(&method, path, &answer);
    answer
}

#[tokio::test]
async fn every_end_user_operation_answers_as_upstreams_contract_declares() {
    let Some(mut contract) = Contract::load() else { return };
    let dp = server().await;
    let token = login(&dp, PERSON).await;
    let mut body = dialog();
    body["content"]["title"]["value"] =
        json!([{"languageCode": "nb", "value": "Søknad"}, {"languageCode": "en", "value": "Application"}]);
    body["guiActions"] = json!([
        {"action": "read", "url": "https://example.com/open", "priority": "Primary",
         "title": [{"languageCode": "nb", "value": "Åpne"}]},
        {"action": "write", "url": "https://example.com/sign", "priority": "Secondary",
         "title": [{"languageCode": "nb", "value": "Signer"}]}
    ]);
    body["apiActions"] =
        json!([{"action": "write", "endpoints": [{"url": "https://example.com/api", "httpMethod": "POST"}]}]);
    body["serviceOwnerContext"] = json!({"serviceOwnerLabels": [{"value": "urn:altinn:integration:storage:50001337/3f8d0f86-5d5a-4c42-9a2d-52b2f4b6b3c1"}]});
    let transmission = Uuid::now_v7();
    body["transmissions"] = json!([dp_integration_tests::conformance::transmission(transmission, None)]);
    let activity = Uuid::now_v7();
    body["activities"] = json!([{"id": activity, "type": "Information", "performedBy": {"actorType": "ServiceOwner"},
        "description": [{"languageCode": "nb", "value": "Mottatt"}]}]);
    let id = dp.created(&body).await;
    let mut hidden = dialog();
    hidden["visibleFrom"] = json!("2099-01-01T00:00:00Z");
    let hidden = dp.created(&hidden).await;
    let mut other = dialog();
    other["party"] = json!(STRANGER);
    let not_theirs = dp.created(&other).await;

    // GetParties: the person, then whom they act for.
    let parties = call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/parties"), None).await;
    assert_eq!(parties.status, 200);
    let listed: Vec<&str> =
        parties.body["authorizedParties"].as_array().unwrap().iter().map(|p| p["party"].as_str().unwrap()).collect();
    assert_eq!(listed, [PERSON_URN, COMPANY]);
    assert_eq!(parties.body["authorizedParties"][0]["isCurrentEndUser"], true);

    // SearchAuthorizedServiceResources
    let resources = call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/serviceresources"), None).await;
    assert_eq!(resources.status, 200);
    assert_eq!(resources.body["items"][0]["serviceResource"]["id"], "urn:altinn:resource:dp-test");

    // SearchDialogs: a party or a resource is required; only what the person may see comes back.
    let refused = call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/dialogs"), None).await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    let page = call(
        &dp,
        &token,
        &mut contract,
        Method::GET,
        &format!("{EU}/dialogs?serviceResource=urn:altinn:resource:dp-test&limit=1"),
        None,
    )
    .await;
    assert_eq!((page.status, page.body["hasNextPage"].as_bool()), (200, Some(false)), "{}", page.body);
    assert_eq!(page.body["items"][0]["id"], json!(id), "not the hidden one, nor another party's");
    let search = format!("{EU}/dialogs?party={STRANGER}");
    let none = call(&dp, &token, &mut contract, Method::GET, &search, None).await;
    assert_eq!(none.body["items"], json!([]), "a party they do not act for shows nothing");

    // GetDialog: what the citizen sees, a dialog token, a seen-log entry.
    let got = dp
        .as_token(&token)
        .send_with(Method::GET, &format!("{EU}/dialogs/{id}"), None, &[("accept-language", "en")])
        .await;
    contract.check(&Method::GET, &format!("{EU}/dialogs/{id}"), &got);
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.body["content"]["title"]["value"], json!([{"languageCode": "en", "value": "Application"}]));
    assert_eq!(got.body["guiActions"][0]["isAuthorized"], true);
    assert_eq!(got.body["guiActions"][1]["isAuthorized"], false, "write is refused this person");
    assert_eq!(got.body["guiActions"][1]["url"], "urn:dialogporten:unauthorized");
    assert_eq!(got.body["apiActions"][0]["endpoints"][0]["url"], "urn:dialogporten:unauthorized");
    assert!(got.body.get("serviceOwnerContext").is_none() && got.body.get("visibleFrom").is_none());
    assert_eq!(got.body["seenSinceLastUpdate"][0]["isCurrentEndUser"], true);
    let dialog_token = got.body["dialogToken"].as_str().expect("a dialog token");
    let verifier = DialogTokenVerifier::for_environment(&Environment::Local(dp.server.base_url.clone()));
    let claims = verifier.verify(dialog_token, &Requirements::for_dialog(id).action("read")).await.expect("valid");
    assert_eq!((claims.authenticated_party.as_str(), claims.party.as_str(), claims.level), (PERSON_URN, COMPANY, 3));
    assert_eq!(claims.actions, "read", "write is refused, so only read is granted");
    assert!(
        verifier.verify(dialog_token, &Requirements::for_dialog(id).action("write")).await.is_err(),
        "the token does not grant what the person may not do"
    );
    for (wanted, status) in [(hidden, 404), (not_theirs, 403), (Uuid::now_v7(), 404)] {
        let answer = call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/dialogs/{wanted}"), None).await;
        assert_eq!(answer.status, status, "{wanted}: {}", answer.body);
    }

    // SearchDialogActivities, GetDialogActivity
    let activities =
        call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/dialogs/{id}/activities"), None).await;
    assert_eq!(activities.body[0]["id"], json!(activity));
    let one = format!("{EU}/dialogs/{id}/activities/{activity}");
    assert_eq!(
        call(&dp, &token, &mut contract, Method::GET, &one, None).await.body["performedBy"]["actorType"],
        "ServiceOwner"
    );

    // SearchDialogTransmissions, GetDialogTransmission
    let transmissions =
        call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/dialogs/{id}/transmissions"), None).await;
    assert_eq!(
        (transmissions.body[0]["id"].clone(), transmissions.body[0]["isAuthorized"].clone()),
        (json!(transmission), json!(true))
    );
    let one = format!("{EU}/dialogs/{id}/transmissions/{transmission}");
    assert_eq!(call(&dp, &token, &mut contract, Method::GET, &one, None).await.status, 200);

    // SearchDialogSeenLogs, GetDialogSeenLog: the one entry GetDialog logged.
    let seen = call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/dialogs/{id}/seenlog"), None).await;
    let entries = seen.body.as_array().expect("a list");
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0]["isViaServiceOwner"].clone(), entries[0]["isCurrentEndUser"].clone()),
        (json!(false), json!(true))
    );
    let entry = format!("{EU}/dialogs/{id}/seenlog/{}", entries[0]["id"].as_str().unwrap());
    assert_eq!(call(&dp, &token, &mut contract, Method::GET, &entry, None).await.status, 200);

    // SetDialogSystemLabels (with the end-user context's revision), BulkSetDialogSystemLabels,
    // SearchDialogLabelAssignmentLogs
    let labels = format!("{EU}/dialogs/{id}/context/systemlabels");
    let stale_revision = Uuid::now_v7().to_string();
    let stale = dp
        .as_token(&token)
        .send_with(Method::PUT, &labels, Some(&json!({"addLabels": ["Archive"]})), &[("if-match", &stale_revision)])
        .await;
    assert_eq!(stale.status, 412);
    let set = call(&dp, &token, &mut contract, Method::PUT, &labels, Some(&json!({"addLabels": ["Archive"]}))).await;
    assert_eq!(set.status, 204, "{}", set.body);
    let bulk = json!({"dialogs": [{"dialogId": id}], "addLabels": ["Bin"]});
    let bulk_path = format!("{EU}/dialogs/context/systemlabels/actions/bulkset");
    assert_eq!(call(&dp, &token, &mut contract, Method::POST, &bulk_path, Some(&bulk)).await.status, 204);
    let forbidden = json!({"dialogs": [{"dialogId": not_theirs}], "addLabels": ["Bin"]});
    assert_eq!(call(&dp, &token, &mut contract, Method::POST, &bulk_path, Some(&forbidden)).await.status, 403);
    let log = call(&dp, &token, &mut contract, Method::GET, &format!("{EU}/dialogs/{id}/context/labellog"), None).await;
    let actions: Vec<(String, String)> = log
        .body
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["name"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        actions,
        [
            ("set".to_owned(), "systemlabel:Archive".to_owned()),
            ("set".to_owned(), "systemlabel:Bin".to_owned()),
            ("remove".to_owned(), "systemlabel:Archive".to_owned())
        ]
    );
    assert_eq!(log.body[0]["performedBy"]["actorId"], PERSON_URN);

    // GetDialogLookup: by the Altinn instance the service owner's label names.
    let lookup =
        format!("{EU}/dialoglookup?instanceRef=urn:altinn:instance-id:50001337/3f8d0f86-5d5a-4c42-9a2d-52b2f4b6b3c1");
    let found = call(&dp, &token, &mut contract, Method::GET, &lookup, None).await;
    assert_eq!((found.status, found.body["dialogId"].clone()), (200, json!(id)), "{}", found.body);
    let lookup = format!("{EU}/dialoglookup?instanceRef=urn:altinn:dialog-id:{not_theirs}");
    assert_eq!(call(&dp, &token, &mut contract, Method::GET, &lookup, None).await.status, 404);

    // GetLimits, GetServiceResourceMetadata (anonymous in the contract, shared with service owners).
    assert_eq!(call(&dp, &token, &mut contract, Method::GET, "/api/v1/metadata/limits", None).await.status, 200);
    assert_eq!(
        call(&dp, &token, &mut contract, Method::GET, "/api/v1/metadata/serviceresources", None).await.status,
        200
    );

    // A service owner's token is not an end user's.
    let service_owner = dp.send(Method::GET, &format!("{EU}/parties"), None).await;
    assert_eq!(service_owner.status, 401);

    let operations = dp_integration_tests::operations(&contract.spec);
    let missing: Vec<&String> =
        operations.iter().map(|(_, _, id)| id).filter(|id| !contract.seen.contains(*id)).collect();
    assert_eq!(operations.len(), 16);
    assert!(missing.is_empty(), "not exercised: {missing:?}");
    assert!(contract.problems.is_empty(), "{:#?}", contract.problems);
}

#[tokio::test]
async fn the_service_owner_sees_the_end_users_sighting_in_the_seen_log_and_as_an_event() {
    let dp = server().await;
    let token = login(&dp, PERSON).await;
    let id = dp.created(&dialog()).await;
    let first = dp.as_token(&token).send(Method::GET, &format!("{EU}/dialogs/{id}"), None).await;
    assert_eq!(first.status, 200);
    let again = dp.as_token(&token).send(Method::GET, &format!("{EU}/dialogs/{id}"), None).await;
    assert_eq!(again.status, 200);
    let log = dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}/seenlog"), None).await;
    let entries = log.body.as_array().expect("a list");
    assert_eq!(entries.len(), 1, "seen once until the dialog changes: {entries:?}");
    assert_eq!(entries[0]["seenBy"]["actorId"], PERSON_URN);
    assert_eq!(entries[0]["isViaServiceOwner"], false);
    let events = dp
        .send(
            Method::GET,
            &format!("/events/api/v1/events?resource=urn:altinn:resource:dp-test&after=0&subject={COMPANY}"),
            None,
        )
        .await;
    let types: Vec<&str> = events.body.as_array().into_iter().flatten().filter_map(|e| e["type"].as_str()).collect();
    assert!(types.contains(&"dialogporten.dialog.seen.v1"), "{types:?}");
    let seen = events.body.as_array().unwrap().iter().find(|e| e["type"] == "dialogporten.dialog.seen.v1").unwrap();
    assert_eq!(seen["source"], format!("{}/api/v1/enduser/dialogs/{id}", dp.server.base_url));
    // The source every event names answers now, for the end user.
    let source = seen["source"].as_str().unwrap().trim_start_matches(&dp.server.base_url).to_owned();
    assert_eq!(dp.as_token(&token).send(Method::GET, &source, None).await.status, 200);
}

/// The SDK's generated end-user client against dp-server: typed answers, the same transport and
/// the same [`dialogporten::Error`] as the service owners' client.
#[tokio::test]
async fn the_sdk_end_user_client_reads_and_labels_as_the_person() {
    use dialogporten::enduser::types::{BulkSetSystemLabel, DialogRevision, SetDialogSystemLabelRequest};
    use dialogporten::enums::SystemLabel;
    use dialogporten::{Client, ErrorKind};

    let dp = server().await;
    let token = login(&dp, PERSON).await;
    let mut body = dialog();
    body["content"]["title"]["value"] =
        json!([{"languageCode": "nb", "value": "Søknad"}, {"languageCode": "en", "value": "Application"}]);
    body["guiActions"] = json!([{"action": "write", "url": "https://example.com/sign", "priority": "Primary", "title": [{"languageCode": "nb", "value": "Signer"}]}]);
    let id = dp.created(&body).await;
    let inbox = Client::builder(Environment::Local(dp.server.base_url.clone()))
        .bearer_token(token)
        .build_end_user()
        .expect("a client");

    let parties =
        inbox.get_parties().send().await.expect("parties").into_inner().authorized_parties.unwrap_or_default();
    let urns: Vec<String> = parties.iter().map(|p| p.party.clone()).collect();
    assert_eq!(urns, [PERSON_URN, COMPANY]);
    let page = inbox.search_dialogs().party(urns).send().await.expect("a page").into_inner();
    assert!(!page.has_next_page);
    let items = page.items.unwrap_or_default();
    assert_eq!(items.iter().map(|d| d.id).collect::<Vec<_>>(), [id]);

    let got = inbox.get_dialog().dialog_id(id).accept_language("en").send().await.expect("the dialog").into_inner();
    assert_eq!(got.content.title.value.unwrap_or_default()[0].value, "Application");
    assert!(!got.gui_actions.unwrap_or_default()[0].is_authorized, "write is refused this person");
    let verifier = DialogTokenVerifier::for_environment(inbox.environment());
    let claims = verifier
        .verify(got.dialog_token.as_deref().expect("a token"), &Requirements::for_dialog(id))
        .await
        .expect("the token verifies");
    assert_eq!(claims.party, COMPANY);

    let labels = SetDialogSystemLabelRequest { add_labels: Some(vec![SystemLabel::Archive]), ..Default::default() };
    let stale = inbox
        .set_dialog_system_labels()
        .dialog_id(id)
        .if_match(Uuid::now_v7())
        .body(labels.clone())
        .send()
        .await
        .expect_err("a stale revision");
    assert_eq!(stale.kind(), Some(ErrorKind::PreconditionFailed));
    inbox
        .set_dialog_system_labels()
        .dialog_id(id)
        .if_match(got.end_user_context.revision)
        .body(labels)
        .send()
        .await
        .expect("labelled");
    let mut bulk = BulkSetSystemLabel::new(vec![DialogRevision::new(id)]);
    bulk.add_labels = Some(vec![SystemLabel::Bin]);
    inbox.bulk_set_dialog_system_labels().body(bulk).send().await.expect("bulk labelled");
    let log = inbox.search_dialog_label_assignment_logs().dialog_id(id).send().await.expect("the log").into_inner();
    assert_eq!(
        log.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        ["systemlabel:Archive", "systemlabel:Bin", "systemlabel:Archive"]
    );

    let missing = inbox.get_dialog().dialog_id(Uuid::now_v7()).send().await.expect_err("no such dialog");
    assert_eq!(missing.kind(), Some(ErrorKind::NotFound));
    let service_owner = Client::builder(Environment::Local(dp.server.base_url.clone()))
        .bearer_token(dialogporten_server::DEV_TOKEN)
        .build_end_user()
        .expect("a client");
    let refused = service_owner.get_parties().send().await.expect_err("not a person's token");
    assert_eq!(refused.kind(), Some(ErrorKind::Unauthorized));
}

/// GetPartiesEndpoint runs RequireJsonAcceptPreProcessor after authentication
/// (WebApi/Endpoints/V1/EndUser/Parties/Get/GetPartiesEndpoint.cs, 1.119.1): without a token it is
/// 401 whatever Accept says; with one, an Accept that allows no JSON is 406.
#[tokio::test]
async fn the_parties_ask_for_a_token_before_a_json_accept() {
    let dp = server().await;
    let url = format!("{}/api/v1/enduser/parties", dp.server.base_url);
    let http = dialogporten::transport::http_client();
    let anonymous = http.get(&url).header("accept", "text/html").send().await.unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    let token = login(&dp, PERSON).await;
    let refused = http.get(&url).bearer_auth(&token).header("accept", "text/html").send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 406);
    let taken = http.get(&url).bearer_auth(&token).header("accept", "application/json").send().await.unwrap();
    assert_eq!(taken.status().as_u16(), 200);
}

/// SearchAuthorizedServiceResourcesQueryValidator (1.119.1): 1 to 20 parties, each a valid party
/// identifier; a blank one (`?party=`) is refused, not read as no filter (its own comment says why).
#[tokio::test]
async fn the_service_resources_party_filter_is_checked_as_upstreams() {
    let dp = server().await;
    let token = login(&dp, PERSON).await;
    let as_person = dp.as_token(&token);
    let path = format!("{EU}/serviceresources");
    let twenty_one = vec![format!("party={PERSON_URN}"); 21].join("&");
    for query in ["party=", "party=urn:altinn:person:identifier-no:08844397714", "party=nobody", twenty_one.as_str()] {
        let answer = as_person.send(Method::GET, &format!("{path}?{query}"), None).await;
        assert_eq!(answer.status, 400, "?{}: {:?}", &query[..query.len().min(60)], answer.body);
        assert!(answer.has_error_key("party"), "{:?}", answer.body);
    }
    for query in [format!("party={PERSON_URN}"), format!("party={COMPANY}"), String::new()] {
        let answer = as_person.send(Method::GET, &format!("{path}?{query}"), None).await;
        assert_eq!(answer.status, 200, "?{query}: {:?}", answer.body);
    }
}
