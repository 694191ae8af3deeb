#!/usr/bin/env python3
"""Runs the independent Python verifier (verify.py) and `custos verify` side by side on a real
case bundle exported by a throwaway custos server, and on tampered copies of it (export.py):
both must reach the same verdict on every variant, and each verdict must be the one expected.

    check.py [DIRECTORY]

keeps what export.py wrote in DIRECTORY (for the binding tests) instead of a temporary one.
Ends with `bundle-verifier: N passed, M failed`."""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "faults"))

import export  # noqa: E402
from faultlib import Server, Tally, binary  # noqa: E402

tally = Tally("bundle-verifier")


def run(directory):
    server = Server(binary())
    server.initialise()
    server.start()
    try:
        exported = export.seed(server)
    finally:
        server.stop()
    bundle = exported["bundle"]
    tally.check(len(bundle["forks"]) == 1 and len(bundle["evidence"]) == 2 and len(bundle["records"]) == 10,
                "the exported bundle holds 10 records, 1 fork and 2 evidence references",
                (len(bundle["records"]), len(bundle["forks"]), len(bundle["evidence"])))
    tally.check(len(exported["bundle-1000"]["records"]) == 1000, "the large bundle holds 1000 records")
    for variant in export.write(directory, exported):
        if variant["what"] != "bundle":
            continue
        path = os.path.join(directory, variant["file"])
        key_args = ["--verifier-key", variant["pinned_key"]] if variant["pinned_key"] else []
        ours = subprocess.run([sys.executable, os.path.join(HERE, "verify.py"), path, *key_args],
                              capture_output=True, text=True)
        expected = 0 if variant["verifies"] else 1
        ok = ours.returncode == expected and variant["custos_exit"] == expected
        tally.check(ok, f"{variant['name']}: expected exit {expected}",
                    f"python {ours.returncode} {ours.stdout.strip()[-200:]} {ours.stderr.strip()[-300:]}; "
                    f"custos {variant['custos_exit']} {variant['custos'][-300:]}")
        print(f"  {'ok  ' if ok else 'FAIL'} {variant['name']}: python {ours.stdout.strip()[:160]}", flush=True)


def main():
    if len(sys.argv) > 1:
        os.makedirs(sys.argv[1], exist_ok=True)
        run(sys.argv[1])
    else:
        with tempfile.TemporaryDirectory(prefix="custos-bundle-verifier-") as directory:
            run(directory)
    tally.finish()


if __name__ == "__main__":
    main()
