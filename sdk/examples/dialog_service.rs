//! A service owner's own service as the inbox meets it: run it beside `dp-server --dev` and follow
//! the whole loop in the local arbeidsflate. It creates a dialog for a person: the primary action
//! opens the service's page (GET), the secondary one submits (POST: the inbox sends it with the
//! dialog token), a tertiary one withdraws (the delete action), and the main content is fetched
//! from here by the person's browser (a front-channel embed). Every call from the inbox must carry
//! a dialog token the SDK's verifier accepts; a submit completes the dialog and sends a receipt.
//!
//!   dp-server --dev --listen 127.0.0.1:5280 &
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run -p dialogporten --example dialog_service
//!   # open the address it prints and log in as 08844397713 (DP_PERSON), or use `dp inbox open ID`
//!
//! `DP_LISTEN` (127.0.0.1:8090) is where the service answers.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use dialogporten::dialog_token::{DialogTokenClaims, DialogTokenVerifier, Requirements};
use dialogporten::enums::{DialogGuiActionPriority, DialogStatusInput, DialogTransmissionType, HttpVerb};
use dialogporten::prelude::*;
use dialogporten::types::{
    Actor, CreateDialogGuiAction, Localization, UpdateDialogTransmission, UpdateDialogTransmissionContent,
};
use uuid::Uuid;

#[derive(Clone)]
struct Service {
    client: Client,
    verifier: DialogTokenVerifier,
    submitted: Arc<Mutex<HashSet<Uuid>>>,
}

/// What failed, as the inbox shows it to the person: a status and the service's words.
type Refusal = (StatusCode, String);

impl Service {
    /// The dialog token from `Authorization: Bearer`, checked for this dialog and `action`: fail
    /// closed, and say which check failed.
    async fn verify(&self, headers: &HeaderMap, dialog: Uuid, action: &str) -> Result<DialogTokenClaims, Refusal> {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or((StatusCode::UNAUTHORIZED, "Send the dialog token as a bearer token.".to_owned()))?;
        let required = Requirements::for_dialog(dialog).action(action);
        self.verifier.verify(token, &required).await.map_err(|reason| (StatusCode::FORBIDDEN, reason.to_string()))
    }

    /// The browser of the arbeidsflate may read the embed (CORS), and nobody else's.
    fn cors(&self, mut response: Response) -> Response {
        let base = self.client.environment().base_url();
        let origin = base.split('/').take(3).collect::<Vec<_>>().join("/");
        let headers = response.headers_mut();
        if let Ok(origin) = HeaderValue::from_str(&origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("authorization"));
        headers.insert(header::VARY, HeaderValue::from_static("origin"));
        response
    }
}

/// `GET /dialogs/{id}`: the service's own page, where the primary action takes the browser.
async fn page(Path(dialog): Path<Uuid>) -> Html<String> {
    Html(format!("<!doctype html><title>Søknad</title><h1>Søknad {dialog}</h1><p>Dette er tjenestens egen side.</p>"))
}

/// `GET /dialogs/{id}/content`: the dialog's main content, fetched by the person's browser.
async fn content(State(service): State<Service>, headers: HeaderMap, Path(dialog): Path<Uuid>) -> Response {
    let answer = match service.verify(&headers, dialog, "read").await {
        Ok(claims) if service.submitted.lock().is_ok_and(|s| s.contains(&dialog)) => {
            format!("**Søknaden er sendt inn.** Vi har registrert den på {}.", claims.party).into_response()
        }
        Ok(_) => "**Søknaden er ikke sendt inn ennå.** Se over den og trykk *Send inn*.".into_response(),
        Err(refusal) => refusal.into_response(),
    };
    service.cors(answer)
}

/// `OPTIONS /dialogs/{id}/content`: the browser asks before it sends a token across origins.
async fn preflight(State(service): State<Service>) -> Response {
    service.cors(StatusCode::NO_CONTENT.into_response())
}

/// `POST /dialogs/{id}/submit`: completes the dialog and sends a receipt, in one change.
async fn submit(State(service): State<Service>, headers: HeaderMap, Path(dialog): Path<Uuid>) -> Response {
    if let Err(refusal) = service.verify(&headers, dialog, "submit").await {
        return refusal.into_response();
    }
    let receipt = UpdateDialogTransmission {
        content: Some(UpdateDialogTransmissionContent {
            title: Some([nb("Kvittering"), en("Receipt")].into()),
            summary: Some([nb("Vi har mottatt søknaden din."), en("We have received your application.")].into()),
            ..Default::default()
        }),
        ..UpdateDialogTransmission::new(Actor::service_owner(), DialogTransmissionType::Acceptance)
    };
    let change = JsonPatch::new().status(DialogStatusInput::Completed).append_transmission(&receipt);
    match service.client.patch_dialog().dialog_id(dialog).body(change).send().await {
        Ok(_) => {
            service.submitted.lock().map(|mut s| s.insert(dialog)).ok();
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => (StatusCode::BAD_GATEWAY, format!("Søknaden kunne ikke sendes inn: {error}")).into_response(),
    }
}

/// `POST /dialogs/{id}/withdraw`: the delete action; the inbox moves the dialog to the bin after.
async fn withdraw(State(service): State<Service>, headers: HeaderMap, Path(dialog): Path<Uuid>) -> Response {
    match service.verify(&headers, dialog, "delete").await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let person = std::env::var("DP_PERSON").unwrap_or_else(|_| "08844397713".into());
    let listener =
        tokio::net::TcpListener::bind(std::env::var("DP_LISTEN").as_deref().unwrap_or("127.0.0.1:8090")).await?;
    let here = format!("http://{}", listener.local_addr()?);

    let id = dialogporten::ids::new_v7();
    let action = |name: &str, priority, title: [Localization; 2], url: String| {
        CreateDialogGuiAction::new(name, priority, title.to_vec(), url)
    };
    let body = CreateDialog::new(
        format!("urn:altinn:person:identifier-no:{person}"),
        "urn:altinn:resource:my-service",
        [nb("Søknad om byggetillatelse"), en("Building permit application")],
    )
    .id(id)
    .summary([nb("Søknaden venter på deg."), en("The application is waiting for you.")])
    .main_content_url(format!("{here}/dialogs/{id}/content"))
    .gui_action(action(
        "read",
        DialogGuiActionPriority::Primary,
        [nb("Gå til søknaden"), en("Go to the application")],
        format!("{here}/dialogs/{id}"),
    ))
    .gui_action(
        action(
            "submit",
            DialogGuiActionPriority::Secondary,
            [nb("Send inn"), en("Submit")],
            format!("{here}/dialogs/{id}/submit"),
        )
        .method(HttpVerb::Post),
    )
    .gui_action(
        action(
            "delete",
            DialogGuiActionPriority::Tertiary,
            [nb("Trekk søknaden"), en("Withdraw")],
            format!("{here}/dialogs/{id}/withdraw"),
        )
        .method(HttpVerb::Post)
        .deletes_dialog(),
    );
    client.create_dialog().body(body).created().await?;
    println!("dialog {id} created; open {}/arbeidsflate/dialogs/{id}", client.environment().base_url());
    eprintln!("the service answers on {here}");

    let verifier = DialogTokenVerifier::for_environment(client.environment());
    let service = Service { client, verifier, submitted: Arc::default() };
    let app = axum::Router::new()
        .route("/dialogs/{id}", get(page))
        .route("/dialogs/{id}/content", get(content).options(preflight))
        .route("/dialogs/{id}/submit", post(submit))
        .route("/dialogs/{id}/withdraw", post(withdraw))
        .with_state(service);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
    Ok(())
}
