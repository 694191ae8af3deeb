//! End-to-end tests: the real server over HTTP on loopback, each test on SQLite and on
//! PostgreSQL (see `custos_tests::both_backends!`). One test binary, one module per area.

mod auth;
mod log;
mod openapi;
mod probes;
mod problems;
