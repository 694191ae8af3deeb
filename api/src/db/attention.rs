//! Attention items (督办): opened and cured in the transaction that causes them, read through
//! a scope. Rows are never deleted, and only `cured_us` ever changes, once (triggers refuse the
//! rest).

use super::publication_sums::{self, Deadline};
use super::schema::{attention_items, case_assignments, organisations};
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult, ROWS_PER_INSERT};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = attention_items)]
pub struct AttentionRow {
    pub id: String,
    pub kind: String,
    pub item_key: String,
    pub org_id: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub case_id: Option<String>,
    pub officer_id: Option<String>,
    pub severity: String,
    pub rule: Option<String>,
    pub detail: String,
    pub since_us: i64,
    pub due_us: Option<i64>,
    pub cured_us: Option<i64>,
    /// The user who acknowledged the item, for an item cured by acknowledgement.
    pub acknowledged_by: Option<String>,
}

/// Opens items, many rows per statement.
pub fn insert_all(conn: &mut DbConnection, rows: &[AttentionRow]) -> DbResult<()> {
    super::insert_rows!(conn, attention_items::table, rows)?;
    let waiting: Vec<Deadline> = rows.iter().filter_map(Deadline::waiting).collect();
    publication_sums::add(conn, &waiting, 1)
}

/// Takes the open items matching `$filter` that are results waiting to be published out of
/// the publication sums, before they are cured: every way of curing an item goes through it.
macro_rules! uncount_waiting {
    ($conn:expr, $filter:expr) => {{
        let conn: &mut DbConnection = $conn;
        let rows: Vec<AttentionRow> = attention_items::table
            .filter($filter)
            .filter(attention_items::kind.eq(publication_sums::WAITING_KIND))
            .filter(attention_items::cured_us.is_null())
            .select(AttentionRow::as_select())
            .load(conn)?;
        let waiting: Vec<Deadline> = rows.iter().filter_map(Deadline::waiting).collect();
        publication_sums::add(conn, &waiting, -1)?;
    }};
}

/// The open items of the cases `case_ids`, in a few queries.
pub fn open_of_cases(conn: &mut DbConnection, case_ids: &[&str]) -> DbResult<Vec<AttentionRow>> {
    let mut rows = Vec::new();
    for chunk in case_ids.chunks(ROWS_PER_INSERT) {
        rows.extend(
            attention_items::table
                .filter(attention_items::case_id.eq_any(chunk))
                .filter(attention_items::cured_us.is_null())
                .select(AttentionRow::as_select())
                .load(conn)?,
        );
    }
    Ok(rows)
}

/// The open items about the subject `subject_kind` `subject_id`.
pub fn open_of_subject(
    conn: &mut DbConnection,
    subject_kind: &str,
    subject_id: &str,
) -> DbResult<Vec<AttentionRow>> {
    attention_items::table
        .filter(attention_items::subject_id.eq(subject_id))
        .filter(attention_items::subject_kind.eq(subject_kind))
        .filter(attention_items::cured_us.is_null())
        .select(AttentionRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// Of the cases `case_ids`, those with an item of `kind`, open or cured.
pub fn cases_with_kind(
    conn: &mut DbConnection,
    case_ids: &[&str],
    kind: &str,
) -> DbResult<Vec<String>> {
    let mut found = Vec::new();
    for chunk in case_ids.chunks(ROWS_PER_INSERT) {
        found.extend(
            attention_items::table
                .filter(attention_items::case_id.eq_any(chunk))
                .filter(attention_items::kind.eq(kind))
                .select(attention_items::case_id.assume_not_null())
                .load::<String>(conn)?,
        );
    }
    Ok(found)
}

/// Cures the open items `ids` at `at_us`.
pub fn cure(conn: &mut DbConnection, ids: &[&str], at_us: i64) -> DbResult<()> {
    for chunk in ids.chunks(ROWS_PER_INSERT) {
        uncount_waiting!(conn, attention_items::id.eq_any(chunk));
        diesel::update(
            attention_items::table
                .filter(attention_items::id.eq_any(chunk))
                .filter(attention_items::cured_us.is_null()),
        )
        .set(attention_items::cured_us.eq(at_us))
        .execute(conn)?;
    }
    Ok(())
}

/// Cures the item `id` at `at_us` if it is open, as acknowledged by the user `by`: whether
/// it was.
pub fn acknowledge(conn: &mut DbConnection, id: &str, by: &str, at_us: i64) -> DbResult<bool> {
    uncount_waiting!(conn, attention_items::id.eq(id));
    diesel::update(
        attention_items::table
            .filter(attention_items::id.eq(id))
            .filter(attention_items::cured_us.is_null()),
    )
    .set((
        attention_items::cured_us.eq(at_us),
        attention_items::acknowledged_by.eq(by),
    ))
    .execute(conn)
    .map(|changed| changed == 1)
    .map_err(DbError::from)
}

/// Cures the open items about the subject `subject_kind` `subject_id` at `at_us`.
pub fn cure_subject(
    conn: &mut DbConnection,
    subject_kind: &str,
    subject_id: &str,
    at_us: i64,
) -> DbResult<()> {
    uncount_waiting!(
        conn,
        attention_items::subject_id
            .eq(subject_id)
            .and(attention_items::subject_kind.eq(subject_kind))
    );
    diesel::update(
        attention_items::table
            .filter(attention_items::subject_id.eq(subject_id))
            .filter(attention_items::subject_kind.eq(subject_kind))
            .filter(attention_items::cured_us.is_null()),
    )
    .set(attention_items::cured_us.eq(at_us))
    .execute(conn)
    .map(drop)
    .map_err(DbError::from)
}

/// Cures the open items of `kind` about the subject `subject_kind` `subject_id` at `at_us`,
/// leaving its items of other kinds alone.
pub fn cure_kind_of_subject(
    conn: &mut DbConnection,
    kind: &str,
    subject_kind: &str,
    subject_id: &str,
    at_us: i64,
) -> DbResult<()> {
    if kind == publication_sums::WAITING_KIND {
        uncount_waiting!(
            conn,
            attention_items::subject_id
                .eq(subject_id)
                .and(attention_items::subject_kind.eq(subject_kind))
        );
    }
    diesel::update(
        attention_items::table
            .filter(attention_items::subject_id.eq(subject_id))
            .filter(attention_items::subject_kind.eq(subject_kind))
            .filter(attention_items::kind.eq(kind))
            .filter(attention_items::cured_us.is_null()),
    )
    .set(attention_items::cured_us.eq(at_us))
    .execute(conn)
    .map(drop)
    .map_err(DbError::from)
}

/// Open items or cured ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    Open,
    Cured,
}

/// What a listing of items may be narrowed to, as of `now_us`.
#[derive(Debug, Clone)]
pub struct AttentionFilter {
    pub now_us: i64,
    pub state: ItemState,
    pub kind: Option<String>,
    /// `warning` or `alarm`; an item whose `due_us` has passed is an alarm.
    pub severity: Option<String>,
    /// Only items showing since at or before this instant (the age filter).
    pub since_at_most_us: Option<i64>,
    pub oldest_first: bool,
    /// Items after this one in the listing's order: its `since_us` and id.
    pub after: Option<(i64, String)>,
    pub limit: i64,
}

/// Items in `scope` that pass `filter`: for a narrow scope, those of the cases the actor is
/// assigned to and those about the actor itself. An open item shows from its `since_us`; a
/// cured one only if it showed before it was cured.
pub fn list_in(
    conn: &mut DbConnection,
    scope: &Scope,
    filter: &AttentionFilter,
) -> DbResult<Vec<AttentionRow>> {
    use attention_items as a;
    let mut query = in_reach(scope).limit(filter.limit);
    query = match filter.state {
        ItemState::Open => query
            .filter(a::cured_us.is_null())
            .filter(a::since_us.le(filter.now_us)),
        ItemState::Cured => query
            .filter(a::cured_us.is_not_null())
            .filter(a::cured_us.ge(a::since_us.nullable())),
    };
    if let Some(kind) = &filter.kind {
        query = query.filter(a::kind.eq(kind.clone()));
    }
    // An open item past its due time is an alarm whatever it was stored as; a cured one is
    // judged at the moment it was cured.
    let turned_us = filter.now_us;
    query = match filter.severity.as_deref() {
        Some("alarm") => query.filter(
            a::severity.eq("alarm").or(a::due_us
                .le(a::cured_us)
                .or(a::cured_us.is_null().and(a::due_us.le(turned_us)))),
        ),
        Some(_) => query.filter(
            a::severity.eq("warning").and(
                a::due_us.is_null().or(a::due_us
                    .gt(a::cured_us)
                    .or(a::cured_us.is_null().and(a::due_us.gt(turned_us)))),
            ),
        ),
        None => query,
    };
    if let Some(at_most) = filter.since_at_most_us {
        query = query.filter(a::since_us.le(at_most));
    }
    if let Some((since, id)) = &filter.after {
        query = if filter.oldest_first {
            query.filter(
                a::since_us
                    .gt(*since)
                    .or(a::since_us.eq(*since).and(a::id.gt(id.clone()))),
            )
        } else {
            query.filter(
                a::since_us
                    .lt(*since)
                    .or(a::since_us.eq(*since).and(a::id.lt(id.clone()))),
            )
        };
    }
    query = if filter.oldest_first {
        query.order((a::since_us.asc(), a::id.asc()))
    } else {
        query.order((a::since_us.desc(), a::id.desc()))
    };
    query.load(conn).map_err(DbError::from)
}

/// The item `id` if it is in `scope` (by the reach [`list_in`] applies): the cursor of a
/// listing.
pub fn find_in(conn: &mut DbConnection, scope: &Scope, id: &str) -> DbResult<Option<AttentionRow>> {
    in_reach(scope)
        .filter(attention_items::id.eq(id.to_owned()))
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

type Backend = <DbConnection as diesel::Connection>::Backend;
type ItemsInReach = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::Select<
        diesel::dsl::InnerJoin<attention_items::table, organisations::table>,
        diesel::dsl::AsSelect<AttentionRow, Backend>,
    >,
    Backend,
>;

/// The items `scope` reaches, the one statement of it [`list_in`] and [`find_in`] share: for
/// a narrow scope (an officer), the items of the cases it is assigned to and those naming it,
/// wherever their unit lies; otherwise the items of the scope's units.
fn in_reach(scope: &Scope) -> ItemsInReach {
    use attention_items as a;
    let query = a::table
        .inner_join(organisations::table)
        .select(AttentionRow::as_select())
        .into_boxed();
    match scope.only_user() {
        Some(actor) => query.filter(
            a::case_id
                .eq_any(
                    case_assignments::table
                        .filter(case_assignments::officer_id.eq(actor.to_owned()))
                        .select(case_assignments::case_id.nullable()),
                )
                .or(a::officer_id.eq(actor.to_owned())),
        ),
        None => query.filter(scope.covers()),
    }
}
