//! `--jq EXPR`: a jq filter over the JSON a command prints, built in (jaq), so no jq install is needed.

use std::fmt::Write as _;

use jaq_core::load::{Arena, File, Loader};
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
        let modules = loader.load(&arena, program).map_err(|errors| {
            let errors: Vec<_> = errors.into_iter().map(|(_, error)| error).collect();
            JqError::Compile(format!("--jq {:?} is not a valid jq expression: {errors:?}", self.expr))
        })?;
        let filter = Compiler::default().with_funs(funs).compile(modules).map_err(|errors| {
            let errors: Vec<_> = errors.into_iter().map(|(_, error)| error).collect();
            JqError::Compile(format!("--jq {:?} does not compile: {errors:?}", self.expr))
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
    fn a_bad_expression_is_a_usage_error() {
        assert!(Jq::new(".[] | select(").is_err());
        assert!(Jq::new("nosuchfunction(1)").is_err());
    }
}
