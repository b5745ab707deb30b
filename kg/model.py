"""Plain data passed between the stages of the pipeline.

read -> Article; actors -> Actor, Mention; statements -> Statement;
positions -> Position; meetings -> Meeting; all of one article -> Extraction.
Offsets are Python slice offsets into Article.text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None  # the file it came from
    agency: str | None = None  # the wire agency whose story it carries ("Reuters"), apart from the outlet


@dataclass(frozen=True)
class Actor:
    iri: str
    name: str
    kind: str  # Person | Organization | Country | Group
    aliases: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None  # IRI of another actor
    wikidata: str | None = None
    known: bool = False  # listed in the gazetteer


@dataclass(frozen=True)
class Mention:
    actor: str  # IRI
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Statement:
    article: str
    speakers: tuple[str, ...]  # actor IRIs; two when "X and Y said"
    cue: str
    start: int
    end: int
    quote: str
    evidence: str  # the sentence
    direct: bool
    confidence: float
    cue_at: int = -1  # offset of the cue word; -1 for a quote attributed elsewhere


@dataclass(frozen=True)
class Position:
    article: str
    holder: str  # actor IRI
    stance: str  # supports | opposes | demands | accepts
    topic: str  # concept IRI
    confidence: float
    cue: str
    statement: Statement
    evidence: str
    rule: str = ""  # the name of the rule that read it (docs/rules.md)


@dataclass(frozen=True)
class Meeting:
    article: str
    kind: str  # Talks | Summit | PhoneCall | Conference
    name: str
    place: str | None  # place IRI
    date: str | None  # ISO date
    participants: tuple[str, ...]
    host: str | None
    absent: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass
class Extraction:
    """Everything found in one article."""

    article: Article
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # IRI -> name
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
