//! Entry objects of the log's `admin` type: who changed which account, unit, certificate or
//! device. Ids only: no names or other personal data.

use crate::auth::Role;
use crate::db::DbConnection;
use serde::Serialize;

/// The `type` of admin entries.
pub const ADMIN: &str = "admin";

/// Actions recorded so far; add one per kind of admin change.
pub mod action {
    pub const ORG_CREATE: &str = "org.create";
    pub const ORG_RULES: &str = "org.rules";
    pub const ORG_CALENDAR: &str = "org.calendar";
    pub const USER_CREATE: &str = "user.create";
    pub const USER_ROLE: &str = "user.role";
    pub const USER_DEACTIVATE: &str = "user.deactivate";
    pub const CERTIFICATE_ISSUE: &str = "certificate.issue";
    pub const CERTIFICATE_SUSPEND: &str = "certificate.suspend";
    pub const CERTIFICATE_REVOKE: &str = "certificate.revoke";
    pub const CERTIFICATE_REINSTATE: &str = "certificate.reinstate";
    pub const DEVICE_ENROL: &str = "device.enrol";
    pub const DEVICE_REVOKE: &str = "device.revoke";
}

/// An `admin` entry: `{"type":"admin","action":…,"actor":ID|null,"subject":ID,"org":ID,…,"at_us":INT}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AdminEntry {
    /// One of [`action`].
    pub action: &'static str,
    /// User id of the admin who acted; `null` for the command line on the server host.
    pub actor: Option<String>,
    /// Id of what changed (user, organisation, certificate, device).
    pub subject: String,
    /// Organisation the subject belongs to, for scoping.
    pub org: String,
    /// Role of a created or changed user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Server clock, integer microseconds since the Unix epoch.
    pub at_us: i64,
}

impl AdminEntry {
    /// Appends this entry through `log` (a [`super::commit`] job); returns its index.
    pub fn log(
        &self,
        conn: &mut DbConnection,
        log: &mut super::Appender,
    ) -> Result<u64, super::AppendError> {
        log.append(conn, ADMIN, self, self.at_us)
    }

    /// Appends this entry inside the caller's own write transaction; returns its index.
    pub fn append(&self, conn: &mut DbConnection) -> Result<u64, super::AppendError> {
        super::append(conn, ADMIN, self, self.at_us)
    }
}
