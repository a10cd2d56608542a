//! `dp api METHOD PATH`: any request, authenticated, for what no command covers.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::Args;
use dialogporten::ClientInfo;
use dialogporten::reqwest::Method;
use dialogporten::reqwest::header::{HeaderName, HeaderValue};

use crate::body::read_body;
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
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
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
    let url = dialogporten::reqwest::Url::parse(&url).map_err(|e| {
        UsageError(format!("{:?} does not make a URL with the base {}: {e}", args.path, context.client.baseurl()))
    })?;
    let mut request = dialogporten::reqwest::Request::new(method, url.clone());
    let mut has_content_type = false;
    for header in &args.headers {
        let (name, value) =
            header.split_once(':').ok_or_else(|| UsageError(format!("-H {header:?}: write it as 'Name: value'")))?;
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| UsageError(format!("-H {header:?}: bad header name")))?;
        let value =
            HeaderValue::from_str(value.trim()).map_err(|_| UsageError(format!("-H {header:?}: bad header value")))?;
        has_content_type |= name == dialogporten::reqwest::header::CONTENT_TYPE;
        request.headers_mut().append(name, value);
    }
    if let Some(path) = &args.input {
        let (body, _) = read_body(path)?;
        if !has_content_type {
            request
                .headers_mut()
                .insert(dialogporten::reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        *request.body_mut() = Some(body.into());
    }
    // The client's transport: its token, retries for GET/PUT/DELETE, the request log.
    let response = context.client.transport().send(request).await.with_context(|| {
        format!("{} {}", args.method.to_ascii_uppercase(), dialogporten::transport::url_for_log(&url))
    })?;
    let status = response.status();
    let mut out = crate::output::stdout();
    if args.include {
        writeln!(out, "{:?} {status}", response.version())?;
        for (name, value) in response.headers() {
            let value = value.to_str().unwrap_or("<binary>");
            if output.is_terminal() {
                writeln!(out, "{name}: {}", crate::terminal::cell(value))?;
            } else {
                writeln!(out, "{name}: {value}")?;
            }
        }
        writeln!(out)?;
    }
    let body = response.bytes().await.context("the response body could not be read")?;
    match serde_json::from_slice::<serde_json::Value>(&body) {
        Ok(json) if output.is_terminal() => writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?,
        // Whatever else the server sent is shown, not obeyed, on a terminal.
        _ if output.is_terminal() => writeln!(out, "{}", crate::terminal::printable(&String::from_utf8_lossy(&body)))?,
        _ => {
            out.write_all(&body)?;
            if !body.is_empty() && !body.ends_with(b"\n") {
                writeln!(out)?;
            }
        }
    }
    drop(out);
    if status.is_success() {
        return Ok(());
    }
    // A 422 naming an existing id is the same conflict (exit 6) as it is for `dp dialog create`.
    let exists = serde_json::from_slice::<dialogporten::types::ProblemDetails>(&body).is_ok_and(|problem| {
        dialogporten::ApiError::new(status, problem, &dialogporten::reqwest::header::HeaderMap::new())
            .is_already_exists()
    });
    Err(HttpStatus(status.as_u16(), exists).into())
}
