//! Evidence digests: FIPS 180 known answers, chunking invariants, progress and cancellation,
//! saved hashing states.

use std::io::{self, Read};

use custos_core::digest::{
    DigestError, EvidenceHasher, HashedContent, ParseDigestError, READ_CHUNK_BYTES,
    RestoreStateError, SAVED_HASHER_STATE_BYTES, Sha256Digest, hash_reader, sha256,
};
use proptest::prelude::*;

#[derive(serde::Deserialize)]
struct VectorFile {
    vectors: Vec<Vector>,
}

#[derive(serde::Deserialize)]
struct Vector {
    name: String,
    pattern: String,
    repeat: u64,
    sha256: String,
}

/// Yields `pattern` repeated `repeat` times without holding the whole message in memory.
struct RepeatedPattern {
    block: Vec<u8>,
    offset: usize,
    remaining: u64,
}

impl RepeatedPattern {
    fn new(pattern: &[u8], repeat: u64) -> Self {
        // A block of whole pattern copies, so cycling through it continues the pattern.
        let copies = (64 * 1024 / pattern.len().max(1)).max(1);
        Self {
            block: pattern.repeat(copies),
            offset: 0,
            remaining: pattern.len() as u64 * repeat,
        }
    }
}

impl Read for RepeatedPattern {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = (self.block.len() - self.offset).min(buf.len());
        let n = usize::try_from(self.remaining).map_or(available, |left| left.min(available));
        buf[..n].copy_from_slice(&self.block[self.offset..self.offset + n]);
        self.offset = (self.offset + n) % self.block.len().max(1);
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Checks every way custos computes a digest against one known answer.
fn check(vector: &Vector) {
    let expected = Sha256Digest::from_hex(&vector.sha256).unwrap();
    let size = vector.pattern.len() as u64 * vector.repeat;

    let hashed = hash_reader(
        RepeatedPattern::new(vector.pattern.as_bytes(), vector.repeat),
        None,
    )
    .unwrap();
    assert_eq!(
        hashed,
        HashedContent {
            digest: expected,
            size
        },
        "{}",
        vector.name
    );

    // The in-memory paths are checked on the messages that fit in memory comfortably.
    if size > 16 << 20 {
        return;
    }
    let message = vector.pattern.repeat(vector.repeat as usize);
    assert_eq!(sha256(message.as_bytes()), expected, "{}", vector.name);
    let mut hasher = EvidenceHasher::new();
    let mut pieces = RepeatedPattern::new(vector.pattern.as_bytes(), vector.repeat);
    let mut piece = vec![0u8; 100_000];
    loop {
        let n = pieces.read(&mut piece).unwrap();
        if n == 0 {
            break;
        }
        hasher.update(&piece[..n]);
    }
    assert_eq!(hasher.bytes_hashed(), size, "{}", vector.name);
    assert_eq!(hasher.finalize(), expected, "{}", vector.name);

    // As an `io::Write` sink, fed by `io::copy`.
    let mut sink = EvidenceHasher::new();
    let copied = io::copy(
        &mut RepeatedPattern::new(vector.pattern.as_bytes(), vector.repeat),
        &mut sink,
    )
    .unwrap();
    assert_eq!(
        (copied, sink.finalize()),
        (size, expected),
        "{}",
        vector.name
    );
}

#[test]
fn fips_180_known_answers() {
    let text = include_str!("vectors/sha256.json");
    let file: VectorFile = serde_json::from_str(text).unwrap();
    assert!(file.vectors.len() >= 5);
    for vector in &file.vectors {
        check(vector);
    }
}

/// A reader that hands out its bytes in the given piece sizes, as a network stream might.
struct ShortReads<'a> {
    bytes: &'a [u8],
    sizes: Vec<usize>,
    next_size: usize,
}

impl Read for ShortReads<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let wanted = self
            .sizes
            .get(self.next_size)
            .copied()
            .unwrap_or(usize::MAX);
        self.next_size += 1;
        let n = wanted.max(1).min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

proptest! {
    #[test]
    fn any_split_into_updates_equals_one_shot(
        bytes in prop::collection::vec(any::<u8>(), 0..5000),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut.index(bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let mut hasher = EvidenceHasher::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            hasher.update(&bytes[start..cut]);
            start = cut;
        }
        prop_assert_eq!(hasher.bytes_hashed(), bytes.len() as u64);
        prop_assert_eq!(hasher.finalize(), sha256(&bytes));
    }

    #[test]
    fn short_reads_hash_like_one_shot(
        bytes in prop::collection::vec(any::<u8>(), 0..5000),
        sizes in prop::collection::vec(1usize..700, 0..20),
    ) {
        let reader = ShortReads { bytes: &bytes, sizes, next_size: 0 };
        let hashed = hash_reader(reader, None).unwrap();
        prop_assert_eq!(hashed, HashedContent { digest: sha256(&bytes), size: bytes.len() as u64 });
    }

    #[test]
    fn hex_and_base64_round_trip(bytes in any::<[u8; 32]>()) {
        let digest = Sha256Digest(bytes);
        prop_assert_eq!(Sha256Digest::from_hex(&digest.to_hex()), Ok(digest));
        prop_assert_eq!(Sha256Digest::from_base64(&digest.to_base64()), Ok(digest));
        prop_assert_eq!(digest.to_string(), digest.to_hex());
        let json = serde_json::to_string(&digest).unwrap();
        prop_assert_eq!(&json, &format!("\"{}\"", digest.to_hex()));
        prop_assert_eq!(serde_json::from_str::<Sha256Digest>(&json).unwrap(), digest);
    }
}

#[test]
fn progress_reports_running_totals_per_chunk() {
    let chunk = READ_CHUNK_BYTES as u64;
    let content = vec![7u8; 3 * READ_CHUNK_BYTES + 5];
    let mut totals = Vec::new();
    let mut record = |total: u64| {
        totals.push(total);
        true
    };
    let hashed = hash_reader(content.as_slice(), Some(&mut record)).unwrap();
    assert_eq!(
        hashed,
        HashedContent {
            digest: sha256(&content),
            size: 3 * chunk + 5
        }
    );
    assert_eq!(totals, [chunk, 2 * chunk, 3 * chunk, 3 * chunk + 5]);
}

#[test]
fn cancelling_stops_reading() {
    let content = vec![7u8; 10 * READ_CHUNK_BYTES];
    let mut unread = content.as_slice();
    let mut calls = 0;
    let mut stop_at_second_report = |_total: u64| {
        calls += 1;
        calls < 2
    };
    let result = hash_reader(&mut unread, Some(&mut stop_at_second_report));
    assert!(matches!(result, Err(DigestError::Cancelled)), "{result:?}");
    assert_eq!(calls, 2);
    assert_eq!(unread.len(), 8 * READ_CHUNK_BYTES);
}

/// A reader that fails in a scripted way before yielding its bytes.
struct Failing {
    errors: Vec<io::ErrorKind>,
    rest: &'static [u8],
}

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(kind) = self.errors.pop() {
            return Err(io::Error::from(kind));
        }
        self.rest.read(buf)
    }
}

#[test]
fn interrupted_reads_are_retried() {
    let reader = Failing {
        errors: vec![io::ErrorKind::Interrupted; 3],
        rest: b"abc",
    };
    let hashed = hash_reader(reader, None).unwrap();
    assert_eq!(hashed.digest, sha256(b"abc"));
}

#[test]
fn read_errors_are_reported() {
    let reader = Failing {
        errors: vec![io::ErrorKind::UnexpectedEof],
        rest: b"abc",
    };
    let result = hash_reader(reader, None);
    assert!(
        matches!(&result, Err(DigestError::Read(error)) if error.kind() == io::ErrorKind::UnexpectedEof),
        "{result:?}"
    );
}

#[test]
fn only_canonical_text_parses() {
    let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assert_eq!(Sha256Digest::from_hex(hex), Ok(sha256(b"abc")));
    assert_eq!(hex.parse::<Sha256Digest>(), Ok(sha256(b"abc")));
    let base64 = "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    assert_eq!(Sha256Digest::from_base64(base64), Ok(sha256(b"abc")));

    for bad_hex in [
        &hex.to_uppercase(),
        &hex[..63],
        &format!("{hex}0"),
        &format!("{}g", &hex[..63]),
        &format!(" {}", &hex[1..]),
        "",
    ] {
        assert_eq!(
            Sha256Digest::from_hex(bad_hex),
            Err(ParseDigestError::Hex),
            "{bad_hex}"
        );
    }
    let upper = serde_json::from_str::<Sha256Digest>(&format!("\"{}\"", hex.to_uppercase()));
    assert!(upper.is_err());

    for bad_base64 in [
        base64.trim_end_matches('='),
        &base64[4..],
        "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0=",
        "",
    ] {
        assert_eq!(
            Sha256Digest::from_base64(bad_base64),
            Err(ParseDigestError::Base64),
            "{bad_base64}"
        );
    }
}

#[test]
fn digests_order_by_bytes() {
    let low = Sha256Digest([0; 32]);
    let mut high_bytes = [0; 32];
    high_bytes[0] = 1;
    assert!(low < Sha256Digest(high_bytes));
    assert_eq!(
        format!("{low:?}"),
        format!("Sha256Digest({})", "0".repeat(64))
    );
}

/// Seals `unsealed` (everything before the check) the way a saved hashing state is sealed, so
/// tests can build states that pass the check but lie in their content.
fn sealed(unsealed: &[u8]) -> Vec<u8> {
    let mut check_input = b"custos evidence hasher state\n".to_vec();
    check_input.extend_from_slice(unsealed);
    let check = sha256(&check_input);
    [unsealed, &check.as_bytes()[..8]].concat()
}

#[test]
fn saved_state_layout_is_pinned() {
    // FIPS 180-4 section 5.3.3 initial hash value: nothing is compressed before the first full
    // block, so after "abc" the state is the initial value, zero blocks and a 3-byte tail.
    let initial: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut unsealed = vec![1u8];
    unsealed.extend_from_slice(&3u64.to_be_bytes());
    for word in initial {
        unsealed.extend_from_slice(&word.to_le_bytes());
    }
    unsealed.extend_from_slice(&0u64.to_le_bytes());
    unsealed.push(3);
    unsealed.extend_from_slice(b"abc");
    unsealed.extend_from_slice(&[0; 60]);
    let expected = sealed(&unsealed);

    let mut hasher = EvidenceHasher::new();
    hasher.update(b"abc");
    let saved = hasher.save_state();
    assert_eq!(saved.as_bytes(), expected.as_slice());
    assert_eq!(saved.as_bytes().len(), SAVED_HASHER_STATE_BYTES);
    assert_eq!(format!("{saved:?}"), "SavedHasherState { bytes_hashed: 3 }");
    let restored = EvidenceHasher::restore(&expected).unwrap();
    assert_eq!(restored.bytes_hashed(), 3);
    assert_eq!(restored.finalize(), sha256(b"abc"));
}

/// Checks what restoring `saved` gives.
fn check_restore(saved: &[u8], expected: Result<(), RestoreStateError>) {
    assert_eq!(EvidenceHasher::restore(saved).map(|_| ()), expected);
}

#[test]
fn damaged_or_foreign_states_are_refused() {
    let mut hasher = EvidenceHasher::new();
    hasher.update(&[9u8; 1000]);
    let saved = hasher.save_state().as_bytes().to_vec();
    check_restore(&saved, Ok(()));
    check_restore(&saved[..saved.len() - 1], Err(RestoreStateError::Length));
    check_restore(
        &[saved.clone(), vec![0]].concat(),
        Err(RestoreStateError::Length),
    );
    check_restore(&[], Err(RestoreStateError::Length));

    let mut other_format = saved.clone();
    other_format[0] = 2;
    check_restore(&other_format, Err(RestoreStateError::Format(2)));

    // A byte count that disagrees with the blocks and tail, correctly sealed.
    let unsealed = &saved[..saved.len() - 8];
    let mut wrong_count = unsealed.to_vec();
    wrong_count[1..9].copy_from_slice(&1001u64.to_be_bytes());
    check_restore(&sealed(&wrong_count), Err(RestoreStateError::Inconsistent));
    // A tail of a whole block, or with bytes beyond its fill, is not a sha2 state.
    let mut long_tail = unsealed.to_vec();
    long_tail[1..9].copy_from_slice(&(15 * 64 + 64u64).to_be_bytes());
    long_tail[9 + 40] = 64;
    check_restore(&sealed(&long_tail), Err(RestoreStateError::Inconsistent));
    let mut dirty_tail = unsealed.to_vec();
    *dirty_tail.last_mut().unwrap() = 1;
    check_restore(&sealed(&dirty_tail), Err(RestoreStateError::Inconsistent));
}

proptest! {
    #[test]
    fn save_and_restore_between_parts_equals_one_shot(
        bytes in prop::collection::vec(any::<u8>(), 0..3000),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 1..6),
    ) {
        let mut cuts: Vec<usize> = cuts.iter().map(|cut| cut.index(bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let mut saved = EvidenceHasher::new().save_state();
        let mut start = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            let mut hasher = EvidenceHasher::restore(saved.as_bytes()).unwrap();
            hasher.update(&bytes[start..cut]);
            saved = hasher.save_state();
            start = cut;
        }
        let hasher = EvidenceHasher::restore(saved.as_bytes()).unwrap();
        prop_assert_eq!(hasher.bytes_hashed(), bytes.len() as u64);
        prop_assert_eq!(hasher.finalize(), sha256(&bytes));
    }

    #[test]
    fn any_flipped_bit_in_a_saved_state_is_refused(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let mut hasher = EvidenceHasher::new();
        hasher.update(&bytes);
        let mut saved = hasher.save_state().as_bytes().to_vec();
        let position = position.index(saved.len());
        saved[position] ^= 1 << bit;
        let refused = EvidenceHasher::restore(&saved);
        prop_assert!(refused.is_err(), "{:?}", refused.map(|h| h.bytes_hashed()));
    }
}
