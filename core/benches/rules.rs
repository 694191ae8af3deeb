//! Rule evaluation cost: one candidate record checked against every rule on a case of 200
//! records (issue 6 asks for under 100 µs in core), folding those 200 records from their
//! signed form, and the automatic 案卷评查 score of that case file, decided, under the default
//! template (issue 14 asks for under 1 ms in core).

use criterion::{Criterion, criterion_group, criterion_main};
use custos_core::device::DeviceSigningKey;
use custos_core::lifecycle::{CaseRecord, CaseState, RecordKind};
use custos_core::record::Record;
use custos_core::rules::{Certificate, CertificateStatus, RuleContext, check};
use custos_core::supervision::evaluation::{Template, automatic_score};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;

/// Filed, 197 investigation records, notice and statement: a case of 200 records, and the
/// decision that would be its 201st.
fn case_of_200() -> (Vec<CaseRecord>, CaseRecord) {
    let mut records = vec![sample(RecordKind::CaseFiled, 0)];
    records.extend((0..197).map(|i| sample(RecordKind::InvestigationRecord, 1 + i % 2)));
    records.push(sample(RecordKind::NoticeServed, 2));
    records.push(sample(RecordKind::StatementRecorded, 3));
    (records, sample(RecordKind::DecisionIssued, 10))
}

/// An organisation with 500 certified officers, the case's among them.
fn context() -> RuleContext {
    let holders = [OFFICER_A, OFFICER_B]
        .into_iter()
        .map(str::to_owned)
        .chain((0..498).map(|i| format!("officer-{i}")));
    RuleContext {
        certificates: holders
            .zip(0..)
            .map(|(holder, n)| Certificate {
                number: format!("CERT-{n}"),
                holder,
                issuer: String::new(),
                domains: vec![DOMAIN.into()],
                valid_from: "2024-01-01".parse().unwrap(),
                valid_until: "2027-12-31".parse().unwrap(),
                status: CertificateStatus::Valid,
                status_since: None,
            })
            .collect(),
        ..RuleContext::default()
    }
}

fn sign_all(records: &[CaseRecord]) -> Vec<Record> {
    let key = DeviceSigningKey::from_seed([7; 32]);
    let mut prev = None;
    records
        .iter()
        .zip(0..)
        .map(|(record, seq)| {
            let unsigned = record
                .to_unsigned("case-1".into(), seq, prev, key.device_id().clone())
                .unwrap();
            let signed = unsigned.sign(&key).unwrap();
            prev = Some(signed.hash());
            signed
        })
        .collect()
}

fn rules(c: &mut Criterion) {
    let (records, decision) = case_of_200();
    assert_eq!(records.len(), 200);
    let context = context();
    let state = CaseState::from_records(&records).unwrap();
    assert!(check(&state, &decision, &context).is_empty());
    let investigation = sample(RecordKind::InvestigationRecord, 2);
    let signed = sign_all(&records);
    let signed_decision = &sign_all(&[records.clone(), vec![decision.clone()]].concat())[200];

    c.bench_function("rules/check decision on 200-record case", |b| {
        b.iter(|| check(black_box(&state), black_box(&decision), &context))
    });
    c.bench_function(
        "rules/check investigation (2 certificates) on 200-record case",
        |b| b.iter(|| check(black_box(&state), black_box(&investigation), &context)),
    );
    c.bench_function(
        "rules/check signed decision (body parsed) on 200-record case",
        |b| b.iter(|| check(black_box(&state), black_box(signed_decision), &context)),
    );
    c.bench_function("lifecycle/fold 200 signed records", |b| {
        b.iter(|| CaseState::from_records(black_box(&signed)).unwrap())
    });
    let template = Template::default_template();
    let file = [records.clone(), vec![decision.clone()]].concat();
    c.bench_function(
        "evaluation/automatic score of a 201-record typed case file",
        |b| b.iter(|| automatic_score(&template, black_box(&file)).unwrap()),
    );
    let signed_file = sign_all(&file);
    c.bench_function(
        "evaluation/automatic score of a 201-record signed case file",
        |b| b.iter(|| automatic_score(&template, black_box(&signed_file)).unwrap()),
    );
}

criterion_group!(benches, rules);
criterion_main!(benches);
