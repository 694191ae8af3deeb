//! The paging parameters every list route takes.

use crate::db::Page;
use crate::db::page::MAX_LIMIT;
use crate::error::{ApiError, ApiResult, ProblemType};
use crate::names;

/// `limit` and `after` as a list route received them.
pub struct PageQuery {
    pub limit: Option<i64>,
    pub after: Option<String>,
}

impl PageQuery {
    /// The page, or 400 `invalid-query` for a limit outside 1 to 1000.
    pub fn page(self) -> ApiResult<Page> {
        if let Some(limit) = self.limit
            && !(1..=MAX_LIMIT).contains(&limit)
        {
            return Err(ApiError::new(
                ProblemType::InvalidQuery,
                format!("limit must be 1 to {MAX_LIMIT}"),
            ));
        }
        if let Some(after) = &self.after
            && !names::is_row_id(after)
        {
            return Err(ApiError::new(
                ProblemType::InvalidQuery,
                "after must be an id from a previous page",
            ));
        }
        Ok(Page::new(self.limit, self.after.as_deref()))
    }
}

/// A list filter naming a row by id: 400 `invalid-query` unless it could be one.
pub fn filter_id(name: &str, value: Option<String>) -> ApiResult<Option<String>> {
    match value {
        Some(id) if !names::is_row_id(&id) => Err(ApiError::new(
            ProblemType::InvalidQuery,
            format!("{name} must be an id"),
        )),
        value => Ok(value),
    }
}
