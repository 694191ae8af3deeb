//! Progress of long hashes, reported to the app at a spacing it chooses rather than per read.

/// Implemented by the app (Kotlin, Swift, Python) to follow a long hash and to cancel it.
#[uniffi::export(callback_interface)]
pub trait HashProgress: Send + Sync {
    /// `bytes_hashed` so far; returning false cancels the hash.
    fn on_progress(&self, bytes_hashed: u64) -> bool;
}

/// Forwards core's per-read progress to the app only once another `every_bytes` are hashed,
/// so the hot loop pays an integer comparison per read, not a call into the app's runtime.
pub(crate) struct ThrottledProgress<'a> {
    listener: &'a dyn HashProgress,
    every_bytes: u64,
    next_report: u64,
}

impl<'a> ThrottledProgress<'a> {
    pub(crate) fn new(listener: &'a dyn HashProgress, every_bytes: u64) -> Self {
        let every_bytes = every_bytes.max(1);
        Self {
            listener,
            every_bytes,
            next_report: every_bytes,
        }
    }

    pub(crate) fn report(&mut self, bytes_hashed: u64) -> bool {
        if bytes_hashed < self.next_report {
            return true;
        }
        // The next multiple of the spacing, so uneven reads do not make the reports drift.
        self.next_report = (bytes_hashed / self.every_bytes)
            .saturating_add(1)
            .saturating_mul(self.every_bytes);
        self.listener.on_progress(bytes_hashed)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Recorder {
        heard: Mutex<Vec<u64>>,
        stop_at: Option<u64>,
    }

    impl HashProgress for Recorder {
        fn on_progress(&self, bytes_hashed: u64) -> bool {
            self.heard.lock().unwrap().push(bytes_hashed);
            self.stop_at.is_none_or(|stop_at| bytes_hashed < stop_at)
        }
    }

    /// Feeds reads of `read_size` up to `total` bytes, then checks what the listener heard
    /// and whether the hash ran to the end.
    fn check(
        read_size: u64,
        total: u64,
        every: u64,
        stop_at: Option<u64>,
        expected: &[u64],
        completed: bool,
    ) {
        let recorder = Recorder {
            stop_at,
            ..Recorder::default()
        };
        let mut throttled = ThrottledProgress::new(&recorder, every);
        let mut bytes_hashed = 0;
        let mut went_on = true;
        while went_on && bytes_hashed < total {
            bytes_hashed = (bytes_hashed + read_size).min(total);
            went_on = throttled.report(bytes_hashed);
        }
        assert_eq!(*recorder.heard.lock().unwrap(), expected);
        assert_eq!(went_on, completed);
    }

    const MIB: u64 = 1 << 20;
    const READ: u64 = 256 * 1024;

    #[test]
    fn reports_once_per_spacing_not_per_read() {
        check(
            READ,
            4 * MIB,
            MIB,
            None,
            &[MIB, 2 * MIB, 3 * MIB, 4 * MIB],
            true,
        );
    }

    #[test]
    fn uneven_reads_report_at_the_first_read_past_each_spacing() {
        check(
            3 * READ,
            3 * MIB,
            MIB,
            None,
            &[6 * READ, 9 * READ, 12 * READ],
            true,
        );
    }

    #[test]
    fn zero_spacing_reports_every_read() {
        check(
            READ,
            MIB,
            0,
            None,
            &[READ, 2 * READ, 3 * READ, 4 * READ],
            true,
        );
    }

    #[test]
    fn short_content_is_never_reported() {
        check(READ, MIB - 1, MIB, None, &[], true);
    }

    #[test]
    fn listener_cancels_at_the_report_where_it_says_stop() {
        check(READ, 8 * MIB, MIB, Some(2 * MIB), &[MIB, 2 * MIB], false);
    }
}
