//! Conformance: every error is problem details (RFC 9457) as upstream's
//! ErrorResponseSnapshotTests show them, including the framework's own
//! refusals (401, 405, 415, an unreadable path), with no internal names or
//! Rust wording (Altinn/dialogporten v1.119.1).

use dialogporten::reqwest::Method;
use dp_integration_tests::conformance::{Dp, dialog};
use serde_json::json;
use uuid::Uuid;

async fn raw(
    dp: &Dp,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: &str,
    token: bool,
) -> (u16, String, String) {
    let mut request = dialogporten::transport::http_client().request(method, format!("{}{path}", dp.server.base_url));
    if token {
        request = request.bearer_auth(dialogporten_server::DEV_TOKEN);
    }
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.body(body.to_owned()).send().await.unwrap();
    let status = response.status().as_u16();
    let media = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, media, response.text().await.unwrap())
}

fn problem(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// ErrorResponseSnapshotTests.Should_Return_404_Error_Response_In_ProblemDetails_Format (shape: type, title, status, instance, traceId)
#[tokio::test]
async fn a_missing_dialog_is_problem_details() {
    let dp = Dp::start().await;
    let id = uuid::Uuid::now_v7();
    let (status, media, body) =
        raw(&dp, Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}"), None, "", true).await;
    assert_eq!(status, 404);
    assert!(media.starts_with("application/problem+json"), "{media}");
    let p = problem(&body);
    assert_eq!(p["title"], "Resource not found.");
    assert_eq!(p["status"], 404);
    assert_eq!(p["instance"], format!("/api/v1/serviceowner/dialogs/{id}"));
    assert!(p["traceId"].as_str().is_some_and(|t| t.starts_with("00-")));
}

/// A request without a token: 401 with problem details and `WWW-Authenticate: Bearer`
#[tokio::test]
async fn no_token_is_a_401_with_problem_details() {
    let dp = Dp::start().await;
    let (status, media, body) = raw(&dp, Method::GET, "/api/v1/serviceowner/dialogs", None, "", false).await;
    assert_eq!(status, 401);
    assert!(media.starts_with("application/problem+json"), "{media}");
    assert_eq!(problem(&body)["status"], 401);
}

/// A method the path does not take: 405 with problem details
#[tokio::test]
async fn a_wrong_method_is_a_405_with_problem_details() {
    let dp = Dp::start().await;
    let (status, media, body) = raw(&dp, Method::DELETE, "/api/v1/serviceowner/dialogs", None, "", true).await;
    assert_eq!(status, 405);
    assert!(media.starts_with("application/problem+json"), "{media}");
    assert_eq!(problem(&body)["status"], 405);
}

/// Upstream answers a body without Content-Type with 415, before reading it
#[tokio::test]
async fn a_body_without_content_type_is_a_415() {
    let dp = Dp::start().await;
    let (status, media, body) =
        raw(&dp, Method::POST, "/api/v1/serviceowner/dialogs", None, &dialog().to_string(), true).await;
    assert_eq!(status, 415, "{body}");
    assert!(media.starts_with("application/problem+json"), "{media}");
    let (status, _, _) =
        raw(&dp, Method::POST, "/api/v1/serviceowner/dialogs", Some("text/plain"), "{not json", true).await;
    assert_eq!(status, 415, "the media type is checked before the body is read");
}

/// A path that is not UTF-8 once decoded: 400 with problem details, naming no internal variable
#[tokio::test]
async fn an_unreadable_path_is_a_400_with_problem_details() {
    let dp = Dp::start().await;
    let (status, media, body) = raw(&dp, Method::GET, "/api/v1/serviceowner/dialogs/%FF%FE", None, "", true).await;
    assert_eq!(status, 400, "{body}");
    assert!(media.starts_with("application/problem+json"), "{media}");
    assert!(!body.contains("dialog_id"), "{body}");
}

/// A `null` body is not explained in Rust's words
#[tokio::test]
async fn a_null_body_is_explained_in_json_terms() {
    let dp = Dp::start().await;
    let (status, _, body) =
        raw(&dp, Method::POST, "/api/v1/serviceowner/dialogs", Some("application/json"), "null", true).await;
    assert_eq!(status, 400);
    assert!(!body.contains("struct") && !body.contains("unit value"), "{body}");
    assert!(body.contains("expected an object, found null"), "{body}");
}

/// A GET with `accept` (or none), and its status and JSON body.
async fn with_accept(dp: &Dp, path: &str, accept: Option<&str>) -> (u16, serde_json::Value) {
    let mut request = dialogporten::transport::http_client().get(format!("{}{path}", dp.server.base_url));
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// RequireJsonAcceptPreProcessor and AcceptHeaderHelper.AllowsJson
/// (WebApi/Endpoints/V1/Common/PreProcessors/RequireJsonAcceptPreProcessor.cs, 1.119.1), used by
/// GetLimits, GetServiceResourceMetadata, GetJwks and GetOauthAuthorizationServer: an Accept header
/// that allows no JSON is a 406 with `errors.Accept` (title and detail of
/// ErrorResponseBuilderExtensions); no header, or one that cannot be parsed, allows JSON.
#[tokio::test]
async fn an_accept_that_allows_no_json_is_a_406_on_the_json_only_operations() {
    let dp = Dp::start().await;
    for path in [
        "/api/v1/metadata/limits",
        "/api/v1/metadata/serviceresources",
        "/api/v1/.well-known/jwks.json",
        "/api/v1/.well-known/oauth-authorization-server",
    ] {
        for refused in ["text/html", "application/xml", "application/json;q=0", "text/*"] {
            let (status, body) = with_accept(&dp, path, Some(refused)).await;
            assert_eq!(status, 406, "{path} with Accept {refused}: {body}");
            assert_eq!(body["errors"]["Accept"][0], "The request must accept application/json responses.");
            assert_eq!(body["title"], "Requested content type is not acceptable.");
            assert_eq!(body["detail"], "The Accept header must allow JSON responses.");
            assert_eq!(body["type"], "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6");
        }
        for allowed in [
            None,
            Some("*/*"),
            Some("application/*"),
            Some("application/json"),
            Some("application/problem+json"),
            Some("text/html, application/json;q=0.5"),
            Some("not a media type"),
        ] {
            let (status, body) = with_accept(&dp, path, allowed).await;
            assert_eq!(status, 200, "{path} with Accept {allowed:?}: {body}");
        }
    }
}

/// ErrorResponseBuilderExtensions sets `Instance = ctx.Request.Path`: the path as sent. Routing
/// ignores case (as ASP.NET's), the problem does not lower it.
#[tokio::test]
async fn a_problem_names_the_path_as_it_was_sent() {
    let dp = Dp::start().await;
    let path = "/API/v1/ServiceOwner/Dialogs/0190A0B1-2C3D-7E4F-8A9B-0C1D2E3F4A5B";
    let (status, _, body) = raw(&dp, Method::GET, path, None, "", true).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(problem(&body)["instance"], path);
}

/// Words of the parser or the language, never the service's: a problem holding one tells the caller
/// how dp-server is built instead of what to send.
const PARSER_WORDS: &[&str] =
    &["invalid type", "missing field", "unknown variant", "unknown field", "serde", "at line", "Option<", "Vec<", "`"];

/// Every operation that takes a body, sent bodies of the wrong shape (a list for an object, a
/// string for a number, a patch operation without its value, ...): each answer is a problem in
/// the service's words (upstream's binding says which member and what was expected, never how it
/// is parsed), and no answer is a 5xx.
#[tokio::test]
async fn malformed_bodies_are_answered_in_the_services_words() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await.to_string();
    let spec = dp_integration_tests::project_spec();
    let bodies = [
        json!([]),
        json!("text"),
        json!(42),
        json!({"progress": "half"}),
        json!({"content": 5, "status": ["x"]}),
        json!({"party": {"urn": 1}, "serviceResource": false}),
        json!([{"op": "add", "path": "/progress"}]),
        json!([{"op": "jump", "path": "/progress", "value": 1}]),
        json!([{"op": 5}]),
        json!({"dialogs": "all", "systemLabels": 3, "addLabels": [1]}),
        json!({"value": ["a"], "type": 7, "performedBy": "me"}),
    ];
    for (template, item) in spec["paths"].as_object().unwrap() {
        let path = template.replace("{dialogId}", &id).replace("{transmissionId}", &Uuid::now_v7().to_string());
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("requestBody").is_none() {
                continue;
            }
            let method: Method = method.to_uppercase().parse().unwrap();
            for body in &bodies {
                let (status, _, text) =
                    raw(&dp, method.clone(), &path, Some("application/json"), &body.to_string(), true).await;
                // Some are well-formed for some operations (`[]` is an empty patch): no 5xx is the rule.
                assert!(status < 500, "{method} {template} with {body}: {status} {text}");
                for word in PARSER_WORDS {
                    assert!(!text.contains(word), "{method} {template} with {body} says {word:?}: {text}");
                }
            }
        }
    }
}

/// An activity every dialog takes.
fn opened_activity() -> serde_json::Value {
    json!({"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}})
}

/// The order of checks as upstream's pipeline has them (1.119.1): FastEndpoints binds, then MediatR's
/// DataLoaderBehaviour preloads what a command's validator needs and ValidationBehaviour runs the
/// validators (UpdateDialogDtoValidator, CreateActivityDtoValidator, ...), then the command handler
/// looks the dialog up (404, 410, 403) and compares the revision. So a body that breaks a rule is a
/// 400 even with a stale If-Match. But UpdateDialogCommandValidator validates the body only
/// `When(DialogIsPreloaded)`: a PUT to a dialog the caller cannot see is a 404 whatever its body
/// says, while an activity or a transmission for one is a 400.
#[tokio::test]
async fn a_body_that_breaks_a_rule_is_a_400_before_a_412_and_before_a_404_but_for_a_put() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let stale = Uuid::now_v7().to_string();
    let as_me = dp.as_token(dialogporten_server::DEV_TOKEN);
    let dialogs = "/api/v1/serviceowner/dialogs";
    let mut bad_update = dp.put_view(id).await;
    bad_update["progress"] = json!(500);
    let bad_activity = json!({"type": "Information"});
    let bad_transmission = json!({"type": "Information", "sender": {"actorType": "ServiceOwner"}, "content": {}});
    for (method, path, body) in [
        (Method::PUT, format!("{dialogs}/{id}"), &bad_update),
        (Method::POST, format!("{dialogs}/{id}/activities"), &bad_activity),
        (Method::POST, format!("{dialogs}/{id}/transmissions"), &bad_transmission),
    ] {
        let answer = as_me.send_with(method.clone(), &path, Some(body), &[("if-match", &stale)]).await;
        assert_eq!(answer.status, 400, "{method} {path} with a stale If-Match: {:?}", answer.body);
    }
    let missing = Uuid::now_v7();
    let answer = dp.put(missing, &bad_update).await;
    assert_eq!(answer.status, 404, "a PUT that breaks a rule, to a dialog that does not exist: {:?}", answer.body);
    let answer = dp.add_activity(missing, &bad_activity).await;
    assert_eq!(answer.status, 400, "{:?}", answer.body);
    let answer = dp.add_transmission(missing, &bad_transmission).await;
    assert_eq!(answer.status, 400, "{:?}", answer.body);

    let good_update = dp.put_view(id).await;
    let answer =
        as_me.send_with(Method::PUT, &format!("{dialogs}/{id}"), Some(&good_update), &[("if-match", &stale)]).await;
    assert_eq!(answer.status, 412, "a valid body with a stale If-Match: {:?}", answer.body);
    assert_eq!(dp.put(missing, &good_update).await.status, 404);
    // The revision it is at is the one compared, not the one the change makes.
    let current = dp.get(id).await.body["revision"].as_str().unwrap().to_owned();
    let mut change = good_update.clone();
    change["progress"] = json!(20);
    let answer =
        as_me.send_with(Method::PUT, &format!("{dialogs}/{id}"), Some(&change), &[("if-match", &current)]).await;
    assert_eq!(answer.status, 204, "a change at the current revision: {:?}", answer.body);
    let current = dp.get(id).await.body["revision"].as_str().unwrap().to_owned();
    let answer = as_me
        .send_with(
            Method::POST,
            &format!("{dialogs}/{id}/activities"),
            Some(&opened_activity()),
            &[("if-match", &current)],
        )
        .await;
    assert_eq!(answer.status, 201, "an activity at the current revision: {:?}", answer.body);
}

/// UpdateDialogCommand's handler compares If-Match right after deleted and frozen, before its time
/// rules (422, ValidateTimeFields); CreateTransmissionCommand's before the idempotent key (409).
/// IfMatchConcurrencyEarlyExitTests (1.119.1) pins the early exit.
#[tokio::test]
async fn a_stale_revision_is_a_412_before_a_422_or_a_409() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["transmissions"] = json!([{
        "idempotentKey": "key-1", "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}
    }]);
    let id = dp.created(&body).await;
    let stale = Uuid::now_v7().to_string();
    let as_me = dp.as_token(dialogporten_server::DEV_TOKEN);
    let dialogs = "/api/v1/serviceowner/dialogs";
    let mut past_due = dp.put_view(id).await;
    past_due["dueAt"] = json!(dp_integration_tests::conformance::days_from_now(-1));
    assert_eq!(dp.put(id, &past_due).await.status, 422, "a dueAt moved into the past");
    let answer =
        as_me.send_with(Method::PUT, &format!("{dialogs}/{id}"), Some(&past_due), &[("if-match", &stale)]).await;
    assert_eq!(answer.status, 412, "{:?}", answer.body);
    let same_key = json!({
        "idempotentKey": "key-1", "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}
    });
    assert_eq!(dp.add_transmission(id, &same_key).await.status, 409, "the key is taken");
    let answer = as_me
        .send_with(Method::POST, &format!("{dialogs}/{id}/transmissions"), Some(&same_key), &[("if-match", &stale)])
        .await;
    assert_eq!(answer.status, 412, "{:?}", answer.body);
}

/// Upstream binds If-Match to `Guid?` (FastEndpoints' header binding, MVC's on PatchDialog), which
/// parses with .NET's `Guid.TryParse`: the N, D, B, P and X spellings, white space around them.
/// An entity tag in quotes, `W/` or `*` is not a Guid: 400.
#[tokio::test]
async fn if_match_takes_what_a_dotnet_guid_takes() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let as_me = dp.as_token(dialogporten_server::DEV_TOKEN);
    let path = format!("/api/v1/serviceowner/dialogs/{id}/activities");
    let revision: Uuid = dp.get(id).await.body["revision"].as_str().unwrap().parse().unwrap();
    let fields = revision.as_fields();
    let bytes = fields.3.iter().map(|b| format!("0x{b:02x}")).collect::<Vec<_>>().join(",");
    let x_form = format!("{{0x{:08x},0x{:04x},0x{:04x},{{{bytes}}}}}", fields.0, fields.1, fields.2);
    let refused = [
        format!("\"{revision}\""),
        format!("W/\"{revision}\""),
        "*".to_owned(),
        String::new(),
        format!("urn:uuid:{revision}"),
        format!("{{{}}}", revision.simple()),
        format!("{revision}0"),
        "not-a-revision".to_owned(),
    ];
    for spelling in refused {
        let answer = as_me.send_with(Method::POST, &path, Some(&opened_activity()), &[("if-match", &spelling)]).await;
        assert_eq!(answer.status, 400, "If-Match: {spelling} {:?}", answer.body);
        assert!(answer.has_error_key("If-Match"), "{:?}", answer.body);
    }
    for spelling in [
        revision.hyphenated().to_string(),
        revision.simple().to_string().to_uppercase(),
        format!("{{{revision}}}"),
        format!("({revision})"),
        format!("  {revision} "),
        x_form,
    ] {
        let current: Uuid = dp.get(id).await.body["revision"].as_str().unwrap().parse().unwrap();
        assert_eq!(current, revision, "nothing changed the dialog");
        let answer = as_me
            .send_with(
                Method::PUT,
                &format!("/api/v1/serviceowner/dialogs/{id}"),
                Some(&dp.put_view(id).await),
                &[("if-match", &spelling)],
            )
            .await;
        assert_eq!(answer.status, 204, "If-Match: {spelling} {:?}", answer.body);
    }
}

/// CreateDialogCommand's resource check (Application/Features/V1/ServiceOwner/Dialogs/Commands/Create,
/// 1.119.1): another organisation's service resource is a 403. In development, resources under
/// `urn:altinn:resource:other-` belong to another organisation, so the refusal is reachable without
/// a registry; an admin may use them.
#[tokio::test]
async fn another_organisations_resource_is_refused_in_development_too() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["serviceResource"] = json!("urn:altinn:resource:other-tax-return");
    let refused = dp.create(&body).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert!(refused.body.to_string().contains("belongs to 'other'"), "{:?}", refused.body);
    let admin = dp_integration_tests::conformance::with_admin().await;
    let as_admin = admin.as_token(dp_integration_tests::conformance::ADMIN_TOKEN);
    let created = as_admin.send(Method::POST, "/api/v1/serviceowner/dialogs", Some(&body)).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
}

/// Endpoints/V1/Testing/ExceptionEndpoint (1.119.1): `GET /api/v1/exception` needs the scope
/// `digdir:dialogporten.developer.test` and always throws; GlobalExceptionHandler answers 500 with
/// its DefaultResponse (a title, a detail, no `errors`).
#[tokio::test]
async fn the_exception_endpoint_is_a_500_for_a_tester() {
    let dp = Dp::start().await;
    let refused = dp.send(Method::GET, "/api/v1/exception", None).await;
    assert_eq!(refused.status, 403, "a service owner without the test scope: {:?}", refused.body);
    let tester =
        Dp::with(dialogporten_server::Config::dev().with_dev_scopes(&[dialogporten_server::auth::scopes::TESTING]))
            .await;
    let answer =
        tester.send(Method::GET, "/api/v1/Exception?exceptionType=System.InvalidOperationException", None).await;
    assert_eq!(answer.status, 500, "{:?}", answer.body);
    assert_eq!(answer.body["title"], "An error occurred while processing the request.");
    assert_eq!(answer.body["detail"], "Something went wrong during the request.");
    assert_eq!(answer.body["instance"], "/api/v1/Exception");
    assert!(answer.body.get("errors").is_none(), "{:?}", answer.body);
}
