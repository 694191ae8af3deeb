//! custos-ffi: custos-core for Kotlin, Swift and Python through uniffi; no logic of its own.
//!
//! Every exported function converts its arguments, calls custos-core and converts the result.
//! A panic never crosses the boundary: uniffi's scaffolding runs each call inside
//! `catch_unwind` and hands the panic message to the caller as an internal error
//! (`InternalException` in Kotlin, `InternalError` in Python); release builds therefore keep
//! the default `panic = "unwind"`.

uniffi::setup_scaffolding!();

pub mod device;
pub mod digest;
pub mod draw;
pub mod error;
pub mod log;
mod progress;
pub mod publicity;
pub mod record;
pub mod rules;
pub mod verify;

pub use progress::HashProgress;

pub use error::CustosError;
