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

/// Sort order: one time field and its direction, then id in the same direction.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Order {
    field: Field,
    descending: bool,
}

impl Default for Order {
    fn default() -> Self {
        Self { field: Field::ContentUpdated, descending: true }
    }
}

impl Order {
    /// Parses `createdAt_asc`, `dueAt_desc,id_desc` and the like (case-insensitive).
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let bad = || {
            DomainError::bad_request(
                "orderBy",
                format!(
                    "Invalid orderBy '{text}'. Use one of {} with _asc or _desc, e.g. 'createdAt_desc'.",
                    Field::ALL.map(Field::name).join(", ")
                ),
            )
        };
        let mut order = None;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, direction) = part.split_once('_').unwrap_or((part, "desc"));
            let descending = match direction.to_ascii_lowercase().as_str() {
                "desc" => true,
                "asc" => false,
                _ => return Err(bad()),
            };
            if name.eq_ignore_ascii_case("id") {
                continue;
            }
            let field = Field::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name)).ok_or_else(bad)?;
            if order.is_some() {
                return Err(bad());
            }
            order = Some(Order { field, descending });
        }
        order.ok_or_else(bad)
    }

    /// The canonical spelling sent back as `orderBy`.
    pub fn render(&self) -> String {
        let direction = if self.descending { "desc" } else { "asc" };
        format!("{}_{direction},id_{direction}", self.field.name())
    }

    fn key_of(&self, doc: &Value) -> String {
        doc[self.field.name()].as_str().unwrap_or_default().to_owned()
    }
}

/// Where the previous page ended.
#[derive(Clone, Debug, PartialEq)]
struct Cursor {
    key: String,
    id: String,
}

fn encode_token(order: &Order, cursor: &Cursor) -> String {
    let plain = format!("{}|{}|{}", order.render(), cursor.key, cursor.id);
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
    let mut parts = text.splitn(3, '|');
    let (Some(rendered), Some(key), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad("not a token this server issued"));
    };
    if rendered != order.render() {
        return Err(bad(&format!("it was issued for orderBy '{rendered}', not '{}'", order.render())));
    }
    Ok(Cursor { key: key.to_owned(), id: id.to_owned() })
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

/// One page of matching dialog documents.
pub struct Page {
    /// The dialogs on this page.
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
        let column = self.order.field.column();
        if let Some(cursor) = &self.cursor {
            let op = if self.order.descending { "<" } else { ">" };
            self.push(
                format!("({column} {op} ? OR ({column} = ? AND d.id {op} ?))"),
                [Sql::Text(cursor.key.clone()), Sql::Text(cursor.key.clone()), Sql::Text(cursor.id.clone())],
            );
        }
        let direction = if self.order.descending { "DESC" } else { "ASC" };
        let filter = if self.clauses.is_empty() { "1 = 1".to_owned() } else { self.clauses.join(" AND ") };
        let sql = format!(
            "SELECT d.doc FROM dialogs d WHERE {filter} ORDER BY {column} {direction}, d.id {direction} LIMIT ?"
        );
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
    let deleted = match params.one("deleted") {
        None => DeletedFilter::Exclude,
        Some(v) if v.eq_ignore_ascii_case("true") => DeletedFilter::Only,
        Some(v) if v.eq_ignore_ascii_case("false") => DeletedFilter::Exclude,
        Some(v) => DeletedFilter::parse_known(v).ok_or_else(|| invalid("deleted", v, "Exclude, Include or Only"))?,
    };
    match deleted {
        DeletedFilter::Only => s.push("d.deleted_at IS NOT NULL", []),
        DeletedFilter::Include => {}
        _ => s.push("d.deleted_at IS NULL", []),
    }
    s.range(params, "created", "d.created_at")?;
    s.range(params, "updated", "d.updated_at")?;
    s.range(params, "contentUpdated", "d.content_updated_at")?;
    s.range(params, "due", "d.due_at")?;
    s.range(params, "visible", "d.visible_from")?;
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
    for label in capped(params, "serviceOwnerLabels", MAX_FILTER_VALUES)? {
        let label = label.trim().to_lowercase();
        let (stem, prefix) = match label.strip_suffix('*') {
            Some(stem) => (stem.to_owned(), true),
            None => (label.clone(), false),
        };
        let length = stem.chars().count();
        if !(3..=255).contains(&length) {
            return Err(DomainError::bad_request(
                "serviceOwnerLabels",
                format!("Each label must be 3 to 255 characters (before a trailing '*'); '{label}' is {length}."),
            ));
        }
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
    let language = params
        .one("searchLanguageCode")
        .map(|code| normalize_language_code(code).map_err(|why| DomainError::bad_request("searchLanguageCode", why)))
        .transpose()?;
    if let Some(text) = params.one("search") {
        if end_user.is_none() {
            return Err(DomainError::bad_request("search", "'Search' is only allowed together with 'EndUserId'."));
        }
        if text.chars().count() < 3 {
            return Err(DomainError::bad_request("search", "'Search' must be at least 3 characters."));
        }
        let pattern = format!("%{}%", like_escape(&text.to_lowercase()));
        match language {
            Some(language) => s.push(
                "EXISTS (SELECT 1 FROM dialog_texts t WHERE t.dialog_id = d.id AND t.text LIKE ? ESCAPE '\\' AND t.language IN (?, ''))",
                [Sql::Text(pattern), Sql::Text(language)],
            ),
            None => s.push(
                "EXISTS (SELECT 1 FROM dialog_texts t WHERE t.dialog_id = d.id AND t.text LIKE ? ESCAPE '\\')",
                [Sql::Text(pattern)],
            ),
        }
    }
    if let Some(order) = params.one("orderBy") {
        s.order = Order::parse(order)?;
    }
    s.paging(params)?;
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
        assert_eq!(Order::parse("CREATEDAT_ASC").unwrap().render(), "createdAt_asc,id_asc");
        assert_eq!(Order::parse("dueAt_desc,id_desc").unwrap().render(), "dueAt_desc,id_desc");
        assert!(Order::parse("title_asc").is_err());
        assert!(Order::parse("createdAt_sideways").is_err());
    }

    #[test]
    fn tokens_round_trip_and_are_tied_to_their_order() {
        let order = Order::parse("createdAt_asc").unwrap();
        let cursor = Cursor { key: "2025-01-01T00:00:00.000000Z".into(), id: "0194".into() };
        let token = encode_token(&order, &cursor);
        assert_eq!(decode_token(&token, &order).unwrap(), cursor);
        assert!(decode_token(&token, &Order::default()).is_err());
        assert!(decode_token("zz", &order).is_err());
    }
}
