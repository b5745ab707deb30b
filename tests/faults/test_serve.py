"""kg serve: read-only unless --writable, a query stopped on the server, and no orphaned server after kill -9."""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from faultkit import assert_no_traceback, kg, kill9, lines, start_kg

pytestmark = pytest.mark.slow

EX = "http://example.org/serve/"
INSERT = f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"
# Every triple of the graph with every other, three times over: hours of work unless stopped.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def serve(*options) -> tuple:
    """A running kg serve: (process, base URL)."""
    process = start_kg("serve", "--port", "0", *options)
    line = process.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
    assert found, (line, process.stderr.read() if process.poll() is not None else "")
    return process, found[1]


def stop(process) -> None:
    kill9(process)


def post(url: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def asks(url: str) -> str:
    result = kg("sparql", f"ASK {{ <{EX}a> <{EX}b> <{EX}c> }}", "--endpoint", url, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[1]


def test_serve_is_read_only_unless_writable(tmp_path, scenario):
    with scenario("serve-read-only"):
        process, url = serve()
        try:
            # What a web page's form would send from another origin, and kg load.
            assert post(url + "/update", {"update": INSERT}, {"Origin": "http://elsewhere.example"}) >= 400
            data = tmp_path / "some.nt"
            data.write_text(f"<{EX}a> <{EX}b> <{EX}c> .\n")
            loaded = kg("load", data, "--endpoint", url, "--no-ontology", "--retries", "0")
            assert loaded.returncode == 3 and len(lines(loaded.stderr)) == 1, loaded.stderr
            assert asks(url) == "false"
        finally:
            stop(process)
        process, url = serve("--writable")
        try:
            loaded = kg("load", data, "--endpoint", url, "--no-ontology")
            assert loaded.returncode == 0, loaded.stderr
            assert asks(url) == "true"
        finally:
            stop(process)


def test_serve_stops_a_long_query_on_the_server(scenario):
    with scenario("serve-timeout"):
        process, url = serve("--timeout", "1")
        try:
            started = time.monotonic()
            # The client would wait a minute; the server gives up after one second.
            result = kg("sparql", CARTESIAN, "--endpoint", url, "--retries", "0", "--timeout", "60")
            took = time.monotonic() - started
            assert_no_traceback(result)
            assert result.returncode == 3 and len(lines(result.stderr)) == 1, result.stderr
            assert took < 1 + 5, took  # its limit, and kg's own start-up
            assert asks(url) == "false"  # and it still answers
        finally:
            stop(process)


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def gone(pid: int) -> bool:
    """Exited: no such process, or a zombie nobody has reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def listening(url: str) -> bool:
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc to find the server process")
def test_kill_serve_leaves_no_server(tmp_path, scenario):
    with scenario("kill-serve"):
        process, url = serve()
        servers = children(process.pid)
        assert servers and listening(url)
        kill9(process)
        # A zombie leader may still have threads holding the port while they
        # shut down (SIGTERM): wait for the port too, within the same deadline.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (all(gone(pid) for pid in servers) and not listening(url)):
            time.sleep(0.05)
        assert all(gone(pid) for pid in servers), "the oxigraph server outlived kg serve"
        assert not listening(url), "the port is still held 10 s after kg serve was killed"
