//! Arts. 42, 43, 52, 55: who may act in a case: two certified officers (in 简易程序 too unless a
//! law provides otherwise, and at 查封/扣押), recusal and a party's application for it, credentials
//! shown.

use super::*;

const CERTIFIED: &str = "APL-42-certified-officers";
const RECUSAL: &str = "APL-43-recusal";
const CREDENTIALS: &str = "APL-55-credentials-shown";

fn party_application(officer: &str) -> CaseRecord {
    edit!(sample(K::ConflictDeclared, 1), ConflictDeclared, |b| {
        b.officer = officer.into();
        b.raised_by = ConflictSource::Party;
    })
}

fn recusal_of(officer: &str, recused: bool) -> CaseRecord {
    edit!(sample(K::RecusalDecided, 1), RecusalDecided, |b| {
        b.officer = officer.into();
        b.recused = recused;
    })
}

pub(super) fn cases() -> Vec<RuleCase> {
    let mut b_conflicted = context();
    b_conflicted.conflicts.push(Conflict {
        officer: OFFICER_B.into(),
        reason: "spouse of the party's manager".into(),
    });
    let conflict_of_c = concat(filed(), [sample(K::ConflictDeclared, 1)]);

    vec![
        // Art. 42, 52, 55.
        case(
            TWO_OFFICERS,
            "two officers",
            filed(),
            investigation_with(&[OFFICER_B], 1),
            &[],
        ),
        case(
            TWO_OFFICERS,
            "signer alone",
            filed(),
            investigation_with(&[], 1),
            &[TWO_OFFICERS],
        ),
        case(
            TWO_OFFICERS,
            "signer named twice",
            filed(),
            investigation_with(&[OFFICER_A], 1),
            &[TWO_OFFICERS],
        ),
        case(
            CERTIFIED,
            "all certified",
            vec![],
            sample(K::InspectionRecord, 0),
            &[],
        ),
        case(
            CERTIFIED,
            "no certificate",
            filed(),
            investigation_with(&["officer-d"], 1),
            &[CERTIFIED],
        ),
        case(
            CERTIFIED,
            "lapsed",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.valid_until = "2025-03-03".parse().unwrap()
        })),
        case(
            CERTIFIED,
            "last valid day",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        )
        .in_context(with_certificate_of_b(|c| {
            c.valid_until = "2025-03-04".parse().unwrap()
        })),
        case(
            CERTIFIED,
            "other domain",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.domains = vec!["transport".into()]
        })),
        case(
            CERTIFIED,
            "suspended",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.status = CertificateStatus::Suspended
        })),
        case(
            CERTIFIED,
            "revoked after the act",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        )
        .in_context(with_certificate_of_b(|c| {
            c.status = CertificateStatus::Revoked;
            c.status_since = Some("2025-03-05".parse().unwrap());
        })),
        case(
            CERTIFIED,
            "on the spot, uncertified",
            vec![],
            summary_for(PartyKind::Person, fine(100)),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.status = CertificateStatus::Expired
        })),
        // Art. 43.
        case(
            RECUSAL,
            "others act",
            conflict_of_c.clone(),
            investigation_with(&[OFFICER_B], 2),
            &[],
        ),
        case(
            RECUSAL,
            "declared conflict",
            conflict_of_c.clone(),
            investigation_with(&[OFFICER_C], 2),
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "conflicted signer",
            concat(investigated(), [sample(K::ConflictDeclared, 1)]),
            CaseRecord {
                officer: OFFICER_C.into(),
                ..sample(K::NoticeServed, 2)
            },
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "known conflict",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[RECUSAL],
        )
        .in_context(b_conflicted.clone()),
        case(
            RECUSAL,
            "the conflicted officer declares",
            filed(),
            CaseRecord {
                officer: OFFICER_B.into(),
                ..sample(K::ConflictDeclared, 1)
            },
            &[],
        )
        .in_context(b_conflicted),
        // Art. 42 covers 简易程序 unless a law provides otherwise, and 查封/扣押.
        case(
            TWO_OFFICERS,
            "on-the-spot penalty by one officer",
            vec![],
            edit!(sample(K::SummaryPenalty, 0), SummaryPenalty, |b| b
                .officers
                .clear()),
            &[TWO_OFFICERS],
        ),
        case(
            TWO_OFFICERS,
            "on-the-spot penalty by one officer where a law allows it",
            vec![],
            edit!(sample(K::SummaryPenalty, 0), SummaryPenalty, |b| b
                .officers
                .clear()),
            &[],
        )
        .in_context({
            let mut c = context();
            c.config.single_officer_exemptions = vec![SingleOfficerExemption {
                domain: DOMAIN.into(),
                law: "道路交通安全法 第一百零七条".into(),
            }];
            c
        }),
        case(
            TWO_OFFICERS,
            "seizure of preserved goods by one officer",
            preserved_then(investigated()),
            seized(&[]),
            &[TWO_OFFICERS],
        ),
        case(
            TWO_OFFICERS,
            "seizure of preserved goods by two officers",
            preserved_then(investigated()),
            seized(&[OFFICER_B]),
            &[],
        ),
        // Art. 55.
        case(
            CREDENTIALS,
            "credentials shown",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            CREDENTIALS,
            "credentials not recorded",
            filed(),
            edit!(
                sample(K::InvestigationRecord, 1),
                InvestigationRecord,
                |b| b.credentials_shown = false
            ),
            &[CREDENTIALS],
        ),
        // Art. 43: a party's application does not bar the officer until the head decides.
        case(
            RECUSAL,
            "party's application pending, investigation goes on",
            concat(filed(), [party_application(OFFICER_B)]),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            RECUSAL,
            "party's application pending at the decision",
            concat(
                concat(filed(), [party_application(OFFICER_B)]),
                defended().into_iter().skip(1),
            ),
            sample(K::DecisionIssued, 10),
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "recused by the head",
            concat(
                filed(),
                [party_application(OFFICER_B), recusal_of(OFFICER_B, true)],
            ),
            sample(K::InvestigationRecord, 1),
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "application refused by the head",
            concat(
                filed(),
                [party_application(OFFICER_B), recusal_of(OFFICER_B, false)],
            ),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            RECUSAL,
            "decided by someone not a head",
            concat(filed(), [party_application(OFFICER_B)]),
            edit!(recusal_of(OFFICER_B, true), RecusalDecided, |b| b
                .decided_by =
                OFFICER_A.into()),
            &[RECUSAL],
        )
        .in_context(with_heads()),
        case(
            RECUSAL,
            "conflicted head in the collective discussion",
            concat(conflict_of_c.clone(), [sample(K::InvestigationRecord, 1)]),
            edit!(sample(K::ReviewCollective, 2), ReviewCollective, |b| b
                .participants
                .push(OFFICER_C.into())),
            &[RECUSAL],
        ),
    ]
}
