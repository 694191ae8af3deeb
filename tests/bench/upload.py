"""Upload throughput of custos against this machine's hash-and-persist limit, measured in the
same run: `tee >(openssl dgst -sha256) < file > copy; sync` over the same file on the same
disk. Prints each figure and the ratios, and custos' peak RSS.

  python3 tests/bench/upload.py [--size-mib 2048] [--concurrent 50 --each-mib 100]

Needs a release build (CUSTOS_BIN or target/release/custos)."""

import argparse
import base64
import hashlib
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from custos_server import Server  # noqa: E402

CHUNK = 8 * 1024 * 1024


def make_file(path, mib):
    subprocess.run(["dd", "if=/dev/urandom", f"of={path}", "bs=1M", f"count={mib}", "status=none"], check=True)
    subprocess.run(["sync"], check=True)
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def drop_caches():
    # The file is read from the page cache in every run alike; only writes reach the disk.
    subprocess.run(["sync"], check=True)


def peer_seconds(path, directory):
    copy = os.path.join(directory, "peer-copy")
    drop_caches()
    start = time.perf_counter()
    subprocess.run(["bash", "-c", f"tee >(openssl dgst -sha256 >/dev/null) < '{path}' > '{copy}'; sync"], check=True)
    elapsed = time.perf_counter() - start
    os.remove(copy)
    return elapsed


class Client:
    def __init__(self, server, token):
        self.host, self.port = "127.0.0.1", server.port
        self.token = token

    def call(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
        all_headers = {"Authorization": f"Bearer {self.token}", "Tus-Resumable": "1.0.0"}
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def create(self, size, digest):
        metadata = "sha256 " + base64.b64encode(digest.encode()).decode()
        response = self.call("POST", "/api/v1/uploads", headers={"Upload-Length": str(size), "Upload-Metadata": metadata})
        assert response.status == 201, response.status
        return response.getheader("Location")

    def upload(self, path, digest, patch_bytes):
        size = os.path.getsize(path)
        location = self.create(size, digest)
        offset = 0
        with open(path, "rb") as f:
            while offset < size:
                length = min(patch_bytes, size - offset)
                body = FileSlice(f, length)
                response = self.call("PATCH", location, body=body, headers={
                    "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream",
                    "Content-Length": str(length)})
                assert response.status == 204, response.status
                offset += length
        assert response.getheader("Custos-Evidence-Id"), "no item"


class FileSlice:
    """The next `length` bytes of a file, read as http.client sends them."""

    def __init__(self, f, length):
        self.f, self.left = f, length

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=2048)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--each-mib", type=int, default=100)
    args = parser.parse_args()
    binary = os.environ.get("CUSTOS_BIN") or os.path.join(os.path.dirname(__file__), "..", "..", "target", "release", "custos")
    with tempfile.TemporaryDirectory(prefix="custos-bench-", dir=os.environ.get("BENCH_DIR")) as directory:
        big = os.path.join(directory, "big.bin")
        digest = make_file(big, args.size_mib)
        size = os.path.getsize(big)
        peer = peer_seconds(big, directory)
        print(f"hash-and-persist limit (tee | openssl dgst, sync): {size / peer / 2**20:8.1f} MiB/s")

        server = Server(binary, data_dir=os.path.join(directory, "data"))
        server.initialise()
        server.start()
        client = Client(server, server.token())
        results = {}
        for name, patch_bytes in [("one PATCH", size), ("8 MiB PATCHes", CHUNK)]:
            drop_caches()
            start = time.perf_counter()
            client.upload(big, digest, patch_bytes)
            subprocess.run(["sync"], check=True)
            elapsed = time.perf_counter() - start
            results[name] = size / elapsed
            print(f"custos, {name:14}:                        {size / elapsed / 2**20:8.1f} MiB/s  ratio {peer / elapsed:5.2f}")
        print(f"custos peak RSS after the {args.size_mib} MiB uploads: {peak_rss_mib(server.process.pid):.1f} MiB")

        each = os.path.join(directory, "each.bin")
        each_digest = make_file(each, args.each_mib)
        errors = []

        def one():
            try:
                Client(server, client.token).upload(each, each_digest, os.path.getsize(each))
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        threads = [threading.Thread(target=one) for _ in range(args.concurrent)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        subprocess.run(["sync"], check=True)
        elapsed = time.perf_counter() - start
        total = args.concurrent * os.path.getsize(each)
        print(f"{args.concurrent} concurrent {args.each_mib} MiB uploads: {len(threads) - len(errors)} verified, "
              f"{total / elapsed / 2**20:.1f} MiB/s aggregate, peak RSS {peak_rss_mib(server.process.pid):.1f} MiB")
        server.stop()
        if errors:
            print(f"errors: {errors[:3]}")
            sys.exit(1)


if __name__ == "__main__":
    main()
