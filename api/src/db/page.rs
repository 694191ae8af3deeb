//! One page of a list: rows in id order (ids are UUIDv7, so creation order) after a cursor.

/// Rows per page when the client does not say.
pub const DEFAULT_LIMIT: i64 = 100;
/// Most rows one request may ask for.
pub const MAX_LIMIT: i64 = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    limit: i64,
    after: String,
}

impl Page {
    /// `limit` rows (clamped to 1..=[`MAX_LIMIT`]) whose ids sort after `after` (all rows
    /// when `None`).
    pub fn new(limit: Option<i64>, after: Option<&str>) -> Page {
        Page {
            limit: limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
            after: after.unwrap_or_default().to_owned(),
        }
    }

    pub fn limit(&self) -> i64 {
        self.limit
    }

    /// The cursor; the empty string sorts before every id.
    pub fn after(&self) -> &str {
        &self.after
    }
}

impl Default for Page {
    fn default() -> Page {
        Page::new(None, None)
    }
}
