//! dp's integration tests, one binary: the real `dp` against dp-server on loopback, by area. What
//! every module shares (running dp, a home of its own, golden files) is in `support`.

mod support;

mod auth;
mod completions;
mod dialog;
mod dialog_token;
mod enduser;
mod events;
mod golden;
mod migrate;
mod readme;
mod trust;
