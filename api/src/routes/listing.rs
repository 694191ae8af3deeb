//! The paging parameters every list route takes.

use crate::db::Page;
use crate::db::page::MAX_LIMIT;
use crate::error::{ApiError, ApiResult, ProblemType};
use crate::names;
use serde::Deserialize;
use utoipa::IntoParams;

/// `limit` and `after` as a list route received them.
pub struct PageQuery {
    pub limit: Option<i64>,
    pub after: Option<String>,
}

impl PageQuery {
    /// The page, or 400 `invalid-query` for a limit outside 1 to 1000.
    pub fn page(self) -> ApiResult<Page> {
        check_limit(self.limit)?;
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

/// 400 `invalid-query` for a page size outside 1 to 1000.
pub fn check_limit(limit: Option<i64>) -> ApiResult<()> {
    match limit {
        Some(limit) if !(1..=MAX_LIMIT).contains(&limit) => Err(ApiError::new(
            ProblemType::InvalidQuery,
            format!("limit must be 1 to {MAX_LIMIT}"),
        )),
        _ => Ok(()),
    }
}

/// The query of a list of rows that belong to units (users, devices): one unit's only, and
/// a page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UnitListQuery {
    /// Only rows of this unit.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: Option<String>,
    /// Rows per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only rows whose id sorts after this one (the last id of the previous page).
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub after: Option<String>,
}

impl UnitListQuery {
    /// The unit filter and the page, or 400 `invalid-query`.
    pub fn parts(self) -> ApiResult<(Option<String>, Page)> {
        let page = PageQuery {
            limit: self.limit,
            after: self.after,
        }
        .page()?;
        Ok((filter_id("org_id", self.org_id)?, page))
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
