//! The `draw` log entry lives in custos-core (`custos_core::entry::draw`), where verifiers
//! read it.

pub use custos_core::entry::draw::*;
