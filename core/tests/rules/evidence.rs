//! Art. 46: a decision rests on verified evidence; Art. 55 ¶2: transcripts are signed.

use super::*;

const EVIDENCE_VERIFIED: &str = "APL-46-evidence-verified";
const TRANSCRIPT_SIGNED: &str = "APL-55-transcript-signed";

/// The server found the bytes declared as `fill` repeated did not match on arrival.
fn quarantined(fill: u8) -> RuleContext {
    let mut context = context();
    context
        .unverified_evidence
        .insert(evidence("photo", fill).sha256.to_hex());
    context
}

fn transcript(act_name: &str, signed_by: Option<RecordSignatory>) -> CaseRecord {
    edit!(
        sample(K::InvestigationRecord, 1),
        InvestigationRecord,
        |i| {
            i.act = Some(act_name.into());
            i.transcript_signed_by = signed_by;
        }
    )
}

pub(super) fn cases() -> Vec<RuleCase> {
    vec![
        // The sample decision names the photo 0xaa.
        case(
            EVIDENCE_VERIFIED,
            "a decision on evidence that verified",
            defended(),
            sample(K::DecisionIssued, 10),
            &[],
        )
        .in_context(quarantined(0xd4)),
        case(
            EVIDENCE_VERIFIED,
            "a decision on quarantined evidence",
            defended(),
            sample(K::DecisionIssued, 10),
            &[EVIDENCE_VERIFIED],
        )
        .in_context(quarantined(0xaa)),
        case(
            TRANSCRIPT_SIGNED,
            "an inquiry signed by the party",
            vec![sample(K::CaseFiled, 0)],
            transcript(act::INQUIRY, Some(RecordSignatory::Party)),
            &[],
        ),
        case(
            TRANSCRIPT_SIGNED,
            "a site inspection whose party refused, noted",
            vec![sample(K::CaseFiled, 0)],
            transcript(act::SITE_INSPECTION, Some(RecordSignatory::PartyRefused)),
            &[],
        ),
        case(
            TRANSCRIPT_SIGNED,
            "an inquiry signed by nobody",
            vec![sample(K::CaseFiled, 0)],
            transcript(act::INQUIRY, None),
            &[TRANSCRIPT_SIGNED],
        ),
        case(
            TRANSCRIPT_SIGNED,
            "other investigation steps are no transcript",
            vec![sample(K::CaseFiled, 0)],
            transcript("sampling", None),
            &[],
        ),
    ]
}
