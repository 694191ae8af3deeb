//! Enforcement statistics (执法行为统计) over a scope and a period: the sums of the case facts
//! per group (the whole months' from the running sums of `supervision::rollup`, the partial
//! months' from the facts themselves), the percentiles core computes from the working days, and the rule
//! findings by rule id. Each figure has a name; a new statistic adds its figures to the
//! groups by name ([`Group::add`]) and to [`FIGURES`] for the CSV's columns.

use super::months::{self, Split};
use super::publication_stats;
use super::rollup::{self, Sums};
use crate::db::case_facts::{self, Grouping, StatsQuery};
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::supervision::{DAY_US, nearest_rank_of_counts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Every figure, in the order of the CSV's columns. A figure with no value in a group (a
/// median of no decisions) is absent from it.
pub const FIGURES: &[&str] = &[
    "cases_filed",
    "cases_decided",
    "cases_closed",
    "overdue_cases",
    "major_cases_filed",
    "penalties_warning",
    "penalties_fine",
    "fine_fen",
    "penalties_confiscation",
    "confiscation_fen",
    "penalties_other_sanctions",
    "hearings_requested",
    "hearings_held",
    "major_decisions",
    "major_decisions_legal_review",
    "major_decisions_collective_discussion",
    "decision_working_days_median",
    "decision_working_days_p90",
    publication_stats::DUE,
    publication_stats::ON_TIME,
    publication_stats::LATE,
    publication_stats::OPEN,
    publication_stats::ON_TIME_PERCENT,
];

/// The figures of one group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Group {
    /// The unit id, month (`YYYY-MM`, local), domain, procedure or officer id; absent for the
    /// total and for cases without one (an inspection has no filing month).
    pub key: Option<String>,
    /// The unit's name, when grouped by unit.
    pub label: Option<String>,
    /// Figures by name (see the statistics format in the docs); amounts in integer fen.
    pub figures: BTreeMap<String, i64>,
    /// Rule findings of the cases filed in the period, by custos-core rule id.
    pub findings_by_rule: BTreeMap<String, i64>,
}

impl Group {
    /// Adds `value` to the figure `name`.
    pub fn add(&mut self, name: &str, value: i64) {
        *self.figures.entry(name.to_owned()).or_default() += value;
    }
}

/// The answer of `GET /api/v1/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Stats {
    pub org_id: String,
    pub from_us: i64,
    pub to_us: i64,
    /// `unit`, `month`, `domain`, `procedure` or `officer`; absent for the total alone.
    pub group_by: Option<String>,
    pub groups: Vec<Group>,
    pub total: Group,
}

/// The statistics of `scope` for the period `[from_us, to_us)` as of `now_us`, grouped by
/// `grouping` (the total alone for `None`): the whole months from the running sums, the rest
/// from the case facts.
pub fn compute(
    conn: &mut DbConnection,
    scope: &Scope,
    from_us: i64,
    to_us: i64,
    grouping: Option<(Grouping, &str)>,
    now_us: i64,
) -> Result<Stats, ApiError> {
    let split = months::split(conn, scope, from_us, to_us)?;
    compute_split(conn, scope, (from_us, to_us), &split, grouping, now_us)
}

/// The statistics of the unit `org_id` and the units below it with every figure counted from
/// the case facts, none from the running sums: what [`compute`] must always agree with. For
/// checks of the sums (tests, an operator's audit); a request's statistics go through `access`
/// and [`compute`]. `None` for an unknown unit.
pub fn compute_from_facts(
    conn: &mut DbConnection,
    org_id: &str,
    from_us: i64,
    to_us: i64,
    grouping: Option<(Grouping, &str)>,
    now_us: i64,
) -> Result<Option<Stats>, ApiError> {
    let Some(org) = db::orgs::find_unscoped(conn, org_id)? else {
        return Ok(None);
    };
    let Some(scope) = Scope::new("statistics check", &org.id, &org.path, false) else {
        return Ok(None);
    };
    let split = Split::from_facts(from_us, to_us);
    compute_split(conn, &scope, (from_us, to_us), &split, grouping, now_us).map(Some)
}

fn compute_split(
    conn: &mut DbConnection,
    scope: &Scope,
    (from_us, to_us): (i64, i64),
    split: &Split,
    grouping: Option<(Grouping, &str)>,
    now_us: i64,
) -> Result<Stats, ApiError> {
    let query = StatsQuery {
        from_us,
        to_us,
        // The total alone is the sum over units.
        grouping: grouping.map_or(Grouping::Unit, |(grouping, _)| grouping),
        now_us,
    };
    let mut sums: BTreeMap<Option<String>, Sums> = BTreeMap::new();
    let mut overdue: BTreeMap<Option<String>, i64> = BTreeMap::new();
    if let Some(months) = &split.months {
        let rows = Rows {
            day: false,
            from: &months.from,
            to: months.to.as_deref(),
            from_us: months.from_us,
            to_us: months.to_us,
            month: None,
        };
        from_sums(conn, scope, &query, rows, &mut sums, &mut overdue)?;
    }
    for days in &split.days {
        let rows = Rows {
            day: true,
            from: &days.from,
            to: Some(&days.to),
            from_us: days.from_us,
            to_us: days.to_us,
            month: Some(&days.month),
        };
        from_sums(conn, scope, &query, rows, &mut sums, &mut overdue)?;
    }
    for &(from_us, to_us) in &split.spans {
        let span = StatsQuery {
            from_us,
            to_us,
            ..query
        };
        from_facts(conn, scope, &span, &mut sums)?;
        for (key, count) in case_facts::overdue(conn, scope, &span, i64::MIN)? {
            *overdue.entry(key).or_default() += count;
        }
    }
    let mut groups: BTreeMap<Option<String>, Group> = BTreeMap::new();
    let mut all_days: Vec<(u32, u64)> = Vec::new();
    for (key, sums) in sums {
        if sums.is_zero() {
            continue;
        }
        let overdue = overdue.get(&key).copied().unwrap_or(0);
        let group = group(&mut groups, key);
        figures(group, &sums, overdue);
        let days: Vec<(u32, u64)> = sums
            .decision_days
            .iter()
            .map(|(&days, &count)| (days as u32, count.max(0) as u64))
            .collect();
        percentiles(group, &days);
        all_days.extend(days);
    }
    for (key, name, value) in publication_stats::figures(conn, scope, &query, split)? {
        group(&mut groups, key).add(name, value);
    }
    let mut total = Group::default();
    for group in groups.values() {
        for (name, value) in &group.figures {
            if !name.starts_with("decision_working_days_") {
                total.add(name, *value);
            }
        }
        for (rule, count) in &group.findings_by_rule {
            *total.findings_by_rule.entry(rule.clone()).or_default() += count;
        }
    }
    all_days.sort_unstable();
    percentiles(&mut total, &all_days);
    for group in groups.values_mut().chain([&mut total]) {
        publication_stats::rate(group);
    }
    let groups = match grouping {
        Some((Grouping::Unit, _)) => {
            // Every unit's name in one query (a city's tree has hundreds of units).
            let ids: Vec<&str> = groups.keys().flatten().map(String::as_str).collect();
            let names: BTreeMap<String, String> = db::orgs::find_all_in(conn, scope, &ids)?
                .into_iter()
                .map(|org| (org.id, org.name))
                .collect();
            groups
                .into_iter()
                .map(|(key, mut group)| {
                    group.label = key.and_then(|org_id| names.get(&org_id).cloned());
                    group
                })
                .collect()
        }
        Some(_) => groups.into_values().collect(),
        None => Vec::new(),
    };
    Ok(Stats {
        org_id: scope.org_id().to_owned(),
        from_us,
        to_us,
        group_by: grouping.map(|(_, name)| name.to_owned()),
        groups,
        total,
    })
}

/// Stored sums to read: monthly (`day` false) or daily rows labelled from `from` up to but not
/// including `to` (`None`: no end), which span `[from_us, to_us)`; `month` is the local month
/// of every day read, their key when grouped by month.
struct Rows<'a> {
    day: bool,
    from: &'a str,
    to: Option<&'a str>,
    from_us: i64,
    to_us: i64,
    month: Option<&'a str>,
}

/// Adds the stored sums `rows` to `sums` and their overdue cases to `overdue`, per group key.
fn from_sums(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
    rows: Rows,
    sums: &mut BTreeMap<Option<String>, Sums>,
    overdue: &mut BTreeMap<Option<String>, i64>,
) -> Result<(), ApiError> {
    let dimension = match query.grouping {
        Grouping::Unit | Grouping::Month => 0,
        Grouping::Domain => 1,
        Grouping::Procedure => 2,
        Grouping::Officer => 3,
    };
    let dimension = if rows.day {
        rollup::DAY_DIMENSIONS[dimension]
    } else {
        rollup::DIMENSIONS[dimension]
    };
    // Deadlines that ended on a day before the question's are overdue, whichever hour it
    // is; those of its own day are counted from the facts.
    let today_us = query.now_us.div_euclid(DAY_US) * DAY_US;
    for row in db::rollups::in_scope(conn, scope, dimension, rows.from, rows.to)? {
        let add = rollup::sums_of(&row)
            .ok_or_else(|| ApiError::internal("stored statistics sums are malformed"))?;
        let key = match query.grouping {
            Grouping::Unit => Some(row.org_id),
            Grouping::Month => Some(rows.month.map_or(row.month, str::to_owned)),
            _ => rollup::decode_key(&row.dim_key),
        };
        let passed: i64 = add
            .deadline_days
            .range(..today_us / DAY_US)
            .map(|(_, count)| count)
            .sum();
        *overdue.entry(key.clone()).or_default() += passed;
        sums.entry(key).or_default().add(&add, 1);
    }
    let span = StatsQuery {
        from_us: rows.from_us,
        to_us: rows.to_us,
        ..*query
    };
    for (key, count) in case_facts::overdue(conn, scope, &span, today_us)? {
        *overdue.entry(key).or_default() += count;
    }
    Ok(())
}

/// The group `key`, made on first use.
fn group(groups: &mut BTreeMap<Option<String>, Group>, key: Option<String>) -> &mut Group {
    groups.entry(key.clone()).or_insert_with(|| Group {
        key,
        ..Group::default()
    })
}

/// Adds the sums of the case facts in `query`'s period to `sums`, per group key.
fn from_facts(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
    sums: &mut BTreeMap<Option<String>, Sums>,
) -> Result<(), ApiError> {
    for (key, filed, major) in case_facts::filed(conn, scope, query)? {
        let sums = sums.entry(key).or_default();
        sums.filed += filed;
        sums.major_filed += major;
    }
    for decided in case_facts::decided(conn, scope, query)? {
        let sums = sums.entry(decided.key).or_default();
        sums.decided += decided.decided;
        sums.warning += decided.warning;
        sums.fined += decided.fined;
        sums.fine_fen += decided.fine_fen;
        sums.confiscated += decided.confiscated;
        sums.confiscation_fen += decided.confiscation_fen;
        sums.sanctioned += decided.sanctioned;
        sums.hearing_requested += decided.hearing_requested;
        sums.hearing_held += decided.hearing_held;
        sums.major_decided += decided.major;
        sums.major_legal_review += decided.major_legal_review;
        sums.major_collective_discussion += decided.major_collective_discussion;
    }
    for (key, closed) in case_facts::closed(conn, scope, query)? {
        sums.entry(key).or_default().closed += closed;
    }
    for (key, rule, count) in case_facts::findings_by_rule(conn, scope, query)? {
        *sums
            .entry(key)
            .or_default()
            .findings
            .entry(rule)
            .or_default() += count;
    }
    for (key, days, count) in case_facts::decision_working_days(conn, scope, query)? {
        *sums
            .entry(key)
            .or_default()
            .decision_days
            .entry(i64::from(days.max(0)))
            .or_default() += count;
    }
    Ok(())
}

/// The figures of a group's sums: each event's figures only where the group has such events,
/// so a group of decisions alone shows no filing figures.
fn figures(group: &mut Group, sums: &Sums, overdue: i64) {
    if sums.filed > 0 {
        group.add("cases_filed", sums.filed);
        group.add("major_cases_filed", sums.major_filed);
        group.add("overdue_cases", overdue);
    }
    if sums.decided > 0 {
        group.add("cases_decided", sums.decided);
        group.add("penalties_warning", sums.warning);
        group.add("penalties_fine", sums.fined);
        group.add("fine_fen", sums.fine_fen);
        group.add("penalties_confiscation", sums.confiscated);
        group.add("confiscation_fen", sums.confiscation_fen);
        group.add("penalties_other_sanctions", sums.sanctioned);
        group.add("hearings_requested", sums.hearing_requested);
        group.add("hearings_held", sums.hearing_held);
        group.add("major_decisions", sums.major_decided);
        group.add("major_decisions_legal_review", sums.major_legal_review);
        group.add(
            "major_decisions_collective_discussion",
            sums.major_collective_discussion,
        );
    }
    if sums.closed > 0 {
        group.add("cases_closed", sums.closed);
    }
    for (rule, count) in &sums.findings {
        *group.findings_by_rule.entry(rule.clone()).or_default() += count;
    }
}

/// The median and 90th percentile of working days from filing to decision.
fn percentiles(group: &mut Group, counts: &[(u32, u64)]) {
    if let Some(median) = nearest_rank_of_counts(counts, 50) {
        group.add("decision_working_days_median", i64::from(median));
    }
    if let Some(p90) = nearest_rank_of_counts(counts, 90) {
        group.add("decision_working_days_p90", i64::from(p90));
    }
}

/// The statistics as CSV (RFC 4180): a header, one row per group, then the total (key
/// `total`); a figure absent from a group is an empty field; findings are columns
/// `finding:RULE-ID`.
pub fn to_csv(stats: &Stats) -> String {
    let mut rules: Vec<&String> = stats.total.findings_by_rule.keys().collect();
    rules.sort();
    let mut header: Vec<String> = vec!["key".into(), "label".into()];
    header.extend(FIGURES.iter().map(|name| name.to_string()));
    header.extend(rules.iter().map(|rule| format!("finding:{rule}")));
    let mut out = String::new();
    line(&mut out, header.iter().map(String::as_str));
    let row = |out: &mut String, key: &str, group: &Group| {
        let mut fields: Vec<String> = vec![key.to_owned(), group.label.clone().unwrap_or_default()];
        fields.extend(FIGURES.iter().map(|name| {
            group
                .figures
                .get(*name)
                .map(i64::to_string)
                .unwrap_or_default()
        }));
        fields.extend(rules.iter().map(|rule| {
            group
                .findings_by_rule
                .get(*rule)
                .copied()
                .unwrap_or(0)
                .to_string()
        }));
        line(out, fields.iter().map(String::as_str));
    };
    for group in &stats.groups {
        row(&mut out, group.key.as_deref().unwrap_or(""), group);
    }
    row(&mut out, "total", &stats.total);
    out
}

/// One CSV line: fields quoted when they hold a comma, quote or line break, and a field a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`) kept as text with a leading `'`.
pub(crate) fn line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    let mut first = true;
    for field in fields {
        if !first {
            out.push(',');
        }
        first = false;
        let formula = field.starts_with(['=', '+', '@'])
            || (field.starts_with('-') && field.parse::<i64>().is_err());
        let field = if formula {
            format!("'{field}")
        } else {
            field.to_owned()
        };
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}
