"""Where a meeting took place: the places its words name, and one place for it.

In: spaCy tokens around a meeting word, the gazetteer's places (Knowledge)
and the Cues. Out: place IRIs, the gazetteer's or minted from a place entity
(GPE, LOC, FAC), with `names` (IRI -> name) for every place seen; a venue
(a palace, a hotel) stands for the city it is part of, and of several places
mentioned the narrowest city is the meeting's.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg import vocab
from kg.extract.dateline import read_dateline
from kg.extract.knowledge import Knowledge, KnownPlace, alias_key
from kg.extract.meetings.clauses import prep_objects
from kg.extract.meetings.cues import Cues
from kg.extract.meetings.lists import add_new


class Places:
    """The places of one article's meetings."""

    def __init__(self, doc: Doc, knowledge: Knowledge, cues: Cues, entity: dict[int, Span]) -> None:
        self.doc = doc
        self.knowledge = knowledge
        self.cues = cues
        self.entity = entity  # token index -> the entity holding it
        self.known_places: dict[str, KnownPlace] = {p.iri: p for p in knowledge.places}
        self.names: dict[str, str] = {}  # every place seen: IRI -> name
        self.venues: set[str] = set()  # minted places that are venues

    def note(self, iri: str) -> None:
        """Name a gazetteer place found without its name (through a demonym)."""
        self.names[iri] = self.known_places[iri].name

    def place_of_span(self, span: Span) -> str | None:
        """A place for a name: the gazetteer's by name or alias, else minted
        from a place entity (GPE, LOC, FAC)."""
        name = re.sub(r"(?:['’]s|['’])$", "", span.text.strip()).strip(" ,.;:\"'“”")
        known = self.knowledge.place_by_alias.get(alias_key(name))
        if known is not None:
            self.names[known.iri] = known.name
            return known.iri
        if span.label_ not in self.cues.place_labels or name.lower() in self.knowledge.by_demonym:
            return None  # "the Emirati capital": a people's word, which the model may tag a place, names no place
        # "the Zenda Palace" but "The Strelsau Gazette": a capital The mid-sentence is the name's.
        name = re.sub(r"^the\s+", "", name) if span.start != span.sent.start else re.sub(r"^(?:the|The)\s+", "", name)
        if len(name) < 2 or not name[0].isupper() or name.split()[-1].lower() in self.cues.nouns:
            return None  # "at the East Asia Summit": the meeting's own name, not where it was
        iri = vocab.place_iri(name)
        self.names.setdefault(iri, name)
        if span.label_ == "FAC" or name.split()[-1].lower() in self.cues.venue_heads:
            self.venues.add(iri)
        return iri

    def place_names(self, token: Token) -> list[str]:
        """Places a noun phrase names: "the X Palace", "the capital X", "X, Y"."""
        found: list[str] = []
        for part in [token, *(c for c in token.children if c.dep_ in ("appos", "conj"))]:
            modifiers = [c for c in part.children if c.dep_ == "compound" and c.i < part.i]
            start = min((c.left_edge.i for c in modifiers), default=part.i)
            # The whole phrase first: NER may tag only part of a venue's name.
            iri = self.place_of_span(self.doc[start : part.i + 1])
            ent = self.entity.get(part.i)
            if iri is None and ent is not None:
                iri = self.place_of_span(ent)
            # "the Zenda Palace": a venue named for its place; not "the Ruritania Institute of Peace"
            if iri is None and (part.lower_ in self.cues.venue_heads or (ent is not None and ent.label_ in self.cues.place_labels)):
                for modifier in modifiers:
                    ent = self.entity.get(modifier.i)
                    iri = self.place_of_span(ent) if ent is not None else None
                    if iri:
                        break
            if iri:
                add_new(found, [iri])
        return found

    def places_in(self, token: Token, depth: int = 0) -> list[str]:
        """Places a preposition's object names, and those under it ("a venue in X")."""
        found = self.place_names(token)
        add_new(found, self.places_under(token, depth + 1))
        return found

    def places_under(self, token: Token, depth: int = 0) -> list[str]:
        """Places under a phrase that is not itself one: "talks in X", "a
        meeting of leaders in X", "talks between X and Y in Z"."""
        found: list[str] = []
        if depth > 3:
            return found
        through = self.cues.company_preps | self.cues.between_preps | self.cues.member_preps
        # a visit's "to" is where it goes: "Doe's visit to Zenda"
        preps = self.cues.place_preps | self.cues.arrival_preps if token.lemma_.lower() in self.cues.visit_words else self.cues.place_preps
        for member in [token, *token.conjuncts]:
            for obj in prep_objects(member, preps):
                add_new(found, self.places_in(obj, depth))
            for obj in prep_objects(member, through):
                add_new(found, self.places_under(obj, depth + 1))
            for clause in (c for c in member.children if c.dep_ == "acl" and c.pos_ == "VERB"):
                # "talks lasting three hours at the base in Zenda", "a summit held in Zenda"
                for obj in prep_objects(clause, preps):
                    add_new(found, self.places_in(obj, depth + 1))
        return found

    def journey(self, verb: Token) -> Token | None:
        """The arrival a meeting verb is the purpose of ("will travel to Zenda
        on Saturday to meet Y") or that a "where" clause on its day follows
        ("flew to Zenda on Friday, where he met Y"): its place and day are the meeting's."""
        head = verb.head
        if _where_clause(verb) and head.dep_ == "pobj":
            if head.ent_type_ != "DATE":
                return None  # "returned to Strelsau from Fredonville, where he met X": not the journey's day
            head = head.head.head  # "on Friday" -> "flew"
        elif verb.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return None
        return head if head.pos_ == "VERB" and head.lemma_.lower() in self.cues.arrival_verbs else None

    def verb_places(self, verb: Token) -> list[str]:
        preps = self.cues.place_preps
        if verb.lemma_.lower() in self.cues.arrival_verbs:
            preps = preps | self.cues.arrival_preps
        found: list[str] = []
        # "is due in Zenda for talks": the place hangs on what the copula says
        for head in [verb, *(c for c in verb.children if c.dep_ == "acomp")]:
            for obj in prep_objects(head, preps):
                add_new(found, self.places_in(obj))
        return found

    def around_verb(self, verb: Token) -> list[str]:
        """Places of a meeting verb said elsewhere in its clause: on its object
        ("met officials in Zenda"), on the clause it is coordinated with
        ("visited Fredonville and met X"), or on a visit it happened during ("during
        his visit to Fredonville, X met Y")."""
        found: list[str] = []
        # "met officials in Zenda", and "met with Y in Zenda" with the place parsed on Y
        for partner in [*(c for c in verb.children if c.dep_ == "dobj"), *prep_objects(verb, self.cues.company_preps)]:
            add_new(found, self.places_under(partner))
        if _where_clause(verb):
            add_new(found, self.place_names(verb.head))  # "talks in Zenda, where X met Y"
        journey = self.journey(verb)
        if journey is not None:
            add_new(found, self.verb_places(journey))  # "flew to Zenda on Friday, where he met Y", "travel to Zenda to meet Y"
        clauses = [verb, verb.head] if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else [verb]
        if len(clauses) > 1:
            add_new(found, self.verb_places(verb.head))
        for clause in clauses:
            if clause.lemma_.lower() in self.cues.visit_words:
                for child in clause.children:
                    if child.dep_ == "dobj":
                        add_new(found, self.place_names(child))
            add_new(found, self.framing_places(clause))
        return found

    def dating_words(self, verb: Token) -> list[Token]:
        """Where a meeting verb's day may be said instead: on the verb it is
        coordinated with ("visited Zenda on Wednesday and met X"), on its journey,
        on the event it was on the sidelines of ("of the summit on Monday")."""
        if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            return [verb.head]
        journey = self.journey(verb)
        return [journey] if journey is not None else self.margin_events(verb)

    def margin_events(self, verb: Token) -> list[Token]:
        """The events a meeting verb is on the sidelines of."""
        return [event for child in verb.children if child.dep_ == "prep" for margin in child.children
                if margin.dep_ == "pobj" and margin.lower_ in self.cues.margin_nouns for event in prep_objects(margin, {"of"})]

    def framing_places(self, clause: Token) -> list[str]:
        """Places of what a clause happened during or beside: "during his visit to
        Fredonville" (not "after his trip to Zenda"), "on the sidelines of the
        Assembly in New York"."""
        found: list[str] = []
        for child in (c for c in clause.children if c.dep_ == "prep" and c.lower_ in self.cues.visit_preps):
            for visit in (g for g in child.children if g.dep_ == "pobj"):
                if visit.lemma_.lower() in self.cues.visit_words:
                    for place in prep_objects(visit, self.cues.arrival_preps):
                        add_new(found, self.place_names(place))
        for event in self.margin_events(clause):
            add_new(found, self.places_in(event))
        return found

    def compound_place(self, token: Token) -> str | None:
        """A city-level place named before a meeting noun ("the Zenda talks");
        a country name there is more often the subject ("Freedonia talks")."""
        if token.pos_ != "PROPN":
            return None
        ent = self.entity.get(token.i)
        span = ent if ent is not None and ent.label_ in self.cues.place_labels else self.doc[token.i : token.i + 1]
        # the whole name a word ends, where NER tags none: "the Palace Square talks"
        start = min((c.left_edge.i for c in token.children if c.dep_ == "compound" and c.i < token.i), default=token.i)
        known = self.knowledge.place_by_alias.get(alias_key(self.doc[start : token.i + 1].text)) or \
            self.knowledge.place_by_alias.get(alias_key(span.text))
        if known is not None:
            if known.part_of is None:
                return None
            self.names[known.iri] = known.name
            return known.iri
        if ent is not None and ent.label_ in self.cues.place_labels and not ent.ent_id_:
            if alias_key(ent.text) in self.knowledge.by_alias:
                return None
            return self.place_of_span(ent)
        return None

    def ancestors(self, iri: str) -> list[str]:
        chain, seen = [], {iri}
        place = self.known_places.get(iri)
        while place is not None and place.part_of and place.part_of not in seen:
            chain.append(place.part_of)
            seen.add(place.part_of)
            place = self.known_places.get(place.part_of)
        return chain

    def is_venue(self, iri: str) -> bool:
        if iri in self.venues:
            return True
        place = self.known_places.get(iri)
        return place is not None and place.name.split()[-1].lower() in self.cues.venue_heads

    def unplaced_venue(self, iri: str) -> bool:
        """A venue the text names and the gazetteer does not know: in no known city."""
        return iri in self.venues and iri not in self.known_places

    def city_of(self, iri: str) -> str:
        """A known venue stands for the place it is part of."""
        while self.is_venue(iri) and iri in self.known_places and self.known_places[iri].part_of in self.known_places:
            iri = self.known_places[iri].part_of
            self.names.setdefault(iri, self.known_places[iri].name)
        return iri

    def compatible(self, a: str, b: str) -> bool:
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def narrower(self, a: str, b: str) -> str:
        """Of two compatible places the one inside the other."""
        return b if a in self.ancestors(b) else a

    def pick_place(self, candidates: list[str]) -> str | None:
        cities = [self.city_of(c) for c in candidates]
        preferred = [c for c in cities if not self.is_venue(c)] or cities
        if not preferred:
            return None
        best = preferred[0]
        for other in preferred[1:]:
            if best in self.ancestors(other):
                best = other
        return best

    def datelined(self, text: str) -> list[str]:
        """The gazetteer places a dateline gives ("STRELSAU/ZENDA (Reuters) -",
        read by kg.extract.dateline): where the reporter was, which narrows a
        meeting "in Ruritania" that day to its city."""
        found = (self.knowledge.place_by_alias.get(alias_key(name.title())) for name in read_dateline(text, self.knowledge).places)
        return [known.iri for known in found if known is not None]

    def narrowed(self, place: str | None, datelined: list[str]) -> str | None:
        """A country's place as the dateline's city in it, if the dateline names one."""
        if place is None:
            return None
        for iri in datelined:
            known = self.known_places.get(iri)
            if known is not None and known.part_of == place:
                self.names[iri] = known.name
                return iri
        return place


def _where_clause(verb: Token) -> bool:
    """'…, where X met Y': a relative clause of place."""
    return verb.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children)
