"""Shared by fault-disk and fault-database: HTTP requests that never raise on a status, a
tally of named checks that ends with `NAME: N passed, M failed`, and the tus upload of one
small file."""

import base64
import hashlib
import http.client
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))

from custos_server import Server, free_port  # noqa: E402,F401  (re-exported for the programs)

PROBLEM = "https://custos.dev/problems/"


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return {}

    def problem(self):
        """The problem type's slug, or None."""
        kind = self.json().get("type", "")
        return kind[len(PROBLEM):] if kind.startswith(PROBLEM) else None

    def __repr__(self):
        return f"{self.status} {self.body[:200]!r}"


def request(base_url, method, path, body=None, headers=None, token=None, timeout=60):
    """One request on a fresh connection; an unreachable server is status 0."""
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    except OSError as error:
        answer = Answer(0, {}, str(error).encode())
    finally:
        connection.close()
    return answer


def login(base_url, username, password):
    answer = request(base_url, "POST", "/api/v1/auth/login", {"username": username, "password": password})
    return answer.json().get("access_token") if answer.status == 200 else None


def tus_metadata(data):
    digest = hashlib.sha256(data).hexdigest()
    return "sha256 " + base64.b64encode(digest.encode()).decode()


def tus(extra=None):
    headers = {"Tus-Resumable": "1.0.0"}
    headers.update(extra or {})
    return headers


def create_upload(base_url, token, length, data):
    """POST creation declaring `data`'s digest; returns the answer."""
    return request(base_url, "POST", "/api/v1/uploads", token=token,
                   headers=tus({"Upload-Length": str(length), "Upload-Metadata": tus_metadata(data)}))


def upload_whole(base_url, token, data):
    """creation-with-upload of `data` in one request; the answer carries Custos-Evidence-Id."""
    return request(base_url, "POST", "/api/v1/uploads", body=data, token=token,
                   headers=tus({"Upload-Length": str(len(data)), "Upload-Metadata": tus_metadata(data),
                                "Content-Type": "application/offset+octet-stream"}))


class Tally:
    def __init__(self, name):
        self.name, self.passed, self.failed = name, 0, 0

    def check(self, label, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok   {label}", flush=True)
        else:
            self.failed += 1
            print(f"  FAIL {label}: {detail}", flush=True)
        return ok

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)
