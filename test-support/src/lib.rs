//! Record fixtures shared by custos-core's tests and the end-to-end tests (`custos-tests`):
//! the lawful body of every record kind is written once ([`samples`]); each suite's cases
//! differ only by the data it gives it ([`lifecycle`] for core's rule and lifecycle tests,
//! [`recording`] for the end-to-end tests, with the phone that signs and chains records).
//! Nothing here talks to a server or a database.

pub mod lifecycle;
pub mod recording;
pub mod samples;
