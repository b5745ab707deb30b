"""IRIs of the graph (see docs/data-model.md) and how they are minted."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

BASE = "https://w3id.org/stakeholder-kg/"
SKG = BASE + "ontology#"
TOPIC = BASE + "topic/"
ACTOR = BASE + "actor/"
PLACE = BASE + "place/"
ARTICLE = BASE + "article/"
STATEMENT = BASE + "statement/"
POSITION = BASE + "position/"
MEETING = BASE + "meeting/"
OUTLET = BASE + "outlet/"
STORY = BASE + "story/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
DCTERMS = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
WD = "http://www.wikidata.org/entity/"

# Prefixes written into Turtle output and offered to every query.
PREFIXES: dict[str, str] = {
    "skg": SKG,
    "topic": TOPIC,
    "actor": ACTOR,
    "place": PLACE,
    "article": ARTICLE,
    "statement": STATEMENT,
    "position": POSITION,
    "meeting": MEETING,
    "outlet": OUTLET,
    "story": STORY,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "foaf": FOAF,
    "dcterms": DCTERMS,
    "nif": NIF,
    "wd": WD,
}

STANCES = ("supports", "opposes", "demands", "accepts")


def slug(name: str) -> str:
    """A stable, readable IRI segment for a name: 'Jane Doe-Smith' -> 'jane-doe-smith'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


@functools.lru_cache(maxsize=1024)  # one article's id is quoted for each of its statements and positions
def segment(text: str) -> str:
    """An article id as an IRI segment, kept verbatim where it is safe."""
    return quote(text, safe="-._~")


def actor_iri(name: str) -> str:
    return ACTOR + slug(name)


def place_iri(name: str) -> str:
    return PLACE + slug(name)


def article_iri(article_id: str) -> str:
    return ARTICLE + segment(article_id)


def statement_iri(article_id: str, start: int, end: int) -> str:
    return f"{STATEMENT}{segment(article_id)}-{start}-{end}"


def position_iri(article_id: str, holder_iri: str, stance: str, topic_iri: str) -> str:
    holder = holder_iri.rsplit("/", 1)[-1]
    topic = topic_iri.rsplit("/", 1)[-1]
    return f"{POSITION}{segment(article_id)}-{holder}-{stance}-{topic}"


def meeting_iri(place: str | None, date: str | None, kind: str, participants: Iterable[str] = ()) -> str:
    """A meeting is its place and day: meeting:riga-2025-03-11, two articles
    reporting it give one node. Undated, it is its place, kind and participants;
    without a place (a phone call), its kind, participants and date:
    meeting:phonecall-a-b-2025-03-18."""
    when = date or "undated"
    who = [p.rstrip("/").rsplit("/", 1)[-1] for p in sorted(set(participants))]
    if place:
        where = place[len(PLACE):] if place.startswith(PLACE) else slug(place)
        if date:
            return f"{MEETING}{where}-{when}"
        # The same place is not the same meeting: undated reports of a place
        # are one meeting only when they name the same participants.
        return f"{MEETING}{'-'.join([where, slug(kind), *who, when])}"
    return f"{MEETING}{'-'.join([slug(kind), *who, when])}"


def outlet_iri(name: str) -> str:
    return OUTLET + slug(name)


def story_iri(article_id: str) -> str:
    """A story is named after its first report (see kg/extract/syndication.py)."""
    return STORY + segment(article_id)
