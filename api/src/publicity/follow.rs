//! What publicity does in the transaction of a record submission that changed cases: a unit
//! configured to (`publicity.auto_publish`) publishes a new decision (or another result it
//! publishes, `publicity.other_results`) with its record, and the
//! publication and withdrawal deadlines become attention items (`publication_overdue`,
//! `withdrawal_overdue`) once missed. Those items follow what is published, which the case's
//! records do not know, so they are kept here rather than in core's `case_conditions`: opened
//! when a submission finds the deadline missed or missable, cured by the publication or
//! withdrawal itself or by the decision changing before it was published.

use super::{Approval, PUBLICATION, prepare, publish_prepared};
use crate::db::attention::AttentionRow;
use crate::db::publications::PublicationRow;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, ProblemType};
use crate::log::Appender;
use crate::recording::state;
use crate::supervision::cases::ChangedCase;
use custos_core::publicity::{
    DecisionFacts, ResultKind, publication_last_day, result_to_publish, withdrawal_last_day,
};
use custos_core::supervision::{AttentionKind, AttentionSeverity};

const KINDS: [AttentionKind; 2] = [
    AttentionKind::PublicationOverdue,
    AttentionKind::WithdrawalOverdue,
];

/// Publishes the new decisions of units that publish automatically, then opens and cures the
/// publicity items of the changed cases. `submitter` sent the records.
pub fn follow(
    conn: &mut DbConnection,
    log: &mut Appender,
    cases: &[ChangedCase],
    submitter: &str,
    now_us: i64,
) -> Result<(), ApiError> {
    // Ordinary-procedure decisions and the other results each unit publishes, as
    // `publications::unpublished_in` lists them.
    let decided: Vec<&ChangedCase> = cases
        .iter()
        .filter(|case| result_to_publish(case.state, &case.context.config.publicity).is_some())
        .collect();
    if decided.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = decided.iter().map(|case| case.row.id.as_str()).collect();
    let stored = db::attention::open_of_cases(conn, &ids)?;
    let mut published = db::publications::of_cases(conn, &ids)?;
    let (mut opened, mut cured) = (Vec::new(), Vec::new());
    for case in decided {
        let mut publications = published.remove(&case.row.id).unwrap_or_default();
        let unchanged = case.state.decision_change.is_none();
        if publications.is_empty() && unchanged && case.context.config.publicity.auto_publish {
            publications.extend(auto_publish(conn, log, case, submitter, now_us)?);
        }
        let wanted = wanted(conn, case, &publications)?;
        let mine = stored.iter().filter(|row| {
            row.case_id.as_deref() == Some(case.row.id.as_str())
                && KINDS.iter().any(|kind| kind.as_str() == row.kind)
        });
        for row in mine.clone() {
            if !wanted
                .iter()
                .any(|w| w.kind == row.kind && w.item_key == row.item_key)
            {
                cured.push(row.id.as_str());
            }
        }
        for item in wanted {
            if !mine
                .clone()
                .any(|row| row.kind == item.kind && row.item_key == item.item_key)
            {
                opened.push(item);
            }
        }
    }
    db::attention::cure(conn, &cured, now_us)?;
    db::attention::insert_all(conn, &opened)?;
    Ok(())
}

/// Publishes `case`'s decision with its record; a case whose notice cannot be built yet (its
/// party unnamed) waits for a reviewer like any other.
fn auto_publish(
    conn: &mut DbConnection,
    log: &mut Appender,
    case: &ChangedCase,
    submitter: &str,
    now_us: i64,
) -> Result<Option<PublicationRow>, ApiError> {
    let prepared = match prepare(conn, case.row) {
        Ok(prepared) => prepared,
        Err(error) if error.problem == ProblemType::Conflict => return Ok(None),
        Err(error) => return Err(error),
    };
    let approval = Approval {
        approver: submitter,
        automatic: true,
    };
    let row = publish_prepared(
        conn,
        case.row.clone(),
        prepared,
        approval,
        now_us,
        |conn, entry| Ok(log.append(conn, PUBLICATION, entry, now_us)?),
    )?;
    Ok(Some(row))
}

/// The publicity items `case` calls for now: its decision in force unpublished, or a
/// published decision changed and not withdrawn. Each shows from the end of its last day, an
/// alarm.
fn wanted(
    conn: &mut DbConnection,
    case: &ChangedCase,
    publications: &[PublicationRow],
) -> Result<Vec<AttentionRow>, ApiError> {
    let calendar = case.context.calendar();
    let item = |kind: AttentionKind, last_day, detail: String| {
        let due_us = calendar.end_of_day_us(last_day);
        AttentionRow {
            id: db::new_id(),
            kind: kind.as_str().to_owned(),
            item_key: last_day.to_string(),
            org_id: case.row.org_id.clone(),
            subject_kind: "case".to_owned(),
            subject_id: case.row.id.clone(),
            case_id: Some(case.row.id.clone()),
            officer_id: None,
            severity: AttentionSeverity::Alarm.as_str().to_owned(),
            rule: None,
            detail,
            since_us: due_us,
            due_us: Some(due_us),
            cured_us: None,
            acknowledged_by: None,
        }
    };
    let Some(result) = result_to_publish(case.state, &case.context.config.publicity) else {
        return Ok(Vec::new());
    };
    let what = match result {
        ResultKind::Penalty => "decision",
        ResultKind::Licence | ResultKind::Other => "result",
    };
    if case.state.decision_change.is_none() {
        // Never changed: its one result, published or not.
        if !publications.is_empty() {
            return Ok(Vec::new());
        }
        let Some(at_us) = result_at(conn, case, result)? else {
            return Ok(Vec::new());
        };
        let last_day = publication_last_day(result, at_us, calendar);
        return Ok(vec![item(
            AttentionKind::PublicationOverdue,
            last_day,
            format!("{what} not published by {last_day}"),
        )]);
    }
    // Changed: each published decision changed since is withdrawn within 3 working days of
    // its change, and a decision it was changed to is published within its own period.
    let records = db::records::of_case(conn, &case.row.id)?;
    let (_, parsed) = state::fold(&records)?;
    let facts = DecisionFacts::gather(&parsed)?;
    let ids: Vec<&str> = publications.iter().map(|row| row.id.as_str()).collect();
    let withdrawn = db::publications::withdrawals_of(conn, &ids)?;
    let mut items = Vec::new();
    for publication in publications {
        let Some(change) = facts.change_of(publication.decided_at_us) else {
            continue;
        };
        if withdrawn
            .iter()
            .any(|row| row.publication_id == publication.id)
        {
            continue;
        }
        let last_day = withdrawal_last_day(change.at_us, calendar);
        items.push(item(
            AttentionKind::WithdrawalOverdue,
            last_day,
            format!("publication {} not withdrawn by {last_day}", publication.id),
        ));
    }
    if let (None, Some((decided_at_us, ..))) = (&facts.change, &facts.decision)
        && !publications
            .iter()
            .any(|row| row.decided_at_us == *decided_at_us)
    {
        let last_day = publication_last_day(result, *decided_at_us, calendar);
        items.push(item(
            AttentionKind::PublicationOverdue,
            last_day,
            format!("{what} not published by {last_day}"),
        ));
    }
    Ok(items)
}

/// When `case`'s result of `result` was decided: the decision's time from its state, another
/// result's from its records, which the state does not keep.
fn result_at(
    conn: &mut DbConnection,
    case: &ChangedCase,
    result: ResultKind,
) -> Result<Option<i64>, ApiError> {
    if result == ResultKind::Penalty {
        return Ok(case.state.decision.as_ref().map(|decision| decision.at_us));
    }
    let records = db::records::of_case(conn, &case.row.id)?;
    let (_, parsed) = state::fold(&records)?;
    Ok(DecisionFacts::gather(&parsed)?
        .other
        .map(|other| other.at_us))
}

/// Cures the open items of `kind` of case `case_id` at `now_us`: the publication or withdrawal
/// they waited for was made.
pub fn cure(
    conn: &mut DbConnection,
    case_id: &str,
    kind: AttentionKind,
    now_us: i64,
) -> Result<(), ApiError> {
    let open = db::attention::open_of_cases(conn, &[case_id])?;
    let ids: Vec<&str> = open
        .iter()
        .filter(|row| row.kind == kind.as_str())
        .map(|row| row.id.as_str())
        .collect();
    db::attention::cure(conn, &ids, now_us)?;
    Ok(())
}
