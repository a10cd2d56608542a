//! Conformance: the create validators, rule by rule (Altinn/dialogporten v1.119.1,
//! `Features/V1/ServiceOwner/Dialogs/Commands/Create/Validators/*.cs`, and
//! `Application.Unit.Tests/Features/V1/ServiceOwner/Common/ActorValidatorTest.cs`).
//!
//! Each row takes a dialog that upstream accepts, changes one member, and states
//! what upstream answers: 201, or 400 with an error under a key that names the
//! member. The first column names the validator and rule.

use chrono::{Duration, Utc};
use dialogporten::reqwest::Method;
use dp_integration_tests::conformance::Dp;
use serde_json::{Value, json};
use uuid::Uuid;

/// A dialog with one of everything a create takes, which upstream accepts.
fn full_dialog() -> Value {
    let nb = |text: &str| json!([{"languageCode": "nb", "value": text}]);
    json!({
        "serviceResource": "urn:altinn:resource:dp-test",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "progress": 10,
        "extendedStatus": "urn:dp:status:open",
        "externalReference": "ref-1",
        "content": {"title": {"value": nb("Tittel")}, "summary": {"value": nb("Sammendrag")}},
        "searchTags": [{"value": "skatt"}],
        "attachments": [{
            "displayName": nb("Vedlegg"),
            "urls": [{"url": "https://example.com/a.pdf", "mediaType": "application/pdf", "consumerType": "Gui"}]
        }],
        "guiActions": [{"action": "read", "url": "https://example.com/open", "priority": "Primary", "title": nb("Åpne")}],
        "apiActions": [{"action": "read", "endpoints": [{"url": "https://example.com/api", "httpMethod": "GET"}]}],
        "transmissions": [{
            "type": "Information", "sender": {"actorType": "ServiceOwner"},
            "content": {"title": {"value": nb("Melding")}}
        }],
        "activities": [{"type": "DialogCreated", "performedBy": {"actorType": "ServiceOwner"}}],
        "serviceOwnerContext": {"serviceOwnerLabels": [{"value": "case:1"}]}
    })
}

/// Sets `pointer` (creating objects on the way) to `value`; `Value::Null` removes the member.
fn set(body: &mut Value, pointer: &str, value: Value) {
    let (parent, last) = pointer.rsplit_once('/').expect("a JSON pointer");
    let mut target = body;
    for part in parent.split('/').skip(1) {
        target = match part.parse::<usize>() {
            Ok(i) => &mut target[i],
            Err(_) => {
                if target.get(part).is_none() {
                    target[part] = json!({});
                }
                &mut target[part]
            }
        };
    }
    match (target, last.parse::<usize>()) {
        (Value::Array(items), Ok(i)) if i == items.len() => items.push(value),
        (Value::Array(items), Ok(i)) => items[i] = value,
        (Value::Object(map), _) if value.is_null() => {
            map.remove(last);
        }
        (target, _) => target[last] = value,
    }
}

fn uuid_v7_at(offset: Duration) -> Uuid {
    let at = Utc::now() + offset;
    let seconds = u64::try_from(at.timestamp()).unwrap_or_default();
    let nanos = at.timestamp_subsec_nanos();
    Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, seconds, nanos))
}

/// `(rule, pointer, value, status, key)`: the key an error must be filed under (a substring), or "" for 201.
type Row = (&'static str, &'static str, Value, u16, &'static str);

const DIALOGS: &str = "/api/v1/serviceowner/dialogs";

/// Sends `base` changed by each row (`method path` on one server), and fails with every row whose
/// answer differs from what upstream answers.
async fn check_rows(dp: &Dp, method: Method, path: &str, base: &Value, rows: Vec<Row>) {
    let mut failures = Vec::new();
    for (rule, pointer, value, status, key) in rows {
        let mut body = base.clone();
        set(&mut body, pointer, value);
        let answer = dp.send(method.clone(), path, Some(&body)).await;
        if answer.status != status || (!key.is_empty() && !answer.has_error_key(key)) {
            failures.push(format!(
                "{rule} ({pointer}): expected {status} on '{key}', got {} {}",
                answer.status, answer.body
            ));
        }
    }
    assert!(failures.is_empty(), "{} rows differ:\n{}", failures.len(), failures.join("\n"));
}

/// Each row as a create (`POST /dialogs`) of `full_dialog` changed.
async fn run(rows: Vec<Row>) {
    let dp = Dp::start().await;
    check_rows(&dp, Method::POST, DIALOGS, &full_dialog(), rows).await;
}

/// Each row as a `PUT /dialogs/{id}` of one dialog: a refused PUT changes nothing, so rows share it.
async fn run_updates(rows: Vec<Row>) {
    let dp = Dp::start().await;
    let id = dp.created(&full_dialog()).await;
    check_rows(&dp, Method::PUT, &format!("{DIALOGS}/{id}"), &full_update(), rows).await;
}

/// Each row as a `POST /dialogs/{id}{suffix}` on one dialog, `base` changed.
async fn run_posts(suffix: &str, base: Value, rows: Vec<Row>) {
    let dp = Dp::start().await;
    let id = dp.created(&full_dialog()).await;
    check_rows(&dp, Method::POST, &format!("{DIALOGS}/{id}{suffix}"), &base, rows).await;
}

fn long(n: usize) -> Value {
    json!("a".repeat(n))
}

fn url_of(n: usize) -> Value {
    json!(format!("https://example.com/{}", "a".repeat(n - 20)))
}

#[tokio::test]
async fn create_dialog_dto_validator() {
    let past = |h: i64| json!((Utc::now() - Duration::hours(h)).to_rfc3339());
    let future = |d: i64| json!((Utc::now() + Duration::days(d)).to_rfc3339());
    run(vec![
        ("CreateDialogDtoValidator: the dialog as given is valid", "/progress", json!(10), 201, ""),
        ("CreateDialogDtoValidator Id IsValidUuidV7", "/id", json!(Uuid::new_v4()), 400, "id"),
        ("CreateDialogDtoValidator Id UuidV7TimestampIsInPast", "/id", json!(uuid_v7_at(Duration::days(1))), 400, "id"),
        ("CreateDialogDtoValidator Id: a past UUIDv7 is taken", "/id", json!(uuid_v7_at(Duration::days(-1))), 201, ""),
        ("CreateDialogDtoValidator CreatedAt IsInPast", "/createdAt", future(1), 400, "createdAt"),
        ("CreateDialogDtoValidator UpdatedAt IsInPast", "/updatedAt", future(1), 400, "updatedAt"),
        ("CreateDialogDtoValidator CreatedAt NotEmpty when UpdatedAt is set", "/updatedAt", past(1), 400, "createdAt"),
        ("CreateDialogDtoValidator IdempotentKey MinimumLength(3)", "/idempotentKey", json!("ab"), 400, "idempotentKey"),
        ("CreateDialogDtoValidator IdempotentKey MaximumLength(36)", "/idempotentKey", long(37), 400, "idempotentKey"),
        ("CreateDialogDtoValidator IdempotentKey within 3-36", "/idempotentKey", json!("key-123"), 201, ""),
        ("CreateDialogDtoValidator ServiceResource NotNull", "/serviceResource", Value::Null, 400, "serviceResource"),
        ("CreateDialogDtoValidator ServiceResource prefix", "/serviceResource", json!("urn:altinn:app:dp-test"), 400, "serviceResource"),
        ("CreateDialogDtoValidator ServiceResource IsValidUri", "/serviceResource", json!("not a uri"), 400, "serviceResource"),
        ("CreateDialogDtoValidator ServiceResource MaximumLength(1023)", "/serviceResource", json!(format!("urn:altinn:resource:{}", "a".repeat(1010))), 400, "serviceResource"),
        ("CreateDialogDtoValidator Party NotEmpty", "/party", json!(""), 400, "party"),
        ("CreateDialogDtoValidator Party IsValidPartyIdentifier (org number checksum)", "/party", json!("urn:altinn:organization:identifier-no:991825828"), 400, "party"),
        ("CreateDialogDtoValidator Party IsValidPartyIdentifier (national identity number checksum)", "/party", json!("urn:altinn:person:identifier-no:08844397714"), 400, "party"),
        ("CreateDialogDtoValidator Party IsValidPartyIdentifier (unknown form)", "/party", json!("urn:altinn:party:1"), 400, "party"),
        ("CreateDialogDtoValidator Party: a person", "/party", json!("urn:altinn:person:identifier-no:08844397713"), 201, ""),
        ("CreateDialogDtoValidator Party MaximumLength(255)", "/party", json!(format!("urn:altinn:person:legacy-selfidentified:{}", "a".repeat(230))), 400, "party"),
        ("CreateDialogDtoValidator Progress InclusiveBetween(0, 100): 101", "/progress", json!(101), 400, "progress"),
        ("CreateDialogDtoValidator Progress InclusiveBetween(0, 100): -1", "/progress", json!(-1), 400, "progress"),
        ("CreateDialogDtoValidator Progress InclusiveBetween(0, 100): 100", "/progress", json!(100), 201, ""),
        ("CreateDialogDtoValidator ExtendedStatus MaximumLength(255)", "/extendedStatus", long(256), 400, "extendedStatus"),
        ("CreateDialogDtoValidator ExternalReference MaximumLength(255)", "/externalReference", long(256), 400, "externalReference"),
        ("CreateDialogCommand domain check: ExpiresAt must be in the future (422)", "/expiresAt", past(1), 422, "expiresAt"),
        ("CreateDialogCommand domain check: DueAt must be in the future (422)", "/dueAt", past(1), 422, "dueAt"),
        ("CreateDialogCommand domain check: VisibleFrom must be in the future (422)", "/visibleFrom", past(1), 422, "visibleFrom"),
        ("CreateDialogDtoValidator Status IsInEnum", "/status", json!("Sideways"), 400, "status"),
        ("CreateDialogDtoValidator Status: case-insensitive binding", "/status", json!("inProgress"), 201, ""),
        ("CreateDialogDtoValidator SearchTags UniqueBy(ignore case)", "/searchTags", json!([{"value": "skatt"}, {"value": "SKATT"}]), 400, "searchTags"),
        ("CreateDialogSearchTagDtoValidator Value MinimumLength(3)", "/searchTags/0/value", json!("ab"), 400, "searchTags[0].value"),
        ("CreateDialogSearchTagDtoValidator Value MaximumLength(63)", "/searchTags/0/value", long(64), 400, "searchTags[0].value"),
        ("CreateDialogDtoValidator GuiActions: only one primary", "/guiActions/1", json!({"action": "b", "url": "https://example.com/b", "priority": "Primary", "title": [{"languageCode": "nb", "value": "B"}]}), 400, "guiActions"),
        ("CreateDialogDtoValidator Process IsValidUri", "/process", json!("not a uri"), 400, "process"),
        ("CreateDialogDtoValidator PrecedingProcess IsValidUri", "/precedingProcess", json!("not a uri"), 400, "precedingProcess"),
    ])
    .await;
    // The dates against each other (InFutureOfMessage), on their own bodies.
    let dp = Dp::start().await;
    for (rule, dates, key) in [
        (
            "CreateDialogDtoValidator ExpiresAt >= DueAt",
            json!({"dueAt": future(5), "expiresAt": future(4)}),
            "expiresAt",
        ),
        (
            "CreateDialogDtoValidator ExpiresAt >= VisibleFrom",
            json!({"visibleFrom": future(5), "expiresAt": future(4)}),
            "expiresAt",
        ),
        (
            "CreateDialogDtoValidator DueAt >= VisibleFrom",
            json!({"visibleFrom": future(5), "dueAt": future(4)}),
            "dueAt",
        ),
        (
            "CreateDialogDtoValidator UpdatedAt >= CreatedAt",
            json!({"createdAt": past(1), "updatedAt": past(2)}),
            "updatedAt",
        ),
    ] {
        let mut body = full_dialog();
        for (k, v) in dates.as_object().into_iter().flatten() {
            body[k] = v.clone();
        }
        let answer = dp.create(&body).await;
        assert_eq!(answer.status, 400, "{rule}: {}", answer.body);
        assert!(answer.has_error_key(key), "{rule}: {}", answer.body);
    }
}

#[tokio::test]
async fn attachment_and_url_validators() {
    run(vec![
        (
            "CreateDialogDialogAttachmentDtoValidator Id IsValidUuidV7",
            "/attachments/0/id",
            json!(Uuid::new_v4()),
            400,
            "attachments[0].id",
        ),
        (
            "CreateDialogDialogAttachmentDtoValidator Urls NotEmpty",
            "/attachments/0/urls",
            json!([]),
            400,
            "attachments[0].urls",
        ),
        (
            "CreateDialogDialogAttachmentDtoValidator DisplayName: a localization per language",
            "/attachments/0/displayName",
            json!([{"languageCode": "nb", "value": "A"}, {"languageCode": "nb", "value": "B"}]),
            400,
            "attachments[0].displayName",
        ),
        (
            "CreateDialogDialogAttachmentDtoValidator ExpiresAt IsInFuture",
            "/attachments/0/expiresAt",
            json!((Utc::now() - Duration::hours(1)).to_rfc3339()),
            400,
            "attachments[0].expiresAt",
        ),
        (
            "CreateDialogDialogAttachmentDtoValidator Name MaximumLength(255)",
            "/attachments/0/name",
            long(256),
            400,
            "attachments[0].name",
        ),
        (
            "CreateDialogDialogAttachmentUrlDtoValidator Id IsValidUuidV7",
            "/attachments/0/urls/0/id",
            json!(Uuid::new_v4()),
            400,
            "urls[0].id",
        ),
        (
            "CreateDialogDialogAttachmentUrlDtoValidator Url IsValidHttpsUrl",
            "/attachments/0/urls/0/url",
            json!("http://example.com/a.pdf"),
            400,
            "urls[0].url",
        ),
        (
            "CreateDialogDialogAttachmentUrlDtoValidator Url NotNull",
            "/attachments/0/urls/0/url",
            Value::Null,
            400,
            "urls[0].url",
        ),
        (
            "CreateDialogDialogAttachmentUrlDtoValidator Url MaximumLength(1023)",
            "/attachments/0/urls/0/url",
            url_of(1024),
            400,
            "urls[0].url",
        ),
        (
            "CreateDialogDialogAttachmentUrlDtoValidator ConsumerType IsInEnum",
            "/attachments/0/urls/0/consumerType",
            json!("Printer"),
            400,
            "urls[0].consumerType",
        ),
        (
            "CreateDialogDialogAttachmentUrlDtoValidator ConsumerType Api",
            "/attachments/0/urls/0/consumerType",
            json!("Api"),
            201,
            "",
        ),
        (
            "CreateDialogDialogAttachmentUrlDtoValidator MediaType MaximumLength(255)",
            "/attachments/0/urls/0/mediaType",
            long(256),
            400,
            "urls[0].mediaType",
        ),
        (
            "CreateDialogTransmissionAttachmentDtoValidator Urls NotEmpty",
            "/transmissions/0/attachments",
            json!([{"displayName": [{"languageCode": "nb", "value": "V"}], "urls": []}]),
            400,
            "transmissions[0].attachments[0].urls",
        ),
        (
            "CreateDialogTransmissionAttachmentUrlDtoValidator Url IsValidHttpsUrl",
            "/transmissions/0/attachments",
            json!([{"urls": [{"url": "ftp://example.com/a", "consumerType": "Gui"}]}]),
            400,
            "transmissions[0].attachments[0].urls[0].url",
        ),
    ])
    .await;
}

#[tokio::test]
async fn action_validators() {
    run(vec![
        ("CreateDialogDialogGuiActionDtoValidator Id IsValidUuidV7", "/guiActions/0/id", json!(Uuid::new_v4()), 400, "guiActions[0].id"),
        ("CreateDialogDialogGuiActionDtoValidator Action NotEmpty", "/guiActions/0/action", json!(""), 400, "guiActions[0].action"),
        ("CreateDialogDialogGuiActionDtoValidator Action MaximumLength(255)", "/guiActions/0/action", long(256), 400, "guiActions[0].action"),
        ("CreateDialogDialogGuiActionDtoValidator Url IsValidHttpsUrl", "/guiActions/0/url", json!("http://example.com/open"), 400, "guiActions[0].url"),
        ("CreateDialogDialogGuiActionDtoValidator Url MaximumLength(1023)", "/guiActions/0/url", url_of(1024), 400, "guiActions[0].url"),
        ("CreateDialogDialogGuiActionDtoValidator AuthorizationAttribute IsValidAuthorizationAttribute", "/guiActions/0/authorizationAttribute", json!("Not Valid"), 400, "guiActions[0].authorizationAttribute"),
        ("CreateDialogDialogGuiActionDtoValidator AuthorizationAttribute: a URN", "/guiActions/0/authorizationAttribute", json!("urn:altinn:subresource:signing"), 201, ""),
        ("CreateDialogDialogGuiActionDtoValidator Priority IsInEnum", "/guiActions/0/priority", json!("Urgent"), 400, "guiActions[0].priority"),
        ("CreateDialogDialogGuiActionDtoValidator HttpMethod GET, POST or DELETE", "/guiActions/0/httpMethod", json!("PUT"), 400, "guiActions[0].httpMethod"),
        ("CreateDialogDialogGuiActionDtoValidator HttpMethod POST", "/guiActions/0/httpMethod", json!("POST"), 201, ""),
        ("CreateDialogDialogGuiActionDtoValidator Title NotEmpty", "/guiActions/0/title", json!([]), 400, "guiActions[0].title"),
        ("CreateDialogDialogGuiActionDtoValidator Prompt localizations", "/guiActions/0/prompt", json!([{"languageCode": "xx", "value": "Sikker?"}]), 400, "guiActions[0].prompt"),
        ("CreateDialogDialogApiActionDtoValidator Id IsValidUuidV7", "/apiActions/0/id", json!(Uuid::new_v4()), 400, "apiActions[0].id"),
        ("CreateDialogDialogApiActionDtoValidator Action NotEmpty", "/apiActions/0/action", json!(""), 400, "apiActions[0].action"),
        ("CreateDialogDialogApiActionDtoValidator Action MaximumLength(255)", "/apiActions/0/action", long(256), 400, "apiActions[0].action"),
        ("CreateDialogDialogApiActionDtoValidator Name MaximumLength(255)", "/apiActions/0/name", long(256), 400, "apiActions[0].name"),
        ("CreateDialogDialogApiActionDtoValidator Endpoints NotEmpty", "/apiActions/0/endpoints", json!([]), 400, "apiActions[0].endpoints"),
        ("CreateDialogDialogApiActionEndpointDtoValidator Version MaximumLength(255)", "/apiActions/0/endpoints/0/version", long(256), 400, "endpoints[0].version"),
        ("CreateDialogDialogApiActionEndpointDtoValidator Url IsValidHttpsUrl", "/apiActions/0/endpoints/0/url", json!("http://example.com/api"), 400, "endpoints[0].url"),
        ("CreateDialogDialogApiActionEndpointDtoValidator HttpMethod IsInEnum", "/apiActions/0/endpoints/0/httpMethod", json!("FETCH"), 400, "endpoints[0].httpMethod"),
        ("CreateDialogDialogApiActionEndpointDtoValidator HttpMethod PATCH", "/apiActions/0/endpoints/0/httpMethod", json!("PATCH"), 201, ""),
        ("CreateDialogDialogApiActionEndpointDtoValidator DocumentationUrl IsValidUri", "/apiActions/0/endpoints/0/documentationUrl", json!("not a uri"), 400, "endpoints[0].documentationUrl"),
        ("CreateDialogDialogApiActionEndpointDtoValidator RequestSchema IsValidUri", "/apiActions/0/endpoints/0/requestSchema", json!("not a uri"), 400, "endpoints[0].requestSchema"),
        ("CreateDialogDialogApiActionEndpointDtoValidator ResponseSchema IsValidUri", "/apiActions/0/endpoints/0/responseSchema", json!("not a uri"), 400, "endpoints[0].responseSchema"),
        ("CreateDialogDialogApiActionEndpointDtoValidator Deprecated Equal(true) when SunsetAt is set", "/apiActions/0/endpoints/0/sunsetAt", json!((Utc::now() + Duration::days(30)).to_rfc3339()), 400, "endpoints[0].deprecated"),
        ("CreateDialogTransmissionNavigationalActionDtoValidator Url IsValidHttpsUrl", "/transmissions/0/navigationalActions", json!([{"title": [{"languageCode": "nb", "value": "Gå"}], "url": "http://example.com/go"}]), 400, "navigationalActions[0].url"),
        ("CreateDialogTransmissionNavigationalActionDtoValidator Title NotEmpty", "/transmissions/0/navigationalActions", json!([{"title": [], "url": "https://example.com/go"}]), 400, "navigationalActions[0].title"),
        ("CreateDialogTransmissionNavigationalActionDtoValidator ExpiresAt IsInFuture", "/transmissions/0/navigationalActions", json!([{"title": [{"languageCode": "nb", "value": "Gå"}], "url": "https://example.com/go", "expiresAt": (Utc::now() - Duration::hours(1)).to_rfc3339()}]), 400, "navigationalActions[0].expiresAt"),
    ])
    .await;
}

#[tokio::test]
async fn activity_and_actor_validators() {
    let person = "urn:altinn:person:identifier-no:08844397713";
    run(vec![
        (
            "CreateDialogDialogActivityDtoValidator Id IsValidUuidV7",
            "/activities/0/id",
            json!(Uuid::new_v4()),
            400,
            "activities[0].id",
        ),
        (
            "CreateDialogDialogActivityDtoValidator CreatedAt IsInPast",
            "/activities/0/createdAt",
            json!((Utc::now() + Duration::days(1)).to_rfc3339()),
            400,
            "activities[0].createdAt",
        ),
        (
            "CreateDialogDialogActivityDtoValidator ExtendedType IsValidUri",
            "/activities/0/extendedType",
            json!("not a uri"),
            400,
            "activities[0].extendedType",
        ),
        (
            "CreateDialogDialogActivityDtoValidator Type IsInEnum",
            "/activities/0/type",
            json!("Exploded"),
            400,
            "activities[0].type",
        ),
        (
            "CreateDialogDialogActivityDtoValidator Description required for Information",
            "/activities/0/type",
            json!("Information"),
            400,
            "activities[0].description",
        ),
        (
            "CreateDialogDialogActivityDtoValidator Description only for Information",
            "/activities/0/description",
            json!([{"languageCode": "nb", "value": "Hei"}]),
            400,
            "activities[0].description",
        ),
        (
            "CreateDialogDialogActivityDtoValidator TransmissionId only on TransmissionOpened",
            "/activities/0/transmissionId",
            json!(Uuid::now_v7()),
            400,
            "activities[0].transmissionId",
        ),
        (
            "CreateDialogDialogActivityDtoValidator TransmissionId required on TransmissionOpened",
            "/activities/0/type",
            json!("TransmissionOpened"),
            400,
            "activities[0].transmissionId",
        ),
        (
            "CreateDialogDialogActivityDtoValidator PerformedBy NotNull",
            "/activities/0/performedBy",
            Value::Null,
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidatorTest.Given_Invalid_ActorId_Should_Return_Error",
            "/activities/0/performedBy",
            json!({"actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:123"}),
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidatorTest.Given_Valid_ActorId_Should_Return_Success (PartyRepresentative)",
            "/activities/0/performedBy",
            json!({"actorType": "PartyRepresentative", "actorId": person}),
            201,
            "",
        ),
        (
            "ActorValidatorTest.Given_Valid_ActorId_Should_Return_Success (ServiceOwner)",
            "/activities/0/performedBy",
            json!({"actorType": "ServiceOwner"}),
            201,
            "",
        ),
        (
            "ActorValidatorTest.Given_Null_ActorType_Should_Return_Error",
            "/activities/0/performedBy",
            json!({"actorId": person}),
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidatorTest.Given_ActorId_And_ActorName_Should_Return_Error (PartyRepresentative)",
            "/activities/0/performedBy",
            json!({"actorType": "PartyRepresentative", "actorId": person, "actorName": "Fredrik"}),
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidatorTest.Given_ActorId_And_ActorName_Should_Return_Error (ServiceOwner)",
            "/activities/0/performedBy",
            json!({"actorType": "ServiceOwner", "actorId": person, "actorName": "Fredrik"}),
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidatorTest.ActorType_ServiceOwner_Rules (a name)",
            "/activities/0/performedBy",
            json!({"actorType": "ServiceOwner", "actorName": "Fredik TestLand"}),
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidatorTest.ActorType_ServiceOwner_Rules (an id)",
            "/activities/0/performedBy",
            json!({"actorType": "ServiceOwner", "actorId": person}),
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidator: a PartyRepresentative needs an id or a name",
            "/activities/0/performedBy",
            json!({"actorType": "PartyRepresentative"}),
            400,
            "activities[0].performedBy",
        ),
        (
            "ActorValidator: a PartyRepresentative by name",
            "/activities/0/performedBy",
            json!({"actorType": "PartyRepresentative", "actorName": "Fredrik"}),
            201,
            "",
        ),
        (
            "ActorValidator: the transmission sender too",
            "/transmissions/0/sender",
            json!({"actorType": "PartyRepresentative"}),
            400,
            "transmissions[0].sender",
        ),
    ])
    .await;
}

#[tokio::test]
async fn transmission_and_content_validators() {
    run(vec![
        ("CreateDialogDialogTransmissionDtoValidator Id IsValidUuidV7", "/transmissions/0/id", json!(Uuid::new_v4()), 400, "transmissions[0].id"),
        ("CreateDialogDialogTransmissionDtoValidator IdempotentKey MinimumLength(3)", "/transmissions/0/idempotentKey", json!("ab"), 400, "transmissions[0].idempotentKey"),
        ("CreateDialogDialogTransmissionDtoValidator CreatedAt IsInPast", "/transmissions/0/createdAt", json!((Utc::now() + Duration::days(1)).to_rfc3339()), 400, "transmissions[0].createdAt"),
        ("CreateDialogDialogTransmissionDtoValidator ExtendedType IsValidUri", "/transmissions/0/extendedType", json!("not a uri"), 400, "transmissions[0].extendedType"),
        ("CreateDialogDialogTransmissionDtoValidator ExternalReference MaximumLength(255)", "/transmissions/0/externalReference", long(256), 400, "transmissions[0].externalReference"),
        ("CreateDialogDialogTransmissionDtoValidator Type IsInEnum", "/transmissions/0/type", json!("Telegram"), 400, "transmissions[0].type"),
        ("CreateDialogDialogTransmissionDtoValidator Type: every upstream type", "/transmissions/0/type", json!("Submission"), 201, ""),
        ("CreateDialogDialogTransmissionDtoValidator AuthorizationAttribute IsValidAuthorizationAttribute", "/transmissions/0/authorizationAttribute", json!("Not Valid"), 400, "transmissions[0].authorizationAttribute"),
        ("CreateDialogDialogTransmissionDtoValidator Content NotEmpty unless API-only", "/transmissions/0/content", Value::Null, 400, "transmissions[0].content"),
        ("CreateDialogDialogTransmissionContentDtoValidator Title NotNull (\"Title must not be empty.\" on the content)", "/transmissions/0/content/title", Value::Null, 400, "transmissions[0].content"),
        ("CreateDialogDialogTransmissionContentDtoValidator Title MaximumLength(255)", "/transmissions/0/content/title/value/0/value", long(256), 400, "transmissions[0].content.title"),
        ("CreateDialogDialogTransmissionContentDtoValidator Summary MaximumLength(255)", "/transmissions/0/content/summary", json!({"value": [{"languageCode": "nb", "value": "a".repeat(256)}]}), 400, "transmissions[0].content.summary"),
        ("CreateDialogContentDtoValidator Title NotNull (\"Title must not be empty.\" on the content)", "/content/title", Value::Null, 400, "dto.content"),
        ("CreateDialogContentDtoValidator Title MaximumLength(255)", "/content/title/value/0/value", long(256), 400, "content.title"),
        ("CreateDialogContentDtoValidator Summary MaximumLength(255)", "/content/summary/value/0/value", long(256), 400, "content.summary"),
        ("CreateDialogContentDtoValidator SenderName MaximumLength(255)", "/content/senderName", json!({"value": [{"languageCode": "nb", "value": "a".repeat(256)}]}), 400, "content.senderName"),
        ("CreateDialogContentDtoValidator Title media type text/plain only", "/content/title/mediaType", json!("text/html"), 400, "content.title"),
        ("CreateDialogContentDtoValidator AdditionalInfo markdown", "/content/additionalInfo", json!({"value": [{"languageCode": "nb", "value": "**Viktig**"}], "mediaType": "text/markdown"}), 201, ""),
        ("CreateDialogContentDtoValidator AdditionalInfo HTML needs the legacy HTML scope", "/content/additionalInfo", json!({"value": [{"languageCode": "nb", "value": "<p>Hei</p>"}], "mediaType": "text/html"}), 400, "content.additionalInfo"),
        ("CreateDialogContentDtoValidator MainContentReference front-channel embed", "/content/mainContentReference", json!({"value": [{"languageCode": "nb", "value": "https://example.com/fce"}], "mediaType": "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown"}), 201, ""),
        ("CreateDialogContentDtoValidator MainContentReference must be https", "/content/mainContentReference", json!({"value": [{"languageCode": "nb", "value": "http://example.com/fce"}], "mediaType": "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown"}), 400, "content.mainContentReference"),
        ("LocalizationDtosValidator LanguageCode is ISO 639", "/content/title/value/0/languageCode", json!("xx"), 400, "content.title"),
        ("LocalizationDtosValidator LanguageCode 'no' is refused", "/content/title/value/0/languageCode", json!("no"), 400, "content.title"),
        ("LocalizationDtosValidator LanguageCode culture codes are normalised", "/content/title/value/0/languageCode", json!("nb-NO"), 201, ""),
        ("LocalizationDtosValidator one text per language", "/content/title/value", json!([{"languageCode": "nb", "value": "A"}, {"languageCode": "nb", "value": "B"}]), 400, "content.title"),
        ("LocalizationDtosValidator Value NotEmpty", "/content/title/value/0/value", json!(""), 400, "content.title"),
        ("CreateDialogServiceOwnerLabelDtoValidator Value MinimumLength(3)", "/serviceOwnerContext/serviceOwnerLabels/0/value", json!("ab"), 400, "serviceOwnerLabels[0].value"),
        ("CreateDialogServiceOwnerLabelDtoValidator Value MaximumLength(255)", "/serviceOwnerContext/serviceOwnerLabels/0/value", long(256), 400, "serviceOwnerLabels[0].value"),
        ("CreateDialogServiceOwnerContextDtoValidator labels UniqueBy(ignore case)", "/serviceOwnerContext/serviceOwnerLabels", json!([{"value": "case:1"}, {"value": "CASE:1"}]), 400, "serviceOwnerLabels"),
        ("CreateDialogServiceOwnerContextDtoValidator at most 20 labels", "/serviceOwnerContext/serviceOwnerLabels", json!((0..21).map(|i| json!({"value": format!("label:{i}")})).collect::<Vec<_>>()), 400, "serviceOwnerLabels"),
    ])
    .await;
}

/// A PUT body for the dialog `full_dialog` creates, which upstream accepts.
fn full_update() -> Value {
    let mut body = full_dialog();
    for key in ["serviceResource", "party", "serviceOwnerContext", "transmissions", "activities"] {
        body.as_object_mut().map(|m| m.remove(key));
    }
    body["status"] = json!("InProgress");
    body
}

#[tokio::test]
async fn update_dialog_dto_validator() {
    let nb = |text: &str| json!([{"languageCode": "nb", "value": text}]);
    let information = |id: Value| json!([{"id": id, "type": "Information", "sender": {"actorType": "ServiceOwner"}, "content": {"title": {"value": [{"languageCode": "nb", "value": "Ny"}]}}}]);
    run_updates(vec![
        ("UpdateDialogDtoValidator: the dialog as given is valid", "/progress", json!(20), 204, ""),
        ("UpdateDialogDtoValidator Status NotNull", "/status", Value::Null, 400, "status"),
        ("UpdateDialogDtoValidator Status IsInEnum", "/status", json!("Sideways"), 400, "status"),
        ("UpdateDialogDtoValidator Progress InclusiveBetween(0, 100)", "/progress", json!(101), 400, "progress"),
        ("UpdateDialogDtoValidator ExtendedStatus MaximumLength(255)", "/extendedStatus", long(256), 400, "extendedStatus"),
        ("UpdateDialogDtoValidator ExternalReference MaximumLength(255)", "/externalReference", long(256), 400, "externalReference"),
        ("UpdateDialogCommand domain check: a changed DueAt must be in the future (422)", "/dueAt", json!((Utc::now() - Duration::hours(1)).to_rfc3339()), 422, "dueAt"),
        ("UpdateDialogCommand domain check: a changed ExpiresAt must be in the future (422)", "/expiresAt", json!((Utc::now() - Duration::hours(1)).to_rfc3339()), 422, "expiresAt"),
        ("UpdateDialogDtoValidator Process IsValidUri", "/process", json!("not a uri"), 400, "process"),
        ("UpdateDialogDtoValidator PrecedingProcess IsValidUri", "/precedingProcess", json!("not a uri"), 400, "precedingProcess"),
        ("UpdateDialogDtoValidator SearchTags UniqueBy(ignore case)", "/searchTags", json!([{"value": "skatt"}, {"value": "Skatt"}]), 400, "searchTags"),
        ("UpdateDialogSearchTagDtoValidator Value MinimumLength(3)", "/searchTags/0/value", json!("ab"), 400, "searchTags[0].value"),
        ("UpdateDialogContentDtoValidator Title NotEmpty", "/content/title", Value::Null, 400, "content"),
        ("UpdateDialogContentDtoValidator Title MaximumLength(255)", "/content/title/value/0/value", long(256), 400, "content.title"),
        ("UpdateDialogContentDtoValidator Summary media type", "/content/summary/mediaType", json!("text/markdown"), 400, "content.summary"),
        ("UpdateDialogDialogAttachmentDtoValidator Urls NotEmpty", "/attachments/0/urls", json!([]), 400, "attachments[0].urls"),
        ("UpdateDialogDialogAttachmentUrlDtoValidator Url IsValidHttpsUrl", "/attachments/0/urls/0/url", json!("http://example.com/a.pdf"), 400, "urls[0].url"),
        ("UpdateDialogDialogAttachmentUrlDtoValidator ConsumerType IsInEnum", "/attachments/0/urls/0/consumerType", json!("Printer"), 400, "urls[0].consumerType"),
        ("UpdateDialogDialogGuiActionDtoValidator Url IsValidHttpsUrl", "/guiActions/0/url", json!("http://example.com"), 400, "guiActions[0].url"),
        ("UpdateDialogDialogGuiActionDtoValidator Title NotEmpty", "/guiActions/0/title", json!([]), 400, "guiActions[0].title"),
        ("UpdateDialogDialogGuiActionDtoValidator HttpMethod GET, POST or DELETE", "/guiActions/0/httpMethod", json!("PATCH"), 400, "guiActions[0].httpMethod"),
        ("UpdateDialogDtoValidator GuiActions: only one primary", "/guiActions/1", json!({"action": "b", "url": "https://example.com/b", "priority": "Primary", "title": nb("B")}), 400, "guiActions"),
        ("UpdateDialogDialogApiActionDtoValidator Endpoints NotEmpty", "/apiActions/0/endpoints", json!([]), 400, "apiActions[0].endpoints"),
        ("UpdateDialogDialogApiActionEndpointDtoValidator HttpMethod IsInEnum", "/apiActions/0/endpoints/0/httpMethod", json!("FETCH"), 400, "endpoints[0].httpMethod"),
        ("UpdateDialogDialogApiActionEndpointDtoValidator Url IsValidHttpsUrl", "/apiActions/0/endpoints/0/url", json!("ftp://example.com"), 400, "endpoints[0].url"),
        ("UpdateDialogDialogTransmissionDtoValidator Id IsValidUuidV7", "/transmissions", information(json!(Uuid::new_v4())), 400, "transmissions[0].id"),
        ("UpdateDialogDialogTransmissionDtoValidator Type IsInEnum", "/transmissions", json!([{"type": "Telegram", "sender": {"actorType": "ServiceOwner"}, "content": {"title": {"value": nb("Ny")}}}]), 400, "transmissions[0].type"),
        ("UpdateDialogDialogTransmissionDtoValidator Content NotEmpty", "/transmissions", json!([{"type": "Information", "sender": {"actorType": "ServiceOwner"}}]), 400, "transmissions[0].content"),
        ("UpdateDialogDialogTransmissionDtoValidator: a new transmission is appended", "/transmissions", information(json!(Uuid::now_v7())), 204, ""),
        ("UpdateDialogDialogActivityDtoValidator Type IsInEnum", "/activities", json!([{"type": "Exploded", "performedBy": {"actorType": "ServiceOwner"}}]), 400, "activities[0].type"),
        ("UpdateDialogDialogActivityDtoValidator Description required for Information", "/activities", json!([{"type": "Information", "performedBy": {"actorType": "ServiceOwner"}}]), 400, "activities[0].description"),
        ("UpdateDialogDialogActivityDtoValidator PerformedBy NotNull", "/activities", json!([{"type": "DialogOpened"}]), 400, "activities[0].performedBy"),
        ("UpdateDialogDialogActivityDtoValidator: a new activity is appended", "/activities", json!([{"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}}]), 204, ""),
    ])
    .await;
}

/// Where UpdateDialogDtoValidator and its child validators differ from create's (1.119.1,
/// `Commands/Update/Validators/*.cs` against `Commands/Create/Validators/*.cs`), and the rules that
/// depend on other members of the body. Rows that are refused first, then those accepted.
#[tokio::test]
async fn update_validators_where_they_differ_from_create() {
    let nb = |text: &str| json!([{"languageCode": "nb", "value": text}]);
    let past = json!((Utc::now() - Duration::hours(1)).to_rfc3339());
    let transmission = |extra: Value| {
        let mut t = json!({"type": "Information", "sender": {"actorType": "ServiceOwner"}, "content": {"title": {"value": nb("Ny")}}});
        if let (Some(t), Some(extra)) = (t.as_object_mut(), extra.as_object()) {
            t.extend(extra.clone());
        }
        json!([t])
    };
    let dp = Dp::start().await;
    let id = dp.created(&full_dialog()).await;
    let path = format!("{DIALOGS}/{id}");
    let mut due = full_update();
    due["dueAt"] = json!((Utc::now() + Duration::days(20)).to_rfc3339());
    check_rows(&dp, Method::PUT, &path, &due, vec![
        ("UpdateDialogDtoValidator ExpiresAt GreaterThanOrEqualTo(DueAt)", "/expiresAt", json!((Utc::now() + Duration::days(10)).to_rfc3339()), 400, "dto.expiresAt"),
        ("UpdateDialogDtoValidator Process NotEmpty when PrecedingProcess is set", "/precedingProcess", json!("urn:dp:process:before"), 400, "dto.process"),
        ("UpdateDialogContentDtoValidator: Content NotEmpty unless IsApiOnly", "/content", Value::Null, 400, "dto.content"),
        ("UpdateDialogTransmissionNavigationalActionDtoValidator ExpiresAt IsInFuture", "/transmissions", transmission(json!({"navigationalActions": [{"title": nb("Gå"), "url": "https://example.com", "expiresAt": past}]})), 400, "transmissions[0].navigationalActions[0].expiresAt"),
        ("UpdateDialogDialogApiActionDtoValidator Endpoints UniqueBy(Id)", "/apiActions/0/endpoints", json!([{"id": Uuid::now_v7(), "url": "https://example.com/a", "httpMethod": "GET"}, {"id": Uuid::nil(), "url": "https://example.com/b", "httpMethod": "GET"}, {"id": Uuid::nil(), "url": "https://example.com/c", "httpMethod": "GET"}]), 400, "apiActions[0].endpoints"),
        ("UpdateDialogDialogAttachmentDtoValidator has no ExpiresAt IsInFuture: the handler's ValidateTimeFields(DialogAttachment) is a 422", "/attachments/0/expiresAt", past.clone(), 422, "Attachments.ExpiresAt"),
        ("UpdateDialogDialogGuiActionDtoValidator has no Id rule (create's IsValidUuidV7)", "/guiActions/0/id", json!(Uuid::new_v4()), 204, ""),
        ("UpdateDialogDialogApiActionDtoValidator has no Id rule (create's IsValidUuidV7)", "/apiActions/0/id", json!(Uuid::new_v4()), 204, ""),
        ("UpdateDialogDialogApiActionEndpointDtoValidator has no Id rule", "/apiActions/0/endpoints/0/id", json!(Uuid::new_v4()), 204, ""),
        ("UpdateDialogTransmissionAttachmentDtoValidator has no ExpiresAt IsInFuture", "/transmissions", transmission(json!({"attachments": [{"expiresAt": past, "urls": [{"url": "https://example.com/t.pdf", "consumerType": "Gui"}]}]})), 204, ""),
    ])
    .await;
    let answer = dp
        .put(id, &{
            let mut body = due.clone();
            body["content"] = Value::Null;
            body
        })
        .await;
    assert_eq!(answer.errors("dto.content"), ["'Content' must not be empty."]);

    // An API-only dialog's content may be left out; given, it is checked (the content validator's
    // Title NotNull runs whenever Content is not null).
    let mut api_only = full_update();
    api_only["isApiOnly"] = json!(true);
    check_rows(&dp, Method::PUT, &path, &api_only, vec![
        ("UpdateDialogDtoValidator IsApiOnly: Content given is validated", "/content", json!({"summary": {"value": nb("Bare sammendrag")}}), 400, "dto.content"),
        ("UpdateDialogDialogTransmissionDtoValidator IsApiOnly: Content given is validated", "/transmissions", json!([{"type": "Information", "sender": {"actorType": "ServiceOwner"}, "content": {"summary": {"value": nb("S")}}}]), 400, "transmissions[0].content"),
        ("UpdateDialogDtoValidator IsApiOnly: Content may be left out", "/content", Value::Null, 204, ""),
        ("UpdateDialogDialogTransmissionDtoValidator IsApiOnly: Content may be left out", "/transmissions", json!([{"type": "Information", "sender": {"actorType": "ServiceOwner"}}]), 204, ""),
    ])
    .await;
    // The transmission without content locks the dialog to API-only (UpdateDialogDtoValidator,
    // with the dialog preloaded).
    let answer = dp.put(id, &full_update()).await;
    answer.expect(400);
    assert!(answer.has_error_text("This dialog is locked to IsApiOnly=true"), "{}", answer.body);
}

/// UpdateTransmissionCommandValidator and UpdateTransmissionTransmissionDtoValidator (1.119.1,
/// `Commands/UpdateTransmission/Validators`): a correction is silent, and its `createdAt` may lie
/// ahead (the dialog's VisibleFrom may have set it).
#[tokio::test]
async fn update_transmission_validators() {
    let base = json!({
        "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Rettet"}]}}
    });
    // The scope is the handler's first check, after the validators: without it a body that breaks
    // a rule is still a 400, and only a valid one is a 403.
    let without_scope = Dp::start().await;
    let id = without_scope.created(&full_dialog()).await;
    let transmission = without_scope.get(id).await.body["transmissions"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("{DIALOGS}/{id}/transmissions/{transmission}");
    let answer = without_scope.send(Method::PUT, &path, Some(&base)).await;
    answer.expect(400);
    assert_eq!(answer.errors("isSilentUpdate"), ["IsSilentUpdate must be true when updating transmissions."]);
    without_scope.send(Method::PUT, &format!("{path}?isSilentUpdate=true"), Some(&base)).await.expect(403);

    let dp = Dp::with(
        dialogporten_server::Config::dev().with_dev_scopes(&[dialogporten_server::auth::scopes::CHANGE_TRANSMISSIONS]),
    )
    .await;
    let id = dp.created(&full_dialog()).await;
    let transmission = dp.get(id).await.body["transmissions"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("{DIALOGS}/{id}/transmissions/{transmission}");
    check_rows(
        &dp,
        Method::PUT,
        &format!("{path}?isSilentUpdate=true"),
        &base,
        vec![
            ("UpdateTransmissionTransmissionDtoValidator Content NotEmpty", "/content", Value::Null, 400, "content"),
            (
                "UpdateTransmissionTransmissionAttachmentUrlDtoValidator Url IsValidHttpsUrl",
                "/attachments",
                json!([{"urls": [{"url": "http://example.com/a", "consumerType": "Gui"}]}]),
                400,
                "attachments[0].urls[0].url",
            ),
            (
                "UpdateTransmissionTransmissionAttachmentUrlDtoValidator Id IsValidUuidV7",
                "/attachments",
                json!([{"urls": [{"id": Uuid::new_v4(), "url": "https://example.com/a", "consumerType": "Gui"}]}]),
                400,
                "attachments[0].urls[0].id",
            ),
            (
                "UpdateTransmissionTransmissionDtoValidator has no CreatedAt IsInPast",
                "/createdAt",
                json!((Utc::now() + Duration::days(2)).to_rfc3339()),
                204,
                "",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn create_transmission_validators() {
    let base = json!({
        "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Melding"}]}}
    });
    run_posts("/transmissions", base, vec![
        ("CreateTransmissionTransmissionDtoValidator: the transmission as given is valid", "/externalReference", json!("ref"), 201, ""),
        ("CreateTransmissionTransmissionDtoValidator Id IsValidUuidV7", "/id", json!(Uuid::new_v4()), 400, "id"),
        ("CreateTransmissionTransmissionDtoValidator Id UuidV7TimestampIsInPast", "/id", json!(uuid_v7_at(Duration::days(1))), 400, "id"),
        ("CreateTransmissionTransmissionDtoValidator IdempotentKey MaximumLength(36)", "/idempotentKey", long(37), 400, "idempotentKey"),
        ("CreateTransmissionTransmissionDtoValidator CreatedAt IsInPast", "/createdAt", json!((Utc::now() + Duration::days(1)).to_rfc3339()), 400, "createdAt"),
        ("CreateTransmissionTransmissionDtoValidator ExtendedType IsValidUri", "/extendedType", json!("not a uri"), 400, "extendedType"),
        ("CreateTransmissionTransmissionDtoValidator ExternalReference MaximumLength(255)", "/externalReference", long(256), 400, "externalReference"),
        ("CreateTransmissionTransmissionDtoValidator Type IsInEnum", "/type", json!("Telegram"), 400, "type"),
        ("CreateTransmissionTransmissionDtoValidator Sender ActorValidator", "/sender", json!({"actorType": "PartyRepresentative"}), 400, "sender"),
        ("CreateTransmissionTransmissionDtoValidator AuthorizationAttribute IsValidAuthorizationAttribute", "/authorizationAttribute", json!("Not Valid"), 400, "authorizationAttribute"),
        ("CreateTransmissionTransmissionDtoValidator Content NotEmpty", "/content", Value::Null, 400, "content"),
        ("CreateTransmissionContentDtoValidator Title MaximumLength(255)", "/content/title/value/0/value", long(256), 400, "content.title"),
        ("CreateTransmissionContentDtoValidator Summary media type", "/content/summary", json!({"value": [{"languageCode": "nb", "value": "S"}], "mediaType": "text/html"}), 400, "content.summary"),
        ("CreateTransmissionContentDtoValidator ContentReference front-channel embed", "/content/contentReference", json!({"value": [{"languageCode": "nb", "value": "https://example.com/fce"}], "mediaType": "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown"}), 201, ""),
        ("CreateTransmissionTransmissionAttachmentDtoValidator Urls NotEmpty", "/attachments", json!([{"urls": []}]), 400, "attachments[0].urls"),
        // Not the dialog create's rule: NotEmpty and IsValidUri, no HTTPS, no MaximumLength.
        ("CreateTransmissionTransmissionAttachmentUrlDtoValidator Url IsValidUri", "/attachments", json!([{"urls": [{"url": "not a uri", "consumerType": "Gui"}]}]), 400, "attachments[0].urls[0].url"),
        ("CreateTransmissionTransmissionAttachmentUrlDtoValidator Url: any scheme", "/attachments", json!([{"urls": [{"url": "http://example.com/a", "consumerType": "Gui"}]}]), 201, ""),
        ("CreateTransmissionTransmissionAttachmentUrlDtoValidator Url: no MaximumLength", "/attachments", json!([{"urls": [{"url": url_of(1100), "consumerType": "Gui"}]}]), 201, ""),
        ("CreateTransmissionTransmissionAttachmentDtoValidator has no ExpiresAt IsInFuture", "/attachments", json!([{"expiresAt": (Utc::now() - Duration::hours(1)).to_rfc3339(), "urls": [{"url": "https://example.com/a", "consumerType": "Gui"}]}]), 201, ""),
        ("CreateTransmissionNavigationalActionDtoValidator Url IsValidHttpsUrl", "/navigationalActions", json!([{"title": [{"languageCode": "nb", "value": "Gå"}], "url": "http://example.com"}]), 400, "navigationalActions[0].url"),
        ("CreateTransmissionNavigationalActionDtoValidator ExpiresAt IsInFuture", "/navigationalActions", json!([{"title": [{"languageCode": "nb", "value": "Gå"}], "url": "https://example.com", "expiresAt": (Utc::now() - Duration::hours(1)).to_rfc3339()}]), 400, "navigationalActions[0].expiresAt"),
    ])
    .await;
}

#[tokio::test]
async fn create_activity_validators() {
    let base = json!({"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}});
    run_posts(
        "/activities",
        base,
        vec![
            (
                "CreateActivityActivityDtoValidator: the activity as given is valid",
                "/extendedType",
                json!("urn:dp:opened"),
                201,
                "",
            ),
            ("CreateActivityActivityDtoValidator Id IsValidUuidV7", "/id", json!(Uuid::new_v4()), 400, "id"),
            (
                "CreateActivityActivityDtoValidator CreatedAt IsInPast",
                "/createdAt",
                json!((Utc::now() + Duration::days(1)).to_rfc3339()),
                400,
                "createdAt",
            ),
            (
                "CreateActivityActivityDtoValidator ExtendedType IsValidUri",
                "/extendedType",
                json!("not a uri"),
                400,
                "extendedType",
            ),
            ("CreateActivityActivityDtoValidator Type IsInEnum", "/type", json!("Exploded"), 400, "type"),
            (
                "CreateActivityActivityDtoValidator Description only for Information",
                "/description",
                json!([{"languageCode": "nb", "value": "Hei"}]),
                400,
                "description",
            ),
            (
                "CreateActivityActivityDtoValidator TransmissionId only on TransmissionOpened",
                "/transmissionId",
                json!(Uuid::now_v7()),
                400,
                "transmissionId",
            ),
            ("CreateActivityActivityDtoValidator PerformedBy NotNull", "/performedBy", Value::Null, 400, "performedBy"),
            (
                "ActorValidator on activities: an invalid actor id",
                "/performedBy",
                json!({"actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:1"}),
                400,
                "performedBy",
            ),
            (
                "ActorValidator on activities: a party representative by id",
                "/performedBy",
                json!({"actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:08844397713"}),
                201,
                "",
            ),
        ],
    )
    .await;
}
