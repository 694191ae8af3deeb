//! Chain ids: the grammar lives in custos-core (`custos_core::chain_id`), where phones and
//! outside verifiers read it too.

pub use custos_core::chain_id::*;
