//! Conformance: routing and binding as upstream's framework (ASP.NET Core)
//! does them, which Digdir's own request collection (Altinn/dialogporten-bruno)
//! and upstream's k6 tests rely on: path segments without regard to case, a
//! trailing slash, unknown body members ignored (dp-server names them in
//! `x-ignored-properties`), and a GET view accepted back on PUT.

use dialogporten::reqwest::Method;
use dp_integration_tests::conformance::{Dp, dialog};
use serde_json::json;

/// k6 sentinel (tests/k6): `GET /api/v1/serviceowner/dialogs/` with a trailing slash
#[tokio::test]
async fn a_trailing_slash_reaches_the_same_operation() {
    let dp = Dp::start().await;
    dp.send(Method::GET, "/api/v1/serviceowner/dialogs/", None).await.expect(200);
    let answer = dp.send(Method::POST, "/api/v1/serviceowner/dialogs/", Some(&dialog())).await;
    answer.expect(201);
    let id = answer.id();
    dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}/"), None).await.expect(200);
}

/// ASP.NET Core routing ignores case: dialogporten-bruno's `…/seenLog` requests
#[tokio::test]
async fn path_segments_match_without_regard_to_case() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}/seenLog"), None).await.expect(200);
    dp.send(Method::GET, &format!("/API/V1/ServiceOwner/Dialogs/{}", id.to_string().to_uppercase()), None)
        .await
        .expect(200);
    dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}/Activities/"), None).await.expect(200);
}

/// dialogporten-bruno "Create dialog": a member upstream no longer has (`accepts`) is ignored, not refused
#[tokio::test]
async fn an_unknown_member_is_ignored_and_named() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["accepts"] = json!(["application/json"]);
    body["content"]["title"]["colour"] = json!("red");
    let answer = dp.create(&body).await;
    answer.expect(201);
    assert_eq!(answer.ignored.as_deref(), Some("accepts, content.title.colour"));
    let got = dp.get(answer.id()).await;
    assert!(got.body.get("accepts").is_none());
}

/// dialogporten-bruno "Update dialog": the GET view, read-only members and all, edited and PUT back
#[tokio::test]
async fn the_get_view_may_be_put_back() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.get(id).await.body;
    view["progress"] = json!(50);
    let answer = dp.put(id, &view).await;
    answer.expect(204);
    let ignored = answer.ignored.unwrap_or_default();
    assert!(ignored.contains("revision") && ignored.contains("org"), "{ignored}");
    assert_eq!(dp.get(id).await.body["progress"], 50);
}

/// A well-formed body gets no `x-ignored-properties`
#[tokio::test]
async fn a_body_without_unknown_members_gets_no_warning() {
    let dp = Dp::start().await;
    let answer = dp.create(&dialog()).await;
    answer.expect(201);
    assert_eq!(answer.ignored, None);
}

/// SearchDialogQueryValidator: `process` must be a well-formed URI (a `string`, so
/// FluentValidationStringExtensions.IsValidUri's "well-formatted")
#[tokio::test]
async fn a_search_for_a_malformed_process_is_refused() {
    let dp = Dp::start().await;
    let answer = dp.send(Method::GET, "/api/v1/serviceowner/dialogs?process=not%20a%20uri", None).await;
    answer.expect(400);
    assert_eq!(answer.errors("process"), ["'Process' is not a well-formatted URI."]);
    let long = format!("urn:{}", "x".repeat(1020));
    let answer = dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs?process={long}"), None).await;
    answer.expect(400);
    assert!(answer.has_error_text("1023 characters or fewer"), "{}", answer.body);
    dp.send(Method::GET, "/api/v1/serviceowner/dialogs?process=urn:altinn:process:42", None).await.expect(200);
}
