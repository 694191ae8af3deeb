//! The attention items and statistics facts of cases, written with the records that change
//! them: what core's `case_conditions` and `CaseFacts` say of each changed case, compared with
//! what is stored, and the rule findings and forks of the records just written.

use crate::db::attention::AttentionRow;
use crate::db::case_facts::FactsRow;
use crate::db::cases::CaseRow;
use crate::db::findings::FindingRow;
use crate::db::records::ForkRow;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::lifecycle::CaseState;
use custos_core::rules::RuleContext;
use custos_core::supervision::{
    AttentionKind, AttentionSeverity, CaseFacts, case_conditions, settled,
};
use std::collections::{HashMap, HashSet};

/// A case a submission changed, as it stands after the submission.
pub struct ChangedCase<'a> {
    pub row: &'a CaseRow,
    pub state: &'a CaseState,
    pub context: &'a RuleContext,
    /// The officer whose record opened the case, for a case the submission opened.
    pub opened_by: Option<&'a str>,
}

/// Opens and cures the attention items of the changed cases and rewrites their facts, in
/// the submission's transaction: `findings` and `forks` are the rows it just wrote.
pub fn record(
    conn: &mut DbConnection,
    cases: &[ChangedCase],
    findings: &[FindingRow],
    forks: &[ForkRow],
    now_us: i64,
) -> Result<(), ApiError> {
    if cases.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = cases.iter().map(|case| case.row.id.as_str()).collect();
    let mut open: HashMap<&str, Vec<AttentionRow>> = HashMap::new();
    let stored = db::attention::open_of_cases(conn, &ids)?;
    for row in &stored {
        if let Some(case_id) = row.case_id.as_deref() {
            open.entry(case_id).or_default().push(row.clone());
        }
    }
    let by_id: HashMap<&str, &ChangedCase> = cases
        .iter()
        .map(|case| (case.row.id.as_str(), case))
        .collect();
    let (mut opened, mut cured) = (Vec::new(), Vec::new());
    for case in cases {
        let stored = open
            .get(case.row.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let ended = settled(case.state);
        let wanted = case_conditions(case.state, case.context);
        // An item is the same while its kind, key and the moment it shows are: a threshold
        // changed in the unit's rules moves a deadline's window, which cures the item and
        // opens it anew.
        let wanted_keys: HashSet<(&str, &str, i64)> = wanted
            .iter()
            .map(|c| (c.kind.as_str(), c.key.as_str(), c.since_us))
            .collect();
        let stored_keys: HashSet<(&str, &str, i64)> = stored
            .iter()
            .map(|row| (row.kind.as_str(), row.item_key.as_str(), row.since_us))
            .collect();
        for row in stored {
            // Publicity's items follow what is published, which `crate::publicity::follow`
            // keeps; a filing's report its acknowledgement (`super::filing`); a held record
            // its release (`super::held`).
            if matches!(
                AttentionKind::parse(&row.kind),
                Some(
                    AttentionKind::PublicationOverdue
                        | AttentionKind::WithdrawalOverdue
                        | AttentionKind::FilingReport
                        | AttentionKind::RecordHeld
                )
            ) {
                continue;
            }
            let from_state = matches!(
                AttentionKind::parse(&row.kind),
                Some(AttentionKind::Deadline | AttentionKind::ReviewPending)
            );
            let gone = if from_state {
                !wanted_keys.contains(&(row.kind.as_str(), row.item_key.as_str(), row.since_us))
            } else {
                // A record's finding or fork needs attention while its case is open.
                ended
            };
            if gone {
                cured.push(row.id.clone());
            }
        }
        for condition in wanted {
            let key = (
                condition.kind.as_str(),
                condition.key.as_str(),
                condition.since_us,
            );
            if stored_keys.contains(&key) {
                continue;
            }
            opened.push(AttentionRow {
                id: db::new_id(),
                kind: condition.kind.as_str().to_owned(),
                item_key: condition.key,
                org_id: case.row.org_id.clone(),
                subject_kind: "case".to_owned(),
                subject_id: case.row.id.clone(),
                case_id: Some(case.row.id.clone()),
                officer_id: None,
                severity: condition.severity.as_str().to_owned(),
                rule: condition.rule.map(str::to_owned),
                detail: condition.detail,
                since_us: condition.since_us,
                due_us: condition.due_us,
                cured_us: None,
                acknowledged_by: None,
            });
        }
    }
    let record_item =
        |kind: AttentionKind, case_id: &str, hash: &str, key: String, rule, detail| {
            let case = by_id.get(case_id)?;
            (!settled(case.state)).then(|| AttentionRow {
                id: db::new_id(),
                kind: kind.as_str().to_owned(),
                item_key: key,
                org_id: case.row.org_id.clone(),
                subject_kind: "record".to_owned(),
                subject_id: hash.to_owned(),
                case_id: Some(case_id.to_owned()),
                officer_id: None,
                severity: AttentionSeverity::Alarm.as_str().to_owned(),
                rule,
                detail,
                since_us: now_us,
                due_us: None,
                cured_us: None,
                acknowledged_by: None,
            })
        };
    for finding in findings {
        opened.extend(record_item(
            AttentionKind::RuleFinding,
            &finding.case_id,
            &finding.record_hash,
            format!("{}/{}", finding.record_hash, finding.rule),
            Some(finding.rule.clone()),
            finding.detail.clone(),
        ));
    }
    for fork in forks {
        opened.extend(record_item(
            AttentionKind::Fork,
            &fork.case_id,
            &fork.hash,
            fork.hash.clone(),
            None,
            format!(
                "chain {} seq {} conflicts with record {}",
                fork.chain_id, fork.seq, fork.conflicts_with
            ),
        ));
    }
    let cured: Vec<&str> = cured.iter().map(String::as_str).collect();
    db::attention::cure(conn, &cured, now_us)?;
    db::attention::insert_all(conn, &opened)?;
    super::filing::record(conn, cases, now_us)?;
    let facts: Vec<FactsRow> = cases.iter().map(facts_row).collect();
    let stored = db::case_facts::of_cases(conn, &ids)?;
    db::case_facts::write(conn, &facts, &stored)?;
    super::rollup::record(conn, &stored, &facts, findings)?;
    Ok(())
}

/// The facts row of a changed case.
fn facts_row(case: &ChangedCase) -> FactsRow {
    let facts = CaseFacts::of(case.state, case.context);
    let flag = |value: bool| i32::from(value);
    // A case stored before its facts were kept gets its smallest assigned officer; the
    // officer of a stored row is never rewritten.
    let officer = case
        .opened_by
        .map(str::to_owned)
        .or_else(|| case.state.assigned.iter().next().cloned())
        .unwrap_or_default();
    FactsRow {
        case_id: case.row.id.clone(),
        org_id: case.row.org_id.clone(),
        officer_id: officer,
        procedure: facts.procedure.map(str::to_owned),
        domain: facts.domain,
        filed_at_us: facts.filed_at_us,
        filed_month: facts.filed_month,
        decided_at_us: facts.decided_at_us,
        decided_month: facts.decided_month,
        closed_at_us: facts.closed_at_us,
        closed_month: facts.closed_month,
        next_deadline_us: case.row.next_deadline_us,
        warning: flag(facts.warning),
        fined: flag(facts.fine_fen > 0),
        fine_fen: facts.fine_fen as i64,
        confiscated: flag(facts.confiscation_fen > 0),
        confiscation_fen: facts.confiscation_fen as i64,
        sanctions: facts.sanctions as i32,
        hearing_requested: flag(facts.hearing_requested),
        hearing_held: flag(facts.hearing_held),
        major: flag(facts.major),
        legal_review: flag(facts.legal_review),
        collective_discussion: flag(facts.collective_discussion),
        decision_working_days: facts.decision_working_days.map(|days| days as i32),
    }
}
