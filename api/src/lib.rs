//! custos-api: the `custos` server and its administrative commands.
//!
//! The only crate that knows HTTP, JWT, SQL or blob storage. Start reading at [`app::build`]
//! (how a request is handled) and [`cli`] (what the binary does).

pub mod access;
pub mod accounts;
pub mod admin;
pub mod app;
pub mod auth;
pub mod bundle;
pub mod certificates;
pub mod cli;
pub mod client;
pub mod clock;
pub mod config;
pub mod console;
pub mod db;
pub mod devices;
pub mod disk;
pub mod draws;
pub mod error;
pub mod evidence;
pub mod faults;
pub mod housekeeping;
pub mod keys;
pub mod log;
pub mod memory;
pub mod metrics;
pub mod names;
pub mod openapi;
pub mod pacing;
pub mod private;
pub mod publicity;
pub mod recording;
pub mod routes;
pub mod server;
pub mod state;
pub mod supervision;
pub mod telemetry;
pub mod wire;
