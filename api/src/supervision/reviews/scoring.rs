//! A reviewer's manual item score (`review.score`) and the campaign's closing
//! (`review.close`), each appended with its row in a [`crate::log::commit`] job, so a score
//! and the closing are ordered by the log: no score enters a closed campaign.

use crate::db::reviews::{CampaignRow, ClosureRow, ScoreRow};
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log::Appender;
use crate::supervision::templates;
use custos_core::digest::sha256;
use custos_core::entry::review::{REVIEW_CLOSE, REVIEW_SCORE, ReviewClose, ReviewScore};

/// A manual item score as the reviewer sends it.
#[derive(Debug, Clone)]
pub struct ScoreOrder {
    pub case_id: String,
    pub item: String,
    pub score: u32,
    pub remark: String,
}

fn still_open(conn: &mut DbConnection, campaign: &CampaignRow) -> Result<(), ApiError> {
    match db::reviews::closure(conn, &campaign.id)? {
        Some(closure) => Err(ApiError::conflict(format!(
            "campaign: {} was closed at {} (log entry {}); nothing more enters it",
            campaign.id, closure.closed_at_us, closure.log_index
        ))),
        None => Ok(()),
    }
}

/// Adds a reviewer's score of a manual item of a case of the campaign `id` in `scope`.
pub fn score(
    conn: &mut DbConnection,
    log: &mut Appender,
    scope: &Scope,
    id: &str,
    order: ScoreOrder,
    now_us: i64,
) -> Result<ScoreRow, ApiError> {
    let campaign = super::find(conn, scope, id)?;
    still_open(conn, &campaign)?;
    if !db::reviews::cases(conn, &campaign.id)?.contains(&order.case_id) {
        return Err(ApiError::invalid_input(format!(
            "case_id: {} is not a case file of this campaign",
            order.case_id
        )));
    }
    let template = templates::named(
        conn,
        campaign.template_org_id.as_deref(),
        &campaign.template_id,
        campaign.template_version as u32,
    )?
    .template;
    let item = template
        .items
        .iter()
        .find(|item| item.id == order.item)
        .ok_or_else(|| {
            ApiError::invalid_input(format!("item: the template has no item {}", order.item))
        })?;
    if item.automatic() {
        return Err(ApiError::invalid_input(format!(
            "item: {} is scored automatically from the records",
            item.id
        )));
    }
    if order.score > item.points {
        return Err(ApiError::invalid_input(format!(
            "score: {} is above the {} points of item {}",
            order.score, item.points, item.id
        )));
    }
    let entry = ReviewScore {
        campaign: campaign.id.clone(),
        org: campaign.org_id.clone(),
        actor: scope.actor().to_owned(),
        case: order.case_id.clone(),
        item: order.item.clone(),
        score: order.score,
        remark_sha256: sha256(order.remark.as_bytes()),
        at_us: now_us,
    };
    let log_index = log.append(conn, REVIEW_SCORE, &entry, now_us)?;
    let row = ScoreRow {
        log_index: log_index as i64,
        campaign_id: campaign.id,
        case_id: order.case_id,
        item: order.item,
        score: i64::from(order.score),
        remark: order.remark,
        reviewer_id: scope.actor().to_owned(),
        scored_at_us: now_us,
    };
    db::reviews::insert_score(conn, &row)?;
    Ok(row)
}

/// Closes the campaign `id` in `scope`.
pub fn close(
    conn: &mut DbConnection,
    log: &mut Appender,
    scope: &Scope,
    id: &str,
    now_us: i64,
) -> Result<CampaignRow, ApiError> {
    let campaign = super::find(conn, scope, id)?;
    still_open(conn, &campaign)?;
    let scores = db::reviews::scores(conn, &campaign.id)?.len() as u64;
    let entry = ReviewClose {
        campaign: campaign.id.clone(),
        org: campaign.org_id.clone(),
        actor: scope.actor().to_owned(),
        scores,
        at_us: now_us,
    };
    let log_index = log.append(conn, REVIEW_CLOSE, &entry, now_us)?;
    db::reviews::insert_closure(
        conn,
        &ClosureRow {
            campaign_id: campaign.id.clone(),
            actor_id: scope.actor().to_owned(),
            log_index: log_index as i64,
            closed_at_us: now_us,
        },
    )?;
    Ok(campaign)
}
