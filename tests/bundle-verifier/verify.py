#!/usr/bin/env python3
"""An independent verifier of custos case bundles, written from docs/formats.md with the
`cryptography` and `rfc8785` packages only: no custos code. It shows that a court or an
auditor can check a bundle without trusting custos or running its software.

    verify.py BUNDLE [--verifier-key KEY]

Exit 0 when the bundle verifies, 1 (with the reason) when it does not, 2 when it cannot be
read. It checks what `custos verify` checks, with one exception it says so for: the case's
lifecycle (the order of stages under DOMAIN.md's transition table) is law, not cryptography,
and stays custos-core's to fold.
"""

import base64
import hashlib
import json
import re
import sys

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

BUNDLE_FORMAT = "custos-case-bundle/1"
RECORD_FIELDS = {"v", "chain", "seq", "prev", "kind", "at_us", "device", "officer", "body", "sig"}
ENTRY_FIELDS = {"type", "case", "org", "chain", "seq", "hash", "prev", "kind", "at_us", "device", "officer"}
CASE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
CHAIN_NAME = re.compile(r"[A-Za-z0-9._:-]+")
HEX64 = re.compile(r"[0-9a-f]{64}")


class Refused(Exception):
    """The bundle does not verify; the message says where and why."""


def sha256(data):
    return hashlib.sha256(data).digest()


def b64(text, what):
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        raise Refused(f"{what} is not base64")


# --- C2SP signed notes and checkpoints -------------------------------------------------------

def parse_verifier_key(key):
    """`NAME+KEYHASH+BASE64(0x01 ‖ public key)`: split at the first two `+` only."""
    parts = key.strip().split("+", 2)
    if len(parts) != 3:
        raise Refused("verifier key is not NAME+KEYHASH+KEY")
    name, key_hash, encoded = parts
    raw = b64(encoded, "verifier key")
    if len(raw) != 33 or raw[0] != 0x01:
        raise Refused("verifier key is not an Ed25519 key")
    expected = sha256(name.encode() + b"\n" + raw)[:4]
    if key_hash != expected.hex():
        raise Refused("verifier key hash does not match its name and key")
    return name, expected, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note, verifier_key):
    """The checkpoint (origin, size, root) of a signed note carrying a good signature by the key."""
    name, key_hash, public = parse_verifier_key(verifier_key)
    text, separator, signatures = note.rpartition("\n\n")
    if not separator:
        raise Refused("checkpoint: not a signed note")
    body = text + "\n"
    signed = False
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise Refused("checkpoint: malformed signature line")
        signer, _, encoded = line[2:].rpartition(" ")
        raw = b64(encoded, "checkpoint signature")
        if signer != name or raw[:4] != key_hash:
            continue
        try:
            public.verify(raw[4:], body.encode())
            signed = True
        except InvalidSignature:
            raise Refused("checkpoint: the signature does not verify")
    if not signed:
        raise Refused("checkpoint: not signed by the verifier key")
    lines = body.split("\n")
    if len(lines) < 4 or not lines[1].isdigit():
        raise Refused("checkpoint: body is not origin, size, root")
    origin, size, root = lines[0], int(lines[1]), b64(lines[2], "checkpoint root")
    if origin != name:
        raise Refused(f"checkpoint origin {origin!r} is not the key's log {name!r}")
    if len(root) != 32:
        raise Refused("checkpoint root is not a SHA-256 hash")
    return size, root


# --- RFC 9162 inclusion proofs -----------------------------------------------------------------

def leaf_hash(leaf):
    return sha256(b"\x00" + leaf)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash(leaf)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


# --- Records and chains ------------------------------------------------------------------------

class Record:
    def __init__(self, value, where):
        if not isinstance(value, dict) or set(value) != RECORD_FIELDS:
            raise Refused(f"{where}: record does not have exactly the fields {sorted(RECORD_FIELDS)}")
        self.value = value
        unsigned = {k: v for k, v in value.items() if k != "sig"}
        try:
            self.signing = rfc8785.dumps(unsigned)
        except rfc8785.CanonicalizationError as error:
            raise Refused(f"{where}: record is not canonical JSON: {error}")
        self.hash = sha256(self.signing).hex()
        self.sig = b64(value["sig"], f"{where}: sig")
        for field in ("chain", "kind", "device", "officer"):
            if not isinstance(value[field], str):
                raise Refused(f"{where}: {field} is not a string")
        if not isinstance(value["seq"], int) or value["seq"] < 0 or not isinstance(value["at_us"], int):
            raise Refused(f"{where}: seq and at_us must be integers")
        if value["prev"] is not None and not (isinstance(value["prev"], str) and HEX64.fullmatch(value["prev"])):
            raise Refused(f"{where}: prev is not a hash or null")
        if not isinstance(value["body"], dict) or value["v"] != 1:
            raise Refused(f"{where}: v must be 1 and body an object")

    def __getattr__(self, field):
        return self.value[field]

    def case(self):
        case, slash, name = self.chain.partition("/")
        if len(self.chain) > 160 or not slash or not CASE_ID.fullmatch(case) or not CHAIN_NAME.fullmatch(name):
            return None
        return case

    def authentic(self, keys):
        key = keys.get(self.device)
        if key is None:
            return False
        try:
            key.verify(self.sig, self.signing)
            return True
        except InvalidSignature:
            return False

    def evidence(self):
        """(record, sha256, kind, size) of each evidence reference in the body."""
        listed = self.body.get("evidence", [])
        refs = []
        for entry in listed if isinstance(listed, list) else []:
            if not (isinstance(entry, dict) and set(entry) == {"sha256", "size", "kind"}
                    and isinstance(entry["sha256"], str) and HEX64.fullmatch(entry["sha256"])
                    and isinstance(entry["size"], int) and entry["size"] >= 0
                    and isinstance(entry["kind"], str) and entry["kind"]):
                return []  # an invalid list references nothing, as in custos-core
            refs.append((self.hash, entry["sha256"], entry["kind"], entry["size"]))
        return refs


def device_keys(bundle):
    keys = {}
    for device in bundle["devices"]:
        raw = b64(device["public_key"], f"device {device['id']}")
        if len(raw) != 32:
            raise Refused(f"device {device['id']}: not an Ed25519 public key")
        if sha256(raw).hex()[:32] != device["id"]:
            raise Refused(f"device {device['id']} has the key of another device")
        keys[device["id"]] = Ed25519PublicKey.from_public_bytes(raw)
    return keys


def logged(bundle, size, root, item, entry_type):
    """The record of a bundle item whose leaf is its `entry_type` entry, proved in the checkpoint."""
    index = item["log_index"]
    record = Record(item["record"], f"log entry {index}")
    where = f"record {record.hash} (log entry {index})"
    if record.case() != bundle["case"]:
        raise Refused(f"{where}: chain {record.chain} is not of case {bundle['case']}")
    leaf = b64(item["leaf"], f"{where}: leaf")
    try:
        entry = json.loads(leaf)
    except ValueError:
        raise Refused(f"{where}: leaf is not JSON")
    allowed = ENTRY_FIELDS | ({"conflicts_with"} if entry_type == "fork" else set())
    expected = {"type": entry_type, "case": bundle["case"], "org": bundle["org"], "chain": record.chain,
                "seq": record.seq, "hash": record.hash, "prev": record.prev, "kind": record.kind,
                "at_us": record.at_us, "device": record.device, "officer": record.officer}
    if not isinstance(entry, dict) or not set(entry) <= allowed or any(entry.get(k) != v for k, v in expected.items()):
        raise Refused(f"{where}: the leaf is not the {entry_type} entry of this record")
    proof = [b64(h, f"{where}: inclusion proof") for h in item["inclusion"]]
    if not verify_inclusion(index, size, leaf, proof, root):
        raise Refused(f"{where}: not in the log of the checkpoint")
    return record, entry


def check_chains(records, keys):
    chains = {}
    for record in records:
        chains.setdefault(record.chain, []).append(record)
    for chain, members in chains.items():
        members.sort(key=lambda r: r.seq)
        head = None
        for expected_seq, record in enumerate(members):
            if record.seq != expected_seq:
                raise Refused(f"chain {chain} broken at seq {expected_seq}: "
                              + ("gap" if record.seq > expected_seq else "two records at one seq"))
            if not record.authentic(keys):
                raise Refused(f"chain {chain} broken at seq {record.seq}: signature does not verify")
            if record.prev != head:
                raise Refused(f"chain {chain} broken at seq {record.seq}: prev is not the previous record's hash")
            head = record.hash
    return len(chains)


def verify(bundle, pinned_key=None):
    """What the bundle shows, or Refused."""
    if bundle.get("format") != BUNDLE_FORMAT:
        raise Refused(f"bundle format {bundle.get('format')!r} is not {BUNDLE_FORMAT!r}")
    size, root = open_checkpoint(bundle["checkpoint"], pinned_key or bundle["verifier_key"])
    keys = device_keys(bundle)
    records, previous = [], -1
    for item in bundle["records"]:
        record, _ = logged(bundle, size, root, item, "record")
        if item["log_index"] <= previous:
            raise Refused(f"record {record.hash} is not in log order")
        previous = item["log_index"]
        records.append(record)
    chains = check_chains(records, keys)
    accepted = {(r.chain, r.seq): r for r in records}
    for item in bundle["forks"]:
        fork, entry = logged(bundle, size, root, item, "fork")
        where = f"fork {fork.hash} (log entry {item['log_index']})"
        if not fork.authentic(keys):
            raise Refused(f"{where}: signature does not verify")
        first = accepted.get((fork.chain, fork.seq))
        if first is None:
            raise Refused(f"{where}: no accepted record at its seq")
        if first.hash == fork.hash or first.device != fork.device:
            raise Refused(f"{where}: it does not conflict with the accepted record at its seq")
        if entry.get("conflicts_with") != first.hash:
            raise Refused(f"{where}: its entry names another record as the one it conflicts with")
    expected = sorted(ref for record in records for ref in record.evidence())
    listed = sorted((e["record"], e["sha256"], e["kind"], e["size"]) for e in bundle["evidence"])
    if expected != listed:
        raise Refused("the evidence list is not the evidence the records reference")
    return {"case": bundle["case"], "log_size": size, "records": len(records), "chains": chains,
            "forks": len(bundle["forks"]), "evidence": len(listed)}


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--verifier-key"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as file:
            bundle = json.load(file)
    except (OSError, ValueError) as error:
        print(f"bundle-verifier: cannot read {argv[1]}: {error}", file=sys.stderr)
        return 2
    try:
        shown = verify(bundle, argv[3] if len(argv) == 4 else None)
    except (Refused, KeyError, TypeError, AttributeError) as error:
        reason = error if isinstance(error, Refused) else f"malformed bundle ({type(error).__name__}: {error})"
        print(f"bundle-verifier: does not verify: {reason}")
        return 1
    print("bundle-verifier: verified: " + ", ".join(f"{k} {v}" for k, v in shown.items())
          + "; the lifecycle fold is custos-core's and was not redone")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
