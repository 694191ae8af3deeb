#!/usr/bin/env python3
"""Runs the independent Python verifier (verify.py) and `custos verify` side by side on a real
case bundle exported by a throwaway custos server, and on tampered copies of it: both must
reach the same verdict on every variant, and each verdict must be the one expected.

Ends with `bundle-verifier: N passed, M failed`."""

import base64
import copy
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "faults"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402
from faultlib import Server, Tally, binary, jcs, phone, request  # noqa: E402

tally = Tally("bundle-verifier")
CASE = "bundle-check-case"


def signed(key, device, officer, second, chain, seq, prev, at_us, body_extra=None):
    body = {"domain": "market-supervision", "officers": [second]}
    body.update(body_extra or {})
    unsigned = {"v": 1, "chain": chain, "seq": seq, "prev": prev, "kind": "inspection.record",
                "at_us": at_us, "device": device, "officer": officer, "body": body}
    signing = jcs(unsigned)
    return dict(unsigned, sig=base64.b64encode(key.sign(signing)).decode()), hashlib.sha256(signing).hexdigest()


def seed_case(server):
    """A case of two chains from one phone, one record naming evidence, and a fork."""
    admin_token = request(server.url, "POST", "/api/v1/auth/login",
                          {"username": "admin", "password": "admin password 1"}).json()["access_token"]
    officer, second, key, device = phone(server, admin_token)
    token = server.token()
    at_us = int(time.time() * 1e6) - 600_000_000
    batch, prev = [], {}
    for seq in range(5):
        for name in ("phone", "phone:b"):
            chain = f"{CASE}/{name}"
            extra = {"evidence": [{"sha256": hashlib.sha256(b"photo %d" % seq).hexdigest(), "size": 1234 + seq,
                                   "kind": "photo"}]} if seq == 2 else None
            record, digest = signed(key, device, officer, second, chain, seq, prev.get(chain), at_us, extra)
            batch.append(record)
            prev[chain] = digest
            at_us += 1000
    # A second, different record at seq 1 of the first chain: fork evidence.
    first_hash = hashlib.sha256(jcs({k: v for k, v in batch[0].items() if k != "sig"})).hexdigest()
    fork, _ = signed(key, device, officer, second, f"{CASE}/phone", 1, first_hash, at_us, {"note": "other"})
    for part in (batch, [fork]):
        answer = request(server.url, "POST", "/api/v1/records", body=part, token=token)
        outcomes = [r["outcome"] for r in answer.json().get("results", [])]
        if answer.status != 200 or any(o not in ("accepted", "fork") for o in outcomes):
            raise RuntimeError(f"records: {answer.status} {answer.body[:300]!r}")
    bundle = request(server.url, "GET", f"/api/v1/cases/{CASE}/bundle", token=token)
    if bundle.status != 200:
        raise RuntimeError(f"bundle: {bundle.status} {bundle.body[:300]!r}")
    key_text = request(server.url, "GET", "/api/v1/log/verifier-key").body.decode().strip()
    return bundle.json(), key_text


def another_key(name):
    """A verifier key for a log of the same name that is not this log."""
    public = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    raw = b"\x01" + public
    key_hash = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex()
    return f"{name}+{key_hash}+{base64.b64encode(raw).decode()}"


def variants(bundle, key):
    """(name, bundle, pinned key, verifies?)."""
    out = [("the exported bundle", bundle, None, True), ("the exported bundle, key pinned", bundle, key, True)]

    def changed(name, change, pinned=None, verifies=False):
        copied = copy.deepcopy(bundle)
        change(copied)
        out.append((name, copied, pinned, verifies))

    def flip_record(b):
        body = b["records"][3]["record"]["body"]
        body["domain"] = body["domain"][:-1] + chr(ord(body["domain"][-1]) ^ 1)

    def flip_proof(b):
        raw = bytearray(base64.b64decode(b["records"][2]["inclusion"][0]))
        raw[0] ^= 1
        b["records"][2]["inclusion"][0] = base64.b64encode(bytes(raw)).decode()

    def flip_checkpoint(b):
        lines = b["checkpoint"].split("\n")
        lines[1] = str(int(lines[1]) + 1)
        b["checkpoint"] = "\n".join(lines)

    def swap(b):
        b["records"][1], b["records"][2] = b["records"][2], b["records"][1]

    def evidence(b):
        b["evidence"][0]["size"] += 1

    def leaf_of_other(b):
        b["records"][4]["leaf"] = b["records"][6]["leaf"]

    def fork_names_other(b):
        leaf = json.loads(base64.b64decode(b["forks"][0]["leaf"]))
        leaf["conflicts_with"] = "0" * 64
        b["forks"][0]["leaf"] = base64.b64encode(jcs(leaf)).decode()

    def other_device(b):
        public = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        b["devices"][0]["public_key"] = base64.b64encode(public).decode()

    changed("a flipped byte in a record", flip_record)
    changed("a record dropped from the middle of its chain", lambda b: b["records"].pop(4))
    changed("a changed hash in an inclusion proof", flip_proof)
    changed("a key that is not the log's", lambda b: None, pinned=another_key(key.split("+")[0]))
    changed("the bundle's own key replaced by another log's", lambda b: b.update(verifier_key=another_key(key.split("+")[0])))
    changed("a checkpoint whose size was changed after signing", flip_checkpoint)
    changed("two records out of log order", swap)
    changed("an evidence size changed", evidence)
    changed("a record shown with another record's leaf", leaf_of_other)
    changed("fork evidence whose entry names another record", fork_names_other)
    changed("a device key replaced", other_device)
    # What a bundle cannot show (ARCHITECTURE.md, bundle): a chain's last records left out.
    changed("a chain's last record left out (not detectable)", lambda b: b["records"].pop(), verifies=True)
    return out


def verdicts(directory, index, bundle, pinned):
    path = os.path.join(directory, f"variant-{index}.json")
    with open(path, "w") as file:
        json.dump(bundle, file)
    key_args = ["--verifier-key", pinned] if pinned else []
    ours = subprocess.run([sys.executable, os.path.join(HERE, "verify.py"), path, *key_args],
                          capture_output=True, text=True)
    theirs = subprocess.run([binary(), "verify", path, *key_args], capture_output=True, text=True)
    return ours, theirs


def main():
    server = Server(binary())
    server.initialise()
    server.start()
    try:
        bundle, key = seed_case(server)
    finally:
        server.stop()
    tally.check(len(bundle["forks"]) == 1 and len(bundle["evidence"]) == 2 and len(bundle["records"]) == 10,
                "the exported bundle holds 10 records, 1 fork and 2 evidence references",
                (len(bundle["records"]), len(bundle["forks"]), len(bundle["evidence"])))
    with tempfile.TemporaryDirectory(prefix="custos-bundle-verifier-") as directory:
        for index, (name, variant, pinned, verifies) in enumerate(variants(bundle, key)):
            ours, theirs = verdicts(directory, index, variant, pinned)
            expected = 0 if verifies else 1
            ok = ours.returncode == expected and theirs.returncode == expected
            tally.check(ok, f"{name}: expected exit {expected}",
                        f"python {ours.returncode} {ours.stdout.strip()[-200:]} {ours.stderr.strip()[-300:]}; "
                        f"custos {theirs.returncode} {theirs.stdout.strip()[-200:]} {theirs.stderr.strip()[-200:]}")
            print(f"  {'ok  ' if ok else 'FAIL'} {name}: python {ours.stdout.strip()[:160]}", flush=True)
    tally.finish()


if __name__ == "__main__":
    main()
