//! Test support for full-process recording: units, certified officers and enrolled phones
//! set up through the admin routes, records signed with custos-core as a phone signs them,
//! and lawful sample records of every kind.

use crate::{TestApp, expect_json};
use custos_api::auth::Role;
use custos_core::device::DeviceSigningKey;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::*;
use custos_core::record::Record;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The enforcement domain of every sample case.
pub const DOMAIN: &str = "market-supervision";
/// The regulation that provides the extension of the samples' decision period.
pub const REGULATION: &str = "市场监督管理行政处罚程序规定 第六十四条";
/// Password of every user the recording tests create.
pub const PASSWORD: &str = "officer password 1";

const DAY_US: i64 = 86_400_000_000;
/// Monday 2026-03-02, 10:00 China Standard Time (no holiday until 4 April).
const MONDAY_2026_03_02_10H_US: i64 = 1_772_416_800_000_000;

/// 10:00 China Standard Time, `days` calendar days after Monday 2026-03-02.
pub fn day(days: i64) -> i64 {
    MONDAY_2026_03_02_10H_US + days * DAY_US
}

/// A user of a test app with its access token.
#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub username: String,
    pub token: String,
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
        Phone::new_with_key([seed; 32], case_id)
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

    fn new_with_key(seed: [u8; 32], case_id: &str) -> Phone {
        Phone::with_key(DeviceSigningKey::from_seed(seed), case_id)
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

    /// Signs `record` at `seq` after `prev` without moving the chain (for forks and gaps).
    pub fn sign_at(&self, seq: u64, prev: Option<Sha256Digest>, record: &CaseRecord) -> Record {
        record
            .to_unsigned(self.chain.clone(), seq, prev, self.key.device_id().clone())
            .expect("sample bodies serialise")
            .sign(&self.key)
            .expect("the phone signs its own records")
    }
}

/// Creates a unit below `parent_id` through `POST /api/v1/orgs`.
pub fn create_org(app: &TestApp, admin: &str, name: &str, parent_id: &str, kind: &str) -> String {
    let response = app
        .post("/api/v1/orgs")
        .bearer_auth(admin)
        .json(&json!({"name": name, "parent_id": parent_id, "kind": kind}))
        .send()
        .expect("request sent");
    id_of(&expect_json(response, StatusCode::CREATED))
}

/// Sets unit `org_id`'s rule configuration through `PUT /api/v1/orgs/{id}/rules` as `admin`
/// and answers the configuration in force.
pub fn set_rules(app: &TestApp, admin: &str, org_id: &str, rules: &Value) -> Value {
    let response = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/orgs/{org_id}/rules"),
        )
        .bearer_auth(admin)
        .json(rules)
        .send()
        .expect("request sent");
    expect_json(response, StatusCode::OK)
}

/// Adds a user in `org_id` and logs it in.
pub fn user(app: &TestApp, username: &str, role: Role, org_id: &str) -> User {
    let id = app.add_user(username, PASSWORD, role, org_id);
    User {
        id,
        username: username.to_owned(),
        token: app.login(username, PASSWORD).access,
    }
}

/// Adds an officer in `org_id` with a certificate for [`DOMAIN`] valid 2024 to 2027.
pub fn officer(app: &TestApp, admin: &str, username: &str, org_id: &str) -> User {
    let officer = user(app, username, Role::Officer, org_id);
    certify(app, admin, &officer.id, &format!("CERT-{username}"));
    officer
}

/// Registers a certificate for [`DOMAIN`] valid 2024 to 2027 through `POST /api/v1/certificates`.
pub fn certify(app: &TestApp, admin: &str, holder_id: &str, number: &str) -> String {
    let number: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let response = app
        .post("/api/v1/certificates")
        .bearer_auth(admin)
        .json(&json!({
            "number": number,
            "holder_id": holder_id,
            "holder_name": "张三",
            "issuer": "市人民政府",
            "domains": [DOMAIN],
            "valid_from": "2024-01-01",
            "valid_until": "2027-12-31",
        }))
        .send()
        .expect("request sent");
    id_of(&expect_json(response, StatusCode::CREATED))
}

/// Enrols `phone` as `owner`'s phone in `org_id` through `POST /api/v1/devices`.
pub fn enrol(app: &TestApp, admin: &str, phone: &Phone, org_id: &str, owner: &str) {
    let response = app
        .post("/api/v1/devices")
        .bearer_auth(admin)
        .json(&json!({
            "public_key": phone.key.public_key().to_base64(),
            "kind": "phone",
            "org_id": org_id,
            "owner_id": owner,
        }))
        .send()
        .expect("request sent");
    let body = expect_json(response, StatusCode::CREATED);
    assert_eq!(body["id"], phone.device_id(), "{body}");
}

/// Revokes a device from `revoked_at_us` on through `POST /api/v1/devices/{id}/revoke`.
pub fn revoke(app: &TestApp, admin: &str, device_id: &str, revoked_at_us: i64) {
    let response = app
        .post(&format!("/api/v1/devices/{device_id}/revoke"))
        .bearer_auth(admin)
        .json(&json!({"revoked_at_us": revoked_at_us}))
        .send()
        .expect("request sent");
    expect_json(response, StatusCode::OK);
}

/// The JSON array of signed records, as a phone sends them.
pub fn batch(records: &[&Record]) -> Value {
    Value::Array(
        records
            .iter()
            .map(|record| serde_json::from_slice(&record.to_json()).expect("record JSON"))
            .collect(),
    )
}

/// Submits records as `token` and returns the response body (status 200).
pub fn submit(app: &TestApp, token: &str, records: &[&Record]) -> Value {
    submit_json(app, token, &batch(records))
}

/// Submits a JSON body as `token` and returns the response body (status 200).
pub fn submit_json(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app
        .post("/api/v1/records")
        .bearer_auth(token)
        .json(body)
        .send()
        .expect("request sent");
    expect_json(response, StatusCode::OK)
}

/// The outcome names of a submission's results, in order.
pub fn outcomes(response: &Value) -> Vec<String> {
    response["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| result["outcome"].as_str().expect("outcome").to_owned())
        .collect()
}

fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("id").to_owned()
}

pub fn evidence(kind: &str, fill: u8) -> EvidenceRef {
    EvidenceRef {
        sha256: Sha256Digest([fill; 32]),
        size: 1024,
        kind: kind.to_owned(),
    }
}

pub fn fine(fine_fen: u64) -> Penalty {
    Penalty {
        fine_fen,
        ..Penalty::default()
    }
}

/// The lawful body of a record of `kind` in a case worked by `second` besides the signer
/// (`second` is also the reviewer, the presiding officer and the officer of a conflict):
/// a food-safety case against an organisation, fined ¥5,000; a summary penalty of ¥100 on a
/// person; a hearing on day 21.
pub fn body(kind: RecordKind, second: &str) -> RecordBody {
    let officers = || vec![second.to_owned()];
    match kind {
        RecordKind::CaseFiled => CaseFiled {
            domain: DOMAIN.into(),
            category: "food-safety".into(),
            party_kind: PartyKind::Organisation,
            complex: false,
            major: false,
            major_rights: false,
            // Only the signer handles the case; `filed_with` names others.
            officers: vec![],
            party: Some(Party {
                name: "某某食品有限公司".into(),
                address: Some("某市某区某路1号".into()),
                ..Party::default()
            }),
            // A few days before the filing: well within Art. 36's two years.
            violation_on: Some("2026-02-20".parse().expect("a date")),
            grave_harm: false,
            already_fined_by: None,
            capture: None,
            evidence: vec![],
        }
        .into(),
        RecordKind::InspectionRecord => InspectionRecord {
            domain: DOMAIN.into(),
            officers: officers(),
            credentials_shown: true,
            act: None,
            task: Some("draw-2026-03".into()),
            location: Some(Location {
                lat_e7: 312_304_160,
                lon_e7: 1_214_737_010,
            }),
            evidence: vec![evidence("photo", 0xaa)],
        }
        .into(),
        RecordKind::InspectionConcluded => InspectionConcluded {
            outcome: InspectionOutcome::Compliant,
            evidence: vec![],
        }
        .into(),
        RecordKind::InvestigationRecord => InvestigationRecord {
            officers: officers(),
            credentials_shown: true,
            act: None,
            compulsion: None,
            transcript_signed_by: None,
            location: None,
            evidence: vec![evidence("photo", 0xaa)],
        }
        .into(),
        RecordKind::NoticeServed => NoticeServed {
            facts: "sold expired food".into(),
            reasons: "facts established by inspection".into(),
            legal_basis: "食品安全法 第一百二十四条".into(),
            penalty: fine(500_000),
            rights: vec![
                PartyRight::Statement,
                PartyRight::Defence,
                PartyRight::Hearing,
            ],
            method: ServiceMethod::Direct,
            evidence: vec![],
        }
        .into(),
        RecordKind::StatementRecorded => StatementRecorded {
            response: StatementResponse::Waived,
            evidence: vec![],
        }
        .into(),
        RecordKind::DecisionIssued => DecisionIssued {
            document_number: "市监罚〔2026〕1号".into(),
            penalty: fine(500_000),
            facts: "sold expired food".into(),
            legal_basis: "食品安全法 第一百二十四条".into(),
            compliance: "自收到本决定书之日起十五日内缴纳罚款".into(),
            remedies: Some(Remedies {
                reconsideration_body: "某市人民政府".into(),
                reconsideration_days: 60,
                court: "某区人民法院".into(),
                litigation_months: 6,
            }),
            unit: "某市市场监督管理局".into(),
            sealed: true,
            evidence: vec![evidence("photo", 0xaa)],
        }
        .into(),
        RecordKind::DecisionServed => DecisionServed {
            method: ServiceMethod::Direct,
            documents: vec![
                ServedDocument::Decision,
                ServedDocument::ComplianceAdvice,
                ServedDocument::CreditRepairNotice,
            ],
            evidence: vec![],
        }
        .into(),
        RecordKind::ExecutionRecorded => ExecutionRecorded {
            paid_fen: 500_000,
            act: None,
            officers: vec![],
            complete: true,
            collection: None,
            surcharge_fen: 0,
            evidence: vec![],
        }
        .into(),
        RecordKind::CaseClosed => CaseClosed::default().into(),
        RecordKind::CaseArchived => CaseArchived::default().into(),
        RecordKind::SummaryPenalty => SummaryPenalty {
            domain: DOMAIN.into(),
            party_kind: PartyKind::Person,
            penalty: fine(10_000),
            legal_basis: "《城市市容和环境卫生管理条例》第三十四条".into(),
            officers: officers(),
            credentials_shown: true,
            location: None,
            evidence: vec![evidence("photo", 0xab)],
        }
        .into(),
        RecordKind::EvidencePreserved => EvidencePreserved {
            preservation: "p1".into(),
            approved_by: "head of the unit".into(),
            officers: officers(),
            credentials_shown: true,
            evidence: vec![evidence("photo", 0xac)],
        }
        .into(),
        RecordKind::EvidencePreservationResolved => EvidencePreservationResolved {
            preservation: "p1".into(),
            outcome: PreservationOutcome::Released,
            compulsion: None,
            officers: officers(),
            credentials_shown: true,
            evidence: vec![],
        }
        .into(),
        RecordKind::ConflictDeclared => ConflictDeclared {
            officer: second.into(),
            reason: "relative of the party".into(),
            raised_by: ConflictSource::Officer,
            evidence: vec![],
        }
        .into(),
        RecordKind::ExtensionApproved => ExtensionApproved {
            days: 30,
            approved_by: "head of the unit".into(),
            approver_role: "head".into(),
            regulation: REGULATION.into(),
            reason: "appraisal pending".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::ServiceConsent => ServiceConsent {
            address: "party@example.org".into(),
            evidence: vec![evidence("document", 0xad)],
        }
        .into(),
        RecordKind::ReviewLegal => ReviewLegal {
            reviewer: second.into(),
            outcome: LegalReviewOutcome::Approved,
            opinion: "同意".into(),
            facts_unclear: false,
            evidence: vec![],
        }
        .into(),
        RecordKind::ReviewCollective => ReviewCollective {
            participants: vec!["head".into(), "deputy head".into()],
            conclusion: "impose the proposed fine".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::HearingRequested => HearingRequested::default().into(),
        RecordKind::HearingNotice => HearingNotice {
            hearing_at_us: day(21),
            method: ServiceMethod::Direct,
            evidence: vec![],
        }
        .into(),
        RecordKind::HearingHeld => HearingHeld {
            presiding: second.into(),
            evidence: vec![evidence("video", 0xae)],
        }
        .into(),
        RecordKind::HearingWaived => HearingWaived::default().into(),
        RecordKind::DecisionChanged => DecisionChanged {
            change: DecisionChange::Revoked,
            reason: "revoked on administrative reconsideration".into(),
            decision: None,
            evidence: vec![],
        }
        .into(),
        RecordKind::CaseTerminated => CaseTerminated {
            reason: TerminationReason::NoPenalty,
            basis: "行政处罚法 第三十三条".into(),
            transferred_to: None,
            evidence: vec![],
        }
        .into(),
        RecordKind::CaseAssigned => CaseAssigned {
            officers: officers(),
            evidence: vec![],
        }
        .into(),
        RecordKind::CaseReleased => CaseReleased {
            officers: officers(),
            reason: "moved to another case".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::RecusalDecided => RecusalDecided {
            officer: second.into(),
            recused: true,
            decided_by: second.into(),
            reason: "spouse of the party's manager".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::PeriodExcluded => PeriodExcluded {
            what: "appraisal".into(),
            from_us: day(10),
            to_us: day(12),
            evidence: vec![],
        }
        .into(),
        RecordKind::StatementReviewed => StatementReviewed {
            adopted: false,
            opinion: "the party's account does not change the facts".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::NoticeDelivered => NoticeDelivered {
            received_at_us: day(5),
            evidence: vec![],
        }
        .into(),
        RecordKind::PaymentDeferred => PaymentDeferred {
            approved_by: second.into(),
            reason: "the party's hardship is proven".into(),
            instalments: vec![Instalment {
                due_at_us: day(45),
                amount_fen: 500_000,
            }],
            evidence: vec![],
        }
        .into(),
        // The seizure these name is "m1" (`seizure` below).
        RecordKind::CompulsionApproved => CompulsionApproved {
            measure: "m1".into(),
            approved_by: second.into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::CompulsionExtended => CompulsionExtended {
            measure: "m1".into(),
            approved_by: second.into(),
            days: 30,
            reasons: "the facts are complex: the goods' origin is being traced".into(),
            party_notified: true,
            evidence: vec![],
        }
        .into(),
        RecordKind::CompulsionTesting => CompulsionTesting {
            measure: "m1".into(),
            days: 10,
            party_notified: true,
            evidence: vec![],
        }
        .into(),
        RecordKind::CompulsionEnded => CompulsionEnded {
            measure: "m1".into(),
            outcome: CompulsionOutcome::Released,
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferReported => TransferReported {
            suspicion: "生产、销售不符合安全标准的食品罪".into(),
            officers: officers(),
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferDecided => TransferDecided {
            approved: true,
            decided_by: second.into(),
            reasons: String::new(),
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferMade => TransferMade {
            police: "某市公安局".into(),
            materials: vec![
                TransferMaterial::TransferLetter,
                TransferMaterial::InvestigationReport,
                TransferMaterial::Inventory,
            ],
            evidence: vec![],
        }
        .into(),
        RecordKind::CollectionHandedIn => CollectionHandedIn {
            receipts: vec!["R-1".into()],
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferReturned => TransferReturned {
            notice: "某公不立字〔2026〕1号".into(),
            evidence: vec![],
        }
        .into(),
        // The 立案通知书 received on day 4.
        RecordKind::TransferHandedOver => TransferHandedOver {
            filing_notice: "某公立字〔2026〕1号".into(),
            notice_received_on: "2026-03-06".parse().unwrap(),
            evidence: vec![],
        }
        .into(),
    }
}

/// A seizure (扣押) "m1" on `on` as the law asks it be taken (行政强制法 Arts. 18, 24): on
/// video, approved by the head in advance, the party present and signing, the decision and
/// inventory handed over on the spot.
pub fn seizure(on: i64, officer: &str, second: &str) -> CaseRecord {
    edited(
        step(RecordKind::InvestigationRecord, on, officer, second),
        |body| {
            if let RecordBody::InvestigationRecord(b) = body {
                b.act = Some(act::SEIZURE.into());
                b.evidence = vec![evidence("video", 0xee)];
                b.compulsion = Some(CompulsoryMeasure {
                    measure: "m1".into(),
                    approved_by: Some("head".into()),
                    urgent: false,
                    party_present: true,
                    record_signed_by: RecordSignatory::Party,
                    decision_handed_over: true,
                    inventory_handed_over: true,
                });
            }
        },
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

/// A county with a township, two certified officers of the township with their phones
/// enrolled, and a county supervisor.
pub struct Office {
    pub admin: String,
    pub county: String,
    pub township: String,
    pub a: User,
    pub b: User,
    pub supervisor: User,
}

pub fn office(app: &TestApp) -> Office {
    let admin = app.admin_token();
    let county = create_org(app, &admin, "Test County", &app.root_org_id, "county");
    let township = create_org(app, &admin, "Test Township", &county, "township");
    let a = officer(app, &admin, "officer.a", &township);
    let b = officer(app, &admin, "officer.b", &township);
    let supervisor = user(app, "supervisor.county", Role::Supervisor, &county);
    Office {
        admin,
        county,
        township,
        a,
        b,
        supervisor,
    }
}

impl Office {
    /// Officer A's phone (seed 1) on `case_id`, enrolled.
    pub fn phone_a(&self, app: &TestApp, case_id: &str) -> Phone {
        let phone = Phone::new(1, case_id);
        enrol(app, &self.admin, &phone, &self.township, &self.a.id);
        phone
    }

    /// Step `n` of the ordinary case, signed by A with B present.
    pub fn step(&self, n: usize) -> CaseRecord {
        ordinary_step(n, &self.a.id, &self.b.id)
    }
}

pub fn case_view(app: &TestApp, token: &str, case_id: &str) -> Value {
    expect_json(
        app.get_as(token, &format!("/api/v1/cases/{case_id}")),
        StatusCode::OK,
    )
}
