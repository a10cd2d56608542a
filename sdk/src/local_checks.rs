//! The model's rules run on a body before it is sent, as `dp` runs them: a body the service
//! would refuse with 400 is refused here with the same field errors, and nothing is sent.
//!
//! The rules are those no token can get past; what depends on the token's scopes (admin,
//! legacy HTML, correspondence) and on time (a date no longer in the future, 422) is left
//! to the service, which knows them.

use crate::types::{
    CreateDialog, CreateDialogActivityRequest, CreateTransmissionRequest, UpdateDialog, UpdateTransmissionRequest,
};
use crate::validate::{self, Rules, SCOPE_ADMIN, SCOPE_CORRESPONDENCE, SCOPE_LEGACY_HTML, ValidationErrors};

/// The rules a body of `operation` (a generated method's name) breaks, if it has rules and
/// breaks any. A body that does not bind is left to the service.
pub(crate) fn check(operation: &str, request: &reqwest::Request, local: bool) -> Result<(), ValidationErrors> {
    let Some(bytes) = request.body().and_then(reqwest::Body::as_bytes) else {
        return Ok(());
    };
    let silent = request.url().query_pairs().any(|(k, v)| k.eq_ignore_ascii_case("isSilentUpdate") && v == "true");
    let rules = rules(silent, local);
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Ok(());
    };
    match operation {
        "create_dialog" => run(json, |body: &mut CreateDialog| validate::create_dialog(body, &rules)),
        "update_dialog" => run(json, |body: &mut UpdateDialog| validate::update_dialog(body, &rules, None)),
        "create_dialog_transmission" => {
            run(json, |body: &mut CreateTransmissionRequest| validate::create_transmission(body, &rules))
        }
        "update_dialog_transmission" => {
            run(json, |body: &mut UpdateTransmissionRequest| validate::update_transmission(body, &rules))
        }
        "create_dialog_activity" => {
            run(json, |body: &mut CreateDialogActivityRequest| validate::activity(body, &rules))
        }
        _ => Ok(()),
    }
}

/// Every scope-dependent allowance granted: only what no caller may send is refused here. A local
/// dp-server (`local`) takes `http://` loopback URLs too, as `dp-server --dev` does.
pub(crate) fn rules(silent: bool, local: bool) -> Rules {
    Rules::now()
        .silent(silent)
        .permitted_by([SCOPE_ADMIN, SCOPE_LEGACY_HTML, SCOPE_CORRESPONDENCE])
        .loopback_http(local)
}

fn run<T: serde::de::DeserializeOwned>(
    json: serde_json::Value,
    rules: impl FnOnce(&mut T) -> Result<(), ValidationErrors>,
) -> Result<(), ValidationErrors> {
    match validate::bind::<T>(json) {
        Ok(mut body) => rules(&mut body),
        Err(_) => Ok(()),
    }
}
