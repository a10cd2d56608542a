//! The SDK's integration tests that need no dp-server, one binary: the transport against scripted
//! HTTP answers (`http`), dialog-token verification against a published key set (`dialog_token`),
//! and the JSON Patch builder (`patch_builder`).

mod dialog_token;
mod http;
mod patch_builder;
