//! Chain verification: named cases through one `check` helper, the incremental state, and
//! property tests that damage random valid chains in every way the verifier must name.

use std::num::NonZeroU64;

use custos_core::chain::{ChainBreak, ChainFault, ChainState, ChainVerdict, verify_chain};
use custos_core::device::{DeviceId, DevicePublicKey, DeviceSigningKey};
use custos_core::digest::Sha256Digest;
use custos_core::record::{Record, UnsignedRecord};
use proptest::prelude::*;
use serde_json::{Value, json};

const CHAIN: &str = "case-2024-0001";

/// Three enrolled devices and one that the lookup does not know.
fn device(index: usize) -> DeviceSigningKey {
    DeviceSigningKey::from_seed([index as u8 + 1; 32])
}

const UNKNOWN: usize = 3;

fn key_of(id: &DeviceId) -> Option<DevicePublicKey> {
    (0..UNKNOWN)
        .map(device)
        .find(|key| key.device_id() == id)
        .map(|key| key.public_key().clone())
}

fn unsigned(seq: u64, prev: Option<Sha256Digest>, signer: usize, body: Value) -> UnsignedRecord {
    UnsignedRecord {
        v: 1,
        chain: CHAIN.to_owned(),
        seq,
        prev,
        kind: "investigation.photo".to_owned(),
        at_us: 1_717_200_000_000_000 + seq as i64,
        device: device(signer).device_id().clone(),
        officer: format!("officer-{signer}"),
        body: body.as_object().unwrap().clone(),
    }
}

/// A valid chain whose record `seq` is signed by `signers[seq]`.
fn build_chain(signers: &[usize]) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    for (seq, &signer) in signers.iter().enumerate() {
        let prev = records.last().map(Record::hash);
        let body = json!({"step": seq, "evidence": []});
        records.push(
            unsigned(seq as u64, prev, signer, body)
                .sign(&device(signer))
                .unwrap(),
        );
    }
    records
}

/// `record` as it would parse with `member` replaced, signature untouched.
fn with_member(record: &Record, member: &str, value: Value) -> Record {
    let mut json = serde_json::to_value(record).unwrap();
    json[member] = value;
    Record::from_value(json).unwrap()
}

/// Verifies `records` in the given order and in reverse (the verdict must not depend on it).
fn check(records: &[Record], expected: ChainVerdict) {
    let actual = verify_chain(CHAIN, records, key_of);
    assert_eq!(actual, expected);
    let reversed = verify_chain(CHAIN, records.iter().rev(), key_of);
    assert_eq!(reversed, expected, "reversed input");
}

fn valid(records: &[Record]) -> ChainVerdict {
    ChainVerdict::Valid {
        head: records.last().unwrap().hash(),
        length: records.len() as u64,
    }
}

fn broken(seq: u64, fault: ChainFault) -> ChainVerdict {
    ChainVerdict::Broken { seq, fault }
}

/// Changed-record or bad-signature, as the documented definition decides it.
fn unsigned_change(chain: &[Record], seq: usize, changed: &Record) -> ChainFault {
    match chain.get(seq + 1) {
        Some(_) => ChainFault::ChangedRecord {
            committed: chain[seq].hash(),
            found: changed.hash(),
        },
        None => ChainFault::BadSignature,
    }
}

#[test]
fn named_cases() {
    let chain = build_chain(&[0, 1, 2, 0, 1]);
    check(&chain, valid(&chain));
    check(&[], broken(0, ChainFault::Gap));
    check(&chain[1..], broken(0, ChainFault::Gap));
    check(
        &[&chain[..2], &chain[3..]].concat(),
        broken(2, ChainFault::Gap),
    );
    check(
        &[&chain[..], &chain[2..3]].concat(),
        broken(2, ChainFault::Duplicate),
    );

    let other_step = unsigned(2, Some(chain[1].hash()), 2, json!({"step": "other"}));
    let fork = other_step.sign(&device(2)).unwrap();
    check(&[&chain[..], &[fork]].concat(), broken(2, ChainFault::Fork));

    let mut elsewhere = unsigned(0, None, 0, json!({}));
    elsewhere.chain = "case-2024-0002".to_owned();
    let elsewhere = elsewhere.sign(&device(0)).unwrap();
    let found = "case-2024-0002".to_owned();
    check(&[elsewhere], broken(0, ChainFault::WrongChain { found }));

    let stranger = unsigned(0, None, UNKNOWN, json!({}))
        .sign(&device(UNKNOWN))
        .unwrap();
    let unknown = device(UNKNOWN).device_id().clone();
    check(
        &[stranger],
        broken(0, ChainFault::UnknownDevice { device: unknown }),
    );

    let mut damaged = chain.clone();
    let other_sig = chain[0].sig_base64();
    damaged[1] = with_member(&chain[1], "sig", json!(other_sig));
    check(&damaged, broken(1, ChainFault::BadSignature));

    let mut changed = chain.clone();
    changed[3] = with_member(
        &chain[3],
        "body",
        json!({"step": 3, "evidence": [], "x": 1}),
    );
    let committed = chain[3].hash();
    let found = changed[3].hash();
    check(
        &changed,
        broken(3, ChainFault::ChangedRecord { committed, found }),
    );
    changed[4] = with_member(&chain[4], "at_us", json!(1));
    check(&changed[3..], broken(0, ChainFault::Gap));
    check(&changed, broken(3, ChainFault::BadSignature));

    // Two bad copies at one seq: the verdict names one of them, whatever the input order.
    let mut two_bad = chain[..3].to_vec();
    two_bad.push(with_member(&chain[1], "chain", json!("case-other")));
    two_bad[1] = with_member(&chain[1], "officer", json!("officer-99"));
    let forward = verify_chain(CHAIN, &two_bad, key_of);
    assert_eq!(forward, verify_chain(CHAIN, two_bad.iter().rev(), key_of));
    assert!(
        matches!(forward, ChainVerdict::Broken { seq: 1, .. }),
        "{forward:?}"
    );

    let claims_prev = unsigned(0, Some(chain[0].hash()), 0, json!({}));
    let claims_prev = claims_prev.sign(&device(0)).unwrap();
    check(&[claims_prev], broken(0, ChainFault::PrevAtGenesis));

    for prev in [None, Some(chain[0].hash())] {
        let relinked = unsigned(2, prev, 2, json!({})).sign(&device(2)).unwrap();
        let expected = ChainFault::WrongPrev {
            expected: chain[1].hash(),
            found: prev,
        };
        check(&[&chain[..2], &[relinked]].concat(), broken(2, expected));
    }
}

#[test]
fn the_incremental_state_agrees_with_the_batch_verifier() {
    let chain = build_chain(&[0, 1, 2, 1]);
    let mut state = ChainState::new(CHAIN);
    assert_eq!(state.head(), None);
    for record in &chain {
        assert_eq!(state.append(record, key_of), Ok(record.hash()));
    }
    assert_eq!(state.next_seq(), 4);
    assert_eq!(
        verify_chain(CHAIN, &chain, key_of),
        ChainVerdict::Valid {
            head: state.head().unwrap(),
            length: state.next_seq(),
        }
    );

    let resumed = ChainState::resume(CHAIN, chain[3].hash(), NonZeroU64::new(4).unwrap());
    assert_eq!(resumed, state);

    let fault = |seq, fault| Err(ChainBreak { seq, fault });
    assert_eq!(
        state.check(&chain[3], key_of),
        fault(3, ChainFault::Duplicate)
    );
    let fork = unsigned(3, Some(chain[2].hash()), 1, json!({"x": 1}))
        .sign(&device(1))
        .unwrap();
    assert_eq!(state.check(&fork, key_of), fault(3, ChainFault::Fork));
    assert_eq!(
        state.check(&chain[1], key_of),
        fault(1, ChainFault::SeqTaken)
    );
    let ahead = unsigned(5, Some(chain[3].hash()), 0, json!({}))
        .sign(&device(0))
        .unwrap();
    assert_eq!(state.check(&ahead, key_of), fault(4, ChainFault::Gap));
    let next = unsigned(4, Some(chain[3].hash()), 0, json!({}))
        .sign(&device(0))
        .unwrap();
    assert_eq!(state.check(&next, key_of), Ok(()));
    let unsigned_next = with_member(&next, "officer", json!("officer-9"));
    assert_eq!(
        state.check(&unsigned_next, key_of),
        fault(4, ChainFault::BadSignature)
    );
    // A refused record leaves the state as it was.
    assert_eq!(
        state.append(&unsigned_next, key_of).map(|_| ()),
        fault(4, ChainFault::BadSignature)
    );
    assert_eq!(state, resumed);
}

/// How a property test damages a valid chain.
#[derive(Clone, Debug)]
enum Damage {
    /// Replaces a member of the record at `at` (signature untouched).
    Alter {
        at: usize,
        member: Member,
    },
    Remove {
        at: usize,
    },
    Swap {
        at: usize,
        with: usize,
    },
    /// Re-signs the record at `at` with the known device `(original + shift) % 3`.
    ResignKnown {
        at: usize,
        shift: usize,
    },
    /// Re-signs the record at `at` with the unknown device.
    ResignUnknown {
        at: usize,
    },
    /// Signs the record's unchanged content with another known key, keeping `device`.
    SignWithOtherKey {
        at: usize,
        shift: usize,
    },
    Duplicate {
        at: usize,
    },
    Fork {
        at: usize,
    },
}

#[derive(Clone, Copy, Debug)]
enum Member {
    Chain,
    SeqBeyondHead,
    SeqEarlier,
    Prev,
    Kind,
    AtUs,
    DeviceKnown,
    DeviceUnknown,
    Officer,
    Body,
    SigBit(usize),
}

fn damage(length: usize) -> impl Strategy<Value = Damage> {
    let at = 0..length;
    let member = prop_oneof![
        Just(Member::Chain),
        Just(Member::SeqBeyondHead),
        Just(Member::SeqEarlier),
        Just(Member::Prev),
        Just(Member::Kind),
        Just(Member::AtUs),
        Just(Member::DeviceKnown),
        Just(Member::DeviceUnknown),
        Just(Member::Officer),
        Just(Member::Body),
        (0usize..512).prop_map(Member::SigBit),
    ];
    prop_oneof![
        (at.clone(), member).prop_map(|(at, member)| Damage::Alter { at, member }),
        at.clone().prop_map(|at| Damage::Remove { at }),
        (at.clone(), 0..length).prop_map(|(at, with)| Damage::Swap { at, with }),
        (at.clone(), 1usize..3).prop_map(|(at, shift)| Damage::ResignKnown { at, shift }),
        at.clone().prop_map(|at| Damage::ResignUnknown { at }),
        (at.clone(), 1usize..3).prop_map(|(at, shift)| Damage::SignWithOtherKey { at, shift }),
        at.clone().prop_map(|at| Damage::Duplicate { at }),
        at.prop_map(|at| Damage::Fork { at }),
    ]
}

fn signer_index(record: &Record) -> usize {
    (0..=UNKNOWN)
        .find(|&i| device(i).device_id() == record.device())
        .unwrap()
}

/// Applies `damage` to `chain` and returns the damaged records with the verdict the
/// documented definitions require.
fn apply(chain: &[Record], damage: &Damage) -> (Vec<Record>, ChainVerdict) {
    let mut records = chain.to_vec();
    let last = chain.len() - 1;
    let verdict = match *damage {
        Damage::Alter { at, member } => {
            let record = &chain[at];
            let (value, member_name) = match member {
                Member::Chain => (json!("case-other"), "chain"),
                Member::SeqBeyondHead => (json!(chain.len() + at), "seq"),
                Member::SeqEarlier => (json!(at / 2), "seq"),
                Member::Prev => (json!(Sha256Digest([at as u8; 32])), "prev"),
                Member::Kind => (json!("case.closed"), "kind"),
                Member::AtUs => (json!(record.at_us() - 1), "at_us"),
                Member::DeviceKnown => {
                    let other = device((signer_index(record) + 1) % UNKNOWN);
                    (json!(other.device_id()), "device")
                }
                Member::DeviceUnknown => (json!(device(UNKNOWN).device_id()), "device"),
                Member::Officer => (json!("officer-99"), "officer"),
                Member::Body => (json!({"step": "changed"}), "body"),
                Member::SigBit(bit) => {
                    let mut sig = *record.signature();
                    sig[bit / 8] ^= 1 << (bit % 8);
                    let sig = base64_of(&sig);
                    (json!(sig), "sig")
                }
            };
            let changed = with_member(record, member_name, value);
            records[at] = changed.clone();
            let fault_at = |seq: usize, fault| broken(seq as u64, fault);
            match member {
                Member::Chain => fault_at(
                    at,
                    ChainFault::WrongChain {
                        found: "case-other".to_owned(),
                    },
                ),
                Member::DeviceUnknown => fault_at(
                    at,
                    ChainFault::UnknownDevice {
                        device: device(UNKNOWN).device_id().clone(),
                    },
                ),
                Member::SeqBeyondHead => fault_at(at, ChainFault::Gap),
                Member::SeqEarlier => {
                    // The changed copy joins the authentic record at `earlier`; it has a
                    // successor to contradict it unless moving it left the gap right there.
                    let earlier = at / 2;
                    let fault = if earlier + 1 == at {
                        ChainFault::BadSignature
                    } else {
                        unsigned_change(chain, earlier, &changed)
                    };
                    fault_at(earlier, fault)
                }
                Member::SigBit(_) => fault_at(at, ChainFault::BadSignature),
                _ => fault_at(at, unsigned_change(chain, at, &changed)),
            }
        }
        Damage::Remove { at } => {
            records.remove(at);
            match at {
                _ if at < last => broken(at as u64, ChainFault::Gap),
                0 => broken(0, ChainFault::Gap),
                _ => valid(&records),
            }
        }
        Damage::Swap { at, with } => {
            records.swap(at, with);
            valid(chain)
        }
        Damage::ResignKnown { at, shift } => {
            let signer = (signer_index(&chain[at]) + shift) % UNKNOWN;
            records[at] = resign(&chain[at], signer);
            if at < last {
                let expected = records[at].hash();
                let found = Some(chain[at].hash());
                broken(at as u64 + 1, ChainFault::WrongPrev { expected, found })
            } else {
                valid(&records)
            }
        }
        Damage::ResignUnknown { at } => {
            records[at] = resign(&chain[at], UNKNOWN);
            let device = device(UNKNOWN).device_id().clone();
            broken(at as u64, ChainFault::UnknownDevice { device })
        }
        Damage::SignWithOtherKey { at, shift } => {
            let other = device((signer_index(&chain[at]) + shift) % UNKNOWN);
            let sig = other.sign(chain[at].signing_bytes());
            records[at] = Record::from_parts(chain[at].content().clone(), sig).unwrap();
            broken(at as u64, ChainFault::BadSignature)
        }
        Damage::Duplicate { at } => {
            records.push(chain[at].clone());
            broken(at as u64, ChainFault::Duplicate)
        }
        Damage::Fork { at } => {
            let mut content = chain[at].content().clone();
            content.body.insert("forked".to_owned(), json!(true));
            let signer = signer_index(&chain[at]);
            records.insert(0, content.sign(&device(signer)).unwrap());
            broken(at as u64, ChainFault::Fork)
        }
    };
    (records, verdict)
}

fn resign(record: &Record, signer: usize) -> Record {
    let mut content = record.content().clone();
    content.device = device(signer).device_id().clone();
    content.sign(&device(signer)).unwrap()
}

fn base64_of(sig: &[u8; 64]) -> String {
    custos_core::device::signature_to_base64(sig)
}

/// A random valid chain: 1 to 50 records signed by 1 to 3 devices.
fn arbitrary_chain() -> impl Strategy<Value = Vec<Record>> {
    (1usize..=3)
        .prop_flat_map(|devices| prop::collection::vec(0..devices, 1..=50))
        .prop_map(|signers| build_chain(&signers))
}

/// Every damage at every position of one chain of six records by three devices, so each
/// branch of `apply` is exercised whatever the random tests draw.
#[test]
fn every_damage_on_a_fixed_chain() {
    let chain = build_chain(&[0, 1, 2, 2, 0, 1]);
    let members = [
        Member::Chain,
        Member::SeqBeyondHead,
        Member::SeqEarlier,
        Member::Prev,
        Member::Kind,
        Member::AtUs,
        Member::DeviceKnown,
        Member::DeviceUnknown,
        Member::Officer,
        Member::Body,
        Member::SigBit(0),
        Member::SigBit(255),
        Member::SigBit(256),
        Member::SigBit(511),
    ];
    let mut damages = Vec::new();
    for at in 0..chain.len() {
        for member in members {
            if at > 0 || !matches!(member, Member::SeqEarlier) {
                damages.push(Damage::Alter { at, member });
            }
        }
        for with in 0..chain.len() {
            damages.push(Damage::Swap { at, with });
        }
        for shift in 1..3 {
            damages.push(Damage::ResignKnown { at, shift });
            damages.push(Damage::SignWithOtherKey { at, shift });
        }
        damages.push(Damage::Remove { at });
        damages.push(Damage::ResignUnknown { at });
        damages.push(Damage::Duplicate { at });
        damages.push(Damage::Fork { at });
    }
    for damage in damages {
        let (records, expected) = apply(&chain, &damage);
        assert_eq!(
            verify_chain(CHAIN, &records, key_of),
            expected,
            "{damage:?}"
        );
        let reversed = verify_chain(CHAIN, records.iter().rev(), key_of);
        assert_eq!(reversed, expected, "{damage:?} reversed");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_chains_are_valid(chain in arbitrary_chain()) {
        prop_assert_eq!(verify_chain(CHAIN, &chain, key_of), valid(&chain));
        let mut state = ChainState::new(CHAIN);
        for record in &chain {
            prop_assert_eq!(state.append(record, key_of), Ok(record.hash()));
        }
    }

    #[test]
    fn damage_is_reported_at_the_expected_seq(
        (chain, damage) in arbitrary_chain()
            .prop_flat_map(|chain| { let n = chain.len(); (Just(chain), damage(n)) })
    ) {
        // Record 0 has no earlier seq to be moved to.
        prop_assume!(!matches!(damage, Damage::Alter { at: 0, member: Member::SeqEarlier }));
        let (records, expected) = apply(&chain, &damage);
        prop_assert_eq!(verify_chain(CHAIN, &records, key_of), expected.clone());
        prop_assert_eq!(verify_chain(CHAIN, records.iter().rev(), key_of), expected);
    }
}
