//! `Client::create_dialog_idempotent` against dp-server: a new dialog, one that was there
//! already (by id and by idempotentKey), and a create whose first answer was lost.

use chrono::Utc;
use dialogporten::ids::deterministic_v7;
use dialogporten::types::CreateDialog;
use dialogporten::{Client, Creation, Environment, RetryPolicy, validate};
use dialogporten_server::chaos::{Chaos, Dice};
use dialogporten_server::{Config, DEV_TOKEN, Running};
use dp_integration_tests::{ClosedPort, spawn};
use serde_json::json;

fn client(server: &Running, retry: RetryPolicy) -> Client {
    Client::builder(Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .retry_policy(retry)
        .build()
        .expect("a client")
}

fn body(source: &str) -> CreateDialog {
    let mut body: CreateDialog = validate::bind(json!({
        "serviceResource": "urn:altinn:resource:dp-test",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Arkivert"}]}}
    }))
    .expect("a body");
    body.id = Some(deterministic_v7(source, Utc::now() - chrono::Duration::days(400)));
    body
}

#[tokio::test]
async fn a_new_dialog_is_created_and_a_rerun_finds_it_there() {
    let server = spawn(Config::dev()).await;
    let client = client(&server, RetryPolicy::default());
    let body = body("a2-archive:1");
    let first = client.create_dialog_idempotent(&body).silent().await.expect("created");
    let Creation::Created(created) = &first else { panic!("{first:?}") };
    assert_eq!(Some(created.id), body.id);
    assert!(created.revision.is_some(), "the revision comes with it");
    let again = client.create_dialog_idempotent(&body).silent().await.expect("no error for an existing dialog");
    assert_eq!(again, Creation::AlreadyExisted { id: created.id }, "a 422 on the id names the dialog");
}

#[tokio::test]
async fn a_repeated_idempotent_key_names_the_existing_dialog() {
    let server = spawn(Config::dev()).await;
    let client = client(&server, RetryPolicy::default());
    let mut keyed = body("unused");
    keyed.id = None;
    keyed.idempotent_key = Some("case-123".into());
    let created = client.create_dialog_idempotent(&keyed).await.expect("created");
    assert!(created.is_created());
    let again = client.create_dialog_idempotent(&keyed).await.expect("no error");
    assert_eq!(again, Creation::AlreadyExisted { id: created.id() }, "a 409 on the key names the dialog");
}

/// A seed whose rolls lose the answers of the API requests marked `true` (`lost` = 0.5), in order.
fn seed_losing(pattern: &[bool]) -> u64 {
    (0..100_000)
        .find(|seed| {
            let dice = Dice::new(*seed);
            pattern.iter().all(|lost| (dice.roll() < 0.5) == *lost)
        })
        .expect("some seed does")
}

fn seed_losing_only_the_first_answer() -> u64 {
    seed_losing(&[true, false, false])
}

#[tokio::test]
async fn a_retried_create_whose_first_answer_was_lost_is_reported_as_created() {
    let mut config = Config::dev();
    config.chaos = Some(Chaos { lost: 0.5, seed: seed_losing_only_the_first_answer(), ..Chaos::default() });
    let server = spawn(config).await;
    let client = client(&server, RetryPolicy::default().initial_delay(std::time::Duration::from_millis(1)));
    let body = body("a2-archive:lost");
    let outcome = client.create_dialog_idempotent(&body).silent().await.expect("the repeat answers");
    assert_eq!(client.retries(), 1, "the first answer was lost and the create repeated once");
    assert!(outcome.is_created(), "the first attempt made it: created, not already there ({outcome:?})");
    assert_eq!(Some(outcome.id()), body.id);
}

/// A seed whose first rolls fall as `wanted` says, in order, each in [0, 1).
fn seed_rolling(wanted: &[fn(f64) -> bool]) -> u64 {
    (0..1_000_000)
        .find(|seed| {
            let dice = Dice::new(*seed);
            wanted.iter().all(|wanted| wanted(dice.roll()))
        })
        .expect("some seed does")
}

#[tokio::test]
async fn without_a_retry_a_lost_answer_is_settled_by_asking_for_the_id() {
    // The create is applied and its answer lost; the SDK asks for the body's id and finds it.
    let mut config = Config::dev();
    config.chaos = Some(Chaos { lost: 0.5, seed: seed_losing_only_the_first_answer(), ..Chaos::default() });
    let server = spawn(config).await;
    let once = client(&server, RetryPolicy::none());
    let body = body("a2-archive:lost");
    let outcome = once.create_dialog_idempotent(&body).silent().await.expect("the service has it");
    assert!(outcome.is_created(), "made by this call, so created: {outcome:?}");

    // Dropped before the service did anything: the service does not have it, and the error stands.
    let mut config = Config::dev();
    config.chaos = Some(Chaos { reset: 0.5, seed: seed_losing(&[true, false]), ..Chaos::default() });
    let server = spawn(config).await;
    let once = client(&server, RetryPolicy::none());
    let error = once.create_dialog_idempotent(&body).silent().await.expect_err("not made");
    assert!(error.api().is_none(), "the transport failure, not the GET's 404: {error}");
}

// Seen before: the first attempt was applied and its answer lost, the retry got a 500, and the
// record was reported failed although the service had it.
#[tokio::test]
async fn a_create_applied_before_a_500_is_created_not_failed() {
    let mut config = Config::dev();
    // Each request rolls once: below 0.3 a 500, from 0.3 to 0.6 the answer is lost after the work.
    config.chaos = Some(Chaos {
        error: 0.3,
        lost: 0.3,
        seed: seed_rolling(&[|r| (0.3..0.6).contains(&r), |r| r < 0.3, |r| r >= 0.6]),
        ..Chaos::default()
    });
    let server = spawn(config).await;
    let policy = RetryPolicy::default().max_attempts(2).initial_delay(std::time::Duration::from_millis(1));
    let client = client(&server, policy);
    let body = body("a2-archive:500-after-lost");
    let outcome = client.create_dialog_idempotent(&body).silent().await.expect("the service has it");
    assert_eq!(client.retries(), 1, "the lost answer was repeated once, and the repeat got the 500");
    assert!(outcome.is_created(), "{outcome:?}");
}

// A 500 is repeated for a create that carries its id (at most twice), as a repeat is safe.
#[tokio::test]
async fn a_500_is_repeated_for_a_create_with_its_own_id() {
    let mut config = Config::dev();
    config.chaos = Some(Chaos { error: 0.5, seed: seed_losing(&[true, false]), ..Chaos::default() });
    let server = spawn(config).await;
    let client = client(&server, RetryPolicy::default().initial_delay(std::time::Duration::from_millis(1)));
    let outcome = client.create_dialog_idempotent(&body("a2-archive:500")).silent().await.expect("the repeat made it");
    assert_eq!(client.retries(), 1);
    assert!(outcome.is_created(), "{outcome:?}");
}

#[tokio::test]
async fn a_rerun_whose_answer_was_lost_still_finds_the_dialog_there_already() {
    // The earlier run's create, then the re-run's: its first answer lost, its repeat and the GET not.
    let mut config = Config::dev();
    config.chaos = Some(Chaos { lost: 0.5, seed: seed_losing(&[false, true, false, false]), ..Chaos::default() });
    let server = spawn(config).await;
    let client = client(&server, RetryPolicy::default().initial_delay(std::time::Duration::from_millis(1)));
    let body = body("a2-archive:rerun");
    // The earlier run made it an hour ago (its createdAt says so).
    let mut earlier = body.clone();
    earlier.created_at = Some(Utc::now() - chrono::Duration::hours(1));
    assert!(client.create_dialog_idempotent(&earlier).silent().await.expect("created").is_created());
    let rerun = client.create_dialog_idempotent(&body).silent().await.expect("no error");
    assert_eq!(client.retries(), 1, "the re-run's first answer was lost");
    assert_eq!(rerun, Creation::AlreadyExisted { id: body.id.expect("an id") }, "there before this call");
}

/// A create retries patiently (minutes) for a service that went away, but a service that never
/// answered is more likely a wrong address: the client gives up after an ordinary request's
/// attempts, and says where it tried.
#[tokio::test]
async fn a_create_to_a_service_never_reached_gives_up_after_an_ordinary_requests_attempts() {
    let closed = ClosedPort::new();
    let client = Client::builder(Environment::Local(closed.url()))
        .bearer_token(DEV_TOKEN)
        .build()
        .expect("a client with the default policies (patient creates)");
    let error = client.create_dialog().body(body("a2-archive:never")).send().await.expect_err("nobody listens");
    assert!(error.to_string().contains(&closed.address().to_string()), "{error}");
    assert_eq!(client.retries(), 4, "five attempts, as RetryPolicy::default() makes (patient() makes 12)");
}
