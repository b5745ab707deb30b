"""The per-article index of actors: who is named where, and what later stages ask of it.

The building modules (names, roles, groups) fill it in once per article; the
lookups (references, subjects, groups) answer the statements, positions and
meetings stages. Its fields are plain data, so that a stage can work on a copy.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import groups, names, references, roles, subjects
from kg.extract.knowledge import Knowledge, KnownActor
from kg.model import Actor, Mention


def from_known(known: KnownActor) -> Actor:
    return Actor(
        iri=known.iri,
        name=known.name,
        kind=known.kind,
        aliases=known.aliases,
        role=known.role,
        affiliation=known.affiliation,
        wikidata=known.wikidata,
        known=True,
    )


@dataclass
class ArticleActors:
    """The actors of one parsed article and the tokens that name them."""

    doc: Doc
    knowledge: Knowledge
    actors: dict[str, Actor] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    groups: list[tuple[int, list[str]]] = field(default_factory=list)
    dateline: set[int] = field(default_factory=set)  # tokens of a wire story's dateline
    resolved: dict[int, str] = field(default_factory=dict)  # pronouns and titles resolved to a person so far
    _starts: list[int] | None = None
    _ents: tuple[Span, ...] | None = None

    @property
    def ents(self) -> tuple[Span, ...]:
        """The parse's entities: spaCy builds ``doc.ents`` anew at each access."""
        if self._ents is None:
            self._ents = names.titled_bodies(tuple(self.doc.ents), self.knowledge)
        return self._ents

    def build(self) -> ArticleActors:
        # Names before roles (a role needs the person it belongs to), roles
        # before groups (a group of persons needs their kinds settled).
        names.find_names(self)
        roles.find_roles(self)
        groups.find_groups(self)
        return self

    # -- filling in ---------------------------------------------------------

    def add_known(self, known: KnownActor) -> str:
        """List a gazetteer actor, and the body it belongs to, as actors of this article."""
        if known.iri not in self.actors:
            self.actors[known.iri] = from_known(known)
        affiliation = known.affiliation
        if affiliation and affiliation not in self.actors and affiliation in self.knowledge.by_iri:
            self.actors[affiliation] = from_known(self.knowledge.by_iri[affiliation])
        return known.iri

    def mark(self, ent: Span, iri: str) -> None:
        """Record that the entity ``ent`` names ``iri``."""
        for token in ent:
            self.by_token[token.i] = iri
        self.mentions.append(Mention(iri, ent.start_char, ent.end_char, ent.text))

    def demonym(self, token: Token) -> str | None:
        """The state a demonym stands for ("Ruritanian"), listed as an actor."""
        known = self.knowledge.by_demonym.get(token.text.lower())
        return self.add_known(known) if known else None

    def sentence_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [s.start for s in self.doc.sents]
        return self._starts

    def sentence_number(self, i: int) -> int:
        """The number of the sentence token ``i`` is in, from 0."""
        return bisect.bisect_right(self.sentence_starts(), i) - 1

    # -- looking up ---------------------------------------------------------

    def named_at(self, i: int) -> str | None:
        """The actor token ``i`` names: an entity's, or a gazetteer name or demonym
        the recogniser left out (for topic labels: "Fredonville's Pact bid")."""
        found = self.by_token.get(i)
        if found is not None:
            return found
        token = self.doc[i]
        if not token.text[:1].isupper():
            return None
        known = self.knowledge.actor_named(token.text)
        return known.iri if known is not None else None

    def of_token(self, token: Token) -> list[str]:
        """The actors a subject or object token stands for, [] if none (see references)."""
        return references.of_token(self, token)

    def left_of(self, verb: Token) -> list[str]:
        """Actors named right before a verb the parser gave no subject (see subjects)."""
        return subjects.left_of(self, verb)

    def past_dateline(self, subject: Token) -> Token | None:
        """The subject a parser gave, past a dateline (see subjects)."""
        return subjects.past_dateline(self, subject)

    def last_group_before(self, token: Token, persons: bool | None, size: int | None, within: int) -> list[str]:
        """The last group named before ``token`` within ``within`` sentences (see groups)."""
        return groups.last_group_before(self, token, persons, size, within)

    def side(self, iri: str) -> str:
        """The country or organisation an actor speaks for (itself if none is known)."""
        actor = self.actors.get(iri)
        seen = set()
        while actor and actor.affiliation and actor.affiliation not in seen:
            seen.add(actor.iri)
            if actor.affiliation not in self.actors:
                return actor.affiliation
            actor = self.actors[actor.affiliation]
        return actor.iri if actor else iri


def find_actors(doc: Doc, knowledge: Knowledge) -> ArticleActors:
    return ArticleActors(doc, knowledge).build()
