"""Roles and affiliations of people no data file lists, read off the words
around their name: "<Demonym> Foreign Minister Jane Roe", "Roe, the <demonym>
president,", "the head of <Country>'s intelligence".

The gazetteer's own people keep the role and affiliation it gives them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from kg.extract.actors.index import ArticleActors


def find_roles(index: ArticleActors) -> None:
    """Role and affiliation of unlisted people from the words before their name."""
    titles = index.knowledge.words("actors", "titles")
    for mention in index.mentions:
        actor = index.actors.get(mention.actor)
        if not actor or actor.kind != "Person" or actor.known:
            continue
        # every name of the person, the model's or read after a title or in apposition
        ent = index.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        iri = mention.actor
        title = appositive_title(index, ent.root, titles)
        words = _title_phrase(index, ent, title)
        if not words and title is None:
            _counterpart(index, ent.root, iri)
        if words is None:
            continue
        role_words, affiliation = _role_and_body(index, words, iri)
        if affiliation is None and title is not None:
            affiliation = affiliation_after(index, title, iri)
        role = _titled_role(role_words, titles)
        if role or affiliation:
            index.actors[iri] = replace(
                actor, role=actor.role or role, affiliation=actor.affiliation or affiliation
            )


def _counterpart(index: ArticleActors, name: Token, iri: str) -> None:
    """'<Demonym> Foreign Minister Jane Roe and her <demonym> counterpart, John
    Doe': the second holds the first one's role, for the state the demonym names."""
    noun = name.head
    if name.dep_ != "appos" or noun.lemma_.lower() not in index.knowledge.words("actors", "counterpart_nouns"):
        return
    other = index.actors.get(index.by_token.get(noun.head.i, "")) if noun.dep_ == "conj" else None
    states = [s for c in noun.children if c.dep_ in ("amod", "compound") for s in [index.demonym(c) or index.by_token.get(c.i)] if s]
    if other is None or other.kind != "Person" or not other.role or len(states) != 1 or states[0] == other.affiliation:
        return
    actor = index.actors[iri]
    portable = set(other.role.lower().split()) & index.knowledge.words("actors", "counterpart_roles")
    index.actors[iri] = replace(actor, role=actor.role or (other.role if portable else None), affiliation=actor.affiliation or states[0])


def _title_phrase(index: ArticleActors, ent: Span, title: Token | None) -> list[Token] | None:
    """The words that may give a person's role: those before the name in its
    phrase, or the title in apposition ("<Country>'s president, Jane Roe,",
    "Roe, the <demonym> president,"); None where they are more than a title."""
    if title is not None:
        words = [t for t in index.doc[title.left_edge.i : title.i + 1] if t.i not in range(ent.start, ent.end)]
    else:
        words = [t for t in index.doc[ent.root.left_edge.i : ent.start] if t.sent == ent.sent]
        words = _coordinated_title(index, ent.root) + (words or _title_conjunct(index, ent))
    if not words or len(words) > 8 or any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" or t.text in ",;" for t in words):
        return None  # a clause or a list, not a title ("acting Defence Minister" is one)
    return words


def _coordinated_title(index: ArticleActors, name: Token) -> list[Token]:
    """'<Demonym> Deputy Prime Minister and Foreign Minister Jane Roe': the
    parse makes the name a conjunct of the first title; its words are hers too."""
    head = name.head
    if name.dep_ != "conj" or head.i in index.by_token or head.lower_ not in index.knowledge.words("actors", "titles"):
        return []
    joins = [c for c in head.children if c.dep_ == "cc" and c.lower_ == "and"]
    return [*index.doc[head.left_edge.i : head.i + 1], *joins[:1]] if joins else []


def _title_conjunct(index: ArticleActors, ent: Span) -> list[Token]:
    """'<Demonym> Prime Minister Jane Roe and <demonym> President John Doe': the
    parse may make the second title a conjunct of its own, just before the name."""
    name = ent.root
    if name.dep_ != "conj":
        return []
    titles = index.knowledge.words("actors", "titles")
    before = [c for c in name.head.children if c.dep_ == "conj" and c.right_edge.i == ent.start - 1
              and c.i not in index.by_token and c.lower_ in titles]
    return list(index.doc[before[0].left_edge.i : before[0].i + 1]) if before else []


def _role_and_body(index: ArticleActors, words: list[Token], person: str) -> tuple[list[str], str | None]:
    """The role's words, and the first actor among the words as the body the person belongs to."""
    affiliation = None
    role_words: list[str] = []
    titled = index.knowledge.title_words() | index.knowledge.words("actors", "portfolio_words")
    for token in words:
        # Every demonym is listed as an actor, even after the affiliation is found;
        # it names the state before a body the model cut around it ("<Demonym>
        # External Affairs Minister": the state, not a body "<Demonym> External").
        body = index.demonym(token) or index.by_token.get(token.i)
        if body and body != person and affiliation is None:
            affiliation = body
            continue
        if token.i in index.by_token or token.pos_ == "DET" or token.text in ("'s", "’s"):
            continue
        if token.ent_type_ in ("NORP", "GPE", "ORG", "LOC") and token.lower_ not in titled:
            continue  # an origin we cannot name (a demonym), not part of the role
        role_words.append(token.text)
    return role_words, affiliation


def _titled_role(role_words: list[str], titles: frozenset[str]) -> str | None:
    """The words before a name are a role only if they hold a title ("Foreign
    Minister"), not just any modifier ("veteran")."""
    role = " ".join(role_words).strip() or None
    if role and not any(w.lower().rstrip(".") in titles for w in role_words) and role.lower() not in titles:
        return None
    return role


def affiliation_after(index: ArticleActors, title: Token, person: str) -> str | None:
    """'the head of <Country>'s intelligence', 'an adviser to the government':
    the body after the title, or the state that owns it."""
    for prep in title.children:
        if prep.dep_ != "prep" or prep.lower_ not in index.knowledge.words("actors", "title_prepositions"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            owners = [index.by_token.get(c.i) or index.demonym(c) for c in obj.children if c.dep_ in ("poss", "amod", "compound")]
            owners = [o for o in owners if o and o != person]
            if owners:
                return owners[0]
            found = index.by_token.get(obj.i)
            if found and found != person:
                return found
    return None


def appositive_title(index: ArticleActors, name: Token, titles: frozenset[str]) -> Token | None:
    """The title noun in apposition to a name, if any."""
    candidates = [name.head] if name.dep_ == "appos" else []
    candidates += [c for c in name.children if c.dep_ == "appos"]
    for noun in candidates:
        if noun.pos_ == "NOUN" and noun.lower_ in titles and noun.i not in index.by_token:
            return noun
    return None
