"""Checking what custos says without trusting it, through the binding: a real case bundle and
custody answer exported by a custos server (tests/bundle-verifier/export.py, directory in
CUSTOS_FFI_EXPORT), and tampered copies of them, each refused with the verdict `custos verify`
gives."""

import json
import os
import re
import unittest

import custos_ffi

EXPORT = os.environ["CUSTOS_FFI_EXPORT"]


def read(name):
    with open(os.path.join(EXPORT, name), "rb") as file:
        return file.read()


KEY = read("verifier-key.txt").decode().strip()
VARIANTS = json.loads(read("variants.json"))


def verify(variant):
    """The phone always pins a key: the log's, or the wrong one a variant names."""
    data = read(variant["file"])
    key = variant["pinned_key"] or KEY
    if variant["what"] == "bundle":
        return custos_ffi.verify_bundle(data, key)
    return custos_ffi.verify_custody(data, key)


class VerifyTest(unittest.TestCase):
    def test_the_exported_bundle_verifies(self):
        verdict = custos_ffi.verify_bundle(read("bundle.json"), KEY)
        self.assertEqual(verdict.case_id, "bundle-check-case")
        self.assertEqual((verdict.records, verdict.chains, verdict.forks, verdict.evidence), (10, 2, 1, 2))
        self.assertEqual(verdict.origin, KEY.split("+")[0])

    def test_the_exported_custody_answer_verifies(self):
        verdict = custos_ffi.verify_custody(read("custody.json"), KEY)
        self.assertEqual(verdict.events[:2], ["received", "downloaded"])

    def test_every_variant_gets_the_verdict_custos_verify_gives(self):
        for variant in VARIANTS:
            with self.subTest(variant["name"]):
                if variant["pinned_key"] is None and not variant["verifies"]:
                    # Refused by `custos verify` only because it took the bundle's own
                    # (replaced) key; the phone pins the log's and ignores it.
                    verify(variant)
                    continue
                if variant["verifies"]:
                    verify(variant)
                    if variant["what"] == "bundle":
                        self.assertEqual(variant["custos_exit"], 0, variant["custos"])
                    continue
                error_type = custos_ffi.BundleError if variant["what"] == "bundle" else custos_ffi.CustodyError
                with self.assertRaises(getattr(error_type, variant["verdict"])) as raised:
                    verify(variant)
                if variant["what"] == "bundle":
                    self.assertEqual(variant["custos_exit"], 1, variant["custos"])
                    # The same place is named: the log entry, or the chain and seq.
                    error = raised.exception
                    if hasattr(error, "log_index"):
                        self.assertIn(f"log entry {error.log_index}", variant["custos"])
                    if hasattr(error, "seq"):
                        self.assertIn(f"broken at seq {error.seq}", variant["custos"])

    def test_a_key_that_is_not_the_logs_is_refused(self):
        other = next(v for v in VARIANTS if v["name"] == "a key that is not the log's")
        with self.assertRaises(custos_ffi.BundleError.Checkpoint):
            custos_ffi.verify_bundle(read("bundle.json"), other["pinned_key"])

    def test_malformed_input_is_its_own_verdict(self):
        with self.assertRaises(custos_ffi.BundleError.Malformed):
            custos_ffi.verify_bundle(b"{\"format\":", KEY)
        with self.assertRaises(custos_ffi.CustodyError.Malformed):
            custos_ffi.verify_custody(b"[]", KEY)


if __name__ == "__main__":
    unittest.main()
