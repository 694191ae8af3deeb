//! Publicity rows (执法公示): a publication per decided case, pointing at its `publication` log
//! entry (the masked notice), its withdrawal pointing at the `withdrawal` entry, and the
//! per-unit index of both in log order. Only inserted.

use super::schema::{
    cases, organisations, publication_withdrawals, publications, publicity_changes,
};
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = publications)]
pub struct PublicationRow {
    pub id: String,
    pub org_id: String,
    pub case_id: String,
    pub decided_at_us: i64,
    /// The first microsecond after the last day to publish.
    pub due_before_us: i64,
    pub approver_id: String,
    pub log_index: i64,
    pub published_at_us: i64,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = publication_withdrawals)]
pub struct WithdrawalRow {
    pub publication_id: String,
    pub org_id: String,
    pub actor_id: String,
    /// When the decision was changed, revoked or declared void.
    pub changed_at_us: i64,
    /// The first microsecond after the last day to withdraw.
    pub due_before_us: i64,
    pub log_index: i64,
    pub withdrawn_at_us: i64,
}

/// Stores a publication and indexes it for its unit's list.
pub fn insert(conn: &mut DbConnection, row: &PublicationRow) -> DbResult<()> {
    diesel::insert_into(publications::table)
        .values(row)
        .execute(conn)?;
    super::publication_sums::add(
        conn,
        &[super::publication_sums::Deadline::published(row)],
        1,
    )?;
    insert_change(conn, row.log_index, &row.org_id, &row.id)
}

/// Stores a withdrawal and indexes it for its unit's list.
pub fn insert_withdrawal(conn: &mut DbConnection, row: &WithdrawalRow) -> DbResult<()> {
    diesel::insert_into(publication_withdrawals::table)
        .values(row)
        .execute(conn)?;
    insert_change(conn, row.log_index, &row.org_id, &row.publication_id)
}

fn insert_change(
    conn: &mut DbConnection,
    log_index: i64,
    org_id: &str,
    publication_id: &str,
) -> DbResult<()> {
    diesel::insert_into(publicity_changes::table)
        .values((
            publicity_changes::log_index.eq(log_index),
            publicity_changes::org_id.eq(org_id),
            publicity_changes::publication_id.eq(publication_id),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The publication `id`, whatever its unit: publications are public.
pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<PublicationRow>> {
    publications::table
        .find(id)
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// The publication `id` if its unit is in `scope`.
pub fn find_in(
    conn: &mut DbConnection,
    scope: &Scope,
    id: &str,
) -> DbResult<Option<PublicationRow>> {
    publications::table
        .inner_join(organisations::table)
        .filter(publications::id.eq(id.to_owned()))
        .filter(scope.covers())
        .select(PublicationRow::as_select())
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// The publications of case `case_id`, one per decision published, in log order.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<PublicationRow>> {
    publications::table
        .filter(publications::case_id.eq(case_id))
        .select(PublicationRow::as_select())
        .order(publications::log_index)
        .load(conn)
        .map_err(DbError::from)
}

/// The publications of the cases `case_ids`, by case, each case's in log order: one query
/// for a submission's decided cases.
pub fn of_cases(
    conn: &mut DbConnection,
    case_ids: &[&str],
) -> DbResult<std::collections::BTreeMap<String, Vec<PublicationRow>>> {
    let mut by_case: std::collections::BTreeMap<String, Vec<PublicationRow>> = Default::default();
    if case_ids.is_empty() {
        return Ok(by_case);
    }
    let rows: Vec<PublicationRow> = publications::table
        .filter(publications::case_id.eq_any(case_ids))
        .select(PublicationRow::as_select())
        .order(publications::log_index)
        .load(conn)?;
    for row in rows {
        by_case.entry(row.case_id.clone()).or_default().push(row);
    }
    Ok(by_case)
}

/// The withdrawals of the publications `ids`.
pub fn withdrawals_of(conn: &mut DbConnection, ids: &[&str]) -> DbResult<Vec<WithdrawalRow>> {
    publication_withdrawals::table
        .filter(publication_withdrawals::publication_id.eq_any(ids))
        .load(conn)
        .map_err(DbError::from)
}

/// The publications `ids`.
pub fn find_all(conn: &mut DbConnection, ids: &[&str]) -> DbResult<Vec<PublicationRow>> {
    publications::table
        .filter(publications::id.eq_any(ids))
        .load(conn)
        .map_err(DbError::from)
}

/// The log index of the latest change (publication or withdrawal) of a unit's list, from one
/// index: what a unit's ETag is made of.
pub fn latest_change(conn: &mut DbConnection, org_id: &str) -> DbResult<Option<i64>> {
    publicity_changes::table
        .filter(publicity_changes::org_id.eq(org_id))
        .select(diesel::dsl::max(publicity_changes::log_index))
        .first(conn)
        .map_err(DbError::from)
}

/// A unit's changes after log index `since`, oldest first: `(log index, publication id)`.
pub fn changes_since(
    conn: &mut DbConnection,
    org_id: &str,
    since: i64,
    limit: i64,
) -> DbResult<Vec<(i64, String)>> {
    publicity_changes::table
        .filter(publicity_changes::org_id.eq(org_id))
        .filter(publicity_changes::log_index.gt(since))
        .order(publicity_changes::log_index)
        .select((
            publicity_changes::log_index,
            publicity_changes::publication_id,
        ))
        .limit(limit)
        .load(conn)
        .map_err(DbError::from)
}

/// A unit's latest changes after log index `since`, newest first: `(log index, publication
/// id)`, what its feed shows.
pub fn latest_changes(
    conn: &mut DbConnection,
    org_id: &str,
    since: i64,
    limit: i64,
) -> DbResult<Vec<(i64, String)>> {
    publicity_changes::table
        .filter(publicity_changes::org_id.eq(org_id))
        .filter(publicity_changes::log_index.gt(since))
        .order(publicity_changes::log_index.desc())
        .select((
            publicity_changes::log_index,
            publicity_changes::publication_id,
        ))
        .limit(limit)
        .load(conn)
        .map_err(DbError::from)
}

/// Cases in `scope` without a publication in force (none, or each withdrawn: a changed
/// decision is published again) that may have a result to publish, in id order after
/// `after`: decided cases of the ordinary procedure, terminated cases (不予处罚) and concluded
/// inspections; which of the latter two their units publish is for `crate::publicity` to say.
pub fn unpublished_in(
    conn: &mut DbConnection,
    scope: &Scope,
    org_path: Option<&str>,
    after: &str,
    limit: i64,
) -> DbResult<Vec<super::cases::CaseRow>> {
    let decided = ["decided", "served", "executing", "closed", "archived"];
    let mut query = cases::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(
            cases::procedure
                .eq("ordinary")
                .and(cases::stage.eq_any(decided))
                .or(cases::stage.eq("terminated"))
                .or(cases::procedure
                    .eq("inspection")
                    .and(cases::stage.eq_any(["inspection_concluded", "archived"]))),
        )
        .filter(cases::id.gt(after.to_owned()))
        .filter(diesel::dsl::not(
            cases::id.eq_any(
                publications::table
                    .filter(diesel::dsl::not(
                        publications::id.eq_any(
                            publication_withdrawals::table
                                .select(publication_withdrawals::publication_id),
                        ),
                    ))
                    .select(publications::case_id),
            ),
        ))
        .select(super::cases::CaseRow::as_select())
        .order(cases::id)
        .limit(limit)
        .into_boxed();
    if let Some(path) = org_path {
        query = query.filter(organisations::path.like(format!("{path}%")));
    }
    query.load(conn).map_err(DbError::from)
}

/// Publications in `scope` not withdrawn whose case has a record of kind `decision.changed`:
/// the withdrawals due, in publication id order after `after`.
pub fn withdrawal_due_in(
    conn: &mut DbConnection,
    scope: &Scope,
    after: &str,
    limit: i64,
) -> DbResult<Vec<PublicationRow>> {
    use super::schema::records;
    publications::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(publications::id.gt(after.to_owned()))
        .filter(diesel::dsl::not(publications::id.eq_any(
            publication_withdrawals::table.select(publication_withdrawals::publication_id),
        )))
        .filter(
            publications::case_id.eq_any(
                records::table
                    .filter(records::kind.eq("decision.changed"))
                    .select(records::case_id),
            ),
        )
        .select(PublicationRow::as_select())
        .order(publications::id)
        .limit(limit)
        .load(conn)
        .map_err(DbError::from)
}

/// What a publication count is grouped by: a column of the result's case (its unit, domain,
/// procedure or officer), or its last day, for months on the unit's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKey {
    Unit,
    Domain,
    Procedure,
    Officer,
    LastDay,
}

impl DueKey {
    /// The key's SQL, as text, over `table`'s row joined to its case's facts: a fixed
    /// expression, never input.
    fn sql(self, table: &str) -> &'static str {
        match (self, table) {
            (DueKey::Unit, "publications") => "publications.org_id",
            (DueKey::Unit, _) => "attention_items.org_id",
            (DueKey::LastDay, "publications") => "CAST(publications.due_before_us AS TEXT)",
            (DueKey::LastDay, _) => "CAST(attention_items.due_us AS TEXT)",
            (DueKey::Domain, _) => "case_facts.domain",
            (DueKey::Procedure, _) => "case_facts.procedure",
            (DueKey::Officer, _) => "case_facts.officer_id",
        }
    }
}

/// How many results due in a period share a key and an outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCount {
    /// The group key; for [`DueKey::LastDay`] the first microsecond after the last day.
    pub key: Option<String>,
    /// Published by the last day (`Some(true)`), after it (`Some(false)`), or not yet.
    pub on_time: Option<bool>,
    pub count: i64,
}

/// The publication deadlines in `scope` whose last day ends in `[from_us, to_us)`, counted
/// in the database per key and outcome: every publication, and every result still waiting,
/// which is an open attention item of kind `waiting_kind` (publicity opens one for each
/// unpublished result with the record that decided it, and cures it by the publication).
/// A few rows per group, however many results were due.
pub fn due_counts(
    conn: &mut DbConnection,
    scope: &Scope,
    from_us: i64,
    to_us: i64,
    waiting_kind: &str,
    key: DueKey,
) -> DbResult<Vec<DueCount>> {
    use super::schema::{attention_items, case_facts};
    use diesel::dsl::{count_star, sql};
    use diesel::sql_types::{Integer, Nullable, Text};
    const ON_TIME: &str =
        "CASE WHEN publications.published_at_us < publications.due_before_us THEN 1 ELSE 0 END";
    // Every count reads the units in scope as a set, so each unit's rows are one range of the
    // covering indexes (`publications_due`, `attention_open_due`). The unit and the last day
    // are columns of the rows themselves: those counts need no case facts; the others look
    // each row's case up.
    let lean = matches!(key, DueKey::Unit | DueKey::LastDay);
    let units = organisations::table
        .filter(scope.covers())
        .select(organisations::id);
    let (published_key, waiting_key) = (key.sql("publications"), key.sql("attention_items"));
    // Each count over its rows alone, or joined to their cases' facts: one set of filters.
    macro_rules! published_in {
        ($rows:expr) => {
            $rows
                .filter(publications::org_id.eq_any(units.clone()))
                .filter(publications::due_before_us.ge(from_us))
                .filter(publications::due_before_us.lt(to_us))
                .group_by((
                    sql::<Nullable<Text>>(published_key),
                    sql::<Integer>(ON_TIME),
                ))
                .select((
                    sql::<Nullable<Text>>(published_key),
                    sql::<Integer>(ON_TIME),
                    count_star(),
                ))
                .load(conn)?
        };
    }
    macro_rules! waiting_in {
        ($rows:expr) => {
            $rows
                .filter(attention_items::kind.eq(waiting_kind))
                .filter(attention_items::org_id.eq_any(units.clone()))
                .filter(attention_items::cured_us.is_null())
                .filter(attention_items::case_id.is_not_null())
                .filter(attention_items::due_us.ge(from_us))
                .filter(attention_items::due_us.lt(to_us))
                .group_by(sql::<Nullable<Text>>(waiting_key))
                .select((sql::<Nullable<Text>>(waiting_key), count_star()))
                .load(conn)?
        };
    }
    type Published = Vec<(Option<String>, i32, i64)>;
    type Waiting = Vec<(Option<String>, i64)>;
    let (published, waiting): (Published, Waiting) = if lean {
        (
            published_in!(publications::table),
            waiting_in!(attention_items::table),
        )
    } else {
        (
            published_in!(
                publications::table
                    .left_join(case_facts::table.on(case_facts::case_id.eq(publications::case_id)))
            ),
            waiting_in!(attention_items::table.left_join(
                case_facts::table.on(case_facts::case_id.nullable().eq(attention_items::case_id))
            )),
        )
    };
    Ok(published
        .into_iter()
        .map(|(key, on_time, count)| DueCount {
            key,
            on_time: Some(on_time == 1),
            count,
        })
        .chain(waiting.into_iter().map(|(key, count)| DueCount {
            key,
            on_time: None,
            count,
        }))
        .collect())
}
