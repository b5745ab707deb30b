"""`kg validate`: the SHACL shapes on good and on deliberately broken graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Triple
from typer.testing import CliRunner

from kg.graph import store, turtle
from kg.cli import app
from kg.graph.reason import data_triples
from kg.graph.validate import validate
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


# --- the SPARQL engine against pySHACL, the reference ---------------------------

BROKEN_NODES = DATA / "broken.ttl"


def both_engines(data) -> tuple[list, list]:
    """The results of the compiled SPARQL checks on pyoxigraph and of pySHACL alone."""
    return validate(data).results, validate(data, engine="pyshacl").results


def test_the_engines_agree_on_the_seeds(seeds_result):
    triples = seeds_result.triples()
    assert validate(triples).results == []  # as pySHACL found before this engine (test_the_seeds_graph_conforms)
    # And broken the way a bad extraction or a hand edit would: a lost holder,
    # a quote off its offsets, a speaker that is a topic, an article with two texts.
    position = next(t.subject for t in triples if t.predicate.value == SKG + "holder")
    statement = next(t.subject for t in triples if t.predicate.value == SKG + "quote")
    topic = next(t.object for t in triples if t.predicate.value == SKG + "topic")
    article = next(t.subject for t in triples if t.predicate.value == NIF + "isString")
    broken = without(set(triples), position, SKG + "holder")
    broken = without(broken, statement, SKG + "quote") | {Triple(statement, NamedNode(SKG + "quote"), Literal("not this"))}
    broken = without(broken, statement, SKG + "speaker") | {Triple(statement, NamedNode(SKG + "speaker"), topic)}
    broken.add(Triple(article, NamedNode(NIF + "isString"), Literal("A second text.")))
    fast, reference = both_engines(broken)
    assert fast == reference
    components = {r.component for r in fast}
    assert {"MinCount", "Node", "Not", "Or", "MaxCount", "SPARQL"} <= components, components


def test_the_engines_agree_on_every_kind_of_breakage():
    data = store.load([FIXTURE, BROKEN_NODES], ontology=False)
    fast, reference = both_engines(data)
    assert fast == reference
    assert len(fast) == 58
    # Every compiled constraint kind of shapes.ttl fails at least once.
    assert {r.component for r in fast} == {
        "Class", "Datatype", "HasValue", "In", "LessThan", "MaxCount", "MaxInclusive", "MinCount",
        "MinInclusive", "MinLength", "Node", "NodeKind", "Not", "Or", "Pattern", "SPARQL",
    }
    # A value that fails sh:node brings that shape's own results, once for each
    # result it is the value of (as pySHACL's sh:detail does).
    assert [r.component for r in fast if r.focus == "place:szohod"] == ["Not", "Not", "Or", "Or"]


def test_the_store_is_left_as_it_was():
    data = store.load([FIXTURE], ontology=False)
    before = set(data)
    assert validate(data).conforms and validate(data).triples == len(before)
    assert set(data) == before


def test_named_graphs_are_checked_as_one_graph(tmp_path):
    # The fixture's triples in two named graphs of a dataset, one of them twice.
    triples = fixture_triples()
    half = len(triples) // 2
    quads = [Quad(t.subject, t.predicate, t.object, NamedNode("urn:g1" if i < half else "urn:g2")) for i, t in enumerate(sorted(triples, key=str))]
    quads += [Quad(q.subject, q.predicate, q.object, NamedNode("urn:g3")) for q in quads[:5]]
    report = validate(quads)
    assert report.conforms and report.triples == len(triples)
    broken = [q for q in quads if not (q.subject == HOLDERLESS and q.predicate.value == SKG + "holder")]
    fast, reference = both_engines(broken)
    assert fast == reference and [r.component for r in fast] == ["MinCount"]


def test_a_shape_the_compiler_does_not_know_is_left_to_pyshacl(tmp_path):
    # sh:closed is not compiled: that one shape goes to pySHACL, the others run as SPARQL.
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        (Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
        + """
shape:ClosedPlace a sh:NodeShape ;
    sh:targetClass skg:Place ;
    sh:closed true ;
    sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> rdfs:label ) ;
    sh:message "a place has only a type and labels" .
""",
        encoding="utf-8",
    )
    from kg.graph.shacl_sparql import compile_shapes
    from kg.graph.terms import read_graph

    compiled = compile_shapes(read_graph([shapes], ValueError))
    assert [str(s) for s in compiled.rest] == ["https://w3id.org/stakeholder-kg/shapes#ClosedPlace"]
    data = store.load([FIXTURE, BROKEN_NODES], ontology=False)
    fast = validate(data, shapes=shapes).results
    assert fast == validate(data, shapes=shapes, engine="pyshacl").results
    closed = [r for r in fast if r.shape == "shape:ClosedPlace"]
    assert {r.focus for r in closed} == {"place:szohod", "place:upper-syldavia"}  # both have skg:partOf


def test_the_engine_is_chosen_on_the_command_line(broken):
    fast = kg("validate", broken, "--format", "json")
    reference = kg("validate", broken, "--format", "json", "--engine", "pyshacl")
    assert fast.exit_code == reference.exit_code == 1
    assert json.loads(fast.stdout) == json.loads(reference.stdout)
    wrong = kg("validate", broken, "--engine", "jena")
    assert wrong.exit_code == 2
    assert wrong.output == "kg: error: unknown validation engine 'jena'; use oxigraph or pyshacl\n"
