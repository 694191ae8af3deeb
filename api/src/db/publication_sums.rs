//! The publication figures' running sums (`publication_sums`): per unit, grouping dimension
//! and key, and bucket of the deadline (local month, or day for the day dimensions), how
//! many results were published on time, late, or still wait. Changed here, by the functions
//! that write what they count (a publication inserted, a `publication_overdue` attention item
//! opened or cured, a case's facts rewritten), in the caller's transaction, so the sums always
//! equal what `publications::due_counts` counts from the rows.

use super::schema::{attention_items, case_facts, organisations, publication_sums, publications};
use super::scope::Scope;
use super::{DbConnection, DbResult, ROWS_PER_INSERT};
use custos_core::rules::{RuleContext, WorkingCalendar};
use custos_core::supervision::{month_of, sums_day_label};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// The attention kind of a result still waiting to be published.
pub const WAITING_KIND: &str = "publication_overdue";

/// The dimensions summed per local month of the deadline: `""` (the unit alone), the case's
/// domain, procedure and officer, and the local month of the last day.
pub const DIMENSIONS: [&str; 5] = ["", "domain", "procedure", "officer", "last_month"];

/// The same dimensions per day of the deadline (`bucket` then holds its
/// `custos_core::supervision::sums_day_label`, as the statistics' daily sums do).
pub const DAY_DIMENSIONS: [&str; 5] = [
    "day",
    "day:domain",
    "day:procedure",
    "day:officer",
    "day:last_month",
];

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = publication_sums)]
pub struct SumRow {
    pub org_id: String,
    pub dimension: String,
    pub dim_key: String,
    pub bucket: String,
    pub on_time: i64,
    pub late: i64,
    pub waiting: i64,
}

/// What became of a result due: published by its last day, after it, or not yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    Late,
    Waiting,
}

/// One result due: its unit, its case, the first microsecond after its last day, what became
/// of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub org_id: String,
    pub case_id: String,
    pub due_before_us: i64,
    pub outcome: Outcome,
}

impl Deadline {
    /// The deadline of a publication.
    pub fn published(row: &super::publications::PublicationRow) -> Deadline {
        Deadline {
            org_id: row.org_id.clone(),
            case_id: row.case_id.clone(),
            due_before_us: row.due_before_us,
            outcome: if row.published_at_us < row.due_before_us {
                Outcome::OnTime
            } else {
                Outcome::Late
            },
        }
    }

    /// The deadline of an open attention item, if it is a result waiting to be published.
    pub fn waiting(row: &super::attention::AttentionRow) -> Option<Deadline> {
        if row.kind != WAITING_KIND || row.cured_us.is_some() {
            return None;
        }
        Some(Deadline {
            org_id: row.org_id.clone(),
            case_id: row.case_id.clone()?,
            due_before_us: row.due_us?,
            outcome: Outcome::Waiting,
        })
    }
}

/// The grouping columns of a case's facts: domain, procedure, officer (none without facts).
pub type CaseKeys = (Option<String>, Option<String>, Option<String>);

/// Adds `deadlines` to the sums (`sign` 1), or takes them away (-1), each keyed by its case's
/// facts as stored now.
pub fn add(conn: &mut DbConnection, deadlines: &[Deadline], sign: i64) -> DbResult<()> {
    if deadlines.is_empty() {
        return Ok(());
    }
    let mut ids: Vec<&str> = deadlines.iter().map(|d| d.case_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let keys = case_keys(conn, &ids)?;
    let mut change = BTreeMap::new();
    let mut calendars = Calendars::default();
    for deadline in deadlines {
        let case = keys.get(&deadline.case_id).cloned().unwrap_or_default();
        contribute(conn, &mut calendars, &mut change, deadline, &case, sign)?;
    }
    write(conn, change)
}

/// Moves the deadlines of the cases whose grouping columns change from `old` (none: no facts
/// yet) to `new`, by case id.
pub fn rekey(
    conn: &mut DbConnection,
    moves: &[(String, Option<CaseKeys>, CaseKeys)],
) -> DbResult<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = moves.iter().map(|(id, ..)| id.as_str()).collect();
    let deadlines = of_cases(conn, &ids)?;
    if deadlines.is_empty() {
        return Ok(());
    }
    let by_case: HashMap<&str, (CaseKeys, &CaseKeys)> = moves
        .iter()
        .map(|(id, old, new)| (id.as_str(), (old.clone().unwrap_or_default(), new)))
        .collect();
    let mut change = BTreeMap::new();
    let mut calendars = Calendars::default();
    for deadline in &deadlines {
        let Some((old, new)) = by_case.get(deadline.case_id.as_str()) else {
            continue;
        };
        contribute(conn, &mut calendars, &mut change, deadline, old, -1)?;
        contribute(conn, &mut calendars, &mut change, deadline, new, 1)?;
    }
    write(conn, change)
}

/// Builds the sums afresh from every publication and open waiting item, once, for a store
/// that had them before the sums were kept (in the caller's transaction, which holds the log
/// head's lock).
pub fn rebuild(conn: &mut DbConnection) -> DbResult<()> {
    diesel::delete(publication_sums::table).execute(conn)?;
    let mut deadlines: Vec<Deadline> = publications::table
        .select(super::publications::PublicationRow::as_select())
        .load(conn)?
        .iter()
        .map(Deadline::published)
        .collect();
    deadlines.extend(
        attention_items::table
            .filter(attention_items::kind.eq(WAITING_KIND))
            .filter(attention_items::cured_us.is_null())
            .select(super::attention::AttentionRow::as_select())
            .load(conn)?
            .iter()
            .filter_map(Deadline::waiting),
    );
    add(conn, &deadlines, 1)
}

/// The sums of `dimension` for the units in `scope`, with buckets from `from` up to but not
/// including `to` (`None`: no end).
pub fn in_scope(
    conn: &mut DbConnection,
    scope: &Scope,
    dimension: &str,
    from: &str,
    to: Option<&str>,
) -> DbResult<Vec<SumRow>> {
    let query = publication_sums::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(publication_sums::dimension.eq(dimension))
        .filter(publication_sums::bucket.ge(from))
        .select(SumRow::as_select())
        .into_boxed();
    match to {
        Some(to) => Ok(query.filter(publication_sums::bucket.lt(to)).load(conn)?),
        None => Ok(query.load(conn)?),
    }
}

/// The publications and open waiting items of the cases `case_ids`.
fn of_cases(conn: &mut DbConnection, case_ids: &[&str]) -> DbResult<Vec<Deadline>> {
    let mut deadlines = Vec::new();
    for chunk in case_ids.chunks(ROWS_PER_INSERT) {
        let published: Vec<super::publications::PublicationRow> = publications::table
            .filter(publications::case_id.eq_any(chunk))
            .select(super::publications::PublicationRow::as_select())
            .load(conn)?;
        deadlines.extend(published.iter().map(Deadline::published));
        let waiting: Vec<super::attention::AttentionRow> = attention_items::table
            .filter(attention_items::case_id.eq_any(chunk))
            .filter(attention_items::kind.eq(WAITING_KIND))
            .filter(attention_items::cured_us.is_null())
            .select(super::attention::AttentionRow::as_select())
            .load(conn)?;
        deadlines.extend(waiting.iter().filter_map(Deadline::waiting));
    }
    Ok(deadlines)
}

/// The grouping columns of the cases `case_ids` that have facts.
fn case_keys(conn: &mut DbConnection, case_ids: &[&str]) -> DbResult<HashMap<String, CaseKeys>> {
    let mut keys = HashMap::new();
    for chunk in case_ids.chunks(ROWS_PER_INSERT) {
        let rows: Vec<(String, Option<String>, Option<String>, String)> = case_facts::table
            .filter(case_facts::case_id.eq_any(chunk))
            .select((
                case_facts::case_id,
                case_facts::domain,
                case_facts::procedure,
                case_facts::officer_id,
            ))
            .load(conn)?;
        for (id, domain, procedure, officer) in rows {
            keys.insert(id, (domain, procedure, Some(officer)));
        }
    }
    Ok(keys)
}

/// The calendars of units, read once per change.
#[derive(Default)]
struct Calendars(HashMap<String, WorkingCalendar>);

impl Calendars {
    fn of(&mut self, conn: &mut DbConnection, org_id: &str) -> DbResult<&WorkingCalendar> {
        if !self.0.contains_key(org_id) {
            let path: String = organisations::table
                .find(org_id)
                .select(organisations::path)
                .first(conn)?;
            // A unit without a calendar of its own or above keeps the default one, as the
            // rule context does.
            let calendar = match super::org_rules::effective_calendar(conn, &path)? {
                Some(text) => WorkingCalendar::from_json(&text).map_err(|error| {
                    super::DbError::Query(diesel::result::Error::DeserializationError(
                        format!("stored calendar: {error}").into(),
                    ))
                })?,
                None => RuleContext::default().calendar().clone(),
            };
            self.0.insert(org_id.to_owned(), calendar);
        }
        Ok(&self.0[org_id])
    }
}

type Change = BTreeMap<(String, &'static str, String, String), [i64; 3]>;

/// Adds what `deadline` of a case with grouping columns `case` counts in each key, times
/// `sign`, to `change`.
fn contribute(
    conn: &mut DbConnection,
    calendars: &mut Calendars,
    change: &mut Change,
    deadline: &Deadline,
    (domain, procedure, officer): &CaseKeys,
    sign: i64,
) -> DbResult<()> {
    let calendar = calendars.of(conn, &deadline.org_id)?;
    let month = month_of(calendar, deadline.due_before_us);
    let last_month = month_of(calendar, deadline.due_before_us - 1);
    let day = sums_day_label(deadline.due_before_us);
    let encode = |value: Option<&str>| value.map_or_else(String::new, |value| format!("={value}"));
    let keys = [
        String::new(),
        encode(domain.as_deref()),
        encode(procedure.as_deref()),
        encode(officer.as_deref()),
        encode(Some(&last_month)),
    ];
    let column = match deadline.outcome {
        Outcome::OnTime => 0,
        Outcome::Late => 1,
        Outcome::Waiting => 2,
    };
    for ((dimension, day_dimension), key) in DIMENSIONS.into_iter().zip(DAY_DIMENSIONS).zip(keys) {
        for (dimension, bucket) in [(dimension, &month), (day_dimension, &day)] {
            let id = (
                deadline.org_id.clone(),
                dimension,
                key.clone(),
                bucket.clone(),
            );
            change.entry(id).or_default()[column] += sign;
        }
    }
    Ok(())
}

/// Adds `change` to the stored rows, inserting the rows it starts (an upsert per chunk of keys
/// on PostgreSQL, see `upsert_rows!`: this runs inside the record submission's transaction).
fn write(conn: &mut DbConnection, change: Change) -> DbResult<()> {
    let rows: Vec<SumRow> = change
        .into_iter()
        .filter(|(_, counts)| *counts != [0; 3])
        .map(
            |((org_id, dimension, dim_key, bucket), [on_time, late, waiting])| SumRow {
                org_id,
                dimension: dimension.to_owned(),
                dim_key,
                bucket,
                on_time,
                late,
                waiting,
            },
        )
        .collect();
    /// `INSERT … ON CONFLICT (key) DO UPDATE` adding the new counts to the stored ones.
    macro_rules! upsert {
        ($values:expr) => {{
            use diesel::upsert::excluded;
            use publication_sums::{bucket, dim_key, dimension, late, on_time, org_id, waiting};
            diesel::insert_into(publication_sums::table)
                .values($values)
                .on_conflict((org_id, dimension, dim_key, bucket))
                .do_update()
                .set((
                    on_time.eq(on_time + excluded(on_time)),
                    late.eq(late + excluded(late)),
                    waiting.eq(waiting + excluded(waiting)),
                ))
        }};
    }
    Ok(super::upsert_rows!(conn, rows, upsert)?)
}
