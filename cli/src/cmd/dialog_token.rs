//! `dp dialog-token`: read and check the dialog tokens end users bring to a service's actions.

use std::io::Read;

use anyhow::{Context as _, Result, anyhow};
use base64::Engine;
use clap::{Args, Subcommand};
use dialogporten::dialog_token::{DialogTokenVerifier, Rejection, Requirements};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::cli::GlobalArgs;
use crate::exit::UsageError;
use crate::output::Output;

/// Read and check dialog tokens.
#[derive(Args, Debug)]
#[command(after_help = "Examples:\n  \
    dp dialog-token decode \"$TOKEN\"\n  \
    dp --env tt02 dialog-token verify - --dialog 0194f7c2-… --action write --min-level 3 < token.txt\n\n\
    verify exits 0 only for a valid token; otherwise it names the check that failed (exit 4).")]
pub struct DialogTokenArgs {
    #[command(subcommand)]
    command: DialogTokenCommand,
}

#[derive(Subcommand, Debug)]
enum DialogTokenCommand {
    /// Show a token's header and claims, checking nothing.
    Decode {
        /// The token, or - to read it from stdin (keeps it out of the process list).
        token: String,
    },
    /// Check a token as a service's backend must: signature, typ, issuer, lifetime, dialog, actions, level.
    Verify {
        /// The token, or - to read it from stdin (keeps it out of the process list).
        token: String,
        /// The dialog the request is about (its `i` must be this id).
        #[arg(long, value_parser = crate::cli::uuid)]
        dialog: Option<Uuid>,
        /// An action the request needs (repeatable): `write`, or `action,urn:altinn:resource:…`.
        #[arg(long = "action")]
        actions: Vec<String>,
        /// An entity id or tokenRef the request needs among the authorised ones (repeatable).
        #[arg(long = "entity")]
        entities: Vec<String>,
        /// The lowest authentication level the service takes.
        #[arg(long, default_value_t = 0)]
        min_level: u8,
    },
}

fn read_token(given: &str) -> Result<String> {
    let token = if given == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("cannot read the token from stdin")?;
        text
    } else {
        given.to_owned()
    };
    let token = token.trim().trim_start_matches("Bearer ").trim().to_owned();
    if token.split('.').count() != 3 {
        return Err(UsageError(
            "not a dialog token: expected three dot-separated parts (header.claims.signature)".into(),
        )
        .into());
    }
    Ok(token)
}

fn part(token: &str, index: usize, what: &str) -> Result<Value> {
    let text = token.split('.').nth(index).unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|e| UsageError(format!("the token's {what} is not base64url: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| UsageError(format!("the token's {what} is not JSON: {e}")).into())
}

/// Runs `dp dialog-token`.
pub async fn run(args: DialogTokenArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    match args.command {
        DialogTokenCommand::Decode { token } => {
            let token = read_token(&token)?;
            let decoded =
                json!({"verified": false, "header": part(&token, 0, "header")?, "claims": part(&token, 1, "claims")?});
            output.json(&decoded)?;
            Ok(())
        }
        DialogTokenCommand::Verify { token, dialog, actions, entities, min_level } => {
            let token = read_token(&token)?;
            let environment = crate::credentials::environment(global)?.ok_or_else(|| {
                UsageError(
                    "say whose tokens to trust: --env tt02 (or test, yt01, prod) or --base-url of a dp-server".into(),
                )
            })?;
            let verifier = DialogTokenVerifier::for_environment(&environment);
            let mut required =
                dialog.map_or_else(Requirements::any_dialog, Requirements::for_dialog).min_level(min_level);
            for action in actions {
                required = required.action(action);
            }
            for entity in entities {
                required = required.entity(entity);
            }
            if dialog.is_none() {
                eprintln!("dp: warning: no --dialog: the token is not checked against the dialog the request is about");
            }
            match verifier.verify(&token, &required).await {
                Ok(claims) => {
                    eprintln!("dp: valid: signed by {} for dialog {}", verifier.issuer(), claims.dialog_id);
                    output.json(&json!({"verified": true, "claims": part(&token, 1, "claims")?}))?;
                    Ok(())
                }
                // Without keys the token was never checked: that is not a verdict on it.
                Err(rejection @ Rejection::Keys(_)) => {
                    Err(anyhow!(rejection).context("the dialog token could not be checked"))
                }
                Err(rejection) => Err(anyhow!(rejection).context("the dialog token is not valid")),
            }
        }
    }
}
