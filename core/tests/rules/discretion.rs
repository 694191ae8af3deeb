//! Art. 34: the discretion benchmark a fine cites, and the reason for departing from it.

use super::*;

const BENCHMARK_CITED: &str = "APL-34-benchmark-cited";
const DISCRETION: &str = "APL-34-discretion-reason";
const BENCHMARK_UNKNOWN: &str = "APL-34-benchmark-unknown";

pub(super) fn cases() -> Vec<RuleCase> {
    let food_benchmark = {
        let mut c = context();
        c.config.discretion_benchmarks[0].categories = vec!["food-safety".into()];
        c
    };
    let benchmarked = |fine_fen, reason: Option<&str>| {
        notice_with(
            |b| {
                b.penalty = Penalty {
                    fine_fen,
                    benchmark: Some("food-124".into()),
                    discretion_reason: reason.map(Into::into),
                    ..Penalty::default()
                }
            },
            2,
        )
    };

    vec![
        // Art. 34.
        case(
            DISCRETION,
            "inside the benchmark",
            investigated(),
            benchmarked(400_000, None),
            &[],
        ),
        case(
            DISCRETION,
            "outside, with a reason",
            investigated(),
            benchmarked(500_000, Some("repeated offence")),
            &[],
        ),
        case(
            DISCRETION,
            "outside, no reason",
            investigated(),
            benchmarked(500_000, None),
            &[DISCRETION],
        ),
        case(
            BENCHMARK_UNKNOWN,
            "no benchmark cited",
            investigated(),
            sample(K::NoticeServed, 2),
            &[],
        ),
        case(
            BENCHMARK_UNKNOWN,
            "unknown benchmark",
            investigated(),
            notice_with(|b| b.penalty.benchmark = Some("food-999".into()), 2),
            &[BENCHMARK_UNKNOWN],
        ),
        // Art. 34: the unit has a benchmark for food-safety cases.
        case(
            BENCHMARK_CITED,
            "benchmark cited",
            investigated(),
            benchmarked(300_000, None),
            &[],
        )
        .in_context(food_benchmark.clone()),
        case(
            BENCHMARK_CITED,
            "no benchmark cited",
            investigated(),
            sample(K::NoticeServed, 2),
            &[BENCHMARK_CITED],
        )
        .in_context(food_benchmark),
    ]
}
