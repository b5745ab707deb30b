"""Extractions -> RDF triples with stable IRIs (see docs/data-model.md).

The same actor, topic, place or meeting found in several articles has one IRI,
derived from its name, so their triples merge by plain set union; every
statement and position keeps the article and offsets it came from.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from kg import vocab

from kg.extract import dateline, syndication
from kg.extract.knowledge import Knowledge
from kg.graph import turtle
from kg.model import Article, Extraction, Position, Statement

XSD_INTEGER = NamedNode(vocab.XSD + "integer")
XSD_DECIMAL = NamedNode(vocab.XSD + "decimal")
XSD_BOOLEAN = NamedNode(vocab.XSD + "boolean")
XSD_DATE = NamedNode(vocab.XSD + "date")
RDF_TYPE = NamedNode(vocab.RDF + "type")


@functools.cache  # only the vocabularies' terms come here; subjects and objects go through Emitter._node
def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


@functools.cache  # the ontology's few terms, each made once
def skg(local: str) -> NamedNode:
    return NamedNode(vocab.SKG + local)


def _text(value: str) -> Literal:
    return Literal(value)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


def _dec(value: float) -> Literal:
    # The canonical form ("0.8", not "0.80"): a store keeps decimals by value
    # and gives them back canonical, so only this form makes a graph exported
    # from an on-disk store the same bytes as the one written directly.
    return Literal(f"{value:.2f}".rstrip("0").rstrip(".") or "0", datatype=XSD_DECIMAL)


def content_hash(text: str) -> str:
    """skg:contentHash of an article: sha256 hex of its (cleaned) text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def statement_iri(statement: Statement, speaker: str) -> str:
    return vocab.statement_iri(statement.article, statement.start, statement.end) + "-" + speaker.rsplit("/", 1)[-1]


class Emitter:
    """Collects triples; a set, so that repeated facts count once."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.triples: set[Triple] = set()
        # Actors already written for the current article: an actor who speaks,
        # holds and meets twenty times gives the same triples each time, and
        # making them again was most of the time spent here.
        self._actors_done: set[str] = set()
        # The nodes of the current article: a statement's or a position's IRI
        # is the subject of ten triples, and pyoxigraph checks an IRI each time
        # it makes a node of it.
        self._nodes: dict[str, NamedNode] = {}

    def _node(self, iri: str) -> NamedNode:
        node = self._nodes.get(iri)
        if node is None:
            node = self._nodes[iri] = NamedNode(iri)
        return node

    def add(self, s: str, p: NamedNode, o) -> None:
        self.triples.add(Triple(self._node(s), p, o if not isinstance(o, str) else self._node(o)))

    # -- parts ----------------------------------------------------------------

    def article(self, extraction: Extraction) -> None:
        a = extraction.article
        iri = vocab.article_iri(a.id)
        self.add(iri, RDF_TYPE, skg("Article"))
        self.add(iri, _n(vocab.DCTERMS + "identifier"), _text(a.id))
        self.add(iri, _n(vocab.NIF + "isString"), _text(a.text))
        self.add(iri, skg("contentHash"), _text(content_hash(a.text)))
        if a.title:
            self.add(iri, _n(vocab.DCTERMS + "title"), _text(a.title))
        if a.outlet:
            self.add(iri, skg("outlet"), _text(a.outlet))
            self.add(iri, _n(vocab.SCHEMA + "publisher"), self.outlet(a.outlet))
        if a.agency:
            self.add(iri, skg("agency"), self.outlet(a.agency, wire=True))
        if a.url:
            self.add(iri, _n(vocab.SCHEMA + "url"), a.url)
        if a.published:
            day = Literal(a.published.isoformat(), datatype=XSD_DATE)
            # Both: schema.org readers and Dublin Core readers each look for their own.
            self.add(iri, _n(vocab.SCHEMA + "datePublished"), day)
            self.add(iri, _n(vocab.DCTERMS + "issued"), day)

    def outlet(self, name: str, wire: bool = False) -> str:
        """The node of an outlet or agency; a wire agency is typed so, with its Wikidata id if listed."""
        agency = dateline.load_sources().agency(name)
        iri = agency.iri if agency else vocab.outlet_iri(name)
        self.add(iri, RDF_TYPE, skg("NewsAgency" if agency or wire else "Outlet"))
        self.add(iri, _n(vocab.RDFS + "label"), _text(agency.label if agency else name))
        if agency and agency.wikidata:
            self.add(iri, _n(vocab.OWL + "sameAs"), vocab.WD + agency.wikidata)
        return iri

    def stories(self, articles: list[Article], prints=None) -> None:
        """Each article's story; a later copy of a story derives from its first."""
        for story in syndication.stories(articles, prints):
            self.add(story.iri, RDF_TYPE, skg("Story"))
            for article in story.articles:
                self.add(vocab.article_iri(article.id), skg("story"), story.iri)
            for later, first in story.derived():
                self.add(vocab.article_iri(later.id), _n(vocab.PROV + "wasDerivedFrom"), vocab.article_iri(first.id))

    def actor(self, iri: str, extraction: Extraction) -> None:
        if iri in self._actors_done:
            return
        self._actors_done.add(iri)
        actor = extraction.actors[iri]
        self.add(iri, RDF_TYPE, skg(actor.kind))
        self.add(iri, _n(vocab.RDFS + "label"), _text(actor.name))
        for alias in actor.aliases:
            self.add(iri, _n(vocab.SKOS + "altLabel"), _text(alias))
        if actor.role:
            self.add(iri, skg("role"), _text(actor.role))
        if actor.affiliation:
            self.add(iri, skg("affiliation"), actor.affiliation)
            if actor.affiliation in extraction.actors:
                self.actor_core(actor.affiliation, extraction)
        if actor.wikidata:
            self.add(iri, _n(vocab.OWL + "sameAs"), actor.wikidata)
        self.add(iri, skg("mentionedIn"), vocab.article_iri(extraction.article.id))

    def actor_core(self, iri: str, extraction: Extraction) -> None:
        actor = extraction.actors[iri]
        self.add(iri, RDF_TYPE, skg(actor.kind))
        self.add(iri, _n(vocab.RDFS + "label"), _text(actor.name))
        if actor.wikidata:
            self.add(iri, _n(vocab.OWL + "sameAs"), actor.wikidata)

    def statement(self, statement: Statement, speaker: str) -> str:
        iri = statement_iri(statement, speaker)
        self.add(iri, RDF_TYPE, skg("Statement"))
        self.add(iri, skg("speaker"), speaker)
        self.add(iri, skg("article"), vocab.article_iri(statement.article))
        self.add(iri, skg("quote"), _text(statement.quote))
        self.add(iri, _n(vocab.NIF + "beginIndex"), _int(statement.start))
        self.add(iri, _n(vocab.NIF + "endIndex"), _int(statement.end))
        self.add(iri, skg("cue"), _text(statement.cue))
        self.add(iri, skg("direct"), Literal("true" if statement.direct else "false", datatype=XSD_BOOLEAN))
        self.add(iri, skg("evidence"), _text(statement.evidence))
        self.add(iri, skg("confidence"), _dec(statement.confidence))
        return iri

    def positions(self, extraction: Extraction, statement_iris: dict[tuple[int, int, str], str]) -> None:
        grouped: dict[tuple[str, str, str], list[Position]] = defaultdict(list)
        for p in extraction.positions:
            grouped[(p.holder, p.stance, p.topic)].append(p)
        article_iri = vocab.article_iri(extraction.article.id)
        for (holder, stance, topic), found in grouped.items():
            best = max(found, key=lambda p: (p.confidence, -p.statement.start))
            iri = vocab.position_iri(extraction.article.id, holder, stance, topic)
            self.add(iri, RDF_TYPE, skg("Position"))
            self.add(iri, skg("holder"), holder)
            self.add(iri, skg("stance"), skg(stance))
            self.add(iri, skg("topic"), topic)
            self.add(iri, skg("confidence"), _dec(best.confidence))
            self.add(iri, skg("cue"), _text(best.cue))
            if best.rule:
                self.add(iri, skg("rule"), _text(best.rule))
            self.add(iri, skg("evidence"), _text(best.evidence))
            self.add(iri, skg("article"), article_iri)
            for p in found:
                for speaker in p.statement.speakers:
                    self.add(iri, skg("derivedFrom"), statement_iris[(p.statement.start, p.statement.end, speaker)])
            self.add(holder, skg(stance), topic)
            self.topic(topic)

    def topic(self, iri: str) -> None:
        topic = self.knowledge.topic_by_iri.get(iri)
        if topic is not None:
            self.add(iri, RDF_TYPE, _n(vocab.SKOS + "Concept"))
            self.add(iri, RDF_TYPE, skg("Topic"))
            self.add(iri, _n(vocab.SKOS + "prefLabel"), Literal(topic.label, language="en"))
            for alt in topic.alt_labels:
                self.add(iri, _n(vocab.SKOS + "altLabel"), Literal(alt, language="en"))
            # The graph's own scheme, which the shapes check, whichever scheme a user's topics came from
            self.add(iri, _n(vocab.SKOS + "inScheme"), vocab.TOPIC + "scheme")

    def place(self, iri: str, name: str) -> None:
        self.add(iri, RDF_TYPE, skg("Place"))
        self.add(iri, _n(vocab.RDFS + "label"), _text(name))
        known = self.knowledge.place_by_iri
        seen = set()
        while iri in known and iri not in seen:
            seen.add(iri)
            place = known[iri]
            self.add(iri, RDF_TYPE, skg("Place"))
            self.add(iri, _n(vocab.RDFS + "label"), _text(place.name))
            if place.wikidata:
                self.add(iri, _n(vocab.OWL + "sameAs"), place.wikidata)
            if not place.part_of:
                break
            self.add(iri, skg("partOf"), place.part_of)
            iri = place.part_of

    def meetings(self, extraction: Extraction) -> None:
        for m in extraction.meetings:
            iri = vocab.meeting_iri(m.place, m.date, m.kind, m.participants)
            self.add(iri, RDF_TYPE, skg("Meeting"))
            self.add(iri, RDF_TYPE, skg(m.kind))
            self.add(iri, _n(vocab.RDFS + "label"), _text(m.name))
            self.add(iri, skg("reportedIn"), vocab.article_iri(m.article))
            if m.place:
                self.add(iri, skg("place"), m.place)
                self.place(m.place, extraction.places.get(m.place, m.place.rsplit("/", 1)[-1]))
            if m.date:
                self.add(iri, skg("date"), Literal(m.date, datatype=XSD_DATE))
            for role, actors in (("participant", m.participants), ("absent", m.absent), ("host", (m.host,) if m.host else ())):
                for actor in actors:
                    self.add(iri, skg(role), actor)
                    if actor in extraction.actors:
                        self.actor(actor, extraction)
            for sentence in m.evidence:
                self.add(iri, skg("evidence"), _text(sentence))

    # -- whole ----------------------------------------------------------------

    def extraction(self, extraction: Extraction) -> None:
        self._actors_done = set()
        self._nodes = {}
        self.article(extraction)
        statement_iris: dict[tuple[int, int, str], str] = {}
        used = {p.statement for p in extraction.positions}
        for statement in extraction.statements:
            for speaker in statement.speakers:
                key = (statement.start, statement.end, speaker)
                if key in statement_iris:
                    continue  # "told …, adding …": one quote, one statement
                statement_iris[key] = self.statement(statement, speaker)
                self.actor(speaker, extraction)
        for statement in used:
            for speaker in statement.speakers:
                statement_iris.setdefault(
                    (statement.start, statement.end, speaker), self.statement(statement, speaker)
                )
        for p in extraction.positions:
            self.actor(p.holder, extraction)
        self.positions(extraction, statement_iris)
        self.meetings(extraction)


def triples(extractions: Iterable[Extraction], knowledge: Knowledge, stories: bool = True) -> set[Triple]:
    return _all(Emitter(knowledge), extractions, stories).triples


def _all(emitter: Emitter, extractions: Iterable[Extraction], stories: bool) -> Emitter:
    articles = []
    for extraction in extractions:
        emitter.extraction(extraction)
        articles.append(extraction.article)
    # Stories span articles, so they are found once all are in; in a graph
    # built article by article (kg ingest --store) each article is its own story.
    if stories:
        emitter.stories(articles)
    return emitter


def story_triples(articles: list[Article], prints, knowledge: Knowledge) -> set[Triple]:
    """The stories of articles emitted one by one, from their fingerprints (kg.extract.syndication)."""
    emitter = Emitter(knowledge)
    emitter.stories(articles, prints)
    return emitter.triples


class RecordEmitter(Emitter):
    """The same triples, each straight into the sort record the sorted writer
    keeps for it (kg.graph.turtle.Records): what a worker process sends back
    for its article, and what IngestResult writes from."""

    def __init__(self, knowledge: Knowledge, form: turtle.Records) -> None:
        super().__init__(knowledge)
        self.form = form
        self.records: set[str] = set()

    def add(self, s: str, p: NamedNode, o) -> None:
        # The nodes are still made, once per IRI and article: pyoxigraph's
        # check of an IRI fails an invalid one here, as when triples are made.
        self._node(s)
        if isinstance(o, str):
            self._node(o)
        self.records.add(self.form.record(s, p, o))


def records(extractions: Iterable[Extraction], knowledge: Knowledge, form: turtle.Records, stories: bool = True) -> set[str]:
    """``triples(...)`` as the sort records of ``form``."""
    return _all(RecordEmitter(knowledge, form), extractions, stories).records
