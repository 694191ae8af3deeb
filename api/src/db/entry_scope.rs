//! Which leaves of the transparency log a [`Scope`] reaches. A leaf holds ids only, but the
//! ids say who acted where and in which case, so a leaf is read like what it records.
//!
//! An entry's unit is found by its type through the row that points at it, written in the
//! entry's own transaction and, like the leaf, never updated afterwards (records, forks,
//! custody events and draws are insert-only; a case, an item, an upload and a draw never
//! change unit):
//! - `record`, `fork`: the `records`/`forks` row at the index names the case; the entry is
//!   read like the case ([`super::cases::find_in`]).
//! - `custody`: the `custody_events` row names the evidence item, read like the item
//!   ([`super::evidence::find_in_scope`]), or, before there is one, the upload
//!   ([`super::uploads::find_in`]).
//! - `draw`: the `draws` row; a narrow scope reaches the draws that send its user.
//! - `review.open`, `review.score`, `review.close`: the campaign its leaf names (written by the
//!   server), read like the campaign ([`super::reviews::find_in`]).
//! - `admin`: no row points at it; its leaf names the unit it changed (`org`, written by the
//!   server for this), and a narrow scope reaches only the entries naming its user as actor
//!   or subject.
//!
//! Any other type is outside every scope: an entry type is unreadable until it is added here.

use super::schema::{draw_inspectors, draws, forks, organisations, records};
use super::scope::Scope;
use super::{DbConnection, DbResult, custody, evidence, uploads};
use custos_core::entry::admin::ADMIN;
use custos_core::entry::custody::CUSTODY;
use custos_core::entry::draw::DRAW;
use custos_core::entry::record::{FORK, RECORD};
use custos_core::entry::review::{REVIEW_CLOSE, REVIEW_OPEN, REVIEW_SCORE};
use diesel::prelude::*;

/// Whether `scope` reaches the entry at `index`, of `entry_type` with these leaf bytes (as
/// [`super::log::entry`] reads them).
pub fn reaches(
    conn: &mut DbConnection,
    scope: &Scope,
    index: u64,
    entry_type: &str,
    leaf: &[u8],
) -> DbResult<bool> {
    let index = index as i64;
    match entry_type {
        RECORD | FORK => {
            let case = if entry_type == RECORD {
                records::table
                    .filter(records::log_index.eq(index))
                    .select(records::case_id)
                    .get_result::<String>(conn)
                    .optional()?
            } else {
                forks::table
                    .filter(forks::log_index.eq(index))
                    .select(forks::case_id)
                    .get_result::<String>(conn)
                    .optional()?
            };
            match case {
                Some(case) => Ok(super::cases::find_in(conn, scope, &case)?.is_some()),
                None => Ok(false),
            }
        }
        CUSTODY => match custody::at(conn, index)? {
            Some(row) => match (row.evidence_id, row.upload_id) {
                (Some(item), _) => Ok(evidence::find_in_scope(conn, &item, scope)?.is_some()),
                (None, Some(upload)) => Ok(uploads::find_in(conn, scope, &upload)?.is_some()),
                (None, None) => Ok(false),
            },
            None => Ok(false),
        },
        DRAW => {
            let mut query = draws::table
                .inner_join(organisations::table)
                .filter(draws::log_index.eq(index))
                .filter(scope.covers())
                .select(draws::id)
                .into_boxed();
            if let Some(user) = scope.only_user() {
                let sent = draw_inspectors::table
                    .filter(draw_inspectors::user_id.eq(user.to_owned()))
                    .select(draw_inspectors::draw_id);
                query = query.filter(draws::id.eq_any(sent));
            }
            Ok(query.get_result::<String>(conn).optional()?.is_some())
        }
        REVIEW_OPEN | REVIEW_SCORE | REVIEW_CLOSE => {
            let Ok(named) = serde_json::from_slice::<ReviewNames>(leaf) else {
                return Ok(false);
            };
            Ok(super::reviews::find_in(conn, scope, &named.campaign)?.is_some())
        }
        ADMIN => {
            let Ok(named) = serde_json::from_slice::<AdminNames>(leaf) else {
                return Ok(false);
            };
            if let Some(user) = scope.only_user()
                && named.actor.as_deref() != Some(user)
                && named.subject != user
            {
                return Ok(false);
            }
            let unit = organisations::table
                .filter(organisations::id.eq(named.org))
                .filter(scope.covers())
                .select(organisations::id)
                .get_result::<String>(conn)
                .optional()?;
            Ok(unit.is_some())
        }
        _ => Ok(false),
    }
}

/// What an `admin` leaf names (see [`custos_core::entry::admin::AdminEntry`]).
#[derive(serde::Deserialize)]
struct AdminNames {
    actor: Option<String>,
    subject: String,
    org: String,
}

/// What a review campaign's leaf names (see `custos_core::entry::review`).
#[derive(serde::Deserialize)]
struct ReviewNames {
    campaign: String,
}
