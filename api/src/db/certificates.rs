//! Certificate rows (持证上岗) and their status history. A certificate belongs to its holder's
//! organisation for scoping.

use super::schema::{certificate_status_changes, certificates, organisations, users};
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult, Page};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = certificates)]
pub struct CertificateRow {
    pub id: String,
    pub number: String,
    pub holder_id: String,
    pub holder_name: String,
    pub issuer: String,
    /// JSON array of enforcement domains.
    pub domains: String,
    /// `YYYY-MM-DD`, inclusive.
    pub valid_from: String,
    pub valid_until: String,
    /// `valid`, `suspended` or `revoked`: the latest change.
    pub status: String,
    pub status_since: String,
    pub issued_by: String,
    pub issued_at_us: i64,
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = certificate_status_changes)]
pub struct StatusChangeRow {
    pub id: String,
    pub certificate_id: String,
    pub status: String,
    pub since: String,
    pub reason: String,
    pub changed_by: String,
    pub changed_at_us: i64,
}

/// Stores a new certificate with its first status change (its issue).
pub fn insert(
    conn: &mut DbConnection,
    certificate: &CertificateRow,
    issue: &StatusChangeRow,
) -> DbResult<()> {
    diesel::insert_into(certificates::table)
        .values(certificate)
        .execute(conn)?;
    diesel::insert_into(certificate_status_changes::table)
        .values(issue)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// Records a status change and makes it the certificate's current status.
pub fn change_status(conn: &mut DbConnection, change: &StatusChangeRow) -> DbResult<()> {
    diesel::insert_into(certificate_status_changes::table)
        .values(change)
        .execute(conn)?;
    diesel::update(certificates::table.find(&change.certificate_id))
        .set((
            certificates::status.eq(&change.status),
            certificates::status_since.eq(&change.since),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The certificate `id`, if its holder is in `scope` (for a narrow scope: held by the actor).
pub fn find_in(
    conn: &mut DbConnection,
    scope: &Scope,
    id: &str,
) -> DbResult<Option<CertificateRow>> {
    let mut query = certificates::table
        .inner_join(users::table.inner_join(organisations::table))
        .filter(certificates::id.eq(id))
        .filter(scope.covers())
        .select(CertificateRow::as_select())
        .into_boxed();
    if let Some(only) = scope.only_user() {
        query = query.filter(certificates::holder_id.eq(only.to_owned()));
    }
    query.get_result(conn).optional().map_err(DbError::from)
}

/// Certificates whose holders are in `scope`, optionally of one holder, in issue order.
pub fn list_in(
    conn: &mut DbConnection,
    scope: &Scope,
    holder_id: Option<&str>,
    page: &Page,
) -> DbResult<Vec<CertificateRow>> {
    let mut query = certificates::table
        .inner_join(users::table.inner_join(organisations::table))
        .filter(scope.covers())
        .filter(certificates::id.gt(page.after()))
        .select(CertificateRow::as_select())
        .order(certificates::id)
        .limit(page.limit())
        .into_boxed();
    if let Some(only) = scope.only_user() {
        query = query.filter(certificates::holder_id.eq(only.to_owned()));
    }
    if let Some(holder_id) = holder_id {
        query = query.filter(certificates::holder_id.eq(holder_id.to_owned()));
    }
    query.load(conn).map_err(DbError::from)
}

/// The certificate with `number`, for the public lookup (which needs no scope: it shows only
/// what the certificate itself shows).
pub fn find_by_number(conn: &mut DbConnection, number: &str) -> DbResult<Option<CertificateRow>> {
    certificates::table
        .filter(certificates::number.eq(number))
        .select(CertificateRow::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// The certificates of the active users of `role` in unit `org_id` (not the units below), by
/// number: for officers, the unit's public list of its enforcement officers (亮证). Published,
/// so not scoped.
pub fn of_unit_holders(
    conn: &mut DbConnection,
    org_id: &str,
    role: &str,
) -> DbResult<Vec<CertificateRow>> {
    use super::schema::users;
    certificates::table
        .filter(
            certificates::holder_id.eq_any(
                users::table
                    .filter(users::org_id.eq(org_id))
                    .filter(users::role.eq(role))
                    .filter(users::active.eq(true))
                    .select(users::id),
            ),
        )
        .select(CertificateRow::as_select())
        .order(certificates::number)
        .load(conn)
        .map_err(DbError::from)
}

/// Every certificate an officer holds, for the "may this officer act" question.
pub fn held_by(conn: &mut DbConnection, holder_id: &str) -> DbResult<Vec<CertificateRow>> {
    certificates::table
        .filter(certificates::holder_id.eq(holder_id))
        .select(CertificateRow::as_select())
        .order(certificates::id)
        .load(conn)
        .map_err(DbError::from)
}

/// The status history of certificates, oldest change first, grouped by certificate.
pub fn history(
    conn: &mut DbConnection,
    certificate_ids: &[&str],
) -> DbResult<Vec<StatusChangeRow>> {
    certificate_status_changes::table
        .filter(certificate_status_changes::certificate_id.eq_any(certificate_ids))
        .select(StatusChangeRow::as_select())
        .order((
            certificate_status_changes::certificate_id,
            certificate_status_changes::id,
        ))
        .load(conn)
        .map_err(DbError::from)
}
