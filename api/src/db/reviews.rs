//! 案卷评查 review campaign rows: each points at the log entry that is the fact (`review.open`,
//! `review.score`, `review.close`); the closed cases a campaign draws from come from
//! `case_facts`. Only inserted.

use super::schema::{
    case_facts, organisations, review_campaigns, review_cases, review_closures, review_scores,
};
use super::scope::{Scope, scoped_reads};
use super::{DbConnection, DbError, DbResult, Page};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = review_campaigns)]
pub struct CampaignRow {
    pub id: String,
    pub org_id: String,
    /// The supervisor or admin who opened it.
    pub actor_id: String,
    pub title: String,
    pub from_us: i64,
    pub to_us: i64,
    /// The unit that set the template version; `None` for the built-in default.
    pub template_org_id: Option<String>,
    pub template_id: String,
    pub template_version: i64,
    /// Index of the `review.open` entry.
    pub log_index: i64,
    pub created_at_us: i64,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = review_scores)]
pub struct ScoreRow {
    /// Index of the `review.score` entry.
    pub log_index: i64,
    pub campaign_id: String,
    pub case_id: String,
    pub item: String,
    pub score: i64,
    pub remark: String,
    pub reviewer_id: String,
    pub scored_at_us: i64,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = review_closures)]
pub struct ClosureRow {
    pub campaign_id: String,
    pub actor_id: String,
    /// Index of the `review.close` entry.
    pub log_index: i64,
    pub closed_at_us: i64,
}

// No role reads campaigns narrowly; the opener is the column one would name.
scoped_reads!(review_campaigns, CampaignRow, actor_id);

/// Stores a campaign and its cases, in order.
pub fn insert(conn: &mut DbConnection, campaign: &CampaignRow, cases: &[String]) -> DbResult<()> {
    diesel::insert_into(review_campaigns::table)
        .values(campaign)
        .execute(conn)?;
    let rows: Vec<_> = cases
        .iter()
        .enumerate()
        .map(|(position, case)| {
            (
                review_cases::campaign_id.eq(&campaign.id),
                review_cases::case_id.eq(case),
                review_cases::position.eq(position as i64),
            )
        })
        .collect();
    Ok(super::insert_rows!(conn, review_cases::table, rows)?)
}

/// The cases of campaign `id`, in its order.
pub fn cases(conn: &mut DbConnection, id: &str) -> DbResult<Vec<String>> {
    review_cases::table
        .filter(review_cases::campaign_id.eq(id))
        .order(review_cases::position)
        .select(review_cases::case_id)
        .load(conn)
        .map_err(DbError::from)
}

pub fn insert_score(conn: &mut DbConnection, score: &ScoreRow) -> DbResult<()> {
    diesel::insert_into(review_scores::table)
        .values(score)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The scores of campaign `id`, in log order.
pub fn scores(conn: &mut DbConnection, id: &str) -> DbResult<Vec<ScoreRow>> {
    review_scores::table
        .filter(review_scores::campaign_id.eq(id))
        .order(review_scores::log_index)
        .load(conn)
        .map_err(DbError::from)
}

pub fn insert_closure(conn: &mut DbConnection, closure: &ClosureRow) -> DbResult<()> {
    diesel::insert_into(review_closures::table)
        .values(closure)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

pub fn closure(conn: &mut DbConnection, id: &str) -> DbResult<Option<ClosureRow>> {
    review_closures::table
        .find(id)
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// The ids of the cases of units in `scope` closed (or terminated) in `[from_us, to_us)`,
/// with their units, in id order.
pub fn closed_cases(
    conn: &mut DbConnection,
    scope: &Scope,
    from_us: i64,
    to_us: i64,
) -> DbResult<Vec<(String, String)>> {
    case_facts::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(case_facts::closed_at_us.ge(from_us))
        .filter(case_facts::closed_at_us.lt(to_us))
        .select((case_facts::case_id, case_facts::org_id))
        .order(case_facts::case_id)
        .load(conn)
        .map_err(DbError::from)
}
