//! The record fixtures of the end-to-end tests: times from Monday 2026-03-02, the lawful body
//! of every kind in a case worked by two officers, the steps of a lawful ordinary case, and a
//! phone that signs records and chains them as custos-ffi does on a real phone.

use crate::samples::Samples;
use custos_core::device::DeviceSigningKey;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::*;
use custos_core::record::Record;

pub use crate::samples::{DOMAIN, REGULATION, evidence, fine};

/// Monday 2026-03-02, 10:00 China Standard Time (no holiday until 4 April).
const MONDAY_2026_03_02_10H_US: i64 = 1_772_416_800_000_000;

/// 10:00 China Standard Time, `days` calendar days after Monday 2026-03-02.
pub fn day(days: i64) -> i64 {
    crate::samples::day_after(MONDAY_2026_03_02_10H_US, days)
}

/// What the samples of a case worked by `second` besides the signer say: `second` is also the
/// reviewer, the presiding officer, the officer of a conflict and the one who decides; a
/// food-safety case against an organisation, fined ¥5,000; a summary penalty of ¥100 on a
/// person; a hearing on day 21.
pub fn samples(second: &str) -> Samples {
    Samples {
        monday_10h_us: MONDAY_2026_03_02_10H_US,
        year: "2026",
        violation_on: "2026-02-20",
        // The 立案通知书 received on day 4.
        filing_notice_received_on: "2026-03-06",
        task: "draw-2026-03",
        officers: vec![second.into()],
        // Only the signer handles the case; `filed_with` names others.
        filing_officers: vec![],
        approver: "head of the unit".into(),
        decider: second.into(),
        reviewer: second.into(),
        presiding: second.into(),
        participants: vec!["head".into(), "deputy head".into()],
        conflicted: second.into(),
        assigned: vec![second.into()],
        released: vec![second.into()],
        release_reason: "moved to another case",
        conflict_reason: "relative of the party",
        inspection_outcome: InspectionOutcome::Compliant,
        preservation_outcome: PreservationOutcome::Released,
        summary_fine_fen: 10_000,
        summary_evidence: evidence("photo", 0xab),
        preserved_evidence: evidence("photo", 0xac),
        consent_address: "party@example.org",
        consent_evidence: vec![evidence("document", 0xad)],
        legal_opinion: "同意",
        hearing_evidence: vec![evidence("video", 0xae)],
        termination: TerminationReason::NoPenalty,
        termination_basis: "行政处罚法 第三十三条",
        hearing_day: 21,
        excluded_days: (10, 12),
        delivered_day: 5,
        instalment_day: 45,
    }
}

/// The lawful body of a record of `kind` in a case worked by `second` besides the signer
/// (see [`samples`]).
pub fn body(kind: RecordKind, second: &str) -> RecordBody {
    samples(second).body(kind)
}

/// A seizure (扣押) "m1" on `on` as the law asks it be taken (行政强制法 Arts. 18, 24): on
/// video, approved by the head in advance, the party present and signing, the decision and
/// inventory handed over on the spot.
pub fn seizure(on: i64, officer: &str, second: &str) -> CaseRecord {
    edited(
        step(RecordKind::InvestigationRecord, on, officer, second),
        |body| Samples::seize(body, "head", vec![evidence("video", 0xee)]),
    )
}

/// A sample record of `kind` on `on` (days after Monday 2026-03-02), signed by `officer`
/// with `second` as the other officer (or reviewer, or presiding officer) it names.
pub fn step(kind: RecordKind, on: i64, officer: &str, second: &str) -> CaseRecord {
    CaseRecord::new(day(on), officer, body(kind, second))
}

/// A filing (立案) on `on` signed by `officer` that names `handlers` as handling the case with
/// it: they are assigned to it, write into it and read it.
pub fn filed_with(on: i64, officer: &str, handlers: &[&str]) -> CaseRecord {
    let mut body = body(RecordKind::CaseFiled, officer);
    if let RecordBody::CaseFiled(filed) = &mut body {
        filed.officers = handlers.iter().map(|id| id.to_string()).collect();
    }
    CaseRecord::new(day(on), officer, body)
}

/// The body of `record` changed in place, when it is of the kind `change` expects.
pub fn edited(mut record: CaseRecord, change: impl FnOnce(&mut RecordBody)) -> CaseRecord {
    change(&mut record.body);
    record
}

/// The records of a lawful ordinary case (普通程序) from filing to archive, with the day each
/// happens on: filed Monday, investigated, noticed, defended, decided after the hearing
/// request window closed, served with all three documents, paid, closed and archived.
pub const ORDINARY_CASE: [(RecordKind, i64); 9] = [
    (RecordKind::CaseFiled, 0),
    (RecordKind::InvestigationRecord, 1),
    (RecordKind::NoticeServed, 4),
    (RecordKind::StatementRecorded, 5),
    (RecordKind::DecisionIssued, 14),
    (RecordKind::DecisionServed, 15),
    (RecordKind::ExecutionRecorded, 16),
    (RecordKind::CaseClosed, 17),
    (RecordKind::CaseArchived, 18),
];

/// The `n`th step of [`ORDINARY_CASE`] signed by `officer` with `second` present.
pub fn ordinary_step(n: usize, officer: &str, second: &str) -> CaseRecord {
    let (kind, on) = ORDINARY_CASE[n];
    CaseRecord::new(day(on), officer, body(kind, second))
}

/// A phone: its key and the chain it writes for one case.
pub struct Phone {
    pub key: DeviceSigningKey,
    pub chain: String,
    next_seq: u64,
    head: Option<Sha256Digest>,
}

impl Phone {
    /// A phone with a fixed key (`seed`) writing its chain of case `case_id`.
    pub fn new(seed: u8, case_id: &str) -> Phone {
        Phone::with_key(DeviceSigningKey::from_seed([seed; 32]), case_id)
    }

    /// A phone with a fresh random key writing its chain of case `case_id`.
    pub fn generated(case_id: &str) -> Phone {
        Phone::with_key(
            DeviceSigningKey::generate().expect("OS randomness"),
            case_id,
        )
    }

    /// The same phone (same key) writing its chain of another case.
    pub fn on_case(&self, case_id: &str) -> Phone {
        Phone::with_key(self.key.clone(), case_id)
    }

    fn with_key(key: DeviceSigningKey, case_id: &str) -> Phone {
        let chain = format!("{case_id}/{}", key.device_id());
        Phone {
            key,
            chain,
            next_seq: 0,
            head: None,
        }
    }

    pub fn device_id(&self) -> String {
        self.key.device_id().as_str().to_owned()
    }

    /// Signs `record` as the next record of the chain.
    pub fn sign(&mut self, record: &CaseRecord) -> Record {
        let signed = self.sign_at(self.next_seq, self.head, record);
        self.next_seq += 1;
        self.head = Some(signed.hash());
        signed
    }

    /// Signs `records` in order as the next records of the chain.
    pub fn sign_all(&mut self, records: &[CaseRecord]) -> Vec<Record> {
        records.iter().map(|record| self.sign(record)).collect()
    }

    /// Signs `record` at `seq` after `prev` without moving the chain (for forks and gaps).
    pub fn sign_at(&self, seq: u64, prev: Option<Sha256Digest>, record: &CaseRecord) -> Record {
        record
            .to_unsigned(self.chain.clone(), seq, prev, self.key.device_id().clone())
            .expect("sample bodies serialise")
            .sign(&self.key)
            .expect("the phone signs its own records")
    }
}
