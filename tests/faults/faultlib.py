"""Shared by the fault programs: a throwaway custos server (from tests/interop), plain HTTP
requests that never raise on a status, tus uploads, and the pass/fail tally each program ends
with (`NAME: N passed, M failed`)."""

import base64
import hashlib
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))

from custos_server import Server, free_port, run  # noqa: E402,F401  (re-exported for the programs)

# What a request meets while the server is down or being killed.
NETWORK = (OSError, http.client.HTTPException)
PROBLEM = "https://custos.dev/problems/"

# Latest time custos takes in metadata (the last microsecond of 2099 UTC).
MAX_TIME_US = 4_102_444_799_999_999
MAX_SAFE_INTEGER = (1 << 53) - 1


def binary():
    return os.environ.get("CUSTOS_BIN") or os.path.join(HERE, "..", "..", "target", "debug", "custos")


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        """The body as JSON, or {} when it is not JSON (a failure's page, a dropped connection)."""
        try:
            return json.loads(self.body)
        except ValueError:
            return {}

    def problem(self):
        """The problem type's slug, or None."""
        kind = self.json().get("type", "") if self.body.startswith(b"{") else ""
        return kind[len(PROBLEM):] if kind.startswith(PROBLEM) else None

    def __repr__(self):
        return f"{self.status} {self.body[:200]!r}"


def request(url, method, path, body=None, headers=None, token=None, timeout=60):
    """One request on its own connection; network errors raise OSError or HTTPException."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        all_headers.setdefault("Content-Type", "application/json")
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        connection.close()


def attempt(url, method, path, body=None, headers=None, token=None, timeout=60):
    """`request`, with a network error answered as status 0 (for probes that count outcomes)."""
    try:
        return request(url, method, path, body, headers, token, timeout)
    except NETWORK as error:
        return Response(0, {}, str(error).encode())


def tus_metadata(pairs):
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in pairs)


def tus(extra=None):
    headers = {"Tus-Resumable": "1.0.0"}
    headers.update(extra or {})
    return headers


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def create_upload(url, token, length, data):
    """tus creation declaring `data`'s digest; never raises on a status."""
    return attempt(url, "POST", "/api/v1/uploads", token=token,
                   headers=tus({"Upload-Length": str(length),
                                "Upload-Metadata": tus_metadata([("sha256", sha256_hex(data))])}))


def upload_whole(url, token, data):
    """creation-with-upload of `data` in one request; the answer carries Custos-Evidence-Id."""
    return attempt(url, "POST", "/api/v1/uploads", body=data, token=token,
                   headers=tus({"Upload-Length": str(len(data)),
                                "Upload-Metadata": tus_metadata([("sha256", sha256_hex(data))]),
                                "Content-Type": "application/offset+octet-stream"}))


def login(url, username, password):
    answer = request(url, "POST", "/api/v1/auth/login", {"username": username, "password": password})
    if answer.status != 200:
        raise RuntimeError(f"login of {username}: {answer.status} {answer.body[:200]!r}")
    return answer.json()["access_token"]


class Tally:
    """Counts checks; prints each failure (with what was seen) and the closing line."""

    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, ok, what, seen=None):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {what}" + ("" if seen is None else f": {seen!r}"), flush=True)
        return ok

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)


class Worker(threading.Thread):
    """Repeats its work until told to stop; network errors (the server is down) are waited out."""

    def __init__(self, server, stop):
        super().__init__(daemon=True)
        self.server, self.stop = server, stop
        self.problems = []

    def call(self, method, path, **kwargs):
        while True:
            try:
                return request(self.server.url, method, path, timeout=30, **kwargs)
            except NETWORK:
                time.sleep(0.05)

    def run(self):
        try:
            self.work()
        except Exception as error:  # noqa: BLE001 - reported as a failed check
            self.problems.append(f"{type(error).__name__}: {error}")


class Uploader(Worker):
    """Uploads random files one after another in PATCHes of random size, resuming from the
    offset HEAD reports, which must never go back from an acknowledged offset or past the
    upload's length."""

    def __init__(self, server, stop, token, seed, max_length=8 << 20):
        super().__init__(server, stop)
        self.token, self.rng = token, random.Random(seed)
        self.max_length = max_length
        self.done = []  # (evidence id, digest, length)
        self.heads = 0
        self.acknowledged_bytes = 0
        self.faults = []  # (method, status, Retry-After) of every 5xx answer, retried

    def fault(self, method, answer):
        """Notes a 5xx answer (to be retried) and waits a little; False for any other."""
        if answer.status < 500:
            return False
        self.faults.append((method, answer.status, answer.header("retry-after")))
        time.sleep(0.05)
        return True

    def work(self):
        while not self.stop.is_set():
            length = self.rng.randint(1, self.max_length)
            data = self.rng.randbytes(length)
            self.done.append((self.one(data), sha256_hex(data), length))

    def one(self, data):
        digest = sha256_hex(data)
        headers = tus({"Upload-Length": str(len(data)), "Upload-Metadata": tus_metadata([("sha256", digest)])})
        while True:
            created = self.call("POST", "/api/v1/uploads", headers=headers, token=self.token)
            if created.status == 201:
                break
            if not self.fault("POST", created):
                raise RuntimeError(f"create {created.status}")
        path = created.header("location")
        acknowledged = 0
        while True:
            head = self.call("HEAD", path, headers=tus(), token=self.token)
            self.heads += 1
            if self.fault("HEAD", head):
                continue
            if head.status != 200:
                raise RuntimeError(f"HEAD {head.status}")
            offset = int(head.header("upload-offset"))
            if offset < acknowledged or offset > len(data):
                raise RuntimeError(f"HEAD says {offset}, acknowledged {acknowledged} of {len(data)}")
            acknowledged = offset
            if head.header("custos-evidence-id"):
                return head.header("custos-evidence-id")
            size = self.rng.choice([1, 17, 4096, 65537, 1 << 20, 3 << 20])
            try:
                answer = request(self.server.url, "PATCH", path, body=data[offset:offset + size], token=self.token,
                                 headers=tus({"Upload-Offset": str(offset),
                                              "Content-Type": "application/offset+octet-stream"}), timeout=30)
            except NETWORK:
                time.sleep(0.05)
                continue
            if answer.status == 204:
                new = int(answer.header("upload-offset"))
                self.acknowledged_bytes += new - offset
                acknowledged = new
                if answer.header("custos-evidence-id"):
                    return answer.header("custos-evidence-id")
            elif answer.status not in (409, 423) and not self.fault("PATCH", answer):
                raise RuntimeError(f"PATCH {answer.status} {answer.body[:200]!r}")


def jcs(value):
    """RFC 8785 for these records: ASCII member names, integers, strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class Records(Worker):
    """One phone's chain of inspection records (CONTRACT.md section 3), sent in batches of
    random size; a batch whose answer was lost is sent again, as a phone would, and must come
    back accepted or duplicate. With `case_every`, a new case (and chain) starts after that
    many records, as an officer's phone moves from case to case."""

    def __init__(self, server, stop, token, officer, second, device_key, device_id, seed, case_every=None):
        super().__init__(server, stop)
        self.seed, self.case_every, self.cases = seed, case_every, 1
        self.token, self.officer, self.second = token, officer, second
        self.key, self.device = device_key, device_id
        self.rng = random.Random(seed)
        self.case = f"kill-case-{seed}"
        self.acknowledged = []  # record hashes, in chain order
        self.prev, self.seq = None, 0
        self.at_us = int(time.time() * 1e6) - 3_600_000_000

    def work(self):
        while not self.stop.is_set():
            batch, hashes = [], []
            for _ in range(self.rng.randint(1, 50)):
                if self.case_every and self.seq == self.case_every:
                    self.cases += 1
                    self.case, self.prev, self.seq = f"kill-case-{self.seed}-{self.cases}", None, 0
                unsigned = {"v": 1, "chain": f"{self.case}/phone", "seq": self.seq, "prev": self.prev,
                            "kind": "inspection.record", "at_us": self.at_us, "device": self.device,
                            "officer": self.officer,
                            "body": {"domain": "market-supervision", "officers": [self.second],
                                     "credentials_shown": True}}
                signing = jcs(unsigned)
                self.prev = hashlib.sha256(signing).hexdigest()
                self.seq, self.at_us = self.seq + 1, self.at_us + 1000
                batch.append(dict(unsigned, sig=base64.b64encode(self.key.sign(signing)).decode()))
                hashes.append(self.prev)
            while True:
                answer = self.call("POST", "/api/v1/records", body=batch, token=self.token)
                if answer.status == 200:
                    break
                if answer.status < 500:
                    raise RuntimeError(f"records {answer.status} {answer.body[:200]!r}")
            outcomes = [result["outcome"] for result in answer.json()["results"]]
            if any(outcome not in ("accepted", "duplicate") for outcome in outcomes):
                raise RuntimeError(f"records answered {outcomes}")
            self.acknowledged += hashes


def certify(server, admin, holder, number):
    answer = request(server.url, "POST", "/api/v1/certificates", token=admin, body={
        "number": number, "holder_id": holder, "holder_name": "张三", "issuer": "市人民政府",
        "domains": ["market-supervision"], "valid_from": "2024-01-01", "valid_until": "2027-12-31"})
    if answer.status != 201:
        raise RuntimeError(f"certificate: {answer.status} {answer.body[:200]!r}")


def phone(server, admin):
    """A second certified officer, the first officer certified, and its phone enrolled."""
    officer = request(server.url, "GET", "/api/v1/me", token=server.token()).json()
    run(server.binary, server.env, ["user", "add", "--username", "second", "--role", "officer",
                                    "--org", officer["org_id"], "--password-stdin"], "second officer password\n")
    second = request(server.url, "GET", "/api/v1/me", token=login(server.url, "second", "second officer password"))
    certify(server, admin, officer["id"], "CERT-KILL-1")
    certify(server, admin, second.json()["id"], "CERT-KILL-2")
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    device = request(server.url, "POST", "/api/v1/devices", token=admin, body={
        "public_key": public, "kind": "phone", "org_id": officer["org_id"], "owner_id": officer["id"]})
    if device.status != 201:
        raise RuntimeError(f"device: {device.status} {device.body[:200]!r}")
    return officer["id"], second.json()["id"], key, device.json()["id"]
