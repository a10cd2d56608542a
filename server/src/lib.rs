//! dialogporten-server: a reference Dialogporten on SQLite.
//!
//! The server lands with its own issue; the crate exists so that the workspace
//! has its final shape.
#![forbid(unsafe_code)]
