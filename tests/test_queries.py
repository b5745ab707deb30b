"""The query layer: store loading, canned queries, parameters, result formats, CLI.

Everything runs against tests/data/mini.ttl, a hand-written graph in the shape
of docs/data-model.md (two articles, seven positions, two meetings).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.graph import queries, results, store
from kg.cli import app
from kg.errors import InputError, QueryError
from kg.graph.queries import Param
from kg.graph.results import Rows
from kg.vocab import ACTOR, POSITION, PREFIXES, SKG, TOPIC, XSD

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.ttl"

NATO = pyoxigraph.NamedNode(TOPIC + "UkraineNATOMembership")
ZELENSKYY = pyoxigraph.NamedNode(ACTOR + "volodymyr-zelenskyy")

TOPIC_PARAM = Param("topic", "topic", True, "")
ACTOR_PARAM = Param("actor", "actor", True, "")


@pytest.fixture(scope="module")
def mini() -> pyoxigraph.Store:
    # Without the packaged ontology: mini.ttl carries the part it needs, so the
    # expected rows do not change when ontology/ does.
    return store.load([MINI], ontology=False)


def table(rows: Rows) -> list[tuple]:
    return [tuple(record.values()) for record in rows.records()]


def csv_text(rows: Rows) -> str:
    stream = io.StringIO()
    results.write(rows, "csv", stream)
    return stream.getvalue()


# --- store -------------------------------------------------------------------------


def test_load_reads_turtle_into_one_store(mini):
    assert len(mini) == 303


def test_load_adds_the_packaged_ontology_when_asked():
    with_ontology = store.load([MINI])
    scheme = pyoxigraph.NamedNode(TOPIC + "MineralsDeal")  # in ontology/topics.ttl, not in mini.ttl
    assert list(with_ontology.quads_for_pattern(scheme, None, None))
    assert len(with_ontology) > len(store.load([MINI], ontology=False))


def test_load_missing_file_names_it(tmp_path):
    with pytest.raises(InputError, match=r"nope\.ttl: no such file"):
        store.load([tmp_path / "nope.ttl"], ontology=False)


def test_load_parse_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> "open .\n')
    with pytest.raises(InputError) as caught:
        store.load([bad], ontology=False)
    message = str(caught.value)
    assert message.startswith(f"{bad}:2:")
    assert "\n" not in message


def test_load_unknown_extension(tmp_path):
    odd = tmp_path / "graph.xyz"
    odd.write_text("")
    with pytest.raises(InputError, match="unknown RDF format '.xyz'"):
        store.load([odd], ontology=False)


def test_named_graphs_and_ntriples_are_queried_with_the_rest(tmp_path):
    # A position in a TriG named graph, its holder's label in an N-Triples file.
    position = f"<{POSITION}x-eric-trump-accepts-Ceasefire>"
    trig = tmp_path / "extra.trig"
    trig.write_text(
        f"<http://example.org/g> {{ {position} <{SKG}holder> <{ACTOR}eric-trump> ;"
        f" <{SKG}stance> <{SKG}accepts> ; <{SKG}topic> <{TOPIC}Ceasefire> . }}\n"
    )
    nt = tmp_path / "extra.nt"
    nt.write_text(f'<{ACTOR}eric-trump> <http://www.w3.org/2000/01/rdf-schema#label> "Eric Trump" .\n')
    rows = queries.query("stance-matrix", store.load([trig, nt], ontology=False))
    assert table(rows) == [("Eric Trump", "Ceasefire", "accepts", "0", "Ceasefire")]


# --- canned queries -------------------------------------------------------------------

REQUIRED = {
    "positions", "who-opposes", "who-supports", "actor-positions", "stance-matrix", "meetings",
    "contested-topics", "corroborated-positions", "quotes", "topics", "actors",
    "position-timeline", "stance-changes", "first-reported",
}


def test_list_queries_reads_the_headers():
    listed = {canned.name: canned for canned in queries.list_queries()}
    assert REQUIRED <= set(listed)
    for canned in listed.values():
        assert canned.title and canned.description
        assert canned.inference.split()[0] in ("none", "optional", "required")
        assert all(param.kind in queries.PARAM_KINDS for param in canned.params)
    assert listed["who-opposes"].params == [
        Param("topic", "topic", True, listed["who-opposes"].params[0].description)
    ]
    assert "UkraineNATOMembership" in listed["who-opposes"].params[0].description
    assert listed["who-supports"].inference.startswith("optional (with --reason")
    assert "sub-property" in listed["who-supports"].inference


def test_every_canned_query_runs_and_is_deterministic(mini):
    for canned in queries.list_queries():
        values = {"topic": "UkraineNATOMembership", "actor": "Zelenskyy"}
        params = {param.name: values[param.kind] for param in canned.params}
        first = queries.query(canned.name, mini, **params)
        assert first.columns, canned.name
        assert queries.query(canned.name, mini, **params) == first


def test_positions(mini):
    rows = queries.query("positions", mini)
    assert rows.columns[:5] == ["article", "holder", "stance", "topic", "evidence"]
    assert rows.columns[5:] == ["topic_id", "confidence", "cue"]
    assert [record[:4] + record[5:] for record in table(rows)] == [
        ('a1', 'Pete Hegseth', 'opposes', "Ukraine's NATO membership", 'UkraineNATOMembership', '0.9', 'unrealistic'),
        ('a1', 'Pete Hegseth', 'supports', 'ending the war', 'EndingTheWar', '0.8', 'must end'),
        ('a1', 'Volodymyr Zelenskyy', 'demands', 'security guarantees for Ukraine', 'SecurityGuarantees', '0.85', 'want'),
        ('a2', 'Maria Zakharova', 'opposes', "Ukraine's NATO membership", 'UkraineNATOMembership', '0.75', 'not enough'),
        ('a2', 'Pete Hegseth', 'supports', 'ending the war', 'EndingTheWar', '0.8', 'must end'),
        ('a2', 'Ukraine', 'demands', 'Ukraine at the negotiating table', 'UkraineAtTheTable', '0.65', 'cannot without'),
        ('a2', 'Volodymyr Zelenskyy', 'demands', "Ukraine's NATO membership", 'UkraineNATOMembership', '0.7', 'insist'),
        ('a2', 'Volodymyr Zelenskyy', 'supports', 'security guarantees for Ukraine', 'SecurityGuarantees', '0.6', 'need'),
    ]
    assert rows.column("evidence")[0] == (
        "Defense Secretary Pete Hegseth said it was unrealistic for Ukraine to become a part of NATO."
    )


def test_who_opposes(mini):
    rows = queries.query("who-opposes", mini, topic="Ukraine's NATO membership")
    assert rows.columns == ["holder", "article", "evidence", "confidence", "cue", "topic"]
    assert [(r["holder"], r["article"], r["cue"], r["topic"]) for r in rows.records()] == [
        ("Maria Zakharova", "a2", "not enough", NATO.value),
        ("Pete Hegseth", "a1", "unrealistic", NATO.value),
    ]


def test_who_supports_without_reasoning_finds_stated_support_only(mini):
    assert len(queries.query("who-supports", mini, topic="UkraineNATOMembership")) == 0
    rows = queries.query("who-supports", mini, topic="EndingTheWar")
    assert [(r["holder"], r["stance"], r["article"]) for r in rows.records()] == [
        ("Pete Hegseth", "supports", "a1"),
        ("Pete Hegseth", "supports", "a2"),
    ]


def test_who_supports_with_the_entailed_triple_finds_demands():
    # What a reasoner adds from skg:demands rdfs:subPropertyOf skg:supports.
    reasoned = store.load([MINI], ontology=False)
    reasoned.add(pyoxigraph.Quad(ZELENSKYY, pyoxigraph.NamedNode(SKG + "supports"), NATO))
    rows = queries.query("who-supports", reasoned, topic="UkraineNATOMembership")
    assert [(r["holder"], r["stance"], r["article"]) for r in rows.records()] == [
        ("Volodymyr Zelenskyy", "demands", "a2"),
    ]


def test_actor_positions(mini):
    rows = queries.query("actor-positions", mini, actor="Zelensky")
    assert [(r["stance"], r["topic_id"], r["article"]) for r in rows.records()] == [
        ("demands", "UkraineNATOMembership", "a2"),
        ("demands", "SecurityGuarantees", "a1"),
        ("supports", "SecurityGuarantees", "a2"),
    ]
    assert set(rows.column("actor")) == {ZELENSKYY.value}


def test_stance_matrix(mini):
    rows = queries.query("stance-matrix", mini)
    assert rows.columns == ["holder", "topic", "stances", "articles", "topic_id"]
    assert [(r[0], r[4], r[2], r[3]) for r in table(rows)] == [
        ("Maria Zakharova", "UkraineNATOMembership", "opposes", "1"),
        ("Pete Hegseth", "UkraineNATOMembership", "opposes", "1"),
        ("Pete Hegseth", "EndingTheWar", "supports", "2"),
        ("Ukraine", "UkraineAtTheTable", "demands", "1"),
        ("Volodymyr Zelenskyy", "UkraineNATOMembership", "demands", "1"),
        ("Volodymyr Zelenskyy", "SecurityGuarantees", "demands; supports", "2"),
    ]


def test_meetings(mini):
    rows = queries.query("meetings", mini)
    assert rows.columns[:6] == ["name", "place", "date", "participants", "host", "absent"]
    assert table(rows) == [
        ("Munich Security Conference", "Munich", "2025-02-14", "Volodymyr Zelenskyy", None, None, "Conference", "a2"),
        ("talks in Riyadh", "Riyadh", "2025-02-18", "Marco Rubio; Sergey Lavrov", "Saudi Arabia",
         "European Union; Ukraine", "Talks", "a1"),
    ]


def test_contested_topics(mini):
    rows = queries.query("contested-topics", mini)
    assert table(rows) == [
        ("Ukraine's NATO membership", "Volodymyr Zelenskyy", "Maria Zakharova; Pete Hegseth", "UkraineNATOMembership"),
    ]


def test_corroborated_positions(mini):
    rows = queries.query("corroborated-positions", mini)
    # mini.ttl has no stories: each article counts as its own.
    assert table(rows) == [
        ("Pete Hegseth", "supports", "ending the war", "2", "2", "2", "Example News; Example Wire", "a1; a2",
         "EndingTheWar"),
    ]


def test_quotes(mini):
    rows = queries.query("quotes", mini, actor="Zakharova")
    assert rows.columns == ["article", "begin", "end", "quote", "cue", "direct", "actor"]
    assert [r[:6] for r in table(rows)] == [
        ("a2", "29", "39", "not enough", "say", "true"),
        ("a2", "108", "147", "will continue to poison the atmosphere.", "warn", "true"),
    ]


def test_quote_offsets_point_into_the_article_text(mini):
    article = queries.run(mini, 'SELECT ?text WHERE { ?a dcterms:identifier "a2" ; nif:isString ?text }')
    source = article.column("text")[0]
    for record in queries.query("quotes", mini, actor="Maria Zakharova").records():
        assert source[int(record["begin"]):int(record["end"])] == record["quote"]


def test_topics(mini):
    rows = queries.query("topics", mini)
    assert rows.columns == ["topic_id", "label", "alt_labels", "positions"]
    assert table(rows) == [
        ("Ceasefire", "ceasefire", "truce", "0"),
        ("EndingTheWar", "ending the war", "lasting peace; peace deal", "2"),
        ("SecurityGuarantees", "security guarantees for Ukraine", "backstop; security guarantees", "2"),
        ("UkraineAtTheTable", "Ukraine at the negotiating table", "nothing about Ukraine without Ukraine", "1"),
        ("UkraineNATOMembership", "Ukraine's NATO membership", "Bucharest pledge; Ukraine joining NATO", "3"),
    ]


def test_actors(mini):
    rows = queries.query("actors", mini)
    assert rows.columns[:5] == ["actor", "type", "role", "affiliation", "positions"]
    by_name = {record["actor"]: record for record in rows.records()}
    assert len(by_name) == 12
    assert by_name["Pete Hegseth"] == {
        "actor": "Pete Hegseth", "type": "Person", "role": "Secretary of Defense", "affiliation": "United States",
        "positions": "3", "statements": "3", "alt_labels": None, "actor_id": "pete-hegseth",
    }
    assert by_name["Ukraine"]["type"] == "Country"
    assert by_name["European Union"]["positions"] == "0"


def test_actor_type_is_the_most_specific_after_reasoning():
    reasoned = store.load([MINI], ontology=False)
    rdf_type = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for broader in ("Organization", "Actor"):
        broader_class = pyoxigraph.NamedNode(SKG + broader)
        reasoned.add(pyoxigraph.Quad(pyoxigraph.NamedNode(ACTOR + "ukraine"), rdf_type, broader_class))
    rows = queries.query("actors", reasoned)
    assert {r["actor"]: r["type"] for r in rows.records()}["Ukraine"] == "Country"


# --- parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "UkraineNATOMembership",
        "ukrainenatomembership",
        "Ukraine's NATO membership",
        "ukraine\u2019s nato membership",
        "Bucharest pledge",
        "  ukraine joining NATO ",
        "topic:UkraineNATOMembership",
        TOPIC + "UkraineNATOMembership",
    ],
)
def test_topic_by_local_name_label_or_alt_label(mini, value):
    assert queries.resolve_param(mini, TOPIC_PARAM, value) == NATO


@pytest.mark.parametrize(
    "value",
    ["Volodymyr Zelenskyy", "volodymyr zelenskyy", "Zelensky", "Volodymyr Zelensky", "Zelenskyy",
     "ZELENSKYY", "volodymyr-zelenskyy", "Volodymyr Zelénskyy"],
)
def test_actor_by_label_alias_slug_or_surname(mini, value):
    assert queries.resolve_param(mini, ACTOR_PARAM, value) == ZELENSKYY


def test_label_beats_surname(mini):
    # "Russia" is a label; no surname tier is consulted.
    assert queries.resolve_param(mini, ACTOR_PARAM, "russia") == pyoxigraph.NamedNode(ACTOR + "russia")
    assert queries.resolve_param(mini, ACTOR_PARAM, "Moscow") == pyoxigraph.NamedNode(ACTOR + "russia")


def test_ambiguous_actor_names_the_candidates(mini):
    with pytest.raises(QueryError) as caught:
        queries.resolve_param(mini, ACTOR_PARAM, "Trump")
    assert "ambiguous" in str(caught.value)
    assert "Donald Trump" in str(caught.value) and "Eric Trump" in str(caught.value)


def test_unknown_topic_suggests_close_ones(mini):
    with pytest.raises(QueryError) as caught:
        queries.resolve_param(mini, TOPIC_PARAM, "Ceasfire")
    message = str(caught.value)
    assert message.startswith("unknown topic 'Ceasfire'")
    assert "'Ceasefire'" in message and "kg query topics" in message


def test_unknown_actor(mini):
    with pytest.raises(QueryError, match="unknown actor 'Nobody'.*kg query actors"):
        queries.resolve_param(mini, ACTOR_PARAM, "Nobody")


def test_string_and_integer_params(mini):
    assert queries.resolve_param(mini, Param("q", "string", True, ""), "x y") == pyoxigraph.Literal("x y")
    assert queries.resolve_param(mini, Param("n", "integer", True, ""), " 3 ") == pyoxigraph.Literal(
        "3", datatype=pyoxigraph.NamedNode(XSD + "integer")
    )
    with pytest.raises(QueryError, match="must be an integer"):
        queries.resolve_param(mini, Param("n", "integer", True, ""), "three")


def test_a_term_passes_as_it_is(mini):
    assert queries.resolve_param(mini, TOPIC_PARAM, NATO) == NATO


def test_parameter_values_never_reach_the_query_text(mini):
    # A value that would break the query if pasted in is just an unknown topic.
    with pytest.raises(QueryError, match="unknown topic"):
        queries.query("who-opposes", mini, topic='x" } ; DROP ALL ; #')


def test_missing_and_unknown_params(mini):
    with pytest.raises(QueryError, match="needs the parameter topic"):
        queries.query("who-opposes", mini)
    with pytest.raises(QueryError, match="has no parameter 'actor'; its parameters: topic"):
        queries.query("who-opposes", mini, actor="Zelensky")


# --- errors ----------------------------------------------------------------------------


def test_unknown_query_lists_close_matches():
    with pytest.raises(QueryError, match=r"unknown query 'who-oposes'; did you mean who-opposes"):
        queries.get("who-oposes")
    with pytest.raises(QueryError, match="kg queries"):
        queries.get("zzz")


def test_malformed_sparql_is_one_line(mini):
    with pytest.raises(QueryError) as caught:
        queries.run(mini, "SELECT ?x WHERE { ?x ?y }")
    message = str(caught.value)
    assert message.startswith("malformed query at line 1, column")
    assert "\n" not in message and "'\\u{" not in message


def test_unknown_prefix_is_named(mini):
    with pytest.raises(QueryError, match="unknown prefix 'foo:'"):
        queries.run(mini, "SELECT ?x WHERE {\n  ?x foo:bar ?y }")


def test_project_prefixes_are_declared_and_own_ones_still_allowed(mini):
    rows = queries.run(mini, "PREFIX s: <https://w3id.org/stakeholder-kg/ontology#>\n"
                             "SELECT (COUNT(*) AS ?n) WHERE { ?p a s:Position ; skg:holder ?h }")
    assert rows.column("n") == ["8"]


def test_ask_and_construct_become_rows(mini):
    assert queries.run(mini, "ASK { ?p a skg:Position }").column("ask") == ["true"]
    rows = queries.run(mini, "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a rdfs:label ?l } LIMIT 1")
    assert rows.columns == ["subject", "predicate", "object"] and len(rows) == 1


# --- backends ----------------------------------------------------------------------------


class InlinedBackend:
    """A stand-in for a remote endpoint: bindings go into the text as VALUES."""

    def __init__(self, local: pyoxigraph.Store):
        self.local = queries.LocalBackend(local)
        self.texts: list[str] = []

    def select(self, text, bindings):
        inlined = queries.inline_bindings(text, bindings)
        self.texts.append(inlined)
        return self.local.select(inlined, {})


def test_a_backend_with_inlined_bindings_gives_the_same_answer(mini):
    remote = InlinedBackend(mini)
    assert isinstance(remote, queries.Backend)
    answer = queries.query("who-opposes", remote, topic="Bucharest pledge")
    assert answer == queries.query("who-opposes", mini, topic="Bucharest pledge")
    assert f"VALUES (?topic) {{ (<{NATO.value}>) }}" in remote.texts[-1]


def test_inline_bindings_skips_braces_in_comments_and_strings():
    text = '# a { in a comment\nSELECT ?x ("{" AS ?b) WHERE { ?x ?p ?o }'
    inlined = queries.inline_bindings(text, {"x": NATO})
    assert inlined.endswith(f'WHERE {{ VALUES (?x) {{ (<{NATO.value}>) }} ?x ?p ?o }}')


def test_inline_bindings_reach_the_subqueries_that_pass_the_variable_up():
    text = (
        "SELECT ?x ?n WHERE {\n"
        "  { SELECT DISTINCT ?x ?y WHERE { { SELECT ?x ?y WHERE { ?x <http://e/p> ?y } } } }\n"
        "  { SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?x WHERE { ?x <http://e/q#{> ?z } } } }\n"
        "  { SELECT ?y (STR(?y) AS ?x) WHERE { ?y <http://e/r> ?w } }\n"
        "}"
    )
    inlined = queries.inline_bindings(text, {"x": NATO})
    values = f"VALUES (?x) {{ (<{NATO.value}>) }}"
    # The outer WHERE, and the two subqueries whose ?x is the outer ?x; not
    # the ?x of a subquery whose parent does not project it, nor one made with AS.
    assert inlined.count(values) == 3
    assert f"SELECT DISTINCT ?x ?y WHERE {{ {values}" in inlined
    assert f"SELECT ?x ?y WHERE {{ {values}" in inlined
    assert f"SELECT ?x WHERE {{ ?x" in inlined
    assert f"(STR(?y) AS ?x) WHERE {{ ?y" in inlined


# --- result formats ------------------------------------------------------------------------

TRICKY = Rows(
    ["name", "note", "iri", "n"],
    [
        (pyoxigraph.Literal("Zakharova"), pyoxigraph.Literal('said "not enough", then\nleft'),
         pyoxigraph.NamedNode(ACTOR + "maria-zakharova"),
         pyoxigraph.Literal("2", datatype=pyoxigraph.NamedNode(XSD + "integer"))),
        (pyoxigraph.Literal("label", language="en"), None, pyoxigraph.BlankNode("b0"),
         pyoxigraph.Literal("0.5", datatype=pyoxigraph.NamedNode(XSD + "decimal"))),
    ],
)


def test_csv_is_w3c_byte_for_byte():
    assert csv_text(TRICKY).encode() == (
        b"name,note,iri,n\r\n"
        b'Zakharova,"said ""not enough"", then\nleft",https://w3id.org/stakeholder-kg/actor/maria-zakharova,2\r\n'
        b"label,,_:b0,0.5\r\n"
    )


def test_csv_and_tsv_match_pyoxigraph_serializers(mini):
    text = queries.get("positions").text
    for fmt, w3c in (("csv", pyoxigraph.QueryResultsFormat.CSV), ("tsv", pyoxigraph.QueryResultsFormat.TSV)):
        stream = io.StringIO()
        results.write(queries.run(mini, text), fmt, stream)
        expected = mini.query(text, prefixes=PREFIXES).serialize(format=w3c)
        assert stream.getvalue().encode() == expected


def test_tsv_writes_turtle_terms():
    stream = io.StringIO()
    results.write(TRICKY, "tsv", stream)
    assert stream.getvalue() == (
        "?name\t?note\t?iri\t?n\n"
        f'"Zakharova"\t"said \\"not enough\\", then\\nleft"\t<{ACTOR}maria-zakharova>\t2\n'
        '"label"@en\t\t_:b0\t0.5\n'
    )


def test_json_is_an_array_of_plain_objects_with_json_numbers():
    stream = io.StringIO()
    results.write(TRICKY, "json", stream)
    assert json.loads(stream.getvalue()) == [
        {"name": "Zakharova", "note": 'said "not enough", then\nleft', "iri": ACTOR + "maria-zakharova", "n": 2},
        {"name": "label", "note": None, "iri": "_:b0", "n": 0.5},
    ]


def test_srj_is_w3c_sparql_json():
    stream = io.StringIO()
    results.write(TRICKY, "srj", stream)
    document = json.loads(stream.getvalue())
    assert document["head"] == {"vars": ["name", "note", "iri", "n"]}
    first, second = document["results"]["bindings"]
    assert first["name"] == {"type": "literal", "value": "Zakharova"}
    assert first["n"] == {"type": "literal", "value": "2", "datatype": XSD + "integer"}
    assert second["name"] == {"type": "literal", "value": "label", "xml:lang": "en"}
    assert second["iri"] == {"type": "bnode", "value": "b0"}
    assert "note" not in second
    parsed = pyoxigraph.parse_query_results(stream.getvalue().encode(), format=pyoxigraph.QueryResultsFormat.JSON)
    assert [tuple(solution[name] for name in TRICKY.columns) for solution in parsed][0] == TRICKY.rows[0]


def test_table_is_plain_text_when_not_a_terminal():
    rows = Rows(["holder", "cue"], [(pyoxigraph.Literal("[bold]Pete Hegseth"), pyoxigraph.NamedNode(SKG + "opposes"))])
    stream = io.StringIO()
    results.write(rows, "table", stream)
    output = stream.getvalue()
    assert "\x1b" not in output
    assert output.isascii()
    lines = output.splitlines()
    assert lines[0].split() == ["holder", "cue"]
    assert lines[2].split() == ["[bold]Pete", "Hegseth", "skg:opposes"]
    assert lines[-1] == "1 row"


def test_unknown_format():
    with pytest.raises(QueryError, match="unknown format 'xml'"):
        results.write(TRICKY, "xml", io.StringIO())


# --- CLI -------------------------------------------------------------------------------------

runner = CliRunner()


def test_cli_queries_lists_names_titles_params():
    result = runner.invoke(app, ["queries", "--format", "csv"])
    assert result.exit_code == 0
    lines = result.stdout_bytes.decode().split("\r\n")
    assert lines[0] == "name,title,params,inference"
    assert "who-opposes,Who opposes a topic,topic (topic),none" in lines
    assert "who-supports,Who supports a topic,topic (topic),optional" in lines


def test_cli_query_csv_to_stdout():
    result = runner.invoke(app, [
        "query", "who-opposes", "-d", str(MINI), "--no-ontology", "--param", "topic=Bucharest pledge", "--format", "csv",
    ])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.split(b"\r\n")[0] == b"holder,article,evidence,confidence,cue,topic"
    assert result.stdout_bytes.count(b"\r\n") == 3
    assert b"\r\nPete Hegseth,a1,Defense Secretary Pete Hegseth said" in result.stdout_bytes


def test_cli_query_json_and_output_file(tmp_path):
    target = tmp_path / "answer.csv"
    # With the packaged ontology (the default), which must not change the answer.
    result = runner.invoke(app, ["query", "corroborated-positions", "-d", str(MINI), "-f", "csv", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_bytes() == (
        b"holder,stance,topic,stories,outlets,count,outlet_names,articles,topic_id\r\n"
        b"Pete Hegseth,supports,ending the war,2,2,2,Example News; Example Wire,a1; a2,EndingTheWar\r\n"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["answer.csv"]
    result = runner.invoke(app, ["query", "meetings", "-d", str(MINI), "--no-ontology", "--format", "json"])
    names = [meeting["name"] for meeting in json.loads(result.stdout)]
    assert names == ["Munich Security Conference", "talks in Riyadh"]


def test_cli_table_by_default():
    result = runner.invoke(app, ["query", "contested-topics", "-d", str(MINI), "--no-ontology"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["topic", "supporters", "opponents", "topic_id"]
    assert result.stdout.splitlines()[-1] == "1 row"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["query", "who-oposes", "-d", str(MINI)], "unknown query 'who-oposes'"),
        (["query", "who-opposes", "-d", str(MINI)], "needs the parameter topic"),
        (["query", "who-opposes", "-d", str(MINI), "-p", "topic"], "--param takes NAME=VALUE"),
        (["query", "who-opposes", "-d", str(MINI), "-p", "actor=x"], "has no parameter 'actor'"),
        (["query", "who-opposes", "-d", str(MINI), "-p", "topic=Atlantis"], "unknown topic 'Atlantis'"),
        (["query", "positions", "-d", "missing.ttl"], "missing.ttl: no such file"),
        (["query", "positions", "-d", str(MINI), "-f", "xml"], "unknown format 'xml'"),
        (["sparql", "SELECT ?x WHERE { ?x foo:bar ?y }", "-d", str(MINI)], "unknown prefix 'foo:'"),
        (["sparql", "missing.rq", "-d", str(MINI)], "missing.rq: no such file"),
    ],
)
def test_cli_user_errors_are_one_line_and_exit_2(arguments, message):
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("kg: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


QUERY = "SELECT ?name WHERE { ?a a skg:Country ; rdfs:label ?name } ORDER BY ?name"
COUNTRIES = b"name\r\nRussia\r\nSaudi Arabia\r\nUkraine\r\nUnited States\r\n"


def test_cli_sparql_from_a_string_a_file_and_stdin(tmp_path):
    as_string = runner.invoke(app, ["sparql", QUERY, "-d", str(MINI), "--no-ontology", "--format", "csv"])
    assert as_string.exit_code == 0 and as_string.stdout_bytes == COUNTRIES
    query_file = tmp_path / "countries.rq"
    query_file.write_text("# countries\n" + QUERY + "\n")
    from_file = runner.invoke(app, ["sparql", str(query_file), "-d", str(MINI), "--no-ontology", "--format", "csv"])
    assert from_file.exit_code == 0 and from_file.stdout_bytes == COUNTRIES
    from_stdin = runner.invoke(app, ["sparql", "-", "-d", str(MINI), "--no-ontology", "--format", "csv"], input=QUERY)
    assert from_stdin.exit_code == 0 and from_stdin.stdout_bytes == COUNTRIES


def test_cli_help_has_examples():
    for command in ("queries", "query", "sparql"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: kg " + command in result.stdout
