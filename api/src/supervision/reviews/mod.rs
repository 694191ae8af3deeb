//! 案卷评查 review campaigns (评查活动): a supervisor opens one over a unit's subtree and a
//! period, with a template version and case files drawn from the log (双随机) or listed;
//! reviewers score the template's manual items; the campaign closes. Each step is a log entry
//! (custos-core `entry::review`) appended with its row in one [`crate::log::commit`] job. What
//! a campaign found ([`report`]) is recomputed at each request from the case records and the
//! scores, never stored.

pub mod open;
pub mod report;
pub mod scoring;

use crate::db::reviews::CampaignRow;
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;

/// The campaign `id` in `scope`, or the not-found a campaign that does not exist gets.
pub fn find(conn: &mut DbConnection, scope: &Scope, id: &str) -> Result<CampaignRow, ApiError> {
    db::reviews::find_in(conn, scope, id)?
        .ok_or_else(|| ApiError::not_found(format!("no review campaign {id}")))
}
