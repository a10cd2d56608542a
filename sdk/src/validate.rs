//! Dialogporten's validation rules, applied before a body is sent or stored.
//!
//! The real service rejects a bad body with `400` and problem details whose
//! `errors` are keyed by property path (`dto.attachments[0].urls`). This module
//! applies the same rules to a JSON body and reports the same paths, so a
//! client can find every mistake before it makes a request, and the reference
//! server answers exactly as the real one would.
//!
//! A body goes through [`bind`] first: property names are matched without
//! regard to case and the result is the canonical JSON of the request type.
//! The checks then run on that JSON and also normalise it the way the service
//! stores it: language codes become neutral ISO 639 codes (`en-US` → `en`),
//! party URNs and service-owner labels are lower-cased, localizations are
//! ordered by language code and media types get their default.
//!
//! ```
//! use dialogporten::types::CreateDialog;
//! use dialogporten::validate::{self, Rules};
//! let raw = serde_json::json!({
//!     "serviceResource": "urn:altinn:resource:demo",
//!     "party": "urn:altinn:organization:identifier-no:991825828",
//!     "progress": 101,
//!     "content": {"title": {"value": [{"languageCode": "en_GB", "value": "Hello"}]}}
//! });
//! let mut body = validate::bind::<CreateDialog>(raw).unwrap();
//! let errors = validate::create_dialog(&mut body, &Rules::now()).unwrap_err();
//! assert!(errors.get("dto.party").is_some());
//! assert!(errors.get("dto.progress").is_some());
//! assert_eq!(body["content"]["title"]["value"][0]["languageCode"], "en");
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::enums::{
    ActorType, AttachmentUrlConsumerType, DialogActivityType, DialogGuiActionPriority, DialogStatusInput,
    DialogTransmissionType, HttpVerb, SystemLabel,
};
use crate::ids;

/// Largest request body the service accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 20_000_000;

/// Most service-owner labels a dialog can carry.
pub const MAX_SERVICE_OWNER_LABELS: usize = 20;

/// The media type a content value gets when none is given.
pub const DEFAULT_MEDIA_TYPE: &str = "text/plain";

/// Media type for an embedded markdown front-channel reference.
pub const EMBEDDED_MARKDOWN: &str = "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown";
const EMBEDDED_MARKDOWN_DEPRECATED: &str = "application/vnd.dialogporten.frontchannelembed+json;type=markdown";
const EMBEDDED_HTML_LEGACY: &str = "application/vnd.dialogporten.frontchannelembed-url;type=text/html";

/// What the caller is allowed and when the request happens: the inputs to the
/// rules that are not in the body.
#[derive(Clone, Debug)]
pub struct Rules {
    /// The time the request is checked at.
    pub now: DateTime<Utc>,
    /// `isSilentUpdate=true`: time fields may lie in the past.
    pub silent: bool,
    /// Scope `digdir:dialogporten.serviceprovider.admin`: time ordering and some time rules are relaxed.
    pub admin: bool,
    /// Scope `digdir:dialogporten.serviceprovider.legacyhtml`: `text/html` content is allowed.
    pub legacy_html: bool,
    /// Scope `digdir:dialogporten.correspondence`: longer transmission texts.
    pub correspondence: bool,
}

impl Rules {
    /// Rules for an ordinary caller, checked now.
    pub fn now() -> Self {
        Self::at(Utc::now())
    }

    /// Rules for an ordinary caller, checked at `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        Self { now, silent: false, admin: false, legacy_html: false, correspondence: false }
    }

    /// The same rules for a silent update.
    pub fn silent(mut self, silent: bool) -> Self {
        self.silent = silent;
        self
    }
}

/// Every rule a body breaks, keyed by property path as the service keys them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    errors: BTreeMap<String, Vec<String>>,
}

impl ValidationErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `path`.
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.entry(path.into()).or_default().push(message.into());
    }

    /// True when the body broke no rule.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The messages for one path.
    pub fn get(&self, path: &str) -> Option<&[String]> {
        self.errors.get(path).map(Vec::as_slice)
    }

    /// Every path with its messages, ordered by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.errors.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The map the service sends as `errors`.
    pub fn into_map(self) -> BTreeMap<String, Vec<String>> {
        self.errors
    }

    fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (path, messages) in &self.errors {
            for message in messages {
                if !first {
                    f.write_str("\n")?;
                }
                first = false;
                write!(f, "{path}: {message}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Reads a raw body as request type `T` (names matched without case) and
/// returns its canonical JSON, or the binding error keyed like the service
/// keys it: a wrong type, an unknown property or bad JSON under `$.<path>`.
///
/// A missing required property is not a binding error: it is bound as empty
/// (`""`, `[]` or `{}`, whichever its type takes) so that the checks that
/// follow report it (`'Party' must not be empty.`) together with every other
/// mistake in the body, as the service does.
pub fn bind<T: DeserializeOwned + Serialize>(raw: Value) -> Result<Value, ValidationErrors> {
    let mut raw = raw;
    let mut filled: Vec<(String, usize)> = Vec::new();
    let typed: T = loop {
        let error = match crate::input::from_ref::<T>(&raw) {
            Ok(typed) => break typed,
            Err(error) => error,
        };
        let path = error.path().to_owned();
        let required = error.message() == "is required";
        let position = filled.iter().position(|(p, _)| *p == path);
        let attempt = match position {
            Some(i) if !required => {
                filled[i].1 += 1;
                filled[i].1
            }
            None if required && filled.len() < 64 => {
                filled.push((path.clone(), 0));
                0
            }
            _ => return Err(binding_error(error)),
        };
        const EMPTY: [fn() -> Value; 3] =
            [|| Value::String(String::new()), || Value::Array(Vec::new()), || Value::Object(Map::new())];
        match EMPTY.get(attempt) {
            Some(empty) if fill(&mut raw, &path, empty()) => {}
            _ => return Err(binding_error(error)),
        }
    };
    serde_json::to_value(typed).map_err(|e| {
        let mut errors = ValidationErrors::new();
        errors.add("$", e.to_string());
        errors
    })
}

/// Sets the member at `path` (`attachments[0].urls`, names matched without case) to `value`.
fn fill(root: &mut Value, path: &str, value: Value) -> bool {
    let mut steps: Vec<Result<String, usize>> = Vec::new();
    for part in path.split('.') {
        let (name, indexes) = part.split_once('[').map_or((part, ""), |(n, rest)| (n, rest));
        if !name.is_empty() {
            steps.push(Ok(name.to_owned()));
        }
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            match index.trim_end_matches(']').parse() {
                Ok(i) => steps.push(Err(i)),
                Err(_) => return false,
            }
        }
    }
    let Some((last, parents)) = steps.split_last() else { return false };
    let mut node = root;
    for step in parents {
        node = match (step, node) {
            (Ok(name), Value::Object(map)) => {
                let key = map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned();
                match key.and_then(|k| map.get_mut(&k)) {
                    Some(child) => child,
                    None => return false,
                }
            }
            (Err(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Ok(name), Value::Object(map)) => {
            let key = map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned().unwrap_or_else(|| name.clone());
            map.insert(key, value);
            true
        }
        _ => false,
    }
}

fn binding_error(error: crate::input::InputError) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    let path = error.path();
    if error.message() == "is required" {
        let name = path.rsplit('.').next().unwrap_or(path);
        errors.add(dto_path(path), format!("'{}' must not be empty.", pascal(name)));
    } else if path.is_empty() {
        errors.add("$", error.message());
    } else {
        let joiner = if path.starts_with('[') { "" } else { "." };
        errors.add(format!("${joiner}{path}"), error.message());
    }
    errors
}

fn dto_path(path: &str) -> String {
    if path.is_empty() {
        "dto".into()
    } else if path.starts_with('[') {
        format!("dto{path}")
    } else {
        format!("dto.{path}")
    }
}

/// Checks and normalises a bound `CreateDialog` body.
pub fn create_dialog(body: &mut Value, rules: &Rules) -> Result<(), ValidationErrors> {
    let mut v = Validator { errors: ValidationErrors::new(), rules };
    let Some(obj) = body.as_object_mut() else {
        v.errors.add("dto", "The request body must be a JSON object.");
        return v.errors.into_result();
    };
    let p = Path::root();
    v.client_id(obj, &p);
    v.length_between(obj, &p, "idempotentKey", 3, 36);
    match obj.get("serviceResource").and_then(Value::as_str) {
        None | Some("") => v.not_empty(&p.key("serviceResource")),
        Some(resource) => {
            if !resource.starts_with("urn:altinn:resource:") {
                v.errors.add(p.key("serviceResource").0, "'ServiceResource' must start with 'urn:altinn:resource:'.");
            }
            v.max_len_str(&p.key("serviceResource"), resource, 1023);
            if !is_uri(resource) {
                v.not_uri(&p.key("serviceResource"));
            }
        }
    }
    match obj.get_mut("party") {
        Some(Value::String(party)) if !party.is_empty() => {
            v.max_len_str(&p.key("party"), party, 255);
            match normalize_party(party) {
                Some(normalized) => *party = normalized,
                None => v.errors.add(p.key("party").0, PARTY_FORMAT),
            }
        }
        _ => v.not_empty(&p.key("party")),
    }
    v.dialog_scalars(obj, &p);
    if let Some(label) = obj.get("systemLabel").and_then(Value::as_str) {
        let allowed = matches!(
            SystemLabel::parse_known(label),
            Some(SystemLabel::Default | SystemLabel::Bin | SystemLabel::Archive)
        );
        if !allowed {
            v.errors.add(p.key("systemLabel").0, "'SystemLabel' must be one of 'Default', 'Bin' or 'Archive'.");
        }
    }
    v.created_updated(obj, &p);
    v.date_order(obj, &p);
    if let Some(Value::Object(context)) = obj.get_mut("serviceOwnerContext") {
        let cp = p.key("serviceOwnerContext");
        if let Some(Value::Array(labels)) = context.get_mut("serviceOwnerLabels") {
            let lp = cp.key("serviceOwnerLabels");
            if labels.len() > MAX_SERVICE_OWNER_LABELS {
                v.errors.add(
                    lp.0.clone(),
                    format!("'ServiceOwnerLabels' must not have more than {MAX_SERVICE_OWNER_LABELS} items."),
                );
            }
            let mut seen = HashSet::new();
            for (i, label) in labels.iter_mut().enumerate() {
                if let Some(Value::String(value)) = label.get_mut("value") {
                    *value = normalize_label(value);
                    v.length_between_str(&lp.idx(i).key("value"), value, 3, 255);
                    if !seen.insert(value.clone()) {
                        v.errors.add(lp.0.clone(), format!("Duplicate label '{value}'."));
                    }
                }
            }
        }
    }
    let api_only = obj.get("isApiOnly").and_then(Value::as_bool).unwrap_or(false);
    v.dialog_content(obj, &p, api_only);
    v.dialog_collections(obj, &p);
    let transmission_ids = v.transmissions(obj, &p, api_only, &HashSet::new());
    v.activities(obj, &p, &transmission_ids);
    v.errors.into_result()
}

/// Checks and normalises a bound `UpdateDialog` body (PUT, or PATCH after the patch is applied).
///
/// `existing_transmissions` are the ids of the dialog's transmissions, which
/// new activities and transmissions may refer to.
pub fn update_dialog(
    body: &mut Value,
    rules: &Rules,
    existing_transmissions: &HashSet<Uuid>,
) -> Result<(), ValidationErrors> {
    let mut v = Validator { errors: ValidationErrors::new(), rules };
    let Some(obj) = body.as_object_mut() else {
        v.errors.add("dto", "The request body must be a JSON object.");
        return v.errors.into_result();
    };
    let p = Path::root();
    if obj.get("status").is_none_or(Value::is_null) {
        v.not_empty(&p.key("status"));
    }
    v.dialog_scalars(obj, &p);
    v.date_order(obj, &p);
    let api_only = obj.get("isApiOnly").and_then(Value::as_bool).unwrap_or(false);
    v.dialog_content(obj, &p, api_only);
    v.dialog_collections(obj, &p);
    let mut known = v.transmissions(obj, &p, api_only, existing_transmissions);
    known.extend(existing_transmissions);
    v.activities(obj, &p, &known);
    v.errors.into_result()
}

/// Checks and normalises a bound transmission body (`CreateTransmissionRequest`
/// or `UpdateTransmissionRequest`) for a dialog that is or is not API-only.
pub fn transmission(
    body: &mut Value,
    rules: &Rules,
    api_only: bool,
    existing_transmissions: &HashSet<Uuid>,
) -> Result<(), ValidationErrors> {
    let mut v = Validator { errors: ValidationErrors::new(), rules };
    if let Some(obj) = body.as_object_mut() {
        v.transmission(obj, &Path::root(), api_only, existing_transmissions);
    }
    v.errors.into_result()
}

/// Checks and normalises a bound `CreateDialogActivityRequest` body.
pub fn activity(
    body: &mut Value,
    rules: &Rules,
    existing_transmissions: &HashSet<Uuid>,
) -> Result<(), ValidationErrors> {
    let mut v = Validator { errors: ValidationErrors::new(), rules };
    if let Some(obj) = body.as_object_mut() {
        v.activity(obj, &Path::root(), existing_transmissions);
    }
    v.errors.into_result()
}

/// Checks and normalises (trims, lower-cases) one service-owner label value.
pub fn service_owner_label(value: &str) -> Result<String, ValidationErrors> {
    let normalized = normalize_label(value);
    let mut v = Validator { errors: ValidationErrors::new(), rules: &Rules::now() };
    v.length_between_str(&Path::root().key("value"), &normalized, 3, 255);
    v.errors.into_result().map(|()| normalized)
}

/// The time rules on a dialog's own dates that the service answers with `422`
/// rather than `400`: `visibleFrom`, `dueAt` and `expiresAt` must lie in the
/// future, unless the update is silent or by an admin. On update, pass the
/// current dialog: a date that is not changed may stay in the past.
pub fn dialog_dates_in_future(body: &Value, rules: &Rules, current: Option<&Value>) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if rules.silent || rules.admin {
        return Ok(());
    }
    for field in ["visibleFrom", "dueAt", "expiresAt"] {
        let Some(at) = body.get(field).and_then(as_time) else { continue };
        let unchanged = current.and_then(|c| c.get(field)).and_then(as_time) == Some(at);
        if at <= rules.now && !unchanged {
            errors.add(field.to_owned(), format!("'{}' must be in the future.", pascal(field)));
        }
    }
    errors.into_result()
}

/// Normalises a party URN as the service stores it (lower case), or `None` if
/// it is not one of the four accepted forms with a valid number.
///
/// ```
/// use dialogporten::validate::normalize_party;
/// assert_eq!(
///     normalize_party("urn:altinn:organization:identifier-no:991825827").as_deref(),
///     Some("urn:altinn:organization:identifier-no:991825827")
/// );
/// assert!(normalize_party("urn:altinn:organization:identifier-no:991825828").is_none()); // check digit
/// assert!(normalize_party("urn:altinn:person:identifier-no:08844397713").is_some());
/// ```
pub fn normalize_party(party: &str) -> Option<String> {
    let lower = party.trim().to_ascii_lowercase();
    let valid = if let Some(number) = lower.strip_prefix("urn:altinn:person:identifier-no:") {
        is_national_identity_number(number)
    } else if let Some(number) = lower.strip_prefix("urn:altinn:organization:identifier-no:") {
        is_organization_number(number)
    } else if let Some(user) = lower.strip_prefix("urn:altinn:person:legacy-selfidentified:") {
        !user.is_empty() && !user.chars().any(char::is_whitespace)
    } else if let Some(email) = lower.strip_prefix("urn:altinn:person:idporten-email:") {
        is_email(email)
    } else {
        false
    };
    valid.then_some(lower)
}

const PARTY_FORMAT: &str = "'Party' must be on format 'urn:altinn:organization:identifier-no:{norwegian org-nr}', 'urn:altinn:person:identifier-no:{norwegian f-nr/d-nr}', 'urn:altinn:person:legacy-selfidentified:{username}' or 'urn:altinn:person:idporten-email:{e-mail}' with valid values, respectively.";

/// A Norwegian organisation number: 9 digits with a modulus-11 check digit.
pub fn is_organization_number(number: &str) -> bool {
    mod11(number, &[3, 2, 7, 6, 5, 4, 3, 2])
}

/// A Norwegian national identity number (f-nr or d-nr): 11 digits with two
/// modulus-11 check digits.
pub fn is_national_identity_number(number: &str) -> bool {
    number.len() == 11
        && mod11(&number[..10], &[3, 7, 6, 1, 8, 9, 4, 5, 2])
        && mod11(number, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
}

fn mod11(digits: &str, weights: &[u32]) -> bool {
    if digits.len() != weights.len() + 1 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = weights.iter().zip(&values).map(|(w, d)| w * d).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    values.last() == Some(&check)
}

fn is_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Normalises a language code to the neutral ISO 639 code the service stores
/// (`en-US`, `en_GB` → `en`; `nob` → `nb`), or explains why it is not accepted.
///
/// ```
/// use dialogporten::validate::normalize_language_code;
/// assert_eq!(normalize_language_code(" nb_NO ").unwrap(), "nb");
/// assert!(normalize_language_code("no").unwrap_err().contains("Use 'nb' or 'nn'"));
/// ```
pub fn normalize_language_code(code: &str) -> Result<String, String> {
    let cleaned = code.trim().replace('_', "-").to_ascii_lowercase();
    let neutral = cleaned.split('-').next().unwrap_or_default();
    let mapped = THREE_LETTER.iter().find(|(three, _)| *three == neutral).map_or(neutral, |(_, two)| *two);
    if mapped == "no" {
        return Err(format!(
            "'LanguageCode' '{code}' is not a valid language code. Use 'nb' or 'nn' for Norwegian. {NORMALIZED}"
        ));
    }
    let known = is_iso_639_1(mapped) || SAMI.contains(&mapped);
    if known {
        Ok(mapped.to_owned())
    } else {
        Err(format!("'LanguageCode' '{code}' is not a valid language code. {NORMALIZED}"))
    }
}

/// Whether `code` is in [`ISO_639_1`], whose codes are sorted, two letters each, one space apart.
fn is_iso_639_1(code: &str) -> bool {
    let (table, code) = (ISO_639_1.as_bytes(), code.as_bytes());
    if code.len() != 2 {
        return false;
    }
    let (mut low, mut high) = (0, table.len().div_ceil(3));
    while low < high {
        let middle = (low + high) / 2;
        match table[middle * 3..middle * 3 + 2].cmp(code) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

const NORMALIZED: &str = "Culture specific codes like 'en_GB' and 'en-US' are normalized to 'en' (ISO 639).";

const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Sámi languages without a two-letter code keep their three-letter one.
const SAMI: &[&str] = &["sma", "smj", "smn", "sms"];

const THREE_LETTER: &[(&str, &str)] = &[
    ("nob", "nb"),
    ("nno", "nn"),
    ("nor", "no"),
    ("eng", "en"),
    ("swe", "sv"),
    ("dan", "da"),
    ("fin", "fi"),
    ("sme", "se"),
    ("isl", "is"),
    ("ice", "is"),
    ("fao", "fo"),
    ("kal", "kl"),
    ("deu", "de"),
    ("ger", "de"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("spa", "es"),
    ("ita", "it"),
    ("nld", "nl"),
    ("dut", "nl"),
    ("por", "pt"),
    ("pol", "pl"),
    ("rus", "ru"),
    ("ukr", "uk"),
    ("est", "et"),
    ("lit", "lt"),
    ("lav", "lv"),
    ("ces", "cs"),
    ("cze", "cs"),
    ("slk", "sk"),
    ("slo", "sk"),
    ("hun", "hu"),
    ("ron", "ro"),
    ("rum", "ro"),
    ("bul", "bg"),
    ("hrv", "hr"),
    ("srp", "sr"),
    ("slv", "sl"),
    ("bos", "bs"),
    ("sqi", "sq"),
    ("alb", "sq"),
    ("ell", "el"),
    ("gre", "el"),
    ("tur", "tr"),
    ("ara", "ar"),
    ("som", "so"),
    ("tir", "ti"),
    ("amh", "am"),
    ("fas", "fa"),
    ("per", "fa"),
    ("urd", "ur"),
    ("hin", "hi"),
    ("tha", "th"),
    ("vie", "vi"),
    ("zho", "zh"),
    ("chi", "zh"),
    ("jpn", "ja"),
    ("kor", "ko"),
];

fn normalize_label(value: &str) -> String {
    value.trim().to_lowercase()
}

fn as_time(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc))
}

fn pascal(name: &str) -> String {
    let name = name.split('[').next().unwrap_or(name);
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn is_uri(value: &str) -> bool {
    !value.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

fn is_https_url(value: &str) -> bool {
    let lower = value.get(..8).map(str::to_ascii_lowercase);
    lower.as_deref() == Some("https://")
        && value[8..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '[')
        && is_uri(value)
}

/// `[a-z][a-z0-9_-]*`, optionally behind `urn:altinn:{segment}:`, case-insensitive.
fn is_authorization_attribute(value: &str) -> bool {
    fn ident(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    }
    let lower = value.to_ascii_lowercase();
    match lower.strip_prefix("urn:altinn:") {
        Some(rest) => rest.split_once(':').is_some_and(|(segment, name)| ident(segment) && ident(name)),
        None => ident(&lower),
    }
}

/// A property path as the service prints it: `dto.attachments[0].urls`.
#[derive(Clone)]
struct Path(String);

impl Path {
    fn root() -> Self {
        Path("dto".into())
    }

    fn key(&self, key: &str) -> Path {
        Path(format!("{}.{key}", self.0))
    }

    fn idx(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }

    fn name(&self) -> String {
        pascal(self.0.rsplit('.').next().unwrap_or(&self.0))
    }
}

/// Which media types a content field takes and how long its texts may be.
struct ContentRule {
    field: &'static str,
    max: usize,
    media: Media,
}

#[derive(Clone, Copy, PartialEq)]
enum Media {
    Plain,
    Rich,
    Embedded,
}

const DIALOG_CONTENT: &[ContentRule] = &[
    ContentRule { field: "title", max: 255, media: Media::Plain },
    ContentRule { field: "summary", max: 255, media: Media::Plain },
    ContentRule { field: "nonSensitiveTitle", max: 255, media: Media::Plain },
    ContentRule { field: "nonSensitiveSummary", max: 255, media: Media::Plain },
    ContentRule { field: "senderName", max: 255, media: Media::Plain },
    ContentRule { field: "additionalInfo", max: 1023, media: Media::Rich },
    ContentRule { field: "extendedStatus", max: 25, media: Media::Plain },
    ContentRule { field: "mainContentReference", max: 1023, media: Media::Embedded },
];

const TRANSMISSION_CONTENT: &[ContentRule] = &[
    ContentRule { field: "title", max: 255, media: Media::Plain },
    ContentRule { field: "summary", max: 255, media: Media::Plain },
    ContentRule { field: "contentReference", max: 1023, media: Media::Embedded },
];

const HTML_TAGS: &[&str] =
    &["p", "a", "br", "em", "strong", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th"];

struct Validator<'r> {
    errors: ValidationErrors,
    rules: &'r Rules,
}

impl Validator<'_> {
    fn not_empty(&mut self, p: &Path) {
        self.errors.add(p.0.clone(), format!("'{}' must not be empty.", p.name()));
    }

    fn not_uri(&mut self, p: &Path) {
        self.errors.add(p.0.clone(), format!("'{}' is not a well formatted URI.", p.name()));
    }

    fn max_len_str(&mut self, p: &Path, value: &str, max: usize) {
        let n = value.chars().count();
        if n > max {
            self.errors.add(
                p.0.clone(),
                format!("The length of '{}' must be {max} characters or fewer. You entered {n} characters.", p.name()),
            );
        }
    }

    fn max_len(&mut self, obj: &Map<String, Value>, p: &Path, key: &str, max: usize) {
        if let Some(value) = obj.get(key).and_then(Value::as_str) {
            self.max_len_str(&p.key(key), value, max);
        }
    }

    fn length_between_str(&mut self, p: &Path, value: &str, min: usize, max: usize) {
        let n = value.chars().count();
        if n < min || n > max {
            self.errors.add(
                p.0.clone(),
                format!(
                    "The length of '{}' must be between {min} and {max} characters. You entered {n} characters.",
                    p.name()
                ),
            );
        }
    }

    fn length_between(&mut self, obj: &Map<String, Value>, p: &Path, key: &str, min: usize, max: usize) {
        if let Some(value) = obj.get(key).and_then(Value::as_str) {
            self.length_between_str(&p.key(key), value, min, max);
        }
    }

    fn uri(&mut self, obj: &Map<String, Value>, p: &Path, key: &str, max: usize) {
        if let Some(value) = obj.get(key).and_then(Value::as_str) {
            self.max_len_str(&p.key(key), value, max);
            if !is_uri(value) {
                self.not_uri(&p.key(key));
            }
        }
    }

    fn https_url(&mut self, obj: &Map<String, Value>, p: &Path, key: &str) {
        match obj.get(key).and_then(Value::as_str) {
            Some(value) if !value.is_empty() => {
                self.max_len_str(&p.key(key), value, 1023);
                if !is_https_url(value) {
                    self.errors.add(p.key(key).0, format!("'{}' is not a well formatted HTTPS URL.", pascal(key)));
                }
            }
            _ => self.not_empty(&p.key(key)),
        }
    }

    fn past(&mut self, obj: &Map<String, Value>, p: &Path, key: &str) {
        if let Some(at) = obj.get(key).and_then(as_time)
            && at > self.rules.now + Duration::seconds(15)
        {
            self.errors.add(p.key(key).0, format!("'{}' must be in the past.", pascal(key)));
        }
    }

    fn future(&mut self, obj: &Map<String, Value>, p: &Path, key: &str) {
        if self.rules.silent || self.rules.admin {
            return;
        }
        if let Some(at) = obj.get(key).and_then(as_time)
            && at <= self.rules.now
        {
            self.errors.add(p.key(key).0, format!("'{}' must be in the future.", pascal(key)));
        }
    }

    fn known<E>(&mut self, obj: &Map<String, Value>, p: &Path, key: &str, parse: impl Fn(&str) -> Option<E>) {
        if obj.get(key).and_then(Value::as_str) == Some("") {
            self.not_empty(&p.key(key));
        } else if let Some(value) = obj.get(key).and_then(Value::as_str)
            && parse(value).is_none()
        {
            self.errors.add(
                p.key(key).0,
                format!("'{}' has a range of values which does not include '{value}'.", pascal(key)),
            );
        }
    }

    fn client_id(&mut self, obj: &Map<String, Value>, p: &Path) -> Option<Uuid> {
        let id = obj.get("id").and_then(Value::as_str)?;
        match id.parse::<Uuid>() {
            Ok(uuid) if ids::is_valid_client_id(uuid, self.rules.now) => Some(uuid),
            _ => {
                self.errors.add(
                    p.key("id").0,
                    "Invalid 'Id'. Expected a UUIDv7 whose timestamp is in the past (generate one with a UUIDv7 library).",
                );
                None
            }
        }
    }

    fn unique_ids(&mut self, items: &[Value], p: &Path, what: &str) {
        let mut seen = HashSet::new();
        for item in items {
            if let Some(id) = item.get("id").and_then(Value::as_str)
                && !seen.insert(id.to_ascii_lowercase())
            {
                self.errors.add(p.0.clone(), format!("Duplicate {what} id '{id}'."));
            }
        }
    }

    fn localizations(&mut self, list: &mut Value, p: &Path, max: usize, required: bool) {
        let Some(items) = list.as_array_mut() else { return };
        if items.is_empty() {
            if required {
                self.not_empty(p);
            }
            return;
        }
        let mut seen = HashSet::new();
        for (i, item) in items.iter_mut().enumerate() {
            let ip = p.idx(i);
            let Some(obj) = item.as_object_mut() else { continue };
            match obj.get("value").and_then(Value::as_str) {
                Some(value) if !value.trim().is_empty() => self.max_len_str(&ip.key("value"), value, max),
                _ => self.not_empty(&ip.key("value")),
            }
            if let Some(Value::String(code)) = obj.get_mut("languageCode") {
                match normalize_language_code(code) {
                    Ok(normalized) => {
                        if !seen.insert(normalized.clone()) {
                            self.errors.add(p.0.clone(), format!("Duplicate language code '{normalized}'."));
                        }
                        *code = normalized;
                    }
                    Err(message) => self.errors.add(ip.key("languageCode").0, message),
                }
            }
        }
        items.sort_by(|a, b| {
            let code = |v: &Value| v.get("languageCode").and_then(Value::as_str).map(str::to_owned);
            code(a).cmp(&code(b))
        });
    }

    fn content_value(&mut self, value: &mut Value, p: &Path, rule: &ContentRule, max: usize) {
        let Some(obj) = value.as_object_mut() else { return };
        let media = obj.get("mediaType").and_then(Value::as_str).unwrap_or(DEFAULT_MEDIA_TYPE).to_owned();
        let allowed: Vec<&str> = match rule.media {
            Media::Plain => vec![DEFAULT_MEDIA_TYPE],
            Media::Rich if self.rules.legacy_html => vec![DEFAULT_MEDIA_TYPE, "text/markdown", "text/html"],
            Media::Rich => vec![DEFAULT_MEDIA_TYPE, "text/markdown"],
            Media::Embedded if self.rules.legacy_html => {
                vec![EMBEDDED_MARKDOWN, EMBEDDED_MARKDOWN_DEPRECATED, EMBEDDED_HTML_LEGACY]
            }
            Media::Embedded => vec![EMBEDDED_MARKDOWN, EMBEDDED_MARKDOWN_DEPRECATED],
        };
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&media)) {
            self.errors.add(
                p.key("mediaType").0,
                format!("'MediaType' '{media}' is not allowed here. Allowed media types: {}.", allowed.join(", ")),
            );
        }
        obj.insert("mediaType".into(), Value::String(media.clone()));
        let pv = p.key("value");
        match obj.get_mut("value") {
            Some(list) => self.localizations(list, &pv, max, true),
            None => self.not_empty(&pv),
        }
        let Some(Value::Array(items)) = obj.get("value") else { return };
        for (i, item) in items.iter().enumerate() {
            let Some(text) = item.get("value").and_then(Value::as_str) else { continue };
            if rule.media == Media::Embedded && !is_https_url(text) {
                self.errors.add(pv.idx(i).key("value").0, "'Value' must be an HTTPS URL for embeddable content.");
            }
            if media.eq_ignore_ascii_case("text/html")
                && let Some(problem) = html_problem(text)
            {
                self.errors.add(pv.idx(i).key("value").0, problem);
            }
        }
    }

    fn content(&mut self, obj: &mut Map<String, Value>, p: &Path, rules: &[ContentRule], title_required: bool) {
        let cp = p.key("content");
        let content = obj.get_mut("content").and_then(Value::as_object_mut);
        let has_title = content.as_ref().is_some_and(|c| c.get("title").is_some_and(|t| !t.is_null()));
        if title_required && !has_title {
            self.errors.add(cp.0.clone(), "Title must not be empty.");
        }
        let Some(content) = content else { return };
        let correspondence_bonus = self.rules.correspondence && std::ptr::eq(rules, TRANSMISSION_CONTENT);
        for rule in rules {
            if let Some(value) = content.get_mut(rule.field).filter(|v| !v.is_null()) {
                let max = if correspondence_bonus && rule.max == 255 { 512 } else { rule.max };
                self.content_value(value, &cp.key(rule.field), rule, max);
            }
        }
    }

    fn dialog_scalars(&mut self, obj: &mut Map<String, Value>, p: &Path) {
        self.known(obj, p, "status", DialogStatusInput::parse_known);
        if let Some(progress) = obj.get("progress").and_then(Value::as_i64)
            && !(0..=100).contains(&progress)
        {
            self.errors
                .add(p.key("progress").0, format!("'Progress' must be between 0 and 100. You entered {progress}."));
        }
        self.max_len(obj, p, "extendedStatus", 255);
        self.max_len(obj, p, "externalReference", 255);
        self.uri(obj, p, "process", 1023);
        self.uri(obj, p, "precedingProcess", 1023);
        if obj.get("precedingProcess").is_some_and(|v| !v.is_null()) && obj.get("process").is_none_or(Value::is_null) {
            self.errors.add(p.key("precedingProcess").0, "'PrecedingProcess' requires 'Process' to be set.");
        }
    }

    fn created_updated(&mut self, obj: &Map<String, Value>, p: &Path) {
        self.past(obj, p, "createdAt");
        self.past(obj, p, "updatedAt");
        let created = obj.get("createdAt").and_then(as_time);
        if let Some(updated) = obj.get("updatedAt").and_then(as_time) {
            match created {
                None => self.errors.add(p.key("createdAt").0, "'CreatedAt' must be set when 'UpdatedAt' is set."),
                Some(created) if updated < created => {
                    self.errors.add(p.key("updatedAt").0, "'UpdatedAt' must be greater than or equal to 'CreatedAt'.")
                }
                Some(_) => {}
            }
        }
    }

    fn date_order(&mut self, obj: &Map<String, Value>, p: &Path) {
        let at = |key: &str| obj.get(key).and_then(as_time);
        let (visible, due, expires) = (at("visibleFrom"), at("dueAt"), at("expiresAt"));
        let mut order = |later: &str, earlier: &str, l: Option<DateTime<Utc>>, e: Option<DateTime<Utc>>| {
            if let (Some(l), Some(e)) = (l, e)
                && l < e
            {
                self.errors.add(
                    p.key(later).0,
                    format!("'{}' must be greater than or equal to '{}'.", pascal(later), pascal(earlier)),
                );
            }
        };
        order("expiresAt", "dueAt", expires, due);
        order("expiresAt", "visibleFrom", expires, visible);
        if !self.rules.admin {
            order("dueAt", "visibleFrom", due, visible);
        }
    }

    fn dialog_content(&mut self, obj: &mut Map<String, Value>, p: &Path, api_only: bool) {
        self.content(obj, p, DIALOG_CONTENT, !api_only);
    }

    fn dialog_collections(&mut self, obj: &mut Map<String, Value>, p: &Path) {
        if let Some(Value::Array(tags)) = obj.get("searchTags") {
            let tp = p.key("searchTags");
            let mut seen = HashSet::new();
            for (i, tag) in tags.iter().enumerate() {
                if let Some(value) = tag.get("value").and_then(Value::as_str) {
                    self.length_between_str(&tp.idx(i).key("value"), value, 3, 63);
                    if !seen.insert(value.to_lowercase()) {
                        self.errors.add(tp.0.clone(), format!("Duplicate search tag '{value}'."));
                    }
                }
            }
        }
        if let Some(Value::Array(attachments)) = obj.get_mut("attachments") {
            self.attachments(attachments, &p.key("attachments"));
        }
        if let Some(Value::Array(actions)) = obj.get_mut("guiActions") {
            let ap = p.key("guiActions");
            self.unique_ids(actions, &ap, "GUI action");
            let mut counts = [0usize; 3];
            for (i, action) in actions.iter_mut().enumerate() {
                let ip = ap.idx(i);
                let Some(a) = action.as_object_mut() else { continue };
                self.client_id(a, &ip);
                self.action_name(a, &ip);
                self.https_url(a, &ip, "url");
                self.authorization_attribute(a, &ip);
                if let Some(method) = a.get("httpMethod").and_then(Value::as_str)
                    && !["GET", "POST", "DELETE"].iter().any(|m| m.eq_ignore_ascii_case(method))
                {
                    self.errors.add(
                        ip.key("httpMethod").0,
                        format!("'HttpMethod' must be GET, POST or DELETE for a GUI action. You entered '{method}'."),
                    );
                }
                match a.get("priority").and_then(Value::as_str).and_then(DialogGuiActionPriority::parse_known) {
                    Some(DialogGuiActionPriority::Primary) => counts[0] += 1,
                    Some(DialogGuiActionPriority::Secondary) => counts[1] += 1,
                    Some(_) => counts[2] += 1,
                    None => self.known(a, &ip, "priority", DialogGuiActionPriority::parse_known),
                }
                match a.get_mut("title") {
                    Some(title) => self.localizations(title, &ip.key("title"), 255, true),
                    None => self.not_empty(&ip.key("title")),
                }
                if let Some(prompt) = a.get_mut("prompt") {
                    self.localizations(prompt, &ip.key("prompt"), 255, false);
                }
            }
            for (count, name, max) in
                [(counts[0], "Primary", 1), (counts[1], "Secondary", 1), (counts[2], "Tertiary", 5)]
            {
                if count > max {
                    self.errors.add(
                        ap.0.clone(),
                        format!("Only {max} GUI action(s) can have priority {name}; {count} have it."),
                    );
                }
            }
        }
        if let Some(Value::Array(actions)) = obj.get("apiActions") {
            let ap = p.key("apiActions");
            self.unique_ids(actions, &ap, "API action");
            for (i, action) in actions.iter().enumerate() {
                let ip = ap.idx(i);
                let Some(a) = action.as_object() else { continue };
                self.client_id(a, &ip);
                self.action_name(a, &ip);
                self.max_len(a, &ip, "name", 255);
                self.authorization_attribute(a, &ip);
                let ep = ip.key("endpoints");
                match a.get("endpoints").and_then(Value::as_array) {
                    Some(endpoints) if !endpoints.is_empty() => {
                        self.unique_ids(endpoints, &ep, "endpoint");
                        for (j, endpoint) in endpoints.iter().enumerate() {
                            let jp = ep.idx(j);
                            let Some(e) = endpoint.as_object() else { continue };
                            self.client_id(e, &jp);
                            self.max_len(e, &jp, "version", 255);
                            self.https_url(e, &jp, "url");
                            self.known(e, &jp, "httpMethod", HttpVerb::parse_known);
                            for key in ["documentationUrl", "requestSchema", "responseSchema"] {
                                self.uri(e, &jp, key, 1023);
                            }
                            let deprecated = e.get("deprecated").and_then(Value::as_bool).unwrap_or(false);
                            if e.get("sunsetAt").is_some_and(|v| !v.is_null()) && !deprecated {
                                self.errors
                                    .add(jp.key("sunsetAt").0, "'SunsetAt' can only be set when 'Deprecated' is true.");
                            }
                        }
                    }
                    _ => self.not_empty(&ep),
                }
            }
        }
    }

    fn action_name(&mut self, a: &Map<String, Value>, p: &Path) {
        match a.get("action").and_then(Value::as_str) {
            Some(action) if !action.is_empty() => self.max_len_str(&p.key("action"), action, 255),
            _ => self.not_empty(&p.key("action")),
        }
    }

    fn authorization_attribute(&mut self, a: &Map<String, Value>, p: &Path) {
        if let Some(value) = a.get("authorizationAttribute").and_then(Value::as_str) {
            self.max_len_str(&p.key("authorizationAttribute"), value, 255);
            if !is_authorization_attribute(value) {
                self.errors.add(
                    p.key("authorizationAttribute").0,
                    "'AuthorizationAttribute' must be a name like 'element1' or a URN like 'urn:altinn:resource:some-resource'.",
                );
            }
        }
    }

    fn attachments(&mut self, attachments: &mut [Value], p: &Path) {
        self.unique_ids(attachments, p, "attachment");
        let mut url_ids = HashSet::new();
        for (i, attachment) in attachments.iter_mut().enumerate() {
            let ip = p.idx(i);
            let Some(a) = attachment.as_object_mut() else { continue };
            self.client_id(a, &ip);
            if let Some(names) = a.get_mut("displayName") {
                self.localizations(names, &ip.key("displayName"), 255, false);
            }
            self.max_len(a, &ip, "name", 255);
            self.future(a, &ip, "expiresAt");
            let up = ip.key("urls");
            match a.get("urls").and_then(Value::as_array) {
                Some(urls) if !urls.is_empty() => {
                    for (j, url) in urls.iter().enumerate() {
                        let jp = up.idx(j);
                        let Some(u) = url.as_object() else { continue };
                        if let Some(id) = self.client_id(u, &jp)
                            && !url_ids.insert(id)
                        {
                            self.errors.add(up.0.clone(), format!("Duplicate attachment URL id '{id}'."));
                        }
                        self.https_url(u, &jp, "url");
                        self.max_len(u, &jp, "mediaType", 255);
                        self.known(u, &jp, "consumerType", AttachmentUrlConsumerType::parse_known);
                    }
                }
                _ => self.not_empty(&up),
            }
        }
    }

    fn actor(&mut self, obj: &mut Map<String, Value>, p: &Path) {
        let Some(Value::Object(actor)) = obj.get_mut(p.0.rsplit('.').next().unwrap_or_default()) else {
            self.not_empty(p);
            return;
        };
        let has = |key: &str| actor.get(key).and_then(Value::as_str).is_some_and(|s| !s.is_empty());
        let (has_id, has_name) = (has("actorId"), has("actorName"));
        match actor.get("actorType").and_then(Value::as_str).and_then(ActorType::parse_known) {
            Some(ActorType::ServiceOwner) if has_id || has_name => self
                .errors
                .add(p.0.clone(), "If 'ActorType' is 'ServiceOwner', 'ActorId' and 'ActorName' must not be set."),
            Some(ActorType::PartyRepresentative) if has_id == has_name => self.errors.add(
                p.0.clone(),
                "If 'ActorType' is 'PartyRepresentative', exactly one of 'ActorId' and 'ActorName' must be set.",
            ),
            Some(_) => {}
            None => self.known(actor, p, "actorType", ActorType::parse_known),
        }
        self.max_len(actor, p, "actorName", 255);
        if let Some(Value::String(id)) = actor.get_mut("actorId") {
            match normalize_party(id) {
                Some(normalized) => *id = normalized,
                None => self.errors.add(
                    p.key("actorId").0,
                    "'ActorId' must be a party URN ('urn:altinn:person:identifier-no:…' or 'urn:altinn:organization:identifier-no:…') with a valid number.",
                ),
            }
        }
    }

    /// Returns the ids of the transmissions in the body.
    fn transmissions(
        &mut self,
        obj: &mut Map<String, Value>,
        p: &Path,
        api_only: bool,
        existing: &HashSet<Uuid>,
    ) -> HashSet<Uuid> {
        let mut in_request = HashSet::new();
        let Some(Value::Array(items)) = obj.get_mut("transmissions") else { return in_request };
        let tp = p.key("transmissions");
        self.unique_ids(items, &tp, "transmission");
        let mut keys = HashSet::new();
        for item in items.iter() {
            if let Some(id) = item.get("id").and_then(Value::as_str).and_then(|s| s.parse().ok()) {
                in_request.insert(id);
            }
            if let Some(key) = item.get("idempotentKey").and_then(Value::as_str)
                && !keys.insert(key.to_owned())
            {
                self.errors.add(tp.0.clone(), format!("Duplicate transmission idempotentKey '{key}'."));
            }
        }
        let known: HashSet<Uuid> = in_request.union(existing).copied().collect();
        for (i, item) in items.iter_mut().enumerate() {
            if let Some(t) = item.as_object_mut() {
                self.transmission(t, &tp.idx(i), api_only, &known);
            }
        }
        in_request
    }

    fn transmission(&mut self, t: &mut Map<String, Value>, p: &Path, api_only: bool, known: &HashSet<Uuid>) {
        let own = self.client_id(t, p);
        self.length_between(t, p, "idempotentKey", 3, 36);
        self.past(t, p, "createdAt");
        self.authorization_attribute(t, p);
        self.uri(t, p, "extendedType", 1023);
        self.max_len(t, p, "externalReference", 255);
        self.known(t, p, "type", DialogTransmissionType::parse_known);
        if let Some(related) = t.get("relatedTransmissionId").and_then(Value::as_str) {
            let related: Option<Uuid> = related.parse().ok();
            if related.is_some() && related == own {
                self.errors.add(
                    p.key("relatedTransmissionId").0,
                    "'RelatedTransmissionId' must not refer to the transmission itself.",
                );
            } else if !related.is_some_and(|r| known.contains(&r)) {
                self.errors.add(
                    p.key("relatedTransmissionId").0,
                    "'RelatedTransmissionId' must refer to a transmission in the same request or in the dialog.",
                );
            }
        }
        self.actor(t, &p.key("sender"));
        self.content(t, p, TRANSMISSION_CONTENT, !api_only);
        if let Some(Value::Array(attachments)) = t.get_mut("attachments") {
            self.attachments(attachments, &p.key("attachments"));
        }
        if let Some(Value::Array(actions)) = t.get_mut("navigationalActions") {
            let np = p.key("navigationalActions");
            for (i, action) in actions.iter_mut().enumerate() {
                let ip = np.idx(i);
                let Some(a) = action.as_object_mut() else { continue };
                match a.get_mut("title") {
                    Some(title) => self.localizations(title, &ip.key("title"), 255, true),
                    None => self.not_empty(&ip.key("title")),
                }
                self.https_url(a, &ip, "url");
                self.future(a, &ip, "expiresAt");
            }
        }
    }

    fn activities(&mut self, obj: &mut Map<String, Value>, p: &Path, transmissions: &HashSet<Uuid>) {
        let Some(Value::Array(items)) = obj.get_mut("activities") else { return };
        let ap = p.key("activities");
        self.unique_ids(items, &ap, "activity");
        for (i, item) in items.iter_mut().enumerate() {
            if let Some(a) = item.as_object_mut() {
                self.activity(a, &ap.idx(i), transmissions);
            }
        }
    }

    fn activity(&mut self, a: &mut Map<String, Value>, p: &Path, transmissions: &HashSet<Uuid>) {
        self.client_id(a, p);
        self.past(a, p, "createdAt");
        self.uri(a, p, "extendedType", 1023);
        let kind = a.get("type").and_then(Value::as_str).and_then(DialogActivityType::parse_known);
        if kind.is_none() {
            self.known(a, p, "type", DialogActivityType::parse_known);
        }
        self.actor(a, &p.key("performedBy"));
        let has_description = a.get("description").and_then(Value::as_array).is_some_and(|d| !d.is_empty());
        let is_information = kind == Some(DialogActivityType::Information);
        if is_information && !has_description {
            self.errors.add(p.key("description").0, "'Description' is required when 'Type' is 'Information'.");
        } else if !is_information && has_description && kind.is_some() {
            self.errors.add(p.key("description").0, "'Description' is only allowed when 'Type' is 'Information'.");
        }
        if let Some(description) = a.get_mut("description") {
            let max = if self.rules.correspondence { 4095 } else { 255 };
            self.localizations(description, &p.key("description"), max, false);
        }
        let transmission = a.get("transmissionId").and_then(Value::as_str);
        let is_opened = kind == Some(DialogActivityType::TransmissionOpened);
        match transmission {
            None if is_opened => self
                .errors
                .add(p.key("transmissionId").0, "'TransmissionId' is required when 'Type' is 'TransmissionOpened'."),
            Some(_) if !is_opened && kind.is_some() => self.errors.add(
                p.key("transmissionId").0,
                "'TransmissionId' is only allowed when 'Type' is 'TransmissionOpened'.",
            ),
            Some(id) if is_opened && !id.parse().is_ok_and(|id: Uuid| transmissions.contains(&id)) => self.errors.add(
                p.key("transmissionId").0,
                format!("'TransmissionId' '{id}' does not refer to a transmission of the dialog."),
            ),
            _ => {}
        }
    }
}

/// The first HTML construct the legacy-HTML rule forbids, if any.
fn html_problem(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>')?;
        let tag = rest[..end].trim().trim_start_matches('/').trim_end_matches('/');
        rest = &rest[end + 1..];
        let mut parts = tag.split_whitespace();
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        if !HTML_TAGS.contains(&name.as_str()) {
            return Some(format!("HTML tag '<{name}>' is not allowed."));
        }
        for attribute in parts {
            let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            if !(name == "a" && key.eq_ignore_ascii_case("href") && is_https_url(value)) {
                return Some(format!("HTML attribute '{key}' on '<{name}>' is not allowed (only https href on <a>)."));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iso_639_1_table_is_sorted_and_every_code_is_found() {
        let codes: Vec<&str> = ISO_639_1.split(' ').collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "ISO_639_1 must stay sorted for the binary search");
        assert!(codes.iter().all(|c| is_iso_639_1(c)));
        assert!(!is_iso_639_1("xx") && !is_iso_639_1("a") && !is_iso_639_1("zz") && !is_iso_639_1("aaa"));
    }
    use crate::types::{CreateDialog, UpdateDialog};
    use serde_json::json;

    fn minimal() -> Value {
        json!({
            "serviceResource": "urn:altinn:resource:demo",
            "party": "urn:altinn:person:identifier-no:08844397713",
            "content": {"title": {"value": [{"languageCode": "nb", "value": "Tittel"}]}}
        })
    }

    fn create(raw: Value) -> (Value, Result<(), ValidationErrors>) {
        let mut body = bind::<CreateDialog>(raw).expect("binds");
        let result = create_dialog(&mut body, &Rules::now());
        (body, result)
    }

    #[test]
    fn a_minimal_dialog_passes_and_is_normalised() {
        let mut raw = minimal();
        raw["party"] = json!("URN:ALTINN:PERSON:IDENTIFIER-NO:08844397713");
        raw["content"]["title"]["value"] = json!([
            {"languageCode": "en-US", "value": "Title"},
            {"languageCode": "nob", "value": "Tittel"}
        ]);
        let (body, result) = create(raw);
        result.unwrap();
        assert_eq!(body["party"], "urn:altinn:person:identifier-no:08844397713");
        assert_eq!(body["content"]["title"]["mediaType"], "text/plain");
        assert_eq!(body["content"]["title"]["value"][0]["languageCode"], "en");
        assert_eq!(body["content"]["title"]["value"][1]["languageCode"], "nb");
    }

    #[test]
    fn the_upstream_invalid_create_is_reported_with_upstream_paths() {
        let raw = json!({
            "serviceResource": "foo:bar",
            "party": "urn:altinn:organization:identifier-no:991825828",
            "progress": 101,
            "process": format!("urn:{}", "x".repeat(1020)),
            "attachments": [{
                "displayName": [{"languageCode": "no", "value": "x"}, {"languageCode": "en", "value": ""}],
                "name": "n".repeat(256),
                "urls": []
            }]
        });
        let (_, result) = create(raw);
        let errors = result.unwrap_err();
        let paths: Vec<_> = errors.iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "dto.attachments[0].displayName[0].languageCode",
                "dto.attachments[0].displayName[1].value",
                "dto.attachments[0].name",
                "dto.attachments[0].urls",
                "dto.content",
                "dto.party",
                "dto.process",
                "dto.progress",
                "dto.serviceResource",
            ]
        );
        assert_eq!(errors.get("dto.progress").unwrap(), ["'Progress' must be between 0 and 100. You entered 101."]);
        assert_eq!(
            errors.get("dto.attachments[0].name").unwrap(),
            ["The length of 'Name' must be 255 characters or fewer. You entered 256 characters."]
        );
        assert_eq!(errors.get("dto.attachments[0].urls").unwrap(), ["'Urls' must not be empty."]);
    }

    #[test]
    fn check_digits_are_checked() {
        assert!(is_organization_number("991825827"));
        assert!(!is_organization_number("991825828"));
        assert!(!is_organization_number("99182582"));
        assert!(is_national_identity_number("08844397713"));
        assert!(!is_national_identity_number("08844397714"));
        assert!(normalize_party("urn:altinn:person:idporten-email:kari@example.no").is_some());
        assert!(normalize_party("urn:altinn:person:legacy-selfidentified:kari").is_some());
        assert!(normalize_party("urn:altinn:person:idporten-email:kari").is_none());
    }

    #[test]
    fn gui_action_priorities_are_counted() {
        let mut raw = minimal();
        let action = |priority: &str| {
            json!({"action": "read", "url": "https://example.no", "priority": priority,
                   "title": [{"languageCode": "nb", "value": "Gå"}]})
        };
        raw["guiActions"] = json!([action("Primary"), action("primary"), action("Secondary")]);
        let (_, result) = create(raw);
        let errors = result.unwrap_err();
        assert_eq!(errors.iter().count(), 1, "{errors}");
        assert!(errors.get("dto.guiActions").unwrap()[0].contains("Primary"));
    }

    #[test]
    fn activity_and_transmission_rules() {
        let mut raw = minimal();
        let transmission = "0198c3a2-7f00-7000-8000-000000000001";
        raw["transmissions"] = json!([{
            "id": transmission, "type": "Information", "sender": {"actorType": "ServiceOwner"},
            "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}
        }]);
        raw["activities"] = json!([
            {"type": "Information", "performedBy": {"actorType": "ServiceOwner"}},
            {"type": "TransmissionOpened", "transmissionId": transmission, "performedBy": {"actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:08844397713"}},
            {"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner", "actorName": "X"}},
            {"type": "TransmissionOpened", "transmissionId": "0198c3a2-7f00-7000-8000-000000000009", "performedBy": {"actorType": "ServiceOwner"}}
        ]);
        let (_, result) = create(raw);
        let errors = result.unwrap_err();
        let paths: Vec<_> = errors.iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            ["dto.activities[0].description", "dto.activities[2].performedBy", "dto.activities[3].transmissionId"]
        );
    }

    #[test]
    fn missing_required_members_are_reported_with_every_other_mistake() {
        let mut body = bind::<CreateDialog>(json!({
            "party": "p",
            "progress": 101,
            "Attachments": [{"displayName": [{"languageCode": "nb", "value": "x"}]}],
            "activities": [{"type": "DialogOpened"}],
            "guiActions": [{"priority": "Primary", "url": "https://x.no"}]
        }))
        .unwrap();
        let errors = create_dialog(&mut body, &Rules::now()).unwrap_err();
        let paths: Vec<_> = errors.iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "dto.activities[0].performedBy.actorType",
                "dto.attachments[0].urls",
                "dto.content",
                "dto.guiActions[0].action",
                "dto.guiActions[0].title",
                "dto.party",
                "dto.progress",
                "dto.serviceResource",
            ]
        );
        assert_eq!(errors.get("dto.serviceResource").unwrap(), ["'ServiceResource' must not be empty."]);
        assert_eq!(errors.get("dto.activities[0].performedBy.actorType").unwrap(), ["'ActorType' must not be empty."]);
    }

    #[test]
    fn binding_errors_use_dollar_paths() {
        let mut raw = minimal();
        raw["progress"] = json!("half");
        let errors = bind::<CreateDialog>(raw).unwrap_err();
        assert!(errors.get("$.progress").is_some(), "{errors}");
    }

    #[test]
    fn update_requires_status_and_checks_dates_order() {
        let mut body = bind::<UpdateDialog>(json!({
            "status": "InProgress",
            "dueAt": "2030-01-02T00:00:00Z",
            "expiresAt": "2030-01-01T00:00:00Z",
            "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}
        }))
        .unwrap();
        let errors = update_dialog(&mut body, &Rules::now(), &HashSet::new()).unwrap_err();
        assert_eq!(errors.iter().map(|(p, _)| p).collect::<Vec<_>>(), ["dto.expiresAt"]);
        let mut empty = bind::<UpdateDialog>(json!({})).unwrap();
        let errors = update_dialog(&mut empty, &Rules::now(), &HashSet::new()).unwrap_err();
        assert_eq!(errors.get("dto.status").unwrap(), ["'Status' must not be empty."]);
    }

    #[test]
    fn dates_in_the_past_are_allowed_only_when_silent() {
        let body = json!({"dueAt": "2001-01-01T00:00:00Z"});
        assert!(dialog_dates_in_future(&body, &Rules::now(), None).is_err());
        dialog_dates_in_future(&body, &Rules::now().silent(true), None).unwrap();
        dialog_dates_in_future(&body, &Rules::now(), Some(&json!({"dueAt": "2001-01-01T00:00:00.000Z"}))).unwrap();
    }

    #[test]
    fn html_is_limited_to_the_allowed_tags() {
        assert!(html_problem("<p>Hei <a href=\"https://altinn.no\">lenke</a></p>").is_none());
        assert!(html_problem("<script>alert(1)</script>").is_some());
        assert!(html_problem("<a href=\"http://x.no\">x</a>").is_some());
    }
}
