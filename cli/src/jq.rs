//! `--jq EXPR`: a jq filter over the JSON a command prints, built in (jaq), so no jq install is needed.

use std::fmt::Write as _;

use jaq_core::load::{self, Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;
use serde_json::Value;

use crate::exit::UsageError;

/// A checked jq expression.
#[derive(Clone, Debug)]
pub struct Jq {
    expr: String,
}

impl Jq {
    /// Checks that `expr` compiles, so a typo is a usage error before anything is sent.
    pub fn new(expr: &str) -> Result<Self, UsageError> {
        let jq = Self { expr: expr.to_owned() };
        jq.run(&Value::Null).map(|_| jq).or_else(|e| match e {
            JqError::Compile(message) => Err(UsageError(message)),
            JqError::Run(_) => Ok(Self { expr: expr.to_owned() }),
        })
    }

    /// The filter's outputs for `input`, one per line: strings raw (as `jq -r`), anything else as JSON.
    pub fn apply(&self, input: &Value) -> anyhow::Result<Vec<String>> {
        self.run(input).map_err(|e| match e {
            JqError::Compile(m) | JqError::Run(m) => anyhow::anyhow!(m),
        })
    }

    fn run(&self, input: &Value) -> Result<Vec<String>, JqError> {
        let program = File { code: self.expr.as_str(), path: () };
        let defs = jaq_core::defs().chain(jaq_std::defs()).chain(jaq_json::defs());
        let funs = jaq_core::funs().chain(jaq_std::funs()).chain(jaq_json::funs());
        let loader = Loader::new(defs);
        let arena = Arena::default();
        let code = self.expr.as_str();
        let modules = loader.load(&arena, program).map_err(|errors| {
            let found: Vec<(usize, String)> = errors
                .into_iter()
                .flat_map(|(_, error)| match error {
                    load::Error::Io(errors) => {
                        errors.into_iter().map(|(at, why)| (offset(code, at), why)).collect::<Vec<_>>()
                    }
                    load::Error::Lex(errors) => errors
                        .into_iter()
                        .map(|(expected, at)| (offset(code, at), format!("expected {}", expected.as_str())))
                        .collect(),
                    load::Error::Parse(errors) => errors
                        .into_iter()
                        .map(|(expected, at)| {
                            let seen = if at.is_empty() { "the end".to_owned() } else { format!("{at:?}") };
                            (offset(code, at), format!("expected {}, found {seen}", expected.as_str()))
                        })
                        .collect(),
                })
                .collect();
            JqError::Compile(explain(code, "is not a valid jq expression", &found))
        })?;
        let filter = Compiler::default().with_funs(funs).compile(modules).map_err(|errors| {
            let found: Vec<(usize, String)> = errors
                .into_iter()
                .flat_map(|(_, errors)| errors)
                .map(|(name, undefined)| {
                    let what = match undefined {
                        jaq_core::compile::Undefined::Filter(arity) => format!("no filter {name}/{arity}"),
                        other => format!("no {} {name}", other.as_str()),
                    };
                    (offset(code, name), what)
                })
                .collect();
            JqError::Compile(explain(code, "does not compile", &found))
        })?;
        let text = input.to_string();
        let value = jaq_json::read::parse_single(text.as_bytes())
            .map_err(|e| JqError::Run(format!("the output is not JSON jq can read: {e:?}")))?;
        let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
        let mut lines = Vec::new();
        for result in filter.id.run((ctx, value)).map(unwrap_valr) {
            let value = result.map_err(|e| JqError::Run(format!("--jq {:?}: {e}", self.expr)))?;
            let mut line = String::new();
            match &value {
                Val::TStr(bytes) => line.push_str(&String::from_utf8_lossy(bytes)),
                other => {
                    let _ = write!(line, "{other}");
                }
            }
            lines.push(line);
        }
        Ok(lines)
    }
}

/// Where `part` (a slice of `code`) starts in it, in characters.
fn offset(code: &str, part: &str) -> usize {
    let start = (part.as_ptr() as usize).saturating_sub(code.as_ptr() as usize).min(code.len());
    code.get(..start).map_or(0, |before| before.chars().count())
}

/// The expression, a caret under each mistake, and what is wrong there.
fn explain(code: &str, what: &str, found: &[(usize, String)]) -> String {
    let mut text = format!("--jq {what}:\n  {code}");
    for (column, message) in found {
        let _ = write!(text, "\n  {}^ column {}: {message}", " ".repeat(*column), column + 1);
    }
    if found.is_empty() {
        text.push_str("\n  (jq gave no detail)");
    }
    text
}

enum JqError {
    Compile(String),
    Run(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_select_and_strings_come_out_raw() {
        let jq = Jq::new(".[] | select(.status == \"Completed\") | .id").unwrap();
        let input = json!([{"id": "a", "status": "Completed"}, {"id": "b", "status": "Draft"}]);
        assert_eq!(jq.apply(&input).unwrap(), ["a"]);
        let jq = Jq::new("map(.n) | add").unwrap();
        assert_eq!(jq.apply(&json!([{"n": 1}, {"n": 2}])).unwrap(), ["3"]);
        let jq = Jq::new("{id}").unwrap();
        assert_eq!(jq.apply(&json!({"id": "x", "other": 1})).unwrap(), ["{\"id\":\"x\"}"]);
    }

    #[test]
    fn a_bad_expression_says_what_is_wrong_and_where() {
        let error = Jq::new(".[] | select(").unwrap_err().to_string();
        assert_eq!(
            error,
            "--jq is not a valid jq expression:\n  .[] | select(\n               ^ column 14: expected closing parenthesis"
        );
        let error = Jq::new(".id | nosuchfunction(1)").unwrap_err().to_string();
        assert_eq!(
            error,
            "--jq does not compile:\n  .id | nosuchfunction(1)\n        ^ column 7: no filter nosuchfunction/1"
        );
        let error = Jq::new(".a +").unwrap_err().to_string();
        assert!(error.contains("^ column") && error.contains("expected term"), "{error}");
    }
}
