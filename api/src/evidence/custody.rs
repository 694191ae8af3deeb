//! Custody events: the `custody` entries of the log and the rows that tie them to items.
//!
//! The entry's format and the digest of its private details are custos-core's
//! (`custos_core::entry::custody`); the details themselves (the client's address) stay in the
//! database row, salted, so a court shown the row can check it against the log.

use crate::db::DbConnection;
use crate::db::custody::{self as rows, CustodyEventRow};
use crate::log::{AppendError, Appender};
use custos_core::entry::custody::details_sha256;
use serde_json::{Map, Value};

pub use custos_core::entry::custody::{CUSTODY, event};

/// One custody event on its way into the log.
#[derive(Debug, Clone)]
pub struct CustodyEvent {
    pub event: &'static str,
    pub evidence_id: Option<String>,
    pub upload_id: Option<String>,
    /// The user who acted; `None` for the server itself (expiry).
    pub actor_id: Option<String>,
    pub at_us: i64,
    /// Public facts, merged into the leaf (ids, digests, sizes, ranges).
    pub facts: Map<String, Value>,
    /// Private details, kept in the row and committed to by digest.
    pub details: Map<String, Value>,
}

impl CustodyEvent {
    pub fn new(event: &'static str, at_us: i64) -> CustodyEvent {
        CustodyEvent {
            event,
            evidence_id: None,
            upload_id: None,
            actor_id: None,
            at_us,
            facts: Map::new(),
            details: Map::new(),
        }
    }

    pub fn evidence(mut self, id: &str) -> Self {
        self.evidence_id = Some(id.to_owned());
        self
    }

    pub fn upload(mut self, id: &str) -> Self {
        self.upload_id = Some(id.to_owned());
        self
    }

    pub fn actor(mut self, id: &str) -> Self {
        self.actor_id = Some(id.to_owned());
        self
    }

    pub fn fact(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.facts.insert(key.to_owned(), value.into());
        self
    }

    /// Adds a fact only when there is one.
    pub fn fact_opt<T: Into<Value>>(self, key: &str, value: Option<T>) -> Self {
        match value {
            Some(value) => self.fact(key, value),
            None => self,
        }
    }

    pub fn detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    /// The entry object without its `type` (the log adds it).
    pub fn entry(&self) -> Result<Map<String, Value>, AppendError> {
        let mut entry = self.facts.clone();
        entry.insert("event".to_owned(), self.event.into());
        if let Some(id) = &self.evidence_id {
            entry.insert("evidence".to_owned(), id.as_str().into());
        }
        if let Some(id) = &self.upload_id {
            entry.insert("upload".to_owned(), id.as_str().into());
        }
        entry.insert("actor".to_owned(), self.actor_id.clone().into());
        entry.insert("at_us".to_owned(), self.at_us.into());
        if !self.details.is_empty() {
            entry.insert(
                "details_sha256".to_owned(),
                details_sha256(&self.details)
                    .map_err(custos_core::entry::LeafError::from)?
                    .to_hex()
                    .into(),
            );
        }
        Ok(entry)
    }

    /// Appends the entry to the log and stores its row, inside a [`crate::log::commit`] job
    /// together with the change the event records. Returns the log index.
    pub fn log(self, conn: &mut DbConnection, log: &mut Appender) -> Result<u64, AppendError> {
        self.store(conn, |conn, entry, at_us| {
            log.append(conn, CUSTODY, entry, at_us)
        })
    }

    /// [`CustodyEvent::log`] for an event that changes nothing else (an access), inside a
    /// [`crate::log::append_only`] job: the entry and its row are written with the batch's.
    pub fn log_later(mut self, log: &mut Appender) -> Result<u64, AppendError> {
        let entry = self.salted_entry()?;
        let index = log.append_later(CUSTODY, &entry, self.at_us)?;
        log.custody_later(self.row(index));
        Ok(index)
    }

    /// [`CustodyEvent::log`] inside the caller's own write transaction (one commit of its own).
    pub fn append(self, conn: &mut DbConnection) -> Result<u64, AppendError> {
        self.store(conn, |conn, entry, at_us| {
            crate::log::append(conn, CUSTODY, entry, at_us)
        })
    }

    /// Appends the entry through `append` and stores its row at once.
    fn store(
        mut self,
        conn: &mut DbConnection,
        append: impl FnOnce(&mut DbConnection, &Map<String, Value>, i64) -> Result<u64, AppendError>,
    ) -> Result<u64, AppendError> {
        let entry = self.salted_entry()?;
        let index = append(conn, &entry, self.at_us)?;
        rows::insert(conn, &self.row(index))?;
        Ok(index)
    }

    /// The entry, after salting the private details so their digest cannot be confirmed by
    /// guessing them.
    fn salted_entry(&mut self) -> Result<Map<String, Value>, AppendError> {
        if !self.details.is_empty() {
            let mut salt = [0u8; 16];
            getrandom::fill(&mut salt)
                .map_err(|error| AppendError::Randomness(error.to_string()))?;
            self.details
                .insert("salt".to_owned(), hex::encode(salt).into());
        }
        self.entry()
    }

    /// The row that ties the entry at `index` to its item or upload.
    fn row(self, index: u64) -> CustodyEventRow {
        CustodyEventRow {
            log_index: index as i64,
            evidence_id: self.evidence_id,
            upload_id: self.upload_id,
            event: self.event.to_owned(),
            actor_id: self.actor_id,
            at_us: self.at_us,
            details: Value::Object(self.details).to_string(),
        }
    }
}
