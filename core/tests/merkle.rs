//! The Merkle log against the Go-generated vectors, a naive RFC 6962 reference, and
//! mutations that must all be refused.

mod support;

use custos_core::digest::Sha256Digest;
use custos_core::merkle::{
    BatchAppend, EMPTY_TREE_ROOT, HashStore, LogError, MemoryLog, ProofError, leaf_hash,
    merkle_root, prove_consistency, prove_inclusion, split_stored_hash_index, stored_hash_count,
    stored_hash_index, stored_hashes_for_leaf, tree_hash, verify_consistency, verify_inclusion,
};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use support::{
    b64, b64_list, flip_bit, leaf_hashes, reference_consistency, reference_path, reference_root,
    u64_of, vector_leaf, vectors,
};

/// How many leaves the logs behind mutation checks hold, so that a proof's size with one bit
/// flipped is usually a size whose true root is known. Past it, a tree of at least 4096 leaves
/// gives every leaf below 2048 a longer path than any proof the tests make.
const CHECK_LOG_SIZE: u64 = 4096;

/// A log of the vectors' leaves `leaf-0`, `leaf-1`, ... (the vectors use the first ten).
fn vector_log(count: u64) -> MemoryLog {
    let mut log = MemoryLog::new();
    for index in 0..count {
        assert_eq!(log.append(&vector_leaf(index)), index);
    }
    log
}

/// Which bits of a hash the mutation checks flip.
#[derive(Clone, Copy)]
enum Flips {
    /// Every one of the 256 bits, for the vectors.
    All,
    /// One pseudo-random bit per hash, so that property tests stay fast.
    One(u64),
}

impl Flips {
    fn bits(self, position: usize) -> Vec<usize> {
        match self {
            Flips::All => (0..256).collect(),
            Flips::One(seed) => vec![(seed as usize).wrapping_add(position.wrapping_mul(97)) % 256],
        }
    }

    /// The variants of `hash`, at `position` among the hashes being mutated.
    fn of(self, hash: &Sha256Digest, position: usize) -> Vec<Sha256Digest> {
        self.bits(position)
            .into_iter()
            .map(|bit| flip_bit(hash, bit))
            .collect()
    }
}

/// The single-bit variants of a proof's hashes, plus the proof one hash shorter and one
/// hash longer.
fn mutated_proofs(proof: &[Sha256Digest], flips: Flips) -> Vec<Vec<Sha256Digest>> {
    let mut variants = Vec::new();
    for (position, hash) in proof.iter().enumerate() {
        for flipped in flips.of(hash, position) {
            let mut variant = proof.to_vec();
            variant[position] = flipped;
            variants.push(variant);
        }
    }
    if !proof.is_empty() {
        variants.push(proof[..proof.len() - 1].to_vec());
    }
    let mut longer = proof.to_vec();
    longer.push(EMPTY_TREE_ROOT);
    variants.push(longer);
    variants
}

/// Checks that an inclusion proof verifies, and that any change to it, to the leaf, the
/// index, the root, or the size (checked against the true root of the changed size, when
/// `log` has that many leaves, else against the unchanged root) is refused.
fn check_inclusion(log: &MemoryLog, index: u64, size: u64, proof: &[Sha256Digest], flips: Flips) {
    let leaf = log.leaf_hash(index).expect("leaf in log");
    let root = log.root_at(size).expect("size in log");
    assert_eq!(verify_inclusion(index, size, &leaf, proof, &root), Ok(()));
    for variant in mutated_proofs(proof, flips) {
        assert!(verify_inclusion(index, size, &leaf, &variant, &root).is_err());
    }
    for other_leaf in flips.of(&leaf, 0) {
        assert!(verify_inclusion(index, size, &other_leaf, proof, &root).is_err());
    }
    for other_root in flips.of(&root, 1) {
        assert!(verify_inclusion(index, size, &leaf, proof, &other_root).is_err());
    }
    for bit in 0..64 {
        let other_index = index ^ (1 << bit);
        assert!(verify_inclusion(other_index, size, &leaf, proof, &root).is_err());
        let other_size = size ^ (1 << bit);
        let other_root = log.root_at(other_size).unwrap_or(root);
        assert!(verify_inclusion(index, other_size, &leaf, proof, &other_root).is_err());
    }
}

/// Checks that a consistency proof verifies and that any change to it, to either root, or
/// to either size (with the true roots of the changed sizes, when the log has them) is
/// refused.
fn check_consistency(
    log: &MemoryLog,
    old_size: u64,
    new_size: u64,
    proof: &[Sha256Digest],
    flips: Flips,
) {
    let old_root = log.root_at(old_size).expect("old size in log");
    let new_root = log.root_at(new_size).expect("new size in log");
    let verify = |old_size, new_size, old_root: &_, new_root: &_, proof: &[_]| {
        verify_consistency(old_size, new_size, old_root, new_root, proof)
    };
    assert_eq!(
        verify(old_size, new_size, &old_root, &new_root, proof),
        Ok(())
    );
    for variant in mutated_proofs(proof, flips) {
        assert!(verify(old_size, new_size, &old_root, &new_root, &variant).is_err());
    }
    for other_old_root in flips.of(&old_root, 0) {
        assert!(verify(old_size, new_size, &other_old_root, &new_root, proof).is_err());
    }
    for other_new_root in flips.of(&new_root, 1) {
        assert!(verify(old_size, new_size, &old_root, &other_new_root, proof).is_err());
    }
    for bit in 0..64 {
        let other_old = old_size ^ (1 << bit);
        let other_old_root = log.root_at(other_old).unwrap_or(old_root);
        assert!(verify(other_old, new_size, &other_old_root, &new_root, proof).is_err());
        let other_new = new_size ^ (1 << bit);
        let other_new_root = log.root_at(other_new).unwrap_or(new_root);
        assert!(verify(old_size, other_new, &old_root, &other_new_root, proof).is_err());
    }
}

#[test]
fn leaf_hashes_match_vectors() {
    for leaf in vectors()["leaves"].as_array().expect("leaves") {
        let data = leaf["data"].as_str().expect("data");
        assert_eq!(
            leaf_hash(data.as_bytes()),
            b64(&leaf["leaf_hash_b64"]),
            "{data}"
        );
        assert_eq!(leaf_hash(data.as_bytes()).to_hex(), leaf["leaf_hash_hex"]);
    }
}

#[test]
fn roots_match_vectors_for_sizes_0_to_10() {
    let vectors = vectors();
    let log = vector_log(10);
    let leaves = leaf_hashes(10);
    let empty = &vectors["empty_tree"];
    assert_eq!(u64_of(&empty["size"]), 0);
    assert_eq!(EMPTY_TREE_ROOT, b64(&empty["root_b64"]));
    assert_eq!(log.root_at(0).expect("size 0"), EMPTY_TREE_ROOT);
    assert_eq!(merkle_root(&[]), EMPTY_TREE_ROOT);
    assert_eq!(MemoryLog::new().root(), EMPTY_TREE_ROOT);
    for case in vectors["roots"].as_array().expect("roots") {
        let size = u64_of(&case["size"]);
        let expected = b64(&case["root_b64"]);
        assert_eq!(
            log.root_at(size).expect("size in log"),
            expected,
            "size {size}"
        );
        assert_eq!(
            merkle_root(&leaves[..size as usize]),
            expected,
            "size {size}"
        );
        assert_eq!(
            reference_root(&leaves[..size as usize]),
            expected,
            "size {size}"
        );
        assert_eq!(
            tree_hash(size, log.stored_hashes()).expect("stored"),
            expected
        );
    }
    assert_eq!(log.root(), b64(&vectors["roots"][9]["root_b64"]));
}

#[test]
fn inclusion_proofs_match_vectors_and_every_bit_flip_is_refused() {
    let log = vector_log(CHECK_LOG_SIZE);
    for case in vectors()["inclusion_proofs"].as_array().expect("cases") {
        let (index, size) = (u64_of(&case["leaf_index"]), u64_of(&case["tree_size"]));
        let expected = b64_list(&case["proof_b64"]);
        let proof = log.prove_inclusion(index, size).expect("in range");
        assert_eq!(proof.hashes, expected, "index {index} size {size}");
        assert_eq!((proof.index, proof.size), (index, size));
        let leaf = leaf_hash(case["leaf_data"].as_str().expect("data").as_bytes());
        assert_eq!(leaf, b64(&case["leaf_hash_b64"]));
        assert_eq!(proof.verify(&leaf, &b64(&case["root_b64"])), Ok(()));
        check_inclusion(&log, index, size, &expected, Flips::All);
    }
}

#[test]
fn consistency_proofs_match_vectors_and_every_bit_flip_is_refused() {
    let log = vector_log(CHECK_LOG_SIZE);
    for case in vectors()["consistency_proofs"].as_array().expect("cases") {
        let (old_size, new_size) = (u64_of(&case["old_size"]), u64_of(&case["new_size"]));
        let expected = b64_list(&case["proof_b64"]);
        let proof = log
            .prove_consistency(old_size, new_size)
            .expect("sizes in log");
        assert_eq!(proof.hashes, expected, "{old_size} -> {new_size}");
        let (old_root, new_root) = (b64(&case["old_root_b64"]), b64(&case["new_root_b64"]));
        assert_eq!(proof.verify(&old_root, &new_root), Ok(()));
        check_consistency(&log, old_size, new_size, &expected, Flips::All);
    }
}

#[test]
fn proofs_from_stored_hashes_match_the_memory_log() {
    let log = vector_log(10);
    let stored = log.stored_hashes();
    assert_eq!(
        prove_inclusion(3, 7, stored).expect("in range"),
        log.prove_inclusion(3, 7).expect("in range")
    );
    assert_eq!(
        prove_consistency(3, 7, stored).expect("sizes"),
        log.prove_consistency(3, 7).expect("sizes")
    );
}

#[test]
fn out_of_range_requests_are_errors() {
    let log = vector_log(10);
    assert!(matches!(
        log.prove_inclusion(10, 10),
        Err(LogError::IndexOutOfRange {
            index: 10,
            size: 10
        })
    ));
    assert!(matches!(
        log.prove_inclusion(0, 11),
        Err(LogError::SizeBeyondLog {
            size: 11,
            log_size: 10
        })
    ));
    assert!(matches!(
        log.prove_consistency(0, 5),
        Err(LogError::InvalidSizes { .. })
    ));
    assert!(matches!(
        log.prove_consistency(6, 5),
        Err(LogError::InvalidSizes { .. })
    ));
    assert!(matches!(
        log.root_at(11),
        Err(LogError::SizeBeyondLog { .. })
    ));
    assert!(matches!(
        tree_hash(11, log.stored_hashes()),
        Err(LogError::MissingHash { .. })
    ));
    assert!(matches!(
        tree_hash(u64::MAX, log.stored_hashes()),
        Err(LogError::SizeTooLarge { .. })
    ));
    assert_eq!(log.leaf_hash(10), None);

    let root = log.root();
    let leaf = log.leaf_hash(0).expect("leaf 0");
    assert_eq!(
        verify_inclusion(10, 10, &leaf, &[], &root),
        Err(ProofError::IndexOutOfRange {
            index: 10,
            size: 10
        })
    );
    assert_eq!(
        verify_inclusion(0, 0, &leaf, &[], &EMPTY_TREE_ROOT),
        Err(ProofError::IndexOutOfRange { index: 0, size: 0 })
    );
    assert_eq!(
        verify_consistency(0, 10, &EMPTY_TREE_ROOT, &root, &[]),
        Err(ProofError::InvalidSizes {
            old_size: 0,
            new_size: 10
        })
    );
    assert_eq!(
        verify_consistency(5, 4, &root, &root, &[]),
        Err(ProofError::InvalidSizes {
            old_size: 5,
            new_size: 4
        })
    );
    assert_eq!(
        verify_consistency(4, 8, &root, &root, &[]),
        Err(ProofError::WrongLength)
    );
}

/// A store that answers with one hash too few, as a broken database layer might.
struct ShortStore(MemoryLog);

impl HashStore for ShortStore {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Sha256Digest>, LogError> {
        let mut hashes = self.0.read_hashes(indexes)?;
        hashes.pop();
        Ok(hashes)
    }
}

#[test]
fn a_store_returning_too_few_hashes_is_an_error() {
    let store = ShortStore(vector_log(10));
    assert!(matches!(
        tree_hash(10, &store),
        Err(LogError::ShortRead { wanted: 2, got: 1 })
    ));
    assert!(matches!(
        prove_inclusion(3, 10, &store),
        Err(LogError::ShortRead { .. })
    ));
    assert!(matches!(
        prove_consistency(3, 10, &store),
        Err(LogError::ShortRead { .. })
    ));
    // Leaf 7 completes three subtrees, so it reads three earlier hashes.
    assert!(matches!(
        stored_hashes_for_leaf(7, b"x", &store),
        Err(LogError::ShortRead { wanted: 3, got: 2 })
    ));
}

#[test]
fn stored_hash_layout_matches_go_tlog() {
    // Indexes from Go's tlog: leaves 0, 1, then the level-1 node over them, then leaf 2, ...
    let expected = [
        (0, 0, 0),
        (0, 1, 1),
        (1, 0, 2),
        (0, 2, 3),
        (0, 3, 4),
        (1, 1, 5),
        (2, 0, 6),
        (0, 4, 7),
    ];
    for (level, n, index) in expected {
        assert_eq!(stored_hash_index(level, n), index, "({level}, {n})");
        assert_eq!(split_stored_hash_index(index), (level, n));
    }
    let counts = [
        (0, 0),
        (1, 1),
        (2, 3),
        (3, 4),
        (4, 7),
        (5, 8),
        (8, 15),
        (10, 18),
    ];
    for (size, count) in counts {
        assert_eq!(stored_hash_count(size), count, "size {size}");
    }
}

/// Sizes for the million-leaf test, spread over the log by a fixed xorshift sequence.
fn spread(state: &mut u64, below: u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state % below
}

#[test]
fn a_million_leaves_give_verifiable_proofs_at_random_points() {
    const LEAVES: u64 = 1_000_000;
    let mut log = MemoryLog::with_capacity(LEAVES as usize);
    let mut leaves = Vec::with_capacity(LEAVES as usize);
    for index in 0..LEAVES {
        let leaf = leaf_hash(&index.to_be_bytes());
        leaves.push(leaf);
        log.append_leaf_hash(leaf);
    }
    assert_eq!(log.size(), LEAVES);
    assert_eq!(log.stored_hashes().len() as u64, stored_hash_count(LEAVES));
    assert_eq!(log.root(), merkle_root(&leaves));

    let mut state = 0x0123_4567_89ab_cdef;
    for _ in 0..200 {
        let size = 1 + spread(&mut state, LEAVES);
        let root = log.root_at(size).expect("size in log");
        let index = spread(&mut state, size);
        let proof = log.prove_inclusion(index, size).expect("in range");
        assert_eq!(proof.verify(&leaves[index as usize], &root), Ok(()));
        let old_size = 1 + spread(&mut state, size);
        let old_root = log.root_at(old_size).expect("old size in log");
        let consistency = log.prove_consistency(old_size, size).expect("sizes");
        assert_eq!(consistency.verify(&old_root, &root), Ok(()));
    }
    for size in [1, 2, 3, 1000, (1 << 16) + 1] {
        assert_eq!(
            log.root_at(size).expect("size"),
            merkle_root(&leaves[..size as usize])
        );
    }
}

/// A log of `count` distinct leaves, salted so that cases differ.
fn salted_log(count: u64, salt: u64) -> (MemoryLog, Vec<Sha256Digest>) {
    let leaves: Vec<_> = (0..count)
        .map(|index| leaf_hash(&[salt.to_be_bytes(), index.to_be_bytes()].concat()))
        .collect();
    let mut log = MemoryLog::new();
    for leaf in &leaves {
        log.append_leaf_hash(*leaf);
    }
    (log, leaves)
}

#[test]
fn consistency_holds_for_every_old_size_up_to_every_new_size_below_65() {
    let (log, all_leaves) = salted_log(CHECK_LOG_SIZE, 7);
    let leaves = &all_leaves[..64];
    for new_size in 1..=64u64 {
        for old_size in 1..=new_size {
            let proof = log.prove_consistency(old_size, new_size).expect("sizes");
            let expected = reference_consistency(old_size as usize, &leaves[..new_size as usize]);
            assert_eq!(proof.hashes, expected, "{old_size} -> {new_size}");
            check_consistency(
                &log,
                old_size,
                new_size,
                &proof.hashes,
                Flips::One(old_size * new_size),
            );
        }
        for index in 0..new_size {
            let proof = log.prove_inclusion(index, new_size).expect("in range");
            assert_eq!(
                proof.hashes,
                reference_path(index as usize, &leaves[..new_size as usize])
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Appending leaves in batches over a store of earlier ones gives exactly the stored
    /// hashes and root of appending them one by one, whatever the sizes before and after.
    #[test]
    fn batch_appends_store_what_one_by_one_appends_store(
        before in 0u64..300,
        batch in 0u64..300,
        salt: u64,
    ) {
        let (whole, _) = salted_log(before + batch, salt);
        let (earlier, _) = salted_log(before, salt);
        let stored = earlier.stored_hashes();
        let mut append = BatchAppend::new(stored, before).expect("tiles stored");
        for n in before..before + batch {
            let leaf = [salt.to_be_bytes(), n.to_be_bytes()].concat();
            prop_assert_eq!(append.append(&leaf).expect("appended"), n);
        }
        prop_assert_eq!(append.size(), before + batch);
        prop_assert_eq!(append.root().expect("root"), whole.root());
        let (_, first_new, new) = append.finish();
        prop_assert_eq!(first_new as usize, stored.len());
        prop_assert_eq!(&new[..], &whole.stored_hashes()[stored.len()..]);
    }

    #[test]
    fn inclusion_proofs_verify_against_the_reference_root_and_mutations_fail(
        (size, index) in (1u64..1500).prop_flat_map(|size| (Just(size), 0..size)),
        salt: u64,
    ) {
        let (log, all_leaves) = salted_log(CHECK_LOG_SIZE, salt);
        let leaves = &all_leaves[..size as usize];
        let root = reference_root(leaves);
        prop_assert_eq!(log.root_at(size).expect("size in log"), root);
        let proof = log.prove_inclusion(index, size).expect("in range");
        prop_assert_eq!(&proof.hashes, &reference_path(index as usize, leaves));
        prop_assert_eq!(proof.verify(&leaves[index as usize], &root), Ok(()));
        check_inclusion(&log, index, size, &proof.hashes, Flips::One(salt));
    }

    #[test]
    fn consistency_proofs_verify_against_reference_roots_and_mutations_fail(
        (new_size, old_size) in (1u64..1500).prop_flat_map(|size| (Just(size), 1..=size)),
        salt: u64,
    ) {
        let (log, all_leaves) = salted_log(CHECK_LOG_SIZE, salt);
        let leaves = &all_leaves[..new_size as usize];
        let old_root = reference_root(&leaves[..old_size as usize]);
        let new_root = reference_root(leaves);
        let proof = log.prove_consistency(old_size, new_size).expect("sizes");
        prop_assert_eq!(&proof.hashes, &reference_consistency(old_size as usize, leaves));
        prop_assert_eq!(proof.verify(&old_root, &new_root), Ok(()));
        check_consistency(&log, old_size, new_size, &proof.hashes, Flips::One(salt));
    }

    #[test]
    fn stored_hashes_for_leaf_rebuild_the_memory_log(size in 0u64..600) {
        let (log, leaves) = salted_log(size, 1);
        let mut stored: Vec<Sha256Digest> = Vec::new();
        for (index, leaf) in leaves.iter().enumerate() {
            prop_assert_eq!(stored.len() as u64, stored_hash_index(0, index as u64));
            let new = custos_core::merkle::stored_hashes_for_leaf_hash(index as u64, *leaf, &stored[..])
                .expect("earlier hashes stored");
            stored.extend(new);
        }
        prop_assert_eq!(stored.len() as u64, stored_hash_count(size));
        prop_assert_eq!(&stored[..], log.stored_hashes());
        prop_assert_eq!(merkle_root(&leaves), reference_root(&leaves));
    }

    #[test]
    fn leaf_and_node_hashes_agree_with_the_sha2_hasher(
        data in proptest::collection::vec(any::<u8>(), 0..300),
        left: [u8; 32],
        right: [u8; 32],
    ) {
        let leaf: [u8; 32] = Sha256::new().chain_update([0x00]).chain_update(&data).finalize().into();
        prop_assert_eq!(leaf_hash(&data).0, leaf);
        let node: [u8; 32] = Sha256::new().chain_update([0x01]).chain_update(left).chain_update(right).finalize().into();
        prop_assert_eq!(custos_core::merkle::node_hash(&Sha256Digest(left), &Sha256Digest(right)).0, node);
    }

    #[test]
    fn stored_hash_indexes_round_trip(level in 0u32..40, n in 0u64..(1 << 20)) {
        prop_assert_eq!(split_stored_hash_index(stored_hash_index(level, n)), (level, n));
    }
}
