"""The custos log through the binding: inclusion and consistency proofs, signed checkpoints."""

import unittest

import custos_ffi
from vectors import VECTORS, tampered_base64

LOG = VECTORS["log"]
CHECKPOINT = LOG["checkpoint"]


def check_inclusion(vector, leaf, proof, root):
    custos_ffi.verify_inclusion(vector["index"], vector["size"], leaf, proof, root)


class LogTest(unittest.TestCase):
    def test_inclusion_proofs_verify(self):
        for vector in LOG["inclusion"]:
            with self.subTest(index=vector["index"], size=vector["size"]):
                leaf = bytes.fromhex(vector["leaf_hex"])
                self.assertEqual(custos_ffi.log_leaf_hash(leaf), vector["leaf_hash"])
                check_inclusion(vector, leaf, vector["proof"], vector["root_hash"])

    def test_tampered_inclusion_is_refused(self):
        for vector in LOG["inclusion"]:
            leaf, proof, root = bytes.fromhex(vector["leaf_hex"]), vector["proof"], vector["root_hash"]
            tampered = [
                (leaf + b"\x00", proof, root),
                (leaf, proof, tampered_base64(root)),
                (leaf, proof + [root], root),
            ]
            if proof:
                tampered.append((leaf, [tampered_base64(proof[0])] + proof[1:], root))
            for case, (bad_leaf, bad_proof, bad_root) in enumerate(tampered):
                with self.subTest(index=vector["index"], size=vector["size"], case=case):
                    with self.assertRaises(custos_ffi.CustosError.VerificationFailed):
                        check_inclusion(vector, bad_leaf, bad_proof, bad_root)

    def test_leaf_outside_the_tree_is_invalid_input(self):
        vector = LOG["inclusion"][0]
        with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
            custos_ffi.verify_inclusion(
                vector["size"], vector["size"], bytes.fromhex(vector["leaf_hex"]), vector["proof"], vector["root_hash"]
            )
        self.assertEqual(raised.exception.reason, "leaf index 7 is outside a tree of size 7")

    def test_consistency_proofs_verify_and_tampered_ones_do_not(self):
        for vector in LOG["consistency"]:
            with self.subTest(old_size=vector["old_size"], new_size=vector["new_size"]):

                def check(old_root, proof):
                    custos_ffi.verify_consistency(
                        vector["old_size"], vector["new_size"], old_root, vector["new_root_hash"], proof
                    )

                check(vector["old_root_hash"], vector["proof"])
                with self.assertRaises(custos_ffi.CustosError.VerificationFailed):
                    check(tampered_base64(vector["old_root_hash"]), vector["proof"])
                with self.assertRaises(custos_ffi.CustosError.VerificationFailed):
                    check(vector["old_root_hash"], vector["proof"] + [vector["new_root_hash"]])

    def test_signed_checkpoint_opens_with_the_log_key(self):
        opened = custos_ffi.open_checkpoint(CHECKPOINT["signed"], CHECKPOINT["verifier_key"])
        expected = custos_ffi.LogCheckpoint(
            origin=CHECKPOINT["origin"], size=CHECKPOINT["size"], root_hash=CHECKPOINT["root_hash"], extensions=[]
        )
        self.assertEqual(opened, expected)

    def test_tampered_checkpoint_is_refused(self):
        signed, key = CHECKPOINT["signed"], CHECKPOINT["verifier_key"]
        with self.assertRaises(custos_ffi.CustosError.VerificationFailed) as raised:
            custos_ffi.open_checkpoint(signed.replace("\n10\n", "\n11\n", 1), key)
        self.assertEqual(raised.exception.reason, "invalid signature for key example.org/custos-test+b495bcdf")
        with self.assertRaises(custos_ffi.CustosError.InvalidInput):
            custos_ffi.open_checkpoint(signed, key.replace("example.org/custos-test", "example.org/other-log", 1))
        with self.assertRaises(custos_ffi.CustosError.InvalidInput):
            custos_ffi.open_checkpoint(signed, "not a verifier key")


if __name__ == "__main__":
    unittest.main()
