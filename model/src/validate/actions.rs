//! GUI actions, API actions and their endpoints, and transmissions'
//! navigational actions.

use chrono::{DateTime, Utc};

use super::authorization_context::{check_authorization, check_context};
use super::checker::Checker;
use super::dates::check_future;
use super::errors::Path;
use super::language::check_localizations;
use super::unstated_limits::{GUI_ACTIONS_PER_PRIORITY, LOCALIZATION};
use super::urls::{check_https_url, check_uri};
use crate::enums::{DialogGuiActionPriority, HttpVerb};
use crate::limits::{
    create_dialog_api_action as api_limits, create_dialog_api_action_endpoint as endpoint_limits,
    create_dialog_gui_action as gui_limits, create_dialog_transmission_navigational_action as navigation_limits,
};
use crate::types::{self, Localization};

/// The name of the action an end user must be authorised for.
fn check_action_name(c: &mut Checker, p: &Path, action: &str, max: crate::limits::Limit) {
    if action.is_empty() {
        c.not_empty(&p.key("action"));
    } else {
        c.max_length(&p.key("action"), action, max);
    }
}

/// A dialog's `guiActions` (the two request types are alike).
/// Which command's rules apply to a body's actions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ActionsIn {
    /// `CreateDialogDialogGuiActionDtoValidator`, `CreateDialogDialogApiActionDtoValidator`:
    /// a client-chosen id must be a UUIDv7 in the past.
    NewDialog,
    /// The update validators leave an action's id unchecked.
    Update,
}

pub(crate) trait GuiActions {
    fn check(&mut self, c: &mut Checker, p: &Path, within: ActionsIn);
}

macro_rules! gui_actions {
    ($($t:ident),+) => {$(
        impl GuiActions for [types::$t] {
            fn check(&mut self, c: &mut Checker, p: &Path, within: ActionsIn) {
                c.unique_ids(p, self.iter().map(|a| a.id));
                let mut counts = [0usize; 3];
                for (i, a) in self.iter_mut().enumerate() {
                    let ip = p.idx(i);
                    if within == ActionsIn::NewDialog {
                        c.client_id(&ip, a.id);
                    }
                    check_action_name(c, &ip, &a.action, gui_limits::ACTION);
                    check_https_url(c, &ip.key("url"), &a.url, gui_limits::URL);
                    check_authorization(c, &ip, a.authorization_attribute.as_deref(), gui_limits::AUTHORIZATION_ATTRIBUTE, a.authorization_context.as_mut());
                    check_gui_method(c, &ip, a.http_method.as_ref());
                    match &a.priority {
                        DialogGuiActionPriority::Primary => counts[0] += 1,
                        DialogGuiActionPriority::Secondary => counts[1] += 1,
                        DialogGuiActionPriority::Unknown(value) => c.known(&ip.key("priority"), value, false),
                        _ => counts[2] += 1,
                    }
                    check_localizations(c, &ip.key("title"), &mut a.title, LOCALIZATION, true);
                    if let Some(prompt) = &mut a.prompt {
                        check_localizations(c, &ip.key("prompt"), prompt, LOCALIZATION, false);
                    }
                }
                check_priority_counts(c, p, counts);
            }
        }
    )+};
}

gui_actions!(CreateDialogGuiAction, UpdateDialogGuiAction);

fn check_gui_method(c: &mut Checker, p: &Path, method: Option<&HttpVerb>) {
    let Some(method) = method else { return };
    if !matches!(method, HttpVerb::Get | HttpVerb::Post | HttpVerb::Delete) {
        c.add(&p.key("httpMethod"), "'HttpMethod' for GUI actions must be one of the following: [GET, POST, DELETE].");
    }
}

fn check_priority_counts(c: &mut Checker, p: &Path, counts: [usize; 3]) {
    for (count, (max, message)) in counts.into_iter().zip(GUI_ACTIONS_PER_PRIORITY) {
        if count > max {
            c.add(p, message);
        }
    }
}

/// A dialog's `apiActions` (the two request types are alike).
pub(crate) trait ApiActions {
    fn check(&mut self, c: &mut Checker, p: &Path, within: ActionsIn);
}

macro_rules! api_actions {
    ($($t:ident),+) => {$(
        impl ApiActions for [types::$t] {
            fn check(&mut self, c: &mut Checker, p: &Path, within: ActionsIn) {
                c.unique_ids(p, self.iter().map(|a| a.id));
                for (i, a) in self.iter_mut().enumerate() {
                    let ip = p.idx(i);
                    if within == ActionsIn::NewDialog {
                        c.client_id(&ip, a.id);
                    }
                    check_action_name(c, &ip, &a.action, api_limits::ACTION);
                    if let Some(name) = &a.name {
                        c.max_length(&ip.key("name"), name, api_limits::NAME);
                    }
                    check_authorization(c, &ip, a.authorization_attribute.as_deref(), api_limits::AUTHORIZATION_ATTRIBUTE, a.authorization_context.as_mut());
                    let ep = ip.key("endpoints");
                    if a.endpoints.is_empty() {
                        c.not_empty(&ep);
                        continue;
                    }
                    c.unique_ids(&ep, a.endpoints.iter().map(|e| e.id));
                    for (j, e) in a.endpoints.iter().enumerate() {
                        // Neither command's endpoint validator checks the endpoint's id.
                        let jp = ep.idx(j);
                        if let Some(version) = &e.version {
                            c.max_length(&jp.key("version"), version, endpoint_limits::VERSION);
                        }
                        check_https_url(c, &jp.key("url"), &e.url, endpoint_limits::URL);
                        c.known(&jp.key("httpMethod"), e.http_method.as_str(), e.http_method.is_known());
                        check_uri(c, &jp.key("documentationUrl"), e.documentation_url.as_deref(), endpoint_limits::DOCUMENTATION_URL);
                        check_uri(c, &jp.key("requestSchema"), e.request_schema.as_deref(), endpoint_limits::REQUEST_SCHEMA);
                        check_uri(c, &jp.key("responseSchema"), e.response_schema.as_deref(), endpoint_limits::RESPONSE_SCHEMA);
                        if e.sunset_at.is_some() && !e.deprecated.unwrap_or(false) {
                            // Upstream's rule is on Deprecated (`Equal(true).When(SunsetAt.HasValue)`).
                            c.add(&jp.key("deprecated"), "'Deprecated' must be equal to 'True' when SunsetAt is set.");
                        }
                    }
                }
            }
        }
    )+};
}

api_actions!(CreateDialogApiAction, UpdateDialogApiAction);

/// One navigational action of a transmission.
pub(crate) struct NavigationalAction<'a> {
    title: &'a mut Vec<Localization>,
    url: &'a str,
    expires_at: Option<DateTime<Utc>>,
    authorization_context: Option<&'a mut types::AuthorizationContext>,
}

pub(crate) trait AsNavigationalAction {
    fn view(&mut self) -> NavigationalAction<'_>;
}

macro_rules! navigational_action {
    ($($t:ident),+) => {$(
        impl AsNavigationalAction for types::$t {
            fn view(&mut self) -> NavigationalAction<'_> {
                NavigationalAction {
                    title: &mut self.title,
                    url: &self.url,
                    expires_at: self.expires_at,
                    authorization_context: self.authorization_context.as_mut(),
                }
            }
        }
    )+};
}

navigational_action!(
    CreateDialogTransmissionNavigationalAction,
    UpdateDialogTransmissionNavigationalAction,
    CreateTransmissionNavigationalAction,
    UpdateTransmissionNavigationalAction
);

/// A transmission's `navigationalActions` at `p`.
pub(crate) fn check_navigational_actions<N: AsNavigationalAction>(c: &mut Checker, p: &Path, actions: &mut [N]) {
    for (i, action) in actions.iter_mut().enumerate() {
        let ip = p.idx(i);
        let action = action.view();
        check_localizations(c, &ip.key("title"), action.title, LOCALIZATION, true);
        if let Some(context) = action.authorization_context {
            check_context(c, &ip.key("authorizationContext"), context);
        }
        check_https_url(c, &ip.key("url"), action.url, navigation_limits::URL);
        // Every command's navigational-action validator has `ExpiresAt` IsInFuture.
        check_future(c, &ip.key("expiresAt"), action.expires_at);
    }
}
