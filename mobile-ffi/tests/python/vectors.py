"""Reads tests/vectors/ffi-vectors.json (path in CUSTOS_FFI_VECTORS) for the binding tests."""

import base64
import json
import os
import tempfile
import unittest

import custos_ffi

with open(os.environ["CUSTOS_FFI_VECTORS"], encoding="utf-8") as vector_file:
    VECTORS = json.load(vector_file)


def pattern_content(vector):
    """The content of a digest vector: its pattern repeated."""
    return bytes.fromhex(vector["pattern_hex"]) * vector["repeat"]


class TempFiles(unittest.TestCase):
    """Gives each test files that are removed when it ends."""

    def temp_file_with(self, content):
        handle, path = tempfile.mkstemp(prefix="custos-ffi-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        self.addCleanup(os.remove, path)
        return path


def tampered_base64(text, byte_index=0):
    """`text` with one bit of its decoded bytes flipped: a tampered hash or signature."""
    raw = bytearray(base64.b64decode(text))
    raw[byte_index] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def content_of(vector, **changes):
    """The content of a record vector, as an app would build it, with `changes` applied."""
    fields = {name: vector[name] for name in ("chain", "seq", "prev", "kind", "at_us", "device", "officer", "body_json")}
    return custos_ffi.RecordContent(**{**fields, **changes})
