//! Device keys against RFC 8032 section 7.1 (key derivation and signatures) and device ids
//! against coreutils `sha256sum`; the vectors are data under tests/vectors/.

use custos_core::device::{DeviceError, DeviceId, DevicePublicKey, DeviceSigningKey};
use serde_json::Value;

fn vectors(file: &str) -> Vec<Value> {
    let path = format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    document["vectors"].as_array().unwrap().clone()
}

fn field<'a>(vector: &'a Value, name: &str) -> &'a str {
    vector[name].as_str().unwrap()
}

/// One RFC 8032 vector: the seed derives the public key, signing gives the signature, the
/// signature verifies, and any flipped bit of message or signature does not.
fn check(vector: &Value) {
    let name = field(vector, "name");
    let seed = hex::decode(field(vector, "secret_key")).unwrap();
    let message = hex::decode(field(vector, "message")).unwrap();
    let expected_signature: [u8; 64] = hex::decode(field(vector, "signature"))
        .unwrap()
        .try_into()
        .unwrap();

    let key = DeviceSigningKey::from_seed_bytes(&seed).unwrap();
    assert_eq!(
        hex::encode(key.public_key().as_bytes()),
        field(vector, "public_key"),
        "{name}: public key"
    );
    assert_eq!(key.to_seed().as_slice(), seed.as_slice(), "{name}: seed");
    let signature = key.sign(&message);
    assert_eq!(signature, expected_signature, "{name}: signature");

    let public = DevicePublicKey::from_slice(key.public_key().as_bytes()).unwrap();
    assert_eq!(
        public.verify(&message, &signature),
        Ok(()),
        "{name}: verify"
    );
    let mut changed_message = message.clone();
    match changed_message.first_mut() {
        Some(byte) => *byte ^= 1,
        None => changed_message.push(0),
    }
    assert_eq!(
        public.verify(&changed_message, &signature),
        Err(DeviceError::BadSignature),
        "{name}: changed message"
    );
    for bit in [0, 255, 256, 511] {
        let mut changed_signature = signature;
        changed_signature[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            public.verify(&message, &changed_signature),
            Err(DeviceError::BadSignature),
            "{name}: signature bit {bit}"
        );
    }
}

#[test]
fn rfc8032_section_7_1_vectors() {
    let vectors = vectors("rfc8032_ed25519.json");
    assert_eq!(vectors.len(), 5);
    for vector in &vectors {
        check(vector);
    }
}

#[test]
fn device_ids_and_base64_match_coreutils() {
    for vector in vectors("device_ids.json") {
        let name = field(&vector, "name");
        let key = DevicePublicKey::from_base64(field(&vector, "public_key_base64")).unwrap();
        assert_eq!(
            hex::encode(key.as_bytes()),
            field(&vector, "public_key_hex"),
            "{name}"
        );
        assert_eq!(
            key.to_base64(),
            field(&vector, "public_key_base64"),
            "{name}"
        );
        let expected = DeviceId::parse(field(&vector, "device_id")).unwrap();
        assert_eq!(key.device_id(), &expected, "{name}");
    }
}

/// Adding the group order L to S gives a second signature that plain RFC 8032 verification
/// would accept; strict verification must refuse it (RFC 8032 section 5.1.7 step 1).
#[test]
fn a_signature_with_s_not_reduced_is_refused() {
    let vector = &vectors("rfc8032_ed25519.json")[0];
    let key = DevicePublicKey::from_base64("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=").unwrap();
    let mut signature: [u8; 64] = hex::decode(field(vector, "signature"))
        .unwrap()
        .try_into()
        .unwrap();
    const ORDER: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for (s, l) in signature[32..].iter_mut().zip(ORDER) {
        carry += u16::from(*s) + u16::from(l);
        *s = carry as u8;
        carry >>= 8;
    }
    assert_eq!(key.verify(b"", &signature), Err(DeviceError::BadSignature));
}
