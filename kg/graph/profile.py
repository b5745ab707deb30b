"""Profiles of one actor or one topic: what the graph says about it, with sources.

An actor's profile: what it is (kind, role, affiliation, aliases, Wikidata),
every position it holds with the evidence sentence and the article it comes
from, and the meetings it attended, hosted or was left out of. A topic's
profile: its labels and definition, and who supports, demands, accepts or
opposes it, with evidence. ``print_profile`` writes either for people (rich).
"""

from __future__ import annotations

import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TextIO

import pyoxigraph
from rich.console import Console, Group
from rich.padding import Padding
from rich.text import Text

from kg.graph import queries
from kg.errors import QueryError
from kg.graph.viz import COLOURS, STANCE_ORDER
from kg.vocab import OWL, RDF, RDFS, SKG, SKOS

__all__ = ["ActorProfile", "Evidence", "MeetingRole", "Source", "TopicProfile", "profile", "print_profile"]

# The picture's order and colours, so that a stance looks the same in kg show and kg viz.
STANCE_STYLE = {stance: f"bold {colour}" for stance, colour in COLOURS.items()}


@dataclass(frozen=True)
class Source:
    article: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None

    def __str__(self) -> str:
        parts = [self.article]
        details = [part for part in (self.title, self.outlet, self.published) if part]
        if details:
            parts.append(": " + ", ".join(details))
        if self.url:
            parts.append(f" <{self.url}>")
        return "".join(parts)


@dataclass(frozen=True)
class Evidence:
    """One position: who takes which stance on what, the sentence, and where it was reported."""

    holder: str
    stance: str
    topic: str
    sentence: str | None
    source: Source
    confidence: str | None = None


@dataclass(frozen=True)
class MeetingRole:
    meeting: str
    role: str  # participant | host | absent
    date: str | None
    place: str | None
    articles: tuple[str, ...]


@dataclass
class ActorProfile:
    iri: str
    name: str
    kind: str | None = None
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    positions: list[Evidence] = field(default_factory=list)
    meetings: list[MeetingRole] = field(default_factory=list)
    mentioned_in: list[str] = field(default_factory=list)


@dataclass
class TopicProfile:
    iri: str
    name: str
    aliases: list[str] = field(default_factory=list)
    definition: str | None = None
    positions: list[Evidence] = field(default_factory=list)

    def by_stance(self) -> dict[str, list[Evidence]]:
        grouped: dict[str, list[Evidence]] = {}
        for stance in STANCE_ORDER:
            found = [evidence for evidence in self.positions if evidence.stance == stance]
            if found:
                grouped[stance] = found
        return grouped


# --- finding the name ------------------------------------------------------------

_ACTOR = queries.Param("actor", "actor", True, "")
_TOPIC = queries.Param("topic", "topic", True, "")


def profile(source: pyoxigraph.Store | queries.Backend, name: str) -> ActorProfile | TopicProfile:
    """The profile of the actor, or else the topic, that ``name`` names."""
    try:
        node = queries.resolve_param(source, _ACTOR, name)
    except QueryError as actor_error:
        try:
            node = queries.resolve_param(source, _TOPIC, name)
        except QueryError as topic_error:
            raise QueryError(_neither(name, str(actor_error), str(topic_error))) from None
        return topic_profile(source, node)
    return actor_profile(source, node)


def _neither(name: str, actor_error: str, topic_error: str) -> str:
    for message in (actor_error, topic_error):
        if "ambiguous" in message:
            return message
    hints = []
    for message in (actor_error, topic_error):
        found = re.search(r"did you mean (.*?)\? ", message)
        if found:
            hints.append(found[1])
    hint = f"did you mean {', '.join(hints)}? " if hints else ""
    return f"no actor or topic {name!r} in the graph; {hint}list them: kg query actors -d FILE, kg query topics -d FILE"


# --- reading the graph -------------------------------------------------------------

_DESCRIBE = "SELECT ?node ?property ?value ?value_label WHERE { ?node ?property ?value OPTIONAL { ?value rdfs:label ?value_label } }"

_POSITIONS = """
SELECT ?{bound} ?holder_name ?stance ?topic_name ?evidence ?confidence ?article ?identifier ?title ?outlet ?url ?published
WHERE {{
  ?position skg:holder ?holder_node ; skg:stance ?stance_node ; skg:topic ?topic_node .
  {pattern}
  OPTIONAL {{ ?holder_node rdfs:label ?holder_label }}
  OPTIONAL {{ ?topic_node skos:prefLabel ?topic_label
             FILTER(LANG(?topic_label) = "" || LANGMATCHES(LANG(?topic_label), "en")) }}
  OPTIONAL {{ ?position skg:evidence ?evidence }}
  OPTIONAL {{ ?position skg:confidence ?confidence }}
  OPTIONAL {{
    ?position skg:article ?article .
    OPTIONAL {{ ?article dcterms:identifier ?identifier }}
    OPTIONAL {{ ?article dcterms:title ?title }}
    OPTIONAL {{ ?article skg:outlet ?outlet }}
    OPTIONAL {{ ?article schema:url ?url }}
    OPTIONAL {{ ?article schema:datePublished ?published }}
  }}
  BIND(STR(COALESCE(?holder_label, REPLACE(STR(?holder_node), "^.*[/#]", ""))) AS ?holder_name)
  BIND(REPLACE(STR(?stance_node), "^.*[/#]", "") AS ?stance)
  BIND(STR(COALESCE(?topic_label, REPLACE(STR(?topic_node), "^.*[/#]", ""))) AS ?topic_name)
}}
ORDER BY ?holder_name ?stance ?topic_name ?identifier ?evidence
"""

_MEETINGS = """
SELECT ?actor ?meeting ?name ?role ?date ?place ?article ?identifier WHERE {
  { ?meeting skg:participant ?actor BIND("participant" AS ?role) }
  UNION { ?meeting skg:host ?actor BIND("host" AS ?role) }
  UNION { ?meeting skg:absent ?actor BIND("absent" AS ?role) }
  OPTIONAL { ?meeting rdfs:label ?name }
  OPTIONAL { ?meeting skg:date ?date }
  OPTIONAL { ?meeting skg:place/rdfs:label ?place }
  OPTIONAL { ?meeting skg:reportedIn ?article OPTIONAL { ?article dcterms:identifier ?identifier } }
}
ORDER BY ?date ?name ?role ?identifier
"""


def _value(term) -> str | None:
    return None if term is None else term.value


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _describe(source, node: pyoxigraph.NamedNode) -> dict[str, list[tuple[str, str | None]]]:
    """Property IRI -> [(value, label of the value if it has one)], sorted."""
    found: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for _, prop, value, label in queries.run(source, _DESCRIBE, {"node": node}):
        found[prop.value].add((value.value, _value(label)))
    return {prop: sorted(values, key=lambda pair: (pair[0], pair[1] or "")) for prop, values in found.items()}


def _evidence(source, bound: str, node: pyoxigraph.NamedNode, pattern: str) -> list[Evidence]:
    text = _POSITIONS.format(bound=bound, pattern=pattern)
    seen: list[Evidence] = []
    for record in queries.run(source, text, {bound: node}).records():
        article = record["identifier"] or (_local(record["article"]) if record["article"] else "?")
        evidence = Evidence(
            holder=record["holder_name"],
            stance=record["stance"],
            topic=record["topic_name"],
            sentence=record["evidence"],
            source=Source(article, record["title"], record["outlet"], record["url"], record["published"]),
            confidence=record["confidence"],
        )
        if evidence not in seen:
            seen.append(evidence)
    return seen


def actor_profile(source, node: pyoxigraph.NamedNode) -> ActorProfile:
    facts = _describe(source, node)
    labels = [value for value, _ in facts.get(RDFS + "label", [])]
    kinds = [_local(value) for value, _ in facts.get(RDF + "type", []) if value.startswith(SKG)]
    # The most specific kind: Person/Country before the Actor a reasoner adds.
    kind = next((k for k in ("Person", "Country", "Organization", "Group") if k in kinds), kinds[0] if kinds else None)
    result = ActorProfile(
        iri=node.value,
        name=labels[0] if labels else _local(node.value),
        kind=kind,
        roles=[value for value, _ in facts.get(SKG + "role", [])],
        affiliations=[label or _local(value) for value, label in facts.get(SKG + "affiliation", [])],
        aliases=[value for value, _ in facts.get(SKOS + "altLabel", [])],
        same_as=[value for value, _ in facts.get(OWL + "sameAs", [])],
        mentioned_in=[_local(value) for value, _ in facts.get(SKG + "mentionedIn", [])],
    )
    result.positions = _evidence(source, "actor", node, "FILTER(?holder_node = ?actor)")
    meetings: dict[tuple, list[str]] = defaultdict(list)
    for record in queries.run(source, _MEETINGS, {"actor": node}).records():
        key = (record["name"] or _local(record["meeting"]), record["role"], record["date"], record["place"])
        article = record["identifier"] or (_local(record["article"]) if record["article"] else None)
        if article and article not in meetings[key]:
            meetings[key].append(article)
    result.meetings = [MeetingRole(name, role, date, place, tuple(sorted(articles)))
                       for (name, role, date, place), articles in meetings.items()]
    return result


def topic_profile(source, node: pyoxigraph.NamedNode) -> TopicProfile:
    facts = _describe(source, node)
    labels = [value for value, _ in facts.get(SKOS + "prefLabel", [])]
    definitions = [value for value, _ in facts.get(SKOS + "definition", [])]
    result = TopicProfile(
        iri=node.value,
        name=labels[0] if labels else _local(node.value),
        aliases=[value for value, _ in facts.get(SKOS + "altLabel", [])],
        definition=definitions[0] if definitions else None,
    )
    result.positions = _evidence(source, "topic", node, "FILTER(?topic_node = ?topic)")
    return result


# --- printing -----------------------------------------------------------------------


def _quote(evidence: Evidence) -> Padding:
    line = Text()
    if evidence.sentence:
        line.append(f"\u201c{evidence.sentence}\u201d", style="italic")
        line.append("  ")
    line.append(f"\u2014 {evidence.source}", style="dim")
    if evidence.confidence:
        line.append(f" (confidence {evidence.confidence})", style="dim")
    return Padding(line, (0, 0, 0, 6))  # wrapped lines keep the indent


def _item(text: Text) -> Padding:
    return Padding(text, (0, 0, 0, 2))


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def _actor_parts(actor: ActorProfile) -> list:
    title = Text(actor.name, style="bold")
    if actor.kind:
        title.append(f"  ({actor.kind})", style="dim")
    parts: list = [title]
    facts = []
    if actor.roles:
        facts.append(", ".join(actor.roles))
    if actor.affiliations:
        facts.append("affiliation: " + ", ".join(actor.affiliations))
    if facts:
        parts.append(Text(" \u00b7 ".join(facts)))
    if actor.aliases:
        parts.append(Text("also called: " + ", ".join(actor.aliases), style="dim"))
    if actor.same_as:
        parts.append(Text("same as: " + ", ".join(actor.same_as), style="dim"))
    parts.append(_heading(f"Positions ({len(actor.positions)})"))
    if not actor.positions:
        parts.append(Text("  none found", style="dim"))
    for evidence in sorted(actor.positions, key=lambda e: (STANCE_ORDER.index(e.stance)
                                                            if e.stance in STANCE_ORDER else 9, e.topic)):
        line = Text("  ")
        line.append(evidence.stance, style=STANCE_STYLE.get(evidence.stance, "bold"))
        line.append(f" {evidence.topic}")
        parts.extend([line, _quote(evidence)])
    parts.append(_heading(f"Meetings ({len(actor.meetings)})"))
    if not actor.meetings:
        parts.append(Text("  none found", style="dim"))
    for meeting in actor.meetings:
        line = Text()
        line.append(meeting.role, style="bold")
        line.append(f" {meeting.meeting}")
        details = [part for part in (meeting.place, meeting.date) if part]
        if details:
            line.append(f" ({', '.join(details)})")
        if meeting.articles:
            line.append(f" \u2014 {', '.join(meeting.articles)}", style="dim")
        parts.append(_item(line))
    sources = sorted({evidence.source for evidence in actor.positions}, key=lambda s: s.article)
    mentioned = sorted(set(actor.mentioned_in) - {s.article for s in sources})
    parts.append(_heading("Sources"))
    for item in sources:
        parts.append(_item(Text(str(item))))
    for article in mentioned:
        parts.append(_item(Text(f"{article} (mentioned, no position)", style="dim")))
    return parts


def _topic_parts(topic: TopicProfile) -> list:
    title = Text(topic.name, style="bold")
    title.append(f"  (topic {_local(topic.iri)})", style="dim")
    parts: list = [title]
    if topic.definition:
        parts.append(Text(topic.definition))
    if topic.aliases:
        parts.append(Text("also called: " + ", ".join(topic.aliases), style="dim"))
    grouped = topic.by_stance()
    if not grouped:
        parts.append(Text("\nNobody takes a stance on it in this graph.", style="dim"))
    for stance, evidences in grouped.items():
        holders = sorted({evidence.holder for evidence in evidences})
        heading = _heading(f"{stance.capitalize()}: {', '.join(holders)}")
        heading.stylize(STANCE_STYLE.get(stance, "bold"), 1, 1 + len(stance))
        parts.append(heading)
        for evidence in evidences:
            parts.append(Text(f"  {evidence.holder}", style="bold"))
            parts.append(_quote(evidence))
    return parts


def print_profile(found: ActorProfile | TopicProfile, stream: TextIO | None = None) -> None:
    """Print a profile for people: headings, stances in colour on a terminal, plain text in a pipe."""
    stream = stream or sys.stdout
    terminal = bool(getattr(stream, "isatty", None) and stream.isatty())
    console = Console(file=stream if terminal else io.StringIO(), force_terminal=terminal, no_color=not terminal,
                      highlight=False, markup=False, emoji=False)
    parts = _actor_parts(found) if isinstance(found, ActorProfile) else _topic_parts(found)
    console.print(Group(*parts))
    if not terminal:
        # Plain text in a pipe: no padding at the ends of lines.
        for line in console.file.getvalue().splitlines():
            stream.write(line.rstrip() + "\n")
