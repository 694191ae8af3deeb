//! When the sweep may try a failed work item again: each failure doubles the wait, from one
//! sweep interval up to [`CAP_INTERVALS`] of them, so one item that keeps failing (bytes lost
//! from staging, a poisoned row) is neither retried on every pass nor in the way of the rest.
//! The record lives in the node's memory: after a restart every item gets a fresh first try.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The longest wait, in sweep intervals (about an hour at the default 30 s).
pub const CAP_INTERVALS: u32 = 128;

/// Failed items of one kind of work, by id.
pub struct Backoff {
    interval: Duration,
    failing: HashMap<String, Retry>,
}

struct Retry {
    failures: u32,
    next_at: Instant,
}

impl Backoff {
    pub fn new(interval: Duration) -> Backoff {
        Backoff {
            interval,
            failing: HashMap::new(),
        }
    }

    /// Items still waiting at `now`, to leave out of the next query so that they do not take
    /// the places of others in its batch.
    pub fn waiting(&self, now: Instant) -> Vec<String> {
        self.failing
            .iter()
            .filter(|(_, retry)| retry.next_at > now)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Notes a failure of `id` at `now`; returns how long it now waits.
    pub fn failed(&mut self, id: &str, now: Instant) -> Duration {
        let retry = self.failing.entry(id.to_owned()).or_insert(Retry {
            failures: 0,
            next_at: now,
        });
        retry.failures = retry.failures.saturating_add(1);
        let intervals = 1u32
            .checked_shl(retry.failures - 1)
            .unwrap_or(u32::MAX)
            .min(CAP_INTERVALS);
        let wait = self.interval * intervals;
        retry.next_at = now + wait;
        wait
    }

    pub fn succeeded(&mut self, id: &str) {
        self.failing.remove(id);
    }

    /// Forgets items whose wait is over but that the last pass did not list (finished by
    /// another node, or gone), so the record does not grow without bound.
    pub fn forget_unlisted(&mut self, now: Instant, listed: &[String]) {
        self.failing
            .retain(|id, retry| retry.next_at > now || listed.contains(id));
    }

    /// How many items are failing.
    pub fn len(&self) -> usize {
        self.failing.len()
    }

    pub fn is_empty(&self) -> bool {
        self.failing.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_cap_and_end_on_success() {
        let second = Duration::from_secs(1);
        let mut backoff = Backoff::new(second);
        let start = Instant::now();
        let waits: Vec<u32> = (0..10)
            .map(|_| backoff.failed("a", start).as_secs() as u32)
            .collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 128, 128]);
        assert_eq!(backoff.waiting(start), ["a"]);
        assert!(backoff.waiting(start + 128 * second).is_empty());
        backoff.failed("b", start);
        backoff.succeeded("a");
        assert_eq!(backoff.waiting(start), ["b"]);
        backoff.forget_unlisted(start + 2 * second, &[]);
        assert!(backoff.is_empty());
    }
}
