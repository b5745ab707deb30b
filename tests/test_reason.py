"""Reasoning: what `kg reason` and `kg ingest --reason` add, and where they put it.

Most tests run on tests/data/reasoning.ttl, a hand-written graph whose actor
Alice Example is typed only skg:Person and only *demands* a ceasefire; the
seeds graph (built once per session) checks the two engines and the canned
queries on real extractor output.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import NamedNode, Triple
from typer.testing import CliRunner

from kg.graph import queries, store
from kg.cli import app
from kg.graph.reason import INFERRED_GRAPH, ReasonError, closure, data_triples
from kg.vocab import ACTOR, BASE, FOAF, MEETING, OWL, PLACE, POSITION, PROV, RDF, SCHEMA, SKG, TOPIC

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "reasoning.ttl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

runner = CliRunner()

ALICE = NamedNode(ACTOR + "alice-example")
SYLDAVIA = NamedNode(ACTOR + "syldavia")
CEASEFIRE = NamedNode(TOPIC + "Ceasefire")
TYPE = NamedNode(RDF + "type")


def skg(local: str) -> NamedNode:
    return NamedNode(SKG + local)


def kg(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def fixture_triples() -> list[Triple]:
    return data_triples(store.load([FIXTURE], ontology=False))


def column(output: str, name: str) -> list[str]:
    return [row[name] for row in csv.DictReader(io.StringIO(output))]


@pytest.fixture(scope="module")
def reasoned(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reason") / "reasoned.trig"
    result = kg("reason", FIXTURE, "-o", path)
    assert result.exit_code == 0, result.output
    return path


# --- what users ask -------------------------------------------------------------------


def test_who_supports_includes_a_holder_who_only_demands_the_topic_after_reasoning(reasoned):
    plain = kg("query", "who-supports", "-d", FIXTURE, "--param", "topic=ceasefire", "-f", "csv")
    inferred = kg("query", "who-supports", "-d", reasoned, "--param", "topic=ceasefire", "-f", "csv")
    assert plain.exit_code == 0 and inferred.exit_code == 0, plain.output + inferred.output
    assert column(plain.stdout, "holder") == ["Syldavia"]
    assert column(inferred.stdout, "holder") == ["Alice Example", "Syldavia"]
    assert column(inferred.stdout, "stance") == ["demands", "supports"]


def test_a_person_is_found_as_an_actor_after_reasoning(reasoned):
    ask = "SELECT ?actor WHERE { ?actor a skg:Actor } ORDER BY ?actor"
    plain = kg("sparql", ask, "-d", FIXTURE, "-f", "csv")
    inferred = kg("sparql", ask, "-d", reasoned, "-f", "csv")
    assert column(plain.stdout, "actor") == []
    assert ALICE.value in column(inferred.stdout, "actor")


def test_trig_output_keeps_the_data_in_the_default_graph_and_inferences_in_their_own(reasoned):
    dataset = pyoxigraph.Store()
    dataset.bulk_load(path=reasoned, format=pyoxigraph.RdfFormat.TRIG)
    default = {q.triple for q in dataset.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())}
    inferred = {q.triple for q in dataset.quads_for_pattern(None, None, None, INFERRED_GRAPH)}
    assert default == set(fixture_triples())
    assert list(dataset.named_graphs()) == [INFERRED_GRAPH]
    assert Triple(ALICE, skg("supports"), CEASEFIRE) in inferred
    assert not inferred & default


def test_the_closure_adds_super_properties_inverses_classes_and_part_of_chains():
    inferred = closure(fixture_triples())
    szohod, upper, land = (NamedNode(PLACE + name) for name in ("szohod", "upper-syldavia", "syldavia-land"))
    talks = NamedNode(MEETING + "szohod-2025-03-03")
    expected = {
        Triple(ALICE, skg("supports"), CEASEFIRE),  # skg:demands ⊑ skg:supports
        Triple(ALICE, skg("hasStanceOn"), CEASEFIRE),
        Triple(SYLDAVIA, skg("hasStanceOn"), CEASEFIRE),
        Triple(ALICE, skg("holds"), NamedNode(POSITION + "syldavia-talks-alice-example-demands-Ceasefire")),
        Triple(ALICE, skg("participatedIn"), talks),
        Triple(ALICE, TYPE, skg("Actor")),
        Triple(ALICE, TYPE, NamedNode(FOAF + "Person")),
        Triple(ALICE, TYPE, NamedNode(PROV + "Agent")),
        Triple(SYLDAVIA, TYPE, skg("Organization")),  # skg:Country ⊑ skg:Organization
        Triple(szohod, skg("partOf"), land),  # transitive
        Triple(land, skg("hasPart"), szohod),  # inverse of the inferred step
        Triple(upper, skg("hasPart"), szohod),
        Triple(szohod, NamedNode(SCHEMA + "containedInPlace"), land),
        Triple(talks, TYPE, NamedNode(SCHEMA + "Event")),
    }
    assert expected <= inferred
    assert Triple(SYLDAVIA, skg("supports"), CEASEFIRE) not in inferred  # asserted, so not inferred


def test_the_closure_leaves_out_axiom_noise_and_wikidata_copies():
    inferred = closure(fixture_triples(), engine="owlrl")
    assert inferred
    for triple in inferred:
        assert triple.subject.value.startswith(BASE) and not triple.subject.value.startswith(SKG), triple
        assert isinstance(triple.object, NamedNode), triple
        assert triple.predicate.value != OWL + "sameAs", triple
        assert triple.object.value != OWL + "Thing", triple
        # Alice is owl:sameAs a Wikidata item; her statements are not copied onto it.
        assert "wikidata.org" not in triple.object.value, triple


def test_the_two_engines_agree_on_the_seeds(seeds_result):
    triples = seeds_result.triples()
    rules = closure(triples, engine="rules")
    assert rules
    assert rules == closure(triples, engine="owlrl")


def test_only_the_queries_that_say_so_change_with_reasoning(seeds_ttl, tmp_path):
    reasoned = tmp_path / "seeds.trig"
    assert kg("reason", seeds_ttl, "-o", reasoned).exit_code == 0
    plain, inferred = store.load([seeds_ttl]), store.load([reasoned])
    checked = 0
    for canned in queries.list_queries():
        if any(param.required and param.name not in canned.example for param in canned.params):
            continue
        before = queries.query(canned.name, plain, **canned.example).rows
        after = queries.query(canned.name, inferred, **canned.example).rows
        if canned.inference.startswith("none"):
            assert after == before, f"{canned.name} says it needs no inference but its answer changes"
        else:
            assert set(before) <= set(after), canned.name
        checked += 1
    assert checked >= 5


# --- files and formats -------------------------------------------------------------------


def test_reasoning_a_reasoned_file_again_gives_the_same_bytes(reasoned, tmp_path):
    again = tmp_path / "again.trig"
    result = kg("reason", reasoned, "-o", again)
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == reasoned.read_bytes()


def test_turtle_output_holds_the_inferences_only_and_merge_holds_both(tmp_path):
    only, merged = tmp_path / "inferred.ttl", tmp_path / "merged.ttl"
    assert kg("reason", FIXTURE, "-o", only).exit_code == 0
    assert kg("reason", FIXTURE, "-o", merged, "--merge").exit_code == 0
    inferred = data_triples(store.load([only], ontology=False))
    data = fixture_triples()
    assert set(inferred) == closure(data)
    assert set(data_triples(store.load([merged], ontology=False))) == set(data) | set(inferred)


def test_ingest_reason_writes_the_extracted_graph_and_the_inferred_graph(seeds_ttl, tmp_path):
    output = tmp_path / "kg.trig"
    result = kg("ingest", SEEDS, "--reason", "-o", output)
    assert result.exit_code == 0, result.output
    dataset = pyoxigraph.Store()
    dataset.bulk_load(path=output, format=pyoxigraph.RdfFormat.TRIG)
    default = {q.triple for q in dataset.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())}
    inferred = {q.triple for q in dataset.quads_for_pattern(None, None, None, INFERRED_GRAPH)}
    # Compared as read back from files: the parser, not the writer, decides how "0.80" reads.
    assert default == set(data_triples(store.load([seeds_ttl], ontology=False)))
    assert inferred == closure(default)


def test_ingest_reason_refuses_a_turtle_output_before_reading_anything(tmp_path):
    output = tmp_path / "kg.ttl"
    result = kg("ingest", SEEDS, "--reason", "-o", output)
    assert result.exit_code == 2
    assert result.output.startswith("kg: error: ") and result.output.count("\n") == 1
    assert ".trig" in result.output
    assert not output.exists()


def test_unknown_engine_and_unknown_extension_are_one_line_errors(tmp_path):
    for args in (["--engine", "hermit", "-o", tmp_path / "x.trig"], ["-o", tmp_path / "x.json"]):
        result = kg("reason", FIXTURE, *args)
        assert result.exit_code == 2, result.output
        assert result.output.startswith("kg: error: ") and result.output.count("\n") == 1


def test_the_rules_engine_refuses_an_ontology_it_does_not_cover_and_auto_falls_back(tmp_path):
    ontology = tmp_path / "restricted.ttl"
    ontology.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"@prefix skg: <{SKG}> .\n"
        "skg:Person rdfs:subClassOf skg:Actor .\n"
        "skg:Demander owl:equivalentClass [ a owl:Restriction ;"
        " owl:onProperty skg:demands ; owl:someValuesFrom skg:Topic ] .\n"
    )
    data = [Triple(ALICE, skg("demands"), CEASEFIRE), Triple(CEASEFIRE, TYPE, skg("Topic"))]
    with pytest.raises(ReasonError, match="someValuesFrom"):
        closure(data, ontology=[ontology], engine="rules")
    assert Triple(ALICE, TYPE, skg("Demander")) in closure(data, ontology=[ontology])
