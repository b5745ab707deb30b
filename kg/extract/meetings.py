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
  before the noun ("the Geneva talks"), a demonym ("the Swiss talks");
- when: a date under the anchor, resolved against the article's date.

Meetings that are only possible or wished for ("the possibility of a
summit") are skipped; planned ones are kept when they have a place or a date.
Mentions of one event become one Meeting: mentions whose places contain one
another, and mentions that refer back ("the talks", "Tuesday's meeting") or
have the same sides as the most recent meeting of their kind. Every word the
rules look for is in ontology/lexicon.toml [meetings].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from kg import vocab
from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge, KnownPlace, alias_key
from kg.model import Actor, Article, Meeting
from kg.extract.statements import cue_name, subject_of

SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Cues:
    """The [meetings] word lists, read once per article."""

    nouns: dict[str, str]  # surface form -> kind
    verbs: dict[str, str]  # lemma -> kind
    not_meetings: frozenset[str]
    other_senses: dict[str, frozenset[str]]
    generic_kind: str
    kin_kinds: frozenset[str]
    labels: dict[str, str]
    media_verbs: frozenset[str]
    media_kind: str
    media: frozenset[str]
    containers: frozenset[str]
    delegation_nouns: frozenset[str]
    participation: frozenset[str]
    event_verbs: frozenset[str]
    place_preps: frozenset[str]
    arrival_verbs: frozenset[str]
    venue_heads: frozenset[str]
    company_preps: frozenset[str]
    media_preps: frozenset[str]
    arrival_preps: frozenset[str]
    role_preps: frozenset[str]
    definite: frozenset[str]
    indefinite: frozenset[str]
    relative_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    member_preps: frozenset[str]
    between_preps: frozenset[str]
    inclusion_preps: frozenset[str]
    speech_preps: frozenset[str]
    convening: frozenset[str]
    remark_nouns: frozenset[str]
    date_preps: frozenset[str]
    participation_preps: frozenset[str]
    host_verbs: frozenset[str]
    host_nouns: frozenset[str]
    absence_verbs: frozenset[str]
    absence_nouns: frozenset[str]
    absence_adjectives: frozenset[str]
    inclusion_verbs: frozenset[str]
    hypothetical: frozenset[str]
    planned: frozenset[str]
    speech: frozenset[str]
    negations: frozenset[str]
    place_labels: frozenset[str]
    weekdays: tuple[str, ...]
    months: dict[str, int]
    relative_days: dict[str, int]
    past_words: frozenset[str]
    future_words: frozenset[str]
    ago_words: frozenset[str]
    units: dict[str, int]
    one_words: frozenset[str]

    @classmethod
    def of(cls, knowledge: Knowledge) -> Cues:
        lex = knowledge.lexicon.get("meetings", {})

        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in lex.get(key, []))

        months: dict[str, int] = {}
        for number, name in enumerate(lex.get("months", []), start=1):
            months[name.lower()] = number
            months[name.lower()[:3]] = number
        months.update({k.lower(): int(v) for k, v in lex.get("month_abbreviations", {}).items()})
        return cls(
            nouns={w.lower(): kind for kind, ws in lex.get("nouns", {}).items() for w in ws},
            verbs={w.lower(): kind for kind, ws in lex.get("verbs", {}).items() for w in ws},
            not_meetings=words("not_meetings"),
            other_senses={k.lower(): frozenset(v) for k, v in lex.get("other_senses", {}).items()},
            generic_kind=lex.get("generic_kind", "Talks"),
            kin_kinds=frozenset(lex.get("kin_kinds", [])),
            labels=dict(lex.get("labels", {})),
            media_verbs=words("media_verbs"),
            media_kind=lex.get("media_kind", "PhoneCall"),
            media=words("media"),
            containers=words("containers"),
            delegation_nouns=words("delegation_nouns"),
            participation=words("participation_verbs"),
            event_verbs=words("event_verbs"),
            place_preps=words("place_prepositions"),
            arrival_verbs=words("arrival_verbs"),
            venue_heads=words("venue_heads"),
            company_preps=words("company_prepositions"),
            media_preps=words("media_prepositions"),
            arrival_preps=words("arrival_prepositions"),
            role_preps=words("role_prepositions"),
            definite=words("definite_determiners"),
            indefinite=words("indefinite_determiners"),
            relative_pronouns=words("relative_pronouns"),
            group_pronouns=words("group_pronouns"),
            member_preps=words("member_prepositions"),
            between_preps=words("between_prepositions"),
            inclusion_preps=words("inclusion_prepositions"),
            speech_preps=words("speech_prepositions"),
            convening=words("convening_verbs"),
            remark_nouns=words("remark_nouns"),
            date_preps=words("date_prepositions"),
            participation_preps=words("participation_prepositions"),
            host_verbs=words("host_verbs"),
            host_nouns=words("host_nouns"),
            absence_verbs=words("absence_verbs"),
            absence_nouns=words("absence_nouns"),
            absence_adjectives=words("absence_adjectives"),
            inclusion_verbs=words("inclusion_verbs"),
            hypothetical=words("hypothetical"),
            planned=words("planned"),
            speech=knowledge.words("speech", "verbs"),
            negations=knowledge.words("polarity", "negations"),
            place_labels=frozenset(w.upper() for w in knowledge.lexicon.get("actors", {}).get("place_labels", [])),
            weekdays=tuple(w.lower() for w in lex.get("weekdays", [])),
            months=months,
            relative_days={k.lower(): int(v) for k, v in lex.get("relative_days", {}).items()},
            past_words=words("past_words"),
            future_words=words("future_words"),
            ago_words=words("ago_words"),
            units={k.lower(): int(v) for k, v in lex.get("units", {}).items()},
            one_words=words("one_words"),
        )


def resolve_date(text: str, published: date | None, forward: bool | None, cues: Cues) -> str | None:
    """An ISO date for a date expression, or None when it names no single day.

    Explicit dates need a year, given or taken from the article's date (the
    year that puts the day nearest to it); weekdays and relative words need the
    article's date. A bare weekday is the last one on or before that date, or
    the next one when ``forward``; when ``forward`` is None (tense unknown) it
    names no day. "Last week" or "this month" name no day either.
    """
    lowered = text.lower().replace("’", "'")
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lowered)
    if iso:
        return _iso(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    words = re.findall(r"[a-z]+\.?|\d+(?:st|nd|rd|th)?", lowered)
    bare = [w.rstrip(".") for w in words]
    month = next((cues.months[w] for w in bare if w in cues.months), None)
    numbers = [int(re.sub(r"\D", "", w)) for w in bare if w[:1].isdigit()]
    if month is not None:
        days = [n for n in numbers if 1 <= n <= 31]
        years = [n for n in numbers if 1900 <= n <= 2100]
        if not days:
            return None
        if years:
            return _iso(years[0], month, days[0])
        if published is None:
            return None
        days_in = [_iso(year, month, days[0]) for year in (published.year - 1, published.year, published.year + 1)]
        valid = [date.fromisoformat(d) for d in days_in if d]
        # A meeting that has taken place lies before the article, a planned one after.
        side = [d for d in valid if (d <= published if forward is False else d >= published)] if forward is not None else []
        valid = side or valid
        return min(valid, key=lambda d: abs(d - published)).isoformat() if valid else None
    if published is None:
        return None
    for word in bare:
        if word in cues.relative_days:
            return (published + timedelta(days=cues.relative_days[word])).isoformat()
    if any(w in cues.ago_words for w in bare):
        for i, word in enumerate(bare[1:], start=1):
            if word in cues.units:
                count = bare[i - 1]
                n = int(count) if count.isdigit() else 1 if count in cues.one_words else None
                if n is not None:
                    return (published - timedelta(days=n * cues.units[word])).isoformat()
        return None
    weekday = next((cues.weekdays.index(w) for w in bare if w in cues.weekdays), None)
    if weekday is None:
        return None
    today = published.weekday()
    monday = published - timedelta(days=today)
    week_units = {u for u, n in cues.units.items() if n == 7}
    for i, word in enumerate(bare[:-1]):
        if bare[i + 1] in week_units:
            if word in cues.past_words:
                return (monday - timedelta(days=7 - weekday)).isoformat()
            if word in cues.future_words:
                return (monday + timedelta(days=7 + weekday)).isoformat()
    if any(w in cues.past_words for w in bare):
        return (published - timedelta(days=(today - weekday) % 7 or 7)).isoformat()
    if forward or any(w in cues.future_words for w in bare):
        ahead = (weekday - today) % 7
        if ahead == 0 and any(w in cues.future_words for w in bare):
            ahead = 7
        return (published + timedelta(days=ahead)).isoformat()
    if forward is None:
        return None
    return (published - timedelta(days=(today - weekday) % 7)).isoformat()


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


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
    title: str | None = None  # the event's own name ("Geneva Peace Forum")
    definite: bool = False  # "the talks", "Tuesday's meeting": refers back
    defining: bool = False  # the participants name the sides ("a call with Y"), not attendees
    bare: bool = False  # "talks" without a determiner
    indefinite: bool = False  # "a meeting": a new event
    planned: bool = False
    ahead: bool | None = False  # lies ahead of the article's date; None: cannot tell
    follows: bool = False  # only adds to a meeting already found
    scope: tuple[Token, ...] = ()  # anchor, container noun, governing verb


@dataclass
class Draft:
    """A meeting being assembled from the sightings of one article."""

    kind: str
    place: str | None
    date: str | None
    participants: list[str]
    absent: list[str]
    host: str | None
    title: str | None
    evidence: list[str]
    sentence: int  # start of the sentence last mentioning it
    last: int  # token index of the last mention


def _add(target: list[str], items: list[str]) -> None:
    for item in items:
        if item not in target:
            target.append(item)


class MeetingFinder:
    def __init__(self, doc: Doc, actors: ArticleActors, knowledge: Knowledge, article: Article) -> None:
        self.doc = doc
        self.given = actors
        # Looking actors up can list new ones ("Swiss" -> Switzerland) and
        # remembers pronouns resolved: both go to a copy, so that the actors
        # stage's output stays as it was and the pipeline merges what is new.
        self.actors = replace(actors, actors=dict(actors.actors), resolved=dict(actors.resolved))
        self.knowledge = knowledge
        self.article = article
        self.cues = Cues.of(knowledge)
        self.known_places: dict[str, KnownPlace] = {p.iri: p for p in knowledge.places}
        self.places: dict[str, str] = {}  # every place seen: IRI -> name
        self.venues: set[str] = set()  # minted places that are venues
        self.entity: dict[int, Span] = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}

    # -- actors -------------------------------------------------------------

    def actors_of(self, token: Token) -> list[str]:
        """The actors a noun phrase names: of_token, plus appositions and
        coordinated modifiers ("Syldavian and Ruritanian officials")."""
        if token.lower_ in self.cues.relative_pronouns and token.head.dep_ == "relcl":
            return self.actors_of(token.head.head)
        found = list(self.actors.of_token(token))
        for head in [token, *[t for t in token.conjuncts if t.i > token.i]]:
            for child in head.children:
                if child.dep_ == "appos" or (child.dep_ == "nmod" and child.pos_ == "PROPN"):
                    _add(found, self.actors.of_token(child))
                elif child.dep_ in ("amod", "compound", "nmod") and self.modifier_actor(child) in found:
                    for conj in child.conjuncts:
                        iri = self.modifier_actor(conj)
                        if iri:
                            _add(found, [iri])
        return found

    def modifier_actor(self, token: Token) -> str | None:
        """The actor a modifier names: "Syldavian" in "Syldavian officials", "Swiss"."""
        if token.i in self.actors.by_token:
            return self.actors.by_token[token.i]
        known = self.knowledge.by_demonym.get(token.text.lower())
        return known.iri if known else None

    def register(self, iris: list[str]) -> None:
        """List with the article's actors those found through a demonym only,
        so that the graph gets their names."""
        for iri in iris:
            if iri not in self.actors.actors and iri in self.knowledge.by_iri:
                self.actors.add_known(self.knowledge.by_iri[iri])

    def subject(self, verb: Token) -> Token | None:
        """The subject of a verb, also across "felt snubbed and traveled" and
        "had a chance to meet"."""
        found = subject_of(verb)
        node = verb
        for _ in range(3):
            if found is not None:
                break
            if node.dep_ in ("acomp", "oprd", "conj", "xcomp", "advcl") and node.head.i != node.i:
                node = node.head
            elif node.dep_ == "acl" and node.head.dep_ == "dobj":
                node = node.head.head
            else:
                break
            found = subject_of(node)
        return found

    def subject_actors(self, verb: Token) -> list[str]:
        subject = self.subject(verb)
        if subject is None:
            return []
        if subject.lower_ in self.cues.group_pronouns and verb.dep_ == "ccomp":
            # "X feel they are sidelined": they are X.
            return self.subject_actors(verb.head)
        found = self.actors_of(subject)
        # "X and Y led" is sometimes parsed as two subjects of one verb.
        for other in subject.head.children:
            if other.dep_ == subject.dep_ and other.i != subject.i:
                _add(found, self.actors_of(other))
        return found

    def object_actors(self, verb: Token) -> list[str]:
        found: list[str] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "oprd") or (
                child.dep_ == "prep" and child.lower_ in self.cues.company_preps
            ):
                target = child if child.dep_ != "prep" else next((g for g in child.children if g.dep_ == "pobj"), None)
                if target is not None:
                    _add(found, self.actors_of(target))
        return found

    def prep_objects(self, token: Token, preps: frozenset[str]) -> list[Token]:
        return [
            grand
            for child in token.children
            if child.dep_ == "prep" and child.lower_ in preps
            for grand in child.children
            if grand.dep_ == "pobj"
        ]

    def company(self, token: Token, preps: frozenset[str] | None = None) -> list[str]:
        """Actors under "with", "between", "alongside"."""
        found: list[str] = []
        for obj in self.prep_objects(token, preps or self.cues.company_preps | self.cues.between_preps):
            _add(found, self.actors_of(obj))
            _add(found, self.listed(obj))
        return found

    def listed(self, token: Token) -> list[str]:
        """Actors a phrase lists: "officials, including X and members of Y"."""
        found: list[str] = []
        for member in [token, *token.conjuncts]:
            for listed in self.prep_objects(member, self.cues.inclusion_preps):
                _add(found, self.actors_of(listed))
                for part in self.prep_objects(listed, self.cues.member_preps):
                    _add(found, self.actors_of(part))
        return found

    def takes_part(self, verb: Token) -> bool:
        """Whether a verb says its subject took part: "held", "attended", "took part"."""
        names = {verb.lemma_.lower(), cue_name(verb)}
        names |= {f"{verb.lemma_.lower()}_{c.lower_}" for c in verb.children if c.dep_ == "dobj"}
        return bool(names & self.cues.participation)

    def negated(self, verb: Token) -> bool:
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in self.cues.negations) for c in verb.children):
            return True
        subject = self.subject(verb)
        if subject is None:
            return False
        if subject.lower_ in self.cues.negations:
            return True
        return any(c.dep_ in ("det", "preconj") and c.lower_ in self.cues.negations for c in subject.children)

    def is_person(self, iri: str) -> bool:
        actor = self.actors.actors.get(iri)
        return actor is not None and actor.kind == "Person"

    # -- places ---------------------------------------------------------------

    def place_of_span(self, span: Span) -> str | None:
        """A place for a name: the gazetteer's by name or alias, else minted
        from a place entity (GPE, LOC, FAC)."""
        name = re.sub(r"(?:['’]s|['’])$", "", span.text.strip()).strip(" ,.;:\"'“”")
        known = self.knowledge.place_by_alias.get(alias_key(name))
        if known is not None:
            self.places[known.iri] = known.name
            return known.iri
        if span.label_ not in self.cues.place_labels:
            return None
        # "the Vatican" but "The Hague": a capital The mid-sentence is the name's.
        name = re.sub(r"^the\s+", "", name) if span.start != span.sent.start else re.sub(r"^(?:the|The)\s+", "", name)
        if len(name) < 2 or not name[0].isupper():
            return None
        iri = vocab.place_iri(name)
        self.places.setdefault(iri, name)
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
            if iri is None:
                for modifier in modifiers:
                    ent = self.entity.get(modifier.i)
                    iri = self.place_of_span(ent) if ent is not None else None
                    if iri:
                        break
            if iri:
                _add(found, [iri])
        return found

    def places_in(self, token: Token, depth: int = 0) -> list[str]:
        """Places a preposition's object names, and those under it ("a venue in X")."""
        found = self.place_names(token)
        _add(found, self.places_under(token, depth + 1))
        return found

    def places_under(self, token: Token, depth: int = 0) -> list[str]:
        """Places under a phrase that is not itself one: "talks in X", "a
        meeting of leaders in X", "talks between X and Y in Z"."""
        found: list[str] = []
        if depth > 3:
            return found
        through = self.cues.company_preps | self.cues.between_preps | self.cues.member_preps
        for member in [token, *token.conjuncts]:
            for obj in self.prep_objects(member, self.cues.place_preps):
                _add(found, self.places_in(obj, depth))
            for obj in self.prep_objects(member, through):
                _add(found, self.places_under(obj, depth + 1))
        return found

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

    def city_of(self, iri: str) -> str:
        """A known venue stands for the place it is part of."""
        while self.is_venue(iri) and iri in self.known_places and self.known_places[iri].part_of in self.known_places:
            iri = self.known_places[iri].part_of
            self.places.setdefault(iri, self.known_places[iri].name)
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
        senses = self.cues.other_senses.get(word)
        if senses:
            for obj in self.prep_objects(token, senses):
                ent = self.entity.get(obj.i)
                if ent is None or ent.label_ != "DATE":  # "a call on Monday" is a call
                    return None
        return kind

    def verb_kind(self, token: Token) -> str | None:
        """The kind of a verb that is a meeting by itself: met, phoned, spoke by phone."""
        if token.pos_ != "VERB":
            return None
        lemma = token.lemma_.lower()
        media = [
            obj
            for obj in self.prep_objects(token, self.cues.media_preps)
            if obj.lower_ in self.cues.media or f"{obj.nbor(-1).lower_} {obj.lower_}" in self.cues.media
        ]
        if media and lemma in self.cues.media_verbs:
            return self.cues.media_kind
        kind = self.cues.verbs.get(lemma)
        if kind is None:
            return None
        if any(c.dep_ in ("xcomp", "ccomp", "oprd", "acomp", "prt") for c in token.children):
            return None  # "called it unrealistic", "called on", "met the demand to"
        return kind

    def container(self, token: Token) -> Token | None:
        """ "a round of talks": the noun holding the meeting noun."""
        head = token.head
        if token.dep_ == "pobj" and head.lower_ in self.cues.member_preps and head.head.lower_ in self.cues.containers:
            return token.head.head
        return None

    def governor(self, noun: Token) -> tuple[Token | None, str]:
        """The verb a meeting noun hangs on, and how: "object" (held talks),
        "oblique:<prep>" (gathered for talks), "subject" (talks concluded)."""
        head = noun.head
        if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
            return head, "object"
        if noun.dep_ in SUBJECTS and head.pos_ in ("VERB", "AUX"):
            return head, "subject"
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            return head.head, f"oblique:{head.lower_}"
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ == "acomp":
            return head.head.head, f"oblique:{head.lower_}"
        if (noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ == "dobj"
                and head.head.lemma_.lower() in self.cues.remark_nouns and head.head.head.pos_ == "VERB"):
            return head.head.head, f"oblique:{head.lower_}"  # "made the remarks in a call with Y"
        return None, ""

    # -- status ---------------------------------------------------------------

    def status(self, anchor: Token, nouns: list[Token], check_ancestors: bool) -> tuple[str, bool | None]:
        """ "real", "planned" or "hypothetical", from the words around the
        anchor, and whether the meeting lies ahead (None: cannot tell, as in
        "flew to X to meet Y on Friday")."""
        words: list[str] = []
        verbs: list[Token] = [anchor] if anchor.pos_ == "VERB" else []
        for noun in nouns:
            words += [c.lower_ for c in noun.children if c.dep_ in ("det", "predet", "amod", "compound", "neg")]
        if anchor.pos_ == "VERB":
            words += [anchor.lemma_.lower()]
            words += [c.lower_ for c in anchor.children if c.dep_ in ("aux", "neg", "mark")]
        if check_ancestors:
            # Up to the clause whose subject the meeting is: "the talks could
            # fail" does not make the talks possible only.
            node = nouns[-1] if nouns else anchor
            for _ in range(12):
                if node.dep_ in SUBJECTS or node.head.i == node.i:
                    break
                node = node.head
                words += [node.lemma_.lower(), cue_name(node)]
                words += [c.lower_ for c in node.children if c.dep_ in ("aux", "mark", "neg")]
                if node.pos_ == "VERB":
                    verbs.append(node)
        if any(w in self.cues.hypothetical for w in words):
            return "hypothetical", None
        if any(w in self.cues.planned for w in words):
            return "planned", True
        if any(c.dep_ == "aux" and c.tag_ == "TO" for v in verbs for c in v.children):
            return "planned", None  # "agreed to meet", a headline "X and Y to meet"
        return "real", False

    # -- dates ----------------------------------------------------------------

    def date_near(self, tokens: list[Token], ahead: bool | None) -> str | None:
        """The day of the first date expression under the anchor's words."""
        for ent in self.dates_near(tokens):
            resolved = resolve_date(ent.text, self.article.published, ahead, self.cues)
            if resolved:
                return resolved
        return None

    def dates_near(self, tokens: list[Token]) -> list[Span]:
        found: list[Span] = []
        for token in tokens:
            for child in token.children:
                targets = []
                if child.dep_ in ("npadvmod", "tmod", "poss", "compound", "nmod", "obl"):
                    targets = [child]
                elif child.dep_ == "prep" and child.lower_ in self.cues.date_preps:
                    targets = [g for g in child.children if g.dep_ == "pobj"]
                for target in targets:
                    ent = self.entity.get(target.i)
                    if ent is not None and ent.label_ == "DATE" and ent not in found:
                        found.append(ent)
        return found

    def long_ago(self, tokens: list[Token]) -> bool:
        """ "X and Y last met in Z in 2018": background, not the news."""
        published = self.article.published
        if published is None:
            return False
        for ent in self.dates_near(tokens):
            years = [int(y) for y in re.findall(r"\b(1[89]\d\d|2[01]\d\d)\b", ent.text)]
            if years and max(years) < published.year:
                return True
        return False

    # -- sightings ------------------------------------------------------------

    def noun_sighting(self, noun: Token, kind: str, sentence: Span) -> Sighting | None:
        cues = self.cues
        container = self.container(noun)
        nouns = [noun] + ([container] if container is not None else [])
        outer = nouns[-1]
        verb, relation = self.governor(outer)
        dets = [c.lower_ for n in nouns for c in n.children if c.dep_ == "det"]
        possessed = any(c.dep_ == "poss" for n in nouns for c in n.children)
        definite = possessed or any(d in self.cues.definite for d in dets)
        bare = not dets and not possessed and noun.tag_ in ("NNS", "NNPS")
        state, ahead = self.status(noun, nouns, check_ancestors=not definite)
        if state == "hypothetical":
            return None
        seen = Sighting(kind, noun, sentence, definite=definite, bare=bare, planned=state == "planned", ahead=ahead)
        seen.indefinite = any(d in self.cues.indefinite for d in dets)
        ent = self.entity.get(noun.i)
        if ent is not None and ent.label_ in ("ORG", "EVENT", "FAC", "WORK_OF_ART") and noun.i == ent.end - 1:
            seen.title = re.sub(r"^(?:the|The)\s+", "", ent.text.strip())
        for n in nouns:
            _add(seen.participants, self.company(n))
        # "a summit of EU leaders": the members, never the meeting's container.
        _add(seen.participants, self.company(noun, self.cues.member_preps))
        seen.defining = bool(seen.participants)
        for n in nouns:
            for child in n.children:
                if child.dep_ == "poss" and child.lower_ not in self.cues.group_pronouns:
                    _add(seen.participants, self.actors_of(child))
                if child.dep_ in ("acl", "relcl") and self.convenes(child):
                    # "the summit that brought together X and Y"
                    for obj in (c for c in child.children if c.dep_ == "dobj"):
                        # every name in the object, however the list was parsed
                        _add(seen.participants, self.actors_of(obj))
                        _add(seen.participants, [self.actors.by_token[t.i] for t in obj.subtree
                                                 if t.i in self.actors.by_token and self.is_person(self.actors.by_token[t.i])])
                if child.dep_ == "acl" and child.lemma_.lower() in cues.participation | cues.host_verbs:
                    for agent in [g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]:
                        if child.lemma_.lower() in cues.host_verbs:
                            seen.host = seen.host or next(iter(self.actors_of(agent)), None)
                        else:
                            _add(seen.participants, self.actors_of(agent))
            _add(seen.places, self.places_under(n))
        self.modifiers(seen, noun)
        scope = list(nouns)
        if verb is not None:
            lemma = cue_name(verb)
            preposition = relation.split(":")[-1]
            takes_part = self.takes_part(verb) and (relation == "object" or preposition in cues.participation_preps)
            said_there = preposition in cues.speech_preps and (verb.lemma_.lower() in cues.speech or any(
                c.dep_ == "dobj" and c.lemma_.lower() in cues.remark_nouns for c in verb.children))
            if relation == "subject" and (lemma in cues.event_verbs or verb.lemma_.lower() in cues.event_verbs or takes_part):
                scope.append(verb)
            elif relation != "subject" and (takes_part or said_there):
                scope.append(verb)
                who = self.subject_actors(verb)
                others = self.company(verb)
                subject = self.subject(verb)
                if subject is not None:
                    others += self.company(subject) + self.listed(subject)
                if self.negated(verb):
                    _add(seen.absent, who + others)
                elif verb.lemma_.lower() in cues.host_verbs:
                    seen.host = seen.host or next(iter(who), None)
                    _add(seen.participants, others)
                else:
                    _add(seen.participants, who + others)
                    if said_there:
                        _add(seen.participants, self.object_actors(verb))
            if verb in scope:
                _add(seen.places, self.verb_places(verb))
        for n in nouns:
            for child in n.children:
                # "the round of talks held in Saudi Arabia on February 18"
                if child.dep_ == "acl" and child.tag_ == "VBN" and (
                        child.lemma_.lower() in cues.participation or child.lemma_.lower() in cues.event_verbs):
                    scope.append(child)
                    _add(seen.places, self.verb_places(child))
        seen.scope = tuple(scope)
        if self.long_ago(scope):
            return None
        seen.date = self.date_near(scope, seen.ahead)
        return seen

    def verb_places(self, verb: Token) -> list[str]:
        preps = self.cues.place_preps
        if verb.lemma_.lower() in self.cues.arrival_verbs:
            preps = preps | self.cues.arrival_preps
        found: list[str] = []
        for obj in self.prep_objects(verb, preps):
            _add(found, self.places_in(obj))
        return found

    def modifiers(self, seen: Sighting, noun: Token) -> None:
        """ "X-Y talks" name the sides, "the Geneva talks" the place, "the
        Swiss talks" the country, unless it is a side."""
        own = self.entity.get(noun.i)
        sides: list[str] = []
        demonym_places: list[str] = []
        for child in noun.children:
            if child.dep_ not in ("compound", "amod", "nmod") or child.i > noun.i:
                continue
            for token in [t for t in child.subtree if t.dep_ in ("compound", "amod", "nmod", "conj", "appos") or t.i == child.i]:
                if own is not None and own.start <= token.i < own.end and own.label_ not in self.cues.place_labels:
                    # Inside the event's own name ("Geneva Peace Forum"): places only.
                    place = self.compound_place(token)
                    if place:
                        _add(seen.places, [place])
                    continue
                place = self.compound_place(token)
                if place:
                    _add(seen.places, [place])
                    continue
                known = self.knowledge.by_demonym.get(token.text.lower())
                if known is not None and token.dep_ == "amod" and alias_key(token.text) not in self.knowledge.by_alias:
                    country = self.knowledge.place_by_alias.get(alias_key(known.name))
                    iri = self.modifier_actor(token)
                    if country is not None and iri:
                        demonym_places.append(country.iri)
                        sides.append(iri)
                        continue
                iri = self.modifier_actor(token)
                if iri:
                    _add(sides, [iri])
        if len(set(sides)) < 2:
            _add(sides, self.dashed_sides(noun))
        persons = [s for s in sides if self.is_person(s)]
        if len(set(sides)) >= 2 or persons:
            _add(seen.participants, sides)
            seen.defining = True
        elif demonym_places and not set(sides) & {self.actors.side(p) for p in seen.participants}:
            self.places[demonym_places[0]] = self.known_places[demonym_places[0]].name
            _add(seen.places, demonym_places[:1])

    def convenes(self, verb: Token) -> bool:
        """ "brought together", "brought X together", "gathered": a verb whose objects took part."""
        lemma = verb.lemma_.lower()
        names = {cue_name(verb)} | {f"{lemma}_{a.lower_}" for a in verb.children if a.dep_ in ("advmod", "prt")}
        return bool(names & self.cues.convening)

    def dashed_sides(self, noun: Token) -> list[str]:
        """ "US–Russia talks", read from the words whatever the parse: names
        joined by dashes or slashes right before the noun."""
        found: list[str] = []
        i = noun.i - 1
        while i >= noun.sent.start:
            token = self.doc[i]
            if token.text in ("–", "-", "—", "/"):
                i -= 1
                continue
            iri = self.modifier_actor(token)
            if iri is None:
                break
            _add(found, [iri])
            i -= 1
        return found if len(found) >= 2 else []

    def compound_place(self, token: Token) -> str | None:
        """A city-level place named before a meeting noun ("the Geneva talks");
        a country name there is more often the subject ("Freedonia talks")."""
        if token.pos_ != "PROPN":
            return None
        ent = self.entity.get(token.i)
        span = ent if ent is not None and ent.label_ in self.cues.place_labels else self.doc[token.i : token.i + 1]
        known = self.knowledge.place_by_alias.get(alias_key(span.text))
        if known is not None:
            if known.part_of is None:
                return None
            self.places[known.iri] = known.name
            return known.iri
        if ent is not None and ent.label_ in self.cues.place_labels and not ent.ent_id_:
            if alias_key(ent.text) in self.knowledge.by_alias:
                return None
            return self.place_of_span(ent)
        return None

    def verb_sighting(self, verb: Token, kind: str, sentence: Span) -> Sighting | None:
        if self.negated(verb):
            return None
        state, ahead = self.status(verb, [], check_ancestors=True)
        if state == "hypothetical":
            return None
        who = self.subject_actors(verb)
        subject = self.subject(verb)
        others = self.object_actors(verb)
        if subject is not None:
            _add(others, self.company(subject) + self.listed(subject))
        participants = list(who)
        _add(participants, others)
        if len(participants) < 2:
            return None
        seen = Sighting(kind, verb, sentence, participants=participants, planned=state == "planned", ahead=ahead, defining=True)
        if verb.lemma_.lower() in self.cues.host_verbs:
            seen.host = next(iter(who), None)
        seen.places = self.verb_places(verb)
        seen.scope = (verb,)
        if self.long_ago([verb]):
            return None
        seen.date = self.date_near([verb], seen.ahead)
        return seen

    def delegation_sighting(self, noun: Token, sentence: Span) -> Sighting | None:
        """ "X led the delegation at <place>": talks there; "the delegation was
        led by X": X took part in the talks last mentioned."""
        verb, relation = self.governor(noun)
        if verb is None or not self.takes_part(verb):
            return None
        if relation == "object":
            leaders = self.subject_actors(verb)
        elif noun.dep_ == "nsubjpass":
            leaders = [a for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj" for a in self.actors_of(g)]
        else:
            return None
        if not leaders or self.negated(verb) or self.status(verb, [noun], check_ancestors=True)[0] != "real":
            return None
        places = self.verb_places(verb)
        definite = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in self.cues.definite) for c in noun.children)
        if not places and not definite:
            return None
        seen = Sighting(self.cues.generic_kind, noun, sentence, participants=leaders, places=places)
        seen.definite = definite
        seen.follows = not places  # says who went, not which meeting: never opens one
        seen.scope = (noun, verb)
        seen.date = self.date_near([verb], ahead=False)
        return seen

    def sightings(self, sentence: Span) -> list[Sighting]:
        found: list[Sighting] = []
        covered: set[int] = set()
        for token in sentence:
            kind = self.noun_kind(token)
            if kind is not None and self.container(token) is None and token.lower_ in self.cues.containers:
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
                seen = self.verb_sighting(token, kind, sentence)
                if seen is not None:
                    found.append(seen)
                continue
            if token.lower_ in self.cues.delegation_nouns and token.pos_ == "NOUN":
                seen = self.delegation_sighting(token, sentence)
                if seen is not None and not any(s.scope[-1].i == seen.scope[-1].i for s in found if s.scope):
                    found.append(seen)
        self.hosts(sentence, found)
        self.absences(sentence, found)
        return sorted(found, key=lambda s: s.token.i)

    # -- hosts and absences -------------------------------------------------

    def attach(self, cue: Token, found: list[Sighting]) -> Sighting | None:
        """The sighting a host or absence cue speaks of: the meeting inside the
        cue's phrase ("sidelined in the talks", "not invited to the meeting"),
        or the meeting whose phrase holds the cue ("the talks, which X hosted").
        Someone who also took part is not absent: see finish()."""
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
        cues = self.cues
        for token in sentence:
            lemma = cue_name(token) if token.pos_ == "VERB" else token.lemma_.lower()
            who: list[str] = []
            if token.pos_ == "VERB" and (
                lemma in cues.absence_verbs
                or token.lemma_.lower() in cues.absence_verbs
                or (token.lemma_.lower() in cues.inclusion_verbs and self.negated(token))
            ):
                who = self.patient(token)
            elif token.pos_ == "NOUN" and token.lower_ in cues.absence_nouns:
                for child in token.children:
                    if child.dep_ == "poss":
                        who += self.actors_of(child)
                for obj in self.prep_objects(token, self.cues.member_preps):
                    who += self.actors_of(obj)
            elif token.pos_ == "ADJ" and token.lower_ in cues.absence_adjectives:
                who = self.subject_actors(token.head) if token.dep_ == "acomp" else (
                    self.actors_of(token.head) if token.dep_ == "amod" else []
                )
            if not who:
                continue
            seen = self.attach(token, found)
            if seen is not None:
                _add(seen.absent, who)

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

    # -- one article ----------------------------------------------------------

    def joins(self, seen: Sighting, place: str | None, draft: Draft) -> bool:
        if seen.date and draft.date and seen.date != draft.date:
            return False
        # Mentions of one event name the same sides, or some of them; "X
        # attended the conference" only adds someone to it.
        mine = {self.actors.side(p) for p in seen.participants}
        theirs = {self.actors.side(p) for p in draft.participants}
        defined = seen.defining or not seen.definite
        if defined and mine and theirs and not (mine <= theirs or theirs <= mine):
            return False
        if place and draft.place:
            return self.compatible(place, draft.place)
        if seen.indefinite and draft.sentence != seen.sentence.start:
            return False  # "a meeting" introduces one; without a place it is not an older one
        if seen.planned and not (place or seen.date):
            return False  # a meeting still to come is not the one reported
        if seen.kind != draft.kind and {seen.kind, draft.kind} - self.cues.kin_kinds:
            return False
        if draft.sentence == seen.sentence.start:
            return True
        if seen.participants and draft.participants:
            return True
        if seen.definite:
            return True
        # A bare plural ("improving negotiations") is mostly generic: it joins
        # only when it says something about the meeting.
        return seen.bare and bool(seen.participants or seen.absent or seen.host or place or seen.date)

    def can_start(self, seen: Sighting, place: str | None) -> bool:
        if seen.follows:
            return False
        if seen.planned and not (place or seen.date):
            return False
        if place or seen.date or seen.title or len(seen.participants) >= 2:
            return True
        return bool(seen.participants) and seen.definite

    def drafts(self) -> list[Draft]:
        drafts: list[Draft] = []
        for sentence in self.doc.sents:
            for seen in self.sightings(sentence):
                place = self.pick_place(seen.places)
                target = next(
                    (d for d in sorted(drafts, key=lambda d: -d.last) if self.joins(seen, place, d)), None
                )
                if target is None:
                    if not self.can_start(seen, place):
                        continue
                    target = Draft(seen.kind, place, seen.date, [], [], None, None, [], sentence.start, seen.token.i)
                    drafts.append(target)
                self.merge(target, seen, place)
        return drafts

    def merge(self, draft: Draft, seen: Sighting, place: str | None) -> None:
        generic = self.cues.generic_kind
        if draft.kind == generic and seen.kind != generic:
            draft.kind = seen.kind
        if place:
            draft.place = self.narrower(draft.place, place) if draft.place else place
        draft.date = draft.date or seen.date
        _add(draft.participants, seen.participants)
        _add(draft.absent, seen.absent)
        draft.host = draft.host or seen.host
        draft.title = draft.title or seen.title
        _add(draft.evidence, [seen.sentence.text.strip()])
        draft.sentence = seen.sentence.start
        draft.last = seen.token.i

    def name_of(self, iri: str) -> str:
        actor = self.actors.actors.get(iri) or self.knowledge.by_iri.get(iri)
        return actor.name if actor else iri.rsplit("/", 1)[-1]

    def label(self, kind: str, place: str | None, participants: tuple[str, ...], title: str | None) -> str:
        if title:
            return title
        word = self.cues.labels.get(kind, kind.lower())
        if place:
            return f"{word} in {self.places.get(place, place.rsplit('/', 1)[-1])}"
        names = [self.name_of(p) for p in participants]
        if len(names) == 1:
            return f"{word} of {names[0]}"
        if len(names) > 4:
            names = names[:3] + ["others"]
        return f"{word} between {', '.join(names[:-1])} and {names[-1]}"

    def finish(self, draft: Draft) -> Meeting | None:
        participants = list(draft.participants)
        if draft.host and self.is_person(draft.host):
            _add(participants, [draft.host])
        # A person stands for the side they speak for: "Syldavian officials met
        # Ruritanian leaders" and "X and Y led the talks" are the same two sides.
        people_sides = {self.actors.side(p) for p in participants if self.is_person(p)}
        participants = [p for p in participants if self.is_person(p) or p not in people_sides]
        if not participants:
            return None
        absent = sorted({a for a in draft.absent if a not in participants and a != draft.host})
        self.register(participants + absent + ([draft.host] if draft.host else []))
        members = tuple(sorted(set(participants)))
        return Meeting(
            article=self.article.id,
            kind=draft.kind,
            name=self.label(draft.kind, draft.place, members, draft.title),
            place=draft.place,
            date=draft.date,
            participants=members,
            host=draft.host,
            absent=tuple(absent),
            evidence=tuple(draft.evidence),
        )

    def find(self) -> FoundMeetings:
        meetings: dict[str, Meeting] = {}
        for draft in self.drafts():
            meeting = self.finish(draft)
            if meeting is None:
                continue
            iri = vocab.meeting_iri(meeting.place, meeting.date, meeting.kind, meeting.participants)
            if iri in meetings:
                meeting = _combine(meetings[iri], meeting)
            meetings[iri] = meeting
        found = list(meetings.values())
        used = {m.place for m in found if m.place}
        places = {iri: self.places[iri] for iri in sorted(used)}
        new = {iri: actor for iri, actor in self.actors.actors.items() if iri not in self.given.actors}
        return FoundMeetings(found, places, new)


def _combine(first: Meeting, second: Meeting) -> Meeting:
    """Two drafts that name the same node (same place and date): one meeting."""
    participants = tuple(sorted(set(first.participants) | set(second.participants)))
    return Meeting(
        article=first.article,
        kind=first.kind,
        name=first.name,
        place=first.place,
        date=first.date,
        participants=participants,
        host=first.host or second.host,
        absent=tuple(sorted((set(first.absent) | set(second.absent)) - set(participants))),
        evidence=first.evidence + tuple(e for e in second.evidence if e not in first.evidence),
    )


class FoundMeetings(NamedTuple):
    """What the meetings stage returns for one article."""

    meetings: list[Meeting]
    places: dict[str, str]  # the places the meetings use: IRI -> name
    actors: dict[str, Actor]  # actors no earlier stage listed, named only by the meetings (a demonym)


def find_meetings(doc: Doc, actors: ArticleActors, knowledge: Knowledge, article: Article) -> FoundMeetings:
    """The meetings one article reports, the places they use and the actors
    they name that ``actors`` did not list; ``actors`` is left as it was."""
    return MeetingFinder(doc, actors, knowledge, article).find()
