"""SPARQL stores: kg load / query / sparql --endpoint / serve against real servers.

One ``oxigraph serve`` (the binary of the oxigraph package) and one Virtuoso
(Debian's virtuoso-opensource; its tests skip, saying why, where it is not
installed) run for the whole session on free ports of 127.0.0.1, with the
seeds graph loaded through ``kg load``. Failures a real server cannot be made to produce on demand (a
password it refuses, a gateway error, a slow answer) come from a small stdlib
HTTP server standing in for the proxy that would sit in front of a store.
"""

from __future__ import annotations

import http.server
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.graph import queries, results, store
from kg.cli import app
from kg.graph.endpoint import Endpoint, RemoteBackend, load
from kg.errors import EndpointError, InputError, QueryError
from kg.graph.server import OxigraphServer, free_port

import virtuoso as virtuoso_server
from fakestore import Forwarder

runner = CliRunner()

EX = "http://example.org/kg-test/"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch):
    # The developer's own store credentials must not leak into these tests.
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_AUTH", raising=False)


@pytest.fixture(scope="session")
def server():
    with OxigraphServer(port=0, ontology=False) as running:
        yield running


@pytest.fixture(scope="session")
def base(server, seeds_ttl) -> str:
    """The server's base URL, once the seeds graph (and the ontology) is loaded into it."""
    url = server.url.rstrip("/")
    result = runner.invoke(app, ["load", str(seeds_ttl), "--endpoint", url])
    assert result.exit_code == 0, result.stderr
    return url


@pytest.fixture(scope="session")
def remote(base) -> RemoteBackend:
    return RemoteBackend.from_endpoint(Endpoint.guess(base), retries=0)


class Store:
    """A running store with the seeds loaded: its URL for --endpoint, the
    environment kg needs to write to it, and a backend to check it with."""

    def __init__(self, name: str, url: str, env: dict[str, str] | None = None):
        self.name = name
        self.url = url
        self.env = env or {}
        credentials = {"user": self.env.get("KG_ENDPOINT_USER"), "password": self.env.get("KG_ENDPOINT_PASSWORD"),
                       "auth": self.env.get("KG_ENDPOINT_AUTH")}
        self.backend = RemoteBackend.from_endpoint(Endpoint.guess(url), retries=0, **credentials)

    def kg(self, *arguments: str, url: str | None = None):
        """kg with --endpoint this store (or ``url``, a proxy in front of it) and its credentials."""
        return runner.invoke(app, [*arguments, "--endpoint", url or self.url], env=self.env)


@pytest.fixture(scope="session")
def virtuoso(seeds_ttl):
    reason = virtuoso_server.missing()
    if reason:
        pytest.skip(f"Virtuoso tests skipped: {reason}")
    with virtuoso_server.Virtuoso() as running:
        env = {"KG_ENDPOINT_USER": virtuoso_server.USER, "KG_ENDPOINT_PASSWORD": virtuoso_server.PASSWORD,
               "KG_ENDPOINT_AUTH": "digest"}
        seeded = Store("virtuoso", running.url, env)
        result = seeded.kg("load", str(seeds_ttl))
        assert result.exit_code == 0, result.stderr
        yield seeded


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def any_store(request, base) -> Store:
    """Each tested store in turn, the seeds graph loaded."""
    if request.param == "virtuoso":
        return request.getfixturevalue("virtuoso")
    return Store("oxigraph", base)


@pytest.fixture(scope="session")
def embedded(seeds_ttl) -> pyoxigraph.Store:
    return store.load([seeds_ttl])


def csv_text(rows) -> str:
    stream = io.StringIO()
    results.write(rows, "csv", stream)
    return stream.getvalue()


def count(backend: RemoteBackend, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return int(queries.run(backend, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").rows[0][0].value)


def graphs(backend: RemoteBackend) -> set[str]:
    return {row[0].value for row in queries.run(backend, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("kg: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def triples(n: int, start: int = 0) -> str:
    return "".join(f"<{EX}s{i}> <{EX}p> <{EX}o{i}> .\n" for i in range(start, start + n))


# --- parity with the embedded store -----------------------------------------------


def _params(canned: queries.CannedQuery, embedded: pyoxigraph.Store) -> dict[str, str]:
    """The query's example parameters, and for a required one it lacks, a value the graph has."""
    params = dict(canned.example)
    first = {
        "topic": "SELECT ?v WHERE { [] skg:topic ?v } ORDER BY ?v LIMIT 1",
        "actor": "SELECT ?v WHERE { [] skg:holder ?v } ORDER BY ?v LIMIT 1",
    }
    for param in canned.params:
        if param.required and param.name not in params:
            if param.kind in first:
                params[param.name] = queries.run(embedded, first[param.kind]).rows[0][0].value
            else:
                params[param.name] = "1" if param.kind == "integer" else "a"
    return params


def _parity(store: Store, data: Path, embedded: pyoxigraph.Store) -> list[str]:
    """The canned queries whose answer from the store differs from the embedded one's, as rows or as CSV bytes."""
    differ = []
    for canned in queries.list_queries():
        params = _params(canned, embedded)
        here = queries.query(canned.name, embedded, **params)
        there = queries.query(canned.name, store.backend, **params)
        if there.columns != here.columns or there.rows != here.rows:
            differ.append(f"{canned.name}: {len(there)} rows there, {len(here)} here")
            continue
        # And through the CLI, byte for byte.
        arguments = ["query", canned.name, "--format", "csv"]
        for key, value in params.items():
            arguments += ["-p", f"{key}={value}"]
        local = runner.invoke(app, arguments + ["-d", str(data)])
        over = store.kg(*arguments)
        assert local.exit_code == 0, local.stderr
        assert over.exit_code == 0, over.stderr
        if over.stdout_bytes != local.stdout_bytes:
            differ.append(f"{canned.name}: the CSV differs")
    return differ


def test_every_canned_query_answers_as_embedded(any_store, embedded, seeds_ttl):
    assert _parity(any_store, seeds_ttl, embedded) == []


@pytest.fixture(scope="session")
def seeds_trig(seeds_ttl, tmp_path_factory) -> Path:
    """The seeds with their inferences in a named graph, as kg reason writes them."""
    trig = tmp_path_factory.mktemp("reasoned") / "kg.trig"
    result = runner.invoke(app, ["reason", str(seeds_ttl), "-o", str(trig)])
    assert result.exit_code == 0, result.stderr
    return trig


def test_every_canned_query_answers_as_embedded_with_inferences(any_store, seeds_trig):
    inferred = {graph.value for graph in {quad.graph_name for quad in pyoxigraph.parse(path=seeds_trig)}
                if isinstance(graph, pyoxigraph.NamedNode)}
    assert inferred
    try:
        result = any_store.kg("load", str(seeds_trig))
        assert result.exit_code == 0, result.stderr
        assert _parity(any_store, seeds_trig, store.load([seeds_trig])) == []
    finally:
        # The other tests expect the seeds graph alone.
        any_store.backend.update(" ; ".join(f"DROP SILENT GRAPH <{graph}>" for graph in inferred), safe=True)


def test_show_and_viz_give_the_same_output_from_the_store(any_store, seeds_ttl, tmp_path):
    for name in ("Zelenskyy", "Ukraine's NATO membership"):
        local = runner.invoke(app, ["show", name, "-d", str(seeds_ttl)])
        over = any_store.kg("show", name)
        assert local.exit_code == 0 and over.exit_code == 0, (local.stderr, over.stderr)
        assert over.stdout == local.stdout
    here, there = tmp_path / "here.html", tmp_path / "there.html"
    assert runner.invoke(app, ["viz", "-d", str(seeds_ttl), "-o", str(here)]).exit_code == 0
    result = any_store.kg("viz", "-o", str(there))
    assert result.exit_code == 0, result.stderr
    assert there.read_bytes() == here.read_bytes()


def test_the_same_triples_in_two_graphs_answer_as_one_copy(any_store, embedded, seeds_ttl):
    # Queries see the union of the graphs, where each copy of a triple would
    # match on its own: answers are sets of rows (DISTINCT), docs/stores.md.
    copy = EX + "graph/copy"
    try:
        result = any_store.kg("load", str(seeds_ttl), "--graph", copy)
        assert result.exit_code == 0, result.stderr
        assert count(any_store.backend, copy) > 1000
        assert _parity(any_store, seeds_ttl, embedded) == []
    finally:
        any_store.backend.update(f"DROP SILENT GRAPH <{copy}>", safe=True)


def test_three_copies_in_the_embedded_store_answer_as_one(embedded, seeds_ttl):
    # The copies would multiply each other in every join (3^10 rows per
    # position); the queries drop repeats at every step instead.
    copies = store.load([])
    for index in range(3):
        graph = pyoxigraph.NamedNode(f"{EX}graph/copy{index}")
        copies.extend(pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, graph)
                      for quad in pyoxigraph.parse(path=seeds_ttl))
    for canned in queries.list_queries():
        params = _params(canned, embedded)
        assert queries.query(canned.name, copies, **params).rows == queries.query(canned.name, embedded, **params).rows


def test_the_parity_is_not_between_empty_answers(remote, embedded):
    positions = queries.query("positions", remote)
    assert len(positions) > 10
    assert len(positions) == len(queries.query("positions", embedded))


def test_parameters_are_resolved_by_label_on_the_store(remote, embedded):
    topic = queries.run(embedded, "SELECT ?l WHERE { [] skg:topic ?t . ?t skos:prefLabel ?l } ORDER BY ?l LIMIT 1")
    label = topic.rows[0][0].value
    assert csv_text(queries.query("who-supports", remote, topic=label)) == csv_text(
        queries.query("who-supports", embedded, topic=label)
    )
    with pytest.raises(QueryError, match="unknown topic"):
        queries.query("who-supports", remote, topic="no such topic at all")


@pytest.mark.parametrize("text", [
    "ASK { ?p skg:holder ?h }",
    "ASK { ?p skg:holder <http://example.org/kg-test/nobody> }",
    "CONSTRUCT { ?p skg:holder ?h } WHERE { ?p skg:holder ?h }",
    "SELECT ?s ?label WHERE { ?s a skg:Person ; rdfs:label ?label } ORDER BY ?s ?label",
])
def test_sparql_ask_construct_select_give_the_same_csv(text, any_store, seeds_ttl):
    local = runner.invoke(app, ["sparql", text, "-d", str(seeds_ttl), "--format", "csv"])
    over = any_store.kg("sparql", text, "--format", "csv")
    assert local.exit_code == 0, local.stderr
    assert over.exit_code == 0, over.stderr
    if text.startswith("CONSTRUCT"):
        # A graph has no order: compare the rows as sets.
        assert sorted(over.stdout.splitlines()) == sorted(local.stdout.splitlines())
    else:
        assert over.stdout_bytes == local.stdout_bytes


# --- loading -----------------------------------------------------------------------


def test_loading_twice_changes_nothing(base, remote, seeds_ttl):
    before = count(remote)
    result = runner.invoke(app, ["load", str(seeds_ttl), "--endpoint", base, "--batch-size", "500"])
    assert result.exit_code == 0, result.stderr
    loaded = int(re.search(r"with (\d+) triples", result.stderr).group(1))
    assert f"{-(-loaded // 500)} batches" in result.stderr  # batches of at most 500
    assert count(remote) == before
    assert not any(graph.startswith("urn:kg-load:") for graph in graphs(remote))


def test_replace_swaps_a_named_graph(base, remote, tmp_path):
    graph = EX + "graph/swap"
    old = write(tmp_path / "old.nt", triples(3))
    new = write(tmp_path / "new.ttl", triples(2, start=10))
    for file, expected in ((old, 3), (new, 2)):
        result = runner.invoke(app, ["load", str(file), "--endpoint", base, "--graph", graph, "--replace",
                                     "--no-ontology"])
        assert result.exit_code == 0, result.stderr
        assert count(remote, graph) == expected
    # Without --replace the load adds.
    runner.invoke(app, ["load", str(old), "--endpoint", base, "--graph", graph, "--no-ontology"])
    assert count(remote, graph) == 5


def test_replace_that_fails_midway_leaves_the_old_graph(base, remote, tmp_path):
    graph = EX + "graph/kept"
    old = write(tmp_path / "old.nt", triples(3))
    assert runner.invoke(app, ["load", str(old), "--endpoint", base, "--graph", graph, "--no-ontology"]).exit_code == 0
    # Batches of 2: the first two batches are uploaded before the parser
    # reaches the broken last line.
    broken = write(tmp_path / "broken.ttl", triples(5, start=100) + f'<{EX}s> <{EX}p> "never closed .\n')
    sent = []
    with pytest.raises(InputError, match=r"broken\.ttl:6:"):
        load([broken], remote, graph=graph, replace=True, batch_size=2, ontology=False,
             on_batch=lambda report: sent.append(report.triples))
    assert sent == [2, 4]
    assert count(remote, graph) == 3
    assert not any(name.startswith("urn:kg-load:") for name in graphs(remote))
    # The same through the CLI: one line naming the file and line.
    result = runner.invoke(app, ["load", str(broken), "--endpoint", base, "--graph", graph, "--replace",
                                 "--batch-size", "2", "--no-ontology"])
    assert "broken.ttl:6:" in one_line_error(result, 2)
    assert count(remote, graph) == 3


def test_a_store_without_graph_store_protocol_gets_sparql_update(base, remote, tmp_path):
    graph = EX + "graph/update"
    file = write(tmp_path / "some.nt", triples(7))
    result = runner.invoke(app, ["load", str(file), "--endpoint", base, "--store-url", base + "/no-graph-store",
                                 "--graph", graph, "--batch-size", "3", "--no-ontology"])
    assert result.exit_code == 0, result.stderr
    assert "SPARQL Update" in result.stderr
    assert count(remote, graph) == 7


def test_named_graphs_of_trig_keep_their_names_and_are_queried_as_one(base, remote, tmp_path):
    inferred = EX + "graph/inferred"
    file = write(tmp_path / "inferred.trig", f"<{inferred}> {{ <{EX}anna> a <{EX}Analyst> . }}\n")
    before = count(remote)
    # Replacing a named graph of inferences leaves the default graph (data
    # and ontology) alone.
    result = runner.invoke(app, ["load", str(file), "--endpoint", base, "--replace"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"replaced <{inferred}> with 1 triple ")
    assert count(remote, inferred) == 1
    assert count(remote) == before + 1
    # No GRAPH clause: the server queries the union of the graphs, as the embedded store does.
    answer = queries.run(remote, f"ASK {{ <{EX}anna> a <{EX}Analyst> }}")
    assert answer.rows[0][0].value == "true"


class _Interceptor(Forwarder):
    """Forwards every request to a real store, except the final step of a
    load (the update that ADDs or MOVEs a temporary graph): that one it
    refuses, or forwards and then hangs up without the store's answer."""

    mode = "refuse"  # or "hang up", or "refuse clean-up": refuse dropping the temporary graphs instead
    only: bytes = b""  # with "refuse": only a final step that names this

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.mode == "refuse clean-up" and b"DROP SILENT GRAPH <urn:kg-load:" in body:
            self.send(500, b"Error: refused by the test proxy")
            return
        final = re.search(rb"(ADD|MOVE) <urn:kg-load:", body) is not None and self.mode != "refuse clean-up"
        if final and self.mode == "refuse" and self.only in body:
            self.send(500, b"Error: refused by the test proxy")
            return
        status, content, headers = self.forward(body)
        if final and self.mode == "hang up" and status < 300:  # a digest challenge (401) goes back as it is
            self.close_connection = True
            return
        self.send(status, content, headers)

    do_GET = do_POST


@pytest.fixture
def interceptor(any_store):
    """A URL like the store's that reaches it through _Interceptor."""
    target = urlsplit(any_store.url)
    handler = type("Handler", (_Interceptor,), {"upstream": (target.hostname, target.port)})
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    proxy.daemon_threads = True
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    yield handler, urlunsplit((target.scheme, f"127.0.0.1:{proxy.server_address[1]}", target.path, "", ""))
    proxy.shutdown()
    proxy.server_close()


def _state(store: Store) -> list[tuple]:
    """Every graph's size, the store's own system graphs included: what a failed load must not change."""
    answer = queries.run(store.backend, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    default = count(store.backend) if store.name == "oxigraph" else None
    return sorted((row[0].value, row[1].value) for row in answer) + [("default", default)]


@pytest.mark.parametrize("replace", [False, True], ids=["add", "replace"])
@pytest.mark.parametrize("graph", [None, EX + "graph/final"], ids=["default-graph", "named-graph"])
def test_a_refused_final_step_leaves_the_store_as_it_was(any_store, interceptor, graph, replace, tmp_path):
    handler, url = interceptor
    handler.mode = "refuse"
    file = write(tmp_path / "new.nt", triples(5, start=500))
    before = _state(any_store)
    arguments = ["load", str(file), "--no-ontology", "--batch-size", "2", "--retries", "0"]
    arguments += (["--graph", graph] if graph else []) + (["--replace"] if replace else [])
    message = one_line_error(any_store.kg(*arguments, url=url), 3)
    # The store's own words, and what became of the targets.
    assert "refused by the test proxy" in message
    assert "final step failed" in message and "as before" in message
    assert _state(any_store) == before
    assert not any(name.startswith("urn:kg-load:") for name in graphs(any_store.backend))


def test_a_final_step_refused_for_one_of_two_graphs_says_which_changed(any_store, interceptor, tmp_path):
    handler, url = interceptor
    handler.mode, handler.only = "refuse", f"TO <{EX}graph/second>".encode()
    first, second = EX + "graph/first", EX + "graph/second"
    file = write(tmp_path / "two.trig", f"<{first}> {{ <{EX}a> <{EX}p> <{EX}b> . }}\n<{second}> {{ <{EX}c> <{EX}p> <{EX}d> . }}\n")
    before = _state(any_store)
    message = one_line_error(any_store.kg("load", str(file), "--no-ontology", "--retries", "0", url=url), 3)
    if any_store.backend.dialect.atomic_request:
        # One request for both graphs, refused whole.
        assert f"<{first}> and <{second}> are as before" in message
        assert _state(any_store) == before
    else:
        # One request per graph: the first went through, and the line says so.
        assert f"<{first}> already changed; <{second}> is as before" in message
        assert count(any_store.backend, first) == 1 and count(any_store.backend, second) == 0
        any_store.backend.update(f"DROP SILENT GRAPH <{first}>", safe=True)
    assert not any(name.startswith("urn:kg-load:") for name in graphs(any_store.backend))


def _load_through(interceptor, mode: str, store: Store, graph: str, file: Path):
    handler, url = interceptor
    handler.mode = mode
    return store.kg("load", str(file), "--no-ontology", "--graph", graph, "--retries", "0", url=url)


def test_a_final_step_whose_answer_is_lost_is_reported_as_unknown(any_store, interceptor, tmp_path):
    graph = EX + "graph/lost"
    result = _load_through(interceptor, "hang up", any_store, graph, write(tmp_path / "new.nt", triples(3, start=700)))
    message = one_line_error(result, 3)
    assert f"<{graph}> may or may not have changed (no answer)" in message
    # It did arrive; and the temporary graph was dropped all the same.
    assert count(any_store.backend, graph) == 3
    assert not any(name.startswith("urn:kg-load:") for name in graphs(any_store.backend))
    any_store.backend.update(f"DROP SILENT GRAPH <{graph}>", safe=True)


def test_a_final_move_whose_answer_is_lost_is_checked_and_went_through(any_store, interceptor, tmp_path):
    graph = EX + "graph/moved"
    handler, url = interceptor
    handler.mode = "hang up"
    file = write(tmp_path / "new.nt", triples(3, start=900))
    result = any_store.kg("load", str(file), "--no-ontology", "--graph", graph, "--replace", "--retries", "0", url=url)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"replaced <{graph}> with 3 triples")
    assert count(any_store.backend, graph) == 3
    assert not any(name.startswith("urn:kg-load:") for name in graphs(any_store.backend))
    any_store.backend.update(f"DROP SILENT GRAPH <{graph}>", safe=True)


def test_temporary_graphs_left_after_a_load_that_went_through_are_named(any_store, interceptor, tmp_path):
    graph = EX + "graph/left"
    file = write(tmp_path / "new.nt", triples(2, start=800))
    result = _load_through(interceptor, "refuse clean-up", any_store, graph, file)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"loaded <{graph}> with 2 triples")
    warning = result.stderr.splitlines()[1]
    left = re.findall(r"<(urn:kg-load:[^>]+)>", warning)
    assert warning.startswith("kg: warning: ") and left
    assert count(any_store.backend, graph) == 2
    any_store.backend.update(" ; ".join(f"DROP SILENT GRAPH <{iri}>" for iri in left + [graph]), safe=True)
    assert not any(name.startswith("urn:kg-load:") for name in graphs(any_store.backend))


def test_virtuoso_gets_a_named_graph_for_the_default_graph(virtuoso, seeds_ttl):
    # Loaded twice: nothing changes, and the line says where the data went.
    before = count(virtuoso.backend, "https://w3id.org/stakeholder-kg/graph/default")
    assert before > 1000
    result = virtuoso.kg("load", str(seeds_ttl))
    assert result.exit_code == 0, result.stderr
    assert "<https://w3id.org/stakeholder-kg/graph/default> (Virtuoso's stand-in for the default graph)" in result.stderr
    assert count(virtuoso.backend, "https://w3id.org/stakeholder-kg/graph/default") == before


def test_loads_into_the_default_graph_and_a_named_graph_are_all_or_nothing(any_store, tmp_path):
    """A file broken after some batches went out changes nothing, whichever the target."""
    graph = EX + "graph/both"
    for target in (None, graph):
        before = _state(any_store)
        broken = write(tmp_path / "broken.ttl", triples(5, start=300) + f'<{EX}s> <{EX}p> "never closed .\n')
        arguments = ["load", str(broken), "--no-ontology", "--batch-size", "2"] + (["--graph", target] if target else [])
        assert "broken.ttl:6:" in one_line_error(any_store.kg(*arguments), 2)
        assert _state(any_store) == before
    good = write(tmp_path / "good.nt", triples(4, start=300))
    result = any_store.kg("load", str(good), "--no-ontology", "--graph", graph, "--batch-size", "3")
    assert result.exit_code == 0, result.stderr
    assert count(any_store.backend, graph) == 4
    any_store.backend.update(f"DROP SILENT GRAPH <{graph}>", safe=True)


def test_a_store_error_keeps_the_iris_in_its_message(any_store):
    # Both stores refuse to drop a graph that is not there, and name it.
    missing = EX + "graph/never-made"
    with pytest.raises(EndpointError) as caught:
        any_store.backend.update(f"DROP GRAPH <{missing}>", safe=False, retries=0)
    assert missing in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_answer_the_store_cut_short_is_an_error_not_a_partial_table(virtuoso):
    # Virtuoso's own system graphs and the seeds hold more triples than the
    # rows it is allowed to answer with.
    result = virtuoso.kg("sparql", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--format", "csv")
    message = one_line_error(result, 3)
    assert f"only the first {virtuoso_server.MAX_ROWS} rows" in message and "ResultSetMaxRows" in message
    assert result.stdout == ""
    answer = virtuoso.kg("sparql", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", "--format", "csv")
    assert answer.exit_code == 0 and len(answer.stdout.splitlines()) == 11


def test_blank_nodes_are_refused_before_the_store_changes(base, remote, tmp_path):
    graph = EX + "graph/blank"
    file = write(tmp_path / "blank.ttl", triples(2) + f"_:someone <{EX}p> <{EX}o> .\n")
    result = runner.invoke(app, ["load", str(file), "--endpoint", base, "--graph", graph, "--no-ontology"])
    assert "blank nodes" in one_line_error(result, 2)
    assert count(remote, graph) == 0


# --- failures ---------------------------------------------------------------------------


def test_a_server_that_is_down_gives_one_line_and_exit_3(tmp_path):
    down = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(app, ["query", "positions", "--endpoint", down, "--retries", "0"])
    message = one_line_error(result, 3)
    assert f"cannot reach {down}/query: connection refused" in message
    file = write(tmp_path / "some.nt", triples(1))
    result = runner.invoke(app, ["load", str(file), "--endpoint", down, "--retries", "0", "--no-ontology"])
    assert "connection refused" in one_line_error(result, 3)


def test_connection_errors_are_retried_with_backoff():
    backend = RemoteBackend(f"http://127.0.0.1:{free_port()}/query", retries=2, backoff=0.05)
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"\(3 attempts\)"):
        queries.run(backend, "ASK {}")
    assert time.monotonic() - started >= 0.05 + 0.1


def test_a_query_the_server_rejects_gives_one_line(base):
    result = runner.invoke(app, ["sparql", "SELECT ?x WHERE { ?x }", "--endpoint", base])
    message = one_line_error(result, 2)
    assert "the endpoint rejected the query (HTTP 400)" in message
    # The position is the query's own, not that of the prefixes sent with it.
    assert "line 1," in message
    result = runner.invoke(app, ["sparql", "SELECT ?x WHERE { ?x nope:p ?y }", "--endpoint", base])
    assert "unknown prefix 'nope:'" in one_line_error(result, 2)


class _Gateway(http.server.BaseHTTPRequestHandler):
    """A proxy in front of a store, as far as kg can tell: it asks for a
    password, denies a user, fails upstream, or answers too late."""

    seen: list[tuple[str, str | None]] = []

    def _answer(self) -> None:
        self.seen.append((self.path, self.headers.get("Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.startswith("/slow/"):
            time.sleep(3)
        status = {"/auth/": 401, "/forbidden/": 403, "/busy/": 503}.get(self.path[: self.path.index("/", 1) + 1], 200)
        body = b"upstream store unavailable" if status == 503 else b"no"
        try:
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped waiting (the timeout test)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def gateway():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_wrong_password_gives_one_line_without_the_password(gateway, monkeypatch, tmp_path):
    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    _Gateway.seen.clear()
    result = runner.invoke(app, ["query", "positions", "--endpoint", gateway + "/auth"])
    message = one_line_error(result, 3)
    assert "refused the credentials (HTTP 401)" in message
    assert "KG_ENDPOINT_PASSWORD" in message
    file = write(tmp_path / "some.nt", triples(1))
    result = runner.invoke(app, ["load", str(file), "--endpoint", gateway + "/auth", "--no-ontology"])
    assert "HTTP 401" in one_line_error(result, 3)
    # The credentials were sent, and never shown.
    assert _Gateway.seen and all(authorization and authorization.startswith("Basic ") for _, authorization in _Gateway.seen)
    for output in (result.stdout + result.stderr, message):
        assert PASSWORD not in output


def test_no_credentials_and_a_store_that_wants_them(gateway):
    result = runner.invoke(app, ["query", "positions", "--endpoint", gateway + "/auth"])
    assert "wants credentials (HTTP 401); set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD" in one_line_error(result, 3)


def test_a_user_the_store_denies(gateway, monkeypatch):
    monkeypatch.setenv("KG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    result = runner.invoke(app, ["sparql", "ASK {}", "--endpoint", gateway + "/forbidden"])
    message = one_line_error(result, 3)
    assert "does not allow user 'analyst'" in message and "HTTP 403" in message


def test_server_errors_are_retried_then_reported(gateway):
    _Gateway.seen.clear()
    backend = RemoteBackend(gateway + "/busy/query", retries=2, backoff=0.01)
    with pytest.raises(EndpointError) as caught:
        queries.run(backend, "ASK {}")
    assert len(_Gateway.seen) == 3
    assert str(caught.value) == f"{gateway}/busy/query failed on the query (HTTP 503 after 3 attempts): upstream store unavailable"


def test_a_store_that_answers_too_late(gateway):
    result = runner.invoke(app, ["sparql", "ASK {}", "--endpoint", gateway + "/slow", "--timeout", "1"])
    assert "did not answer the query within 1 s" in one_line_error(result, 3)


# --- URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize("url, expected", [
    ("http://localhost:7878", ("http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store")),
    ("http://localhost:7878/query", ("http://localhost:7878/query", "http://localhost:7878/update", "http://localhost:7878/store")),
    ("http://h:3030/ds/sparql", ("http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data")),
    ("http://h:7200/repositories/kg", (
        "http://h:7200/repositories/kg", "http://h:7200/repositories/kg/statements",
        "http://h:7200/repositories/kg/rdf-graphs/service",
    )),
    ("http://h:8890/sparql", ("http://h:8890/sparql", "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth")),
])
def test_store_urls_are_guessed_from_one_url(url, expected):
    guessed = Endpoint.guess(url)
    assert (guessed.query_url, guessed.update_url, guessed.store_url) == expected


@pytest.mark.parametrize("url, dialect", [
    ("http://localhost:7878", "Oxigraph"),
    ("http://h:3030/ds/query", "Jena Fuseki"),
    ("http://h:7200/repositories/kg", "GraphDB"),
    ("http://h:8890/sparql", "Virtuoso"),
])
def test_the_dialect_comes_with_the_guess_and_with_a_query_url(url, dialect):
    assert Endpoint.guess(url).dialect.name == dialect
    assert Endpoint.resolve(query_url=url).dialect.name == dialect


def test_explicit_urls_win_over_the_guess():
    urls = Endpoint.resolve("http://h:3030/ds", store_url="http://h:3030/ds/data")
    assert (urls.query_url, urls.update_url, urls.store_url) == (
        "http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data"
    )


def test_a_password_in_the_url_is_a_usage_error_without_showing_it(tmp_path):
    file = write(tmp_path / "some.nt", triples(1))
    for arguments in (["sparql", "ASK {}"], ["load", str(file)], ["query", "positions"]):
        for option in ("--endpoint", "--query-url"):
            result = runner.invoke(app, [*arguments, option, f"http://someone:{PASSWORD}@127.0.0.1:7878/query"])
            message = one_line_error(result, 2)
            assert "KG_ENDPOINT_PASSWORD" in message
            assert PASSWORD not in message and "someone" not in message


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/query", "file:///etc/passwd", "127.0.0.1:7878", "http://"])
def test_a_url_that_is_not_http_is_a_usage_error(url, tmp_path):
    file = write(tmp_path / "some.nt", triples(1))
    for arguments in (["sparql", "ASK {}", "--endpoint", url], ["load", str(file), "--endpoint", url],
                      ["load", str(file), "--endpoint", "http://127.0.0.1:1", "--update-url", url]):
        assert "not an http(s) URL" in one_line_error(runner.invoke(app, arguments), 2)


# --- kg serve ------------------------------------------------------------------------------


def test_serve_answers_with_graph_ontology_and_inferences_and_stops_on_ctrl_c(tmp_path):
    data = write(tmp_path / "data.ttl", triples(2))
    inferred = write(tmp_path / "inferred.trig", f"<{EX}graph/inferred> {{ <{EX}s0> a <{EX}Thing> . }}\n")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", "from kg.cli import main; main()", "serve", str(data), str(inferred), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        line = process.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        assert url, (line, process.stderr.read() if process.poll() is not None else "")
        backend = RemoteBackend.from_endpoint(Endpoint.guess(url[1]), retries=0)
        assert count(backend) == 2 + 1 + len(store.load([], ontology=True))
        assert queries.run(backend, f"ASK {{ <{EX}s0> a <{EX}Thing> }}").rows[0][0].value == "true"
        assert len(queries.query("topics", backend)) > 0  # the topic scheme came along
        assert list(scratch.glob("kg-serve-*"))
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "server stopped" in process.stderr.read()
    assert not list(scratch.glob("kg-serve-*"))
    with pytest.raises(EndpointError, match="cannot reach"):
        queries.run(backend, "ASK {}")


def test_serve_refuses_a_port_in_use(server):
    result = runner.invoke(app, ["serve", "--port", str(server.port), "--no-ontology"])
    assert "is in use" in one_line_error(result, 3)
