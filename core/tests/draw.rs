//! The 双随机 draw: known answers from the independent Python implementation
//! (vectors/draw.py), the same implementation run live on random draws, and the invariants
//! of a selection as properties.

use custos_core::digest::Sha256Digest;
use custos_core::draw::{
    self, DrawError, DrawInputs, DrawResult, DrawStream, INSPECTOR_STREAM, TARGET_STREAM,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

fn vectors() -> Value {
    serde_json::from_str(include_str!("vectors/draw.json")).expect("draw.json is valid JSON")
}

fn digest(text: &Value) -> Sha256Digest {
    Sha256Digest::from_hex(text.as_str().expect("hex string")).expect("valid hex digest")
}

fn strings(list: &Value) -> Vec<String> {
    serde_json::from_value(list.clone()).expect("list of strings")
}

fn inputs_of(request: &Value) -> DrawInputs {
    let inputs = &request["inputs"];
    let text = |name: &str| inputs[name].as_str().expect("string").to_owned();
    let number = |name: &str| inputs[name].as_u64().expect("integer");
    DrawInputs::new(
        text("draw"),
        text("org"),
        text("task"),
        text("domain"),
        number("count"),
        number("team_size"),
        strings(&inputs["targets"]),
        strings(&inputs["inspectors"]),
    )
    .expect("valid draw inputs")
}

/// Compares custos-core's draw of `request` with `expected` (an answer of draw.py).
fn check(request: &Value, expected: &Value) {
    let inputs = inputs_of(request);
    let inputs_digest = inputs.digest().expect("digest");
    assert_eq!(
        inputs_digest,
        digest(&expected["inputs_sha256"]),
        "{request}"
    );
    let seed = match request.get("seed") {
        Some(seed) => digest(seed),
        None => draw::seed(
            request["log_size"].as_u64().expect("log_size"),
            &digest(&request["log_root"]),
            &inputs_digest,
        ),
    };
    assert_eq!(seed, digest(&expected["seed"]), "{request}");
    let result = draw::draw(&inputs, &seed).expect("draw");
    let expected: DrawResult = serde_json::from_value(expected["result"].clone()).expect("result");
    assert_eq!(result, expected, "{request}");
}

#[test]
fn known_answers_from_the_python_implementation() {
    let vectors = vectors();
    let draws = vectors["draws"].as_array().expect("draws");
    assert_eq!(draws.len(), 5);
    for vector in draws {
        check(vector, vector);
    }
}

#[test]
fn stream_words_and_rejection_sampling_match_the_vectors() {
    for vector in vectors()["below"].as_array().expect("below") {
        let label = match vector["label"].as_str() {
            Some(TARGET_STREAM) => TARGET_STREAM,
            Some(INSPECTOR_STREAM) => INSPECTOR_STREAM,
            other => panic!("unknown label {other:?}"),
        };
        let seed = digest(&vector["seed"]);
        let mut words = DrawStream::new(label, &seed);
        let expected_words: Vec<u64> =
            serde_json::from_value(vector["words"].clone()).expect("words");
        let words: Vec<u64> = expected_words.iter().map(|_| words.next_word()).collect();
        assert_eq!(words, expected_words);
        let n = vector["n"].as_u64().expect("n");
        let mut stream = DrawStream::new(label, &seed);
        let expected_below: Vec<u64> =
            serde_json::from_value(vector["below"].clone()).expect("below");
        let below: Vec<u64> = expected_below.iter().map(|_| stream.below(n)).collect();
        assert_eq!(below, expected_below);
        // With n = 2^63 + 1 a word of 2^63 + 1 or more is rejected; some of these are, so
        // the vectors exercise step 3.
        assert!(below.iter().all(|&value| value < n));
        assert!(words.iter().any(|&word| word >= n));
    }
}

/// A small deterministic generator for the live comparison's random draws.
fn random_requests(count: usize) -> Vec<Value> {
    let mut stream = DrawStream::new("custos/draw/test-requests", &Sha256Digest([7; 32]));
    (0..count)
        .map(|n| {
            let candidates = 1 + stream.below(40);
            let pool = 2 + stream.below(8);
            let targets: Vec<String> = (0..candidates + stream.below(5))
                .map(|_| format!("企业-{}", stream.below(candidates)))
                .collect();
            let distinct = targets.iter().collect::<BTreeSet<_>>().len() as u64;
            let inspectors: Vec<String> = (0..pool)
                .map(|i| format!("officer-{}", (i * 7919) % 1000))
                .collect();
            json!({
                "log_size": stream.next_word() >> 20,
                "log_root": Sha256Digest([n as u8; 32]).to_hex(),
                "inputs": {
                    "draw": format!("draw-{n}"),
                    "org": "org-1",
                    "task": "抽查",
                    "domain": "market-supervision",
                    "count": 1 + stream.below(distinct),
                    "team_size": 2 + stream.below(pool - 1),
                    "targets": targets,
                    "inspectors": inspectors,
                }
            })
        })
        .collect()
}

#[test]
fn random_draws_match_the_python_implementation_run_now() {
    let requests = random_requests(200);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/draw.py");
    let mut python = Command::new("python3")
        .args([script, "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is installed");
    python
        .stdin
        .take()
        .expect("stdin")
        .write_all(Value::from(requests.clone()).to_string().as_bytes())
        .expect("write requests");
    let output = python.wait_with_output().expect("python3 ran");
    assert!(output.status.success(), "draw.py failed");
    let answers: Vec<Value> = serde_json::from_slice(&output.stdout).expect("answers");
    assert_eq!(answers.len(), requests.len());
    for (request, answer) in requests.iter().zip(&answers) {
        check(request, answer);
    }
}

#[test]
fn impossible_draws_are_refused() {
    let make = |count, team_size, targets: &[&str], inspectors: &[&str]| {
        DrawInputs::new(
            "d".into(),
            "o".into(),
            "t".into(),
            "market-supervision".into(),
            count,
            team_size,
            targets.iter().map(|s| s.to_string()).collect(),
            inspectors.iter().map(|s| s.to_string()).collect(),
        )
    };
    let pool = ["a", "b", "c"];
    assert_eq!(
        make(0, 2, &["x"], &pool),
        Err(DrawError::CountOutOfRange {
            count: 0,
            candidates: 1
        })
    );
    assert_eq!(
        make(3, 2, &["x", "y", "x"], &pool),
        Err(DrawError::CountOutOfRange {
            count: 3,
            candidates: 2
        })
    );
    assert_eq!(
        make(1, 1, &["x"], &pool),
        Err(DrawError::TeamTooSmall { team_size: 1 })
    );
    assert_eq!(
        make(1, 3, &["x"], &["a", "b", "a"]),
        Err(DrawError::PoolTooSmall {
            team_size: 3,
            pool: 2
        })
    );
    assert_eq!(
        make(1, 2, &["x", ""], &pool),
        Err(DrawError::EmptyId {
            list: "candidate targets"
        })
    );
    assert_eq!(
        make(1, 2, &["x"], &pool)
            .expect("valid")
            .canonical_bytes()
            .expect("bytes"),
        br#"{"count":1,"domain":"market-supervision","draw":"d","inspectors":["a","b","c"],"org":"o","targets":["x"],"task":"t","team_size":2,"v":1}"#
    );
}

fn ids(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[a-z0-9一二三]{1,6}", 1..max)
}

/// Inputs with a valid count and team size, and a seed.
fn draws() -> impl Strategy<Value = (Vec<String>, Vec<String>, u64, u64, [u8; 32])> {
    (
        ids(30),
        ids(8),
        any::<u64>(),
        any::<u64>(),
        any::<[u8; 32]>(),
    )
        .prop_filter_map(
            "needs two distinct inspectors",
            |(targets, pool, count, team, seed)| {
                let distinct_targets = targets.iter().collect::<BTreeSet<_>>().len() as u64;
                let distinct_pool = pool.iter().collect::<BTreeSet<_>>().len() as u64;
                (distinct_pool >= 2).then(|| {
                    (
                        targets,
                        pool,
                        1 + count % distinct_targets,
                        2 + team % (distinct_pool - 1),
                        seed,
                    )
                })
            },
        )
}

fn inputs(targets: Vec<String>, pool: Vec<String>, count: u64, team_size: u64) -> DrawInputs {
    DrawInputs::new(
        "draw".into(),
        "org".into(),
        "task".into(),
        "domain".into(),
        count,
        team_size,
        targets,
        pool,
    )
    .expect("valid inputs")
}

proptest! {
    #[test]
    fn a_draw_is_a_subset_of_the_right_size_without_repeats(
        (targets, pool, count, team_size, seed) in draws()
    ) {
        let seed = Sha256Digest(seed);
        let result = draw::draw(&inputs(targets.clone(), pool.clone(), count, team_size), &seed).unwrap();
        prop_assert_eq!(result.targets.len() as u64, count);
        prop_assert_eq!(result.targets.iter().collect::<BTreeSet<_>>().len() as u64, count);
        prop_assert!(result.targets.iter().all(|target| targets.contains(target)));
        prop_assert_eq!(result.assignments.len() as u64, count);
        for (assignment, target) in result.assignments.iter().zip(&result.targets) {
            prop_assert_eq!(&assignment.target, target);
            prop_assert_eq!(assignment.inspectors.len() as u64, team_size);
            prop_assert_eq!(assignment.inspectors.iter().collect::<BTreeSet<_>>().len() as u64, team_size);
            prop_assert!(assignment.inspectors.iter().all(|inspector| pool.contains(inspector)));
        }
        // Deterministic: the same seed and inputs give the same draw.
        let again = draw::draw(&inputs(targets, pool, count, team_size), &seed).unwrap();
        prop_assert_eq!(again, result);
    }

    #[test]
    fn input_order_and_repeats_do_not_matter(
        (targets, pool, count, team_size, seed) in draws(),
        rotate in any::<usize>(),
    ) {
        let seed = Sha256Digest(seed);
        let original = inputs(targets.clone(), pool.clone(), count, team_size);
        let mut shuffled_targets = targets.clone();
        shuffled_targets.reverse();
        shuffled_targets.extend(targets.iter().take(3).cloned());
        let mut shuffled_pool = pool.clone();
        let len = shuffled_pool.len();
        shuffled_pool.rotate_left(rotate % len);
        shuffled_pool.push(pool[0].clone());
        let shuffled = inputs(shuffled_targets, shuffled_pool, count, team_size);
        prop_assert_eq!(original.digest().unwrap(), shuffled.digest().unwrap());
        prop_assert_eq!(draw::draw(&original, &seed).unwrap(), draw::draw(&shuffled, &seed).unwrap());
    }

    #[test]
    fn a_different_seed_or_input_changes_the_seed(
        size in any::<u64>(),
        root in any::<[u8; 32]>(),
        digest in any::<[u8; 32]>(),
        flip in 0usize..32,
    ) {
        let seed = draw::seed(size, &Sha256Digest(root), &Sha256Digest(digest));
        let mut other_root = root;
        other_root[flip] ^= 1;
        prop_assert_ne!(seed, draw::seed(size, &Sha256Digest(other_root), &Sha256Digest(digest)));
        prop_assert_ne!(seed, draw::seed(size ^ 1, &Sha256Digest(root), &Sha256Digest(digest)));
    }
}

#[test]
fn every_candidate_can_be_drawn_and_the_first_pick_is_roughly_uniform() {
    // 4,000 seeds drawing one of 8 candidates: each should come first about 500 times; a
    // biased or broken shuffle (e.g. one that never moves the last candidate) fails this
    // by far. The bound is six standard deviations, so an honest draw fails it with
    // probability below 1e-8.
    let candidates: Vec<String> = (0..8).map(|n| format!("t{n}")).collect();
    let mut counts = std::collections::BTreeMap::new();
    for n in 0u32..4000 {
        let seed = draw::seed(u64::from(n), &Sha256Digest([0; 32]), &Sha256Digest([1; 32]));
        let picked = draw::select_targets(&seed, &candidates, 1).unwrap();
        *counts.entry(picked[0].clone()).or_insert(0u32) += 1;
    }
    assert_eq!(counts.len(), 8);
    assert!(
        counts
            .values()
            .all(|&count| (500 - 126..=500 + 126).contains(&count)),
        "{counts:?}"
    );
}
