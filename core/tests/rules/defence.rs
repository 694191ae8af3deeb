//! Arts. 44, 45, 63, 64: the notice before a decision, the party's statement and its review,
//! the statement period the unit gives, and the hearing: its right, request, notice and
//! presiding officer, counted from the notice's receipt.

use super::*;

const NOTICE_BEFORE_DECISION: &str = "APL-44-notice-before-decision";
const NOTICE_CONTENT: &str = "APL-44-notice-content";
const STATEMENT: &str = "APL-45-statement-recorded";
const NO_INCREASE: &str = "APL-45-no-increase";
const HEARING_RIGHT: &str = "APL-63-hearing-right";
const REQUEST_WINDOW: &str = "APL-64-request-window";
const NOTICE_AHEAD: &str = "APL-64-notice-7-days";
const PRESIDING_OFFICER: &str = "APL-64-presiding-officer";
const STATEMENT_REVIEWED: &str = "APL-45-statement-reviewed";
const STATEMENT_PERIOD: &str = "APL-45-statement-period";

fn statement_made(on: i64) -> CaseRecord {
    edit!(sample(K::StatementRecorded, on), StatementRecorded, |b| b
        .response =
        StatementResponse::Made)
}

fn silence(on: i64) -> CaseRecord {
    edit!(sample(K::StatementRecorded, on), StatementRecorded, |b| b
        .response =
        StatementResponse::NoResponse)
}

/// Filed, investigated, and noticed by post on Wednesday day 2.
fn posted_notice() -> Vec<CaseRecord> {
    concat(
        investigated(),
        [notice_with(|b| b.method = ServiceMethod::Post, 2)],
    )
}

fn posted_notice_received(on: i64) -> Vec<CaseRecord> {
    concat(posted_notice(), [sample(K::NoticeDelivered, on)])
}

pub(super) fn cases() -> Vec<RuleCase> {
    let large = fine(10_000_000);
    let revocation = Penalty {
        sanctions: vec![Sanction::LicenceRevocation],
        ..Penalty::default()
    };
    let hearing_at = |days: i64| {
        edit!(sample(K::HearingNotice, 4), HearingNotice, |b| b
            .hearing_at_us =
            day(days))
    };
    let with_statement_period = {
        let mut c = context();
        c.config.statement_period_working_days = Some(5);
        c
    };

    vec![
        // Art. 44, 45.
        case(
            NOTICE_BEFORE_DECISION,
            "decision after notice and defence",
            defended(),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            NOTICE_BEFORE_DECISION,
            "decision without notice",
            investigated(),
            sample(K::DecisionIssued, 10),
            &[STAGE_ORDER, NOTICE_BEFORE_DECISION],
        ),
        case(
            NOTICE_CONTENT,
            "complete notice",
            investigated(),
            sample(K::NoticeServed, 2),
            &[],
        ),
        case(
            NOTICE_CONTENT,
            "no facts, no defence right",
            investigated(),
            notice_with(
                |b| {
                    b.facts = " ".into();
                    b.rights = vec![PartyRight::Statement, PartyRight::Hearing];
                },
                2,
            ),
            &[NOTICE_CONTENT],
        ),
        case(
            STATEMENT,
            "decision without a statement",
            notified(),
            sample(K::DecisionIssued, 10),
            &[STATEMENT],
        ),
        case(
            STATEMENT,
            "silence recorded",
            concat(
                notified(),
                [edit!(
                    sample(K::StatementRecorded, 9),
                    StatementRecorded,
                    |b| b.response = StatementResponse::NoResponse
                )],
            ),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            NO_INCREASE,
            "lighter decision",
            defended(),
            decision_with(fine(400_000), 10),
            &[],
        ),
        case(
            NO_INCREASE,
            "heavier fine",
            defended(),
            decision_with(fine(500_001), 10),
            &[NO_INCREASE],
        ),
        case(
            NO_INCREASE,
            "added sanction",
            defended(),
            decision_with(
                Penalty {
                    sanctions: vec![Sanction::LicenceSuspension],
                    ..fine(500_000)
                },
                10,
            ),
            &[NO_INCREASE],
        ),
        // Art. 63, 64.
        case(
            HEARING_RIGHT,
            "below the threshold",
            investigated(),
            notice_with(
                |b| {
                    b.penalty = fine(9_999_999);
                    b.rights.pop();
                },
                2,
            ),
            &[],
        ),
        case(
            HEARING_RIGHT,
            "large fine, hearing not offered",
            investigated(),
            notice_with(
                |b| {
                    b.penalty = large.clone();
                    b.rights.pop();
                },
                2,
            ),
            &[HEARING_RIGHT],
        ),
        case(
            HEARING_RIGHT,
            "revocation, hearing not offered",
            investigated(),
            notice_with(
                |b| {
                    b.penalty = revocation.clone();
                    b.rights.pop();
                },
                2,
            ),
            &[HEARING_RIGHT],
        ),
        case(
            REQUEST_DEADLINE,
            "requested on the 5th working day",
            notified(),
            sample(K::HearingRequested, 9),
            &[],
        ),
        case(
            REQUEST_DEADLINE,
            "requested on the 6th working day",
            notified(),
            sample(K::HearingRequested, 10),
            &[REQUEST_DEADLINE],
        ),
        case(
            REQUEST_WINDOW,
            "decision while the window is open",
            defended(),
            sample(K::DecisionIssued, 9),
            &[REQUEST_WINDOW],
        ),
        case(
            REQUEST_WINDOW,
            "decision after the party waived",
            concat(defended(), [sample(K::HearingWaived, 3)]),
            sample(K::DecisionIssued, 4),
            &[],
        ),
        case(
            NOTICE_AHEAD,
            "seven working days between",
            concat(notified(), [sample(K::HearingRequested, 3)]),
            hearing_at(16),
            &[],
        ),
        case(
            NOTICE_AHEAD,
            "six working days between",
            concat(notified(), [sample(K::HearingRequested, 3)]),
            hearing_at(15),
            &[NOTICE_AHEAD],
        ),
        case(
            PRESIDING_OFFICER,
            "presided by a non-investigator",
            hearing_notified(),
            hearing_held_by(PRESIDING),
            &[],
        ),
        case(
            PRESIDING_OFFICER,
            "presided by an investigator",
            hearing_notified(),
            hearing_held_by(OFFICER_B),
            &[PRESIDING_OFFICER],
        ),
        case(
            HEARING_FIRST,
            "hearing held",
            concat(heard(), [sample(K::ReviewLegal, 24)]),
            sample(K::DecisionIssued, 25),
            &[],
        ),
        case(
            HEARING_FIRST,
            "notified hearing not held",
            concat(hearing_notified(), [sample(K::StatementRecorded, 5)]),
            sample(K::DecisionIssued, 25),
            &[HEARING_FIRST],
        ),
        case(
            HEARING_FIRST,
            "requested hearing not notified",
            concat(
                notified(),
                [
                    sample(K::HearingRequested, 3),
                    sample(K::StatementRecorded, 3),
                ],
            ),
            sample(K::DecisionIssued, 25),
            &[HEARING_FIRST],
        ),
        // Art. 45: 复核, and the statement period the unit gives.
        case(
            STATEMENT_REVIEWED,
            "statement reviewed",
            concat(
                notified(),
                [statement_made(3), sample(K::StatementReviewed, 4)],
            ),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            STATEMENT_REVIEWED,
            "statement not reviewed",
            concat(notified(), [statement_made(3)]),
            sample(K::DecisionIssued, 10),
            &[STATEMENT_REVIEWED],
        ),
        case(
            STATEMENT_REVIEWED,
            "a new statement after the review",
            concat(
                notified(),
                [
                    statement_made(3),
                    sample(K::StatementReviewed, 4),
                    statement_made(5),
                ],
            ),
            sample(K::DecisionIssued, 10),
            &[STATEMENT_REVIEWED],
        ),
        case(
            STATEMENT_PERIOD,
            "silence after the period",
            notified(),
            silence(10),
            &[],
        )
        .in_context(with_statement_period.clone()),
        case(
            STATEMENT_PERIOD,
            "silence recorded within the period",
            notified(),
            silence(9),
            &[STATEMENT_PERIOD],
        )
        .in_context(with_statement_period),
        // Art. 64: from receipt of the notice; posted Wednesday day 2, received Monday day 7,
        // the request period closes Monday 2025-03-17 (day 14).
        case(
            REQUEST_DEADLINE,
            "requested on the 5th working day after receipt",
            posted_notice_received(7),
            sample(K::HearingRequested, 14),
            &[],
        ),
        case(
            REQUEST_DEADLINE,
            "requested on the 6th working day after receipt",
            posted_notice_received(7),
            sample(K::HearingRequested, 15),
            &[REQUEST_DEADLINE],
        ),
        case(
            REQUEST_WINDOW,
            "posted notice, receipt not recorded",
            concat(posted_notice(), [silence(20)]),
            sample(K::DecisionIssued, 30),
            &[REQUEST_WINDOW],
        ),
        case(
            PRESIDING_OFFICER,
            "presided by the inspector before filing",
            concat(
                concat(
                    vec![edit!(
                        sample(K::InspectionRecord, 0),
                        InspectionRecord,
                        |b| b.officers = vec![PRESIDING.into()]
                    )],
                    hearing_notified(),
                ),
                [],
            ),
            sample(K::HearingHeld, 24),
            &[PRESIDING_OFFICER],
        ),
    ]
}
