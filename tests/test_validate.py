"""`kg validate`: the SHACL shapes on good and on deliberately broken graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Triple
from typer.testing import CliRunner

from kg import store, turtle
from kg.cli import app
from kg.reason import data_triples
from kg.validate import validate
from kg.vocab import ACTOR, MEETING, NIF, POSITION, SKG, STATEMENT, XSD

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "reasoning.ttl"

runner = CliRunner()

HOLDERLESS = NamedNode(POSITION + "syldavia-talks-alice-example-demands-Ceasefire")
MISQUOTED = NamedNode(STATEMENT + "syldavia-talks-49-69-alice-example")
OVERRUN = NamedNode(STATEMENT + "syldavia-talks-95-114-syldavia")


def kg(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def fixture_triples() -> set[Triple]:
    return set(data_triples(store.load([FIXTURE], ontology=False)))


def write(path: Path, triples) -> Path:
    turtle.write_atomic(path, turtle.serialize(triples))
    return path


def without(triples: set[Triple], subject: NamedNode, predicate: str) -> set[Triple]:
    return {t for t in triples if not (t.subject == subject and t.predicate.value == predicate)}


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The fixture with a position that lost its holder, a statement whose end
    offset runs past the article, and a quote that is not the text between its offsets."""
    triples = without(fixture_triples(), HOLDERLESS, SKG + "holder")
    triples = without(triples, OVERRUN, NIF + "endIndex")
    triples.add(Triple(OVERRUN, NamedNode(NIF + "endIndex"), Literal("500", datatype=NamedNode(XSD + "integer"))))
    triples = without(triples, MISQUOTED, SKG + "quote")
    triples.add(Triple(MISQUOTED, NamedNode(SKG + "quote"), Literal("asked for a truce")))
    return write(tmp_path_factory.mktemp("broken") / "broken.ttl", triples)


def test_the_seeds_graph_conforms(seeds_ttl):
    result = kg("validate", seeds_ttl)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms: 0 violations")


def test_the_fixture_conforms_with_and_without_its_inferences(tmp_path):
    reasoned = tmp_path / "reasoned.trig"
    assert kg("reason", FIXTURE, "-o", reasoned).exit_code == 0
    result = kg("validate", FIXTURE, reasoned)
    assert result.exit_code == 0, result.output


def test_a_broken_graph_fails_with_each_problem_on_its_own_line(broken):
    result = kg("validate", broken)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-1].startswith("does not conform: 3 violations")

    def line_of(node: NamedNode) -> str:
        prefixed = turtle.Writer().iri(node.value)
        found = [line for line in lines if prefixed in line]
        assert len(found) == 1, (prefixed, result.output)
        return found[0]

    holder = line_of(HOLDERLESS)
    assert holder.startswith("violation") and "shape:PositionShape" in holder and "skg:holder" in holder
    assert "exactly one holder" in holder
    overrun = line_of(OVERRUN)
    assert "shape:StatementShape" in overrun and "end offset 500 lies beyond the article text" in overrun
    misquoted = line_of(MISQUOTED)
    assert "shape:StatementShape" in misquoted and 'the text there is "demanded a ceasefire"' in misquoted


def test_json_report_for_scripts(broken):
    result = kg("validate", broken, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False and report["violations"] == 3
    found = {(r["focus_iri"], r["shape"], r["path"]) for r in report["results"]}
    assert found == {
        (HOLDERLESS.value, "shape:PositionShape", "skg:holder"),
        (OVERRUN.value, "shape:StatementShape", ""),
        (MISQUOTED.value, "shape:StatementShape", ""),
    }


def test_a_warning_is_reported_but_does_not_fail(tmp_path):
    # An actor both present and absent: the sources disagree, which is worth a look, not an error.
    triples = fixture_triples()
    triples.add(Triple(NamedNode(MEETING + "szohod-2025-03-03"), NamedNode(SKG + "absent"), NamedNode(ACTOR + "syldavia")))
    report = validate(triples)
    assert report.conforms
    assert [(r.severity, r.shape) for r in report.results] == [("warning", "shape:MeetingAttendanceShape")]
    result = kg("validate", write(tmp_path / "disputed.ttl", triples))
    assert result.exit_code == 0
    assert result.output.startswith("warning")


def test_a_missing_file_is_one_line(tmp_path):
    result = kg("validate", tmp_path / "nope.ttl")
    assert result.exit_code == 2
    assert result.output == f"kg: error: {tmp_path / 'nope.ttl'}: no such file\n"
