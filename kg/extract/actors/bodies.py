"""Organisations and states the text names: a known one from the gazetteer,
a state's office as the state ("the Foreign Ministry", "<Demonym> Defence
Ministry"), anyone else minted from the article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg import vocab
from kg.extract.knowledge import Knowledge, KnownActor, alias_key
from kg.extract.syntax import POSSESSIVE, strip_name
from kg.model import Actor

if TYPE_CHECKING:
    from kg.extract.actors.index import ArticleActors


def new_body(index: ArticleActors, name: str, kind: str) -> str:
    """An organisation or country no data file lists, named ``name``."""
    iri = vocab.actor_iri(name)
    if iri not in index.actors:
        index.actors[iri] = Actor(iri=iri, name=name, kind=kind, affiliation=_owning_state(index, name))
    return iri


def body_or_state(index: ArticleActors, ent: Span) -> str | None:
    """The organisation or country an entity names; an unknown nationality or
    religion names no actor by itself."""
    knowledge = index.knowledge
    if ent.ent_id_ and ent.ent_id_ in knowledge.by_iri:
        return index.add_known(knowledge.by_iri[ent.ent_id_])
    name = strip_name(ent.text)
    *rest, last = name.split() or [""]
    if (len(rest) == 1 and last.lower() == "of" and rest[0].lower() in knowledge.words("actors", "state_forms")
            and ent.end < len(ent.doc) and ent.doc[ent.end].ent_id_ in knowledge.by_iri):
        # "the Republic of" cut off by a known name: "the Republic of Ruritania" is Ruritania
        return index.add_known(knowledge.by_iri[ent.doc[ent.end].ent_id_])
    if rest and last in knowledge.words("actors", "body_name_heads"):
        name = " ".join(rest)  # "his Zenda League party": the party's name is "Zenda League"
    known = knowledge.actor_named(name)
    if known:
        return index.add_known(known)
    if ent.label_ == "NORP" or not name or not name[0].isupper():
        return None
    if ent.label_ not in ("ORG", "GPE") or len(name) < 2:
        return None
    if _no_body(knowledge, name):
        return None
    shortened = _named_in_full(index, name, ent.start) or _abbreviated(index, name, ent)
    if shortened is not None:
        return shortened
    state = _office_state(index, ent, name)
    if state is not None:
        return state  # a state's office named by its kind: the state ("the State Department" stays itself)
    place = knowledge.place_by_alias.get(alias_key(name))
    if place is not None and place.part_of:
        # a city, region or venue the gazetteer has as a place ("the Zenda Palace",
        # whatever the recogniser calls it): where things happen, not who acts
        return None
    return new_body(index, name, "Country" if ent.label_ == "GPE" else "Organization")


def _office_state(index: ArticleActors, ent: Span, name: str) -> str | None:
    """The state whose office the name is, if it names only an office's kind."""
    if not _state_office(index.knowledge, name):
        return None
    found = _owning_state(index, name) or _possessor_state(index, ent)
    if found is None and any(word in index.knowledge.words("actors", "unnamed_state_offices") for word in name.lower().split()):
        found = _state_before(index, ent)  # "the Foreign Ministry said"; not "the State Department", one state's
    return found


def _no_body(knowledge: Knowledge, name: str) -> bool:
    """A name the model takes for a body that names none: "Defence" cut from
    "Defence Minister" (a portfolio), "the Truce Agreement" or "the Zenda
    Accords" (a text, not who acts)."""
    head = name.split()[-1].lower()
    texts = knowledge.words("actors", "text_name_heads")
    return name.lower() in knowledge.words("actors", "portfolio_words") or head in texts or head.rstrip("s") in texts


def _named_in_full(index: ArticleActors, name: str, before: int) -> str | None:
    """'the Assembly' after 'the Zenda General Assembly': the one body named in
    the article before ``before`` whose name ends in these words."""
    words = name.lower().split()
    bodies = {iri: index.actors[iri] for i, iri in index.by_token.items() if i < before}
    found = {actor.iri for actor in bodies.values() if actor.kind == "Organization"
             and len(full := actor.name.lower().split()) > len(words) and full[-len(words):] == words}
    return found.pop() if len(found) == 1 else None


def _abbreviated(index: ArticleActors, name: str, ent: Span) -> str | None:
    """'RSF' after 'the Rapid Support Forces (RSF)' or after 'the Rapid Support
    Forces' alone: the body named before whose initials these are, or whose
    name the letters follow in brackets."""
    if not (1 < len(name) <= 6 and name.isalpha() and name.isupper()):
        return None
    doc = ent.doc
    before = index.by_token.get(ent.start - 2) if ent.start >= 2 and doc[ent.start - 1].text == "(" else None
    if before is not None and index.actors[before].kind in ("Organization", "Country"):
        return before  # "the Forces (FARDC)": however the letters spell it; not a person's "(AP)"
    if len(name) < 3:
        return None  # two letters are too many bodies' initials
    found = set()
    for iri in {iri for i, iri in index.by_token.items() if i < ent.start}:
        actor = index.actors[iri]
        words = [w for w in actor.name.split() if w[:1].isupper()]
        if actor.kind in ("Organization", "Country") and len(words) > 1 and "".join(w[0] for w in words) == name:
            found.add(iri)
    return found.pop() if len(found) == 1 else None


def _state_office(knowledge: Knowledge, name: str) -> bool:
    """'Foreign Ministry', '<Demonym> Foreign Ministry': a state's office, its
    name only the office's kind."""
    words = name.lower().split()
    heads = knowledge.words("actors", "state_office_heads")
    generic = knowledge.words("actors", "portfolio_words") | {"of", "for", "and", "the"}
    words = words[1:] if len(words) > 1 and _state_first(knowledge, name) is not None else words
    # "Foreign Ministry", "the Ministry of Foreign Affairs": an office's head word and its portfolio
    return any(word in heads for word in words) and words[0] not in ("of", "for") and all(word in generic | heads for word in words)


def _state_before(index: ArticleActors, ent: Span) -> str | None:
    """An office no state is named for: that of the capital after it ("the
    Foreign Ministry in Strelsau"), else of a wire story's dateline ("STRELSAU
    (Reuters) - … The Foreign Ministry said"), else of the state last the
    subject of a clause, in its sentence or the one before ("Freedonia …
    has positioned itself as a venue. The Foreign Ministry said …")."""
    doc = ent.doc
    placed = [index.knowledge.actor_named(g.text) for c in ent.root.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    dateline = [index.knowledge.actor_named(doc[i].text) for i in sorted(index.dateline)]
    for known in (*placed, *dateline):
        if known is not None and known.kind == "Country":
            return index.add_known(known)
    if placed or index.dateline:
        return None  # in a place, or a story from a place, that is no state we know: not a guess
    start = doc[ent.sent.start - 1].sent.start if ent.sent.start > 0 else ent.sent.start
    for token in reversed(doc[start : ent.start]):
        iri = index.by_token.get(token.i)
        if iri is not None and token.dep_ in ("nsubj", "nsubjpass") and index.actors[iri].kind == "Country":
            return iri
    return None


def _possessor_state(index: ArticleActors, ent: Span) -> str | None:
    """'<Country>'s Foreign Ministry': the state that owns it."""
    owner = next((c for c in ent.root.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    known = index.by_token.get(owner.i)
    if known is not None:
        return known if index.actors[known].kind == "Country" else None
    state = index.knowledge.by_alias.get(alias_key(owner.text))
    return index.add_known(state) if state is not None and state.kind == "Country" else None


def _owning_state(index: ArticleActors, name: str) -> str | None:
    """'<Demonym> Foreign Ministry', '<Country>'s Defence Ministry': a body of that state."""
    state = _state_first(index.knowledge, name)
    return index.add_known(state) if state is not None and len(name.split()) > 1 else None


def _state_first(knowledge: Knowledge, name: str) -> KnownActor | None:
    """The actor a name's first word names by demonym or alias ("<Demonym> …", "<Country>'s …")."""
    first = name.split()[0]
    return knowledge.by_demonym.get(first.lower()) or knowledge.by_alias.get(alias_key(POSSESSIVE.sub("", first)))
