//! The end user's side: who is calling (an ID-porten token), which parties and actions they have,
//! and a dialog as they see it (upstream's end-user `GetDialogQuery` and `SearchDialogQuery`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use dialogporten_model::accepted_languages::AcceptedLanguages;
use dialogporten_model::validate::normalize_party;
use serde_json::{Value, json};

use crate::App;
use crate::config::EndUser;
use crate::dialog::{self, timestamp};
use crate::domain_error::DomainError;
use crate::store::SeenEntry;

/// Scopes an ID-porten token needs for the end-user API.
pub const END_USER_SCOPES: [&str; 2] = ["digdir:dialogporten", "digdir:dialogporten.noconsent"];
/// What upstream puts where a URL is not for this reader.
pub const UNAUTHORIZED_URL: &str = "urn:dialogporten:unauthorized";
/// What upstream puts where an attachment's URL has expired.
pub const EXPIRED_URL: &str = "urn:dialogporten:expired";

/// A party an end user acts for.
#[derive(Clone, Debug)]
pub struct Party {
    /// Its URN.
    pub urn: String,
    /// Its name, when known.
    pub name: Option<String>,
}

/// The authenticated end user.
#[derive(Clone, Debug)]
pub struct EndUserCaller {
    /// `urn:altinn:person:identifier-no:{pid}`.
    pub person: String,
    /// Authentication level: 3 for `idporten-loa-substantial`, 4 for `idporten-loa-high`.
    pub level: u8,
    /// The person first, then the parties they act for.
    pub parties: Vec<Party>,
    denied: Vec<String>,
}

impl EndUserCaller {
    fn new(pid: &str, level: u8, registered: Option<&EndUser>) -> Self {
        let person = format!("urn:altinn:person:identifier-no:{pid}");
        let mut parties = vec![Party { urn: person.clone(), name: registered.and_then(|u| u.name.clone()) }];
        for acts_for in registered.map(|u| u.acts_for.as_slice()).unwrap_or_default() {
            if let Some(urn) = normalize_party(&acts_for.party)
                && !parties.iter().any(|p| p.urn == urn)
            {
                parties.push(Party { urn, name: acts_for.name.clone() });
            }
        }
        let denied =
            registered.map(|u| u.denied_actions.iter().map(|a| a.to_lowercase()).collect()).unwrap_or_default();
        Self { person, level, parties, denied }
    }

    /// The URNs of every party they act for.
    pub fn party_urns(&self) -> Vec<String> {
        self.parties.iter().map(|p| p.urn.clone()).collect()
    }

    /// Whether they act for `party`.
    pub fn acts_for(&self, party: &str) -> bool {
        let party = normalize_party(party).unwrap_or_else(|| party.to_owned());
        self.parties.iter().any(|p| p.urn == party)
    }

    /// Whether they may do `action` (on `attribute`, a sub-resource, when given).
    pub fn may(&self, action: &str, attribute: Option<&str>) -> bool {
        let action = action.to_lowercase();
        let qualified = attribute.map(|a| format!("{action},{}", a.to_lowercase()));
        !self.denied.iter().any(|d| *d == action || Some(d) == qualified.as_ref())
    }

    /// The actions of `doc` they may do, as a dialog token's `a` lists them (`action` or
    /// `action,attribute`), `read` first.
    pub fn authorised_actions(&self, doc: &Value) -> Vec<String> {
        let mut actions: Vec<String> = Vec::new();
        let mut add = |action: &str, attribute: Option<&str>| {
            if !self.may(action, attribute) {
                return;
            }
            let entry = match attribute {
                Some(attribute) => format!("{action},{attribute}"),
                None => action.to_owned(),
            };
            if !actions.contains(&entry) {
                actions.push(entry);
            }
        };
        add("read", None);
        for key in ["guiActions", "apiActions"] {
            for item in doc[key].as_array().into_iter().flatten() {
                add(item["action"].as_str().unwrap_or_default(), item["authorizationAttribute"].as_str());
            }
        }
        for transmission in doc["transmissions"].as_array().into_iter().flatten() {
            if let Some(attribute) = transmission["authorizationAttribute"].as_str() {
                add("read", Some(attribute));
            }
        }
        actions
    }
}

impl FromRequestParts<App> for EndUserCaller {
    type Rejection = DomainError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, DomainError> {
        let token = crate::auth::bearer(parts)?;
        let person = crate::idp::maskinporten::person(app, token).ok_or_else(DomainError::unauthorized)?;
        if !person.scopes.iter().any(|s| END_USER_SCOPES.contains(&s.as_str())) {
            return Err(DomainError::forbidden("The token lacks the scope 'digdir:dialogporten'."));
        }
        let registered = app.config.end_users.iter().find(|u| u.pid == person.pid);
        Ok(Self::new(&person.pid, person.level, registered))
    }
}

/// Why an end user does not get a dialog they asked for.
pub enum Unseen {
    /// Not theirs: 403, as upstream.
    Forbidden,
    /// Deleted: 410.
    Deleted,
    /// Not visible yet, or expired: 404, as if it did not exist.
    Hidden,
}

/// Whether `caller` may see `doc` now.
pub fn check_visible(doc: &Value, deleted: bool, caller: &EndUserCaller, now: DateTime<Utc>) -> Result<(), Unseen> {
    if !caller.acts_for(doc["party"].as_str().unwrap_or_default()) || !caller.may("read", None) {
        return Err(Unseen::Forbidden);
    }
    if deleted {
        return Err(Unseen::Deleted);
    }
    let at = |key: &str| doc[key].as_str().and_then(dialog::parse_time);
    if at("visibleFrom").is_some_and(|t| t > now) || at("expiresAt").is_some_and(|t| t < now) {
        return Err(Unseen::Hidden);
    }
    Ok(())
}

/// Every list of localizations in `value` cut to the reader's language (upstream's
/// `FilterDialogLocalizations`: all are kept when none matches).
pub fn prune_localizations(value: &mut Value, accepted: &AcceptedLanguages) {
    match value {
        Value::Array(items) => {
            let is_localizations = !items.is_empty()
                && items
                    .iter()
                    .all(|i| i.get("languageCode").is_some() && i.get("value").is_some() && i.get("id").is_none());
            if is_localizations {
                let codes = items.iter().map(|l| l["languageCode"].as_str().unwrap_or_default());
                if let Some(i) = accepted.preferred(codes) {
                    *items = vec![items[i].clone()];
                }
            } else {
                items.iter_mut().for_each(|item| prune_localizations(item, accepted));
            }
        }
        Value::Object(members) => members.values_mut().for_each(|member| prune_localizations(member, accepted)),
        _ => {}
    }
}

/// Members of the service owner's view that the end user's does not have.
const SERVICE_OWNER_ONLY: [&str; 7] =
    ["serviceOwnerContext", "deletedAt", "visibleFrom", "idempotentKey", "searchTags", "isSilentUpdate", "updatedBy"];

/// A transmission as the end user sees it: marked authorised or not, and without the URLs they
/// may not follow.
pub fn transmission_view(doc: &Value, transmission: &Value, caller: &EndUserCaller, now: &str) -> Value {
    let mut view = dialog::transmission_view(doc, transmission);
    let authorised = caller.may("read", transmission["authorizationAttribute"].as_str());
    view["isAuthorized"] = Value::Bool(authorised);
    if let Some(content) = view["content"].as_object_mut() {
        content.remove("nonSensitiveTitle");
        content.remove("nonSensitiveSummary");
    }
    for attachment in view["attachments"].as_array_mut().into_iter().flatten() {
        let expired = attachment["expiresAt"].as_str().is_some_and(|t| t < now);
        for url in attachment["urls"].as_array_mut().into_iter().flatten() {
            if !authorised {
                url["url"] = json!(UNAUTHORIZED_URL);
            } else if expired {
                url["url"] = json!(EXPIRED_URL);
            }
        }
    }
    for action in view["navigationalActions"].as_array_mut().into_iter().flatten() {
        if !authorised {
            action["url"] = json!(UNAUTHORIZED_URL);
        } else if action["expiresAt"].as_str().is_some_and(|t| t < now) {
            action["url"] = json!(EXPIRED_URL);
        }
    }
    if !authorised && let Some(reference) = view["content"]["contentReference"].as_object_mut() {
        reference.insert("value".into(), json!([{"languageCode": "nb", "value": UNAUTHORIZED_URL}]));
    }
    view
}

/// The `Dialog` of the end-user API: `doc` as `caller` sees it at `now`, with `token` as its
/// `dialogToken`.
pub fn dialog_view(
    doc: &Value,
    seen: &[SeenEntry],
    caller: &EndUserCaller,
    accepted: &AcceptedLanguages,
    now: DateTime<Utc>,
    token: Option<String>,
) -> Value {
    let mut view = dialog::dialog_view(doc, seen, Some(&caller.person));
    let now_text = timestamp(now);
    for key in SERVICE_OWNER_ONLY {
        view.as_object_mut().map(|m| m.remove(key));
    }
    if let Some(content) = view["content"].as_object_mut() {
        content.remove("nonSensitiveTitle");
        content.remove("nonSensitiveSummary");
    }
    for action in view["guiActions"].as_array_mut().into_iter().flatten() {
        let authorised =
            caller.may(action["action"].as_str().unwrap_or_default(), action["authorizationAttribute"].as_str());
        action["isAuthorized"] = Value::Bool(authorised);
        if !authorised {
            action["url"] = json!(UNAUTHORIZED_URL);
        }
    }
    for action in view["apiActions"].as_array_mut().into_iter().flatten() {
        let authorised =
            caller.may(action["action"].as_str().unwrap_or_default(), action["authorizationAttribute"].as_str());
        action["isAuthorized"] = Value::Bool(authorised);
        for endpoint in action["endpoints"].as_array_mut().into_iter().flatten().filter(|_| !authorised) {
            endpoint["url"] = json!(UNAUTHORIZED_URL);
        }
    }
    if view["content"]["mainContentReference"].is_object() {
        view["content"]["mainContentReference"]["isAuthorized"] = Value::Bool(true);
    }
    for attachment in view["attachments"].as_array_mut().into_iter().flatten() {
        if attachment["expiresAt"].as_str().is_some_and(|t| t < now_text.as_str()) {
            for url in attachment["urls"].as_array_mut().into_iter().flatten() {
                url["url"] = json!(EXPIRED_URL);
            }
        }
    }
    let transmissions: Vec<Value> = doc["transmissions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| transmission_view(doc, t, caller, &now_text))
        .collect();
    view["transmissions"] = Value::Array(transmissions);
    let (labels, end_user_context) = end_user_context(doc);
    view["systemLabel"] = json!(primary_label(&labels));
    view["endUserContext"] = end_user_context;
    view["dialogToken"] = token.map_or(Value::Null, Value::String);
    prune_localizations(&mut view, accepted);
    view
}

/// The dialog's system labels and `endUserContext` as the end user sees them: the inbox never
/// shows "MarkedAsUnopened" on a dialog being read.
fn end_user_context(doc: &Value) -> (Vec<Value>, Value) {
    let labels: Vec<Value> = doc["endUserContext"]["systemLabels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l.as_str() != Some("MarkedAsUnopened"))
        .cloned()
        .collect();
    let context = json!({"revision": doc["endUserContext"]["revision"], "systemLabels": labels});
    (labels, context)
}

/// The deprecated single `systemLabel`: Bin or Archive when set, else Default.
fn primary_label(labels: &[Value]) -> &'static str {
    let has = |name: &str| labels.iter().any(|l| l.as_str() == Some(name));
    if has("Bin") {
        "Bin"
    } else if has("Archive") {
        "Archive"
    } else {
        "Default"
    }
}

/// The `DialogListItem` of the end-user search, from the dialog's summary (`dialog::summary`).
pub fn list_item_view(
    summary: &Value,
    seen: &[SeenEntry],
    caller: &EndUserCaller,
    accepted: &AcceptedLanguages,
) -> Value {
    let seen_view = dialog::seen_members(summary, seen, Some(&caller.person));
    let mut item = json!({});
    for key in [
        "id",
        "org",
        "serviceResource",
        "serviceResourceType",
        "party",
        "progress",
        "process",
        "precedingProcess",
        "guiAttachmentCount",
        "extendedStatus",
        "externalReference",
        "createdAt",
        "updatedAt",
        "contentUpdatedAt",
        "dueAt",
        "status",
        "isApiOnly",
        "isContentSeen",
        "hasUnopenedContent",
        "fromServiceOwnerTransmissionsCount",
        "fromPartyTransmissionsCount",
        "latestActivity",
    ] {
        if let Some(value) = summary.get(key) {
            item[key] = value.clone();
        }
    }
    for (key, value) in seen_view {
        item[key] = value;
    }
    let (labels, end_user_context) = end_user_context(summary);
    item["systemLabel"] = json!(primary_label(&labels));
    item["endUserContext"] = end_user_context;
    item["content"] = json!({});
    for key in ["title", "summary", "senderName", "extendedStatus"] {
        if !summary["content"][key].is_null() {
            item["content"][key] = summary["content"][key].clone();
        }
    }
    prune_localizations(&mut item, accepted);
    item
}
