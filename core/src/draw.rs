//! The 双随机 draw (双随机、一公开): which targets of a directory are inspected and which
//! inspectors go to each, computed from a 32-byte seed so that anyone can redo it.
//!
//! The algorithm is fixed here byte for byte; a reimplementation in any language that
//! follows it gets the same result (`core/tests/vectors/draw.py` is one, in Python).
//!
//! 1. **Canonical lists.** The candidate targets and the inspector pool are each sorted by
//!    the bytes of their UTF-8 ids (the same order as by Unicode code points) and
//!    deduplicated, so the order and repetition of the caller's lists do not matter. An
//!    empty id is refused.
//! 2. **Random stream.** For a stream label `L` (ASCII) and the seed `S` (32 bytes), block
//!    `k` (k = 0, 1, 2, …) is `SHA-256(L ‖ 0x00 ‖ S ‖ u64be(k))`. The stream is the blocks
//!    one after another, read as big-endian unsigned 64-bit words (four per block), each
//!    word used once, in order.
//! 3. **Uniform integer below `n`** (`n ≥ 1`), by rejection sampling, so there is no modulo
//!    bias: take the next word `x`; if `x < 2^64 − (2^64 mod n)` the result is `x mod n`,
//!    otherwise discard `x` and take the next word.
//! 4. **Targets.** With the label [`TARGET_STREAM`], a partial Fisher–Yates shuffle of the
//!    canonical candidates `a[0..m)`: for `i = 0, 1, …, count−1`, `j = i + below(m − i)`,
//!    swap `a[i]` and `a[j]`. The selected targets are `a[0..count)` in that order
//!    (the draw order). `1 ≤ count ≤ m`.
//! 5. **Inspectors.** With the label [`INSPECTOR_STREAM`], one stream for the whole draw:
//!    for each selected target in draw order, a partial Fisher–Yates shuffle (as in 4) of a
//!    fresh copy of the canonical pool, taking `team_size` inspectors, in that order.
//!    `team_size ≥ 2` (行政处罚法 Art. 42: at least two officers inspect) and at most the pool.
//!
//! The seed of a draw made by custos is not the caller's choice: it is [`seed`] over the
//! log's root hash at the size just before the draw's own `draw` log entry and the digest of
//! the draw's canonical inputs ([`DrawInputs::digest`]), which include the draw id the
//! server generated at that moment.

use crate::digest::{Sha256Digest, sha256};
use crate::jcs::{self, CanonicalError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The stream label of the target selection.
pub const TARGET_STREAM: &str = "custos/draw/targets/v1";
/// The stream label of the inspector assignment.
pub const INSPECTOR_STREAM: &str = "custos/draw/inspectors/v1";
/// The domain-separation string of [`seed`].
pub const SEED_DOMAIN: &str = "custos/draw/seed/v1";
/// At least two inspectors per target (行政处罚法 Art. 42).
pub const MIN_TEAM_SIZE: u64 = 2;
/// The version of [`DrawInputs`] and of the algorithm above.
pub const DRAW_VERSION: u64 = 1;

/// Why a draw cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("an id in the {list} is empty")]
    EmptyId { list: &'static str },
    #[error("count {count} is not between 1 and the {candidates} distinct candidate targets")]
    CountOutOfRange { count: u64, candidates: u64 },
    #[error("team size {team_size} is below the two inspectors Art. 42 requires")]
    TeamTooSmall { team_size: u64 },
    #[error("team size {team_size} exceeds the {pool} distinct inspectors in the pool")]
    PoolTooSmall { team_size: u64, pool: u64 },
    #[error("draw inputs are not canonical json: {0}")]
    Canonical(String),
}

impl From<CanonicalError> for DrawError {
    fn from(error: CanonicalError) -> Self {
        Self::Canonical(error.to_string())
    }
}

/// Step 1: `ids` sorted by their UTF-8 bytes and deduplicated. `list` names the list in the
/// error for an empty id.
pub fn canonical_ids<I, S>(ids: I, list: &'static str) -> Result<Vec<String>, DrawError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut ids: Vec<String> = ids.into_iter().map(Into::into).collect();
    if ids.iter().any(String::is_empty) {
        return Err(DrawError::EmptyId { list });
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Step 2 and 3: the SHA-256 counter-mode stream of one label and seed.
#[derive(Debug, Clone)]
pub struct DrawStream {
    prefix: Sha256,
    counter: u64,
    block: [u8; 32],
    /// Bytes of `block` already used; 32 means a new block is due.
    used: usize,
}

impl DrawStream {
    pub fn new(label: &str, seed: &Sha256Digest) -> Self {
        let mut prefix = Sha256::new();
        prefix.update(label.as_bytes());
        prefix.update([0u8]);
        prefix.update(seed.as_bytes());
        Self {
            prefix,
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    /// The next big-endian 64-bit word of the stream.
    pub fn next_word(&mut self) -> u64 {
        if self.used == self.block.len() {
            let mut hasher = self.prefix.clone();
            hasher.update(self.counter.to_be_bytes());
            self.block.copy_from_slice(&hasher.finalize());
            self.counter += 1;
            self.used = 0;
        }
        let word = u64::from_be_bytes(
            self.block[self.used..self.used + 8]
                .try_into()
                .expect("8 bytes"),
        );
        self.used += 8;
        word
    }

    /// A uniform integer in `0..n` by rejection sampling (step 3). `n` must be at least 1.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n >= 1, "below(0) has no value");
        // 2^64 mod n, computed without 128-bit arithmetic.
        let remainder = (u64::MAX % n + 1) % n;
        loop {
            let word = self.next_word();
            // Accept x < 2^64 − remainder, i.e. x ≤ u64::MAX − remainder.
            if word <= u64::MAX - remainder {
                return word % n;
            }
        }
    }

    /// The first `count` items of a partial Fisher–Yates shuffle of `items` (step 4).
    fn take_shuffled(&mut self, mut items: Vec<String>, count: usize) -> Vec<String> {
        let len = items.len() as u64;
        for i in 0..count {
            let j = i as u64 + self.below(len - i as u64);
            items.swap(i, j as usize);
        }
        items.truncate(count);
        items
    }
}

/// Step 4: `count` targets of the canonical `candidates`, in draw order.
pub fn select_targets(
    seed: &Sha256Digest,
    candidates: &[String],
    count: u64,
) -> Result<Vec<String>, DrawError> {
    let candidates = canonical_ids(candidates.iter().cloned(), "candidate targets")?;
    check_count(count, candidates.len() as u64)?;
    Ok(DrawStream::new(TARGET_STREAM, seed).take_shuffled(candidates, count as usize))
}

/// The inspectors drawn for one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub target: String,
    /// In draw order.
    pub inspectors: Vec<String>,
}

/// Step 5: `team_size` inspectors of the canonical `pool` for each of `targets`, in order.
pub fn assign_inspectors(
    seed: &Sha256Digest,
    targets: &[String],
    pool: &[String],
    team_size: u64,
) -> Result<Vec<Assignment>, DrawError> {
    let pool = canonical_ids(pool.iter().cloned(), "inspector pool")?;
    check_team(team_size, pool.len() as u64)?;
    let mut stream = DrawStream::new(INSPECTOR_STREAM, seed);
    Ok(targets
        .iter()
        .map(|target| Assignment {
            target: target.clone(),
            inspectors: stream.take_shuffled(pool.clone(), team_size as usize),
        })
        .collect())
}

fn check_count(count: u64, candidates: u64) -> Result<(), DrawError> {
    if count == 0 || count > candidates {
        return Err(DrawError::CountOutOfRange { count, candidates });
    }
    Ok(())
}

fn check_team(team_size: u64, pool: u64) -> Result<(), DrawError> {
    if team_size < MIN_TEAM_SIZE {
        return Err(DrawError::TeamTooSmall { team_size });
    }
    if team_size > pool {
        return Err(DrawError::PoolTooSmall { team_size, pool });
    }
    Ok(())
}

/// What a draw is made from. The lists are kept canonical (step 1), so two requests that
/// differ only in order or repetition have the same inputs and the same digest.
///
/// Its canonical form is the RFC 8785 JSON
/// `{"count":N,"domain":S,"draw":ID,"inspectors":[…],"org":ID,"targets":[…],"task":S,"team_size":N,"v":1}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawInputs {
    pub v: u64,
    /// The draw's id, generated by the server when the draw is made.
    pub draw: String,
    /// The unit that makes the draw.
    pub org: String,
    /// The inspection task's name, e.g. 2025年第一季度食品经营者双随机抽查.
    pub task: String,
    /// The enforcement domain the inspectors act in.
    pub domain: String,
    pub count: u64,
    pub team_size: u64,
    /// Canonical candidate target ids (the directory drawn from).
    pub targets: Vec<String>,
    /// Canonical inspector ids (the pool).
    pub inspectors: Vec<String>,
}

impl DrawInputs {
    /// Canonicalises the lists and checks that a draw can be made from them.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        draw: String,
        org: String,
        task: String,
        domain: String,
        count: u64,
        team_size: u64,
        targets: Vec<String>,
        inspectors: Vec<String>,
    ) -> Result<Self, DrawError> {
        let inputs = Self {
            v: DRAW_VERSION,
            draw,
            org,
            task,
            domain,
            count,
            team_size,
            targets: canonical_ids(targets, "candidate targets")?,
            inspectors: canonical_ids(inspectors, "inspector pool")?,
        };
        inputs.check()?;
        Ok(inputs)
    }

    /// Checks counts and lists (inputs read back from a log entry need this too).
    pub fn check(&self) -> Result<(), DrawError> {
        check_count(self.count, self.targets.len() as u64)?;
        check_team(self.team_size, self.inspectors.len() as u64)
    }

    /// The RFC 8785 bytes of the inputs.
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, DrawError> {
        Ok(jcs::to_canonical(self)?)
    }

    /// SHA-256 of [`Self::canonical_bytes`].
    pub fn digest(&self) -> Result<Sha256Digest, DrawError> {
        Ok(sha256(&self.canonical_bytes()?))
    }
}

/// The seed of a draw: `SHA-256(SEED_DOMAIN ‖ 0x00 ‖ u64be(log_size) ‖ log_root ‖ inputs)`,
/// where `log_root` is the root hash of the log's first `log_size` leaves (the log just
/// before the draw's entry) and `inputs` is [`DrawInputs::digest`] (32 raw bytes each).
pub fn seed(log_size: u64, log_root: &Sha256Digest, inputs: &Sha256Digest) -> Sha256Digest {
    let mut hasher = Sha256::new();
    hasher.update(SEED_DOMAIN.as_bytes());
    hasher.update([0u8]);
    hasher.update(log_size.to_be_bytes());
    hasher.update(log_root.as_bytes());
    hasher.update(inputs.as_bytes());
    Sha256Digest(hasher.finalize().into())
}

/// A draw's result: the selected targets in draw order, and each one's inspectors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawResult {
    pub targets: Vec<String>,
    pub assignments: Vec<Assignment>,
}

/// Draws from `inputs` with `seed` (steps 4 and 5).
pub fn draw(inputs: &DrawInputs, seed: &Sha256Digest) -> Result<DrawResult, DrawError> {
    inputs.check()?;
    let targets = select_targets(seed, &inputs.targets, inputs.count)?;
    let assignments = assign_inspectors(seed, &targets, &inputs.inspectors, inputs.team_size)?;
    Ok(DrawResult {
        targets,
        assignments,
    })
}

/// A draw made from the log: its inputs' digest, its seed and its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedDraw {
    pub inputs_sha256: Sha256Digest,
    pub seed: Sha256Digest,
    pub result: DrawResult,
}

/// Draws from `inputs` with the seed of a log of `log_size` leaves and root `log_root`: what
/// the server does when it makes a draw, and what anyone does to check one.
pub fn draw_from_log(
    inputs: &DrawInputs,
    log_size: u64,
    log_root: &Sha256Digest,
) -> Result<LoggedDraw, DrawError> {
    let inputs_sha256 = inputs.digest()?;
    let seed = seed(log_size, log_root, &inputs_sha256);
    let result = draw(inputs, &seed)?;
    Ok(LoggedDraw {
        inputs_sha256,
        seed,
        result,
    })
}
