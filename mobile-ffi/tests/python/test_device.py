"""Device keys through the binding: the fixed-seed vector, keystore round trip, signatures."""

import unittest

import custos_ffi
from vectors import VECTORS, tampered_base64

VECTOR = VECTORS["device_key"]
MESSAGE = bytes.fromhex(VECTOR["message_hex"])


class DeviceTest(unittest.TestCase):
    def test_seed_reproduces_the_vector_key(self):
        key = custos_ffi.DeviceSigningKey.from_seed(bytes.fromhex(VECTOR["seed_hex"]))
        self.assertEqual(key.public_key_base64(), VECTOR["public_key_base64"])
        self.assertEqual(key.device_id(), VECTOR["device_id"])
        self.assertEqual(key.sign(MESSAGE), VECTOR["signature_base64"])
        self.assertEqual(key.seed(), bytes.fromhex(VECTOR["seed_hex"]))

    def test_device_id_of_an_enrolled_key(self):
        self.assertEqual(custos_ffi.device_id_of(VECTOR["public_key_base64"]), VECTOR["device_id"])

    def test_vector_signature_verifies_and_tampered_ones_do_not(self):
        public_key, signature = VECTOR["public_key_base64"], VECTOR["signature_base64"]
        custos_ffi.verify_device_signature(public_key, MESSAGE, signature)
        with self.assertRaises(custos_ffi.CustosError.VerificationFailed):
            custos_ffi.verify_device_signature(public_key, MESSAGE + b"!", signature)
        with self.assertRaises(custos_ffi.CustosError.VerificationFailed):
            custos_ffi.verify_device_signature(public_key, MESSAGE, tampered_base64(signature, 40))

    def test_generated_key_survives_the_keystore_round_trip(self):
        key = custos_ffi.DeviceSigningKey.generate()
        restored = custos_ffi.DeviceSigningKey.from_seed(key.seed())
        self.assertEqual(restored.public_key_base64(), key.public_key_base64())
        self.assertNotEqual(key.public_key_base64(), VECTOR["public_key_base64"])
        custos_ffi.verify_device_signature(key.public_key_base64(), MESSAGE, restored.sign(MESSAGE))

    def test_malformed_keys_are_invalid_input(self):
        with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
            custos_ffi.DeviceSigningKey.from_seed(bytes(31))
        self.assertEqual(raised.exception.reason, "seed must be 32 bytes, got 31")
        with self.assertRaises(custos_ffi.CustosError.InvalidInput):
            custos_ffi.device_id_of("not base64")


if __name__ == "__main__":
    unittest.main()
