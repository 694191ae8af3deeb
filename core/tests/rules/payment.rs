//! Arts. 66, 67: payment within 15 days, or by the deferred or instalment schedule approved.

use super::*;

fn deferred(until: i64) -> CaseRecord {
    edit!(sample(K::PaymentDeferred, 12), PaymentDeferred, |b| b
        .instalments[0]
        .due_at_us =
        day(until))
}

pub(super) fn cases() -> Vec<RuleCase> {
    vec![
        // Art. 67: served Friday 2025-03-14; day 15 is Saturday 2025-03-29, so Monday 03-31.
        case(
            PAYMENT_LATE,
            "paid on the last day",
            served(),
            sample(K::ExecutionRecorded, 28),
            &[],
        ),
        case(
            PAYMENT_LATE,
            "paid a day late",
            served(),
            sample(K::ExecutionRecorded, 29),
            &[PAYMENT_LATE],
        ),
        // Art. 66: payment deferred to day 42 (Monday 2025-04-14).
        case(
            PAYMENT_LATE,
            "paid by the deferred date",
            concat(served(), [deferred(42)]),
            sample(K::ExecutionRecorded, 42),
            &[],
        ),
        case(
            PAYMENT_LATE,
            "paid after the deferred date",
            concat(served(), [deferred(42)]),
            sample(K::ExecutionRecorded, 43),
            &[PAYMENT_LATE],
        ),
    ]
}
