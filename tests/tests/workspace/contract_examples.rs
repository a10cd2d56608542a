//! Every example in both contracts is a request the service takes (issue 29): each operation is
//! sent as its examples spell it (path and query parameters, request body), to a server holding
//! the dialog those examples name, and must be answered 2xx. An operation whose path or required
//! parameters have no example, or whose request body has none, fails the test: the examples are
//! what schemathesis and a reader of the contract start from.

use dialogporten::reqwest::Method;
use dialogporten_server::Config;
use dialogporten_server::DEV_TOKEN;
use dialogporten_server::auth::scopes;
use dp_integration_tests::conformance::{Answer, Dp, end_user_token};
use serde_json::{Value, json};

/// The person the examples' dialog belongs to (the end user the end-user examples log in as).
pub(crate) const PID: &str = "08844397713";

/// What one operation's examples say to send.
#[derive(Clone)]
pub(crate) struct Example {
    pub(crate) name: String,
    pub(crate) method: Method,
    /// The path with its parameters filled in.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Value>,
    /// The operation as the contract has it.
    pub(crate) operation: Value,
}

impl Example {
    pub(crate) fn target(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        if query.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, query.join("&")) }
    }
}

/// The examples of every operation in `spec`, or what is missing for an operation to have them.
pub(crate) fn examples(spec: &Value, missing: &mut Vec<String>) -> Vec<Example> {
    let mut out = Vec::new();
    for (template, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else { continue };
            if !operation.is_object() {
                continue;
            }
            let name = format!("{method} {template} ({})", operation["operationId"].as_str().unwrap_or("?"));
            let mut path = template.clone();
            let mut query = Vec::new();
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let parameter = resolve(spec, parameter);
                let key = parameter["name"].as_str().unwrap_or_default();
                let required = parameter["required"].as_bool().unwrap_or(false);
                let Some(example) = parameter.get("example") else {
                    if required {
                        missing.push(format!("{name}: the required parameter {key} has no example"));
                    }
                    continue;
                };
                match parameter["in"].as_str() {
                    Some("path") => path = path.replace(&format!("{{{key}}}"), &text(example)),
                    Some("query") => match example {
                        Value::Array(items) => query.extend(items.iter().map(|v| (key.to_owned(), text(v)))),
                        one => query.push((key.to_owned(), text(one))),
                    },
                    _ => missing.push(format!("{name}: an example for the {key} header is sent by no one")),
                }
            }
            let body = match operation.get("requestBody") {
                Some(request) => {
                    let example =
                        request["content"].as_object().into_iter().flatten().find_map(|(_, c)| c.get("example"));
                    if example.is_none() {
                        missing.push(format!("{name}: the request body has no example"));
                    }
                    example.cloned()
                }
                None => None,
            };
            out.push(Example { name, method, path, query, body, operation: operation.clone() });
        }
    }
    out
}

pub(crate) fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => spec.pointer(pointer).unwrap_or(node),
        None => node,
    }
}

/// A parameter value as it goes in a URL (the examples hold no characters that need escaping,
/// which the test checks by sending them).
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.replace(':', "%3A"),
        other => other.to_string(),
    }
}

/// The example of `parameter` on the operation `method path`, as the contract has it.
fn parameter_example(spec: &Value, path: &str, method: &str, parameter: &str) -> Value {
    spec["paths"][path][method]["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == parameter)
        .and_then(|p| p.get("example"))
        .cloned()
        .unwrap_or_else(|| panic!("{method} {path} has an example for {parameter}"))
}

/// A server holding the dialog the examples name: the CreateDialog example, with the dialog,
/// transmission, activity and label ids the other operations' examples use.
pub(crate) async fn seeded(spec: &Value) -> Dp {
    let dp =
        Dp::with(Config::dev().with_dev_scopes(&[scopes::ADMIN, scopes::CHANGE_TRANSMISSIONS, scopes::NOTIFICATIONS]))
            .await;
    let dialog = "/api/v1/serviceowner/dialogs/{dialogId}";
    let mut body = spec["paths"]["/api/v1/serviceowner/dialogs"]["post"]["requestBody"]["content"]["application/json"]
        ["example"]
        .clone();
    body["id"] = parameter_example(spec, dialog, "get", "dialogId");
    body["transmissions"] = json!([{
        "id": parameter_example(spec, &format!("{dialog}/transmissions/{{transmissionId}}"), "get", "transmissionId"),
        "type": "Information",
        "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Vedtak"}]}}
    }]);
    body["activities"] = json!([{
        "id": parameter_example(spec, &format!("{dialog}/activities/{{activityId}}"), "get", "activityId"),
        "type": "DialogCreated",
        "performedBy": {"actorType": "ServiceOwner"}
    }]);
    body["serviceOwnerContext"] = json!({"serviceOwnerLabels": [{
        "value": parameter_example(spec, &format!("{dialog}/context/labels/{{label}}"), "delete", "label")
    }]});
    let created = dp.send(Method::POST, "/api/v1/serviceowner/dialogs", Some(&body)).await;
    assert_eq!(created.status, 201, "the examples' dialog: {}", created.body);
    dp
}

/// What must hold before an operation's example makes sense: a dialog is restored only once deleted.
pub(crate) async fn prepare(dp: &Dp, example: &Example, spec: &Value) {
    if example.path.contains("/actions/restore") {
        let id = parameter_example(spec, "/api/v1/serviceowner/dialogs/{dialogId}", "delete", "dialogId");
        let id = id.as_str().unwrap_or_default();
        dp.send(Method::DELETE, &format!("/api/v1/serviceowner/dialogs/{id}"), None).await.expect(204);
    }
}

/// Operations whose path names something the server makes and no request can choose: a seen-log
/// entry's id. Their example is answered 404, which is not a refusal of its shape.
fn names_what_the_server_makes(example: &Example) -> bool {
    example.path.contains("/seenlog/")
}

fn accepted(example: &Example, answer: &Answer) -> bool {
    (200..300).contains(&answer.status) || (answer.status == 404 && names_what_the_server_makes(example))
}

#[tokio::test]
async fn every_example_in_both_contracts_is_accepted() {
    let root = dp_integration_tests::repo_root();
    let service_owner = dp_integration_tests::read_json(&root.join("openapi.json"));
    let end_user = dp_integration_tests::read_json(&root.join("openapi.enduser.json"));
    let mut failures = Vec::new();
    let mut sent = 0;
    for (spec, person) in [(&service_owner, false), (&end_user, true)] {
        for example in examples(spec, &mut failures) {
            let dp = seeded(&service_owner).await;
            prepare(&dp, &example, &service_owner).await;
            let token = if person { end_user_token(&dp, PID).await } else { DEV_TOKEN.to_owned() };
            let answer =
                dp.as_token(&token).send(example.method.clone(), &example.target(), example.body.as_ref()).await;
            sent += 1;
            if !accepted(&example, &answer) {
                failures.push(format!(
                    "{}: {} answered {} {}",
                    example.name,
                    example.target(),
                    answer.status,
                    answer.body
                ));
            }
        }
    }
    assert!(sent >= 40, "both contracts' operations were sent ({sent})");
    assert!(failures.is_empty(), "{} examples are not accepted:\n{}", failures.len(), failures.join("\n"));
}

/// Every `example` of a schema's property fits the property's own schema (type, format, length,
/// pattern, bounds): a reader copies them, and schemathesis builds bodies from them.
#[test]
fn every_property_example_fits_its_schema() {
    let root = dp_integration_tests::repo_root();
    let mut failures = Vec::new();
    for file in ["openapi.json", "openapi.enduser.json"] {
        let spec = dp_integration_tests::read_json(&root.join(file));
        for (schema_name, schema) in spec["components"]["schemas"].as_object().into_iter().flatten() {
            for (property, definition) in schema["properties"].as_object().into_iter().flatten() {
                let Some(example) = definition.get("example") else { continue };
                let mut errors = Vec::new();
                dp_integration_tests::contract_check::validate(
                    &spec,
                    definition,
                    example,
                    &format!("{file} {schema_name}.{property}"),
                    &mut errors,
                );
                if let Some(text) = example.as_str() {
                    errors.extend(
                        fits_text(definition, text).map(|why| format!("{file} {schema_name}.{property}: {why}")),
                    );
                }
                failures.extend(errors);
            }
        }
    }
    assert!(failures.is_empty(), "{} property examples do not fit:\n{}", failures.len(), failures.join("\n"));
}

/// The string constraints `contract_check::validate` leaves to the request side.
fn fits_text(definition: &Value, text: &str) -> Option<String> {
    let length = text.chars().count();
    if text.contains('\n') {
        return Some(format!("{text:?} is several values in one"));
    }
    if let Some(max) = definition["maxLength"].as_u64()
        && length as u64 > max
    {
        return Some(format!("{text:?} is longer than {max}"));
    }
    if let Some(min) = definition["minLength"].as_u64()
        && (length as u64) < min
    {
        return Some(format!("{text:?} is shorter than {min}"));
    }
    let pattern = definition["pattern"].as_str()?;
    match regex::Regex::new(pattern) {
        Ok(re) if re.is_match(text) => None,
        Ok(_) => Some(format!("{text:?} does not match {pattern}")),
        Err(e) => Some(format!("the pattern {pattern} does not compile: {e}")),
    }
}
