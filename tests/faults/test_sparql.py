"""kg sparql against a file answers queries only: an update is refused and the file stays as it was."""

from __future__ import annotations

import pytest

from faultkit import assert_no_traceback, kg, lines, write_articles

UPDATES = [
    "DROP ALL",
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "LOAD <http://example.org/graph.ttl>",
]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    root = tmp_path_factory.mktemp("sparql")
    result = kg("ingest", write_articles(root / "articles", 2), "-o", root / "kg.ttl")
    assert result.returncode == 0, result.stderr
    return root / "kg.ttl"


def test_sparql_update_against_a_file_is_refused(graph, scenario):
    with scenario("sparql-update") as outcome:
        before = graph.read_bytes()
        for update in UPDATES:
            result = kg("sparql", update, "-d", graph)
            assert_no_traceback(result)
            assert result.returncode == 2, (update, result.stderr)
            assert len(lines(result.stderr)) == 1 and lines(result.stderr)[0].startswith("kg: error: "), result.stderr
            assert result.stdout == ""
            unchanged = graph.read_bytes() == before
            outcome["lost"] += not unchanged
            assert unchanged, update
