//! The workspace's integration tests, one binary: dp-server's conformance with upstream's rules,
//! both contracts against the wire and upstream's published specs, the SDK against dp-server, and
//! dp-server under load and across restarts. Each module is one area; helpers shared by several
//! are in the `dp_integration_tests` library (`tests/src`).

mod arbeidsflate;
mod arbeidsflate_browser;
mod conformance_admin;
mod conformance_authorization_context;
mod conformance_dates;
mod conformance_ids;
mod conformance_labels_and_ids;
mod conformance_notifications;
mod conformance_problems;
mod conformance_references;
mod conformance_routing;
mod conformance_search_and_lookup;
mod conformance_timestamps;
mod conformance_validators;
mod contract;
mod contract_constraints;
mod contract_enduser;
mod contract_examples;
mod contract_wire;
mod enduser_api;
mod events;
mod idporten;
mod maskinporten;
mod sdk_config;
mod sdk_creation;
mod sdk_examples;
mod sdk_local_checks;
mod sdk_pace;
mod server_examples;
mod server_load;
mod server_operations;
mod server_persistence;
mod server_search;
mod server_slow_clients;
mod store_upgrade;
mod token_checks;
mod upstream_examples;
