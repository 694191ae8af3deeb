"""Unmodified tus clients (tuspy from PyPI, tus-js-client from npm) upload files of several
sizes to a running custos, one of them resumed after the client process is killed mid-way;
every digest is checked end to end (declared at creation, verified by the server, read back).

Ends with `interop: N passed, M failed`."""

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

from custos_server import Server

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = [1, 1000, 5 * 1024 * 1024 + 3, 24 * 1024 * 1024]
RESUMED_SIZE = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# tuspy does not retry unless asked; a phone on 4G must. A request that a previous, broken
# connection still holds is answered 423 or 409, and a retry starts with HEAD (tus 3.2.1).
TUSPY_RETRIES = {"retries": 5, "retry_delay": 1}


def write_file(directory, size, seed):
    path = os.path.join(directory, f"evidence-{seed}-{size}.bin")
    with open(path, "wb") as f:
        block = hashlib.sha256(str(seed).encode()).digest() * (64 * 1024 // 32)
        left = size
        while left:
            f.write(block[: min(left, len(block))])
            left -= min(left, len(block))
    with open(path, "rb") as f:
        return path, hashlib.file_digest(f, "sha256").hexdigest()


def head(url, token):
    request = urllib.request.Request(url, method="HEAD", headers={"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"})
    with urllib.request.urlopen(request) as response:
        return response.headers


def check_item(server, token, upload_url, digest, size):
    headers = head(upload_url, token)
    assert int(headers["Upload-Offset"]) == size, headers
    evidence_id = headers["Custos-Evidence-Id"]
    request = urllib.request.Request(f"{server.url}/api/v1/evidence/{evidence_id}/content", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        received = hashlib.sha256()
        while chunk := response.read(1 << 20):
            received.update(chunk)
        repr_digest = response.headers["Repr-Digest"]
    assert received.hexdigest() == digest, (received.hexdigest(), digest)
    import base64
    assert repr_digest == "sha-256=:" + base64.b64encode(bytes.fromhex(digest)).decode() + ":", repr_digest


def tuspy_upload(server, token, path, digest, url=None, endpoint="/api/v1/uploads"):
    from tusclient import client

    tus = client.TusClient(server.url + endpoint, headers={"Authorization": f"Bearer {token}"})
    uploader = tus.uploader(path, url=url, chunk_size=CHUNK, metadata={"sha256": digest, "filename": os.path.basename(path)},
                            **TUSPY_RETRIES)
    uploader.upload()
    return uploader.url


def node_upload(server, token, path, digest, url="", kill_after=None, endpoint="/api/v1/uploads"):
    command = ["node", os.path.join(HERE, "upload.js"), server.url + endpoint, token, path, digest, str(CHUNK), url]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    if kill_after is None:
        out, _ = process.communicate(timeout=600)
        assert process.returncode == 0, out
        return out.strip().splitlines()[-1]
    location = process.stdout.readline().strip()
    wait_for_offset(location, token, kill_after)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return location


def wait_for_offset(url, token, at_least):
    deadline = time.time() + 300
    while time.time() < deadline:
        if int(head(url, token)["Upload-Offset"]) >= at_least:
            return
        time.sleep(0.02)
    raise AssertionError("upload made no progress")


def tuspy_killed_midway(server, token, path, digest, size):
    """A child process uploads with tuspy and is killed with SIGKILL mid-way; this process
    then resumes the same upload URL with a new tuspy uploader."""
    child = subprocess.Popen([sys.executable, "-c", f"""
import sys
sys.path.insert(0, {HERE!r})
from tusclient import client
tus = client.TusClient({server.url + '/api/v1/uploads'!r}, headers={{'Authorization': 'Bearer {token}'}})
uploader = tus.uploader({path!r}, chunk_size={CHUNK}, metadata={{'sha256': {digest!r}}}, **{TUSPY_RETRIES!r})
uploader.set_url(uploader.create_url())
print(uploader.url, flush=True)
uploader.upload()
"""], stdout=subprocess.PIPE, text=True)
    url = child.stdout.readline().strip()
    wait_for_offset(url, token, size // 3)
    child.send_signal(signal.SIGKILL)
    child.wait()
    offset = int(head(url, token)["Upload-Offset"])
    assert 0 < offset < size, offset
    return tuspy_upload(server, token, path, digest, url=url)


def main():
    binary = os.environ.get("CUSTOS_BIN") or os.path.join(HERE, "..", "..", "target", "debug", "custos")
    server = Server(binary)
    server.initialise()
    server.start()
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="custos-interop-files-") as files:
        cases = []
        for seed, size in enumerate(SIZES):
            cases.append((f"tuspy {size} bytes", "tuspy", size, seed))
            cases.append((f"tus-js-client {size} bytes", "node", size, seed + 100))
        cases.append((f"tuspy {RESUMED_SIZE} bytes, client killed and resumed", "tuspy-killed", RESUMED_SIZE, 200))
        cases.append((f"tus-js-client {RESUMED_SIZE} bytes, client killed and resumed", "node-killed", RESUMED_SIZE, 300))
        # Clients configured the way tusd's documentation teaches (`/files/`) end the endpoint with a slash.
        cases.append(("tuspy at the endpoint with a trailing slash", "tuspy-slash", SIZES[-1], 400))
        cases.append(("tus-js-client at the endpoint with a trailing slash", "node-slash", SIZES[-1], 500))
        for name, client_name, size, seed in cases:
            try:
                token = server.token()
                path, digest = write_file(files, size, seed)
                if client_name == "tuspy":
                    url = tuspy_upload(server, token, path, digest)
                elif client_name == "node":
                    url = node_upload(server, token, path, digest)
                elif client_name == "tuspy-slash":
                    url = tuspy_upload(server, token, path, digest, endpoint="/api/v1/uploads/")
                elif client_name == "node-slash":
                    url = node_upload(server, token, path, digest, endpoint="/api/v1/uploads/")
                elif client_name == "tuspy-killed":
                    url = tuspy_killed_midway(server, token, path, digest, size)
                else:
                    url = node_upload(server, token, path, digest, kill_after=size // 3)
                    offset = int(head(url, token)["Upload-Offset"])
                    assert 0 < offset < size, offset
                    url = node_upload(server, token, path, digest, url=url)
                check_item(server, token, url, digest, size)
                print(f"ok   {name}")
                passed += 1
            except Exception:
                print(f"FAIL {name}")
                traceback.print_exc()
                failed += 1
    server.stop()
    print(f"interop: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
