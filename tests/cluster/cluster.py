#!/usr/bin/env python3
"""Two `custos serve` nodes on one PostgreSQL (CUSTOS_TEST_POSTGRES_URL) and one S3 store
(CUSTOS_BLOB_URL and AWS_*), as tests/cluster/run.sh starts them, with every client request
sent to either node at random: tus uploads whose PATCHes and HEADs go to both (a resume after a
kill continues on the other node from its HEAD offset), record batches from several phones,
custody actions and draws. Node A is SIGKILLed in the middle of the run and restarted; later
the S3 server is stopped for STORE_DOWN_S seconds and started again, then the shared PostgreSQL
is stopped (immediate mode, as a crash) for DB_DOWN_S seconds and started again.

While the store or the database is away, requests are answered 503 with Retry-After (never
500) and /readyz fails on both nodes; once it is back, both nodes are ready again by
themselves. No answer of the whole run is a 5xx other than 503 or 507, and every 503 carries
Retry-After. Afterwards every acknowledged upload, record, custody action and draw (before,
during or after the outages) is present exactly once, every item's bytes match its digest,
and Go's sumdb/tlog (tests/go-verifier) checks the consistency proof from a checkpoint taken
before the run to one taken after, and inclusion proofs of entries written through each node.
Ends with `cluster: N passed, M failed`."""

import base64
import importlib.machinery
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.join(HERE, "..", "..")
sys.path.insert(0, os.path.join(REPO, "tests", "faults"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402

import faultlib  # noqa: E402
from faultlib import (NETWORK, Records, Server, Tally, Uploader, Worker, attempt, binary,  # noqa: E402
                      login, phone)

# The checks of the kill test, which this test shares.
kill = importlib.machinery.SourceFileLoader("fault_kill", os.path.join(REPO, "tests", "faults", "fault-kill")).load_module()

ADMIN_PASSWORD = "admin password 1"
KEY_FILES = ("log-signing.key", "token-signing.key")
BEFORE_KILL_S = float(os.environ.get("CLUSTER_BEFORE_KILL_S", "12"))
DOWN_S = float(os.environ.get("CLUSTER_DOWN_S", "4"))
AFTER_RESTART_S = float(os.environ.get("CLUSTER_AFTER_RESTART_S", "10"))
STORE_DOWN_S = float(os.environ.get("CLUSTER_STORE_DOWN_S", "10"))
STORE_BACK_S = float(os.environ.get("CLUSTER_STORE_BACK_S", "8"))
DB_DOWN_S = float(os.environ.get("CLUSTER_DB_DOWN_S", "10"))
DB_BACK_S = float(os.environ.get("CLUSTER_DB_BACK_S", "6"))
# Seconds after the database's start by which both nodes must be ready again by themselves.
DB_READY_WITHIN_S = 10.0
PG_BIN = "/usr/lib/postgresql/15/bin"
PHONES = 3
UPLOADERS = 3


class Answers:
    """Every answer any request of this test got (status, Retry-After, when), kept by wrapping
    faultlib's `request`, which the workers and probes go through: the whole run's 5xx answers
    are judged, not only those a worker happens to look at."""

    def __init__(self, request):
        self.request, self.lock, self.seen = request, threading.Lock(), []

    def __call__(self, *args, **kwargs):
        answer = self.request(*args, **kwargs)
        with self.lock:
            self.seen.append((answer.status, answer.header("retry-after"), time.monotonic()))
        return answer

    def between(self, start, end):
        with self.lock:
            return [seen for seen in self.seen if start <= seen[2] <= end]


ANSWERS = Answers(faultlib.request)
faultlib.request = request = ANSWERS


class Nodes:
    """What the workers take for a server: each use of `url` picks a node at random, so one
    upload's requests land on both."""

    def __init__(self, nodes, seed):
        self.nodes, self.rng, self.lock = nodes, random.Random(seed), threading.Lock()
        self.binary, self.env = nodes[0].binary, nodes[0].env

    @property
    def url(self):
        with self.lock:
            return self.rng.choice(self.nodes).url

    def token(self):
        return self.nodes[0].token()


class Garage:
    """The S3 server tests/run-garage.sh started, stopped and started again here; the script
    stops whichever process its pid file names."""

    def __init__(self):
        self.binary = os.environ["CUSTOS_TEST_GARAGE"]
        self.config = os.environ["CUSTOS_TEST_GARAGE_CONFIG"]
        self.pid_file = os.environ["CUSTOS_TEST_GARAGE_PID_FILE"]

    def stop(self):
        with open(self.pid_file) as file:
            pid = int(file.read())
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if not running(pid):
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)

    def start(self):
        log = open(os.path.join(os.path.dirname(self.config), "server-again.log"), "ab")
        server = subprocess.Popen([self.binary, "-c", self.config, "server"], stdout=log, stderr=log,
                                  env=dict(os.environ, RUST_LOG="warn"))
        with open(self.pid_file, "w") as file:
            file.write(str(server.pid))
        for _ in range(100):
            status = subprocess.run([self.binary, "-c", self.config, "status"], capture_output=True)
            if status.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("Garage did not start again")


class Postgres:
    """The PostgreSQL tests/run-postgres.sh started: its data directory comes from the server
    itself and its command line from the postmaster.opts it wrote, so it starts again as it
    was (same port, socket directory and settings) and the script's own stop still finds it."""

    def __init__(self, url):
        self.url = url
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run([os.path.join(PG_BIN, "psql"), url, "-Atc", "SHOW data_directory"],
                              capture_output=True, text=True, check=True)
        self.data = done.stdout.strip()
        with open(os.path.join(self.data, "postmaster.opts")) as file:
            words = shlex.split(file.read())
        # The postgres binary and its `-D DIR` are pg_ctl's to give; the rest are the settings.
        options = [word for n, word in enumerate(words[1:], 1)
                   if word != "-D" and words[n - 1] != "-D"]
        self.options = shlex.join(options)
        self.log = os.path.join(os.path.dirname(self.data), "server-again.log")

    def durable(self):
        """Commits wait for their WAL again in the sessions the nodes open from now on.
        run-postgres.sh turns synchronous_commit off for speed, which is safe for tests that
        never crash the database; this one does, and with it off a commit acknowledged in the
        last few hundred milliseconds before the crash is lost with the upload or record custos
        acknowledged on it. (fsync stays off: the operating system's cache outlives a crash of
        PostgreSQL.) A database's setting overrides the server's command line."""
        subprocess.run([os.path.join(PG_BIN, "psql"), self.url, "-v", "ON_ERROR_STOP=1", "-Atc",
                        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', "
                        "current_database()); END $$"], capture_output=True, text=True, check=True)

    def pg_ctl(self, *args):
        done = subprocess.run(self.as_owner + [os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, *args],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl {args[-1]}: {done.stderr}")

    def stop(self):
        # Immediate: every backend killed at once, no checkpoint, recovery at the next start.
        self.pg_ctl("-m", "immediate", "-w", "stop")

    def start(self):
        self.pg_ctl("-l", self.log, "-w", "-o", self.options, "start")


def running(pid):
    """Whether `pid` runs (a zombie waiting for its parent does not)."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            return file.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class Probe(threading.Thread):
    """Asks both nodes' /readyz and one item's content while the store is away."""

    def __init__(self, nodes, token, item, stop):
        super().__init__(daemon=True)
        self.nodes, self.token, self.item, self.stop = nodes, token, item, stop
        self.answers = []  # (what, status, Retry-After)

    def run(self):
        while not self.stop.is_set():
            for node in self.nodes:
                for what, path, token in (("readyz", "/readyz", None),
                                          ("content", f"/api/v1/evidence/{self.item}/content", self.token)):
                    try:
                        answer = request(node.url, "GET", path, token=token, timeout=30)
                    except NETWORK:
                        continue
                    self.answers.append((f"{what} on {node.url}", answer.status, answer.header("retry-after")))
            time.sleep(0.2)


def store_outage(tally, nodes, token, item):
    """Stops the S3 server for STORE_DOWN_S seconds while the workers go on, then waits for
    both nodes to be ready again by themselves."""
    garage, probe_stop = Garage(), threading.Event()
    probe = Probe(nodes, token, item, probe_stop)
    garage.stop()
    print(f"cluster: S3 server stopped for {STORE_DOWN_S} s", flush=True)
    probe.start()
    time.sleep(STORE_DOWN_S)
    probe_stop.set()
    probe.join(timeout=120)
    garage.start()
    print("cluster: S3 server started again", flush=True)
    for node in nodes:
        ready = [answer for what, *answer in probe.answers if what == f"readyz on {node.url}"]
        tally.check(any(status == 503 for status, _ in ready), f"/readyz of {node.url} while the store was away", ready)
    for what, status, retry_after in probe.answers:
        tally.check(status < 500 or (status == 503 and retry_after), f"{what} while the store was away",
                    (status, retry_after))
    deadline = time.monotonic() + 60
    for node in nodes:
        while time.monotonic() < deadline and attempt(node.url, "GET", "/readyz").status != 200:
            time.sleep(0.5)
        tally.check(attempt(node.url, "GET", "/readyz").status == 200, f"{node.url} ready again once the store is back")
    time.sleep(STORE_BACK_S)


def database_outage(tally, nodes, token, item, workers):
    """Stops the shared PostgreSQL for DB_DOWN_S seconds while the workers go on, then starts
    it and waits for both nodes to be ready again by themselves; work acknowledged after the
    start shows the nodes took it up again without a restart."""
    postgres, probe_stop = Postgres(os.environ["CUSTOS_TEST_POSTGRES_URL"]), threading.Event()
    probe = Probe(nodes, token, item, probe_stop)
    postgres.stop()
    stopped = time.monotonic()
    print(f"cluster: PostgreSQL stopped for {DB_DOWN_S} s", flush=True)
    probe.start()
    time.sleep(DB_DOWN_S)
    probe_stop.set()
    probe.join(timeout=120)
    postgres.start()
    started = time.monotonic()
    print("cluster: PostgreSQL started again", flush=True)
    for node in nodes:
        ready = [status for what, status, _ in probe.answers if what == f"readyz on {node.url}"]
        tally.check(ready and all(status == 503 for status in ready),
                    f"/readyz of {node.url} fails all the time the database is away", ready)
    for what, status, retry_after in probe.answers:
        tally.check(status < 500 or (status == 503 and retry_after), f"{what} while the database was away",
                    (status, retry_after))
    during = ANSWERS.between(stopped, started)
    tally.check(any(status == 503 for status, _, _ in during), "the load met the outage (some 503s)")
    deadline = started + DB_READY_WITHIN_S
    for node in nodes:
        while time.monotonic() < deadline and attempt(node.url, "GET", "/readyz").status != 200:
            time.sleep(0.2)
        ready = attempt(node.url, "GET", "/readyz").status == 200
        tally.check(ready, f"{node.url} ready again within {DB_READY_WITHIN_S} s of the database's start")
    tally.check(all(node.process.poll() is None for node in nodes), "no node exited while the database was away")
    print(f"cluster: both nodes ready {time.monotonic() - started:.1f} s after the start, "
          f"{sum(status == 503 for status, _, _ in during)} answers 503 while the database was away", flush=True)
    before = progress(workers)
    time.sleep(DB_BACK_S)
    after = progress(workers)
    tally.check(all(after[kind] > before[kind] for kind in before),
                "uploads, records, custody actions and draws acknowledged after the database's start",
                (before, after))


def progress(workers):
    """How much of each kind of work the workers have had acknowledged so far."""
    counts = {"uploads": 0, "records": 0, "custody": 0, "draws": 0}
    for worker in workers:
        if isinstance(worker, Uploader):
            counts["uploads"] += len(worker.done)
        elif isinstance(worker, Records):
            counts["records"] += len(worker.acknowledged)
        elif isinstance(worker, Custody):
            counts["custody"] += len(worker.acknowledged)
        elif isinstance(worker, Draws):
            counts["draws"] += len(worker.acknowledged)
    return counts


class Written:
    """Log indexes of acknowledged writes, by the node that took them."""

    def __init__(self):
        self.lock, self.by_node = threading.Lock(), {}

    def add(self, url, index):
        with self.lock:
            self.by_node.setdefault(url, []).append(index)


class PhoneRecords(Records):
    """A phone's record batches, each sent to a node at random; notes which node appended
    which accepted record."""

    def __init__(self, written, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written = written

    def call(self, method, path, **kwargs):
        while True:
            url = self.server.url
            try:
                answer = request(url, method, path, timeout=30, **kwargs)
            except NETWORK:
                time.sleep(0.05)
                continue
            if answer.status == 200 and path == "/api/v1/records":
                for result in answer.json().get("results", []):
                    if result.get("outcome") == "accepted":
                        self.written.add(url, result["log_index"])
            return answer


class Custody(Worker):
    """Holds and releases one item in turn on either node; a lost answer is resolved by the
    next 409."""

    def __init__(self, server, stop, token, item, written):
        super().__init__(server, stop)
        self.token, self.item, self.written = token, item, written
        self.acknowledged = {}  # log index -> event

    def work(self):
        hold = True
        while not self.stop.is_set():
            action, url = "hold" if hold else "release", self.server.url
            try:
                answer = request(url, "POST", f"/api/v1/evidence/{self.item}/{action}",
                                 token=self.token, body={"reason": "集群测试"}, timeout=30)
            except NETWORK:
                time.sleep(0.05)
                continue
            if answer.status == 200:
                index = answer.json()["log_index"]
                self.acknowledged[index] = "held" if hold else "released"
                self.written.add(url, index)
                hold = not hold
            elif answer.status == 409:
                hold = not hold
            elif answer.status < 500:
                raise RuntimeError(f"{action} {answer.status} {answer.body[:200]!r}")
            time.sleep(0.05)


class Draws(Worker):
    """双随机 draws by the admin on either node; a draw whose answer was lost is not repeated,
    so every listed draw must be an acknowledged one."""

    def __init__(self, server, stop, token, org):
        super().__init__(server, stop)
        self.token, self.org = token, org
        self.acknowledged = []
        self.attempted = 0

    def work(self):
        targets = [f"91310000MA1K{n:06}" for n in range(10)]
        while not self.stop.is_set():
            self.attempted += 1
            body = {"org_id": self.org, "task": f"集群抽查 {self.attempted}", "domain": "market-supervision",
                    "count": 3, "targets": targets}
            try:
                answer = request(self.server.url, "POST", "/api/v1/draws", token=self.token, body=body, timeout=30)
            except NETWORK:
                time.sleep(0.05)
                continue
            if answer.status == 201:
                self.acknowledged.append(answer.json()["id"])
            elif answer.status < 500:
                raise RuntimeError(f"draw {answer.status} {answer.body[:200]!r}")
            time.sleep(0.2)


def enrol(url, admin, officer, org):
    """Another phone of the officer: (key, device id)."""
    key = Ed25519PrivateKey.generate()
    public = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    device = request(url, "POST", "/api/v1/devices", token=admin, body={
        "public_key": public, "kind": "phone", "org_id": org, "owner_id": officer})
    if device.status != 201:
        raise RuntimeError(f"device: {device.status} {device.body[:200]!r}")
    return key, device.json()["id"]


def signed_checkpoint(url):
    answer = request(url, "GET", "/api/v1/log/checkpoint")
    if answer.status != 200:
        raise RuntimeError(f"checkpoint: {answer.status}")
    return answer.body.decode()


def main():
    tally = Tally("cluster")
    postgres = os.environ["CUSTOS_TEST_POSTGRES_URL"]
    Postgres(postgres).durable()
    blob_url = os.environ["CUSTOS_BLOB_URL"].rstrip("/") + f"/cluster-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="custos-cluster-") as work:
        env = {"CUSTOS_DATABASE_URL": postgres, "CUSTOS_BLOB_URL": blob_url}
        nodes = []
        for name in ("a", "b"):
            data_dir = os.path.join(work, name)
            os.makedirs(data_dir, mode=0o700)
            nodes.append(Server(binary(), data_dir=data_dir, log_path=os.path.join(work, f"{name}.log"),
                                extra_env=dict(env, CUSTOS_NODE_NAME=f"node-{name}")))
        a, b = nodes
        a.initialise()
        a.start()
        # Every node signs with the same log key and token key: copy them before B's first start.
        for key in KEY_FILES:
            shutil.copy2(os.path.join(a.data_dir, key), os.path.join(b.data_dir, key))
        b.start()
        try:
            run(tally, a, b)
        finally:
            for node in nodes:
                node.stop()
            if tally.failed:
                for name in ("a", "b"):
                    with open(os.path.join(work, f"{name}.log"), errors="replace") as log:
                        print(f"-- node {name}, last lines:\n" + "".join(log.readlines()[-30:]))
    tally.finish()


def run(tally, a, b):
    cluster = Nodes([a, b], seed=int(os.environ.get("CLUSTER_SEED", "16")))
    admin = login(a.url, "admin", ADMIN_PASSWORD)
    officer = a.token()
    root = request(a.url, "GET", "/api/v1/me", token=admin).json()["org_id"]
    officer_id, second_id, key, device_id = phone(a, admin)
    office = request(a.url, "GET", "/api/v1/me", token=officer).json()["org_id"]
    phones = [(key, device_id)] + [enrol(b.url, admin, officer_id, office) for _ in range(PHONES - 1)]
    item = Uploader(cluster, threading.Event(), officer, 0).one(b"custody across nodes")
    written = Written()
    before = signed_checkpoint(b.url)

    stop = threading.Event()
    uploaders = [Uploader(cluster, stop, officer, seed, max_length=3 << 20) for seed in range(1, UPLOADERS + 1)]
    records = [PhoneRecords(written, cluster, stop, officer, officer_id, second_id, phone_key, phone_id, 100 + n)
               for n, (phone_key, phone_id) in enumerate(phones)]
    custody = Custody(cluster, stop, admin, item, written)
    draws = Draws(cluster, stop, admin, root)
    workers = uploaders + records + [custody, draws]
    for worker in workers:
        worker.start()
    time.sleep(BEFORE_KILL_S)
    a.kill()
    print(f"cluster: node A killed after {BEFORE_KILL_S} s", flush=True)
    time.sleep(DOWN_S)
    a.start()
    print("cluster: node A restarted", flush=True)
    time.sleep(AFTER_RESTART_S)
    store_outage(tally, [a, b], officer, item)
    database_outage(tally, [a, b], officer, item, workers)
    stop.set()
    for worker in workers:
        worker.join(timeout=600)
        tally.check(not worker.is_alive(), f"{type(worker).__name__} did not stop")
        tally.check(not worker.problems, f"{type(worker).__name__}: {worker.problems}")

    faults = [fault for uploader in uploaders for fault in uploader.faults]
    tally.check(all(status == 503 and retry_after for _, status, retry_after in faults),
                "every upload request refused for a fault is 503 with Retry-After",
                [fault for fault in faults if fault[1] != 503 or not fault[2]][:10])
    print(f"cluster: {len(faults)} upload requests answered 503 with Retry-After, retried", flush=True)
    seen = ANSWERS.between(0, time.monotonic())
    tally.check(all(status < 500 or status in (503, 507) for status, _, _ in seen),
                "no answer of the run is a 5xx other than 503 or 507",
                [status for status, _, _ in seen if status >= 500 and status not in (503, 507)][:10])
    tally.check(all(retry_after for status, retry_after, _ in seen if status == 503),
                "every 503 of the run carries Retry-After")
    print(f"cluster: {len(seen)} answers, {sum(status == 503 for status, _, _ in seen)} of them 503 "
          "with Retry-After", flush=True)

    # Read back through each node in turn.
    kill.check_uploads(a, tally, officer, uploaders)
    for phone_records in records:
        kill.check_records(b, tally, officer, phone_records)
    kill.check_custody(a, tally, admin, custody)
    check_draws(b, tally, admin, root, draws)
    uploads = sum(len(u.done) for u in uploaders)
    tally.check(uploads > 0 and all(r.acknowledged for r in records) and custody.acknowledged and draws.acknowledged,
                "every kind of work got through")
    after = signed_checkpoint(a.url)
    check_proofs(tally, b, admin, before, after, written)
    print(f"cluster: {uploads} uploads ({sum(u.acknowledged_bytes for u in uploaders)} bytes), "
          f"{sum(len(r.acknowledged) for r in records)} records from {len(records)} phones, "
          f"{len(custody.acknowledged)} custody actions, {len(draws.acknowledged)} draws", flush=True)


def check_draws(server, tally, token, org, draws):
    answer = request(server.url, "GET", f"/api/v1/public/draws?org_id={org}&limit=1000")
    if not tally.check(answer.status == 200, f"draws: {answer.status} {answer.body[:200]!r}"):
        return
    listed = [draw["id"] for draw in answer.json()]
    for draw in draws.acknowledged:
        tally.check(listed.count(draw) == 1, f"draw {draw} listed {listed.count(draw)} times")
    tally.check(len(listed) <= draws.attempted, f"{len(listed)} draws listed, {draws.attempted} attempted")


def check_proofs(tally, server, token, before, after, written):
    """Go's sumdb/tlog checks the consistency of the checkpoint before with the one after and
    the inclusion of a sample of the entries each node wrote."""
    size = int(after.split("\n")[1])
    consistency = request(server.url, "GET",
                          f"/api/v1/log/proof/consistency?from={int(before.split(chr(10))[1])}&to={size}")
    if not tally.check(consistency.status == 200, f"consistency proof: {consistency.status}"):
        return
    inclusion = []
    for url, indexes in sorted(written.by_node.items()):
        sample = random.Random(7).sample(indexes, min(5, len(indexes)))
        tally.check(bool(sample), f"entries written through {url}")
        for index in sample:
            proof = request(server.url, "GET", f"/api/v1/log/proof/inclusion?index={index}&size={size}")
            leaf = request(server.url, "GET", f"/api/v1/log/entries/{index}", token=token)
            if tally.check(proof.status == 200 and leaf.status == 200, f"entry {index}: {proof.status} {leaf.status}"):
                inclusion.append(dict(proof.json(), leaf=base64.b64encode(leaf.body).decode()))
    tally.check(len(written.by_node) == 2, f"entries written through {len(written.by_node)} nodes")
    key = request(server.url, "GET", "/api/v1/log/verifier-key").body.decode().strip()
    proofs = {"origin": after.split("\n")[0], "verifier_key": key, "old_checkpoint": before, "checkpoint": after,
              "consistency": consistency.json(), "inclusion": inclusion}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(proofs, file)
    try:
        done = subprocess.run(["bash", os.path.join(REPO, "tests", "go-verifier", "run.sh"), "--proofs", file.name],
                              capture_output=True, text=True)
    finally:
        os.unlink(file.name)
    print(done.stdout.strip(), flush=True)
    tally.check(done.returncode == 0, f"go-verifier: {done.stderr.strip()[-500:]}")


if __name__ == "__main__":
    main()
