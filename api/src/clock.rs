//! The server clock, as integer microseconds since the Unix epoch (UTC).
//!
//! Every time that is stored or hashed comes from here, computed in Rust, never from a
//! database time type: the two backends round differently.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_us() -> i64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("system clock is after 1970");
    i64::try_from(since_epoch.as_micros()).expect("microseconds fit in i64 until year 294247")
}

/// Whole seconds, for JWT `iat`/`exp`.
pub fn now_secs() -> u64 {
    (now_us() / 1_000_000) as u64
}
