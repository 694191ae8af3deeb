//! The key a record must verify under: its device's, if the device was enrolled and not
//! revoked when it signed, and, for a device enrolled to an officer, only for that officer's
//! records. A shared device (enrolled without an owner) signs anyone's.

use crate::db::DbConnection;
use crate::devices::{self, DeviceKeyError};
use crate::error::ApiError;
use custos_core::device::{DeviceId, DevicePublicKey};
use custos_core::record::Record;
use std::collections::HashMap;

/// A device's key and owner, or the check that refuses its signature and why.
type Enrolled = Result<(DevicePublicKey, Option<String>), (&'static str, String)>;

/// The check that refuses a record signed after its device's revocation.
pub const DEVICE_REVOKED: &str = "device.revoked";

/// Device keys read during one submission. A device never revoked has one answer for every
/// instant, so it is read once; a revoked one is asked about each record's instant.
#[derive(Default)]
pub struct DeviceKeys {
    unrevoked: HashMap<DeviceId, (DevicePublicKey, Option<String>)>,
}

impl DeviceKeys {
    /// The key `record` must verify under, or the check that refuses it.
    pub fn for_record(
        &mut self,
        conn: &mut DbConnection,
        record: &Record,
    ) -> Result<Result<DevicePublicKey, (&'static str, String)>, ApiError> {
        let (key, owner) = match self.at(conn, record.device(), record.at_us())? {
            Ok(found) => found,
            Err(refusal) => return Ok(Err(refusal)),
        };
        if owner.is_some_and(|owner| owner != record.officer()) {
            // The owner is not named: the signer learns only that the phone is not its own.
            let detail = format!(
                "device {} is enrolled to another officer and signs only that officer's records",
                record.device()
            );
            return Ok(Err(("device.owner", detail)));
        }
        Ok(Ok(key))
    }

    /// The key and owner of `device` at `at_us`, or the check that refuses it.
    fn at(
        &mut self,
        conn: &mut DbConnection,
        device: &DeviceId,
        at_us: i64,
    ) -> Result<Enrolled, ApiError> {
        if let Some(found) = self.unrevoked.get(device) {
            return Ok(Ok(found.clone()));
        }
        match devices::signing_key_at(conn, device, at_us) {
            Ok(enrolled) => {
                let found = (enrolled.public_key, enrolled.owner_id);
                if enrolled.revoked_at_us.is_none() {
                    self.unrevoked.insert(device.clone(), found.clone());
                }
                Ok(Ok(found))
            }
            Err(error @ DeviceKeyError::NotEnrolled(_)) => {
                Ok(Err(("device.not_enrolled", error.to_string())))
            }
            Err(error @ DeviceKeyError::Revoked { .. }) => {
                Ok(Err((DEVICE_REVOKED, error.to_string())))
            }
            Err(DeviceKeyError::Database(error)) => Err(error.into()),
            Err(error) => Err(ApiError::internal(error)),
        }
    }
}
