//! Conformance: `authorizationContext` (experimental, newer than 1.119.1), as
//! `../shared/reference/enduser-tokens-limits.md` §4 describes it and upstream's
//! `AuthorizationContextDtoValidator` (Altinn/dialogporten, branch
//! feat/authorization-context, `Features/V1/Common/AuthorizationContexts/`) checks it.
//! Each case names its rule.

use dialogporten::reqwest::Method;
use dialogporten_server::{Config, ServiceResource};
use dp_integration_tests::conformance::{Answer, Dp, dialog};
use serde_json::{Value, json};
use uuid::Uuid;

fn context() -> Value {
    json!({
        "serviceResource": "urn:altinn:resource:dp-test-other",
        "parties": ["URN:ALTINN:ORGANIZATION:IDENTIFIER-NO:991825827"],
        "action": "read",
        "unauthorizedPresentation": "Disabled",
        "tokenRef": "ref-1"
    })
}

/// A dialog with a context on each of the six kinds that take one.
fn dialog_with_contexts(context: &Value) -> Value {
    let mut body = dialog();
    let title = json!([{"languageCode": "nb", "value": "Tittel"}]);
    let url = json!([{"url": "https://example.com/a.pdf", "consumerType": "Gui"}]);
    body["guiActions"] = json!([{"action": "read", "url": "https://example.com/open", "priority": "Primary",
        "title": title, "authorizationContext": context}]);
    body["apiActions"] = json!([{"action": "read", "endpoints": [{"url": "https://example.com/api", "httpMethod": "GET"}],
        "authorizationContext": context}]);
    body["attachments"] = json!([{"displayName": title, "urls": url, "authorizationContext": context}]);
    body["transmissions"] = json!([{
        "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": title}},
        "authorizationContext": context,
        "attachments": [{"displayName": title, "urls": url, "authorizationContext": context}],
        "navigationalActions": [{"title": title, "url": "https://example.com/nav", "authorizationContext": context}]
    }]);
    body
}

/// The first transmission's context with `change` applied, as a create.
async fn create_with(dp: &Dp, change: impl FnOnce(&mut Value)) -> Answer {
    let mut c = context();
    change(&mut c);
    let mut body = dialog();
    body["transmissions"] = json!([{
        "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Melding"}]}},
        "authorizationContext": c
    }]);
    dp.create(&body).await
}

/// Reference §4: taken on apiActions, guiActions, transmissions, attachments, transmission attachments
/// and navigational actions, stored and returned (parties normalised as party URNs are).
#[tokio::test]
async fn every_kind_takes_and_returns_a_context() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog_with_contexts(&context())).await;
    let view = dp.get(id).await.body;
    let transmission = &view["transmissions"][0];
    let stored = [
        &view["guiActions"][0]["authorizationContext"],
        &view["apiActions"][0]["authorizationContext"],
        &view["attachments"][0]["authorizationContext"],
        &transmission["authorizationContext"],
        &transmission["attachments"][0]["authorizationContext"],
        &transmission["navigationalActions"][0]["authorizationContext"],
    ];
    for context in stored {
        assert_eq!(context["serviceResource"], "urn:altinn:resource:dp-test-other", "{view}");
        assert_eq!(context["parties"], json!(["urn:altinn:organization:identifier-no:991825827"]));
        assert_eq!(context["unauthorizedPresentation"], "Disabled");
        assert_eq!(context["tokenRef"], "ref-1");
    }
    let tid = transmission["id"].as_str().expect("a transmission id");
    let one = dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}/transmissions/{tid}"), None).await;
    assert_eq!(one.expect(200).body["authorizationContext"]["action"], "read");
}

/// Reference §4: clients of 1.119.1 are unaffected (no context, nothing new in what they get back).
#[tokio::test]
async fn a_body_without_a_context_is_as_before() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog_with_contexts(&Value::Null)).await;
    let view = dp.get(id).await.body;
    assert!(view["transmissions"][0]["authorizationContext"].is_null());
}

/// AuthorizationContextDtoValidatorBase: each rule, one row each (a transmission's context on create).
#[tokio::test]
async fn each_rule_refuses_what_it_should() {
    let dp = Dp::start().await;
    type Change = fn(&mut Value);
    let rows: [(&str, Change, &str, &str); 13] = [
        (
            "serviceResource must start with urn:altinn:resource:",
            |c| c["serviceResource"] = json!("urn:altinn:app:x"),
            "authorizationContext.serviceResource",
            "must start with 'urn:altinn:resource:'",
        ),
        (
            "serviceResource IsValidAuthorizationAttribute",
            |c| c["serviceResource"] = json!("urn:altinn:resource:Not Valid!"),
            "authorizationContext.serviceResource",
            "must be on format",
        ),
        (
            "serviceResource MaximumLength(255)",
            |c| c["serviceResource"] = json!(format!("urn:altinn:resource:{}", "a".repeat(240))),
            "authorizationContext.serviceResource",
            "255 characters or fewer",
        ),
        (
            "additionalResourceAttribute cannot be a service resource",
            |c| c["additionalResourceAttribute"] = json!("urn:altinn:resource:other"),
            "authorizationContext.additionalResourceAttribute",
            "use 'ServiceResource' instead",
        ),
        (
            "additionalResourceAttribute IsValidAuthorizationAttribute",
            |c| c["additionalResourceAttribute"] = json!("9task"),
            "authorizationContext.additionalResourceAttribute",
            "must be on format",
        ),
        (
            "parties: at most 3",
            |c| {
                c["parties"] = json!([
                    "urn:altinn:organization:identifier-no:991825827",
                    "urn:altinn:organization:identifier-no:889640782",
                    "urn:altinn:person:identifier-no:08844397713",
                    "urn:altinn:organization:identifier-no:974760673"
                ])
            },
            "authorizationContext.parties",
            "cannot contain more than 3 parties",
        ),
        (
            "parties UniqueBy",
            |c| {
                c["parties"] = json!([
                    "urn:altinn:organization:identifier-no:991825827",
                    "URN:ALTINN:ORGANIZATION:IDENTIFIER-NO:991825827"
                ])
            },
            "authorizationContext.parties",
            "duplicate",
        ),
        (
            "parties NotEmpty unless includeDialogParty",
            |c| c["parties"] = json!([]),
            "authorizationContext.parties",
            "at least one party when 'IncludeDialogParty' is false",
        ),
        (
            "parties IsValidPartyIdentifier",
            |c| c["parties"] = json!(["urn:altinn:organization:identifier-no:123"]),
            "authorizationContext.parties[0]",
            "must be on format",
        ),
        (
            "unauthorizedPresentation required",
            |c| {
                c.as_object_mut().map(|m| m.remove("unauthorizedPresentation"));
            },
            "authorizationContext.unauthorizedPresentation",
            "is required and must be either",
        ),
        (
            "unauthorizedPresentation IsInEnum",
            |c| c["unauthorizedPresentation"] = json!("Sometimes"),
            "authorizationContext.unauthorizedPresentation",
            "is required and must be either",
        ),
        (
            "action MaximumLength(255)",
            |c| c["action"] = json!("a".repeat(256)),
            "authorizationContext.action",
            "255 characters or fewer",
        ),
        (
            "tokenRef at most 50 (reference §4)",
            |c| c["tokenRef"] = json!("r".repeat(51)),
            "authorizationContext.tokenRef",
            "50 characters or fewer",
        ),
    ];
    for (rule, change, key, text) in rows {
        let answer = create_with(&dp, change).await;
        assert_eq!(answer.status, 400, "{rule}: {}", answer.body);
        assert!(answer.has_error_key(key), "{rule}: {}", answer.body);
        assert!(answer.has_error_text(text), "{rule}: {}", answer.body);
    }
}

/// AuthorizationContextDtoValidatorBase: `includeDialogParty` stands in for parties; parties may be left out then.
#[tokio::test]
async fn the_dialog_party_may_stand_in_for_parties() {
    let dp = Dp::start().await;
    let answer = create_with(&dp, |c| {
        c["parties"] = json!([]);
        c["includeDialogParty"] = json!(true);
        c["unauthorizedPresentation"] = json!("Excluded");
    })
    .await;
    answer.expect(201);
}

/// CreateDialogDialogTransmissionDtoValidator / GuiAction / ApiAction validators (branch):
/// "'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'."
#[tokio::test]
async fn an_attribute_and_a_context_cannot_be_combined() {
    let dp = Dp::start().await;
    let mut body = dialog_with_contexts(&context());
    body["transmissions"][0]["authorizationAttribute"] = json!("urn:altinn:subresource:x");
    body["guiActions"][0]["authorizationAttribute"] = json!("element1");
    let answer = dp.create(&body).await;
    answer.expect(400);
    assert_eq!(
        answer.errors("dto.transmissions[0].authorizationAttribute"),
        ["'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'."]
    );
    assert_eq!(
        answer.errors("dto.guiActions[0].authorizationAttribute"),
        ["'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'."]
    );
}

/// Reference §4: the context's service resource must be owned by the caller (as the dialog's own: 403).
#[tokio::test]
async fn a_context_resource_of_another_org_is_forbidden() {
    let config = Config::dev().with_resource(ServiceResource {
        id: "urn:altinn:resource:nav-only".into(),
        org: "nav".into(),
        org_number: Some("889640782".into()),
        resource_type: "GenericAccessResource".into(),
        title: None,
    });
    let dp = Dp::with(config).await;
    let answer = create_with(&dp, |c| c["serviceResource"] = json!("urn:altinn:resource:nav-only")).await;
    answer.expect(403);
    let id = dp.created(&dialog()).await;
    let patch = json!([{"op": "add", "path": "/guiActions/-", "value": {
        "action": "read", "url": "https://example.com/open", "priority": "Primary",
        "title": [{"languageCode": "nb", "value": "Åpne"}],
        "authorizationContext": {"serviceResource": "urn:altinn:resource:nav-only", "includeDialogParty": true,
            "unauthorizedPresentation": "Disabled"}
    }}]);
    dp.send(Method::PATCH, &format!("/api/v1/serviceowner/dialogs/{id}"), Some(&patch)).await.expect(403);
}

/// The transmission endpoints and PUT check contexts too (CreateTransmissionTransmissionDtoValidator,
/// UpdateDialogDialogAttachmentDtoValidator on branch feat/authorization-context).
#[tokio::test]
async fn the_other_writes_check_contexts_too() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut bad = context();
    bad["parties"] = json!([]);
    let transmission = json!({
        "id": Uuid::now_v7(), "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Melding"}]}},
        "authorizationContext": bad
    });
    let answer = dp.add_transmission(id, &transmission).await;
    answer.expect(400);
    assert!(answer.has_error_key("authorizationContext.parties"), "{}", answer.body);
    let mut view = dp.put_view(id).await;
    view["attachments"] = json!([{
        "displayName": [{"languageCode": "nb", "value": "Vedlegg"}],
        "urls": [{"url": "https://example.com/a.pdf", "consumerType": "Gui"}],
        "authorizationContext": bad
    }]);
    let answer = dp.put(id, &view).await;
    answer.expect(400);
    assert!(answer.has_error_key("attachments[0].authorizationContext.parties"), "{}", answer.body);
}
