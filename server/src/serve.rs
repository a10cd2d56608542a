//! The router served with limits on slow clients: a connection must send a
//! request's headers within [`Timeouts::header_read`] (also while it sits idle
//! between requests), and a request must be read and answered within
//! [`Timeouts::request`]. Half-open sockets
//! (slowloris) are dropped instead of being held for ever.

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
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
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone().layer(axum::Extension(ConnectInfo(peer))));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            // Also bounds the idle time between requests on a kept-alive connection.
            .header_read_timeout(timeouts.header_read)
            // The handlers set narrower limits and answer them with a problem body;
            // hyper's own (100 headers) would answer first, without one.
            .max_headers(1000)
            .serve_connection(TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that times out or hangs up is its own problem, not the server's.
            let _ = watched.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(timeouts.drain, graceful.shutdown()).await;
    Ok(())
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
