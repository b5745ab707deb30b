"""Meetings: the talks, summits, conferences and phone calls an article reports.

A meeting is anchored on a meeting noun ("talks", "summit", "phone call") or
on a verb that is a meeting by itself ("X met Y", "X spoke with Y by phone").
General constructions around the anchor give the rest:

- who took part: the subject of a participation verb ("X held talks", "X
  attended the summit", "X said at the conference"), "talks between X and Y",
  "a call with Y", "X's call", "X-Y talks", "led by X";
- who hosted: "hosted by X", "X hosted the talks", "X, which served as host";
- who was left out: "X was not invited to", "the absence of X", "Neither X
  nor Y participated", "X was not included in the call", "sidelined";
- where: a place under "in"/"at" (a venue stands for its city), a city
  before the noun ("the Zenda talks"), a demonym ("the Swiss talks");
- when: a date under the anchor, resolved against the article's date.

Meetings that are only possible or wished for ("the possibility of a
summit") are skipped; planned ones are kept when they have a place, a date
or sides they name ("arranging a meeting between X and Y", "X will meet Y"),
and such a bare planned one is not joined by a later report of a meeting
held (in the graph, one with no place or date either and the same sides is
the same node: nothing tells the two apart).
Mentions of one event become one Meeting: mentions whose places contain one
another, and mentions that refer back ("the talks", "Tuesday's meeting") or
have the same sides as the most recent meeting of their kind. Every word the
rules look for is in ontology/lexicon.toml [meetings].

The modules, in the order a sentence passes through them:

    cues          the [meetings] word lists, read once per article
    clauses       what the parse says about a clause: subject, negation, status
    sighting      which words report a meeting, and what each report says
    participants  who took part, hosted or was left out (actor IRIs)
    places        where: place IRIs, a venue standing for its city
    dates         when: a date expression resolved against the article's date
    merging       which reports are one meeting; the Meetings they make

In: a parsed article (spaCy Doc), its actors (the actors stage's output, left
as it was), the Knowledge and the Article. Out: FoundMeetings.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.meetings.cues import Cues
from kg.extract.meetings.dates import Dates, resolve_date
from kg.extract.meetings.merging import Drafts
from kg.extract.meetings.participants import Participants
from kg.extract.meetings.places import Places
from kg.extract.meetings.sighting import Sightings
from kg.model import Actor, Article, Meeting

__all__ = ["Cues", "FoundMeetings", "find_meetings", "resolve_date"]


class FoundMeetings(NamedTuple):
    """What the meetings stage returns for one article."""

    meetings: list[Meeting]
    places: dict[str, str]  # the places the meetings use: IRI -> name
    actors: dict[str, Actor]  # actors no earlier stage listed, named only by the meetings (a demonym)


def find_meetings(doc: Doc, actors: ArticleActors, knowledge: Knowledge, article: Article) -> FoundMeetings:
    """The meetings one article reports, the places they use and the actors
    they name that ``actors`` did not list; ``actors`` is left as it was."""
    cues = Cues.of(knowledge)
    entity = {t: ent for ent in actors.ents for t in range(ent.start, ent.end)}
    participants = Participants(actors, knowledge, cues)
    places = Places(doc, knowledge, cues, entity)
    dates = Dates(entity, cues, article.published)
    sightings = Sightings(doc, knowledge, cues, entity, participants, places, dates)
    # A generator, so that each sentence's reports are merged before the next
    # sentence is read, as when this was one class: both name places as they
    # go (Places.names), and the order decides which name a place keeps.
    reports = (seen for sentence in doc.sents for seen in sightings.sightings(sentence))
    meetings = Drafts(article, cues, participants, places).meetings(reports)
    used = {m.place for m in meetings if m.place}
    return FoundMeetings(meetings, {iri: places.names[iri] for iri in sorted(used)}, participants.new_actors())
