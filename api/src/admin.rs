//! Admin changes (units, users, roles, certificates, devices): each runs in one
//! [`crate::log::commit`] job together with the `admin` log entry that records it, so the
//! change and its entry commit together or not at all.

use crate::auth::Role;
use crate::db::DbConnection;
use crate::db::scope::Scope;
use crate::error::ApiError;
use crate::log::Appender;
use crate::log::entry::{AdminEntry, AppendAdmin};

/// What an admin change touched, for its log entry: ids only, no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Id of the unit, user, certificate or device.
    pub id: String,
    /// Organisation it belongs to.
    pub org: String,
    /// The role of a created or changed user.
    pub role: Option<Role>,
}

impl Subject {
    /// A subject that is not a user (a unit, certificate or device).
    pub fn new(id: &str, org: &str) -> Subject {
        Subject {
            id: id.to_owned(),
            org: org.to_owned(),
            role: None,
        }
    }
}

/// Runs `work` and appends its `action` entry, with the scope's actor, inside a
/// [`crate::log::commit`] job. `work` returns its result and the subject to log.
pub fn change<T>(
    conn: &mut DbConnection,
    log: &mut Appender,
    scope: &Scope,
    action: &'static str,
    now_us: i64,
    work: impl FnOnce(&mut DbConnection) -> Result<(T, Subject), ApiError>,
) -> Result<T, ApiError> {
    let (value, subject) = work(conn)?;
    AdminEntry {
        action: action.into(),
        actor: Some(scope.actor().to_owned()),
        subject: subject.id,
        org: subject.org,
        role: subject.role.map(|role| role.as_str().into()),
        at_us: now_us,
    }
    .log(conn, log)?;
    Ok(value)
}
