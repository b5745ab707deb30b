"""Which words report a meeting, and what each report says.

In: one sentence of a parsed article. Out: Sightings, one per report of a
meeting: a meeting noun ("talks", "summit", "phone call", "a round of
talks") or a verb that is a meeting by itself ("X met Y", "X spoke with Y by
phone", "X led the delegation"), with the participants, host, absent actors,
places, date and status (real, planned; hypothetical ones are dropped) that
the words around it give. Whether reports are one meeting is merging.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kg.extract.knowledge import Knowledge, alias_key
from kg.extract.meetings.clauses import (
    container, convenes, framing_visit, governor, negated, no_meeting, noun_status, prep_objects, sequenced, spoken_at, status, subject, takes_part,
)
from kg.extract.meetings.cues import Cues
from kg.extract.meetings.dates import Dates
from kg.extract.meetings.lists import add_new
from kg.extract.meetings.participants import Participants
from kg.extract.meetings.places import Places
from kg.extract.syntax import cue_name


@dataclass
class Sighting:
    """One mention of a meeting in one sentence."""

    kind: str
    token: Token  # the meeting noun or verb
    sentence: Span
    participants: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    host: str | None = None
    places: list[str] = field(default_factory=list)  # place IRIs, in order found
    date: str | None = None
    title: str | None = None  # the event's own name ("Zenda Peace Forum")
    definite: bool = False  # "the talks", "Tuesday's meeting": refers back
    defining: bool = False  # the participants name the sides ("a call with Y"), not attendees
    bare: bool = False  # "talks" without a determiner
    indefinite: bool = False  # "a meeting": a new event
    planned: bool = False
    ahead: bool | None = False  # lies ahead of the article's date; None: cannot tell
    follows: bool = False  # only adds to a meeting already found
    sequenced: bool = False  # set before or after another event of its sentence: "ahead of the talks"
    scope: tuple[Token, ...] = ()  # anchor, container noun, governing verb


class Sightings:
    """Finds the sightings of one article, sentence by sentence."""

    def __init__(
        self, doc: Doc, knowledge: Knowledge, cues: Cues, entity: dict[int, Span],
        participants: Participants, places: Places, dates: Dates,
    ) -> None:
        self.doc = doc
        self.knowledge = knowledge
        self.cues = cues
        self.entity = entity  # token index -> the entity holding it
        self.participants = participants
        self.places = places
        self.dates = dates

    def sightings(self, sentence: Span) -> list[Sighting]:
        """The reports of one sentence, in the order of their words: meeting
        nouns first, so that a verb in a noun's report ("held talks") is no
        report of its own; then hosts and absences, which need the reports."""
        found: list[Sighting] = []
        covered: set[int] = set()
        for token in sentence:
            kind = self.noun_kind(token)
            if kind is not None and container(token, self.cues) is None and token.lower_ in self.cues.containers:
                kind = None
            if kind is not None:
                seen = self.noun_sighting(token, kind, sentence)
                if seen is not None:
                    found.append(seen)
                    covered.update(t.i for t in seen.scope)
        for token in sentence:
            if token.i in covered:
                continue
            kind = self.verb_kind(token)
            if kind is not None:
                seen = self.verb_sighting(token, kind, sentence) or self.other_sighting(token, sentence, found)
                if seen is not None:
                    found.append(seen)
                continue
            seen = self.other_sighting(token, sentence, found)
            if seen is not None:
                found.append(seen)
        self.participants.hosts(sentence, found)
        self.participants.absences(sentence, found)
        return sorted(self.split(found), key=lambda s: s.token.i)

    def split(self, found: list[Sighting]) -> list[Sighting]:
        return [call for seen in found for call in self.separate_calls(seen)]

    def other_sighting(self, token: Token, sentence: Span, found: list[Sighting]) -> Sighting | None:
        """A meeting told by who led a delegation, who signed, or a body that decided or will meet."""
        if token.lower_ in self.cues.delegation_nouns and token.pos_ == "NOUN":
            seen = self.delegation_sighting(token, sentence)
            return None if seen is None or any(s.scope[-1].i == seen.scope[-1].i for s in found if s.scope) else seen
        if token.pos_ != "VERB":
            return None
        if token.lemma_.lower() in self.cues.signing_verbs:
            seen = self.signing_sighting(token, sentence)
            return None if seen is None or any(token.i in (t.i for t in s.scope) for s in found) else seen
        if token.lemma_.lower() in self.cues.session_verbs:
            return self.session_sighting(token, sentence)
        return None

    def said_separate(self, anchor: Token, verb: Token, sentence: Span) -> bool:
        """A word on the call or its people ("spoke to both X and Y",
        "separately", "telephoned both leaders"), not "… and each pledged",
        "separate from the summit"."""
        heads = {anchor.i, verb.i} | {t.i for t in verb.subtree if t.pos_ == "PROPN"} | {
            c.i for c in verb.children if c.dep_ == "dobj"}
        return any(t.lower_ in self.cues.separate_words and t.head.i in heads and t.nbor(1).lower_ != "from"
                   for t in sentence if t.i + 1 < len(t.doc))

    def separate_calls(self, seen: Sighting) -> list[Sighting]:
        """'Roe spoke to both Doe and Major', 'Roe held phone calls with Doe and
        with Major': one caller's calls to several sides, one call per side."""
        anchor = seen.token
        spoken = seen.kind == self.cues.media_kind or anchor.lemma_.lower() in self.cues.company_verbs
        if not spoken or len(seen.participants) < 3:
            return [seen]
        verb = anchor if anchor.pos_ == "VERB" else next((t for t in seen.scope if t.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            return [seen]
        if not ((anchor.pos_ == "NOUN" and anchor.tag_ == "NNS") or self.said_separate(anchor, verb, seen.sentence)):
            return [seen]
        callers = [a for a in self.participants.subject_actors(verb) if a in seen.participants]
        if not callers or len({self.participants.side(a) for a in callers}) != 1:
            return [seen]
        caller = self.participants.side(callers[0])
        sides: dict[str, list[str]] = {}
        for other in seen.participants:
            if other not in callers and self.participants.side(other) != caller:
                sides.setdefault(self.participants.side(other), []).append(other)
        if len(sides) < 2:
            return [seen]
        return [replace(seen, participants=[*callers, *members]) for members in sides.values()]

    # -- anchors --------------------------------------------------------------

    def noun_kind(self, token: Token) -> str | None:
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        word = token.lower_
        modifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i]
        for modifier in modifiers:
            kind = self.cues.nouns.get(f"{modifier.lower_} {word}")
            if kind:
                return kind
        kind = self.cues.nouns.get(word)
        if kind is None or any(m.lower_ in self.cues.not_meetings for m in modifiers):
            return None
        return None if self.other_sense(token, word) else kind

    def other_sense(self, token: Token, word: str) -> bool:
        """'a call for a truce', 'calling for X', 'calls on X': no call ("a call on Monday", "called Y on his phone" are)."""
        senses = self.cues.other_senses.get(word)
        return bool(senses) and not any(c.dep_ in ("dobj", "oprd") for c in token.children) and any(
            self.entity.get(obj.i) is None or self.entity[obj.i].label_ != "DATE" for obj in prep_objects(token, senses))

    def verb_kind(self, token: Token) -> str | None:
        """The kind of a verb that is a meeting by itself: met, phoned, spoke by phone."""
        if token.pos_ != "VERB":
            return None
        lemma = token.lemma_.lower()
        media = [
            obj
            for obj in prep_objects(token, self.cues.media_preps)
            if obj.lower_ in self.cues.media or f"{obj.nbor(-1).lower_} {obj.lower_}" in self.cues.media
        ]
        if media and lemma in self.cues.media_verbs:
            return self.cues.media_kind
        kind = self.cues.verbs.get(lemma)
        if kind is None and lemma in self.cues.company_verbs and (
                prep_objects(token, self.cues.company_preps) or self.participants.addressed_people(token) or self.timed(token)):
            kind = self.cues.generic_kind  # "X spoke with Y last week", "X spoke to Y", "X and Y spoke for two hours"
        if kind is None and lemma in self.cues.encounter_verbs and self.participants.face_to_face(token, self.cues.company_preps):
            kind = self.cues.generic_kind  # "X clashed with Y in the Zenda Palace"
        if kind is None or self.other_sense(token, lemma):
            return None
        # "called Jane Doe to offer support" is a call, "called it unrealistic", "called on", "met the demand to" none
        person = any(c.dep_ in ("dobj", "oprd") and self.participants.named_person(c) for c in token.children)
        if any(c.dep_ in ("ccomp", "acomp", "prt") or (c.dep_ == "oprd" and not self.participants.named_person(c))
               or (c.dep_ == "xcomp" and not person) for c in token.children):
            return None
        return kind

    def timed(self, verb: Token) -> bool:
        """'X and Y spoke for more than two hours': people who talked together for a time."""
        head = subject(verb)
        if head is None or prep_objects(verb, self.cues.conversation_preps | self.cues.duration_blockers):
            return False  # "X and Y spoke to reporters for an hour", "… at the rally"
        if any(c.lower_ in self.cues.separate_words for c in verb.subtree):
            return False  # "each spoke for an hour"
        return (any(self.participants.named_person(t) for t in head.conjuncts)
                and self.participants.named_person(head)
                and any(t.ent_type_ == "TIME" for obj in prep_objects(verb, self.cues.duration_preps) for t in obj.subtree))

    # -- reports --------------------------------------------------------------

    def noun_sighting(self, noun: Token, kind: str, sentence: Span) -> Sighting | None:
        cues = self.cues
        holder = container(noun, cues)
        nouns = [noun] + ([holder] if holder is not None else [])
        verb, relation = governor(nouns[-1], cues)
        if no_meeting(noun, verb, relation, cues):
            return None
        dets = [c.lower_ for n in nouns for c in n.children if c.dep_ == "det"]
        possessed = any(c.dep_ == "poss" for n in nouns for c in n.children)
        definite = possessed or any(d in cues.definite for d in dets)
        bare = not dets and not possessed and noun.tag_ in ("NNS", "NNPS")
        state, ahead = noun_status(noun, nouns, definite, verb, relation, cues)
        if state == "hypothetical":
            return None
        seen = Sighting(kind, noun, sentence, definite=definite, bare=bare, planned=state == "planned", ahead=ahead)
        seen.indefinite = any(d in cues.indefinite for d in dets)
        seen.sequenced = sequenced(nouns[-1], cues)
        ent = self.entity.get(noun.i)
        if ent is not None and ent.label_ in ("ORG", "EVENT", "FAC", "WORK_OF_ART") and noun.i == ent.end - 1:
            seen.title = re.sub(r"^(?:the|The)\s+", "", ent.text.strip())
        self.named_with(seen, noun, nouns)
        self.modifiers(seen, noun)
        scope = list(nouns)
        if verb is not None:
            self.governing_verb(seen, verb, relation, scope)
        for n in nouns:
            for child in n.children:
                # "the round of talks held in Ruritania on February 18"
                if child.dep_ == "acl" and child.tag_ == "VBN" and (
                        child.lemma_.lower() in cues.participation or child.lemma_.lower() in cues.event_verbs):
                    scope.append(child)
                    add_new(seen.places, self.places.verb_places(child))
        seen.scope = tuple(scope)
        if self.dates.long_ago(scope):
            return None
        seen.date = self.dates.date_near(scope, seen.ahead)
        return seen

    def named_with(self, seen: Sighting, noun: Token, nouns: list[Token]) -> None:
        """Participants and places inside the meeting's own phrase: "talks
        with Y", "X's call", "the summit that brought together X and Y",
        "talks led by X", "talks in Z"."""
        cues = self.cues
        for n in nouns:
            add_new(seen.participants, self.participants.company(n))
        # "a summit of the bloc's leaders": the members, never the meeting's container.
        add_new(seen.participants, self.participants.company(noun, cues.member_preps))
        seen.defining = bool(seen.participants)
        for n in nouns:
            for child in n.children:
                if child.dep_ == "poss" and child.lower_ not in cues.group_pronouns:
                    add_new(seen.participants, self.participants.actors_of(child))
                if child.dep_ in ("acl", "relcl") and convenes(child, cues):
                    self.brought_together(seen, child)
                if child.dep_ == "acl" and child.lemma_.lower() in cues.participation | cues.host_verbs:
                    self.by_agent(seen, child)
            add_new(seen.places, self.places.places_under(n))

    def brought_together(self, seen: Sighting, verb: Token) -> None:
        """ "the summit that brought together X and Y": the objects took part."""
        by_token = self.participants.actors.by_token
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            # every name in the object, however the list was parsed
            add_new(seen.participants, self.participants.actors_of(obj))
            add_new(seen.participants, [by_token[t.i] for t in obj.subtree
                                        if t.i in by_token and self.participants.is_person(by_token[t.i])])

    def by_agent(self, seen: Sighting, verb: Token) -> None:
        """ "talks hosted by X" (the host), "talks attended by X" (participants)."""
        doers = self.participants.doers(verb)
        if verb.lemma_.lower() in self.cues.host_verbs:
            seen.host = seen.host or next(iter(doers), None)
        else:
            add_new(seen.participants, doers)

    def governing_verb(self, seen: Sighting, verb: Token, relation: str, scope: list[Token]) -> None:
        """What the verb a meeting noun hangs on says: "X held talks", "X said
        at the conference", "X did not attend the summit", "talks concluded";
        a verb that says so joins the scope, where its place and date are looked for."""
        cues = self.cues
        lemma = cue_name(verb)
        preposition = relation.split(":")[-1]
        eventful = lemma in cues.event_verbs or verb.lemma_.lower() in cues.event_verbs
        # "X and Y wrapped up talks", "resumed talks": an event verb with the meeting as its object
        took_part = (relation == "object" and eventful) or takes_part(verb, cues) and (relation == "object" or preposition in cues.participation_preps)
        took_part = took_part or (relation.startswith("oblique") and framing_visit(seen.token, cues))  # "fell ill during a visit"
        said_there = spoken_at(verb, relation, preposition, seen.kind, cues)
        # "took place": a verb and its object, as the lexicon writes them
        phrased = {f"{verb.lemma_.lower()}_{c.lemma_.lower()}" for c in verb.children if c.dep_ == "dobj"}
        if self.held_by(seen, verb, relation, scope):
            pass
        elif relation == "subject" and (eventful or phrased & cues.event_verbs or took_part):
            scope.append(verb)
        elif relation != "subject" and (took_part or said_there):
            scope.append(verb)
            self.verb_participants(seen, verb, said_there)
        if verb in scope:
            add_new(seen.places, self.places.verb_places(verb))

    def held_by(self, seen: Sighting, verb: Token, relation: str, scope: list[Token]) -> bool:
        """'talks were held in Zenda by X and Y', 'the summit was hosted by Z':
        the passive of 'X held talks', its place and date on the verb."""
        if relation != "subject" or not any(c.dep_ == "nsubjpass" and c in scope for c in verb.children):
            return False
        if not takes_part(verb, self.cues) or negated(verb, self.cues):
            return False
        scope.append(verb)
        self.by_agent(seen, verb)
        return True

    def verb_participants(self, seen: Sighting, verb: Token, said_there: bool) -> None:
        """Its subject and company took part, hosted, or (negated) stayed away."""
        who = self.participants.subject_actors(verb)
        others = self.participants.company(verb)
        head = subject(verb)
        if head is not None:
            others += self.participants.company(head) + self.participants.listed(head)
        if negated(verb, self.cues):
            add_new(seen.absent, who + others)
        elif verb.lemma_.lower() in self.cues.host_verbs:
            seen.host = seen.host or next(iter(who), None)
            add_new(seen.participants, others)
        else:
            add_new(seen.participants, who + others)
            if said_there:
                add_new(seen.participants, self.participants.object_actors(verb))

    def gathering(self, verb: Token, head: Token | None, others: list[str]) -> bool:
        """'Syldavian ministers met in Zenda': the people of one body meeting
        among themselves, somewhere; a plural collective subject, no one else,
        and a place."""
        return (head is not None and not others and head.tag_ == "NNS" and head.lower_ in self.cues.gathering_heads
                and not any(c.dep_ in ("dobj", "dative") for c in verb.children)
                and bool(self.places.verb_places(verb)))

    def verb_sighting(self, verb: Token, kind: str, sentence: Span) -> Sighting | None:
        """ "X met Y", "X spoke with Y by phone": the verb is the meeting, and
        names at least two participants."""
        if negated(verb, self.cues):
            return None
        state, ahead = status(verb, [], check_ancestors=True, cues=self.cues)
        if state == "hypothetical":
            return None
        who = self.participants.subject_actors(verb)
        head = subject(verb)
        others = self.participants.object_actors(verb)
        # "X was received by Y", "X was called by Y": the passive's agent met its subject
        doers = self.participants.doers(verb)
        if doers and head is not None and head.dep_ == "nsubjpass":
            who, others = doers, [*who, *others]
        if verb.lemma_.lower() in self.cues.convening and any(
                c.dep_ == "dobj" and any(d.dep_ == "poss" and d.pos_ == "PRON" for d in c.children) for c in verb.children):
            return None  # "Ruritania convened its Security Council": a body of its own, no meeting of two sides
        if head is not None:
            add_new(others, self.participants.company(head) + self.participants.listed(head))
        participants = list(who)
        add_new(participants, others)
        if len(participants) < 2 and not (participants and self.gathering(verb, head, others)):
            return None
        seen = Sighting(kind, verb, sentence, participants=participants, planned=state == "planned", ahead=ahead, defining=True)
        if verb.lemma_.lower() in self.cues.host_verbs:
            seen.host = next(iter(who), None)
        seen.places = self.places.verb_places(verb) or self.places.around_verb(verb)
        seen.scope = (verb,)
        if self.dates.long_ago([verb]):
            return None
        seen.date = self.dates.date_near([verb], seen.ahead)
        around = self.places.dating_words(verb)
        if seen.date is None and around:
            seen.date = self.dates.date_near(around, False if around[0].tag_ == "VBD" else seen.ahead)
        return seen

    def delegation_sighting(self, noun: Token, sentence: Span) -> Sighting | None:
        """ "X led the delegation at <place>": talks there; "the delegation was
        led by X": X took part in the talks last mentioned."""
        verb, relation = governor(noun, self.cues)
        if verb is None or not takes_part(verb, self.cues):
            return None
        if relation == "object":
            leaders = self.participants.subject_actors(verb)
        elif noun.dep_ == "nsubjpass":
            leaders = self.participants.doers(verb)
        else:
            return None
        if not leaders or negated(verb, self.cues) or status(verb, [noun], check_ancestors=True, cues=self.cues)[0] != "real":
            return None
        places = self.places.verb_places(verb)
        definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in self.cues.definite) for c in noun.children)
        if not places and not definite:
            return None
        seen = Sighting(self.cues.generic_kind, noun, sentence, participants=leaders, places=places)
        seen.definite = definite
        seen.follows = not places  # says who went, not which meeting: never opens one
        seen.scope = (noun, verb)
        seen.date = self.dates.date_near([verb], ahead=False)
        return seen

    def signing_sighting(self, verb: Token, sentence: Span) -> Sighting | None:
        """ "X and Y signed the accord in <place>", "the text, signed in <place>
        by X and Y": a ceremony there, its signatories taking part. Only with a
        place and a document or deal signed: "signed a decree" alone meets no one."""
        signers, signed = self.signing(verb)
        if not signers or not any(n.lemma_.lower() in self.cues.signed_nouns for n in signed):
            return None
        places = self.places.verb_places(verb) or self.places.around_verb(verb)
        definite = any(c.dep_ == "det" and c.lower_ in self.cues.definite for n in signed for c in n.children)
        if (not places and not definite) or negated(verb, self.cues) or status(verb, signed, check_ancestors=True, cues=self.cues)[0] != "real":
            return None
        if places and len({self.participants.side(p) for p in signers}) < 2:
            return None  # one side signing in its capital is a decree, not a ceremony of two
        seen = Sighting(self.cues.generic_kind, verb, sentence, participants=signers, places=places)
        # "The document, signed by X and Y": who signed the one signed before, never one of its own
        seen.definite = definite
        seen.follows = not places
        seen.scope = (verb,)
        if self.dates.long_ago([verb]):
            return None
        seen.date = self.dates.date_near([verb], ahead=False)
        return seen

    def session_sighting(self, verb: Token, sentence: Span) -> Sighting | None:
        """'The Security Council adopted a resolution on Monday', 'the board
        voted to …', 'the committee will meet on Thursday': a session of the
        body, held or planned."""
        bodies = [a for a in self.participants.subject_actors(verb)
                  if set(self.participants.name_of(a).lower().split()) & self.cues.session_bodies]
        state, ahead = status(verb, [], check_ancestors=True, cues=self.cues)
        if not bodies or negated(verb, self.cues) or state == "hypothetical" or self.dates.long_ago([verb]):
            return None
        seen = Sighting(self.cues.generic_kind, verb, sentence, participants=bodies, places=self.places.verb_places(verb),
                        planned=state == "planned", ahead=ahead)
        seen.title = f"session of the {self.participants.name_of(bodies[0])}"
        seen.scope = (verb,)
        seen.date = self.dates.date_near([verb], ahead=ahead)
        return seen

    def signing(self, verb: Token) -> tuple[list[str], list[Token]]:
        """Who signed, and what: "X and Y signed the accord", "the accord was
        signed by X", "the text, signed by X"."""
        signed = [c for c in verb.children if c.dep_ == "dobj"]
        if verb.dep_ in ("acl", "relcl") or any(c.dep_ == "nsubjpass" for c in verb.children):
            signed += [verb.head] if verb.dep_ == "acl" else [c for c in verb.children if c.dep_ == "nsubjpass"]
            return self.participants.doers(verb), signed
        return self.participants.subject_actors(verb), signed

    # -- words before a meeting noun -------------------------------------------

    def modifiers(self, seen: Sighting, noun: Token) -> None:
        """ "X-Y talks" name the sides, "the Zenda talks" the place, "the
        Swiss talks" the country, unless it is a side."""
        own = self.entity.get(noun.i)
        sides: list[str] = []
        demonym_places: list[str] = []
        for child in noun.children:
            if child.dep_ not in ("compound", "amod", "nmod") or child.i > noun.i:
                continue
            for token in [t for t in child.subtree if t.dep_ in ("compound", "amod", "nmod", "conj", "appos") or t.i == child.i]:
                self.modifier(seen, token, own, sides, demonym_places)
        if len(set(sides)) < 2:
            add_new(sides, self.participants.dashed_sides(noun))
        persons = [s for s in sides if self.participants.is_person(s)]
        if len(set(sides)) >= 2 or persons:
            add_new(seen.participants, sides)
            seen.defining = True
        elif demonym_places and not set(sides) & {self.participants.side(p) for p in seen.participants}:
            self.places.note(demonym_places[0])
            add_new(seen.places, demonym_places[:1])

    def modifier(self, seen: Sighting, token: Token, own: Span | None, sides: list[str], demonym_places: list[str]) -> None:
        """One word before a meeting noun: a place (to ``seen``), or a side,
        which a demonym also names a country for (to ``sides`` and
        ``demonym_places``, weighed by modifiers())."""
        place = self.places.compound_place(token)
        if place:
            add_new(seen.places, [place])
            return
        if own is not None and own.start <= token.i < own.end and own.label_ not in self.cues.place_labels:
            return  # inside the event's own name ("Zenda Peace Forum"): places only
        known = self.knowledge.by_demonym.get(token.text.lower())
        if known is not None and token.dep_ == "amod" and alias_key(token.text) not in self.knowledge.by_alias:
            country = self.knowledge.place_by_alias.get(alias_key(known.name))
            iri = self.participants.modifier_actor(token)
            if country is not None and iri:
                demonym_places.append(country.iri)
                sides.append(iri)
                return
        iri = self.participants.modifier_actor(token)
        if iri:
            add_new(sides, [iri])
