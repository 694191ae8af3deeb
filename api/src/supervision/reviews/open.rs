//! Opening a campaign: the unit in the opener's scope, the template version (the one in force
//! or one named from the unit's line), the case files of the unit's subtree closed in the
//! period, drawn from the log under its lock or checked one by one when listed, then the
//! `review.open` entry and the rows.

use crate::access::not_in_scope;
use crate::db::reviews::CampaignRow;
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log::Appender;
use crate::supervision::templates;
use custos_core::draw;
use custos_core::entry::review::{REVIEW_OPEN, ReviewDraw, ReviewOpen, TemplateRef};
use custos_core::supervision::campaign::{ReviewDrawInputs, select_from_log};
use std::collections::BTreeSet;

/// How the case files are chosen.
#[derive(Debug, Clone)]
pub enum Selection {
    /// `count` drawn from the closed cases of the period.
    Draw { count: u64 },
    /// These cases, each one closed in the period in the subtree.
    List(Vec<String>),
}

/// A campaign as the caller asks for it, checked for form by the route.
#[derive(Debug, Clone)]
pub struct OpenOrder {
    pub org_id: String,
    pub title: String,
    pub from_us: i64,
    pub to_us: i64,
    /// `(id, version)`; `None`: the template in force for the unit.
    pub template: Option<(String, u32)>,
    pub selection: Selection,
}

/// Opens a campaign inside a [`crate::log::commit`] job; answers its row.
pub fn open(
    conn: &mut DbConnection,
    log: &mut Appender,
    scope: &Scope,
    order: OpenOrder,
    now_us: i64,
) -> Result<CampaignRow, ApiError> {
    let org = db::orgs::find_in(conn, scope, &order.org_id)?
        .ok_or_else(|| not_in_scope("organisation"))?;
    let subtree = scope
        .narrowed_to(&org)
        .ok_or_else(|| not_in_scope("organisation"))?;
    let chosen = match &order.template {
        None => templates::in_force(conn, &org.path)?,
        Some((id, version)) => {
            templates::find(conn, &org.path, id, *version)?.ok_or_else(|| {
                ApiError::invalid_input(format!(
                    "template.version: no template {id} version {version} is available to the unit"
                ))
            })?
        }
    };
    let closed: Vec<String> =
        db::reviews::closed_cases(conn, &subtree, order.from_us, order.to_us)?
            .into_iter()
            .map(|(case, _)| case)
            .collect();
    let id = db::new_id();
    let log_size = log.size();
    let (draw, cases) = match order.selection {
        Selection::Draw { count } => {
            let inputs = ReviewDrawInputs::new(
                id.clone(),
                org.id.clone(),
                order.from_us,
                order.to_us,
                count,
                closed,
            )
            .map_err(|error| ApiError::invalid_input(format!("draw.count: {error}")))?;
            // Under the log's lock, so the root is that of the log just before this entry.
            let log_root = log.root(conn)?;
            let selection = select_from_log(&inputs, log_size, &log_root)?;
            let draw = ReviewDraw {
                inputs,
                log_size,
                log_root_sha256: log_root,
                inputs_sha256: selection.inputs_sha256,
                seed: selection.seed,
            };
            (Some(draw), selection.cases)
        }
        Selection::List(list) => {
            let closed: BTreeSet<&str> = closed.iter().map(String::as_str).collect();
            if list.is_empty() {
                return Err(ApiError::invalid_input("cases: name at least one case"));
            }
            if let Some((i, case)) = list
                .iter()
                .enumerate()
                .find(|(_, case)| !closed.contains(case.as_str()))
            {
                return Err(ApiError::invalid_input(format!(
                    "cases[{i}]: {case} is not a case of the unit or the units below closed in the period"
                )));
            }
            let cases = draw::canonical_ids(list, "cases")?;
            (None, cases)
        }
    };
    let entry = ReviewOpen {
        campaign: id.clone(),
        org: org.id.clone(),
        actor: scope.actor().to_owned(),
        from_us: order.from_us,
        to_us: order.to_us,
        template: TemplateRef {
            org: chosen.version.org_id.clone(),
            id: chosen.version.id.clone(),
            version: chosen.version.version,
            sha256: chosen.template.sha256(),
        },
        draw,
        cases,
        at_us: now_us,
    };
    let log_index = log.append(conn, REVIEW_OPEN, &entry, now_us)?;
    if log_index != log_size {
        return Err(ApiError::internal(format_args!(
            "review entry appended at {log_index}, seeded at size {log_size}"
        )));
    }
    let row = CampaignRow {
        id,
        org_id: org.id,
        actor_id: scope.actor().to_owned(),
        title: order.title,
        from_us: order.from_us,
        to_us: order.to_us,
        template_org_id: chosen.version.org_id,
        template_id: chosen.version.id,
        template_version: i64::from(chosen.version.version),
        log_index: log_index as i64,
        created_at_us: now_us,
    };
    db::reviews::insert(conn, &row, &entry.cases)?;
    Ok(row)
}
