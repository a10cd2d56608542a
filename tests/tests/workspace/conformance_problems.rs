//! Conformance: every error is problem details (RFC 9457) as upstream's
//! ErrorResponseSnapshotTests show them, including the framework's own
//! refusals (401, 405, 415, an unreadable path), with no internal names or
//! Rust wording (Altinn/dialogporten v1.119.1).

use dialogporten::reqwest::Method;
use dp_integration_tests::conformance::{Dp, dialog};

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
