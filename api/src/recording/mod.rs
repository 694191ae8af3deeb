//! Full-process recording (全过程记录) on the server: signed records in, checked against their
//! device, their chain, their case's lifecycle and the statutory rules of custos-core, then
//! stored and logged; and the cases they add up to, read back.
//!
//! A chain is written by one device; a case gathers the chains of every device that worked on
//! it ([`chain_id`]), and the log orders its records across chains.

pub mod assignment;
pub mod audit;
pub mod chain_id;
pub mod context;
pub mod device_keys;
pub mod entry;
pub mod ingest;
pub mod outcome;
pub mod state;
pub mod view;
