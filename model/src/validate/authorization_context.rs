//! `authorizationContext` (experimental, newer upstream than 1.119.1): which
//! policy decides an end user's access to an action, transmission, attachment
//! or navigational action. Rules from upstream's `AuthorizationContextDtoValidator`
//! (branch feat/authorization-context) and the reference's §4.

use super::checker::Checker;
use super::errors::Path;
use super::party::normalize_party;
use super::urls::{check_authorization_attribute_at, is_authorization_attribute};
use crate::enums::AuthorizationContextUnauthorizedPresentation;
use crate::limits::authorization_context as limits;
use crate::types::AuthorizationContext;

const SERVICE_RESOURCE_PREFIX: &str = "urn:altinn:resource:";

/// An entity's `authorizationAttribute` and `authorizationContext` at `p`: each checked, and
/// not both (upstream: "'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'.").
pub(crate) fn check_authorization(
    c: &mut Checker,
    p: &Path,
    attribute: Option<&str>,
    attribute_limit: crate::limits::Limit,
    context: Option<&mut AuthorizationContext>,
) {
    if let Some(attribute) = attribute {
        check_authorization_attribute_at(c, &p.key("authorizationAttribute"), attribute, attribute_limit);
        if context.is_some() {
            c.add(
                &p.key("authorizationAttribute"),
                "'AuthorizationAttribute' cannot be combined with 'AuthorizationContext'.",
            );
        }
    }
    if let Some(context) = context {
        check_context(c, &p.key("authorizationContext"), context);
    }
}

/// One `authorizationContext` at `p`; parties are stored lower-cased.
pub(crate) fn check_context(c: &mut Checker, p: &Path, context: &mut AuthorizationContext) {
    if let Some(resource) = context.service_resource.as_deref() {
        let rp = p.key("serviceResource");
        check_attribute_form(c, &rp, resource, limits::SERVICE_RESOURCE);
        if !starts_with_ignoring_case(resource, SERVICE_RESOURCE_PREFIX) {
            c.add(&rp, format!("'ServiceResource' must start with '{SERVICE_RESOURCE_PREFIX}'."));
        }
    }
    if let Some(attribute) = context.additional_resource_attribute.as_deref() {
        let ap = p.key("additionalResourceAttribute");
        check_attribute_form(c, &ap, attribute, limits::ADDITIONAL_RESOURCE_ATTRIBUTE);
        if starts_with_ignoring_case(attribute, SERVICE_RESOURCE_PREFIX) {
            c.add(
                &ap,
                format!(
                    "'AdditionalResourceAttribute' cannot contain a service resource reference \
                     ('{SERVICE_RESOURCE_PREFIX}...'); use 'ServiceResource' instead."
                ),
            );
        }
    }
    let pp = p.key("parties");
    let parties = context.parties.get_or_insert_with(Vec::new);
    if let Some(max) = limits::PARTIES.max_items
        && parties.len() > max
    {
        c.add(&pp, format!("'Parties' cannot contain more than {max} parties."));
    }
    if parties.is_empty() && !context.include_dialog_party.unwrap_or(false) {
        c.add(&pp, "'Parties' must contain at least one party when 'IncludeDialogParty' is false.");
    }
    for (i, party) in parties.iter_mut().enumerate() {
        let ip = pp.idx(i);
        if party.is_empty() {
            c.not_empty(&ip);
            continue;
        }
        // As long as a dialog's party may be (upstream: DefaultMaxStringLength for both).
        c.max_length(&ip, party, crate::limits::create_dialog::PARTY);
        match normalize_party(party) {
            Some(normalized) => *party = normalized,
            None => c.add(&ip, super::party::PARTY_FORMAT.replacen("'Party'", "'Parties'", 1)),
        }
    }
    c.unique_by(&pp, parties.iter(), true);
    if let Some(action) = context.action.as_deref() {
        c.max_length(&p.key("action"), action, limits::ACTION);
    }
    if let Some(token_ref) = context.token_ref.as_deref() {
        c.max_length(&p.key("tokenRef"), token_ref, limits::TOKEN_REF);
    }
    if !context.unauthorized_presentation.as_ref().is_some_and(AuthorizationContextUnauthorizedPresentation::is_known) {
        c.add(
            &p.key("unauthorizedPresentation"),
            "'UnauthorizedPresentation' is required and must be either 'Disabled' or 'Excluded'.",
        );
    }
}

fn check_attribute_form(c: &mut Checker, p: &Path, value: &str, limit: crate::limits::Limit) {
    c.max_length(p, value, limit);
    if !is_authorization_attribute(value) {
        c.add(
            p,
            format!(
                "'{}' must be on format 'urn:altinn:{{resourcetype}}:{{resourcename}}' or {{resourcename}} with valid \
                 names (letters, digits, '-' or '_', starting with a letter).",
                p.name()
            ),
        );
    }
}

fn starts_with_ignoring_case(value: &str, prefix: &str) -> bool {
    value.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}
