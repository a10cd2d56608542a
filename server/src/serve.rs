//! The router served with limits on slow clients: a connection must send a
//! request's headers within [`Timeouts::header_read`] (also while it sits idle
//! between requests; `dialogporten::serve` sees to that), and a request must
//! be read and answered within [`Timeouts::request`]. Half-open sockets
//! (slowloris) are dropped instead of being held for ever.

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a client may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// From the connection's start (or the end of its last response) to the
    /// end of the next request's headers.
    pub header_read: Duration,
    /// From the headers to the end of the response: reading the body included.
    pub request: Duration,
    /// How long a graceful stop waits for requests in flight.
    pub drain: Duration,
}

impl Default for Timeouts {
    /// 10 s for headers, 120 s for a request, 10 s to drain.
    fn default() -> Self {
        Self { header_read: Duration::from_secs(10), request: Duration::from_secs(120), drain: Duration::from_secs(10) }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets
/// requests in flight finish (for at most [`Timeouts::drain`]). Handlers can
/// extract `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let router = router.layer(axum::middleware::from_fn(move |request, next| within(timeouts.request, request, next)));
    let service_for = |peer| TowerToHyperService::new(router.clone().layer(axum::Extension(ConnectInfo(peer))));
    let limits = dialogporten::serve::Timeouts { header_read: timeouts.header_read, drain: timeouts.drain };
    dialogporten::serve::serve(listener, service_for, limits, shutdown).await
}

async fn within(
    limit: Duration,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Result<axum::response::Response, Infallible> {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => Ok(response),
        Err(_) => Ok(axum::response::IntoResponse::into_response((
            axum::http::StatusCode::REQUEST_TIMEOUT,
            [(axum::http::header::CONNECTION, "close")],
            "the request took too long to arrive or to answer",
        ))),
    }
}
