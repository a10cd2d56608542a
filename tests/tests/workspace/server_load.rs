//! dp-server under load, as the real service behaves behind API Management (reference:
//! enduser-tokens-limits.md §5): a token bucket per client (`--rate-limit`), a capacity with a queue
//! (`--capacity`), and latency drawn from a range (`--chaos latency=A..B`).

use std::time::{Duration, Instant};

use dialogporten_server::chaos::Chaos;
use dialogporten_server::load::RateLimit;
use dialogporten_server::{Config, DEV_TOKEN, Running, TokenGrant};
use dp_integration_tests::spawn;

async fn get(server: &Running, token: &str) -> dialogporten::reqwest::Response {
    dialogporten::transport::http_client()
        .get(format!("{}/api/v1/serviceowner/dialogs?limit=1", server.base_url))
        .bearer_auth(token)
        .send()
        .await
        .expect("answered")
}

fn header(response: &dialogporten::reqwest::Response, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

#[tokio::test]
async fn each_client_gets_its_bucket_and_a_429_says_when_to_come_back() {
    let mut config = Config::dev().with_token(TokenGrant::service_owner("other-client", "digdir", "991825827"));
    config.rate_limit = Some(RateLimit::parse("3/10s").expect("a limit"));
    let server = spawn(config).await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let answer = get(&server, DEV_TOKEN).await;
        assert_eq!(answer.status(), 200);
        assert_eq!(header(&answer, "x-ratelimit-limit").as_deref(), Some("3"));
        remaining.push(header(&answer, "x-ratelimit-remaining").expect("remaining"));
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let refused = get(&server, DEV_TOKEN).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = header(&refused, "retry-after").expect("Retry-After").parse().expect("seconds");
    assert!((1..=4).contains(&retry_after), "a token comes back within 10/3 s: {retry_after}");
    assert_eq!(header(&refused, "x-ratelimit-remaining").as_deref(), Some("0"));
    let reset: u64 = header(&refused, "x-ratelimit-reset").expect("reset").parse().expect("seconds");
    assert!((9..=10).contains(&reset), "the bucket is full again in 10 s: {reset}");
    assert_eq!(get(&server, "other-client").await.status(), 200, "another client has its own bucket");
    let health = dialogporten::transport::http_client()
        .get(format!("{}/health", server.base_url))
        .send()
        .await
        .expect("answered");
    assert_eq!(health.status(), 200, "only the API is limited");
}

#[tokio::test]
async fn a_capacity_queues_what_it_cannot_work_on_so_latency_rises_with_load() {
    let mut config = Config::dev();
    config.capacity = 1;
    config.chaos = Some(Chaos::parse("latency=150ms..150ms", 1).expect("a spec"));
    let server = spawn(config).await;
    let started = Instant::now();
    let answers = futures::future::join_all((0..3).map(|_| get(&server, DEV_TOKEN))).await;
    assert!(answers.iter().all(|a| a.status() == 200));
    // One at a time: the third waited for the two before it.
    assert!(started.elapsed() >= Duration::from_millis(450), "{:?}", started.elapsed());
}

#[test]
fn latency_is_a_value_or_a_range() {
    let spec = Chaos::parse("latency=40ms..120ms", 7).expect("a range");
    assert_eq!((spec.latency, spec.latency_max), (Duration::from_millis(40), Duration::from_millis(120)));
    let fixed = Chaos::parse("latency=5ms", 7).expect("a value");
    assert_eq!((fixed.latency, fixed.latency_max), (Duration::from_millis(5), Duration::from_millis(5)));
    assert!(Chaos::parse("latency=120ms..40ms", 7).is_err());
}
