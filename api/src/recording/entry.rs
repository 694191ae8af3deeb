//! The `record` and `fork` log entries live in custos-core (`custos_core::entry::record`),
//! where verifiers read them.

pub use custos_core::entry::record::*;
