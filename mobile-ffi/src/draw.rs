//! The 双随机 draw for the apps and any auditor: redo a published draw from its inputs and
//! the log root it was seeded with, with custos-core's own algorithm (see
//! `custos_core::draw`). Digests and seeds travel as lowercase hex, as in the draw's log
//! entry.

use custos_core::digest::Sha256Digest;
use custos_core::draw::{self, Assignment, DrawInputs, LoggedDraw};

use crate::error::Result;

/// What a draw is made from, as the draw's log entry shows it under `inputs`. The lists may
/// come in any order and with repeats: they are sorted and deduplicated first.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DrawRequest {
    pub draw: String,
    pub org: String,
    pub task: String,
    pub domain: String,
    pub count: u64,
    pub team_size: u64,
    pub targets: Vec<String>,
    pub inspectors: Vec<String>,
}

/// The inspectors drawn for one target, in draw order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DrawAssignment {
    pub target: String,
    pub inspectors: Vec<String>,
}

/// A redone draw: the inputs' digest and the seed (hex), and the result in draw order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DrawOutcome {
    pub inputs_sha256: String,
    pub seed: String,
    pub targets: Vec<String>,
    pub assignments: Vec<DrawAssignment>,
}

impl TryFrom<DrawRequest> for DrawInputs {
    type Error = crate::error::CustosError;

    fn try_from(request: DrawRequest) -> Result<Self> {
        Ok(DrawInputs::new(
            request.draw,
            request.org,
            request.task,
            request.domain,
            request.count,
            request.team_size,
            request.targets,
            request.inspectors,
        )?)
    }
}

impl From<Assignment> for DrawAssignment {
    fn from(assignment: Assignment) -> Self {
        Self {
            target: assignment.target,
            inspectors: assignment.inspectors,
        }
    }
}

impl From<LoggedDraw> for DrawOutcome {
    fn from(logged: LoggedDraw) -> Self {
        Self {
            inputs_sha256: logged.inputs_sha256.to_hex(),
            seed: logged.seed.to_hex(),
            targets: logged.result.targets,
            assignments: logged
                .result
                .assignments
                .into_iter()
                .map(Into::into)
                .collect(),
        }
    }
}

/// Redoes a draw made by custos: the seed is derived from the log of `log_size` leaves whose
/// root is `log_root_sha256` (hex), the log just before the draw's entry.
#[uniffi::export]
pub fn redo_draw(
    request: DrawRequest,
    log_size: u64,
    log_root_sha256: String,
) -> Result<DrawOutcome> {
    let inputs = DrawInputs::try_from(request)?;
    let log_root = Sha256Digest::from_hex(&log_root_sha256)?;
    Ok(draw::draw_from_log(&inputs, log_size, &log_root)?.into())
}

/// Draws from `request` with a given 32-byte `seed` (hex).
#[uniffi::export]
pub fn draw_with_seed(request: DrawRequest, seed: String) -> Result<DrawOutcome> {
    let inputs = DrawInputs::try_from(request)?;
    let seed = Sha256Digest::from_hex(&seed)?;
    let result = draw::draw(&inputs, &seed)?;
    Ok(LoggedDraw {
        inputs_sha256: inputs.digest()?,
        seed,
        result,
    }
    .into())
}
