//! Login throttling as OWASP's Authentication and Credential Stuffing cheat sheets advise:
//! failures slow down the client that makes them, keyed by account and client address
//! together, with a limit per address across accounts; nobody can lock an account for
//! everyone.
//!
//! Two counts guard every attempt:
//! - **The account at this address** (guessing one password): four failures are free; then
//!   each attempt waits 30 s after the last, doubling with each further failure up to one
//!   hour. A success clears the count, and so do 24 hours without a failure. The owner of
//!   the account at any other address is not slowed down at all.
//! - **The address across all accounts** (password spraying, credential stuffing): a bucket
//!   of [`ADDRESS_BURST`] failures that drains one every [`ADDRESS_DRAIN_US`]; while it is
//!   full, attempts wait for the next drain. It is a rate, not a growing delay, so an office
//!   behind one NAT address is not shut out by its users' typing mistakes.
//!
//! An attempt is charged to both counts before its password is checked, in the transaction
//! that checks they allow it (under the counts' row locks), so attempts made at the same
//! time cannot all pass the check before any is counted: however many arrive at once, at
//! most the allowance is evaluated. A success gives its charge back.
//!
//! The client address is the connection's peer, or what a trusted reverse proxy says it is
//! (`client`); behind a proxy the operator has not listed, every client shares the proxy's
//! address and so its bucket.

use crate::db::DbResult;
use crate::db::throttle::{self as rows, Key};
use crate::db::{DbConnection, DbPool, run, write_transaction};
use crate::error::{ApiError, ApiResult, ProblemType};
use std::net::IpAddr;

/// Failures of an account at one address allowed before the first wait.
pub const FREE_FAILURES: i32 = 4;
const FIRST_WAIT_US: i64 = 30 * 1_000_000;
const LONGEST_WAIT_US: i64 = 60 * 60 * 1_000_000;
/// A count with no failure for this long starts again from zero.
pub const FAILURE_MEMORY_US: i64 = 24 * 60 * 60 * 1_000_000;
/// Failures one address may make across accounts before it has to wait.
pub const ADDRESS_BURST: i32 = 30;
/// How often one failure drains from an address's bucket.
pub const ADDRESS_DRAIN_US: i64 = 60 * 1_000_000;

pub use crate::db::throttle::Count;

/// Forgets the counts that can no longer slow anyone down: nothing charged within
/// [`FAILURE_MEMORY_US`]. Returns how many went.
pub fn forget_stale(conn: &mut crate::db::DbConnection, now_us: i64) -> DbResult<usize> {
    rows::forget_before(conn, now_us - FAILURE_MEMORY_US)
}

/// Wait before the next attempt after the `failures`-th consecutive failure of an account at
/// one address.
pub fn wait_us(failures: i32) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES - 1).min(16) as u32;
    (FIRST_WAIT_US << doublings).min(LONGEST_WAIT_US)
}

/// The count of an account at an address as it stands at `now_us`.
fn pair_now(count: Count, now_us: i64) -> Count {
    if count.at_us < now_us - FAILURE_MEMORY_US {
        Count::default()
    } else {
        count
    }
}

/// An address's bucket at `now_us`, after whole drains since it was last drained; the
/// remainder of a drain period is kept, so a steady trickle still drains.
fn address_now(count: Count, now_us: i64) -> Count {
    let drains = (now_us - count.at_us).max(0) / ADDRESS_DRAIN_US;
    if drains >= i64::from(count.failures) {
        return Count {
            failures: 0,
            at_us: now_us,
        };
    }
    Count {
        failures: count.failures - drains as i32,
        at_us: count.at_us + drains * ADDRESS_DRAIN_US,
    }
}

/// How long the attempt must wait, if it must: the longer of the two counts' waits.
fn wait_for(pair: Count, address: Count, now_us: i64) -> Option<i64> {
    let pair_wait = pair.at_us + wait_us(pair.failures) - now_us;
    let address_wait = if address.failures >= ADDRESS_BURST {
        address.at_us + ADDRESS_DRAIN_US - now_us
    } else {
        0
    };
    Some(pair_wait.max(address_wait)).filter(|&wait| wait > 0)
}

/// The key of a client address (`client::address`): the address itself, an IPv4-mapped IPv6
/// address as IPv4, and any other IPv6 address as its /64, the block one subscriber usually
/// holds whole.
pub fn client_key(address: Option<IpAddr>) -> String {
    match address.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(ip)) => ip.to_string(),
        Some(IpAddr::V6(ip)) => {
            let prefix = u128::from(ip) & !((1_u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
        // Not a TCP peer (a test harness): one shared key.
        None => "unknown".to_owned(),
    }
}

/// A login attempt the throttle let through and charged as a failure. If the password is
/// right, call [`Attempt::succeeded`] in the transaction that starts the session.
#[derive(Debug)]
pub struct Attempt {
    account: String,
    address: String,
}

/// Lets an attempt on `account` from `address` through, charged as a failure, or answers 429
/// with how long to wait. The check and the charge are one transaction.
pub async fn attempt(
    pool: &DbPool,
    account: &str,
    address: &str,
    now_us: i64,
) -> ApiResult<Attempt> {
    let attempt = Attempt {
        account: account.to_owned(),
        address: address.to_owned(),
    };
    let (account, address) = (attempt.account.clone(), attempt.address.clone());
    let waited = run(pool, move |conn| {
        write_transaction(conn, |conn| admit(conn, &account, &address, now_us))
            .map_err(ApiError::from)
    })
    .await?;
    match waited {
        None => Ok(attempt),
        Some(wait_us) => Err(throttled(wait_us)),
    }
}

/// Checks and charges one attempt inside a write transaction: `None` if it may go ahead,
/// else the microseconds it must wait (and nothing is charged).
pub fn admit(
    conn: &mut DbConnection,
    account: &str,
    address: &str,
    now_us: i64,
) -> DbResult<Option<i64>> {
    // Always the address first, then the pair: one lock order, so no deadlock.
    let address_key = Key::Address(address);
    let pair_key = Key::Pair { account, address };
    let address_count = address_now(rows::lock(conn, address_key)?.unwrap_or_default(), now_us);
    let pair = pair_now(rows::lock(conn, pair_key)?.unwrap_or_default(), now_us);
    if let Some(wait) = wait_for(pair, address_count, now_us) {
        return Ok(Some(wait));
    }
    rows::store(
        conn,
        address_key,
        Count {
            failures: address_count.failures + 1,
            ..address_count
        },
    )?;
    rows::store(
        conn,
        pair_key,
        Count {
            failures: pair.failures + 1,
            at_us: now_us,
        },
    )?;
    Ok(None)
}

impl Attempt {
    /// The password was right: forgets the account's failures at this address and gives
    /// back the address's charge. Call inside the write transaction that starts the session.
    pub fn succeeded(&self, conn: &mut DbConnection, now_us: i64) -> DbResult<()> {
        let address_key = Key::Address(&self.address);
        if let Some(count) = rows::lock(conn, address_key)? {
            let count = address_now(count, now_us);
            let refunded = Count {
                failures: (count.failures - 1).max(0),
                ..count
            };
            rows::store(conn, address_key, refunded)?;
        }
        rows::clear(
            conn,
            Key::Pair {
                account: &self.account,
                address: &self.address,
            },
        )
    }
}

/// 429 with a Retry-After of the wait in whole seconds (at least 1).
fn throttled(wait_us: i64) -> ApiError {
    let seconds = (wait_us.max(0) as u64).div_ceil(1_000_000).max(1);
    ApiError::new(
        ProblemType::LoginThrottled,
        format!("too many failed logins from this address; retry in {seconds} s"),
    )
    .with_retry_after(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_wait_grows_then_caps() {
        let seconds: Vec<i64> = (1..=14).map(|n| wait_us(n) / 1_000_000).collect();
        assert_eq!(
            seconds,
            [
                0, 0, 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600
            ]
        );
        assert_eq!(wait_us(i32::MAX), LONGEST_WAIT_US);
    }

    #[test]
    fn address_bucket_drains_one_per_period_keeping_the_remainder() {
        let full = Count {
            failures: ADDRESS_BURST,
            at_us: 1_000,
        };
        assert_eq!(
            wait_for(Count::default(), full, 1_000),
            Some(ADDRESS_DRAIN_US)
        );
        let later = 1_000 + ADDRESS_DRAIN_US + 5;
        let drained = address_now(full, later);
        assert_eq!(
            drained,
            Count {
                failures: ADDRESS_BURST - 1,
                at_us: 1_000 + ADDRESS_DRAIN_US
            }
        );
        assert_eq!(wait_for(Count::default(), drained, later), None);
        let empty = address_now(full, 1_000 + 100 * ADDRESS_DRAIN_US);
        assert_eq!(empty.failures, 0);
    }

    #[test]
    fn stale_pair_counts_start_again() {
        let count = Count {
            failures: 9,
            at_us: 0,
        };
        assert_eq!(pair_now(count, FAILURE_MEMORY_US - 1), count);
        assert_eq!(pair_now(count, FAILURE_MEMORY_US + 1), Count::default());
    }

    #[test]
    fn client_keys_group_ipv6_by_64() {
        let key = |text: &str| client_key(Some(text.parse().unwrap()));
        assert_eq!(key("127.0.0.2"), "127.0.0.2");
        assert_eq!(key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2::9"), key("2001:db8:1:2:ffff::1"));
        assert_eq!(client_key(None), "unknown");
    }
}
