//! How long an account is locked after repeated failed logins.
//!
//! Four failures are free; the fifth locks the account for 30 s, and each further failure
//! doubles the lock up to one hour. A success clears the count, and so do 24 hours without
//! a failure.

/// Failures allowed before the first lock.
pub const FREE_FAILURES: i32 = 4;
const FIRST_LOCK_US: i64 = 30 * 1_000_000;
const LONGEST_LOCK_US: i64 = 60 * 60 * 1_000_000;
/// A count older than this starts again from zero.
pub const FAILURE_MEMORY_US: i64 = 24 * 60 * 60 * 1_000_000;

/// Lock length after the `failures`-th consecutive failure.
pub fn lock_us(failures: i32) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES - 1).min(16) as u32;
    (FIRST_LOCK_US << doublings).min(LONGEST_LOCK_US)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_grows_then_caps() {
        let seconds: Vec<i64> = (1..=14).map(|n| lock_us(n) / 1_000_000).collect();
        assert_eq!(
            seconds,
            [
                0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600
            ]
        );
        assert_eq!(lock_us(i32::MAX), LONGEST_LOCK_US);
    }
}
