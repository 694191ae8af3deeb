//! Enrolled devices as other code asks about them: the public key a record or upload must
//! verify under, if the device was enrolled and not revoked when it signed.

use crate::db::DbConnection;
use crate::db::devices::{self as rows, DeviceRow};
use custos_core::device::{DeviceId, DevicePublicKey};
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// What an enrolled device is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DeviceKind {
    /// An officer's phone running the custos app.
    Phone,
    /// A body-worn recorder (执法记录仪).
    Recorder,
    /// A recorder docking station (采集工作站) that uploads recordings in bulk.
    Dock,
}

impl DeviceKind {
    pub const ALL: [DeviceKind; 3] = [DeviceKind::Phone, DeviceKind::Recorder, DeviceKind::Dock];

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Phone => "phone",
            DeviceKind::Recorder => "recorder",
            DeviceKind::Dock => "dock",
        }
    }

    pub fn parse(text: &str) -> Option<DeviceKind> {
        DeviceKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

impl fmt::Display for DeviceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An enrolled device whose key may be used at the instant asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledDevice {
    pub id: DeviceId,
    pub public_key: DevicePublicKey,
    pub kind: DeviceKind,
    pub org_id: String,
    pub owner_id: Option<String>,
    pub enrolled_at_us: i64,
    /// Set when the device has since been revoked (after the instant asked about).
    pub revoked_at_us: Option<i64>,
}

/// Why a device's signature at some instant is not accepted.
#[derive(Debug, thiserror::Error)]
pub enum DeviceKeyError {
    #[error("device {0} is not enrolled")]
    NotEnrolled(DeviceId),
    #[error("device {id} was revoked at {revoked_at_us} us, before {at_us} us")]
    Revoked {
        id: DeviceId,
        revoked_at_us: i64,
        at_us: i64,
    },
    #[error("stored device {id}: {what}")]
    Corrupt { id: String, what: String },
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
}

/// The key of device `id` if it is enrolled and was not revoked at `at_us` (microseconds
/// since the Unix epoch, as signed into the record). A signature made at or after the
/// revocation instant is refused; one made earlier stays good, so records a phone signed
/// before it was lost still verify. The enrolment time is not a bound: a device's clock may
/// run behind the server's.
pub fn signing_key_at(
    conn: &mut DbConnection,
    id: &DeviceId,
    at_us: i64,
) -> Result<EnrolledDevice, DeviceKeyError> {
    // Any unit's device: a record's signature is checked against the key it names, and who
    // may write where is decided apart from it.
    let row = rows::find_unscoped(conn, id.as_str())?
        .ok_or_else(|| DeviceKeyError::NotEnrolled(id.clone()))?;
    key_of_row_at(row, id, at_us)
}

/// [`signing_key_at`] for many devices read at once (`devices` from
/// [`rows::find_unscoped_many`]): the key of `id` at `at_us`, with no query of its own.
pub fn signing_key_among(
    devices: &std::collections::HashMap<String, DeviceRow>,
    id: &DeviceId,
    at_us: i64,
) -> Result<EnrolledDevice, DeviceKeyError> {
    let row = devices
        .get(id.as_str())
        .cloned()
        .ok_or_else(|| DeviceKeyError::NotEnrolled(id.clone()))?;
    key_of_row_at(row, id, at_us)
}

/// The key of the stored device `row` (device `id`) if it was not revoked at `at_us`.
fn key_of_row_at(
    row: DeviceRow,
    id: &DeviceId,
    at_us: i64,
) -> Result<EnrolledDevice, DeviceKeyError> {
    if let Some(revoked_at_us) = row.revoked_at_us
        && at_us >= revoked_at_us
    {
        return Err(DeviceKeyError::Revoked {
            id: id.clone(),
            revoked_at_us,
            at_us,
        });
    }
    enrolled_device(row)
}

/// Checks a stored row: its key must parse and derive its id, its kind must be known.
pub fn enrolled_device(row: DeviceRow) -> Result<EnrolledDevice, DeviceKeyError> {
    let corrupt = |what: &str| DeviceKeyError::Corrupt {
        id: row.id.clone(),
        what: what.to_owned(),
    };
    let public_key =
        DevicePublicKey::from_base64(&row.public_key).map_err(|_| corrupt("public key"))?;
    if public_key.device_id().as_str() != row.id {
        return Err(corrupt("id does not match its key"));
    }
    let kind = DeviceKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?;
    Ok(EnrolledDevice {
        id: public_key.device_id().clone(),
        public_key,
        kind,
        org_id: row.org_id,
        owner_id: row.owner_id,
        enrolled_at_us: row.enrolled_at_us,
        revoked_at_us: row.revoked_at_us,
    })
}
