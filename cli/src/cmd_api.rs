//! `dp api METHOD PATH`: any request, authenticated, for what no command covers.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::Args;
use dialogporten::ClientInfo;
use dialogporten::reqwest::Method;
use dialogporten::reqwest::header::{HeaderName, HeaderValue};

use crate::context::Context;
use crate::exit::{HttpStatus, UsageError};
use crate::output::Output;

/// Send any request to the Dialogporten API, with dp's credentials.
///
/// The response body goes to stdout as it came; a status other than 2xx
/// exits with the code its kind has (4, 5, 6 or 1).
///
/// Examples:
///   dp api GET '/api/v1/serviceowner/dialogs?limit=5'
///   dp api POST /api/v1/serviceowner/dialogs --input dialog.json
///   dp api PATCH /api/v1/serviceowner/dialogs/ID -H 'If-Match: REV' \
///     -H 'Content-Type: application/json-patch+json' --input patch.json
///   dp api GET /api/v1/metadata/limits --include
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ApiArgs {
    /// GET, POST, PUT, PATCH or DELETE.
    pub method: String,
    /// The path under the base URL, starting with /api/v1/.
    pub path: String,
    /// The request body from a file; - reads stdin.
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// A request header, 'Name: value'; repeat for more.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Print the status line and response headers before the body.
    #[arg(short, long)]
    pub include: bool,
}

pub async fn run(args: ApiArgs, context: &Context, output: &Output) -> Result<()> {
    let method = Method::from_bytes(args.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| UsageError(format!("{:?} is not an HTTP method", args.method)))?;
    if !args.path.starts_with('/') {
        return Err(UsageError(format!(
            "{:?}: the path starts with /, for example /api/v1/serviceowner/dialogs",
            args.path
        ))
        .into());
    }
    let url = format!("{}{}", context.client.baseurl(), args.path);
    let token = context.token().await?;
    let mut request = context.client.client().request(method, &url).bearer_auth(token.expose());
    let mut has_content_type = false;
    for header in &args.headers {
        let (name, value) =
            header.split_once(':').ok_or_else(|| UsageError(format!("-H {header:?}: write it as 'Name: value'")))?;
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| UsageError(format!("-H {header:?}: bad header name")))?;
        let value =
            HeaderValue::from_str(value.trim()).map_err(|_| UsageError(format!("-H {header:?}: bad header value")))?;
        has_content_type |= name == dialogporten::reqwest::header::CONTENT_TYPE;
        request = request.header(name, value);
    }
    if let Some(path) = &args.input {
        let body = if path.as_os_str() == "-" {
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut body).context("cannot read the body from stdin")?;
            body
        } else {
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
        };
        if !has_content_type {
            request = request.header(dialogporten::reqwest::header::CONTENT_TYPE, "application/json");
        }
        request = request.body(body);
    }
    let response = request.send().await.with_context(|| format!("could not reach {url}"))?;
    let status = response.status();
    let mut out = std::io::stdout().lock();
    if args.include {
        writeln!(out, "{:?} {status}", response.version())?;
        for (name, value) in response.headers() {
            writeln!(out, "{name}: {}", value.to_str().unwrap_or("<binary>"))?;
        }
        writeln!(out)?;
    }
    let body = response.bytes().await.context("the response body could not be read")?;
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(json) if output.is_terminal() => writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?,
        _ => {
            out.write_all(&body)?;
            if !body.is_empty() && !body.ends_with(b"\n") {
                writeln!(out)?;
            }
        }
    }
    drop(out);
    if status.is_success() { Ok(()) } else { Err(HttpStatus(status.as_u16()).into()) }
}
