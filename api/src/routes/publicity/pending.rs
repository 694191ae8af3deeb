//! `GET /api/v1/publications/pending`: what reviewers and admins have to approve or withdraw in
//! their units: decided cases without a publication, each with the notice as it would be
//! published and its deadline (7 working days), overdue ones flagged; and published notices
//! whose decision changed since, with their withdrawal deadline (3 working days).

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::clock;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, ApiResult, Problem, ProblemType};
use crate::publicity;
use crate::recording::context::ContextReader;
use crate::routes::listing::{PageQuery, filter_id};
use crate::state::AppState;
use actix_web::web;
use custos_core::publicity::{DecisionFacts, withdrawal_last_day};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PendingQuery {
    /// Only cases of this unit and the units below it.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub org_id: Option<String>,
    /// Rows per list, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only cases (and publications) whose id sorts after this one.
    #[param(pattern = "^[0-9a-f-]{1,64}$")]
    pub after: Option<String>,
}

/// What waits for a reviewer or admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Pending {
    /// Decided cases to publish, in case id order.
    pub to_publish: Vec<ToPublish>,
    /// Published notices to withdraw, in publication id order.
    pub to_withdraw: Vec<ToWithdraw>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ToPublish {
    pub case_id: String,
    pub org_id: String,
    /// The notice as it would be published now, masked; absent when it cannot be built.
    #[schema(value_type = Option<Object>)]
    pub notice: Option<Value>,
    /// Why there is no notice (e.g. the filing does not name its party).
    pub problem: Option<String>,
    /// Last day to publish, `YYYY-MM-DD` on the unit's calendar.
    pub last_day: Option<String>,
    pub due_before_us: Option<i64>,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ToWithdraw {
    pub publication_id: String,
    pub case_id: String,
    pub org_id: String,
    pub changed_at_us: i64,
    /// Last day to withdraw, `YYYY-MM-DD`.
    pub last_day: String,
    pub due_before_us: i64,
    pub overdue: bool,
}

/// The listing of case `row`, or none when it has no result its unit publishes.
fn to_publish(
    conn: &mut DbConnection,
    row: db::cases::CaseRow,
    now_us: i64,
) -> Result<Option<ToPublish>, ApiError> {
    let (case_id, org_id) = (row.id.clone(), row.org_id.clone());
    Ok(Some(match publicity::prepare_due(conn, &row) {
        Ok(None) => return Ok(None),
        // Revoked, void, or changed to nothing new: only the withdrawal is due.
        Ok(Some(prepared)) if prepared.facts.change.is_some() => return Ok(None),
        Ok(Some(prepared)) => ToPublish {
            case_id,
            org_id,
            notice: serde_json::to_value(&prepared.notice).ok(),
            problem: None,
            last_day: Some(prepared.last_day.to_string()),
            due_before_us: Some(prepared.due_before_us),
            overdue: now_us >= prepared.due_before_us,
        },
        // A case that cannot have a notice yet (its party unnamed) is listed with the reason;
        // faults are answered as such.
        Err(error) if error.problem == ProblemType::Conflict => ToPublish {
            case_id,
            org_id,
            notice: None,
            problem: Some(error.detail),
            last_day: None,
            due_before_us: None,
            overdue: false,
        },
        Err(error) => return Err(error),
    }))
}

fn to_withdraw(
    conn: &mut DbConnection,
    row: db::publications::PublicationRow,
    now_us: i64,
) -> Result<Option<ToWithdraw>, ApiError> {
    let records = db::records::of_case(conn, &row.case_id)?;
    let (_, parsed) = crate::recording::state::fold(&records)?;
    // The change of the decision this notice published; a later decision's is not its.
    let Some(changed_at_us) = DecisionFacts::gather(&parsed)?
        .change_of(row.decided_at_us)
        .map(|change| change.at_us)
    else {
        return Ok(None);
    };
    let org = db::orgs::find_unscoped(conn, &row.org_id)?
        .ok_or_else(|| ApiError::internal("publication without a unit"))?;
    let context = ContextReader::default().unit(conn, &org.path)?;
    let last_day = withdrawal_last_day(changed_at_us, context.calendar());
    let due_before_us = context.calendar().end_of_day_us(last_day);
    Ok(Some(ToWithdraw {
        publication_id: row.id,
        case_id: row.case_id,
        org_id: row.org_id,
        changed_at_us,
        last_day: last_day.to_string(),
        due_before_us,
        overdue: now_us >= due_before_us,
    }))
}

#[utoipa::path(get, path = "/api/v1/publications/pending", tag = "publicity",
    security(("bearer" = [])),
    params(PendingQuery),
    responses(
        (status = 200, description = "Notices to approve and withdrawals due, with deadlines", body = Pending),
        (status = 400, description = "Bad query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Caller is not a reviewer or admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unit unknown or outside the caller's units", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn pending(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PendingQuery>,
) -> ApiResult<web::Json<Pending>> {
    let scope = access::scope(&caller, Action::PublishDecisions)?;
    let PendingQuery {
        org_id,
        limit,
        after,
    } = query.into_inner();
    let org_id = filter_id("org_id", org_id)?;
    let page = PageQuery { limit, after }.page()?;
    let now_us = clock::now_us();
    let pending = db::run(&state.pool, move |conn| {
        let org_path = match &org_id {
            Some(id) => Some(
                db::orgs::find_in(conn, &scope, id)?
                    .ok_or_else(|| access::not_in_scope("organisation"))?
                    .path,
            ),
            None => None,
        };
        // Cases whose unit does not publish their result are passed over, so a page is
        // filled from the following ones.
        let mut to_publish_list = Vec::new();
        let mut after = page.after().to_owned();
        loop {
            let cases = db::publications::unpublished_in(
                conn,
                &scope,
                org_path.as_deref(),
                &after,
                page.limit(),
            )?;
            let exhausted = (cases.len() as i64) < page.limit();
            for row in cases {
                after.clone_from(&row.id);
                if (to_publish_list.len() as i64) < page.limit()
                    && let Some(item) = to_publish(conn, row, now_us)?
                {
                    to_publish_list.push(item);
                }
            }
            if exhausted || to_publish_list.len() as i64 >= page.limit() {
                break;
            }
        }
        let to_publish = to_publish_list;
        let mut withdrawals = Vec::new();
        for row in db::publications::withdrawal_due_in(conn, &scope, page.after(), page.limit())? {
            let in_unit = match &org_path {
                Some(path) => db::orgs::find_unscoped(conn, &row.org_id)?
                    .is_some_and(|org| org.path.starts_with(path.as_str())),
                None => true,
            };
            if in_unit && let Some(item) = to_withdraw(conn, row, now_us)? {
                withdrawals.push(item);
            }
        }
        Ok::<_, ApiError>(Pending {
            to_publish,
            to_withdraw: withdrawals,
        })
    })
    .await?;
    Ok(web::Json(pending))
}
