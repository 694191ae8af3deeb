//! Device keys for the apps: the Ed25519 key a phone or recorder signs with, its public key
//! and device id, and checking another device's signature.

use std::sync::Arc;

use custos_core::device;

use crate::error::Result;

/// The secret key of this device. The app keeps only the wrapped seed (Android Keystore,
/// iOS Keychain) and rebuilds the key with `from_seed` when it needs to sign.
#[derive(uniffi::Object)]
pub struct DeviceSigningKey(device::DeviceSigningKey);

#[uniffi::export]
impl DeviceSigningKey {
    /// A new key from the operating system's randomness.
    #[uniffi::constructor]
    pub fn generate() -> Result<Arc<Self>> {
        Ok(Arc::new(Self(device::DeviceSigningKey::generate()?)))
    }

    /// The key whose 32-byte seed the platform keystore unwrapped.
    #[uniffi::constructor]
    pub fn from_seed(seed: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(Self(device::DeviceSigningKey::from_seed_bytes(
            &seed,
        )?)))
    }

    /// The 32-byte secret seed, for the platform keystore to wrap; never store it in the clear.
    pub fn seed(&self) -> Vec<u8> {
        self.0.to_seed().to_vec()
    }

    /// The public key as enrolled on the server: base64 of its 32 raw bytes.
    pub fn public_key_base64(&self) -> String {
        self.0.public_key().to_base64()
    }

    pub fn device_id(&self) -> String {
        self.0.device_id().to_string()
    }

    /// The base64 Ed25519 signature of `message`, as in a record's `sig`.
    pub fn sign(&self, message: Vec<u8>) -> String {
        device::signature_to_base64(&self.0.sign(&message))
    }
}

impl DeviceSigningKey {
    pub(crate) fn core(&self) -> &device::DeviceSigningKey {
        &self.0
    }
}

/// The device id of an enrolled public key (base64 of 32 raw bytes).
#[uniffi::export]
pub fn device_id_of(public_key_base64: String) -> Result<String> {
    Ok(device::DevicePublicKey::from_base64(&public_key_base64)?
        .device_id()
        .to_string())
}

/// Checks a device's base64 signature over `message`; fails with `VerificationFailed` when it
/// does not verify.
#[uniffi::export]
pub fn verify_device_signature(
    public_key_base64: String,
    message: Vec<u8>,
    signature_base64: String,
) -> Result<()> {
    let public_key = device::DevicePublicKey::from_base64(&public_key_base64)?;
    let signature = device::signature_from_base64(&signature_base64)?;
    Ok(public_key.verify(&message, &signature)?)
}
