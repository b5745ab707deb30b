"""Who took part in a meeting, who hosted it and who was left out.

In: spaCy tokens around a meeting word, the article's actors (ArticleActors,
the actors stage's output) and the Cues. Out: actor IRIs in the order the
words name them ("X held talks with Y", "talks between X and Y", "hosted by
X", "X was not invited to"), and hosts and absences attached to the
sightings of a sentence. Looking actors up can list actors no earlier stage
listed ("Swiss officials" -> Switzerland): those go to a copy of the
article's actors, and `new_actors` hands them back for the pipeline to merge.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.meetings.clauses import SUBJECTS, agents, negated, prep_objects, subject
from kg.extract.meetings.cues import Cues
from kg.extract.meetings.lists import add_new
from kg.extract.syntax import cue_name
from kg.model import Actor

if TYPE_CHECKING:
    from kg.extract.meetings.sighting import Sighting


class Participants:
    """The actors of one article's meetings."""

    def __init__(self, actors: ArticleActors, knowledge: Knowledge, cues: Cues) -> None:
        self.given = actors
        # Looking actors up can list new ones ("Swiss" -> Switzerland) and
        # remembers pronouns resolved: both go to a copy, so that the actors
        # stage's output stays as it was and the pipeline merges what is new.
        self.actors = replace(actors, actors=dict(actors.actors), resolved=dict(actors.resolved))
        self.knowledge = knowledge
        self.cues = cues

    def new_actors(self) -> dict[str, Actor]:
        """The actors found here that the article's actors did not list, in the order found."""
        return {iri: actor for iri, actor in self.actors.actors.items() if iri not in self.given.actors}

    def side(self, iri: str) -> str:
        """The country or organisation an actor speaks for, as the actors stage says."""
        return self.actors.side(iri)

    def actors_of(self, token: Token) -> list[str]:
        """The actors a noun phrase names: of_token, plus appositions and
        coordinated modifiers ("Syldavian and Ruritanian officials")."""
        if token.lower_ in self.cues.relative_pronouns and token.head.dep_ == "relcl":
            return self.actors_of(token.head.head)
        found = list(self.actors.of_token(token))
        for head in [token, *[t for t in token.conjuncts if t.i > token.i]]:
            for child in head.children:
                if child.dep_ == "appos" or (child.dep_ == "nmod" and child.pos_ == "PROPN"):
                    add_new(found, self.actors.of_token(child))
            # "British, French and German officials": every demonym of the list, not the first only.
            modifiers = [t for c in head.children if c.dep_ in ("amod", "compound", "nmod") for t in (c, *c.conjuncts)]
            if any(self.modifier_actor(m) in found for m in modifiers):
                add_new(found, [iri for iri in map(self.modifier_actor, modifiers) if iri])
        return found

    def modifier_actor(self, token: Token) -> str | None:
        """The actor a modifier names: "Syldavian" in "Syldavian officials", "Swiss"."""
        if token.i in self.actors.by_token:
            return self.actors.by_token[token.i]
        known = self.knowledge.by_demonym.get(token.text.lower())
        return known.iri if known else None

    def doers(self, verb: Token) -> list[str]:
        """Whom a passive verb names as doing it: X and Y in "hosted by X", "signed by X and Y"."""
        return [a for agent in agents(verb) for a in self.actors_of(agent)]

    def named_person(self, token: Token) -> bool:
        """A person's name: whom "Roe called Jane Doe" called (parsed as naming too)."""
        return token.pos_ == "PROPN" and any(self.is_person(a) for a in self.actors.of_token(token))

    def face_to_face(self, verb: Token, company_preps: frozenset[str]) -> bool:
        """People on either side of a verb of encounter: "X clashed with Y", "he
        sparred with Y" (not "troops clashed with rebels")."""
        return any(self.is_person(a) for a in self.subject_actors(verb)) and any(
            self.named_person(obj) for obj in prep_objects(verb, company_preps))

    def subject_actors(self, verb: Token) -> list[str]:
        head = subject(verb)
        if head is None and verb.dep_ == "acl" and verb.head.pos_ == "PROPN" and verb.head.i == verb.i - 1:
            head = verb.head  # "Roe called Jane Doe on Tuesday", parsed as a name and its description
        if head is None:
            return []
        if head.lower_ in self.cues.group_pronouns and verb.dep_ == "ccomp":
            # "X feel they are sidelined": they are X.
            return self.subject_actors(verb.head)
        found = self.actors_of(head)
        # "X and Y led" is sometimes parsed as two subjects of one verb.
        for other in head.head.children:
            if other.dep_ == head.dep_ and other.i != head.i:
                add_new(found, self.actors_of(other))
        return found

    def addressed_people(self, verb: Token) -> list[Token]:
        """'X spoke to Y': the people a verb of conversation is addressed to
        (not "spoke to reporters", "spoke to the parliament")."""
        if verb.lemma_.lower() not in self.cues.company_verbs:
            return []
        return [o for o in prep_objects(verb, self.cues.conversation_preps)
                if any(self.is_person(a) for a in self.actors_of(o))]

    def object_actors(self, verb: Token) -> list[str]:
        found: list[str] = []
        for target in self.addressed_people(verb):
            add_new(found, self.actors_of(target))
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "oprd") or (
                child.dep_ == "prep" and child.lower_ in self.cues.company_preps
            ):
                target = child if child.dep_ != "prep" else next((g for g in child.children if g.dep_ == "pobj"), None)
                if target is not None:
                    add_new(found, self.actors_of(target) or self.from_on_verb(verb, target))
        return found

    def from_on_verb(self, verb: Token, target: Token) -> list[str]:
        """'met advisers from Britain, France and Germany' parsed with "from" on
        the verb: the people of the collective object come from there."""
        heads = self.knowledge.words("actors", "collective_heads")
        if target.dep_ != "dobj" or (target.lemma_.lower() not in heads and target.lower_ not in heads):
            return []
        found: list[str] = []
        origins = self.knowledge.words("actors", "collective_prepositions") - self.cues.place_preps  # not "in Zenda"
        for obj in prep_objects(verb, origins):
            for member in (obj, *obj.conjuncts):
                add_new(found, self.actors.of_token(member))
        return found

    def company(self, token: Token, preps: frozenset[str] | None = None) -> list[str]:
        """Actors under "with", "between", "alongside"."""
        found: list[str] = []
        for obj in prep_objects(token, preps or self.cues.company_preps | self.cues.between_preps):
            add_new(found, self.actors_of(obj))
            add_new(found, self.listed(obj))
        return found

    def listed(self, token: Token) -> list[str]:
        """Actors a phrase lists: "officials, including X and members of Y"."""
        found: list[str] = []
        for member in [token, *token.conjuncts]:
            for listed in prep_objects(member, self.cues.inclusion_preps):
                add_new(found, self.actors_of(listed))
                for part in prep_objects(listed, self.cues.member_preps):
                    add_new(found, self.actors_of(part))
        return found

    def is_person(self, iri: str) -> bool:
        actor = self.actors.actors.get(iri)
        return actor is not None and actor.kind == "Person"

    def name_of(self, iri: str) -> str:
        actor = self.actors.actors.get(iri) or self.knowledge.by_iri.get(iri)
        return actor.name if actor else iri.rsplit("/", 1)[-1]

    def register(self, iris: list[str]) -> None:
        """List those found through a demonym only with the actors found here
        (new_actors), so that the graph gets their names."""
        for iri in iris:
            if iri not in self.actors.actors and iri in self.knowledge.by_iri:
                self.actors.add_known(self.knowledge.by_iri[iri])

    def attach(self, cue: Token, found: list[Sighting]) -> Sighting | None:
        """The sighting a host or absence cue speaks of: the meeting inside the
        cue's phrase ("sidelined in the talks", "not invited to the meeting"),
        or the meeting whose phrase holds the cue ("the talks, which X hosted").
        Someone who also took part is not absent: see Drafts.finish()."""
        inside = {t.i for t in cue.subtree}
        candidates = [s for s in found if s.token.i in inside]
        if not candidates:
            candidates = [
                s for s in found if any(cue.i in {t.i for t in n.subtree} for n in s.scope if n.pos_ != "VERB")
            ]
        if not candidates:
            return None
        return min(candidates, key=lambda s: abs(s.token.i - cue.i))

    def hosts(self, sentence: Span, found: list[Sighting]) -> None:
        """ "X, which served as host", "X was the host", "host country X": the
        host of the report the host noun speaks of, unless it has one."""
        for token in sentence:
            if token.lower_ not in self.cues.host_nouns or token.pos_ != "NOUN":
                continue
            owner: list[str] = []
            head = token.head
            if token.dep_ == "pobj" and head.lower_ in self.cues.role_preps:
                owner = self.subject_actors(head.head)
            elif token.dep_ == "attr":
                owner = self.subject_actors(head)
            elif token.dep_ == "appos":
                owner = self.actors_of(head)
            elif token.dep_ == "compound" and head.pos_ == "PROPN":
                owner = self.actors_of(head)
            seen = self.attach(token, found) if owner else None
            if seen is not None and seen.host is None:
                seen.host = owner[0]

    def absences(self, sentence: Span, found: list[Sighting]) -> None:
        """ "X was not invited to", "the absence of X", "X was absent from",
        "felt sidelined": those left out of the report the cue speaks of."""
        cues = self.cues
        for token in sentence:
            lemma = cue_name(token) if token.pos_ == "VERB" else token.lemma_.lower()
            who: list[str] = []
            if token.pos_ == "VERB" and (
                lemma in cues.absence_verbs
                or token.lemma_.lower() in cues.absence_verbs
                or (token.lemma_.lower() in cues.inclusion_verbs and negated(token, self.cues))
            ):
                who = self.patient(token)
            elif token.pos_ == "NOUN" and token.lower_ in cues.absence_nouns:
                for child in token.children:
                    if child.dep_ == "poss":
                        who += self.actors_of(child)
                for obj in prep_objects(token, self.cues.member_preps):
                    who += self.actors_of(obj)
            elif token.pos_ == "ADJ" and token.lower_ in cues.absence_adjectives:
                who = self.subject_actors(token.head) if token.dep_ == "acomp" else (
                    self.actors_of(token.head) if token.dep_ == "amod" else []
                )
            if not who:
                continue
            seen = self.attach(token, found)
            if seen is not None:
                add_new(seen.absent, who)

    def patient(self, verb: Token) -> list[str]:
        """Who a verb of leaving out leaves out: its object, its passive
        subject, or the subject of "feel sidelined"."""
        for child in verb.children:
            if child.dep_ == "dobj":
                return self.actors_of(child)
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                if child.lower_ in self.cues.group_pronouns and verb.dep_ == "ccomp":
                    return self.subject_actors(verb.head)
                return self.actors_of(child)
        if verb.dep_ in ("acomp", "oprd", "xcomp", "advcl", "acl"):
            if verb.dep_ == "acl":
                return self.actors_of(verb.head)
            return self.subject_actors(verb.head)
        return []

    def dashed_sides(self, noun: Token) -> list[str]:
        """ "Syldavia–Ruritania talks", read from the words whatever the parse: names
        joined by dashes or slashes right before the noun."""
        found: list[str] = []
        i = noun.i - 1
        while i >= noun.sent.start:
            token = noun.doc[i]
            if token.text in ("–", "-", "—", "/"):
                i -= 1
                continue
            iri = self.modifier_actor(token)
            if iri is None:
                break
            add_new(found, [iri])
            i -= 1
        return found if len(found) >= 2 else []
