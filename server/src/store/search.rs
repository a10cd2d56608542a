//! Dialog search: the filters of `GET /dialogs` and `GET /dialogs/endusercontext`,
//! ordering, and continuation tokens.
//!
//! Paging is by key set: a token holds the last item's sort key and id, and
//! the next page starts strictly after it. Every dialog that matches is
//! therefore returned exactly once, whatever is created meanwhile.

use dialogporten_model::enums::{DeletedFilter, DialogStatusInput, SystemLabel};
use dialogporten_model::validate::{normalize_language_code, normalize_party};
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde_json::Value;

use crate::dialog::timestamp;
use crate::domain_error::DomainError;
use crate::params::{Params, invalid};
use crate::store::{parse_doc, storage};

/// Most values a list filter takes.
pub const MAX_FILTER_VALUES: usize = 20;
/// Most parties with `endUserId`.
pub const MAX_PARTIES_WITH_END_USER: usize = 100;
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Field {
    Created,
    Updated,
    ContentUpdated,
    Due,
}

impl Field {
    const ALL: [Field; 4] = [Field::ContentUpdated, Field::Created, Field::Updated, Field::Due];

    fn name(self) -> &'static str {
        match self {
            Field::Created => "createdAt",
            Field::Updated => "updatedAt",
            Field::ContentUpdated => "contentUpdatedAt",
            Field::Due => "dueAt",
        }
    }

    /// Missing due dates sort as the earliest.
    fn column(self) -> &'static str {
        match self {
            Field::Created => "d.created_at",
            Field::Updated => "d.updated_at",
            Field::ContentUpdated => "d.content_updated_at",
            Field::Due => "COALESCE(d.due_at, '')",
        }
    }
}

/// One sort key and its direction.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Key {
    field: Field,
    descending: bool,
}

/// Sort order as upstream's `OrderSet`: one or more time fields, each with its
/// direction, then id. A lone id gets the default field first; id's own
/// direction is descending unless given.
#[derive(Clone, PartialEq, Debug)]
pub struct Order {
    keys: Vec<Key>,
    id_descending: bool,
}

impl Default for Order {
    fn default() -> Self {
        Self { keys: vec![Key { field: Field::ContentUpdated, descending: true }], id_descending: true }
    }
}

impl Order {
    /// Parses `createdAt_asc`, `dueAt_desc,updatedAt_desc`, `dueAt,id_asc` and the like
    /// (keys case-insensitive, direction `desc` when left out, each key at most once).
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let bad = || {
            DomainError::bad_request(
                "orderBy",
                format!(
                    "Invalid orderBy '{text}'. Use one or more of {}, id, each with _asc or _desc and at most once, \
                     separated by commas, e.g. 'dueAt_desc,updatedAt_desc'.",
                    Field::ALL.map(Field::name).join(", ")
                ),
            )
        };
        let mut keys: Vec<Key> = Vec::new();
        let mut id_descending = None;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, descending) = match part.split('_').map(str::trim).collect::<Vec<_>>()[..] {
                [name] => (name, true),
                [name, direction] if direction.eq_ignore_ascii_case("desc") => (name, true),
                [name, direction] if direction.eq_ignore_ascii_case("asc") => (name, false),
                _ => return Err(bad()),
            };
            if name.eq_ignore_ascii_case("id") {
                if id_descending.replace(descending).is_some() {
                    return Err(bad());
                }
                continue;
            }
            let field = Field::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name)).ok_or_else(bad)?;
            if keys.iter().any(|k| k.field == field) {
                return Err(bad());
            }
            keys.push(Key { field, descending });
        }
        let Some(id_descending) = id_descending.or((!keys.is_empty()).then_some(true)) else {
            return Err(bad());
        };
        if keys.is_empty() {
            keys = Order::default().keys;
        }
        Ok(Order { keys, id_descending })
    }

    /// The canonical spelling sent back as `orderBy`: upstream's, keys in lower case.
    pub fn render(&self) -> String {
        let direction = |descending: bool| if descending { "desc" } else { "asc" };
        self.keys
            .iter()
            .map(|k| format!("{}_{}", k.field.name().to_lowercase(), direction(k.descending)))
            .chain([format!("id_{}", direction(self.id_descending))])
            .collect::<Vec<_>>()
            .join(",")
    }

    fn key_of(&self, doc: &Value) -> Vec<String> {
        self.keys.iter().map(|k| doc[k.field.name()].as_str().unwrap_or_default().to_owned()).collect()
    }

    /// `ORDER BY` terms.
    fn sql(&self) -> String {
        let direction = |descending: bool| if descending { "DESC" } else { "ASC" };
        self.keys
            .iter()
            .map(|k| format!("{} {}", k.field.column(), direction(k.descending)))
            .chain([format!("d.id {}", direction(self.id_descending))])
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The key-set condition "strictly after `cursor`" in this order, and its arguments.
    fn after(&self, cursor: &Cursor) -> (String, Vec<Sql>) {
        let op = |descending: bool| if descending { "<" } else { ">" };
        let columns: Vec<(&str, bool)> =
            self.keys.iter().map(|k| (k.field.column(), k.descending)).chain([("d.id", self.id_descending)]).collect();
        let values: Vec<&String> = cursor.key.iter().chain([&cursor.id]).collect();
        let mut alternatives = Vec::new();
        let mut args = Vec::new();
        for (i, (column, descending)) in columns.iter().enumerate() {
            let mut terms = Vec::new();
            for (equal, value) in columns[..i].iter().zip(&values) {
                terms.push(format!("{} = ?", equal.0));
                args.push(Sql::Text((*value).clone()));
            }
            terms.push(format!("{column} {} ?", op(*descending)));
            args.push(Sql::Text(values[i].clone()));
            alternatives.push(format!("({})", terms.join(" AND ")));
        }
        (format!("({})", alternatives.join(" OR ")), args)
    }
}

/// Where the previous page ended: its sort keys and id.
#[derive(Clone, Debug, PartialEq)]
struct Cursor {
    key: Vec<String>,
    id: String,
}

fn encode_token(order: &Order, cursor: &Cursor) -> String {
    let plain = format!("{}|{}|{}", order.render(), cursor.key.join("|"), cursor.id);
    plain.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_token(token: &str, order: &Order) -> Result<Cursor, DomainError> {
    let bad = |why: &str| {
        DomainError::bad_request(
            "continuationToken",
            format!("Invalid continuationToken: {why}. Start again without it."),
        )
    };
    if !token.len().is_multiple_of(2) {
        return Err(bad("not a token this server issued"));
    }
    let bytes: Option<Vec<u8>> =
        (0..token.len()).step_by(2).map(|i| token.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect();
    let text = bytes.and_then(|b| String::from_utf8(b).ok()).ok_or_else(|| bad("not a token this server issued"))?;
    let mut parts: Vec<&str> = text.split('|').collect();
    let (Some(rendered), Some(id)) = (parts.first().copied(), parts.pop()) else {
        return Err(bad("not a token this server issued"));
    };
    if rendered != order.render() {
        return Err(bad(&format!("it was issued for orderBy '{rendered}', not '{}'", order.render())));
    }
    let key: Vec<String> = parts[1..].iter().map(|s| (*s).to_owned()).collect();
    if key.len() != order.keys.len() {
        return Err(bad("not a token this server issued"));
    }
    Ok(Cursor { key, id: id.to_owned() })
}

/// A parsed search.
#[derive(Debug, Default)]
pub struct Search {
    clauses: Vec<String>,
    args: Vec<Sql>,
    order: Order,
    cursor: Option<Cursor>,
    limit: i64,
}

/// One page of matching dialogs.
pub struct Page {
    /// The dialogs on this page, each as the summary its list item is made from
    /// (`dialog::summary`): search never reads whole documents.
    pub docs: Vec<Value>,
    /// Whether more follow.
    pub has_next_page: bool,
    /// The token for the next page.
    pub continuation_token: Option<String>,
    /// The order used, as `orderBy`.
    pub order_by: String,
}

impl Search {
    fn new(org: Option<&str>) -> Self {
        let mut search = Search { limit: DEFAULT_LIMIT, ..Search::default() };
        if let Some(org) = org {
            search.push("d.org = ?", [Sql::Text(org.to_owned())]);
        }
        search
    }

    fn push(&mut self, clause: impl Into<String>, args: impl IntoIterator<Item = Sql>) {
        self.clauses.push(clause.into());
        self.args.extend(args);
    }

    fn any_of(&mut self, column: &str, values: Vec<String>) {
        if values.is_empty() {
            return;
        }
        let marks = vec!["?"; values.len()].join(", ");
        self.push(format!("{column} IN ({marks})"), values.into_iter().map(Sql::Text));
    }

    fn labels(&mut self, values: &[String], name: &str) -> Result<(), DomainError> {
        let mut any = Vec::new();
        for value in values {
            let label = SystemLabel::parse_known(value).ok_or_else(|| invalid(name, value, "a system label"))?;
            any.push(format!("d.system_labels LIKE '%|{}|%'", label.as_str()));
        }
        if !any.is_empty() {
            self.push(format!("({})", any.join(" OR ")), []);
        }
        Ok(())
    }

    fn paging(&mut self, params: &Params) -> Result<(), DomainError> {
        if let Some(limit) = params.integer("limit")? {
            if !(1..=MAX_LIMIT).contains(&limit) {
                return Err(DomainError::bad_request(
                    "limit",
                    format!("'Limit' must be between 1 and {MAX_LIMIT}. You entered {limit}."),
                ));
            }
            self.limit = limit;
        }
        if let Some(token) = params.one("continuationToken") {
            self.cursor = Some(decode_token(token, &self.order)?);
        }
        Ok(())
    }

    fn range(&mut self, params: &Params, name: &str, column: &str) -> Result<(), DomainError> {
        let after = params.time(&format!("{name}After"))?;
        let before = params.time(&format!("{name}Before"))?;
        if let (Some(a), Some(b)) = (after, before)
            && a > b
        {
            return Err(DomainError::bad_request(
                format!("{name}After"),
                format!("'{name}After' must be less than or equal to '{name}Before'."),
            ));
        }
        if let Some(a) = after {
            self.push(format!("{column} >= ?"), [Sql::Text(timestamp(a))]);
        }
        if let Some(b) = before {
            self.push(format!("{column} <= ?"), [Sql::Text(timestamp(b))]);
        }
        Ok(())
    }

    /// Runs the search: one page plus whether another follows.
    pub fn run(mut self, conn: &Connection) -> Result<Page, DomainError> {
        if let Some(cursor) = &self.cursor {
            let (clause, args) = self.order.after(cursor);
            self.push(clause, args);
        }
        let filter = if self.clauses.is_empty() { "1 = 1".to_owned() } else { self.clauses.join(" AND ") };
        let sql = format!("SELECT d.summary FROM dialogs d WHERE {filter} ORDER BY {} LIMIT ?", self.order.sql());
        self.args.push(Sql::Integer(self.limit + 1));
        let mut statement = conn.prepare(&sql).map_err(storage)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(self.args.iter()), |row| row.get::<_, String>(0))
            .map_err(storage)?;
        let mut docs = Vec::new();
        for row in rows {
            docs.push(parse_doc(&row.map_err(storage)?)?);
        }
        let has_next_page = docs.len() as i64 > self.limit;
        docs.truncate(usize::try_from(self.limit).unwrap_or(usize::MAX));
        let continuation_token = match docs.last() {
            Some(last) if has_next_page => Some(encode_token(
                &self.order,
                &Cursor { key: self.order.key_of(last), id: last["id"].as_str().unwrap_or_default().to_owned() },
            )),
            _ => None,
        };
        Ok(Page { docs, has_next_page, continuation_token, order_by: self.order.render() })
    }
}

fn capped(params: &Params, name: &str, max: usize) -> Result<Vec<String>, DomainError> {
    let values = params.all(name);
    if values.len() > max {
        return Err(DomainError::bad_request(
            name,
            format!("'{name}' takes at most {max} values; {} were given.", values.len()),
        ));
    }
    Ok(values)
}

fn parties(values: Vec<String>, name: &str) -> Result<Vec<String>, DomainError> {
    values
        .iter()
        .map(|p| normalize_party(p).ok_or_else(|| invalid(name, p, "a party URN with a valid number")))
        .collect()
}

/// `GET /dialogs` for `org` (`None` for an admin, who sees every org).
pub fn dialogs(params: &Params, org: Option<&str>) -> Result<Search, DomainError> {
    let mut s = Search::new(org);
    let end_user = params.one("endUserId").map(str::to_owned);
    let max_parties = if end_user.is_some() { MAX_PARTIES_WITH_END_USER } else { MAX_FILTER_VALUES };
    let resources = capped(params, "serviceResource", MAX_FILTER_VALUES)?;
    let party_filter = parties(capped(params, "party", max_parties)?, "party")?;
    if let Some(end_user) = &end_user {
        if resources.is_empty() && party_filter.is_empty() {
            return Err(DomainError::bad_request(
                "endUserId",
                "'EndUserId' requires 'ServiceResource' or 'Party' as well.",
            ));
        }
        // Without Altinn Authorization to ask, an end user can act for themselves only.
        match normalize_party(end_user) {
            Some(person) if person.starts_with("urn:altinn:person:") => s.push("d.party = ?", [Sql::Text(person)]),
            _ if end_user.to_ascii_lowercase().starts_with("urn:altinn:systemuser:") => s.push("1 = 0", []),
            _ => return Err(invalid("endUserId", end_user, "a person URN or urn:altinn:systemuser:{uuid}")),
        }
    }
    s.any_of("d.service_resource", resources.into_iter().map(|r| r.to_lowercase()).collect());
    s.any_of("d.party", party_filter);
    let deleted = match params.one("deleted") {
        None => DeletedFilter::Exclude,
        Some(v) => DeletedFilter::parse_known(v).ok_or_else(|| invalid("deleted", v, "Exclude, Include or Only"))?,
    };
    match deleted {
        DeletedFilter::Only => s.push("d.deleted_at IS NOT NULL", []),
        DeletedFilter::Include => {}
        _ => s.push("d.deleted_at IS NULL", []),
    }
    s.range(params, "visible", "d.visible_from")?;
    for label in capped(params, "serviceOwnerLabels", MAX_FILTER_VALUES)? {
        // Upstream's SearchDialogQueryValidator measures the value as sent, a trailing '*' included.
        let length = label.chars().count();
        if !(3..=255).contains(&length) {
            return Err(DomainError::bad_request(
                "serviceOwnerLabels",
                format!("Each label must be 3 to 255 characters; '{label}' is {length}."),
            ));
        }
        let label = label.trim().to_lowercase();
        let (stem, prefix) = match label.strip_suffix('*') {
            Some(stem) => (stem.to_owned(), true),
            None => (label.clone(), false),
        };
        if prefix {
            s.push(
                "EXISTS (SELECT 1 FROM dialog_labels l WHERE l.dialog_id = d.id AND l.label LIKE ? ESCAPE '\\')",
                [Sql::Text(format!("{}%", like_escape(&stem)))],
            );
        } else {
            s.push(
                "EXISTS (SELECT 1 FROM dialog_labels l WHERE l.dialog_id = d.id AND l.label = ?)",
                [Sql::Text(stem)],
            );
        }
    }
    shared_filters(&mut s, params, end_user.is_some())?;
    Ok(s)
}

/// The filters, free-text search, order and paging both APIs' dialog searches take.
fn shared_filters(s: &mut Search, params: &Params, search_allowed: bool) -> Result<(), DomainError> {
    s.any_of("d.extended_status", capped(params, "extendedStatus", MAX_FILTER_VALUES)?);
    if let Some(reference) = params.one("externalReference") {
        s.push("d.external_reference = ?", [Sql::Text(reference.to_owned())]);
    }
    let mut statuses = Vec::new();
    for status in params.all("status") {
        let known =
            DialogStatusInput::parse_known(&status).ok_or_else(|| invalid("status", &status, "a dialog status"))?;
        statuses.push(known.normalized().to_string());
    }
    s.any_of("d.status", statuses);
    s.range(params, "created", "d.created_at")?;
    s.range(params, "updated", "d.updated_at")?;
    s.range(params, "contentUpdated", "d.content_updated_at")?;
    s.range(params, "due", "d.due_at")?;
    if let Some(seen) = params.flag("isContentSeen")? {
        s.push("d.is_content_seen = ?", [Sql::Integer(i64::from(seen))]);
    }
    if let Some(process) = params.one("process") {
        dialogporten_model::validate::search_process(process)?;
        s.push("d.process = ?", [Sql::Text(process.to_owned())]);
    }
    s.labels(&params.all("systemLabel"), "systemLabel")?;
    if params.flag("excludeApiOnly")? == Some(true) {
        s.push("d.is_api_only = 0", []);
    }
    let language = params
        .one("searchLanguageCode")
        .map(|code| normalize_language_code(code).map_err(|why| DomainError::bad_request("searchLanguageCode", why)))
        .transpose()?;
    if let Some(text) = params.one("search") {
        if !search_allowed {
            return Err(DomainError::bad_request("search", "'Search' is only allowed together with 'EndUserId'."));
        }
        if text.chars().count() < 3 {
            return Err(DomainError::bad_request("search", "'Search' must be at least 3 characters."));
        }
        let pattern = format!("%{}%", like_escape(&text.to_lowercase()));
        // Search tags have no language: they match whatever language is asked for.
        let tags =
            "EXISTS (SELECT 1 FROM dialog_search_tags g WHERE g.dialog_id = d.id AND g.folded LIKE ? ESCAPE '\\')";
        match language {
            Some(language) => s.push(
                format!(
                    "(EXISTS (SELECT 1 FROM dialog_texts t WHERE t.dialog_id = d.id AND t.text LIKE ? ESCAPE '\\' AND t.language = ?) OR {tags})"
                ),
                [Sql::Text(pattern.clone()), Sql::Text(language), Sql::Text(pattern)],
            ),
            None => s.push(
                format!(
                    "(EXISTS (SELECT 1 FROM dialog_texts t WHERE t.dialog_id = d.id AND t.text LIKE ? ESCAPE '\\') OR {tags})"
                ),
                [Sql::Text(pattern.clone()), Sql::Text(pattern)],
            ),
        }
    }
    if let Some(order) = params.one("orderBy") {
        s.order = Order::parse(order)?;
    }
    s.paging(params)?;
    Ok(())
}

/// `GET /api/v1/enduser/dialogs` for an end user acting for `allowed` parties: only dialogs they may
/// see (upstream's `SearchDialogQuery`: visible, not expired, not deleted), at least one `party` or
/// `serviceResource` asked for, at most 20 of each.
pub fn end_user_dialogs(params: &Params, allowed: &[String], now: &str) -> Result<Search, DomainError> {
    let mut s = Search::new(None);
    let resources = capped(params, "serviceResource", MAX_FILTER_VALUES)?;
    let asked = parties(capped(params, "party", MAX_FILTER_VALUES)?, "party")?;
    if resources.is_empty() && asked.is_empty() {
        // Upstream: SearchDialogQueryValidator (EndUser).
        return Err(DomainError::bad_request("party", "Either ServiceResource or Party must be specified."));
    }
    s.any_of("d.org", capped(params, "org", MAX_FILTER_VALUES)?.into_iter().map(|o| o.to_lowercase()).collect());
    s.any_of("d.service_resource", resources.into_iter().map(|r| r.to_lowercase()).collect());
    let parties: Vec<String> =
        if asked.is_empty() { allowed.to_vec() } else { asked.into_iter().filter(|p| allowed.contains(p)).collect() };
    if parties.is_empty() {
        s.push("1 = 0", []);
    }
    s.any_of("d.party", parties);
    s.push("d.deleted_at IS NULL", []);
    s.push("(d.visible_from IS NULL OR d.visible_from <= ?)", [Sql::Text(now.to_owned())]);
    s.push("(d.expires_at IS NULL OR d.expires_at > ?)", [Sql::Text(now.to_owned())]);
    shared_filters(&mut s, params, true)?;
    Ok(s)
}

/// `GET /dialogs/endusercontext` for `org`.
pub fn end_user_contexts(params: &Params, org: Option<&str>) -> Result<Search, DomainError> {
    let mut s = Search::new(org);
    let party_filter = parties(capped(params, "party", MAX_FILTER_VALUES)?, "party")?;
    if party_filter.is_empty() {
        return Err(DomainError::bad_request("party", "'Party' must not be empty."));
    }
    s.any_of("d.party", party_filter);
    s.push("d.deleted_at IS NULL", []);
    s.labels(&params.all("label"), "label")?;
    if let Some(after) = params.time("contentUpdatedAfter")? {
        s.push("d.content_updated_at >= ?", [Sql::Text(timestamp(after))]);
    }
    s.paging(params)?;
    Ok(s)
}

fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_by_parses_case_insensitively_and_renders_canonically() {
        assert_eq!(Order::parse("CREATEDAT_ASC").unwrap().render(), "createdat_asc,id_desc");
        assert_eq!(Order::parse("dueAt_desc,id_asc").unwrap().render(), "dueat_desc,id_asc");
        assert_eq!(Order::parse("dueAt, updatedAt_asc").unwrap().render(), "dueat_desc,updatedat_asc,id_desc");
        assert_eq!(Order::parse("id_asc").unwrap().render(), "contentupdatedat_desc,id_asc");
        assert!(Order::parse("dueAt,dueAt_asc").is_err());
        assert!(Order::parse("id,id").is_err());
        assert!(Order::parse("title_asc").is_err());
        assert!(Order::parse("createdAt_sideways").is_err());
    }

    #[test]
    fn tokens_round_trip_and_are_tied_to_their_order() {
        let order = Order::parse("createdAt_asc").unwrap();
        let cursor = Cursor { key: vec!["2025-01-01T00:00:00.000000Z".into()], id: "0194".into() };
        let token = encode_token(&order, &cursor);
        assert_eq!(decode_token(&token, &order).unwrap(), cursor);
        assert!(decode_token(&token, &Order::default()).is_err());
        assert!(decode_token("zz", &order).is_err());
    }
}
