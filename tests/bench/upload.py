"""Upload throughput of custos over loopback, printed as ratios measured in the same run:

* against this machine's hash-and-persist limit, `tee >(openssl dgst -sha256) < file > copy;
  sync`, over the same file on the same disk (target: at least 0.7);
* against rustus, a Rust tus server, receiving the same file the same way without hashing
  (target: custos at least equal);

for one file in one PATCH and again in 8 MiB PATCHes, with the peak RSS of each server during
its uploads; then N concurrent uploads to custos, all verified, with the aggregate throughput
and custos' peak RSS. Run under tests/run-garage.sh (CUSTOS_BLOB_URL=s3://…), it repeats the
custos uploads against a second custos whose store is that S3 server and prints each figure as
a ratio to the local disk's:

  tests/run-garage.sh bash tests/bench/upload.sh --size-mib 256 Every timing ends with `sync`, so bytes a server left in the page cache
are paid for.

  python3 tests/bench/upload.py [--size-mib 2048] [--concurrent 50 --each-mib 100]

Run it through tests/bench/upload.sh, which builds custos in release mode and installs
rustus. CUSTOS_BIN names custos (default target/release/custos), RUSTUS_BIN rustus (the
comparison is left out without it)."""

import argparse
import base64
import hashlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from custos_server import Server, free_port  # noqa: E402

MIB = 2**20
PATCH_BYTES = 8 * MIB
# Bytes per send from the client: large, so the Python client costs little of the 2 cores.
CLIENT_BLOCK = MIB


def make_file(path, mib):
    subprocess.run(["dd", "if=/dev/urandom", f"of={path}", "bs=1M", f"count={mib}", "status=none"], check=True)
    subprocess.run(["sync"], check=True)
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def peer_seconds(path, directory):
    """The hash-and-persist limit: read the file once, hash it and write a copy, then sync."""
    copy = os.path.join(directory, "peer-copy")
    subprocess.run(["sync"], check=True)
    start = time.perf_counter()
    subprocess.run(["bash", "-c", f"tee >(openssl dgst -sha256 >/dev/null) < '{path}' > '{copy}'; sync"], check=True)
    elapsed = time.perf_counter() - start
    os.remove(copy)
    subprocess.run(["sync"], check=True)
    return elapsed


class TusClient:
    """tus 1.0.0 creation and PATCH over http.client: what any tus client does, minus retries."""

    def __init__(self, port, create_path, headers, metadata):
        self.port = port
        self.create_path = create_path
        self.headers = {"Tus-Resumable": "1.0.0", **headers}
        self.metadata = metadata

    def call(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900, blocksize=CLIENT_BLOCK)
        connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    def upload(self, path, digest, patch_bytes):
        """Uploads the file; returns the last response (the one that completed the upload)."""
        size = os.path.getsize(path)
        metadata = ",".join(f"{key} {base64.b64encode(value(digest).encode()).decode()}" for key, value in self.metadata)
        created = self.call("POST", self.create_path, headers={"Upload-Length": str(size), "Upload-Metadata": metadata})
        assert created.status == 201, (created.status, created.reason)
        location = urllib.parse.urlsplit(created.getheader("Location")).path
        offset = 0
        with open(path, "rb") as f:
            while offset < size:
                length = min(patch_bytes, size - offset)
                response = self.call("PATCH", location, body=FileSlice(f, length), headers={
                    "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream",
                    "Content-Length": str(length)})
                assert response.status == 204, (response.status, response.reason)
                offset += length
        return response


class FileSlice:
    """The next `length` bytes of a file, read as http.client sends them."""

    def __init__(self, f, length):
        self.f, self.left = f, length

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data


class Rss:
    """Peak resident set of a process from a moment on (VmHWM, reset through clear_refs)."""

    def __init__(self, pid):
        self.pid = pid

    def reset(self):
        with open(f"/proc/{self.pid}/clear_refs", "w") as f:
            f.write("5")

    def peak_mib(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")


class Rustus:
    """rustus with its file storage and file info storage in a directory of its own, hooks off."""

    def __init__(self, binary, directory):
        self.port = free_port()
        self.data = data = os.path.join(directory, "rustus-data")
        info = os.path.join(directory, "rustus-info")
        os.makedirs(data)
        os.makedirs(info)
        self.process = subprocess.Popen(
            [binary, "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", data,
             "--info-dir", info, "--max-body-size", str(64 * 2**30)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("rustus did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()

    def forget_files(self):
        """Deletes what rustus received, so the disk does not fill up during the bench."""
        for name in os.listdir(self.data):
            os.remove(os.path.join(self.data, name))


def timed_upload(client, path, digest, patch_bytes):
    subprocess.run(["sync"], check=True)
    start = time.perf_counter()
    response = client.upload(path, digest, patch_bytes)
    subprocess.run(["sync"], check=True)
    return time.perf_counter() - start, response


def concurrent_uploads(server, token, path, digest, count, rss, failures):
    """`count` uploads of the file at once; returns (verified, seconds, peak RSS MiB)."""
    outcomes = []

    def one():
        try:
            client = TusClient(server.port, "/api/v1/uploads", {"Authorization": f"Bearer {token}"}, [("sha256", lambda d: d)])
            response = client.upload(path, digest, os.path.getsize(path))
            outcomes.append(response.getheader("Custos-Evidence-Id"))
        except Exception as error:  # noqa: BLE001
            failures.append(f"concurrent upload: {error!r}")

    threads = [threading.Thread(target=one) for _ in range(count)]
    rss.reset()
    subprocess.run(["sync"], check=True)
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    subprocess.run(["sync"], check=True)
    return sum(1 for item in outcomes if item), time.perf_counter() - start, rss.peak_mib()


def report_failures(failures, directory, server_log):
    print("failures: " + "; ".join(failures[:5]))
    free = shutil.disk_usage(directory).free
    print(f"free disk space now: {free / 2**30:.1f} GiB; custos' last errors:")
    with open(server_log, errors="replace") as log:
        errors = [line.rstrip() for line in log if "ERROR" in line or "WARN" in line]
    print("\n".join(errors[-5:]))
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=2048)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--each-mib", type=int, default=100)
    args = parser.parse_args()
    repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    binary = os.environ.get("CUSTOS_BIN") or os.path.join(repo, "target", "release", "custos")
    rustus_binary = os.environ.get("RUSTUS_BIN") or shutil.which("rustus")
    # Under tests/run-garage.sh the same uploads go to a second custos whose store is that S3
    # server, and each figure is printed as a ratio to the local disk's.
    s3_url = os.environ.get("CUSTOS_BLOB_URL", "")
    s3_url = s3_url if s3_url.startswith("s3://") else None
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="custos-bench-", dir=os.environ.get("BENCH_DIR")) as directory:
        big = os.path.join(directory, "big.bin")
        digest = make_file(big, args.size_mib)
        size = os.path.getsize(big)
        peer = peer_seconds(big, directory)
        print(f"hash-and-persist limit (tee | openssl dgst, sync), {args.size_mib} MiB: {size / peer / MIB:8.1f} MiB/s")

        server_log = os.path.join(directory, "custos.log")
        server = Server(binary, data_dir=os.path.join(directory, "custos-data"), log_path=server_log)
        server.initialise()
        server.start()
        token = server.token()
        custos = TusClient(server.port, "/api/v1/uploads", {"Authorization": f"Bearer {token}"}, [("sha256", lambda d: d)])
        custos_rss = Rss(server.process.pid)
        rustus = Rustus(rustus_binary, directory) if rustus_binary else None
        if rustus is None:
            print("rustus: not available (set RUSTUS_BIN); comparison left out")
        failures = []
        local_seconds = {}
        for name, patch_bytes in [("one PATCH", size), ("8 MiB PATCHes", PATCH_BYTES)]:
            custos_rss.reset()
            seconds, response = timed_upload(custos, big, digest, patch_bytes)
            local_seconds[name] = seconds
            if not response.getheader("Custos-Evidence-Id"):
                failures.append(f"custos {name}: not verified")
            line = (f"custos, {name:14}: {size / seconds / MIB:8.1f} MiB/s, {peer / seconds:5.2f}x the limit, "
                    f"peak RSS {custos_rss.peak_mib():6.1f} MiB")
            if rustus:
                rustus_client = TusClient(rustus.port, "/files", {}, [("filename", lambda d: "big.bin")])
                rustus_rss = Rss(rustus.process.pid)
                rustus_rss.reset()
                rustus_seconds, _ = timed_upload(rustus_client, big, digest, patch_bytes)
                rustus.forget_files()
                line += (f"\n  rustus, {name:14}: {size / rustus_seconds / MIB:8.1f} MiB/s, {peer / rustus_seconds:5.2f}x the limit, "
                         f"peak RSS {rustus_rss.peak_mib():6.1f} MiB; custos/rustus {rustus_seconds / seconds:5.2f}")
            print(line, flush=True)
        if rustus:
            rustus.stop()

        each = os.path.join(directory, "each.bin")
        each_digest = make_file(each, args.each_mib)
        total = args.concurrent * os.path.getsize(each)
        verified, elapsed, peak = concurrent_uploads(server, token, each, each_digest, args.concurrent, custos_rss, failures)
        print(f"{args.concurrent} concurrent {args.each_mib} MiB uploads to custos: {verified} verified, "
              f"{total / elapsed / MIB:.1f} MiB/s aggregate, peak RSS {peak:.1f} MiB", flush=True)
        server.stop()
        if verified != args.concurrent:
            failures.append(f"{args.concurrent - verified} concurrent uploads not verified")
        if failures:
            report_failures(failures, directory, server_log)
        if not s3_url:
            return

        s3_log = os.path.join(directory, "custos-s3.log")
        s3 = Server(binary, data_dir=os.path.join(directory, "custos-s3-data"), log_path=s3_log,
                    extra_env={"CUSTOS_BLOB_URL": s3_url})
        s3.initialise()
        s3.start()
        s3_token = s3.token()
        s3_client = TusClient(s3.port, "/api/v1/uploads", {"Authorization": f"Bearer {s3_token}"}, [("sha256", lambda d: d)])
        s3_rss = Rss(s3.process.pid)
        print(f"custos on S3 ({s3_url}), the same uploads:")
        for name, patch_bytes in [("one PATCH", size), ("8 MiB PATCHes", PATCH_BYTES)]:
            s3_rss.reset()
            seconds, response = timed_upload(s3_client, big, digest, patch_bytes)
            if not response.getheader("Custos-Evidence-Id"):
                failures.append(f"custos on S3 {name}: not verified")
            print(f"custos on S3, {name:14}: {size / seconds / MIB:8.1f} MiB/s, "
                  f"{local_seconds[name] / seconds:5.2f}x custos on the local disk, peak RSS {s3_rss.peak_mib():6.1f} MiB",
                  flush=True)
        s3_verified, s3_elapsed, s3_peak = concurrent_uploads(s3, s3_token, each, each_digest, args.concurrent, s3_rss, failures)
        print(f"{args.concurrent} concurrent {args.each_mib} MiB uploads to custos on S3: {s3_verified} verified, "
              f"{total / s3_elapsed / MIB:.1f} MiB/s aggregate ({elapsed / s3_elapsed:.2f}x the local disk's), "
              f"peak RSS {s3_peak:.1f} MiB")
        s3.stop()
        if s3_verified != args.concurrent:
            failures.append(f"{args.concurrent - s3_verified} concurrent uploads to S3 not verified")
        if failures:
            report_failures(failures, directory, s3_log)


if __name__ == "__main__":
    main()
