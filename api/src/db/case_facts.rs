//! The facts of each case that statistics add up (custos-core `CaseFacts`), rewritten with
//! the case row, and their sums over a scope and a period, grouped.

use super::schema::{case_facts, findings, organisations};
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone, PartialEq, Eq)]
#[diesel(
    table_name = case_facts,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
pub struct FactsRow {
    pub case_id: String,
    pub org_id: String,
    pub officer_id: String,
    pub procedure: Option<String>,
    pub domain: Option<String>,
    pub filed_at_us: Option<i64>,
    pub filed_month: Option<String>,
    pub decided_at_us: Option<i64>,
    pub decided_month: Option<String>,
    pub closed_at_us: Option<i64>,
    pub closed_month: Option<String>,
    pub next_deadline_us: Option<i64>,
    pub warning: i32,
    pub fined: i32,
    pub fine_fen: i64,
    pub confiscated: i32,
    pub confiscation_fen: i64,
    pub sanctions: i32,
    pub hearing_requested: i32,
    pub hearing_held: i32,
    pub major: i32,
    pub legal_review: i32,
    pub collective_discussion: i32,
    pub decision_working_days: Option<i32>,
}

/// The stored facts of the cases `case_ids` (a case not yet stored has none).
pub fn of_cases(conn: &mut DbConnection, case_ids: &[&str]) -> DbResult<Vec<FactsRow>> {
    Ok(case_facts::table
        .filter(case_facts::case_id.eq_any(case_ids))
        .select(FactsRow::as_select())
        .load(conn)?)
}

/// Up to `limit` facts rows after the case id `after`, in case id order.
pub fn page_after(conn: &mut DbConnection, after: &str, limit: i64) -> DbResult<Vec<FactsRow>> {
    Ok(case_facts::table
        .filter(case_facts::case_id.gt(after))
        .order(case_facts::case_id)
        .limit(limit)
        .select(FactsRow::as_select())
        .load(conn)?)
}

/// Writes the facts of cases whose stored rows (if any) are `stored`: new rows inserted at
/// once, stored ones rewritten only where a column changed, but for the officer who opened
/// the case, which never changes. Most submissions add records that change no fact, and
/// every statement costs the group commit a round trip.
pub fn write(conn: &mut DbConnection, rows: &[FactsRow], stored: &[FactsRow]) -> DbResult<()> {
    let stored: std::collections::BTreeMap<&str, &FactsRow> = stored
        .iter()
        .map(|row| (row.case_id.as_str(), row))
        .collect();
    let mut new = Vec::new();
    // The publication sums group a case's deadlines by its domain, procedure and officer:
    // those of a case whose columns change (or get their first facts) move with them.
    let mut moves = Vec::new();
    for row in rows {
        let keys = |row: &FactsRow, officer: &str| {
            (
                row.domain.clone(),
                row.procedure.clone(),
                Some(officer.to_owned()),
            )
        };
        match stored.get(row.case_id.as_str()) {
            None => {
                moves.push((row.case_id.clone(), None, keys(row, &row.officer_id)));
                new.push(row.clone());
            }
            Some(&old) if FactsChange::from(old) == FactsChange::from(row) => {}
            Some(&old) => {
                // A stored row keeps the officer who opened the case.
                if (&old.domain, &old.procedure) != (&row.domain, &row.procedure) {
                    moves.push((
                        row.case_id.clone(),
                        Some(keys(old, &old.officer_id)),
                        keys(row, &old.officer_id),
                    ));
                }
                diesel::update(case_facts::table.find(&row.case_id))
                    .set(&FactsChange::from(row))
                    .execute(conn)?;
            }
        }
    }
    super::insert_rows!(conn, case_facts::table, new)?;
    super::publication_sums::rekey(conn, &moves)
}

/// A stored row's columns that follow the case's records.
#[derive(AsChangeset, PartialEq)]
#[diesel(table_name = case_facts, treat_none_as_null = true)]
struct FactsChange<'a> {
    procedure: Option<&'a str>,
    domain: Option<&'a str>,
    filed_at_us: Option<i64>,
    filed_month: Option<&'a str>,
    decided_at_us: Option<i64>,
    decided_month: Option<&'a str>,
    closed_at_us: Option<i64>,
    closed_month: Option<&'a str>,
    next_deadline_us: Option<i64>,
    warning: i32,
    fined: i32,
    fine_fen: i64,
    confiscated: i32,
    confiscation_fen: i64,
    sanctions: i32,
    hearing_requested: i32,
    hearing_held: i32,
    major: i32,
    legal_review: i32,
    collective_discussion: i32,
    decision_working_days: Option<i32>,
}

impl<'a> From<&'a FactsRow> for FactsChange<'a> {
    fn from(row: &'a FactsRow) -> FactsChange<'a> {
        FactsChange {
            procedure: row.procedure.as_deref(),
            domain: row.domain.as_deref(),
            filed_at_us: row.filed_at_us,
            filed_month: row.filed_month.as_deref(),
            decided_at_us: row.decided_at_us,
            decided_month: row.decided_month.as_deref(),
            closed_at_us: row.closed_at_us,
            closed_month: row.closed_month.as_deref(),
            next_deadline_us: row.next_deadline_us,
            warning: row.warning,
            fined: row.fined,
            fine_fen: row.fine_fen,
            confiscated: row.confiscated,
            confiscation_fen: row.confiscation_fen,
            sanctions: row.sanctions,
            hearing_requested: row.hearing_requested,
            hearing_held: row.hearing_held,
            major: row.major,
            legal_review: row.legal_review,
            collective_discussion: row.collective_discussion,
            decision_working_days: row.decision_working_days,
        }
    }
}

/// What statistics are grouped by: a column of `case_facts`, named here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Unit,
    /// The local month of each figure's own event (filing, decision, closing).
    Month,
    Domain,
    Procedure,
    Officer,
}

/// Which event a figure counts, and so which time the period and the month apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    Filed,
    Decided,
    Closed,
}

impl Grouping {
    /// The SQL of the group key for figures of `event`: a fixed column name, never input.
    fn key(self, event: Event) -> &'static str {
        match (self, event) {
            (Grouping::Unit, _) => "case_facts.org_id",
            (Grouping::Month, Event::Filed) => "case_facts.filed_month",
            (Grouping::Month, Event::Decided) => "case_facts.decided_month",
            (Grouping::Month, Event::Closed) => "case_facts.closed_month",
            (Grouping::Domain, _) => "case_facts.domain",
            (Grouping::Procedure, _) => "case_facts.procedure",
            (Grouping::Officer, _) => "case_facts.officer_id",
        }
    }
}

/// The period `[from_us, to_us)` and the grouping of a statistics query.
#[derive(Debug, Clone, Copy)]
pub struct StatsQuery {
    pub from_us: i64,
    pub to_us: i64,
    pub grouping: Grouping,
    /// The time asked at, for overdue counts.
    pub now_us: i64,
}

/// Sums of the cases filed in the period, per group: filed, major.
pub type FiledSums = (Option<String>, i64, i64);
/// Sums of the cases decided in the period, per group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecidedSums {
    pub key: Option<String>,
    pub decided: i64,
    pub warning: i64,
    pub fined: i64,
    pub fine_fen: i64,
    pub confiscated: i64,
    pub confiscation_fen: i64,
    pub sanctioned: i64,
    pub hearing_requested: i64,
    pub hearing_held: i64,
    pub major: i64,
    pub major_legal_review: i64,
    pub major_collective_discussion: i64,
}

/// An integer sum as BIGINT on both backends (PostgreSQL sums BIGINT to NUMERIC).
fn total(expression: &'static str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(match expression {
        "major" => "CAST(COALESCE(SUM(case_facts.major), 0) AS BIGINT)",
        "warning" => "CAST(COALESCE(SUM(case_facts.warning), 0) AS BIGINT)",
        "fined" => "CAST(COALESCE(SUM(case_facts.fined), 0) AS BIGINT)",
        "fine_fen" => "CAST(COALESCE(SUM(case_facts.fine_fen), 0) AS BIGINT)",
        "confiscated" => "CAST(COALESCE(SUM(case_facts.confiscated), 0) AS BIGINT)",
        "confiscation_fen" => "CAST(COALESCE(SUM(case_facts.confiscation_fen), 0) AS BIGINT)",
        "sanctioned" => {
            "CAST(COALESCE(SUM(CASE WHEN case_facts.sanctions > 0 THEN 1 ELSE 0 END), 0) AS BIGINT)"
        }
        "hearing_requested" => "CAST(COALESCE(SUM(case_facts.hearing_requested), 0) AS BIGINT)",
        "hearing_held" => "CAST(COALESCE(SUM(case_facts.hearing_held), 0) AS BIGINT)",
        "major_legal_review" => {
            "CAST(COALESCE(SUM(case_facts.major * case_facts.legal_review), 0) AS BIGINT)"
        }
        "major_collective_discussion" => {
            "CAST(COALESCE(SUM(case_facts.major * case_facts.collective_discussion), 0) AS BIGINT)"
        }
        other => unreachable!("no sum {other}"),
    })
}

/// `case_facts ⋈ organisations` in `scope` with `$column` in the period, grouped by the key
/// of `$event`, selecting the key and `$select`.
macro_rules! grouped {
    ($scope:expr, $query:expr, $event:expr, $column:expr, $select:expr) => {{
        let key = $query.grouping.key($event);
        case_facts::table
            .inner_join(organisations::table)
            .filter($scope.covers())
            .filter($column.ge($query.from_us))
            .filter($column.lt($query.to_us))
            .group_by(sql::<Nullable<Text>>(key))
            .select((sql::<Nullable<Text>>(key), $select))
    }};
}

/// Cases filed in the period, per group.
pub fn filed(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
) -> DbResult<Vec<FiledSums>> {
    let rows: Vec<(Option<String>, (i64, i64))> = grouped!(
        scope,
        query,
        Event::Filed,
        case_facts::filed_at_us,
        (count_star(), total("major"))
    )
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(key, (filed, major))| (key, filed, major))
        .collect())
}

/// Cases filed in the period whose earliest open deadline has passed by `now_us`, ending at
/// or after `deadlines_from_us`, per group: found through the deadline index, since few of all
/// cases are overdue, and fewer on one day.
pub fn overdue(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
    deadlines_from_us: i64,
) -> DbResult<Vec<(Option<String>, i64)>> {
    let key = query.grouping.key(Event::Filed);
    let rows = case_facts::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(case_facts::filed_at_us.ge(query.from_us))
        .filter(case_facts::filed_at_us.lt(query.to_us))
        .group_by(sql::<Nullable<Text>>(key))
        .select((sql::<Nullable<Text>>(key), count_star()))
        .into_boxed();
    if deadlines_from_us == i64::MIN {
        // Every deadline passed: of all cases, many; the cases filed in a few hours are
        // fewer, so SQLite must read them through the filing index, and the unary `+` keeps
        // it from choosing the deadline index instead.
        return Ok(rows
            .filter(
                sql::<diesel::sql_types::Bool>("+case_facts.next_deadline_us <= ")
                    .bind::<BigInt, _>(query.now_us),
            )
            .load(conn)?);
    }
    Ok(rows
        .filter(case_facts::next_deadline_us.le(query.now_us))
        .filter(case_facts::next_deadline_us.ge(deadlines_from_us))
        .load(conn)?)
}

/// Cases decided in the period, per group.
pub fn decided(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
) -> DbResult<Vec<DecidedSums>> {
    type Sums = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<(Option<String>, Sums)> = grouped!(
        scope,
        query,
        Event::Decided,
        case_facts::decided_at_us,
        (
            count_star(),
            total("warning"),
            total("fined"),
            total("fine_fen"),
            total("confiscated"),
            total("confiscation_fen"),
            total("sanctioned"),
            total("hearing_requested"),
            total("hearing_held"),
            total("major"),
            total("major_legal_review"),
            total("major_collective_discussion"),
        )
    )
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(key, s)| DecidedSums {
            key,
            decided: s.0,
            warning: s.1,
            fined: s.2,
            fine_fen: s.3,
            confiscated: s.4,
            confiscation_fen: s.5,
            sanctioned: s.6,
            hearing_requested: s.7,
            hearing_held: s.8,
            major: s.9,
            major_legal_review: s.10,
            major_collective_discussion: s.11,
        })
        .collect())
}

/// Cases closed (or terminated) in the period, per group.
pub fn closed(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
) -> DbResult<Vec<(Option<String>, i64)>> {
    grouped!(
        scope,
        query,
        Event::Closed,
        case_facts::closed_at_us,
        count_star()
    )
    .load(conn)
    .map_err(DbError::from)
}

/// How many cases decided in the period took each number of working days from filing to
/// decision, per group key: a histogram for percentiles, a few hundred rows however many
/// cases were decided.
pub fn decision_working_days(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
) -> DbResult<Vec<(Option<String>, i32, i64)>> {
    let key = query.grouping.key(Event::Decided);
    case_facts::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(case_facts::decided_at_us.ge(query.from_us))
        .filter(case_facts::decided_at_us.lt(query.to_us))
        .filter(case_facts::decision_working_days.is_not_null())
        .group_by((
            sql::<Nullable<Text>>(key),
            sql::<Integer>("case_facts.decision_working_days"),
        ))
        .select((
            sql::<Nullable<Text>>(key),
            sql::<Integer>("case_facts.decision_working_days"),
            count_star(),
        ))
        .load(conn)
        .map_err(DbError::from)
}

/// Rule findings of the cases filed in the period, per group and rule.
pub fn findings_by_rule(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
) -> DbResult<Vec<(Option<String>, String, i64)>> {
    let key = query.grouping.key(Event::Filed);
    findings::table
        .inner_join(case_facts::table.on(case_facts::case_id.eq(findings::case_id)))
        .inner_join(organisations::table.on(organisations::id.eq(case_facts::org_id)))
        .filter(scope.covers())
        .filter(case_facts::filed_at_us.ge(query.from_us))
        .filter(case_facts::filed_at_us.lt(query.to_us))
        .group_by((sql::<Nullable<Text>>(key), sql::<Text>("findings.rule")))
        .select((
            sql::<Nullable<Text>>(key),
            sql::<Text>("findings.rule"),
            count_star(),
        ))
        .load(conn)
        .map_err(DbError::from)
}
