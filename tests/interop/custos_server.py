"""Starts a throwaway custos server (SQLite, local blobs) with one officer, for the interop
and benchmark scripts. The binary is CUSTOS_BIN or target/<profile>/custos."""

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

OFFICER_PASSWORD = "interop officer password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(binary, env, args, stdin):
    done = subprocess.run([binary, *args], input=stdin, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"custos {' '.join(args)}: {done.stderr}")
    return done.stdout


def post_json(url, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


class Server:
    def __init__(self, binary, data_dir=None, extra_env=None, log_path=None):
        self.binary = binary
        self.tempdir = None
        if data_dir is None:
            self.tempdir = tempfile.TemporaryDirectory(prefix="custos-interop-")
            data_dir = self.tempdir.name
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CUSTOS_")}
        self.env.update({"CUSTOS_DATA_DIR": data_dir, "CUSTOS_BIND": f"127.0.0.1:{self.port}"})
        self.env.update(extra_env or {})
        self.process = None
        # Where the server's own log goes (default: nowhere).
        self.log_path = log_path

    def initialise(self):
        out = run(self.binary, self.env, ["init", "--org", "Interop City", "--admin", "admin", "--password-stdin"], "admin password 1\n")
        org_id = out.split()[1]
        run(self.binary, self.env, ["user", "add", "--username", "officer", "--role", "officer", "--org", org_id, "--password-stdin"], OFFICER_PASSWORD + "\n")

    def start(self):
        log = open(self.log_path, "a") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=log, stderr=log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz") as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("custos did not start")

    def token(self):
        return post_json(self.url + "/api/v1/auth/login", {"username": "officer", "password": OFFICER_PASSWORD})["access_token"]

    def kill(self):
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None
