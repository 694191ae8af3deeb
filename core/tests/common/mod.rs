//! Shared fixtures for the lifecycle and rule tests: officers, times and one lawful sample
//! record of every kind, from `custos-test-support` (whose sample bodies the end-to-end tests
//! share).
// Each test binary uses a different part of the fixtures.
#![allow(unused_imports)]

pub use custos_test_support::lifecycle::*;
pub use custos_test_support::samples::Samples;
