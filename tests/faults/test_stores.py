"""SPARQL stores that redirect, echo credentials, lose an answer or die in the middle of a load, and loads
killed half way: the installed kg against a real Oxigraph server, with stdlib fakes in front of it where a
proxy would stand (fakestore.py)."""

from __future__ import annotations

import base64
import re
import time
from pathlib import Path

import pytest

from fakestore import Forwarder, HeaderEcho, Redirector, serving
from faultkit import assert_no_traceback, kg, kill9, lines, start_kg
from kg.graph import queries
from kg.graph.endpoint import Endpoint, RemoteBackend
from kg.graph.server import OxigraphServer, free_port

pytestmark = pytest.mark.slow

USER, PASSWORD = "analyst", "correct-horse-battery-staple"
CREDENTIALS = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD}
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
EX = "http://example.org/faults/"
TARGET = EX + "graph/target"
BIG = 120_000  # triples in the load that gets killed


def ntriples(path: Path, count: int, start: int = 0) -> Path:
    path.write_text("".join(f"<{EX}s{i}> <{EX}p> \"{i}\" .\n" for i in range(start, start + count)))
    return path


def backend(url: str) -> RemoteBackend:
    return RemoteBackend.from_endpoint(Endpoint.guess(url), retries=0)


def count(url: str, graph: str) -> int:
    answer = queries.run(backend(url), f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(answer.rows[0][0].value)


def staging(url: str) -> list[str]:
    answer = queries.run(backend(url), "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return sorted(row[0].value for row in answer.rows if row[0].value.startswith("urn:kg-load:"))


def one_line(result, code: int) -> str:
    assert_no_traceback(result)
    assert result.returncode == code, (result.stdout, result.stderr)
    found = lines(result.stderr)
    assert len(found) == 1 and found[0].startswith("kg: error: "), result.stderr
    return found[0]


def no_credentials(*outputs: str) -> bool:
    return not any(secret in output for output in outputs for secret in (PASSWORD, TOKEN))


@pytest.fixture(scope="module")
def store():
    with OxigraphServer(port=0, ontology=False) as server:
        yield server.url.rstrip("/")


def load(url: str, file: Path, *options: str, env=None):
    return kg("load", file, "--endpoint", url, "--graph", TARGET, "--no-ontology", "--retries", "0", *options, env=env)


def test_redirects_are_refused_and_credentials_stay_home(store, tmp_path, scenario):
    with scenario("redirect") as outcome:
        assert load(store, ntriples(tmp_path / "old.nt", 3), "--replace").returncode == 0
        new = ntriples(tmp_path / "new.nt", 5, start=100)
        # Another origin behind the redirect: a forwarder to the same store, which records what reaches it.
        with serving(Forwarder, upstream=store) as (elsewhere, elsewhere_url):
            for status in (301, 302, 303, 307, 308):
                with serving(Redirector, status=status, target=elsewhere_url) as (redirector, url):
                    result = load(url, new, "--replace", env=CREDENTIALS)
                    line = one_line(result, 3)
                    assert f"redirects to {elsewhere_url}/" in line and f"(HTTP {status})" in line, line
                    answer = kg("query", "topics", "--endpoint", url, "--retries", "0", env=CREDENTIALS)
                    assert f"(HTTP {status})" in one_line(answer, 3)
                    assert answer.stdout == ""  # not the service description of a GET without the query
                    assert no_credentials(result.stderr, answer.stderr)
                    assert redirector.seen and all(auth == f"Basic {TOKEN}" for _, _, auth in redirector.seen)
            # Nothing followed a redirect: no request, and so no credentials, reached the other origin.
            assert elsewhere.seen == []
        kept = count(store, TARGET) == 3
        outcome["lost"] += not kept
        assert kept and staging(store) == []


def test_an_error_page_that_echoes_the_request_shows_no_credentials(tmp_path, scenario):
    with scenario("echoed-credentials"):
        file = ntriples(tmp_path / "some.nt", 2)
        with serving(HeaderEcho) as (echo, url):
            for arguments in (["load", file, "--no-ontology"], ["query", "positions"], ["sparql", "ASK {}"]):
                result = kg(*arguments, "--endpoint", url, "--retries", "0", env=CREDENTIALS)
                line = one_line(result, 3)
                assert "HTTP 500" in line and "Authorization: Basic ***" in line, line
                assert no_credentials(result.stdout, result.stderr)
            # They were sent, to the store named, and only shown masked.
            assert echo.seen and all(auth == f"Basic {TOKEN}" for _, _, auth in echo.seen)


def test_an_endpoint_url_with_credentials_or_not_http_is_a_usage_error(tmp_path, scenario):
    with scenario("bad-endpoint-url"):
        file = ntriples(tmp_path / "some.nt", 2)
        for url in (f"http://{USER}:{PASSWORD}@127.0.0.1:{free_port()}", "ftp://127.0.0.1/query", "file:///etc/passwd"):
            for arguments in (["load", file], ["query", "positions"]):
                result = kg(*arguments, "--endpoint", url)
                one_line(result, 2)
                assert no_credentials(result.stderr) and USER not in result.stderr


def wait_for_staging(url: str, process, deadline: float = 60) -> list[str]:
    """The temporary graphs of the running load, once it has sent a batch."""
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        found = staging(url)
        if found:
            return found
        assert process.poll() is None, f"the load ended before a batch was seen: {process.communicate()}"
        time.sleep(0.02)
    raise AssertionError("no temporary graph appeared")


def test_kill_load_replace_then_the_next_load_drops_its_temporary_graph(store, tmp_path, scenario):
    with scenario("kill-load") as outcome:
        assert load(store, ntriples(tmp_path / "old.nt", 5), "--replace").returncode == 0
        big = ntriples(tmp_path / "big.nt", BIG, start=1000)
        process = start_kg("load", big, "--endpoint", store, "--graph", TARGET, "--replace", "--no-ontology",
                           "--batch-size", "5000")
        wait_for_staging(store, process)
        kill9(process)
        left = staging(store)
        assert left  # what union-default-graph queries would read until the next load
        kept = count(store, TARGET) == 5
        outcome["lost"] += not kept
        assert kept
        other = kg("load", ntriples(tmp_path / "other.nt", 2), "--endpoint", store, "--graph", EX + "graph/other",
                   "--no-ontology")
        assert other.returncode == 0, other.stderr
        assert "dropped the temporary graphs of an interrupted earlier load" in other.stderr
        assert all(f"<{name}>" in other.stderr for name in left)
        assert staging(store) == [] and count(store, TARGET) == 5


def test_a_store_that_dies_mid_load(tmp_path, scenario):
    with scenario("store-dies") as outcome:
        location, port = tmp_path / "store", free_port()
        server = OxigraphServer(location=location, port=port, ontology=False).start()
        url = server.url.rstrip("/")
        try:
            assert load(url, ntriples(tmp_path / "old.nt", 5), "--replace").returncode == 0
            process = start_kg("load", ntriples(tmp_path / "big.nt", BIG, start=1000), "--endpoint", url,
                               "--graph", TARGET, "--replace", "--no-ontology", "--batch-size", "5000", "--retries", "0")
            wait_for_staging(url, process)
            server.process.kill()  # SIGKILL, as a crash
            server.process.wait()
            stdout, stderr = process.communicate(timeout=120)
        finally:
            server.stop()
        failed = type("Result", (), {"returncode": process.returncode, "stdout": stdout, "stderr": stderr})
        assert "cannot reach" in one_line(failed, 3)
        with OxigraphServer(location=location, port=port, ontology=False):
            assert staging(url)  # the half-loaded temporary graph survived the crash
            kept = count(url, TARGET) == 5
            outcome["lost"] += not kept
            assert kept
            again = load(url, ntriples(tmp_path / "new.nt", 3, start=50), "--replace")
            assert again.returncode == 0, again.stderr
            assert "dropped the temporary graphs of an interrupted earlier load" in again.stderr
            assert staging(url) == [] and count(url, TARGET) == 3


@pytest.mark.parametrize("lose", ["after", "before"])
def test_a_final_move_whose_answer_is_lost_is_checked(store, tmp_path, scenario, lose):
    with scenario(f"lost-move-{lose}") as outcome:
        assert load(store, ntriples(tmp_path / "old.nt", 5), "--replace").returncode == 0
        new = ntriples(tmp_path / "new.nt", 4, start=200)
        moving = staticmethod(lambda body: lose if re.search(rb"MOVE <urn:kg-load:", body) else None)
        with serving(Forwarder, upstream=store, lose=moving) as (_, url):
            result = load(url, new, "--replace")
        if lose == "after":
            # The store ran the MOVE; only its answer was lost: the load went through.
            assert result.returncode == 0, result.stderr
            assert result.stderr.startswith(f"replaced <{TARGET}> with 4 triples")
            assert count(store, TARGET) == 4
        else:
            line = one_line(result, 3)
            assert f"<{TARGET}> is as before (checked after the answer was lost)" in line, line
            kept = count(store, TARGET) == 5
            outcome["lost"] += not kept
            assert kept
        assert staging(store) == []
