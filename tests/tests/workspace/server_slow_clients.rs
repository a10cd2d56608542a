//! dp-server against slow and half-open clients (slowloris): sockets that
//! never finish their headers or their body are dropped after the timeouts,
//! and normal requests are served while they are held open.

use std::time::{Duration, Instant};

use dialogporten_server::serve::Timeouts;
use dialogporten_server::{Config, DEV_TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HALF_OPEN: usize = 300;

/// Reads until the server closes the socket; `false` if it is still open after `limit`.
async fn closed_within(socket: &mut TcpStream, limit: Duration) -> bool {
    let mut buffer = [0_u8; 1024];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, socket.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // A 408 may come first; the close follows.
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_open_requests_are_dropped_and_others_are_served_meanwhile() {
    let timeouts =
        Timeouts { header_read: Duration::from_millis(800), request: Duration::from_secs(2), ..Timeouts::default() };
    let server = dp_integration_tests::spawn(Config::dev().with_timeouts(timeouts)).await;

    let mut held = Vec::new();
    for i in 0..HALF_OPEN {
        let mut socket = TcpStream::connect(server.addr()).await.unwrap();
        match i % 3 {
            // Headers begun and never ended.
            0 => socket.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.unwrap(),
            // Headers done, body promised and never sent.
            1 => socket
                .write_all(
                    format!(
                        "POST /api/v1/serviceowner/dialogs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEV_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"a\":"
                    )
                    .as_bytes(),
                )
                .await
                .unwrap(),
            // Connected, silent.
            _ => {}
        }
        held.push(socket);
    }

    // While all of them are held open, the server answers everyone else.
    let http = dialogporten::reqwest::Client::new();
    for _ in 0..20 {
        let response = http.get(format!("{}/health", server.base_url)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
    }

    // A keep-alive connection that finished a request and then sits idle counts as half open too.
    for _ in 0..10 {
        let mut socket = TcpStream::connect(server.addr()).await.unwrap();
        socket.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut answer = [0_u8; 512];
        let read = socket.read(&mut answer).await.unwrap();
        assert!(answer[..read].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&answer[..read]));
        held.push(socket);
    }

    // And each held socket is closed by the server once its timeout passes.
    let closed = futures::future::join_all(held.iter_mut().map(|s| closed_within(s, Duration::from_secs(15)))).await;
    let still_open = closed.iter().filter(|closed| !**closed).count();
    assert_eq!(still_open, 0, "{still_open} of {} half-open or idle connections were kept", held.len());
    let response = http.get(format!("{}/health", server.base_url)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "still serving afterwards");
    server.shutdown().await.unwrap();
}

/// A body still on its way holds no place of the server's capacity (`--capacity`, 8 by default): the
/// body is read before a place is taken, so clients that send slowly cannot keep the API from others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_still_arriving_hold_no_place_of_the_capacity() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let mut held = Vec::new();
    for _ in 0..3 * dialogporten_server::load::DEFAULT_CAPACITY {
        let mut socket = TcpStream::connect(server.addr()).await.unwrap();
        let head = format!(
            "POST /api/v1/serviceowner/dialogs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEV_TOKEN}\r\n\
             Content-Type: application/json\r\nContent-Length: 19000000\r\n\r\n{{\"searchTags\": ["
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        held.push(socket);
    }
    let http = dialogporten::reqwest::Client::new();
    let search = http
        .get(format!("{}/api/v1/serviceowner/dialogs", server.base_url))
        .bearer_auth(DEV_TOKEN)
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .expect("the API answers while bodies are arriving");
    assert_eq!(search.status().as_u16(), 200);
    drop(held);
    server.shutdown().await.unwrap();
}
