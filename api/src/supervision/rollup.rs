//! The statistics' running sums: what one case's facts add to the sums of its unit, per local
//! month and per day of each event and per grouping dimension, and what a rewrite of
//! those facts changes. The record submission adds the change to `case_rollups` in its own
//! transaction, so the sums always equal the sum of the `case_facts` rows; statistics read
//! the monthly sums for the whole months of a period, the daily ones for the whole days of
//! its partial months, and count only the hours left from `case_facts`.

use crate::db::case_facts::{self, FactsRow};
use crate::db::findings::FindingRow;
use crate::db::rollups::{self, RollupRow};
use crate::db::{self, DbConnection, DbResult};
use crate::error::ApiError;
use custos_core::supervision::{DAY_US, sums_day, sums_day_label};
use std::collections::{BTreeMap, HashMap};

/// The grouping dimensions the sums are kept for: `""` (the unit and month alone), then one
/// per grouping whose key is a column of the facts.
pub const DIMENSIONS: [&str; 4] = ["", "domain", "procedure", "officer"];

/// The same dimensions summed per day (of China Standard Time, see
/// `custos_core::supervision::days`) rather than per local month (the `month` column then
/// holds the day's `sums_day_label`): the whole days of a period's partial months read these.
pub const DAY_DIMENSIONS: [&str; 4] = ["day", "day:domain", "day:procedure", "day:officer"];

/// Where a sum is kept: the unit, the dimension and its key (see [`encode_key`]), the month.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub org_id: String,
    pub dimension: &'static str,
    pub dim_key: String,
    pub month: String,
}

/// The sums of one key: event counts, amounts in fen, the histogram of working days from
/// filing to decision, and rule findings by rule id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sums {
    pub filed: i64,
    pub major_filed: i64,
    pub decided: i64,
    pub warning: i64,
    pub fined: i64,
    pub fine_fen: i64,
    pub confiscated: i64,
    pub confiscation_fen: i64,
    pub sanctioned: i64,
    pub hearing_requested: i64,
    pub hearing_held: i64,
    pub major_decided: i64,
    pub major_legal_review: i64,
    pub major_collective_discussion: i64,
    pub closed: i64,
    pub decision_days: BTreeMap<i64, i64>,
    /// The cases filed whose earliest open deadline ends on each UTC day (days since the
    /// epoch), for overdue counts at any time: those of the days before the question's, and
    /// the question's own day counted from the facts.
    pub deadline_days: BTreeMap<i64, i64>,
    pub findings: BTreeMap<String, i64>,
}

impl Sums {
    /// Adds `other` times `sign` (1 or -1), dropping histogram and finding entries that reach
    /// zero.
    pub fn add(&mut self, other: &Sums, sign: i64) {
        self.filed += sign * other.filed;
        self.major_filed += sign * other.major_filed;
        self.decided += sign * other.decided;
        self.warning += sign * other.warning;
        self.fined += sign * other.fined;
        self.fine_fen += sign * other.fine_fen;
        self.confiscated += sign * other.confiscated;
        self.confiscation_fen += sign * other.confiscation_fen;
        self.sanctioned += sign * other.sanctioned;
        self.hearing_requested += sign * other.hearing_requested;
        self.hearing_held += sign * other.hearing_held;
        self.major_decided += sign * other.major_decided;
        self.major_legal_review += sign * other.major_legal_review;
        self.major_collective_discussion += sign * other.major_collective_discussion;
        self.closed += sign * other.closed;
        merge(&mut self.decision_days, &other.decision_days, sign);
        merge(&mut self.deadline_days, &other.deadline_days, sign);
        merge(&mut self.findings, &other.findings, sign);
    }

    /// Whether every sum is zero.
    pub fn is_zero(&self) -> bool {
        *self == Sums::default()
    }
}

fn merge<K: Ord + Clone>(into: &mut BTreeMap<K, i64>, from: &BTreeMap<K, i64>, sign: i64) {
    for (key, count) in from {
        let entry = into.entry(key.clone()).or_default();
        *entry += sign * count;
        if *entry == 0 {
            into.remove(key);
        }
    }
}

/// A dimension's key as stored: `""` for none, `"="` and the value otherwise (so an empty
/// value and no value stay apart).
pub fn encode_key(value: Option<&str>) -> String {
    value.map_or_else(String::new, |value| format!("={value}"))
}

/// The value of a stored dimension key.
pub fn decode_key(stored: &str) -> Option<String> {
    stored.strip_prefix('=').map(str::to_owned)
}

/// What a case with facts `row` and rule findings `findings` (by rule id) adds to each key.
/// Filing figures and findings count in the month of filing, decision figures in the month
/// of decision, closing in the month of closing: each figure in its own event's month, as the
/// statistics read them.
/// Each figure counts too in the day of its event, under the day dimensions.
pub fn contributions(row: &FactsRow, findings: &BTreeMap<String, i64>) -> BTreeMap<Key, Sums> {
    let mut sums: BTreeMap<Key, Sums> = BTreeMap::new();
    let day = |at_us: Option<i64>| {
        at_us
            .filter(|at_us| sums_day(*at_us) >= 0)
            .map(sums_day_label)
    };
    let months = [&row.filed_month, &row.decided_month, &row.closed_month].map(Option::clone);
    let days = [row.filed_at_us, row.decided_at_us, row.closed_at_us].map(day);
    for (dimension, day_dimension) in DIMENSIONS.into_iter().zip(DAY_DIMENSIONS) {
        add_contributions(&mut sums, row, findings, dimension, &months);
        add_contributions(&mut sums, row, findings, day_dimension, &days);
    }
    sums
}

/// Adds what a case adds under `dimension` to `sums`, its filing, decision and closing
/// counted at the buckets `[filed, decided, closed]` (months or days).
fn add_contributions(
    sums: &mut BTreeMap<Key, Sums>,
    row: &FactsRow,
    findings: &BTreeMap<String, i64>,
    dimension: &'static str,
    [filed, decided, closed]: &[Option<String>; 3],
) {
    let dim_key = match dimension.trim_start_matches("day").trim_start_matches(':') {
        "" => String::new(),
        "domain" => encode_key(row.domain.as_deref()),
        "procedure" => encode_key(row.procedure.as_deref()),
        _ => encode_key(Some(&row.officer_id)),
    };
    let at = |month: &Option<String>| {
        month.as_ref().map(|month| Key {
            org_id: row.org_id.clone(),
            dimension,
            dim_key: dim_key.clone(),
            month: month.clone(),
        })
    };
    if let Some(key) = at(filed) {
        let sums = sums.entry(key).or_default();
        sums.filed += 1;
        sums.major_filed += i64::from(row.major);
        if let Some(deadline_us) = row.next_deadline_us {
            *sums
                .deadline_days
                .entry(deadline_us.div_euclid(DAY_US))
                .or_default() += 1;
        }
        merge(&mut sums.findings, findings, 1);
    }
    if let Some(key) = at(decided) {
        let sums = sums.entry(key).or_default();
        sums.decided += 1;
        sums.warning += i64::from(row.warning);
        sums.fined += i64::from(row.fined);
        sums.fine_fen += row.fine_fen;
        sums.confiscated += i64::from(row.confiscated);
        sums.confiscation_fen += row.confiscation_fen;
        sums.sanctioned += i64::from(row.sanctions > 0);
        sums.hearing_requested += i64::from(row.hearing_requested);
        sums.hearing_held += i64::from(row.hearing_held);
        sums.major_decided += i64::from(row.major);
        sums.major_legal_review += i64::from(row.major * row.legal_review);
        sums.major_collective_discussion += i64::from(row.major * row.collective_discussion);
        if let Some(days) = row.decision_working_days {
            *sums
                .decision_days
                .entry(i64::from(days.max(0)))
                .or_default() += 1;
        }
    }
    if let Some(key) = at(closed) {
        sums.entry(key).or_default().closed += 1;
    }
}

/// What rewriting a case's facts from `old` (none for a new case) to `new` changes, per key;
/// keys it leaves alone are absent.
pub fn change(
    old: Option<(&FactsRow, &BTreeMap<String, i64>)>,
    new: (&FactsRow, &BTreeMap<String, i64>),
) -> BTreeMap<Key, Sums> {
    let mut change = contributions(new.0, new.1);
    if let Some((row, findings)) = old {
        for (key, sums) in contributions(row, findings) {
            change.entry(key).or_default().add(&sums, -1);
        }
    }
    change.retain(|_, sums| !sums.is_zero());
    change
}

/// A histogram or finding counts as stored: `key:count` pairs, space-separated, in key order.
pub fn encode_counts<K: std::fmt::Display>(counts: &BTreeMap<K, i64>) -> String {
    let pairs: Vec<String> = counts
        .iter()
        .map(|(key, count)| format!("{key}:{count}"))
        .collect();
    pairs.join(" ")
}

/// The counts stored as [`encode_counts`] writes them; `None` if the text is not of that form.
pub fn decode_counts<K: std::str::FromStr + Ord>(text: &str) -> Option<BTreeMap<K, i64>> {
    text.split_whitespace()
        .map(|pair| {
            // A rule id holds no ':'; the count is after the last one.
            let (key, count) = pair.rsplit_once(':')?;
            Some((key.parse().ok()?, count.parse().ok()?))
        })
        .collect()
}

/// Adds to the sums what the submission changed of the facts of its cases: `old` are the
/// stored facts rows of those cases (a new case has none), `new` their rows now, and
/// `new_findings` the findings the submission just stored with them. In the submission's
/// transaction, which holds the log head's lock, so no other writer changes the same rows.
pub fn record(
    conn: &mut DbConnection,
    old: &[FactsRow],
    new: &[FactsRow],
    new_findings: &[FindingRow],
) -> Result<(), ApiError> {
    let ids: Vec<&str> = new.iter().map(|row| row.case_id.as_str()).collect();
    let mut findings: HashMap<String, BTreeMap<String, i64>> = HashMap::new();
    for (case_id, rule, count) in rollups::findings_of_cases(conn, &ids)? {
        findings.entry(case_id).or_default().insert(rule, count);
    }
    let mut before = findings.clone();
    for finding in new_findings {
        let counts = before.entry(finding.case_id.clone()).or_default();
        let count = counts.entry(finding.rule.clone()).or_default();
        *count -= 1;
        if *count == 0 {
            counts.remove(&finding.rule);
        }
    }
    let old: HashMap<&str, &FactsRow> = old.iter().map(|row| (row.case_id.as_str(), row)).collect();
    let none = BTreeMap::new();
    let mut changes: BTreeMap<Key, Sums> = BTreeMap::new();
    for row in new {
        let stored = old.get(row.case_id.as_str()).copied();
        // A stored row keeps the officer who opened the case (`case_facts::write` never
        // rewrites it), and so do its sums.
        let kept;
        let row = match stored {
            Some(stored) if stored.officer_id != row.officer_id => {
                kept = FactsRow {
                    officer_id: stored.officer_id.clone(),
                    ..row.clone()
                };
                &kept
            }
            _ => row,
        };
        let stored = stored.map(|stored| (stored, before.get(&row.case_id).unwrap_or(&none)));
        for (key, sums) in change(stored, (row, findings.get(&row.case_id).unwrap_or(&none))) {
            changes.entry(key).or_default().add(&sums, 1);
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    let mut units: Vec<&str> = changes.keys().map(|key| key.org_id.as_str()).collect();
    let mut months: Vec<&str> = changes.keys().map(|key| key.month.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    months.sort_unstable();
    months.dedup();
    let mut stored: HashMap<(String, String, String, String), RollupRow> =
        rollups::of_units_months(conn, &units, &months)?
            .into_iter()
            .map(|row| {
                let key = (
                    row.org_id.clone(),
                    row.dimension.clone(),
                    row.dim_key.clone(),
                    row.month.clone(),
                );
                (key, row)
            })
            .collect();
    let mut rows = Vec::with_capacity(changes.len());
    for (key, change) in changes {
        let id = (
            key.org_id.clone(),
            key.dimension.to_owned(),
            key.dim_key.clone(),
            key.month.clone(),
        );
        let sums = match stored.remove(&id) {
            Some(row) => {
                let mut sums = sums_of(&row)
                    .ok_or_else(|| ApiError::internal("stored statistics sums are malformed"))?;
                sums.add(&change, 1);
                sums
            }
            None => change,
        };
        rows.push(row_of(&key, &sums));
    }
    rollups::write(conn, &rows)?;
    Ok(())
}

/// Builds the sums afresh from every case's facts, once, for a store that had cases before
/// the sums were kept (the migration leaves a mark; the first node to start takes it). Holds
/// the log head's lock, so no submission changes facts meanwhile.
pub fn backfill(conn: &mut DbConnection) -> DbResult<()> {
    db::write_transaction(conn, |conn| {
        if !rollups::take_pending(conn)? {
            return Ok(());
        }
        db::log::lock_head(conn)?;
        let mut findings: HashMap<String, BTreeMap<String, i64>> = HashMap::new();
        for (case_id, rule, count) in rollups::all_findings(conn)? {
            findings.entry(case_id).or_default().insert(rule, count);
        }
        let none = BTreeMap::new();
        let mut sums: BTreeMap<Key, Sums> = BTreeMap::new();
        let mut after = String::new();
        loop {
            let page = case_facts::page_after(conn, &after, 5_000)?;
            let Some(last) = page.last() else { break };
            after = last.case_id.clone();
            for row in &page {
                let counts = findings.get(&row.case_id).unwrap_or(&none);
                for (key, add) in contributions(row, counts) {
                    sums.entry(key).or_default().add(&add, 1);
                }
            }
        }
        rollups::clear(conn)?;
        let rows: Vec<RollupRow> = sums.iter().map(|(key, sums)| row_of(key, sums)).collect();
        rollups::write(conn, &rows)?;
        // The publication figures' sums are built under the same mark.
        db::publication_sums::rebuild(conn)
    })
}

/// The stored row of `sums` at `key`.
fn row_of(key: &Key, sums: &Sums) -> RollupRow {
    RollupRow {
        org_id: key.org_id.clone(),
        dimension: key.dimension.to_owned(),
        dim_key: key.dim_key.clone(),
        month: key.month.clone(),
        filed: sums.filed,
        major_filed: sums.major_filed,
        decided: sums.decided,
        warning: sums.warning,
        fined: sums.fined,
        fine_fen: sums.fine_fen,
        confiscated: sums.confiscated,
        confiscation_fen: sums.confiscation_fen,
        sanctioned: sums.sanctioned,
        hearing_requested: sums.hearing_requested,
        hearing_held: sums.hearing_held,
        major_decided: sums.major_decided,
        major_legal_review: sums.major_legal_review,
        major_collective_discussion: sums.major_collective_discussion,
        closed: sums.closed,
        decision_days: encode_counts(&sums.decision_days),
        deadline_days: encode_counts(&sums.deadline_days),
        findings: encode_counts(&sums.findings),
    }
}

/// The sums a stored row holds; `None` if its text columns are malformed.
pub fn sums_of(row: &RollupRow) -> Option<Sums> {
    Some(Sums {
        filed: row.filed,
        major_filed: row.major_filed,
        decided: row.decided,
        warning: row.warning,
        fined: row.fined,
        fine_fen: row.fine_fen,
        confiscated: row.confiscated,
        confiscation_fen: row.confiscation_fen,
        sanctioned: row.sanctioned,
        hearing_requested: row.hearing_requested,
        hearing_held: row.hearing_held,
        major_decided: row.major_decided,
        major_legal_review: row.major_legal_review,
        major_collective_discussion: row.major_collective_discussion,
        closed: row.closed,
        decision_days: decode_counts(&row.decision_days)?,
        deadline_days: decode_counts(&row.deadline_days)?,
        findings: decode_counts(&row.findings)?,
    })
}

#[cfg(test)]
mod tests;
