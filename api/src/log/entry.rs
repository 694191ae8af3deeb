//! `admin` entries (core's [`custos_core::entry::admin`]) as the server appends them.

use crate::db::DbConnection;
pub use custos_core::entry::admin::{ADMIN, AdminEntry, action};

/// Appending an [`AdminEntry`].
pub trait AppendAdmin {
    /// Appends this entry through `log` (a [`super::commit`] job); returns its index.
    fn log(
        &self,
        conn: &mut DbConnection,
        log: &mut super::Appender,
    ) -> Result<u64, super::AppendError>;

    /// Appends this entry inside the caller's own write transaction; returns its index.
    fn append(&self, conn: &mut DbConnection) -> Result<u64, super::AppendError>;
}

impl AppendAdmin for AdminEntry {
    fn log(
        &self,
        conn: &mut DbConnection,
        log: &mut super::Appender,
    ) -> Result<u64, super::AppendError> {
        log.append(conn, ADMIN, self, self.at_us)
    }

    fn append(&self, conn: &mut DbConnection) -> Result<u64, super::AppendError> {
        super::append(conn, ADMIN, self, self.at_us)
    }
}
