"""kg sparql --timeout: a slow query is stopped, its worker too, with one clear line."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.graph import store, timeout
from kg.cli import app
from kg.errors import QueryError

runner = CliRunner()
MINI = Path(__file__).resolve().parent / "data" / "mini.ttl"
# Four copies of the whole graph joined: 300^4 rows, far more than a second's work.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# A thread cannot be killed: the fallback's test query ends by itself (about 2 s).
MEDIUM = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "SELECT ?name WHERE { ?a a skg:Person ; rdfs:label ?name } ORDER BY ?name"


def test_slow_query_is_stopped_with_one_line():
    started = time.monotonic()
    result = runner.invoke(app, ["sparql", SLOW, "-d", str(MINI), "--no-ontology", "--timeout", "0.5"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert result.stderr == (
        "kg: error: query stopped after 0.5 s (--timeout); narrow it (LIMIT, more specific patterns)"
        " or allow more time\n"
    )
    assert elapsed < 30  # stopped, not run to the end
    assert not multiprocessing.active_children()  # the worker was killed and reaped


def test_quick_query_under_a_timeout_answers_as_without():
    with_limit = runner.invoke(app, ["sparql", QUICK, "-d", str(MINI), "--no-ontology", "--timeout", "30", "-f", "csv"])
    without = runner.invoke(app, ["sparql", QUICK, "-d", str(MINI), "--no-ontology", "-f", "csv"])
    assert with_limit.exit_code == 0, with_limit.stderr
    assert with_limit.stdout == without.stdout
    assert "Pete Hegseth" in with_limit.stdout


def test_malformed_query_under_a_timeout_is_one_line():
    result = runner.invoke(app, ["sparql", "SELECT ?x WHERE { ?x a }", "-d", str(MINI), "--timeout", "10"])
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: malformed query at line 1")
    assert result.stderr.count("\n") == 1


def test_timeout_must_be_positive():
    with pytest.raises(QueryError, match="more than 0 seconds"):
        timeout.run(store.load([MINI], ontology=False), QUICK, seconds=0)


def test_thread_fallback_stops_waiting(monkeypatch):
    # Where fork is missing (Windows), the query runs in a thread we stop waiting for.
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    source = store.load([MINI], ontology=False)
    rows = timeout.run(source, QUICK, seconds=30)
    assert "Pete Hegseth" in rows.column("name")
    with pytest.raises(QueryError, match="stopped after 0.2 s"):
        timeout.run(source, MEDIUM, seconds=0.2)


def test_results_with_every_kind_of_term_come_back_whole():
    source = pyoxigraph.Store()
    text = """SELECT ?iri ?blank ?lang ?typed WHERE {
      BIND(<http://example.org/a> AS ?iri) BIND(BNODE("b") AS ?blank)
      BIND("Kyiv"@uk AS ?lang) BIND("2025-02-18"^^xsd:date AS ?typed) }"""
    rows = timeout.run(source, text, seconds=30)
    iri, blank, lang, typed = rows.rows[0]
    assert iri == pyoxigraph.NamedNode("http://example.org/a")
    assert isinstance(blank, pyoxigraph.BlankNode)
    assert lang.language == "uk" and typed.datatype.value.endswith("#date")
