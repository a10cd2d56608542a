//! `dp events listen`: a local webhook that prints the CloudEvents Altinn
//! Events delivers to it, and forwards them when asked.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use dialogporten::events::webhook::Delivery;
use dialogporten::reqwest;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::Value;
use tokio::net::TcpListener;

use super::{COLUMNS, cells, event_type};
use crate::exit::{Interrupted, UsageError};
use crate::output::{Format, Output};

/// What the receiver shares between requests.
struct Receiver {
    forward_to: Option<String>,
    types: Vec<String>,
    http: reqwest::Client,
    output: Output,
    printed: std::sync::atomic::AtomicBool,
    /// Told when stdout is closed (`dp events listen | head`): the receiver stops.
    stdout_closed: tokio::sync::Notify,
}

/// `dp events listen`: prints (and forwards) what is delivered to a local webhook.
pub(super) async fn listen(output: &Output, port: u16, forward_to: Option<String>, types: &[String]) -> Result<()> {
    if let Some(url) = &forward_to {
        reqwest::Url::parse(url).map_err(|e| UsageError(format!("--forward-to {url:?} is not a URL: {e}")))?;
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}: pick another --port (0 for any free one)"))?;
    let address = listener.local_addr().context("cannot read the listening address")?;
    let receiver = Arc::new(Receiver {
        forward_to,
        types: types.iter().map(|t| event_type(t)).collect(),
        // Forward exactly where asked: a redirect would turn the POST into a GET.
        http: dialogporten::transport::http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("cannot build the HTTP client for --forward-to")?,
        output: output.clone(),
        printed: std::sync::atomic::AtomicBool::new(false),
        stdout_closed: tokio::sync::Notify::new(),
    });
    let service_for = || {
        let receiver = Arc::clone(&receiver);
        hyper::service::service_fn(move |request| answer(Arc::clone(&receiver), request))
    };
    eprintln!("dp: listening on http://{address}/ (Ctrl-C to stop)");
    eprintln!("dp: subscribe it with: dp events subscribe --endpoint http://{address}/ --resource RESOURCE");
    let closed = receiver.stdout_closed.notified();
    tokio::select! {
        () = accept_until(listener, service_for, closed) => Ok(()),
        _ = tokio::signal::ctrl_c() => Err(Interrupted("stopped listening").into()),
    }
}

/// How long a connection may take to send a request's headers, also while it
/// sits idle between requests: a half-open socket (slowloris) is closed instead of held.
const HEADER_READ: Duration = Duration::from_secs(10);

/// Serves each connection on `listener` until `stop` completes. Nothing is
/// drained at the stop: it comes when stdout is closed, so no delivery could
/// be printed, and Altinn Events delivers what was not taken again.
async fn accept_until<S>(listener: TcpListener, service_for: impl Fn() -> S, stop: impl Future<Output = ()>)
where
    S: hyper::service::Service<
            hyper::Request<hyper::body::Incoming>,
            Response = hyper::Response<http_body_util::Empty<hyper::body::Bytes>>,
            Error = Infallible,
        > + Send
        + 'static,
    S::Future: Send + 'static,
{
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                // Out of file descriptors and the like: wait a little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => return,
        };
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ)
            .serve_connection(TokioIo::new(stream), service_for());
        // A client that times out or hangs up is its own problem, not the receiver's.
        tokio::spawn(async move { connection.await.ok() });
    }
}

/// Largest delivery the receiver reads (Altinn's events are a few kilobytes).
const MAX_DELIVERY: usize = 1_000_000;

/// One request to the receiver, read whole (within two minutes), and the status it gets.
async fn answer(
    receiver: Arc<Receiver>,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<http_body_util::Empty<hyper::body::Bytes>>, std::convert::Infallible> {
    use http_body_util::BodyExt;
    use hyper::StatusCode;
    let (parts, body) = request.into_parts();
    let work = async {
        match http_body_util::Limited::new(body, MAX_DELIVERY).collect().await {
            Ok(body) => receive(&receiver, &parts.method, &parts.headers, body.to_bytes()).await,
            Err(_) => StatusCode::PAYLOAD_TOO_LARGE,
        }
    };
    let status = tokio::time::timeout(Duration::from_secs(120), work).await.unwrap_or(StatusCode::REQUEST_TIMEOUT);
    let mut response = hyper::Response::new(http_body_util::Empty::new());
    *response.status_mut() = status;
    Ok(response)
}

async fn receive(
    receiver: &Receiver,
    method: &hyper::Method,
    headers: &hyper::HeaderMap,
    body: hyper::body::Bytes,
) -> hyper::StatusCode {
    use hyper::StatusCode;
    if method != hyper::Method::POST {
        return StatusCode::METHOD_NOT_ALLOWED;
    }
    let delivery = match Delivery::parse(&body) {
        Ok(delivery) => delivery,
        Err(e) => {
            eprintln!("dp: refused a POST that is not a CloudEvent ({})", crate::terminal::cell(&e.to_string()));
            return StatusCode::BAD_REQUEST;
        }
    };
    let event = match delivery {
        Delivery::Handshake { subscription, .. } => {
            let which = subscription.map(|n| format!(" {n}")).unwrap_or_default();
            eprintln!("dp: answered the handshake of subscription{}", crate::terminal::cell(&which));
            return StatusCode::OK;
        }
        Delivery::Event(event) => event,
    };
    if !receiver.types.is_empty() && !receiver.types.iter().any(|t| t == event.kind.as_str()) {
        return StatusCode::OK;
    }
    let first = !receiver.printed.swap(true, std::sync::atomic::Ordering::SeqCst);
    let item = serde_json::to_value(&event).unwrap_or(Value::Null);
    if let Err(e) =
        receiver.output.stream_row(&COLUMNS, &cells(&event, receiver.output.format() == Format::Table), &item, first)
    {
        // Not taken: Altinn Events delivers it again later, so nothing is lost.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            receiver.stdout_closed.notify_one();
        } else {
            eprintln!("dp: cannot print the event: {e}");
        }
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let Some(url) = &receiver.forward_to else { return StatusCode::OK };
    let mut request = receiver.http.post(url).body(body.to_vec());
    for (name, value) in headers {
        if !matches!(name.as_str(), "host" | "content-length" | "connection" | "transfer-encoding") {
            request = request.header(name.as_str(), value.as_bytes());
        }
    }
    match request.timeout(Duration::from_secs(30)).send().await {
        Ok(response) => {
            let status = response.status();
            eprintln!("dp: forwarded {} to {url}: {status}", crate::terminal::cell(&event.id));
            StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY)
        }
        Err(e) => {
            eprintln!(
                "dp: could not forward {} to {url}: {}",
                crate::terminal::cell(&event.id),
                dialogporten::transport::describe_failure(&e)
            );
            StatusCode::BAD_GATEWAY
        }
    }
}
