#!/usr/bin/env python3
"""What a verifier is handed, exported by a throwaway custos server: a case bundle, a custody
answer, the log's verifier key, a 1000-record bundle for benches, and tampered copies of the
bundle and the answer, each with the verdict `custos verify` gives it.

    export.py DIRECTORY

writes `verifier-key.txt`, `bundle.json`, `bundle-1000.json`, `custody.json` and
`variants.json` (a list of {name, file, what ("bundle" or "custody"), verifies, verdict, and
for bundles custos's own message}) into DIRECTORY. check.py and the binding tests of
mobile-ffi read them."""

import base64
import copy
import hashlib
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "faults"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402
from faultlib import Server, binary, jcs, login, phone, request, upload_whole  # noqa: E402

CASE = "bundle-check-case"
LARGE_CASE = "bundle-bench-case"


def signed(key, device, officer, second, chain, seq, prev, at_us, body_extra=None):
    body = {"domain": "market-supervision", "officers": [second], "credentials_shown": True}
    body.update(body_extra or {})
    unsigned = {"v": 1, "chain": chain, "seq": seq, "prev": prev, "kind": "inspection.record",
                "at_us": at_us, "device": device, "officer": officer, "body": body}
    signing = jcs(unsigned)
    return dict(unsigned, sig=base64.b64encode(key.sign(signing)).decode()), hashlib.sha256(signing).hexdigest()


def post(server, token, records):
    answer = request(server.url, "POST", "/api/v1/records", body=records, token=token, timeout=300)
    outcomes = [r["outcome"] for r in answer.json().get("results", [])]
    if answer.status != 200 or any(o not in ("accepted", "fork") for o in outcomes):
        raise RuntimeError(f"records: {answer.status} {answer.body[:300]!r}")


def bundle_of(server, token, case):
    answer = request(server.url, "GET", f"/api/v1/cases/{case}/bundle", token=token, timeout=300)
    if answer.status != 200:
        raise RuntimeError(f"bundle: {answer.status} {answer.body[:300]!r}")
    return answer.json()


def seed(server):
    """A case of two chains from one phone, one record naming evidence, and a fork; a case of
    1000 records; and an evidence item uploaded and downloaded. Returns what a verifier is handed."""
    admin = login(server.url, "admin", "admin password 1")
    officer, second, key, device = phone(server, admin)
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
    post(server, token, batch)
    # A second, different record at seq 1 of the first chain: fork evidence.
    first_hash = hashlib.sha256(jcs({k: v for k, v in batch[0].items() if k != "sig"})).hexdigest()
    fork, _ = signed(key, device, officer, second, f"{CASE}/phone", 1, first_hash, at_us, {"note": "other"})
    post(server, token, [fork])

    large, previous = [], None
    for seq in range(1000):
        record, previous = signed(key, device, officer, second, f"{LARGE_CASE}/phone", seq, previous, at_us + seq)
        large.append(record)
    post(server, token, large)

    stored = upload_whole(server.url, token, b"custody answer evidence " + os.urandom(16))
    item = stored.header("custos-evidence-id")
    if stored.status != 201 or not item:
        raise RuntimeError(f"upload: {stored!r}")
    if request(server.url, "GET", f"/api/v1/evidence/{item}/content", token=token).status != 200:
        raise RuntimeError("evidence read")
    custody = request(server.url, "GET", f"/api/v1/evidence/{item}/custody", token=token)
    if custody.status != 200:
        raise RuntimeError(f"custody: {custody!r}")
    key_text = request(server.url, "GET", "/api/v1/log/verifier-key").body.decode().strip()
    return {"bundle": bundle_of(server, token, CASE), "bundle-1000": bundle_of(server, token, LARGE_CASE),
            "custody": custody.json(), "key": key_text}


def another_key(name):
    """A verifier key for a log of the same name that is not this log."""
    public = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    raw = b"\x01" + public
    key_hash = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex()
    return f"{name}+{key_hash}+{base64.b64encode(raw).decode()}"


def flip_hash(encoded):
    raw = bytearray(base64.b64decode(encoded))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def bundle_variants(bundle, key):
    """(name, bundle, pinned key, verdict: None when it verifies, else the refusal's kind)."""
    out = [("the exported bundle", bundle, None, None), ("the exported bundle, key pinned", bundle, key, None)]
    origin = key.split("+")[0]

    def changed(name, change, verdict, pinned=key):
        copied = copy.deepcopy(bundle)
        change(copied)
        out.append((name, copied, pinned, verdict))

    def flip_record(b):
        body = b["records"][3]["record"]["body"]
        body["domain"] = body["domain"][:-1] + chr(ord(body["domain"][-1]) ^ 1)

    def flip_proof(b):
        b["records"][2]["inclusion"][0] = flip_hash(b["records"][2]["inclusion"][0])

    def resized(b):
        lines = b["checkpoint"].split("\n")
        lines[1] = str(int(lines[1]) + 1)
        b["checkpoint"] = "\n".join(lines)

    def swap(b):
        b["records"][1], b["records"][2] = b["records"][2], b["records"][1]

    def fork_names_other(b):
        leaf = json.loads(base64.b64decode(b["forks"][0]["leaf"]))
        leaf["conflicts_with"] = "0" * 64
        b["forks"][0]["leaf"] = base64.b64encode(jcs(leaf)).decode()

    def other_device(b):
        public = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        b["devices"][0]["public_key"] = base64.b64encode(public).decode()

    changed("a flipped byte in a record", flip_record, "Entry")
    changed("a record dropped from the middle of its chain", lambda b: b["records"].pop(4), "Chain")
    changed("a changed hash in an inclusion proof", flip_proof, "Entry")
    changed("a key that is not the log's", lambda b: None, "Checkpoint", pinned=another_key(origin))
    changed("the bundle's own key replaced by another log's",
            lambda b: b.update(verifier_key=another_key(origin)), "Checkpoint", pinned=None)
    changed("a checkpoint whose size was changed after signing", resized, "Checkpoint")
    changed("two records out of log order", swap, "Order")
    changed("an evidence size changed", lambda b: b["evidence"][0].update(size=b["evidence"][0]["size"] + 1), "Evidence")
    changed("a record shown with another record's leaf",
            lambda b: b["records"][4].update(leaf=b["records"][6]["leaf"]), "Entry")
    changed("fork evidence whose entry names another record", fork_names_other, "Entry")
    changed("a device key replaced", other_device, "Device")
    # What a bundle cannot show (docs/formats.md): a chain's last records left out.
    changed("a chain's last record left out (not detectable)", lambda b: b["records"].pop(), None)
    return out


def custody_variants(answer, key):
    out = [("the custody answer", answer, key, None)]

    def changed(name, change, verdict, pinned=key):
        copied = copy.deepcopy(answer)
        change(copied)
        out.append((name, copied, pinned, verdict))

    def flip_leaf(a):
        leaf = bytearray(base64.b64decode(a["events"][0]["leaf"]))
        leaf[len(leaf) // 2] ^= 1
        a["events"][0]["leaf"] = base64.b64encode(bytes(leaf)).decode()

    def flip_proof(a):
        a["events"][-1]["inclusion"]["hashes"][0] = flip_hash(a["events"][-1]["inclusion"]["hashes"][0])

    changed("a custody leaf with a flipped byte", flip_leaf, "Event")
    changed("a custody proof hash changed", flip_proof, "Event")
    changed("a custody entry shown other than its leaf", lambda a: a["events"][0]["entry"].update(event="sealed"), "Event")
    changed("a custody answer under a key that is not the log's", lambda a: None, "Checkpoint",
            pinned=another_key(key.split("+")[0]))
    return out


def custos_verify(path, pinned):
    key_args = ["--verifier-key", pinned] if pinned else []
    return subprocess.run([binary(), "verify", path, *key_args], capture_output=True, text=True)


def write(directory, exported):
    os.makedirs(directory, exist_ok=True)
    for name in ("bundle", "bundle-1000", "custody"):
        with open(os.path.join(directory, f"{name}.json"), "w") as file:
            json.dump(exported[name], file)
    with open(os.path.join(directory, "verifier-key.txt"), "w") as file:
        file.write(exported["key"] + "\n")
    manifest = []
    for what, variants in (("bundle", bundle_variants(exported["bundle"], exported["key"])),
                           ("custody", custody_variants(exported["custody"], exported["key"]))):
        for index, (name, value, pinned, verdict) in enumerate(variants):
            path = os.path.join(directory, f"{what}-variant-{index}.json")
            with open(path, "w") as file:
                json.dump(value, file)
            entry = {"name": name, "file": os.path.basename(path), "what": what, "pinned_key": pinned,
                     "verifies": verdict is None, "verdict": verdict}
            if what == "bundle":
                done = custos_verify(path, pinned)
                entry["custos_exit"] = done.returncode
                entry["custos"] = (done.stdout + done.stderr).strip()
            manifest.append(entry)
    with open(os.path.join(directory, "variants.json"), "w") as file:
        json.dump(manifest, file, indent=1)
    return manifest


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    server = Server(binary())
    server.initialise()
    server.start()
    try:
        exported = seed(server)
    finally:
        server.stop()
    write(sys.argv[1], exported)


if __name__ == "__main__":
    main()
