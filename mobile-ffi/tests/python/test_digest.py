"""Evidence digests through the binding: vectors, progress, cancellation and typed errors."""

import os
import tempfile
import unittest

import custos_ffi
from vectors import VECTORS, TempFiles, pattern_content

MIB = 1 << 20
SEVERAL_READS = next(v for v in VECTORS["digests"] if v["name"] == "several reads")


class Listener(custos_ffi.HashProgress):
    """Remembers what it heard; says stop once `stop_at` bytes are hashed."""

    def __init__(self, stop_at=None):
        self.heard = []
        self.stop_at = stop_at

    def on_progress(self, bytes_hashed):
        self.heard.append(bytes_hashed)
        return self.stop_at is None or bytes_hashed < self.stop_at


class ThrowingListener(custos_ffi.HashProgress):
    def on_progress(self, bytes_hashed):
        raise RuntimeError("listener broke")


class DigestTest(TempFiles):
    def test_hash_file_reproduces_every_vector(self):
        for vector in VECTORS["digests"]:
            with self.subTest(vector["name"]):
                hashed = custos_ffi.hash_file(self.temp_file_with(pattern_content(vector)), None, 0)
                self.assertEqual(hashed, custos_ffi.HashedEvidence(sha256=vector["sha256"], size=vector["size"]))

    def test_sha256_hex_reproduces_every_vector(self):
        for vector in VECTORS["digests"]:
            with self.subTest(vector["name"]):
                self.assertEqual(custos_ffi.sha256_hex(pattern_content(vector)), vector["sha256"])

    def test_hasher_fed_in_frames_reproduces_every_vector(self):
        for vector in VECTORS["digests"]:
            with self.subTest(vector["name"]):
                content = pattern_content(vector)
                hasher = custos_ffi.EvidenceHasher()
                # Uneven frames, as a camera pipeline delivers them.
                for start in range(0, len(content), 70_001):
                    hasher.update(content[start : start + 70_001])
                self.assertEqual(hasher.bytes_hashed(), len(content))
                self.assertEqual(hasher.finish().sha256, vector["sha256"])

    def test_one_changed_byte_changes_the_digest(self):
        content = bytearray(pattern_content(SEVERAL_READS))
        content[len(content) // 2] ^= 1
        hashed = custos_ffi.hash_file(self.temp_file_with(bytes(content)), None, 0)
        self.assertNotEqual(hashed.sha256, SEVERAL_READS["sha256"])

    def test_progress_is_reported_at_the_chosen_spacing(self):
        listener = Listener()
        hashed = custos_ffi.hash_file(self.temp_file_with(pattern_content(SEVERAL_READS)), listener, MIB)
        self.assertEqual(hashed.sha256, SEVERAL_READS["sha256"])
        self.assertEqual(listener.heard, [MIB, 2 * MIB])

    def test_cancelling_stops_the_hash(self):
        listener = Listener(stop_at=MIB)
        with self.assertRaises(custos_ffi.CustosError.Cancelled) as raised:
            custos_ffi.hash_file(self.temp_file_with(pattern_content(SEVERAL_READS)), listener, MIB)
        self.assertEqual(listener.heard, [MIB])
        self.assertEqual(raised.exception.reason, "hashing was cancelled")

    def test_missing_file_is_an_io_error(self):
        missing = os.path.join(tempfile.mkdtemp(), "missing.bin")
        with self.assertRaises(custos_ffi.CustosError.Io) as raised:
            custos_ffi.hash_file(missing, None, 0)
        self.assertIn("No such file", raised.exception.reason)

    def test_saved_state_matches_core_and_resumes_the_hash(self):
        saved = VECTORS["hasher_state"]
        content = pattern_content(SEVERAL_READS)
        prefix = saved["prefix_size"]
        first = custos_ffi.EvidenceHasher()
        first.update(content[:prefix])
        self.assertEqual(first.save_state().hex(), saved["saved_hex"])
        resumed = custos_ffi.EvidenceHasher.restore(bytes.fromhex(saved["saved_hex"]))
        resumed.update(content[prefix:])
        self.assertEqual(resumed.finish().sha256, SEVERAL_READS["sha256"])

    def test_damaged_saved_state_is_refused(self):
        damaged = bytearray.fromhex(VECTORS["hasher_state"]["saved_hex"])
        damaged[20] ^= 1
        with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
            custos_ffi.EvidenceHasher.restore(bytes(damaged))
        self.assertEqual(raised.exception.reason, "saved hashing state is damaged")

    def test_finished_hasher_refuses_more_work(self):
        hasher = custos_ffi.EvidenceHasher()
        hasher.finish()
        with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
            hasher.update(b"\x01")
        self.assertEqual(raised.exception.reason, "evidence hasher already finished")
        with self.assertRaises(custos_ffi.CustosError.InvalidInput):
            hasher.save_state()

    def test_panic_inside_the_call_becomes_an_internal_error(self):
        # A listener that raises makes uniffi panic inside the Rust call (the callback returned
        # no value); the scaffolding catches the panic and Python gets an exception, not a crash.
        path = self.temp_file_with(pattern_content(SEVERAL_READS))
        with self.assertRaises(custos_ffi.InternalError) as raised:
            custos_ffi.hash_file(path, ThrowingListener(), MIB)
        self.assertIn("listener broke", str(raised.exception))
        self.assertEqual(custos_ffi.hash_file(path, None, 0).sha256, SEVERAL_READS["sha256"])


if __name__ == "__main__":
    unittest.main()
