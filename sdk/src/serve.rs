//! Serving HTTP/1.1 to clients that may be slow or hostile (feature
//! `server`): a webhook receiver, a test double, the reference server.
//!
//! A connection must finish a request's headers within
//! [`Timeouts::header_read`], also while it sits idle between requests, so
//! half-open sockets (slowloris) are closed instead of held. A graceful stop
//! lets requests in flight finish for at most [`Timeouts::drain`]. How long a
//! request may take once its headers are in is the service's own affair.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use std::convert::Infallible;
//! use dialogporten::serve::{Timeouts, serve};
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let hello = |_peer| {
//!     hyper::service::service_fn(|_request| async {
//!         Ok::<_, Infallible>(hyper::Response::new(http_body_util::Full::new(hyper::body::Bytes::from("hi"))))
//!     })
//! };
//! serve(listener, hello, Timeouts::default(), std::future::pending()).await
//! # }
//! ```

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use hyper::body::{Body, Incoming};
use hyper::service::Service;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

/// How long a client may take to send its headers, and how long a stop waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// From the connection's start (or the end of its last response) to the end of the next request's headers.
    pub header_read: Duration,
    /// How long a graceful stop waits for requests in flight.
    pub drain: Duration,
}

impl Default for Timeouts {
    /// 10 s for headers, 10 s to drain.
    fn default() -> Self {
        Self { header_read: Duration::from_secs(10), drain: Duration::from_secs(10) }
    }
}

/// Serves each connection on `listener` with the service `service_for(peer)`
/// makes, until `shutdown` completes; then lets requests in flight finish.
pub async fn serve<F, S, B>(
    listener: TcpListener,
    service_for: F,
    timeouts: Timeouts,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()>
where
    F: Fn(SocketAddr) -> S,
    S: Service<hyper::Request<Incoming>, Response = hyper::Response<B>> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
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
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(timeouts.header_read)
            // The application sets its own, narrower limits and answers them in its own
            // words; hyper's (100 headers) would answer first, without a body.
            .max_headers(1000)
            .serve_connection(TokioIo::new(stream), service_for(peer));
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
