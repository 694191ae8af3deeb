//! custos-core: what a phone and the server must compute byte for byte the same.
//!
//! This crate is sans-I/O: hashing takes a reader or byte chunks, time and keys come in
//! as arguments, and nothing here knows HTTP, SQL, an async runtime or the file system.

pub mod bundle;
pub mod chain;
pub mod chain_id;
pub mod checkpoint;
pub mod device;
pub mod digest;
pub mod draw;
pub mod entry;
pub mod jcs;
pub mod lifecycle;
pub mod merkle;
pub mod note;
pub mod publicity;
pub mod record;
pub mod rules;
pub mod supervision;
