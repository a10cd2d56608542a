//! The SDK's adaptive pace on real HTTP: the limit shrinks on a 429 and grows again, a
//! `Retry-After` holds every new send (not only the throttled request's retry), and against
//! dp-server's `--rate-limit` the pace learns the refill rate and keeps to it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use dialogporten::pace::{Pace, PaceSettings};
use dialogporten::{Client, Environment};
use dialogporten_server::load::RateLimit;
use dialogporten_server::{Config, DEV_TOKEN};

/// A service that answers the `throttle_at`th request 429 with `Retry-After: 1`, and writes down
/// when each request arrived.
async fn service(throttle_at: usize) -> (String, Arc<Mutex<Vec<(Instant, u16)>>>) {
    let arrivals: Arc<Mutex<Vec<(Instant, u16)>>> = Arc::default();
    let seen = Arc::clone(&arrivals);
    let app = Router::new().route(
        "/api/v1/metadata/limits",
        get(move || {
            let seen = Arc::clone(&seen);
            async move {
                let mut seen = seen.lock().expect("arrivals");
                let status = if seen.len() + 1 == throttle_at { 429 } else { 200 };
                seen.push((Instant::now(), status));
                let mut headers = HeaderMap::new();
                if status == 429 {
                    headers.insert("retry-after", "1".parse().expect("a header"));
                    return (StatusCode::TOO_MANY_REQUESTS, headers, "{}".to_owned()).into_response();
                }
                headers.insert("content-type", "application/json".parse().expect("a header"));
                (StatusCode::OK, headers, r#"{"endUserSearch": {"maxPartyFilterValues": 20, "maxServiceResourceFilterValues": 20, "maxOrgFilterValues": 20, "maxExtendedStatusFilterValues": 20}, "serviceOwnerSearch": {"maxPartyFilterValues": 20, "maxServiceResourceFilterValues": 20, "maxExtendedStatusFilterValues": 20}}"#.to_owned()).into_response()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, arrivals)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_shrinks_the_limit_holds_every_send_for_retry_after_and_the_limit_grows_again() {
    let (base, arrivals) = service(12).await;
    let pace = Pace::new(PaceSettings { initial: 1, ceiling: 8, ..PaceSettings::default() });
    let client =
        Client::builder(Environment::Local(base)).bearer_token("t").pace(pace.clone()).build().expect("a client");
    let limits_seen: Arc<Mutex<Vec<(u64, usize)>>> = Arc::default();
    let tasks = (0..8).map(|_| {
        let (client, pace, limits_seen) = (client.clone(), pace.clone(), Arc::clone(&limits_seen));
        tokio::spawn(async move {
            for _ in 0..8 {
                client.get_limits().send().await.expect("answered, the 429 retried");
                let now = pace.snapshot();
                limits_seen.lock().expect("limits").push((now.throttled, now.limit));
            }
        })
    });
    for task in futures::future::join_all(tasks).await {
        task.expect("the task ran");
    }
    let arrivals = arrivals.lock().expect("arrivals").clone();
    assert_eq!(arrivals.len(), 65, "64 requests and one retry");
    let throttled_at = arrivals.iter().find(|(_, status)| *status == 429).expect("one 429").0;
    // Requests sent before the 429 came back may still land just after it; after that, nothing
    // arrives until Retry-After has passed.
    let held = arrivals
        .iter()
        .filter(|(at, _)| {
            *at > throttled_at + Duration::from_millis(50) && *at < throttled_at + Duration::from_millis(950)
        })
        .count();
    assert_eq!(held, 0, "no request is sent while Retry-After holds");
    let limits = limits_seen.lock().expect("limits").clone();
    let before = limits.iter().filter(|(throttled, _)| *throttled == 0).map(|(_, l)| *l).max().expect("limits before");
    let right_after = limits.iter().find(|(throttled, _)| *throttled == 1).map(|(_, l)| *l).expect("a limit after");
    let last = limits.last().map(|(_, l)| *l).expect("a last limit");
    assert!(before > 1, "grew before the 429: {limits:?}");
    assert!(right_after < before, "shrank on the 429: {before} -> {right_after}");
    assert!(last > right_after, "grew again: {right_after} -> {last}");
    assert_eq!(pace.snapshot().throttled, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_a_rate_limit_the_pace_learns_the_refill_rate_and_keeps_to_it() {
    let mut config = Config::dev();
    config.listen = ([127, 0, 0, 1], 0).into();
    config.rate_limit = Some(RateLimit::parse("40/s").expect("a limit"));
    let server = dp_integration_tests::spawn(config).await;
    let pace = Pace::new(PaceSettings { ceiling: 16, ..PaceSettings::default() });
    let client = Client::builder(Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .pace(pace.clone())
        .build()
        .expect("a client");
    let tasks = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            for _ in 0..10 {
                client.get_limits().send().await.expect("answered");
            }
        })
    });
    for task in futures::future::join_all(tasks).await {
        task.expect("the task ran");
    }
    let now = pace.snapshot();
    assert_eq!(now.sent - now.throttled, 160, "every request answered");
    let learned = now.learned_rate.expect("the refill rate was learned");
    assert!((30.0..=44.0).contains(&learned), "learned {learned}/s of 40/s");
    assert!(now.throttled <= 2, "a known limit is not hit again and again: {} throttled", now.throttled);
}
