//! Follow the events of a service resource as they happen, from now on.
//!
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run -p dialogporten --example follow_events
//!
//! `DP_RESOURCE` picks the resource; `DP_MAX_EVENTS` stops after that many. Against a real
//! environment Altinn Events wants an Altinn token: Maskinporten's, exchanged (`AltinnTokenProvider`).

use std::time::Duration;

use dialogporten::events::EventQuery;
use dialogporten::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let resource = std::env::var("DP_RESOURCE").unwrap_or_else(|_| "urn:altinn:resource:my-service".into());
    let max: usize = std::env::var("DP_MAX_EVENTS").ok().and_then(|m| m.parse().ok()).unwrap_or(usize::MAX);

    let query = EventQuery::new(resource).poll_every(Duration::from_secs(1));
    let feed = client.events().follow_from_now(query).await?;
    eprintln!("following from now");
    let mut feed = std::pin::pin!(feed.take(max));
    while let Some(event) = feed.try_next().await? {
        println!("{} {}", event.kind, event.dialog_id().map(|id| id.to_string()).unwrap_or_default());
    }
    Ok(())
}
