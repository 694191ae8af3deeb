//! End-to-end tests: the real server over HTTP on loopback, each test on SQLite and on
//! PostgreSQL (see `custos_tests::both_backends!`). One test binary, one module per area.

mod admin_log;
mod auth;
mod bad_input;
mod bundles;
mod case_access;
mod certificates;
mod console;
mod devices;
mod disk_full;
mod draws;
mod evidence;
mod group_commit;
mod log;
mod log_scope;
mod lost_database;
mod matrix;
mod matrix_rows;
mod matrix_world;
mod openapi;
mod orgs;
mod poison;
mod probes;
mod problems;
mod publicity;
mod records;
mod replay;
mod rule_table;
mod scenarios;
mod slow;
mod supervision;
mod throttle;
mod tree;
mod uploads;
mod users;
mod world;
