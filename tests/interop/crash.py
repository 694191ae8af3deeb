"""Crash safety: several uploads run while the custos server is killed with SIGKILL at random
moments and restarted on the same data; each client resumes from the offset HEAD reports.
Every upload must end as exactly one verified item whose bytes read back with the right
digest, and the offset HEAD reports must never go backwards.

Ends with `crash: N passed, M failed`."""

import hashlib
import http.client
import os
import random
import sys
import tempfile
import threading
import time
import urllib.parse

from custos_server import Server

UPLOADS = 4
SIZE = 128 * 1024 * 1024
PATCH_BYTES = 3 * 1024 * 1024 + 17
KILLS = 8


class Upload(threading.Thread):
    def __init__(self, server, token, seed):
        super().__init__(daemon=True)
        self.server, self.token = server, token
        rng = random.Random(seed)
        self.data = rng.randbytes(SIZE)
        self.digest = hashlib.sha256(self.data).hexdigest()
        self.path = None
        self.evidence_id = None
        self.offsets = []
        self.error = None

    def request(self, method, path, body=None, headers=None):
        parts = urllib.parse.urlsplit(self.server.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        all_headers = {"Authorization": f"Bearer {self.token}", "Tus-Resumable": "1.0.0"}
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def run(self):
        import base64
        try:
            while self.path is None:
                try:
                    metadata = "sha256 " + base64.b64encode(self.digest.encode()).decode()
                    response = self.request("POST", "/api/v1/uploads", headers={"Upload-Length": str(SIZE), "Upload-Metadata": metadata})
                    if response.status == 201:
                        self.path = response.getheader("Location")
                except OSError:
                    time.sleep(0.05)
            while self.evidence_id is None:
                try:
                    head = self.request("HEAD", self.path)
                    if head.status != 200:
                        raise RuntimeError(f"HEAD {head.status}")
                    offset = int(head.getheader("Upload-Offset"))
                    if self.offsets and offset < self.offsets[-1]:
                        raise RuntimeError(f"offset went back from {self.offsets[-1]} to {offset}")
                    self.offsets.append(offset)
                    if head.getheader("Custos-Evidence-Id"):
                        self.evidence_id = head.getheader("Custos-Evidence-Id")
                        break
                    body = self.data[offset : offset + PATCH_BYTES]
                    response = self.request("PATCH", self.path, body=body, headers={
                        "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
                    if response.status == 204 and response.getheader("Custos-Evidence-Id"):
                        self.evidence_id = response.getheader("Custos-Evidence-Id")
                    elif response.status not in (204, 409, 423):
                        raise RuntimeError(f"PATCH {response.status}")
                except (OSError, http.client.HTTPException):
                    time.sleep(0.05)
        except Exception as error:
            self.error = error


def read_back(server, token, evidence_id):
    parts = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.request("GET", f"/api/v1/evidence/{evidence_id}/content", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    digest = hashlib.sha256()
    while chunk := response.read(1 << 20):
        digest.update(chunk)
    return response.status, digest.hexdigest()


def main():
    binary = os.environ.get("CUSTOS_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", "target", "debug", "custos")
    rng = random.Random(int(os.environ.get("CRASH_SEED", "5")))
    with tempfile.TemporaryDirectory(prefix="custos-crash-") as data_dir:
        server = Server(binary, data_dir=data_dir)
        server.initialise()
        server.start()
        token = server.token()
        uploads = [Upload(server, token, seed) for seed in range(UPLOADS)]
        for upload in uploads:
            upload.start()
        for kill in range(KILLS):
            time.sleep(rng.uniform(0.2, 1.2))
            server.kill()
            print(f"killed the server ({kill + 1}/{KILLS}); offsets " + ", ".join(str(u.offsets[-1] if u.offsets else 0) for u in uploads), flush=True)
            server.start()
        for upload in uploads:
            upload.join(timeout=600)
        passed = failed = 0
        for index, upload in enumerate(uploads):
            problem = upload.error
            if problem is None and upload.evidence_id is None:
                problem = "did not finish"
            if problem is None:
                status, digest = read_back(server, token, upload.evidence_id)
                if status != 200 or digest != upload.digest:
                    problem = f"read back {status} {digest}, expected {upload.digest}"
            if problem is None:
                print(f"ok   upload {index}: resumed {len(set(upload.offsets))} times, verified")
                passed += 1
            else:
                print(f"FAIL upload {index}: {problem}")
                failed += 1
        # Exactly one item per upload, nothing left staged.
        db_items = set(u.evidence_id for u in uploads if u.evidence_id)
        staged = os.listdir(os.path.join(data_dir, "blobs", "uploads")) if os.path.isdir(os.path.join(data_dir, "blobs", "uploads")) else []
        time.sleep(0.5)
        staged = [name for name in staged if os.path.exists(os.path.join(data_dir, "blobs", "uploads", name))]
        if len(db_items) == UPLOADS and not staged:
            print("ok   one item per upload, no staged bytes left")
            passed += 1
        else:
            print(f"FAIL items {len(db_items)}, staged left {staged}")
            failed += 1
        server.stop()
    print(f"crash: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
