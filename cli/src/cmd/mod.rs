//! dp's commands, one module per noun (`dp dialog …` in `dialog/`, `dp events …` in `events.rs`).
//! Each declares its clap arguments and runs them; what several share (rendering, credentials, the
//! connection) lives outside `cmd/`, so no command module imports from another.

pub mod api;
pub mod auth;
pub mod completions;
pub mod dialog;
pub mod dialog_token;
pub mod events;
pub mod help;
pub mod inbox;
pub mod profile;
