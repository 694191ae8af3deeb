//! The running sums against the facts they sum: any history of rewrites adds up to the sums
//! of the last facts, and the stored text of the counts round-trips.

use super::*;
use proptest::prelude::*;

fn row(filed: Option<u8>, decided: Option<u8>, closed: Option<u8>, flags: u8) -> FactsRow {
    let month = |m: Option<u8>| m.map(|m| format!("2026-{:02}", m % 12 + 1));
    let at = |m: Option<u8>| m.map(|m| i64::from(m) * 1_000_000);
    let bit = |n: u8| i32::from(flags >> n & 1);
    FactsRow {
        case_id: "c".into(),
        org_id: ["u1", "u2"][usize::from(flags >> 7)].into(),
        officer_id: "o".into(),
        procedure: (bit(0) == 1).then(|| "ordinary".into()),
        domain: (bit(1) == 1).then(|| "food".into()),
        filed_at_us: at(filed),
        filed_month: month(filed),
        decided_at_us: at(decided),
        decided_month: month(decided),
        closed_at_us: at(closed),
        closed_month: month(closed),
        next_deadline_us: filed.map(|m| i64::from(m) * DAY_US * 3 + i64::from(flags)),
        warning: bit(2),
        fined: bit(3),
        fine_fen: i64::from(flags) * 100,
        confiscated: bit(4),
        confiscation_fen: 0,
        sanctions: bit(5),
        hearing_requested: bit(6),
        hearing_held: 0,
        major: bit(2),
        legal_review: bit(3),
        collective_discussion: bit(4),
        decision_working_days: decided.map(|d| i32::from(d % 9)),
    }
}

fn facts() -> impl Strategy<Value = (FactsRow, BTreeMap<String, i64>)> {
    (
        proptest::option::of(0u8..14),
        proptest::option::of(0u8..14),
        proptest::option::of(0u8..14),
        any::<u8>(),
        proptest::collection::btree_map("R-[AB]", 1i64..3, 0..3),
    )
        .prop_map(|(f, d, c, flags, findings)| (row(f, d, c, flags), findings))
}

fn total(sums: impl IntoIterator<Item = (Key, Sums)>) -> BTreeMap<Key, Sums> {
    let mut total: BTreeMap<Key, Sums> = BTreeMap::new();
    for (key, sums) in sums {
        total.entry(key).or_default().add(&sums, 1);
    }
    total.retain(|_, sums| !sums.is_zero());
    total
}

proptest! {
    /// However a case's facts are rewritten, the sums kept by adding each change equal the
    /// sums of its last facts computed afresh.
    #[test]
    fn changes_add_up_to_the_last_facts(history in proptest::collection::vec(facts(), 1..6)) {
        let mut kept: BTreeMap<Key, Sums> = BTreeMap::new();
        let mut previous: Option<&(FactsRow, BTreeMap<String, i64>)> = None;
        for facts in &history {
            let change = change(previous.map(|(r, f)| (r, f)), (&facts.0, &facts.1));
            kept = total(kept.into_iter().chain(change));
            previous = Some(facts);
        }
        let last = history.last().unwrap();
        prop_assert_eq!(kept, total(contributions(&last.0, &last.1)));
    }

    #[test]
    fn counts_round_trip(days in proptest::collection::btree_map(0i64..400, 1i64..50, 0..20),
                         rules in proptest::collection::btree_map("[A-Z]{3}-[0-9]{1,2}-[a-z-]{1,12}", 1i64..50, 0..8)) {
        prop_assert_eq!(decode_counts::<i64>(&encode_counts(&days)), Some(days));
        prop_assert_eq!(decode_counts::<String>(&encode_counts(&rules)), Some(rules));
    }
}

#[test]
fn each_figure_counts_in_its_own_events_month() {
    let facts = row(Some(1), Some(3), Some(5), 0b0000_1001);
    let findings = BTreeMap::from([("APL-61".to_owned(), 2)]);
    let sums = contributions(&facts, &findings);
    // Three months in each of the four dimensions, and the one day of all three events
    // (seconds after the epoch) in each of the four day dimensions.
    assert_eq!(sums.len(), 16);
    let unit = |month: &str| {
        &sums[&Key {
            org_id: "u1".into(),
            dimension: "",
            dim_key: String::new(),
            month: month.into(),
        }]
    };
    assert_eq!((unit("2026-02").filed, unit("2026-02").decided), (1, 0));
    assert_eq!(unit("2026-02").findings, findings);
    assert_eq!(unit("2026-04").decided, 1);
    assert_eq!(unit("2026-04").fined, 1);
    assert_eq!(unit("2026-04").decision_days, BTreeMap::from([(3, 1)]));
    assert_eq!((unit("2026-06").closed, unit("2026-06").filed), (1, 0));
    let domain = Key {
        org_id: "u1".into(),
        dimension: "domain",
        dim_key: String::new(),
        month: "2026-02".into(),
    };
    assert_eq!(sums[&domain].filed, 1, "no domain is its own key");
    assert_eq!(encode_key(Some("")), "=");
    assert_eq!(decode_key("="), Some(String::new()));
    assert_eq!(decode_key(""), None);
}
