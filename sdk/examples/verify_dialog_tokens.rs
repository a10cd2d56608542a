//! A service owner's endpoint that end users' browsers call from a dialog's action, taking the
//! dialog token Dialogporten gave them: an axum extractor that lets a handler run only for a token
//! that passes every check (signature, typ, issuer, lifetime, dialog, action, level).
//!
//!   DP_ENV=tt02 DP_LISTEN=127.0.0.1:8080 cargo run -p dialogporten --example verify_dialog_tokens
//!   curl -X POST -H "Authorization: Bearer $DIALOG_TOKEN" http://127.0.0.1:8080/dialogs/$DIALOG_ID/submit

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::routing::post;
use dialogporten::Environment;
use dialogporten::dialog_token::{DialogTokenClaims, DialogTokenVerifier, Requirements};
use uuid::Uuid;

/// A verified token for the dialog in the path, allowing `write` at level 3 or more.
struct DialogToken(DialogTokenClaims);

impl FromRequestParts<DialogTokenVerifier> for DialogToken {
    type Rejection = (StatusCode, String);

    async fn from_request_parts(parts: &mut Parts, verifier: &DialogTokenVerifier) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::to_owned)
            .ok_or((StatusCode::UNAUTHORIZED, "send the dialog token as a bearer token".to_owned()))?;
        let Path(dialog) = Path::<Uuid>::from_request_parts(parts, verifier)
            .await
            .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))?;
        let required = Requirements::for_dialog(dialog).action("write").min_level(3);
        // Fail closed: any failed check is a refusal, and the reason says which.
        verifier
            .verify(&token, &required)
            .await
            .map(DialogToken)
            .map_err(|reason| (StatusCode::FORBIDDEN, reason.to_string()))
    }
}

async fn submit(DialogToken(claims): DialogToken) -> String {
    format!("submitted for {} by {}\n", claims.party, claims.authenticated_party)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let environment: Environment = std::env::var("DP_ENV").unwrap_or_else(|_| "tt02".into()).parse()?;
    let listen = std::env::var("DP_LISTEN").unwrap_or_else(|_| "127.0.0.1:8080".into());
    let verifier = DialogTokenVerifier::for_environment(&environment);
    eprintln!("verifying dialog tokens issued by {}", verifier.issuer());
    let app = axum::Router::new().route("/dialogs/{dialog}/submit", post(submit)).with_state(verifier);
    axum::serve(tokio::net::TcpListener::bind(&listen).await?, app).await?;
    Ok(())
}
