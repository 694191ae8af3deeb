"""An independent implementation of the custos 双随机 draw, written from the algorithm in
core/src/draw.rs (and ARCHITECTURE.md), with Python's hashlib and nothing else.

Run as `python3 draw.py > draw.json` to write the known-answer vectors, or
`python3 draw.py --stdin` to read a JSON list of draws (each `{"seed": HEX, "inputs": {...}}`
or `{"log_size": N, "log_root": HEX, "inputs": {...}}`) and print each one's seed, inputs
digest and result, which core/tests/draw.rs compares with custos-core.
"""

import hashlib
import json
import sys

TARGET_STREAM = b"custos/draw/targets/v1"
INSPECTOR_STREAM = b"custos/draw/inspectors/v1"
SEED_DOMAIN = b"custos/draw/seed/v1"


def canonical(ids):
    """Step 1: sorted by UTF-8 bytes, deduplicated."""
    assert all(ids), "empty id"
    return sorted(set(ids), key=lambda text: text.encode())


class Stream:
    """Steps 2 and 3: SHA-256(label || 0x00 || seed || u64be(k)), read as big-endian u64 words."""

    def __init__(self, label, seed):
        self.prefix = label + b"\x00" + seed
        self.counter = 0
        self.words = []

    def word(self):
        if not self.words:
            block = hashlib.sha256(self.prefix + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
            self.words = [int.from_bytes(block[i : i + 8], "big") for i in range(0, 32, 8)]
        return self.words.pop(0)

    def below(self, n):
        limit = 2**64 - (2**64 % n)
        while True:
            x = self.word()
            if x < limit:
                return x % n

    def take_shuffled(self, items, count):
        items = list(items)
        for i in range(count):
            j = i + self.below(len(items) - i)
            items[i], items[j] = items[j], items[i]
        return items[:count]


def jcs(value):
    # RFC 8785 for these objects: ASCII member names, integers only.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def canonical_inputs(inputs):
    inputs = dict(inputs, v=1)
    inputs["targets"] = canonical(inputs["targets"])
    inputs["inspectors"] = canonical(inputs["inspectors"])
    return inputs


def seed_of(log_size, log_root, inputs_digest):
    return hashlib.sha256(SEED_DOMAIN + b"\x00" + log_size.to_bytes(8, "big") + log_root + inputs_digest).digest()


def draw(inputs, seed):
    targets = Stream(TARGET_STREAM, seed).take_shuffled(inputs["targets"], inputs["count"])
    stream = Stream(INSPECTOR_STREAM, seed)
    assignments = [
        {"target": target, "inspectors": stream.take_shuffled(inputs["inspectors"], inputs["team_size"])}
        for target in targets
    ]
    return {"targets": targets, "assignments": assignments}


def answer(request):
    inputs = canonical_inputs(request["inputs"])
    inputs_digest = hashlib.sha256(jcs(inputs)).digest()
    if "seed" in request:
        seed = bytes.fromhex(request["seed"])
    else:
        seed = seed_of(request["log_size"], bytes.fromhex(request["log_root"]), inputs_digest)
    return {
        "inputs_sha256": inputs_digest.hex(),
        "seed": seed.hex(),
        "result": draw(inputs, seed),
    }


def base_inputs(**changes):
    inputs = {
        "draw": "d-0001",
        "org": "org-market-1",
        "task": "2025年第一季度食品经营者双随机抽查",
        "domain": "market-supervision",
        "count": 3,
        "team_size": 2,
        "targets": [f"target-{n:02d}" for n in range(10)],
        "inspectors": [f"officer-{letter}" for letter in "abcde"],
    }
    inputs.update(changes)
    return inputs


def vectors():
    requests = [
        {"log_size": 0, "log_root": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "inputs": base_inputs()},
        {"log_size": 41, "log_root": "ab" * 32, "inputs": base_inputs(count=10, team_size=5)},
        {"seed": "00" * 32, "inputs": base_inputs(count=1)},
        {"seed": "ff" * 32, "inputs": base_inputs(targets=["商户-甲", "商户-乙", "Zeta", "alpha", "Alpha"], count=4, team_size=3)},
        # A pool of 3 makes rejections likely to matter over many words: 2^64 mod 3 = 1.
        {"seed": "5a" * 32, "inputs": base_inputs(targets=[f"t{n}" for n in range(200)], count=50, inspectors=["x", "y", "z"])},
    ]
    # Uniform integers below n = 2^63 + 1, where about half the words are rejected (step 3).
    below = []
    for label, seed_hex in ((TARGET_STREAM, "00" * 32), (INSPECTOR_STREAM, "01" * 32)):
        stream = Stream(label, bytes.fromhex(seed_hex))
        n = 2**63 + 1
        words = Stream(label, bytes.fromhex(seed_hex))
        below.append(
            {
                "label": label.decode(),
                "seed": seed_hex,
                "words": [words.word() for _ in range(8)],
                "n": n,
                "below": [stream.below(n) for _ in range(8)],
            }
        )
    return {"draws": [dict(request, **answer(request)) for request in requests], "below": below}


if __name__ == "__main__":
    if sys.argv[1:] == ["--stdin"]:
        json.dump([answer(request) for request in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)
    else:
        json.dump(vectors(), sys.stdout, ensure_ascii=False, indent=1)
        print()
