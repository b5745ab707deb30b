"""Property-based tests: whatever text comes in, the ingester does not crash,
every offset slices the article to its quote, and the output is Turtle.

Three kinds of input: any Unicode text; "newsy" text assembled from the
gazetteer's names, speech and stance words and quotation marks (so that the
statement and position stages have something to chew on); and any bytes in a
file, through the whole ingest, whose graph must also satisfy the SHACL
shapes. Example counts come from the Hypothesis profile (tests/conftest.py):
50 per test locally, 500 in CI (KG_HYPOTHESIS_PROFILE=ci, set by .ci/run);
the whole ingest, which is slower, gets half as many.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph import emit, turtle
from kg.model import Article
from kg.pipeline import extract_doc, ingest
from kg.graph.validate import validate

SETTINGS = settings()  # the loaded profile's
WHOLE_INGEST = settings(max_examples=max(1, settings.default.max_examples // 2))

WORDS = [
    "said", "told reporters", "warned", "insisted", "called for", "rejected", "demanded", "supports",
    "opposes", "would not accept", "agreed to", "ruled out", "must", "the war", "a ceasefire", "peace talks",
    "security guarantees", "NATO membership", "sanctions", "in Riyadh", "on Tuesday", "talks", "summit",
    "he", "she", "they", "both sides", "and", "not", "the", "that", ",", ".", "\u201c", "\u201d", "\u2018",
    "\u2019", '"', "'", "\n", "\n\n", "-", "\u2014", "(", ")", ":", "NATO", "EU", "Kyiv", "Moscow", "Washington",
]


def actor_names(knowledge) -> list[str]:
    return sorted({name for actor in knowledge.actors for name in (actor.name, *actor.aliases)})[:200]


def newsy(knowledge):
    vocabulary = st.sampled_from(WORDS + actor_names(knowledge) + [t.label for t in knowledge.topics])
    return st.lists(vocabulary, min_size=1, max_size=80).map(" ".join)


any_text = st.text(min_size=0, max_size=600)


def check_extraction(text: str, nlp, knowledge) -> None:
    article = Article(id="property", text=text)
    extraction = extract_doc(nlp(text), article, knowledge)
    for mention in extraction.mentions:
        assert text[mention.start:mention.end] == mention.text
    for statement in extraction.statements:
        assert 0 <= statement.start <= statement.end <= len(text)
        assert text[statement.start:statement.end] == statement.quote
    for position in extraction.positions:
        assert text[position.statement.start:position.statement.end] == position.statement.quote
    document = turtle.serialize(emit.triples([extraction], knowledge))
    parsed = list(pyoxigraph.parse(document.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
    assert parsed  # the article itself is always there


@SETTINGS
@given(text=any_text)
def test_any_unicode_text(text, nlp, knowledge):
    check_extraction(text, nlp, knowledge)


def test_newsy_text(nlp, knowledge):
    @SETTINGS
    @given(text=newsy(knowledge))
    def run(text):
        check_extraction(text, nlp, knowledge)

    run()


@WHOLE_INGEST
@given(data=st.one_of(st.binary(max_size=400), any_text.map(lambda t: t.encode("utf-8"))),
       suffix=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_any_file_through_the_whole_ingest(tmp_path_factory, knowledge, data, suffix):
    folder = tmp_path_factory.mktemp("any")
    (folder / f"input{suffix}").write_bytes(data)
    result = ingest([folder], knowledge=knowledge)
    assert all(skipped.reason for skipped in result.skipped)  # every problem has a reason
    document = result.turtle()
    triples = [quad.triple for quad in pyoxigraph.parse(document.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)]
    report = validate(triples)
    assert report.conforms, report.summary()
    for extraction in result.extractions:
        text = extraction.article.text
        for statement in extraction.statements:
            assert text[statement.start:statement.end] == statement.quote


def test_newsy_articles_through_the_whole_ingest_conform(tmp_path_factory, knowledge):
    """The round trip on text that yields actors, statements and positions: any of it in, a graph that
    parses and satisfies the SHACL shapes out."""

    @WHOLE_INGEST
    @given(text=newsy(knowledge))
    def run(text):
        folder = tmp_path_factory.mktemp("newsy")
        (folder / "article.txt").write_text(text, encoding="utf-8")
        result = ingest([folder], knowledge=knowledge)
        document = result.turtle()
        triples = [quad.triple for quad in pyoxigraph.parse(document.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)]
        report = validate(triples)
        assert report.conforms, report.summary()

    run()


def test_ci_runs_ten_times_the_examples():
    ci = Path(__file__).resolve().parent.parent / ".ci" / "run"
    assert "KG_HYPOTHESIS_PROFILE=ci make test" in ci.read_text()
    assert settings.get_profile("ci").max_examples == 10 * settings.get_profile("dev").max_examples == 500
