//! Publicity (执法公示): a decided case's public notice, built and masked by custos-core from
//! its records, is approved by a reviewer or admin of its unit line and published as a
//! `publication` log entry in the same transaction as its row; a decision changed, revoked or
//! declared void (`decision.changed`) is withdrawn by a `withdrawal` entry, and the
//! publication stays, shown withdrawn with the reason. A publication belongs to a decision
//! (its `decided_at_us`, the time of the record that made it), so a decision changed to a new
//! one (`decision.changed` with `decision`) is published in its turn once the old notice is
//! withdrawn. Deadlines: core's
//! `publicity::deadline`, on the unit's working-day calendar.

pub mod entry;
pub mod follow;
pub mod pages;
pub mod view;

use crate::access::not_in_scope;
use crate::db::publications::{PublicationRow, WithdrawalRow};
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log::Appender;
use crate::recording::context::ContextReader;
use crate::recording::state;
use custos_core::publicity::{self, DecidingUnit, DecisionFacts, NoticeError, PublicNotice};
use custos_core::rules::{LocalDate, RuleContext};
use custos_core::supervision::AttentionKind;
pub use entry::{PUBLICATION, PublicationEntry, WITHDRAWAL, WithdrawalEntry};

impl From<NoticeError> for ApiError {
    fn from(error: NoticeError) -> ApiError {
        match error {
            NoticeError::NotDecided => ApiError::conflict(
                "the case has no result to publish: no penalty decision, and no other result \
                 its unit publishes (publicity.other_results)",
            ),
            NoticeError::PartyUnnamed => {
                ApiError::conflict("the case's filing does not name its party (case.filed party)")
            }
            NoticeError::Record(error) => ApiError::internal(error),
        }
    }
}

/// A decided case's notice as it would be published now, with its deadline.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub case_id: String,
    pub notice: PublicNotice,
    pub facts: DecisionFacts,
    pub last_day: LocalDate,
    pub due_before_us: i64,
    pub context: RuleContext,
}

/// Builds the notice of case `row` from its records and its unit's settings.
pub fn prepare(conn: &mut DbConnection, row: &db::cases::CaseRow) -> Result<Prepared, ApiError> {
    prepare_due(conn, row)?.ok_or_else(|| NoticeError::NotDecided.into())
}

/// The notice of case `row`, or none when it has no result its unit publishes (a case
/// terminated for another reason than 不予处罚, or a unit that does not publish such results).
pub fn prepare_due(
    conn: &mut DbConnection,
    row: &db::cases::CaseRow,
) -> Result<Option<Prepared>, ApiError> {
    let records = db::records::of_case(conn, &row.id)?;
    let (_, parsed) = state::fold(&records)?;
    // The unit of a case already reached through the caller's scope.
    let org = db::orgs::find_unscoped(conn, &row.org_id)?
        .ok_or_else(|| ApiError::internal(format_args!("case {} has no unit", row.id)))?;
    let context = ContextReader::default().unit(conn, &org.path)?;
    let unit = DecidingUnit {
        id: org.id,
        name: org.name,
    };
    let calendar = context.calendar();
    let notice = match publicity::public_notice(
        &unit,
        &row.id,
        &parsed,
        &context.config.publicity,
        calendar,
    ) {
        Err(NoticeError::NotDecided) => return Ok(None),
        notice => notice?,
    };
    let facts = DecisionFacts::gather(&parsed)?;
    // 7 working days for a penalty decision, 20 for another result.
    let last_day = publicity::publication_last_day(notice.result, notice.decided_at_us, calendar);
    Ok(Some(Prepared {
        case_id: row.id.clone(),
        due_before_us: calendar.end_of_day_us(last_day),
        last_day,
        notice,
        facts,
        context,
    }))
}

/// Publishes the decision of case `case_id` in `scope`, approved by the scope's actor: the
/// `publication` entry and its row, inside a [`crate::log::commit`] job.
pub fn publish(
    conn: &mut DbConnection,
    log: &mut Appender,
    scope: &Scope,
    case_id: &str,
    now_us: i64,
) -> Result<PublicationRow, ApiError> {
    let case = db::cases::find_in(conn, scope, case_id)?.ok_or_else(|| not_in_scope("case"))?;
    let prepared = prepare(conn, &case)?;
    let approval = Approval {
        approver: scope.actor(),
        automatic: false,
    };
    publish_prepared(conn, case, prepared, approval, now_us, |conn, entry| {
        Ok(log.append(conn, PUBLICATION, entry, now_us)?)
    })
}

/// Who published a notice, and whether the unit's configuration did it for them.
#[derive(Debug, Clone, Copy)]
pub struct Approval<'a> {
    pub approver: &'a str,
    pub automatic: bool,
}

/// Publishes `prepared`, the notice of `case` not yet published, appending its entry through
/// `append` in the caller's transaction, and cures the case's overdue publication item.
pub fn publish_prepared(
    conn: &mut DbConnection,
    case: db::cases::CaseRow,
    prepared: Prepared,
    approval: Approval,
    now_us: i64,
    append: impl FnOnce(&mut DbConnection, &PublicationEntry) -> Result<u64, ApiError>,
) -> Result<PublicationRow, ApiError> {
    // A publication belongs to one decision: the same one is never published twice, and a
    // decision changed to a new one is published after the old notice is withdrawn.
    let published = db::publications::of_case(conn, &case.id)?;
    if published
        .iter()
        .any(|row| row.decided_at_us == prepared.notice.decided_at_us)
    {
        return Err(ApiError::conflict(
            "the case's decision is published already",
        ));
    }
    if prepared.facts.change.is_some() {
        return Err(ApiError::conflict(
            "the decision was changed, revoked or declared void: nothing to publish",
        ));
    }
    let ids: Vec<&str> = published.iter().map(|row| row.id.as_str()).collect();
    if db::publications::withdrawals_of(conn, &ids)?.len() < published.len() {
        return Err(ApiError::conflict(
            "the notice of the decision before it is not withdrawn yet: withdraw it first",
        ));
    }
    let id = db::new_id();
    let entry = PublicationEntry {
        publication: id.clone(),
        org: case.org_id.clone(),
        case: case.id.clone(),
        notice: prepared.notice.clone(),
        approver: approval.approver.to_owned(),
        automatic: approval.automatic,
        last_day: prepared.last_day,
        at_us: now_us,
    };
    let log_index = append(conn, &entry)?;
    let row = PublicationRow {
        id,
        org_id: case.org_id,
        case_id: case.id,
        decided_at_us: prepared.notice.decided_at_us,
        due_before_us: prepared.due_before_us,
        approver_id: approval.approver.to_owned(),
        log_index: log_index as i64,
        published_at_us: now_us,
    };
    db::publications::insert(conn, &row)?;
    follow::cure(
        conn,
        &row.case_id,
        AttentionKind::PublicationOverdue,
        now_us,
    )?;
    Ok(row)
}

/// Withdraws publication `id` in `scope` after its decision was changed, revoked or declared
/// void: the `withdrawal` entry and its row, inside a [`crate::log::commit`] job.
pub fn withdraw(
    conn: &mut DbConnection,
    log: &mut Appender,
    scope: &Scope,
    id: &str,
    now_us: i64,
) -> Result<WithdrawalRow, ApiError> {
    {
        let publication = db::publications::find_in(conn, scope, id)?
            .ok_or_else(|| not_in_scope("publication"))?;
        if !db::publications::withdrawals_of(conn, &[publication.id.as_str()])?.is_empty() {
            return Err(ApiError::conflict("the publication is withdrawn already"));
        }
        let case = db::cases::find(conn, &publication.case_id)?
            .ok_or_else(|| ApiError::internal(format_args!("publication {id} has no case")))?;
        let records = db::records::of_case(conn, &case.id)?;
        let (_, parsed) = state::fold(&records)?;
        let facts = DecisionFacts::gather(&parsed)?;
        // The change of the decision this notice published, not of a later one.
        let Some(custos_core::publicity::ChangeFact {
            at_us: changed_at_us,
            change,
            reason,
            ..
        }) = facts.change_of(publication.decided_at_us).cloned()
        else {
            return Err(ApiError::conflict(
                "no decision.changed record: the decision still stands as published",
            ));
        };
        let org = db::orgs::find_unscoped(conn, &case.org_id)?
            .ok_or_else(|| ApiError::internal(format_args!("case {} has no unit", case.id)))?;
        let context = ContextReader::default().unit(conn, &org.path)?;
        let calendar = context.calendar();
        let last_day = publicity::withdrawal_last_day(changed_at_us, calendar);
        let entry = WithdrawalEntry {
            publication: publication.id.clone(),
            org: publication.org_id.clone(),
            case: case.id.clone(),
            published_index: publication.log_index as u64,
            change,
            reason: facts.masked(&reason, &context.config.publicity.masking),
            changed_at_us,
            actor: scope.actor().to_owned(),
            last_day,
            at_us: now_us,
        };
        let log_index = log.append(conn, WITHDRAWAL, &entry, now_us)?;
        let row = WithdrawalRow {
            publication_id: publication.id,
            org_id: publication.org_id,
            actor_id: scope.actor().to_owned(),
            changed_at_us,
            due_before_us: calendar.end_of_day_us(last_day),
            log_index: log_index as i64,
            withdrawn_at_us: now_us,
        };
        db::publications::insert_withdrawal(conn, &row)?;
        follow::cure(conn, &case.id, AttentionKind::WithdrawalOverdue, now_us)?;
        // A unit that publishes automatically has the decision the old one was changed to
        // published right after the withdrawal, in the same job: withdrawn, then published.
        if context.config.publicity.auto_publish
            && let Some(prepared) = prepare_due(conn, &case)?
        {
            let approval = Approval {
                approver: scope.actor(),
                automatic: true,
            };
            match publish_prepared(conn, case, prepared, approval, now_us, |conn, entry| {
                Ok(log.append(conn, PUBLICATION, entry, now_us)?)
            }) {
                // Nothing new (revoked or void), published already, or another notice of
                // the case still to withdraw: only the withdrawal is made.
                Err(error) if error.problem == crate::error::ProblemType::Conflict => {}
                published => {
                    published?;
                }
            }
        }
        Ok(row)
    }
}
