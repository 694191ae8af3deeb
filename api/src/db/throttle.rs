//! Failed-login counts, one row per (client address, account) and one per client address
//! across accounts (`account = ''`). What a count means is `auth::throttle`'s business; here
//! they are only locked, read and written.

use super::schema::login_failures as failures;
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

/// The `account` of a client address's count across all accounts.
const ANY_ACCOUNT: &str = "";

/// A stored count: how many failures, and the instant it refers to (for an account at an
/// address, the last failure; for an address, the last drain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub failures: i32,
    pub at_us: i64,
}

/// Which count: an account at an address, or an address across all accounts.
#[derive(Clone, Copy, Debug)]
pub enum Key<'a> {
    Pair { account: &'a str, address: &'a str },
    Address(&'a str),
}

impl<'a> Key<'a> {
    fn columns(self) -> (&'a str, &'a str) {
        match self {
            Key::Pair { account, address } => (address, account),
            Key::Address(address) => (address, ANY_ACCOUNT),
        }
    }
}

/// The count under `key`, locked until the transaction ends: call inside a
/// [`super::write_transaction`]. On SQLite that transaction already holds the database's
/// write lock; on PostgreSQL the row is created if missing and then locked, so concurrent
/// attempts on the same key read and write it one after another. A missing row is `None`.
pub fn lock(conn: &mut DbConnection, key: Key) -> DbResult<Option<Count>> {
    let (address, account) = key.columns();
    let row = failures::table
        .find((address, account))
        .select((failures::failures, failures::at_us));
    let found = match conn {
        DbConnection::Sqlite(conn) => row.get_result::<(i32, i64)>(conn).optional()?,
        DbConnection::Postgres(conn) => {
            diesel::insert_into(failures::table)
                .values((
                    failures::address.eq(address),
                    failures::account.eq(account),
                    failures::failures.eq(0),
                    failures::at_us.eq(0_i64),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?;
            row.for_update().get_result::<(i32, i64)>(conn).optional()?
        }
    };
    Ok(found.map(|(failures, at_us)| Count { failures, at_us }))
}

/// Stores `count` under `key`, which the transaction has [`lock`]ed.
pub fn store(conn: &mut DbConnection, key: Key, count: Count) -> DbResult<()> {
    let (address, account) = key.columns();
    let updated = diesel::update(failures::table.find((address, account)))
        .set((
            failures::failures.eq(count.failures),
            failures::at_us.eq(count.at_us),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(failures::table)
            .values((
                failures::address.eq(address),
                failures::account.eq(account),
                failures::failures.eq(count.failures),
                failures::at_us.eq(count.at_us),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets the count under `key`.
pub fn clear(conn: &mut DbConnection, key: Key) -> DbResult<()> {
    let (address, account) = key.columns();
    diesel::delete(failures::table.find((address, account)))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// Forgets the counts charged before `before_us`, which can no longer slow anyone down (the
/// throttle's memory, `auth::throttle::FAILURE_MEMORY_US`, is longer than any wait or drain).
/// Any submitted name gets a row, existing or not, so without this the table would keep every
/// name anyone ever tried. Returns how many rows went.
pub fn forget_before(conn: &mut DbConnection, before_us: i64) -> DbResult<usize> {
    diesel::delete(failures::table.filter(failures::at_us.lt(before_us)))
        .execute(conn)
        .map_err(DbError::from)
}
