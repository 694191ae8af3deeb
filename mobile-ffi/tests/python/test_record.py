"""Case records through the binding: canonical JSON, signing, parsing, tampering, chains."""

import json
import unittest

import custos_ffi
from vectors import VECTORS, content_of, tampered_base64

RECORDS = VECTORS["records"]
DEVICE_KEY = VECTORS["device_key"]
PUBLIC_KEY = DEVICE_KEY["public_key_base64"]
KEY = custos_ffi.DeviceSigningKey.from_seed(bytes.fromhex(DEVICE_KEY["seed_hex"]))


def verdict_of(vector):
    if "valid" in vector:
        return custos_ffi.ChainVerdict.VALID(**vector["valid"])
    return custos_ffi.ChainVerdict.BROKEN(**vector["broken"])


class RecordTest(unittest.TestCase):
    def test_canonical_json_reproduces_every_vector(self):
        for vector in VECTORS["jcs"]["canonical"]:
            with self.subTest(vector["name"]):
                self.assertEqual(custos_ffi.canonicalize_json(vector["input"]), vector["canonical"])
        for vector in VECTORS["jcs"]["refused"]:
            with self.subTest(vector["name"]):
                with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
                    custos_ffi.canonicalize_json(vector["input"])
                self.assertEqual(raised.exception.reason, vector["reason"])

    def test_signing_reproduces_every_record(self):
        for vector in RECORDS:
            with self.subTest(seq=vector["seq"]):
                record = custos_ffi.sign_record(content_of(vector), KEY)
                self.assertEqual(record.to_json(), vector["json"])
                self.assertEqual(record.hash(), vector["hash"])
                self.assertEqual(record.sig_base64(), vector["sig"])
                self.assertEqual(record.signing_bytes(), vector["signing_bytes"].encode())
                self.assertEqual(custos_ffi.record_signing_bytes(content_of(vector)), vector["signing_bytes"].encode())

    def test_parsed_records_give_back_their_content_and_verify(self):
        for vector in RECORDS:
            with self.subTest(seq=vector["seq"]):
                record = custos_ffi.CaseRecord.from_json(vector["json"])
                self.assertEqual(record.content(), content_of(vector))
                self.assertEqual(record.hash(), vector["hash"])
                record.verify_signature(PUBLIC_KEY)

    def test_keystore_signature_assembles_the_same_record(self):
        for vector in RECORDS:
            with self.subTest(seq=vector["seq"]):
                record = custos_ffi.CaseRecord.assemble(content_of(vector), vector["sig"])
                self.assertEqual(record.to_json(), vector["json"])

    def test_any_text_of_a_record_parses_to_its_canonical_form(self):
        for vector in RECORDS:
            with self.subTest(seq=vector["seq"]):
                pretty = json.dumps(json.loads(vector["json"]), indent=2, ensure_ascii=True)
                self.assertEqual(custos_ffi.CaseRecord.from_json(pretty).to_json(), vector["json"])

    def test_tampered_records_are_refused(self):
        text, sig = RECORDS[1]["json"], RECORDS[1]["sig"]
        changed_officer = custos_ffi.CaseRecord.from_json(text.replace("officer-0042", "officer-0043"))
        with self.assertRaises(custos_ffi.CustosError.VerificationFailed):
            changed_officer.verify_signature(PUBLIC_KEY)
        changed_sig = custos_ffi.CaseRecord.from_json(text.replace(sig, tampered_base64(sig, 40)))
        with self.assertRaises(custos_ffi.CustosError.VerificationFailed):
            changed_sig.verify_signature(PUBLIC_KEY)
        other_device = custos_ffi.DeviceSigningKey.generate().public_key_base64()
        with self.assertRaises(custos_ffi.CustosError.InvalidInput):
            custos_ffi.CaseRecord.from_json(text).verify_signature(other_device)

    def test_malformed_records_are_invalid_input(self):
        with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
            custos_ffi.sign_record(content_of(RECORDS[0], body_json='{"speed":1.5}'), KEY)
        self.assertEqual(raised.exception.reason, 'number at "/speed" is not an integer (signed json holds integers only)')
        other_device = custos_ffi.DeviceSigningKey.generate().device_id()
        for changes in ({"body_json": '{"a":1,"a":2}'}, {"body_json": "[1]"}, {"prev": "ABC"}, {"device": other_device}):
            with self.subTest(changes=changes):
                with self.assertRaises(custos_ffi.CustosError.InvalidInput):
                    custos_ffi.sign_record(content_of(RECORDS[0], **changes), KEY)
        with self.assertRaises(custos_ffi.CustosError.InvalidInput):
            custos_ffi.CaseRecord.from_json(RECORDS[0]["json"].replace('"v":1', '"v":2'))

    def test_chain_verdicts_reproduce_every_vector(self):
        for vector in VECTORS["chains"]:
            with self.subTest(vector["name"]):
                records = [custos_ffi.CaseRecord.from_json(text) for text in vector["records"]]
                verdict = custos_ffi.verify_chain(vector["chain"], records, vector["device_public_keys"])
                self.assertEqual(verdict, verdict_of(vector["verdict"]))

    def test_chain_verdict_does_not_depend_on_record_order(self):
        valid = next(v for v in VECTORS["chains"] if v["name"] == "valid")
        records = [custos_ffi.CaseRecord.from_json(text) for text in reversed(valid["records"])]
        self.assertEqual(custos_ffi.verify_chain(valid["chain"], records, [PUBLIC_KEY]), verdict_of(valid["verdict"]))


if __name__ == "__main__":
    unittest.main()
